"""Encodings decided on evidence, on the seed plan as each encoding writes it.

The 8-bit copies are made from the seed's real text with the encodings' own tables: Python's
cp1258 codec for Windows-1258 (base letter and tone mark as two bytes, as Word writes it),
our reviewed TCVN3 and VNI tables (data/legacy_encodings.json, cross-checked with iconv)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, SEED
from vanban.extract import process_file
from vanban.text.encoding import decode

TABLES = json.loads((ROOT / "pipeline" / "vanban" / "data" / "legacy_encodings.json").read_text(encoding="utf-8"))
TONES = "\u0300\u0301\u0303\u0309\u0323"
TEXT = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))


def to_cp1258(text: str) -> bytes:
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def to_tcvn3(text: str) -> bytes:
    table = {v: k for k, v in TABLES["tcvn3"]["map"].items()}
    return "".join(table.get(c, c) for c in text.lower()).encode("cp1252")  # VN3 has no toned capitals


def to_vni(text: str) -> bytes:
    table = {v: k for k, v in {**TABLES["vni"]["singles"], **TABLES["vni"]["pairs"]}.items()}
    return "".join(table.get(c, c) for c in text).encode("cp1252")


def with_bad_bytes(data: bytes, n: int = 6) -> tuple[bytes, list[int]]:
    """`n` letters, spread over the file, each replaced by one stray byte 0xE9 (a Latin-1 "é"
    pasted into UTF-8): the damage a bad copy leaves."""
    out, places, pos = bytearray(data), [], 0
    for k in range(1, n + 1):
        i = max(pos, k * len(data) // (n + 1))
        while out[i] < 0xC2:  # the next multi-byte letter
            i += 1
        j = i + 1
        while j < len(out) and 0x80 <= out[j] < 0xC0:
            j += 1
        out[i:j] = b"\xe9"
        places.append(i)
        pos = i + 1
    return bytes(out), places


@pytest.fixture(scope="module")
def clean() -> dict:
    return process_file(SEED).to_record()


def test_utf8_vietnamese_is_utf8_without_a_warning() -> None:
    # Most of its bytes are >= 0x80: high bytes alone prove nothing.
    data = SEED.read_bytes()
    assert sum(b >= 0x80 for b in data) > 2000
    assert decode(data).encoding == "utf-8" and not decode(data).warnings


def test_six_bad_bytes_stay_utf8_replaced_and_said(tmp_path: Path, clean: dict) -> None:
    data, places = with_bad_bytes(SEED.read_bytes())
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    record = process_file(path).to_record()
    assert len(record["assignments"]) == len(clean["assignments"]) == 19
    assert record["text"].count("\ufffd") == 6
    warning = next(w for w in record["warnings"] if "invalid" in w)
    assert "6 invalid byte(s)" in warning
    first_line = data[: places[0]].count(b"\n") + 1
    assert f"line {first_line} (byte {places[0]})" in warning
    # Everything but the six letters is the clean text.
    assert len(record["text"]) == len(clean["text"])
    assert sum(a != b for a, b in zip(record["text"], clean["text"])) == 6


def test_windows_1258_copy_reads_right(tmp_path: Path, clean: dict) -> None:
    path = tmp_path / "cp1258.txt"
    path.write_bytes(to_cp1258(TEXT))
    record = process_file(path).to_record()
    assert record["text"] == clean["text"]
    assert len(record["assignments"]) == 19
    assert any("Windows-1258" in w for w in record["warnings"])
    assert not any("TCVN3" in w.split("(")[0] or "VNI" in w.split("(")[0] for w in record["warnings"])


@pytest.mark.parametrize(("encode", "name", "expected"), [
    (to_cp1258, "cp1258", TEXT), (to_tcvn3, "tcvn3", TEXT.lower()), (to_vni, "vni", TEXT)])
def test_each_8bit_encoding_is_told_apart_by_evidence(encode, name: str, expected: str) -> None:
    decoded = decode(encode(TEXT))
    assert decoded.encoding == name
    assert unicodedata.normalize("NFC", decoded.text) == expected
    assert "marked words are Vietnamese syllables" in decoded.warnings[0]


def test_tcvn3_and_vni_copies_give_the_assignments(tmp_path: Path, clean: dict) -> None:
    path = tmp_path / "vni.txt"
    path.write_bytes(to_vni(TEXT))
    assert len(process_file(path).to_record()["assignments"]) == len(clean["assignments"])


def test_latin1_is_not_called_vietnamese() -> None:
    decoded = decode("Le décret précise les modalités d'application. Café, naïve, résumé.\n".encode("latin-1") * 5)
    assert decoded.encoding == "cp1252" and "no Vietnamese 8-bit encoding fits" in decoded.warnings[0]


def test_every_text_file_of_the_corpus_is_utf8(corpus: Path) -> None:
    files = [p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md")]
    assert len(files) > 50
    wrong = [(p.name, d.encoding) for p in files if (d := decode(p.read_bytes())).encoding != "utf-8" or d.warnings]
    assert wrong == []
