"""How people name things on a real district budget: the office by its everyday short name (never read as another
place), a term by '啥叫', English with participles and everyday nouns, a row by words inside its label."""

from __future__ import annotations

import pytest

from tests._pdf_docs import ask, figure_valued as _figure  # noqa: F401 - fixture


@pytest.mark.parametrize("question", ["今年区政府办公室政府采购预算安排了多少？", "2025年区政府办公室政府采购预算多少"])
def test_the_offices_everyday_name_is_the_document_not_another_place(ask, question):
    # putuo-gov-office-2025-unit.pdf 其他相关情况说明: 政府采购预算34万元
    a, = ask("putuo-gov-office-2025-unit", question)
    assert a.status == "answered" and _figure(a, "34.00") is not None, a.text


def test_a_share_naming_the_office_in_its_whole_is_answered(ask):
    a, = ask("putuo-gov-office-2025-unit", "一般公共服务支出占区政府办公室总支出的百分之几？")
    assert "82,096,797.42 ÷ 91,016,775.35 = 90.20%" in a.text, a.text


@pytest.mark.parametrize("question", ["闵行区政府办公室的三公经费", "今年静安区的预算"])
def test_another_district_is_still_refused(ask, question):
    a, = ask("putuo-gov-office-2025-unit", question)
    assert a.status == "not_in_document" and not a.figures, a.text
    assert "单位预算" in a.text, a.text


def test_啥叫_asks_a_definition(ask):
    a, = ask("putuo-gov-office-2025-unit", "啥叫三公经费？")
    assert a.query.parts[0].operation == "definition" and "因公出国（境）费" in a.text, a.text


def test_english_total_budgeted_expenditure_is_the_total(ask):
    a, = ask("putuo-gov-office-2025-unit", "What is the Putuo District Government Office's total budgeted expenditure "
                                           "for 2025?")
    assert a.status == "answered" and _figure(a, "91016775.35") is not None, a.text


def test_english_words_containing_a_change_verb_do_not_ask_a_change(ask):
    # 'enterprises' holds 'rise'; 'supporting' is 支持
    a, = ask("putuo-commerce-2025", "How much is budgeted for supporting small and medium-sized enterprises?")
    assert a.query.parts[0].operation == "value" and _figure(a, "293810000.00") is not None, a.text


def test_a_wording_inside_a_label_keeps_its_中(ask):
    a, = ask("putuo-commerce-2025", "支持中小企业的钱有多少")
    assert a.status == "answered" and _figure(a, "293810000.00") is not None, a.text


@pytest.mark.parametrize("question", ["区商务委有多少在编人员？", "进博会推进专项的钱具体给了哪些企业？"])
def test_what_a_budget_never_lists_is_refused_with_what_it_is(ask, question):
    a, = ask("putuo-commerce-2025", question)
    assert a.status == "not_in_document" and not a.figures, a.text


def test_who_a_subsidy_is_for_is_still_a_purpose_question(ask):
    a, = ask("putuo-commerce-2025", "生命健康专项资助了哪些方面")
    assert a.status == "answered", a.text
