"""Failure kinds of issue 10, each fixed by one general mechanism: follow-ups that name their own subject or enumerate,
'X里Y' asking inside a place, units counted in the document's own word, what a 部门预算 never holds.

# SEE: issue 10 (understanding that generalizes)
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant import scope
from assistant.core import Assistant


@pytest.fixture(scope="module")
def assistant(seed_doc):
    return Assistant(seed_doc)


def turns(assistant, *questions):
    conv = assistant.new_conversation()
    return [assistant.ask(q, conv) for q in questions]


def values(answer) -> set[Decimal]:
    return {f.value for f in answer.figures}


def test_a_follow_up_naming_its_own_subject_leaves_the_previous_table(assistant):
    _, total = turns(assistant, "三公经费为什么涨了", "今年的支出总预算比上年多多少")
    assert total.status == "answered"
    assert Decimal("4281.49") in values(total), total.text  # the grand total's change, not a 三公 row
    assert "增加" in total.text


def test_a_measure_follow_up_after_an_item_without_that_column_is_its_own_subject(assistant):
    _, project = turns(assistant, "公务接待费预算多少", "那项目支出呢")
    assert Decimal("48626.00") in values(project), project.text
    assert Decimal("14.39") not in values(project)


def test_a_measure_follow_up_after_a_row_with_that_column_reads_the_row(assistant):
    _, personnel = turns(assistant, "劳动保障监察花多少钱", "人员支出呢")
    assert Decimal("268.22") in values(personnel), personnel.text


def test_an_enumerating_follow_up_asks_the_same_of_each(assistant):
    _, both = turns(assistant, "劳动保障监察花多少钱", "基本支出和项目支出呢")
    assert {Decimal("300.92"), Decimal("50.00")} <= values(both), both.text
    assert len(both.query.parts) == 2


@pytest.mark.parametrize(("question", "figure"), [
    pytest.param("“三公”经费当中公务接待花多少", "14.39", id="inside-three-public"),
    pytest.param("政府采购中服务有多少", "113.90", id="inside-procurement"),
])
def test_a_wording_asked_inside_a_place_is_the_subject(assistant, question, figure):
    a = assistant.ask(question)
    assert Decimal(figure) in values(a), a.text


def test_a_measure_inside_a_row_stays_a_column_of_the_row(assistant):
    a = assistant.ask("社会保障和就业支出中基本支出多少")
    assert a.status == "answered" and a.figures, a.text
    assert Decimal("4825.95") not in values(a), "the row's 基本支出, not the whole document's"


def test_units_are_counted_in_the_document_s_word_and_subordinates_without_the_bureau(assistant):
    a = assistant.ask("一共有多少个预算单位")
    assert Decimal(7) in values(a) and "二级预算单位" in a.text, a.text
    sub = assistant.ask("人社局的下属单位有几个")
    assert Decimal(6) in values(sub) and "7 − 1 = 6" in sub.text, sub.text
    assert any(f.basis == "computed" and f.value == 6 for f in sub.figures)


def test_a_unit_of_the_department_is_confirmed(assistant):
    a = assistant.ask("人才创新发展院属于人社局吗")
    assert a.text.startswith("是。") and "人才创新发展院" in a.text.splitlines()[0], a.text


@pytest.mark.parametrize("question", [
    pytest.param("局里的车是哪个品牌", id="brand"),
    pytest.param("人社局办公地址在哪", id="address"),
    pytest.param("最低工资现在是多少", id="policy-standard"),
    pytest.param("我退休后每个月能领多少", id="own-benefit"),
    pytest.param("科员一个月工资多少", id="a-person-s-pay"),
])
def test_what_a_department_budget_never_holds_is_outside(assistant, seed_doc, question):
    assert scope.check(seed_doc, question, []) is not None
    assert assistant.ask(question).status == "not_in_document"


def test_a_provincial_office_is_another_department(seed_doc):
    problem = scope.check(seed_doc, "省财政厅今年的三公经费是多少", [])
    assert problem is not None and problem.slot == "department"


@pytest.mark.parametrize("question", [
    pytest.param("服务大厅一年接待多少人次", id="a-hall-is-not-an-office"),
    pytest.param("人社局还加挂了哪些牌子", id="signboards-are-organisation"),
])
def test_words_near_those_kinds_stay_inside(seed_doc, question):
    assert scope.check(seed_doc, question, []) is None


def test_an_english_definition_gets_an_english_sentence_around_the_quote(assistant):
    a = assistant.ask("What does project expenditure mean?")
    assert a.status == "answered" and a.text.startswith("The document's glossary defines 项目支出 as: “"), a.text
    assert a.citations and a.citations[0].section == "名词解释"


def test_an_english_question_about_composition_lists_the_parts(assistant):
    a = assistant.ask("What is the three public budget made up of?")
    assert {Decimal("10.60"), Decimal("6.00"), Decimal("14.39")} <= values(a), a.text
    assert a.query.parts[0].operation == "list"


@pytest.mark.parametrize("question, values", [
    ("How much is allocated to basic expenditure and to project expenditure respectively?", ["4825.95", "48626.00"]),
    ("What are the hospitality and overseas travel budgets, respectively?", ["14.39", "10.60"]),
])
def test_an_english_enumeration_is_answered_item_by_item_in_english(assistant, question, values):
    a = assistant.ask(question)
    assert [str(f.value) for f in a.figures if str(f.value) in values] == values, a.text
    assert "为" not in a.text.splitlines()[0] and a.language == "en", a.text


@pytest.mark.parametrize("question", ["What is the combined budget of administration and social insurance agencies?",
                                      "Administration plus social insurance agencies: how much together?"])
def test_english_sum_words_add_the_items(assistant, question):
    a = assistant.ask(question)
    assert any(f.value == Decimal("24301.57") for f in a.figures) and "13,834.27 + 10,467.30" in a.text, a.text


@pytest.mark.parametrize("question, answer", [
    ("仲裁院属于人社局吗", "是。威海市劳动人事争议仲裁院是"),  # a shortened name: the tail of the unit's name
    ("考试中心是人社局的单位吗", "是。威海市人事考试中心是"),
    ("哪个下属单位负责劳动人事争议仲裁？", "名称相符的二级预算单位是威海市劳动人事争议仲裁院"),  # all but its kind
])
def test_a_unit_named_in_part_is_found_among_the_budget_units(assistant, question, answer):
    a = assistant.ask(question)
    assert a.text.startswith(answer), a.text


def test_a_shared_word_is_not_a_unit_name(assistant):
    "社会保险经办机构 (a function row) shares 社会保险 with 社会保险事业中心 but names no unit"
    a = assistant.ask("社会保险经办机构这个科目，基本支出和项目支出各是多少？")
    assert "名称相符" not in a.text and "1,064.30" in a.text, a.text


def test_classifying_an_item_is_not_a_question_about_units(assistant):
    a = assistant.ask("公务接待费属于三公经费吗")
    assert "二级预算单位" not in a.text and "14.39" in a.text, a.text


def test_a_unit_asked_whether_it_is_inside_the_budget_is_confirmed(assistant):
    a = assistant.ask("市人事考试中心也在这个部门预算里面吗")
    assert a.text.startswith("是。威海市人事考试中心"), a.text


def test_an_english_phrase_joining_two_words_of_one_item_stays_one_item(assistant):
    a = assistant.ask("How much is vehicle operation and maintenance?")
    assert [str(f.value) for f in a.figures][:1] == ["6.00"] and "维修" not in a.text, a.text
