"""Everyday wordings on a real PDF: changes its narrative states under another name of the same amount, buying a thing."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tools as T
from tests._pdf_docs import ask, figure_valued as _figure, pdf_doc  # noqa: F401 - fixtures


def test_the_totals_change_comes_from_a_statement_of_the_same_amount_across_units(pdf_doc):
    # the table's total is in 元, the narrative's statements in 万元; the total's own statement gives no change
    r = T.change(pdf_doc("putuo-gov-office-2025"), "总支出")
    assert r.ok and r.value == Decimal("-2389.52") and r.unit == "万元"
    assert "支出" in r.label  # of the statements with that amount and change, the one worded like the item


def test_why_in_colloquial_words_gets_the_change_and_the_stated_reason(ask):
    (answer,) = ask("putuo-gov-office-2025", "今年财政拨款比去年少了多少？咋回事？")
    assert any(f.value == Decimal("-2389.52") for f in answer.figures)
    assert "项目调整" in answer.text


def test_columns_offered_as_alternatives_are_each_shown(ask):
    (answer,) = ask("putuo-gov-office-2025", "一般行政管理事务安排了多少？是基本支出还是项目支出？")
    assert [o.measure for o in answer.query.parts[0].operands] == ["基本支出", "项目支出"]
    assert any(f.value == Decimal("46140000.00") and "项目支出" in f.label for f in answer.figures)


@pytest.mark.parametrize("question", ["买办公设备要花多少钱", "今年准备买多少办公设备", "购买办公设备安排了多少"])
def test_buying_a_thing_is_its_economic_class_of_purchase(ask, question):
    # putuo-gov-office-2025.pdf, 基本支出经济分类表: 31002 办公设备购置 200,000.00 元
    a, = ask("putuo-gov-office-2025", question)
    assert a.status == "answered" and _figure(a, "200000.00") is not None, a.text
    assert a.query.parts[0].operation == "value", a.query.describe()


@pytest.mark.parametrize("question, term", [("基本支出是什么", "基本支出预算："), ("项目支出预算是什么", "项目支出预算："),
                                            ("其他收入是什么", "其他收入：")])
def test_a_glossary_term_followed_by_shi_shenme_is_its_definition(ask, question, term):
    # putuo-commerce-2025.pdf 名词解释 (p.4–5)
    a, = ask("putuo-commerce-2025", question)
    assert a.text.startswith(term) and "名词解释" in (a.citations[0].section or ""), a.text
