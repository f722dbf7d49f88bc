"""Averages: a figure spread over the months, or over the things counted — the projects a table lists, or the
projects a sentence of the narrative counts together with the money it states for them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.conversation import Conversation
from tests._pdf_docs import ask, figure_valued as _figure  # noqa: F401 - fixture


def test_an_amount_and_a_count_stated_in_one_sentence_give_the_average(ask):
    # putuo-commerce-2025.pdf 其他相关情况说明: 编报绩效目标的项目共25个，涉及项目预算资金11381.60万元
    a, = ask("putuo-commerce-2025", "编了绩效目标的那些项目平均每个多少钱")
    assert a.status == "answered" and "11,381.60 ÷ 25 = 455.26 万元" in a.text, a.text
    assert a.query.parts[0].operation == "average" and "每项平均" not in a.text, "said once"
    assert any(c.kind == "narrative" and "共25个" in c.quote for c in a.citations)


def test_the_average_project_divides_project_spending_by_the_projects_listed(seed_doc):
    a = Assistant(seed_doc, retriever=None).ask("平均每个项目多少钱", Conversation())
    assert "48,626.00 ÷ 29 = 1,676.76 万元" in a.text and "29 个" in a.text, a.text


def test_all_spending_spread_over_the_months_after_the_offices_short_name(ask):
    a, = ask("putuo-commerce-2025", "商务委全年支出平均到每个月是多少钱？")
    assert a.query.parts[0].operation == "average" and a.query.parts[0].per == "月"
    assert "371,514,655.00 ÷ 12 = 30,959,554.58 元" in a.text, a.text


def test_a_column_named_alone_is_still_that_column(seed_doc):
    a = Assistant(seed_doc, retriever=None).ask("日常公用支出是多少", Conversation())
    assert any(f.value == Decimal("281.20") for f in a.figures), a.text


def test_this_year_as_a_multiple_of_a_named_prior_year(ask):
    # putuo-commerce-2025.pdf: 财政拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元 → 12,659.76
    a, = ask("putuo-commerce-2025", "2025年财政拨款支出预算差不多是2024年预算的几倍？")
    assert "37,151.47 ÷ 12,659.76 = 2.93 倍" in a.text, a.text


@pytest.fixture(scope="module")
def seed_bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question, per, value", [
    ("三公经费平均每季度多少", "÷ 4", "7.75"),
    ("三公经费每周平均多少钱", "÷ 52", "5959.62"),  # under 1 万元 a week: shown in 元
    ("三公经费按一年365天算，平均一天多少元", "÷ 365", "849.04"),
    ("三公经费日均多少元", "÷ 366", "846.72"),  # 2024 has 366 days
])
def test_an_average_over_any_period_of_the_year_divides_by_its_count(seed_bot, question, per, value):
    a = seed_bot.ask(question)
    avg = next(f for f in a.figures if "平均" in f.label)
    assert per in avg.computation and avg.value == Decimal(value), a.text


def test_an_average_asked_in_another_unit_is_converted_before_it_is_divided(seed_bot):
    a = seed_bot.ask("公务接待费平均每月多少元")
    avg = next(f for f in a.figures if "平均" in f.label)
    assert avg.unit == "元" and avg.value == Decimal("11991.67"), a.text
    assert "143,900.00 ÷ 12" in avg.computation


def test_an_average_per_project_spreads_the_projects_money_not_the_whole_budget(seed_doc):
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("今年一共29个预算项目，平均每个项目多少钱？", bot.new_conversation())
    assert "48,626.00 ÷ 29 = 1,676.76 万元" in a.text and "53,451.95 ÷" not in a.text, a.text


def test_an_average_per_person_divides_the_amount_the_question_names_by_the_people_it_counts(seed_doc):
    # 项目支出绩效目标表 统筹外项目资金: 项目总成本(机关事业单位退休人员统筹外补贴) ≤12831万元, 发放人数 ≥7116人
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("12831万元那笔统筹外项目资金，按发放人数7116人算，人均一年大约多少元？", bot.new_conversation())
    assert "128,310,000.00 ÷ 7116 = 18,031.20 元" in a.text, a.text
    assert a.query.parts[0].per == "人"
    b = bot.ask("三公经费人均多少", bot.new_conversation())  # no people counted: no average made up
    assert "平均" not in b.text.replace("人均", ""), b.text
