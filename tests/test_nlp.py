"""A question is cut into words by underthesea's model called directly (`nlp.question_words`),
not through underthesea's package, which takes about a second to load: the words it is searched
by must be those `word_tokenize` gives, on questions officials type and on real plan text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import doc_path
from vanban import nlp
from vanban.store.forms import TOKEN, has_diacritics, query_terms
from vanban.text.normalize import match_key

QUESTIONS = Path(__file__).resolve().parent.parent / "corpus" / "questions" / "dev.jsonl"


def _terms(segmented: str) -> list[str]:
    return TOKEN.findall(match_key(segmented))


def test_the_model_is_found_without_importing_underthesea() -> None:
    assert nlp._segmenter() is not None


def test_questions_are_cut_as_underthesea_cuts_them() -> None:
    # the marked ones: a question typed without diacritics is searched by its syllables
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if has_diacritics(q)]
    assert len(questions) >= 50
    differ = [q for q in questions if _terms(nlp.question_words(q)) != _terms(nlp.word_tokenize(q))]
    assert not differ, differ


@pytest.mark.usefixtures("corpus")
def test_plan_lines_are_cut_as_underthesea_cuts_them() -> None:
    # the task lines of a real plan, codes, dates and list marks included (KH 179/KH-UBND of Đồng Nai)
    text = doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if 40 < len(ln) < 400][:150]
    assert len(lines) == 150
    same = sum(_terms(nlp.question_words(ln)) == _terms(nlp.word_tokenize(ln)) for ln in lines)
    assert same / len(lines) >= 0.95, same


def test_a_question_is_searched_by_its_words() -> None:
    terms = query_terms("Sở Y tế phải làm gì về phòng chống dịch bệnh truyền nhiễm?")
    assert terms[-3:] == [("words", "phòng_chống"), ("words", "dịch_bệnh"), ("words", "truyền_nhiễm")]
    assert ("text", "sở") in terms and ("words", "y_tế") in terms


@pytest.mark.usefixtures("corpus")
def test_person_lines_are_tagged_as_underthesea_tags_them() -> None:
    # the lines the entities stage gives NER (a person cue) in two real documents, and a few edges
    from underthesea import ner

    from vanban.stages.entities import MAX_NER_LINES, cue_lines

    lines = [ln for name in ("laocai_skill_sct/index_only/CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW.txt",
                             "tvpl_tai_lieu_noi_bo/Thong-bao-627-TB-VPCP-2025-Ket-luan-Phien-hop-lan-thu-21-Ban-Chi-dao-du-an-trong-diem-nganh-giao-thong.md")
             for ln, _ in cue_lines(doc_path(name).read_text(encoding="utf-8"), MAX_NER_LINES)]
    assert len(lines) >= 40
    lines += ["", "Hà Nội", "Ông  Nguyễn Văn A,  Phó Chủ tịch UBND tỉnh"]
    assert nlp._taggers() is not None
    differ = [ln for ln in lines if nlp.ner(ln) != ner(ln)]
    assert not differ, differ


def test_features_are_underthesea_s_features() -> None:
    # every template the three models use, at every position of a line with a two-syllable word,
    # a capital, a number and a double space (an empty syllable is no title)
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.ner.tagged_feature import word2features

    template = [*CRFNERPredictor.Instance().transformer.template, "T[0].isdigit", "T[-1,1][2].lower"]
    rows = [("Ông", "Nc", "B-NP", "X"), ("Putin  Đạt", "Np", "B-NP", "X"), ("ca ngợi", "V", "B-VP", "X"),
            ("2026", "M", "B-NP", "X"), (" x", "N", "B-NP", "X")]
    ours = nlp.tagged_features(rows, nlp.parse_templates(template))
    assert ours == [word2features(rows, i, template) for i in range(len(rows))]


@pytest.mark.usefixtures("corpus")
def test_the_text_s_own_dictionary_words_give_the_whole_dictionary_s_features() -> None:
    # a question's featurizer holds only the dictionary's words among its runs of one to three
    # tokens: the features must be those of the whole dictionary, on the dev questions (marked or
    # not, capitals included) and a real plan's task lines (KH 179/KH-UBND of Đồng Nai)
    from underthesea_core import CRFFeaturizer

    model = nlp._segmenter()
    assert model is not None
    features, dictionary, _ = model
    whole = CRFFeaturizer(features, dictionary)
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md").read_text(encoding="utf-8")
    lines = [*questions, *[ln for ln in text.splitlines() if 40 < len(ln) < 400][:150], "Sở Y Tế", "UBND TỈNH LÀO CAI"]
    differ = []
    for line in lines:
        tokens = [[t] for t in nlp._TOKENS.findall(line)]
        own = CRFFeaturizer(features, nlp._known_runs([t[0] for t in tokens], dictionary))
        if own.process([tokens]) != whole.process([tokens]):
            differ.append(line)
    assert len(lines) > 200 and not differ, differ
    assert nlp._span("T[-2,0].is_in_dict") == 3 and nlp._span("T[0].is_in_dict") == 1
