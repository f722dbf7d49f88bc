"""Questions outside the document are refused by its own metadata; surface variation is read (issue 10)."""

from __future__ import annotations

import pytest

from assistant import scope
from assistant.normalize import normalize


@pytest.mark.parametrize(("question", "slot", "named"), [
    pytest.param("威海市财政局今年的三公经费是多少", "department", "财政局", id="another-department-same-city"),
    pytest.param("教育局的项目支出有多少", "department", "教育局", id="another-department"),
    pytest.param("青岛市人社局2024年的预算是多少", "region", "青岛市", id="another-city"),
    pytest.param("What is the budget in Qingdao?", "region", "Qingdao", id="another-city-english"),
    pytest.param("2021年的三公经费是多少", "year", "2021", id="another-year"),
    pytest.param("明年预算会增加吗", "year", "以后年度", id="next-year"),
])
def test_a_question_about_another_department_place_or_year_is_outside(question, slot, named, seed_doc):
    years = [2021] if "2021" in question else []
    problem = scope.check(seed_doc, question, years)
    assert problem is not None and problem.slot == slot and named in problem.reason


@pytest.mark.parametrize("question", [
    pytest.param("人社局2024年的三公经费是多少", id="abbreviated-own-department"),
    pytest.param("社会保险经办机构的项目支出是多少", id="a-row-that-ends-like-an-office"),
    pytest.param("人事考试中心是本部门的单位吗？", id="own-unit"),
    pytest.param("城市国际化相关工作人社局管不管？", id="own-department-after-a-long-phrase"),
    pytest.param("只算局机关的呢？", id="the-bureau-s-own-agency"),
    pytest.param("2023年三公经费是多少", id="last-year-stated-by-the-document"),
])
def test_the_document_s_own_names_and_years_are_inside(question, seed_doc):
    years = [2023] if "2023" in question else []
    assert scope.check(seed_doc, question, years) is None


def test_the_variant_refuses_the_seed_s_city(variant_doc, seed_doc):
    assert scope.check(variant_doc, f"{seed_doc.region}人社局的三公经费", []).slot == "region"


@pytest.mark.parametrize(("typed", "read"), [
    pytest.param("今年部門預算總額是多少", "今年部门预算总额是多少", id="traditional"),
    pytest.param("三工经费为何增加", "三公经费为何增加", id="homophone-typo"),
    pytest.param("２０２４年公务接待费", "2024年公务接待费", id="full-width-digits"),
])
def test_surface_variation_is_read_as_the_document_words(typed, read, seed_doc):
    n = normalize(seed_doc, typed)
    assert n.text == read
    assert n.corrections, "a correction is shown to the user"


def test_a_word_the_document_uses_is_never_corrected(seed_doc):
    n = normalize(seed_doc, "事业单位的公务接待费是多少")
    assert n.text == "事业单位的公务接待费是多少" and n.corrections == []


def test_a_demonstrative_before_another_office_does_not_hide_it(seed_doc):
    problem = scope.check(seed_doc, f"那{seed_doc.region}教育局的项目支出呢？", [])
    assert problem is not None and problem.slot == "department" and "教育局" in problem.reason


def test_staff_numbers_are_not_in_a_budget(seed_doc):
    assert scope.check(seed_doc, "人事考试中心有多少工作人员", []).slot == "kind"


@pytest.mark.parametrize("question", ["属于财政局的预算是多少", "包括商务局在内的部门有哪些"])
def test_a_verb_before_another_office_does_not_hide_it(seed_doc, question):
    from assistant import scope

    assert scope.other_organisation(seed_doc, question) in ("财政局", "商务局")


def test_the_departments_short_name_typed_with_a_homophone_is_its_own(seed_doc):
    from assistant import scope

    assert scope.other_organisation(seed_doc, "人设局接待费多少") is None  # 人设局 sounds like 人社局
    assert scope.other_organisation(seed_doc, "财政局接待费多少") == "财政局"


@pytest.mark.parametrize("question, office", [("大数据局的三公经费多少", "大数据局"), ("出入境管理局的三公经费多少", "出入境管理局")])
def test_an_office_whose_name_holds_a_verbs_character_is_still_another_office(seed_doc, question, office):
    from assistant import scope

    assert scope.other_organisation(seed_doc, question) == office


@pytest.mark.parametrize("typed, read", [
    ("单位gjj今年预算多少", "公积金"), ("sgjf多少", "三公经费"), ("huiyi费 一共 多少", "会议费"),
    ("zhufang公积金多少", "住房公积金"),
])
def test_a_word_typed_in_pinyin_is_read_as_the_documents_word(typed, read, seed_doc):
    n = normalize(seed_doc, typed)
    assert read in n.text and not any(ch.isascii() and ch.isalpha() for ch in n.text)


def test_english_words_inside_a_chinese_question_are_not_read_as_pinyin(seed_doc):
    assert normalize(seed_doc, "三公经费 total多少").text == "三公经费 total多少"
    assert normalize(seed_doc, "what is the total budget").text == "what is the total budget"
