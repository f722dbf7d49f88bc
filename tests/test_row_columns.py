"""A row's columns asked inside it: '它的基本支出和项目支出各多少' after a row, a column's share of its own row's total,
and share follow-ups that keep the right part and whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tools as T
from assistant.core import Assistant


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


def _values(answer, unit="万元"):
    return {f.value for f in answer.figures if f.unit == unit}


def test_a_column_share_of_a_row_divides_by_that_rows_own_total(seed_doc):
    r = T.share(seed_doc, "一般公共服务支出", "一般公共服务支出", measure="项目支出")
    assert r.ok and r.value == Decimal("35.05")
    assert r.computation.startswith("262.00 ÷ 747.59")


@pytest.mark.parametrize("question", ["一般公共服务支出当中项目支出占几成", "一般公共服务支出的项目支出占多大比例"])
def test_a_column_named_inside_a_row_is_a_share_of_that_row(bot, question):
    answer = bot.ask(question)
    assert Decimal("35.05") in _values(answer, "%")
    part = answer.query.parts[0]
    assert [o.measure for o in part.operands] == ["项目支出", None]


def test_columns_asked_of_the_previous_row_by_a_back_reference(bot):
    conv = bot.new_conversation()
    bot.ask("劳动保障监察花多少钱", conv)
    answer = bot.ask("它的基本支出和项目支出各是多少", conv)
    assert {Decimal("300.92"), Decimal("50.00")} <= _values(answer)
    assert Decimal("4825.95") not in _values(answer)  # not the department's whole 基本支出


def test_a_column_without_a_back_reference_after_a_row_is_the_departments(bot):
    conv = bot.new_conversation()
    bot.ask("劳动保障监察花多少钱", conv)
    answer = bot.ask("基本支出多少", conv)
    assert Decimal("4825.95") in _values(answer)


def test_a_column_share_asked_in_a_follow_up_is_of_the_previous_row(bot):
    conv = bot.new_conversation()
    bot.ask("一般公共服务支出是多少", conv)
    answer = bot.ask("其中项目支出占了多少比例", conv)
    assert Decimal("35.05") in _values(answer, "%")


def test_after_a_share_another_part_is_of_the_same_whole(bot):
    conv = bot.new_conversation()
    bot.ask("项目支出安排了多少", conv)
    bot.ask("占总支出的多少", conv)
    answer = bot.ask("那基本支出占多少", conv)
    assert Decimal("9.03") in _values(answer, "%")


def test_a_column_topic_then_its_share_of_the_whole_named(bot):
    conv = bot.new_conversation()
    bot.ask("基本支出多少", conv)
    bot.ask("项目支出呢", conv)
    answer = bot.ask("它占总支出的百分之几", conv)
    assert Decimal("90.97") in _values(answer, "%")


def test_a_column_share_in_a_follow_up_on_a_detail_row(bot):
    conv = bot.new_conversation()
    bot.ask("劳动保障监察花多少钱", conv)  # a 项-level row: its label carries its code
    answer = bot.ask("其中项目支出占多少", conv)
    assert Decimal("14.25") in _values(answer, "%")


def test_a_column_named_only_by_a_measure_word_inside_a_row(bot):
    answer = bot.ask("社会保障和就业支出中人员经费占多少")
    assert Decimal("6.53") in _values(answer, "%")
    assert "3,395.82 ÷ 52,019.22" in answer.text


def test_a_row_inside_a_table_named_after_it_and_the_next_row_of_the_same_table(bot):
    conv = bot.new_conversation()
    bot.ask("政府采购合计多少", conv)
    first = bot.ask("社会保障和就业支出里面采购了多少", conv)
    assert _values(first) == {Decimal("117.61")} and first.citations[0].table == "政府采购预算表"
    second = bot.ask("那一般公共服务呢", conv)
    assert _values(second) == {Decimal("11.50")} and second.citations[0].table == "政府采购预算表"
