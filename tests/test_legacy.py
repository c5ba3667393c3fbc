from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from vanban.text.legacy import Edit, detect_encoding, legacy_edits

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TABLES = json.loads((ROOT / "pipeline" / "vanban" / "data" / "legacy_encodings.json").read_text(encoding="utf-8"))


def apply(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for start, end, replacement in edits:
        out += [text[pos:start], replacement]
        pos = end
    return "".join(out) + text[pos:]


def decode(text: str) -> tuple[str | None, str]:
    encoding, edits = legacy_edits(text)
    starts = [s for s, _, _ in edits]
    assert starts == sorted(starts)
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in zip(edits, edits[1:])), "edits overlap"
    return encoding, apply(text, edits)


# spec/DOMAIN.md 4.3, both example tables (TCVN3 generated with iconv, VNI round-tripped).
TCVN3_ROWS = [
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("QuyÕt ®Þnh", "Quyết định"),
    ("KÕ ho¹ch", "Kế hoạch"),
    ("N¬i nhËn", "Nơi nhận"),
    ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
]
VNI_ROWS = [
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("UÛy ban nhaân daân", "Ủy ban nhân dân"),
    ("Quyeát ñònh", "Quyết định"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
]


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3_ROWS)
def test_domain_rows_tcvn3(legacy: str, unicode: str) -> None:
    assert decode(legacy) == ("tcvn3", unicode)
    assert detect_encoding(legacy) == "tcvn3"


@pytest.mark.parametrize(("legacy", "unicode"), VNI_ROWS)
def test_domain_rows_vni(legacy: str, unicode: str) -> None:
    assert decode(legacy) == ("vni", unicode)
    assert detect_encoding(legacy) == "vni"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_examples_kept_in_the_data_file_decode(encoding: str) -> None:
    for legacy, unicode in TABLES[encoding]["examples"]:
        assert decode(legacy) == (encoding, unicode)


def test_soft_hyphen_is_tcvn3_u_horn() -> None:
    # 0xAD is "ư": stripping soft hyphens before decoding would turn Thương into Thong.
    assert decode("Th\u00ad¬ng m¹i vµ ®Çu t\u00ad") == ("tcvn3", "Thương mại và đầu tư")


def test_all_caps_tcvn3_comes_out_lowercase() -> None:
    # .VnTimeH headers are typed with lowercase codes; decoding does not guess the case back.
    assert decode("céng hoµ x· héi chñ nghÜa viÖt nam") == ("tcvn3", "cộng hoà xã hội chủ nghĩa việt nam")


# --- round trips through our own tables ----------------------------------------------------------

TCVN3_ENCODE = {v: k for k, v in TABLES["tcvn3"]["map"].items()}
VNI_ENCODE = {v: k for k, v in {**TABLES["vni"]["singles"], **TABLES["vni"]["pairs"]}.items()}

SENTENCES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Ủy ban nhân dân tỉnh giao Sở Công Thương chủ trì, phối hợp với các sở, ngành liên quan "
    "tổ chức thực hiện, báo cáo kết quả trước ngày 30 tháng 11 hằng năm.",
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Giám đốc các sở chịu trách nhiệm thi hành.",
    "Tăng cường công tác quản lý, kiểm tra, giám sát việc sử dụng vật liệu nổ công nghiệp; "
    "xử lý nghiêm các trường hợp vi phạm theo quy định của pháp luật.",
    "Nơi nhận: như Điều 3; Thường trực HĐND tỉnh; lưu VT, CN.",
]


def to_tcvn3(text: str) -> str:
    # VN3 has no capitals with tones: the generated text is lowercase, as .VnTimeH text decodes.
    return "".join(TCVN3_ENCODE.get(c, c) for c in text.lower())


def to_vni(text: str) -> str:
    return "".join(VNI_ENCODE.get(c, c) for c in text)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip_tcvn3(sentence: str) -> None:
    legacy = to_tcvn3(sentence)
    assert legacy != sentence.lower()
    assert decode(legacy) == ("tcvn3", sentence.lower())


@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip_vni(sentence: str) -> None:
    legacy = to_vni(sentence)
    assert legacy != sentence
    assert decode(legacy) == ("vni", sentence)


def test_round_trip_whole_seed_document() -> None:
    text = unicodedata.normalize("NFC", (ROOT / "corpus" / "seed" / "KH-HU-BacAi-2024-03_CT28.txt").read_text(encoding="utf-8"))
    assert decode(to_vni(text)) == ("vni", text)
    assert decode(to_tcvn3(text)) == ("tcvn3", text.lower())


# --- per-run detection ---------------------------------------------------------------------------


def test_mixed_paragraph_only_the_tcvn3_run_changes() -> None:
    before = "Thực hiện chỉ đạo của Tỉnh ủy, "
    run = "C¨n cø KÕ ho¹ch sè 12/KH-UBND ngµy 5 th¸ng 3 n¨m 2024 cña Uû ban nh©n d©n tØnh"
    after = ", các cơ quan, đơn vị triển khai thực hiện."
    text = before + run + after
    encoding, edits = legacy_edits(text)
    assert encoding == "tcvn3"
    assert all(len(before) <= s and e <= len(before) + len(run) for s, e, _ in edits)
    assert apply(text, edits) == (
        before + "Căn cứ Kế hoạch số 12/KH-UBND ngày 5 tháng 3 năm 2024 của Uỷ ban nhân dân tỉnh" + after
    )


def test_paragraph_with_both_encodings() -> None:
    text = "Kính gửi: Sở Tài chính. QuyÕt ®Þnh sè 5 vµ Quyeát ñònh soá 6 cuûa UBND."
    encoding, edits = legacy_edits(text)
    assert encoding in ("tcvn3", "vni")
    assert apply(text, edits) == "Kính gửi: Sở Tài chính. Quyết định số 5 và Quyết định số 6 của UBND."


@pytest.mark.parametrize(
    "text",
    [
        "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc",
        "Lê Thị Hòa; Nguyễn Văn Tú; Hoà Bình; thuỷ lợi; khoá học; có, còn, tôi, là",
        "café crème à la française; Müller, São Paulo, naïve, Zürich, señor",
        "Giá trị là 5 µm và 10 °C; 2 × 3 ÷ 4; © 2024 ®; «trích dẫn»",
        "TCVN 5712:1993 and plain ASCII only",
        "",
    ],
)
def test_unicode_and_foreign_text_untouched(text: str) -> None:
    assert legacy_edits(text) == (None, [])
    assert detect_encoding(text) is None


def corpus_texts() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_no_false_positive_on_the_real_corpus() -> None:
    files = corpus_texts()
    assert len(files) > 50
    hits = {}
    for path in files:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        encoding, edits = legacy_edits(text)
        if edits:
            hits[str(path.relative_to(CORPUS))] = (encoding, [(text[s:e], r) for s, e, r in edits[:5]])
    assert hits == {}


def test_syllable_shape_reads_its_examples() -> None:
    from vanban.rules import load_rules
    from vanban.text.legacy import is_syllable

    shape = load_rules("syllables")
    assert all(is_syllable(w) for w in shape["examples"]), shape["examples"]
    assert not any(is_syllable(w) for w in shape["counter_examples"]), shape["counter_examples"]
