"""Counts the narrative states ('共有车辆2辆，其中执法执勤用车0辆…'): parsed generically, asked in a user's words,
a claimed number checked first, and never used for a question that counts something else."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tools as T
from assistant.core import Assistant
from tests._pdf_docs import ask, pdf_doc  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


def test_counts_closing_their_clauses_are_read_with_their_subjects(seed_doc):
    found = {(k.subject, k.value, k.unit) for k in T.counts(seed_doc)}
    assert {("车辆", 2, "辆"), ("执法执勤用车", 0, "辆"), ("其他按照规定配备的公务用车", 2, "辆")} <= found


def test_what_is_to_be_bought_is_told_apart_from_what_is_held(pdf_doc):
    doc = pdf_doc("putuo-commerce-2025")
    held = [k for k in T.counts(doc) if k.unit == "辆" and not k.buying]
    bought = [k for k in T.counts(doc) if k.unit == "辆" and k.buying]
    assert held and bought and held[0].value == 0 and bought[0].value == 0


def test_a_vehicle_count_in_everyday_words_is_the_total_its_sentence_states(bot):
    answer = bot.ask("单位里一共几辆公车")
    assert any(f.value == Decimal(2) and f.unit == "辆" for f in answer.figures)
    assert answer.citations[0].section.endswith("国有资产占有使用情况")


def test_whether_there_is_any_of_a_thing_gets_its_count(bot):
    answer = bot.ask("局里有没有应急保障用车")
    assert any(f.value == 0 and f.label == "应急保障用车" for f in answer.figures)
    assert "没有" in answer.text


@pytest.mark.parametrize("question, lead", [("人社局是不是有8辆车", "不对"), ("人社局有两辆车对吧", "是的"),
                                            ("他们有十几辆车吧", "不对")])
def test_a_claimed_count_is_checked_first(bot, question, lead):
    assert bot.ask(question).text.startswith(lead)


@pytest.mark.parametrize("question", ["下属有几个单位", "一共多少个项目"])
def test_a_count_of_something_else_is_not_answered_with_a_stated_count(bot, question):
    answer = bot.ask(question)
    assert not any(f.unit == "辆" or "涉及预算项目支出" in f.label for f in answer.figures)


@pytest.mark.parametrize("question", ["车辆情况", "公务用车数量", "有多少台车", "人社局有没有公务车", "有车吗"])
def test_vehicles_asked_in_any_words_get_the_vehicle_count(bot, question):
    answer = bot.ask(question)
    assert any(f.value == Decimal(2) and f.unit == "辆" for f in answer.figures)


def test_cars_counted_with_the_equipment_counter_are_still_cars(ask):
    (answer,) = ask("putuo-commerce-2025", "商务委有多少台车")
    assert [f.unit for f in answer.figures][:1] == ["辆"]


def test_whether_it_will_buy_a_thing_is_answered_by_the_count_to_be_bought(ask):
    # putuo-gov-office-2025.pdf 五、国有资产占有使用情况: '2025年部门预算安排购置车辆0辆…购置单价100万元（含）以上设备（不含车辆）0台（套）'
    a, = ask("putuo-gov-office-2025", "今年打算买车吗？")
    assert a.text.startswith("预算安排购置车辆0辆") and a.figures[0].unit == "辆", a.text
    b, = ask("putuo-gov-office-2025", "今年打算买大型设备吗")
    assert b.status == "answered" and b.figures[0].value == 0 and b.figures[0].unit == "台", b.text
