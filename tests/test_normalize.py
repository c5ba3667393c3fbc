from __future__ import annotations

import re
import unicodedata
from array import array

from tests.conftest import SEED, doc_path
from vanban.text.normalize import apply_edits, fold, fold_tones, match_key, normalize, strip_diacritics


def _check_map(raw: str, text: str, to_source: array) -> None:
    assert len(text) == len(to_source)
    assert list(to_source) == sorted(to_source), "the offset map must be monotonic"
    for i, ch in enumerate(text):
        src = raw[to_source[i]]
        # Unchanged characters map to themselves; rewritten ones to what they replaced.
        if ch == src:
            continue
        assert ch.isspace() or unicodedata.normalize("NFD", ch)[0] == unicodedata.normalize("NFD", src)[0] or not src.isalnum() or ch.isascii()


def test_apply_edits_keeps_offsets() -> None:
    text, mapping = apply_edits("abc\n\ndef", array("l", range(8)), [(3, 5, " ")])
    assert text == "abc def"
    assert list(mapping) == [0, 1, 2, 3, 5, 6, 7]


def test_decomposed_and_precomposed_mixed_in_one_text() -> None:
    raw = "Điều 1. " + unicodedata.normalize("NFD", "điều khoản") + " và điều khoản"
    text, to_source, warnings = normalize(raw)
    assert text == "Điều 1. điều khoản và điều khoản"
    assert unicodedata.is_normalized("NFC", text)
    assert any("NFC" in w for w in warnings)
    _check_map(raw, text, to_source)


def test_real_decomposed_document_becomes_nfc(corpus) -> None:
    raw = doc_path("vbpl_vn/ND-42-2026-ND-CP_LamNghiepKiemLam.txt").read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", raw), "the corpus file is known to hold decomposed text"
    text, to_source, _ = normalize(raw)
    assert unicodedata.is_normalized("NFC", text)
    _check_map(raw, text, to_source)


def test_cyrillic_homoglyph_in_a_code_is_latin_after_normalisation(corpus) -> None:
    raw = doc_path("vbpl_vn/TT-06-2026-TT-BTC_CyrillicC-in-symbol.txt").read_text(encoding="utf-8")
    assert "TT-BTС" in raw  # Cyrillic С in the source
    text, _, warnings = normalize(raw)
    assert "06/2026/TT-BTC" in text and "TT-BTС" not in text
    assert any("homoglyph" in w for w in warnings)


def test_soft_hyphen_nbsp_and_zero_width() -> None:
    text, _, _ = normalize("Ủy\u00a0ban nhân\u00ad dân\u200b tỉnh")
    assert text == "Ủy ban nhân dân tỉnh"


def test_hard_wrapped_seed_lines_join_into_paragraphs() -> None:
    raw = SEED.read_text(encoding="utf-8")
    text, to_source, _ = normalize(raw)
    # The seed's title and its first paragraph are wrapped over several lines with blank lines between.
    assert ("Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị, về tăng cường công tác chăm sóc, "
            "giáo dục và bảo vệ trẻ em đáp ứng yêu cầu phát triển đất nước phồn vinh, hạnh phúc\n") in text
    assert "của Ban Thường vụ Tỉnh uỷ, về triển khai thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị" in text
    # Headings and numbered items stay on their own lines.
    assert "\nI. MỤC ĐÍCH, YÊU CẦU\n" in text
    assert "\n1. Mục đích\n" in text
    _check_map(raw, text, to_source)


def test_code_split_by_a_line_break_is_rejoined() -> None:
    text, _, _ = normalize("Thực hiện Chỉ thị số 28-\nCT/TW của Bộ Chính trị")
    assert "28-CT/TW" in text


def test_lines_that_stand_alone_are_not_joined() -> None:
    raw = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nHà Nội, ngày 12 tháng 6 năm 2025\n"
    text, _, _ = normalize(raw)
    assert text.split("\n")[:4] == raw.split("\n")[:4]


