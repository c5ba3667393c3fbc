from __future__ import annotations

from tests.conftest import SEED
from vanban import process_file
from vanban.stages.entities import ner_spans


def test_people_and_places_of_the_seed() -> None:
    doc = process_file(SEED)
    found = {(e.label, e.text) for e in doc.entities}
    assert ("PER", "Nguyễn Long Biên") in found  # "Đ/c Nguyễn Long Biên-UVTV" in Nơi nhận
    assert ("PER", "Mẫu Thái Phương") in found  # the signer
    assert ("LOC", "Bác Ái") in found  # the place of the date line
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text


def test_ner_words_are_mapped_back_to_offsets() -> None:
    line = "Đồng chí Nguyễn Văn Hùng làm việc tại Hà Nội"
    ents = ner_spans(line, 100)
    assert ents, "underthesea found nothing in a plain sentence"
    for e in ents:
        assert line[e.start - 100:e.end - 100] == e.text
    assert any(e.label == "LOC" and e.text == "Hà Nội" for e in ents)
