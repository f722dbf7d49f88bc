"""Everyday wordings of the standard operations: a comparison with one named year, an average spread over the months,
the budget as a whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.understand import understand


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question", ["公务接待费同2023年相比呢", "公务接待费较2023年预算数比", "公务接待费跟 2023 年比怎样"])
def test_a_comparison_with_one_named_year_is_a_change(question):
    assert understand(question).has("change")


def test_a_comparison_with_the_prior_year_named_gives_the_signed_change(bot):
    answer = bot.ask("公务接待费跟2023年比有啥不同")
    assert any(f.value == Decimal("-0.80") for f in answer.figures)
    assert any(f.unit == "%" and f.value == Decimal("-5.27") for f in answer.figures)


@pytest.mark.parametrize("question", ["全部预算一共多少", "预算盘子总共有多少预算", "这个局一共有多少预算"])
def test_the_budget_as_a_whole_is_its_total(bot, question):
    answer = bot.ask(question)
    assert any(f.value == Decimal("53451.95") for f in answer.figures)


def test_an_average_spread_over_the_months(bot):
    answer = bot.ask("整体预算分摊到每个月有多少")
    assert any(f.value == Decimal("4454.33") and f.basis == "computed" for f in answer.figures)
    assert "53,451.95 ÷ 12" in answer.text


def test_an_english_question_going_on_with_and_is_two_parts_the_second_leaning_on_the_first(bot):
    answer = bot.ask("How big is the procurement budget, and what part of it goes to services?")
    assert [p.operation for p in answer.query.parts] == ["value", "share"]  # 'what part of W goes to P': P's share
    assert {Decimal("129.11"), Decimal("113.90"), Decimal("88.22")} <= {f.value for f in answer.figures}


def test_it_after_a_column_defined_asks_that_columns_amount(bot):
    answer = bot.ask("What does basic expenditure mean, and how much is it?")
    assert any(c.section == "名词解释" for c in answer.citations)
    assert any(f.value == Decimal("4825.95") for f in answer.figures)


@pytest.mark.parametrize("question", ["会议费机关的与事业单位的一共多少", "会议费总共多少？机关的跟事业单位的都算上"])
def test_both_economic_classes_named_loosely_are_a_scope_not_an_item(bot, question):
    answer = bot.ask(question)
    total = [f for f in answer.figures if f.basis == "computed"]
    assert total and total[0].value == Decimal("10.90")
    assert all("事业单位医疗" not in f.label for f in answer.figures)


def test_last_years_average_is_of_last_years_figure(bot):
    conv = bot.new_conversation()
    bot.ask("三公经费每个月平均多少", conv)
    answer = bot.ask("那上年的月均呢", conv)
    assert "23.19 ÷ 12" in answer.text


@pytest.mark.parametrize("word", ["降幅", "增幅", "增速"])
def test_a_rate_word_asks_the_change(word):
    assert understand(f"{word}是多少").has("change")


def test_a_column_named_after_a_change_gets_the_same_operation(bot):
    conv = bot.new_conversation()
    bot.ask("总预算比上年多了多少", conv)
    answer = bot.ask("那其中项目支出呢", conv)
    assert answer.query.parts[0].operation == "change"
    assert any(f.value == Decimal("5925.00") for f in answer.figures)


def test_an_english_answer_glosses_the_document_wordings_it_shows(bot):
    answer = bot.ask("Why did the overall budget grow compared with last year?")
    assert "养老保险 = pension" in answer.text
    assert bot.ask("基本支出多少").text.count("Terms:") == 0  # a Chinese answer is not glossed


@pytest.mark.parametrize("question", ["部门预算总共多少钱", "What's the total budget?"])
def test_the_whole_budget_is_answered_under_its_standard_name(bot, question):
    answer = bot.ask(question)
    assert "收支总预算" in answer.text
    assert any(f.value == Decimal("53451.95") and "收支总预算" in f.label for f in answer.figures)


def test_a_first_question_asking_a_change_of_nothing_named_asks_which(bot):
    answer = bot.ask("涨了多少啊")
    assert answer.status == "clarify" and not answer.figures
    assert answer.suggestions and all("比上年" in s for s in answer.suggestions)


def test_the_same_words_after_a_topic_ask_that_topics_change(bot):
    conv = bot.new_conversation()
    bot.ask("三公经费多少", conv)
    answer = bot.ask("涨了多少啊", conv)
    assert answer.status == "answered" and any(f.value == Decimal("7.80") for f in answer.figures)


@pytest.mark.parametrize("question, value", [("请客吃饭的钱占三公经费的多少？", "46.43"),
                                             ("政府采购里服务类占多大比例？", "88.22")])
def test_everyday_shares(bot, question, value):
    a = bot.ask(question)
    assert any(f.unit == "%" and f.value == Decimal(value) for f in a.figures), a.text


@pytest.mark.parametrize("question, value", [("养车一年花多少？", "6.00"), ("今年买新车吗？", "0.00"),
                                             ("请客吃饭花多少", "14.39"),
                                             ("财政给机关事业单位基本养老保险基金补助了多少钱？", "21933.00")])
def test_everyday_names_of_items(bot, question, value):
    a = bot.ask(question)
    assert a.status == "answered" and a.figures[0].value == Decimal(value), a.text


def test_which_units_the_budget_covers_is_an_organisation_question(bot):
    a = bot.ask("纳入预算的单位有哪些")
    assert a.status == "answered" and a.query.parts[0].operation == "organisation", a.text


def test_an_average_over_the_projects_in_other_words(bot):
    a = bot.ask("项目支出平均下来每个项目多少")
    assert "48,626.00 ÷ 29 = 1,676.76 万元" in a.text, a.text


@pytest.mark.parametrize("question, value, unit", [
    ("How much of the procurement budget is for services?", "113.90", "万元"),
    ("How many official vehicles does the bureau have?", "2", "辆")])
def test_english_asks_the_sub_figure_or_count_it_names(bot, question, value, unit):
    a = bot.ask(question)
    assert any(f.value == Decimal(value) and f.unit == unit for f in a.figures), a.text


@pytest.mark.parametrize("question", ["基本支出项目支出各多少", "人员支出日常公用支出分别是多少"])
def test_names_written_one_after_another_are_each_asked(bot, question):
    a = bot.ask(question)
    assert len(a.query.parts) == 2 and len({f.value for f in a.figures}) >= 2, a.text


@pytest.mark.parametrize("question, value", [("What percentage of spending is for projects?", "90.97"),
                                             ("What is the budget for the social insurance agency?", "10467.30"),
                                             ("How much goes to employment subsidies?", "214.00")])
def test_english_everyday_budget_terms(bot, question, value):
    a = bot.ask(question)
    assert any(f.value == Decimal(value) for f in a.figures), a.text


@pytest.mark.parametrize("question", ["2024年因公出国（境）费加公务接待费是多少", "出国费加接待费多少"])
def test_a_plus_b_written_with_a_bare_加_is_a_sum(bot, question):
    a = bot.ask(question)
    assert "10.60 + 14.39 = 24.99" in a.text, a.text


def test_加_inside_a_word_is_no_sum(bot):
    assert not understand("三公经费增加了多少").has("total")


@pytest.mark.parametrize("question", ["把出国和接待两块的钱合计一下", "出国费用和接待费用算一块儿多少钱？", "因公出国费和公务接待费相加是多少",
                                      "出国费与接待费两项总计多少", "出国费跟接待费，两项共多少呢？"])
def test_a_sum_in_any_common_wording_adds_the_items(seed_doc, question):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask(question)
    assert any(f.value == Decimal("24.99") for f in a.figures) and "= 24.99 万元" in a.text, a.text


def test_a_measure_by_another_of_its_names_is_an_operand(seed_doc):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("基本支出中人员支出与公用支出相差多少？")
    assert "4,544.75 − 281.20 = 4,263.55" in a.text, a.text


@pytest.mark.parametrize("question", ["三公经费包括哪三项？各多少钱？", "三公经费具体分哪几块，每块多少"])
def test_which_parts_and_how_much_each_is_a_breakdown(seed_doc, question):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask(question)
    assert "10.60 + 6.00 + 14.39 = 30.99" in a.text and "公务接待费：14.39 万元" in a.text, a.text


@pytest.mark.parametrize("question", ["项目支出表里“社保基金征缴奖励”出现了两次，两笔加总是多少？", "社保基金征缴奖励两笔汇总多少"])
def test_a_sum_asked_of_both_rows_of_one_name_adds_them(bot, question):
    # 项目支出预算情况表: 社保基金征缴奖励 170.00 (市人社局) and 70.00 (社会保险事业中心)
    a = bot.ask(question, bot.new_conversation())
    assert a.status == "answered" and "170.00 + 70.00 = 240.00 万元" in a.text, a.text


def test_a_main_part_claim_ending_with_a_comma_before_its_tag_is_checked(bot):
    a = bot.ask("政府采购预算主要是买货物的，对吧？", bot.new_conversation())
    assert a.text.startswith("不对：政府采购预算中最多的是政府采购服务预算"), a.text


@pytest.mark.parametrize("question, computation", [
    ("政府采购里服务类预算占总额的比例是多少？", "113.90 ÷ 129.11 = 88.22%"),
    ("项目支出中养老保险基金缺口补助资金占总数的多少", "21,933.00 ÷ 48,626.00 = 45.11%"),
])
def test_a_share_of_the_total_inside_a_named_place_is_of_that_places_total(bot, question, computation):
    a = bot.ask(question, bot.new_conversation())
    assert computation in a.text, a.text