def test_tone_folding_is_length_preserving_and_matches_both_styles() -> None:
    for old, new in [("Ủy ban", "Uỷ ban"), ("hòa bình", "hoà bình"), ("Tỉnh ủy", "Tỉnh uỷ"), ("khỏe", "khoẻ")]:
        assert fold_tones(new) == old
        assert len(fold_tones(new)) == len(new)
    # "qu" and closed syllables are not diphthongs to fold.
    assert fold_tones("quý hoàn toàn") == "quý hoàn toàn"
    assert match_key("UỶ BAN") == match_key("ỦY BAN")
    assert fold(" Ủy  ban\nnhân dân ") == fold("uỷ ban nhân dân")


def test_strip_diacritics_keeps_length() -> None:
    s = "Đảng ủy xã Đắk Lắk"
    assert strip_diacritics(s) == "Dang uy xa Dak Lak"
    assert len(strip_diacritics(s)) == len(s)


def test_strip_diacritics_is_each_characters_decomposed_base() -> None:
    # the translation table is filled lazily: every character, Vietnamese or not, must give
    # what decomposing it alone gives (a combining mark stays, Hangul keeps its first jamo)
    chars = "".join(chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]) + "한ελ\ufb01"
    want = "".join("d" if c == "đ" else "D" if c == "Đ" else unicodedata.normalize("NFD", c)[0] for c in chars)
    assert strip_diacritics(chars) == want
    assert strip_diacritics("Nghị định a\u0301") == "Nghi dinh a\u0301"


def test_table_rows_stay_one_per_line() -> None:
    raw = "STT | Nhiệm vụ | Cơ quan chủ trì\n1 | Xây dựng kế hoạch triển khai | Sở Tư pháp\n2 | Tuyên truyền | Sở Văn hóa\n"
    text, _, _ = normalize(raw)
    assert text.count("\n") == 3


def test_every_homoglyph_example_is_repaired() -> None:
    # The data's examples: a Cyrillic С in a circular's symbol (TT 06/2026/TT-BTC, vbpl) and the
    # fraction slash Tesseract reads in the scan of TT 23/2024/TT-BCT.
    from vanban.rules import load_rules

    for raw, fixed in load_rules("homoglyphs")["examples"]:
        text, _, warnings = normalize(f"Căn cứ Thông tư số {raw} ngày 07/11/2024;")
        assert text == f"Căn cứ Thông tư số {fixed} ngày 07/11/2024;" and warnings


def test_tone_pairs_fold_as_their_examples_say() -> None:
    from vanban.rules import load_rules

    for printed, folded in load_rules("text")["tone_pairs"]["examples"]:
        assert fold_tones(printed) == folded, printed


def test_line_starts_index_the_joined_text() -> None:
    from vanban.text.lines import line_starts

    for text in ["", "một", "Điều 1.\nChương II\n", "a\n\nb"]:
        lines = text.split("\n")
        assert [text[s:s + len(line)] for s, line in zip(line_starts(lines), lines, strict=True)] == lines


def test_str_split_white_space_is_re_s() -> None:
    # fold() and the section headings squeeze white space with str.split, not re.sub(r"\s+"):
    # the same characters over the whole of Unicode (NBSP, ideographic space, U+001C-U+001F)
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]
    line = " Mục\u00a0tiêu\u3000tổng\x1cquát :\tNâng cao \n"
    assert " ".join(line.split()) == re.sub(r"\s+", " ", line).strip() == "Mục tiêu tổng quát : Nâng cao"


def test_identity_maps_are_fresh_copies() -> None:
    from vanban.text.normalize import identity_map

    for n in (0, 1, 7, 70_000, 3):
        assert identity_map(n) == array("l", range(n))
    mine = identity_map(10)
    mine[0] = 99  # apply_edits and the readers own the map they are given
    assert identity_map(10)[0] == 0


def test_a_markdown_blank_line_ends_its_paragraph(corpus) -> None:
    # In markdown a blank line is a paragraph end, not a gap that the extraction put between
    # wrapped lines: the heading "**2. Hạ tầng\nsố**" (KH 144/KH-UBND Bắc Ninh) stays its own
    # line above "Phát triển hạ tầng số nhanh, …", its own wrap still joined.
    from vanban import process_file

    lines = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-144-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Bac-Ninh-2026-2030.md")).text.split("\n")
    at = lines.index("2. Hạ tầng số")
    assert lines[at + 2].startswith("Phát triển hạ tầng số nhanh, đồng bộ, hiện đại")
