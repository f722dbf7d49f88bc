"""A claim the question makes is checked against the figures first: a direction, a share, an amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.premise import claimed_money, claimed_share
from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("text, low, high", [
    ("占一半左右吧", 40, 60), ("是三成吗", 25, 35), ("增长了12.5%对吧", Decimal("12.45"), Decimal("12.55")),
    ("百分之二十吧", Decimal("19.5"), Decimal("20.5")), ("有30%多吧", 30, 40),
])
def test_a_claimed_share_is_a_range_as_precise_as_it_is_written(text, low, high):
    assert claimed_share(text) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("text, low, high", [
    ("有几百万吧", 200, 1000), ("有100万吧", Decimal("99.5"), Decimal("100.5")), ("有3亿多吧", 30000, 40000),
    ("有12.50万吧", Decimal("12.495"), Decimal("12.505")), ("有50000元吧", Decimal("4.99995"), Decimal("5.00005")),
])
def test_a_claimed_amount_is_a_range_in_wan_yuan(text, low, high):
    assert claimed_money(text) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("text, low, high", [("不少于20万吧", 20, "Infinity"), ("不超过20万吧", "-Infinity", 20),
                                             ("不到20万吧", "-Infinity", 20), ("超过20万吧", 20, "Infinity")])
def test_a_bounded_claim_is_open_on_one_side_whatever_negation_it_uses(text, low, high):
    assert claimed_money(text) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("question, lead, value", [
    ("项目支出占总支出差不多一半吧", "不对", "90.97"),
    ("项目支出占总支出超过一半了吧", "是的", "90.97"),
    ("基本支出占总支出不到一成吧", "是的", "9.03"),
    ("三公经费预算有50万吧", "不对", "30.99"),
    ("三公经费比上年多了，是吧", "是的", "7.80"),
    ("三公经费有31万吧", "是的", "30.99"),  # as precise as written: 30.5–31.5
    ("三公经费不少于20万吧", "是的", "30.99"),
    ("三公经费比上年增长了50%，对吧", "不对", "33.64"),  # the direction is right, the rate is not
    ("三公经费比上年多了20万吧", "不对", "7.80"),
])
def test_the_verdict_leads_the_answer(bot, question, lead, value):
    answer = bot.ask(question)
    first = answer.text.splitlines()[0]
    assert first.startswith(lead) and value in first


def test_a_question_without_a_claim_gets_no_verdict(bot):
    answer = bot.ask("项目支出占总支出多少")
    assert not answer.text.startswith(("是的", "不对"))


def test_a_claimed_number_of_units_is_corrected_first(seed_doc):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("一共有5个二级预算单位吧？")
    assert a.text.startswith("不对：") and "7 个" in a.text.splitlines()[0], a.text


def test_a_claimed_number_of_cars_gets_one_verdict_in_whole_numbers(seed_doc):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("局里有3辆车吧")
    assert a.text.splitlines()[0] == "不对：车辆为 2 辆。" and a.text.count("不对") == 1, a.text
    b = Assistant(seed_doc, retriever=None).ask("有两辆车对吧")
    assert b.text.startswith("是的：车辆为 2 辆"), b.text


def test_a_claim_that_one_part_is_the_largest_is_checked_against_every_part(seed_doc):
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("三公经费主要是出国吧")
    assert a.text.startswith("不对：三公经费中最多的是公务接待费"), a.text
    assert "14.39 ÷ 30.99 = 46.43%" in a.text and "10.60 ÷ 30.99 = 34.20%" in a.text
    b = bot.ask("政府采购主要是服务吧")  # the narrative's 货物/工程/服务, not the table's function classes
    assert b.text.startswith("是的：") and "113.90 ÷ 129.11 = 88.22%" in b.text, b.text


def test_several_claimed_is_a_range(seed_doc):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("局里有好几辆车吧")
    assert a.text.startswith("不对：车辆为 2 辆"), a.text


@pytest.mark.parametrize("question, lead, value", [
    ("出国那块的钱今年被压缩了吧", "不对", "8.60"),
    ("有人说三公经费被削减了，真的吗", "不对", "7.80"),
    ("接待费是不是缩减了", "是的", "0.80"),
    ("Is it true that the reception budget was cut?", "Yes", "0.80"),
    ("Did the three public expenses go down this year?", "No", "7.80"),
    ("Was reception spending higher than in 2023?", "No", "0.80"),
])
def test_a_claimed_direction_in_any_common_wording_is_checked(bot, question, lead, value):
    first = bot.ask(question).text.splitlines()[0]
    assert first.startswith(lead) and value in first, first


def test_a_why_the_document_does_not_answer_says_so_with_the_figures(bot):
    a = bot.ask("基本支出为什么减少了")
    assert a.status == "not_in_document" and "文件没有说明变化的原因" in a.text, a.text
    assert "1,643.51" in a.text  # the change itself is still shown, derived from the narrative


def test_a_why_on_a_wrong_premise_is_answered_by_correcting_it(bot):
    a = bot.ask("基本支出增加了，为什么？")
    assert a.status == "answered" and a.text.startswith("不对"), a.text


def test_a_claimed_number_of_units_in_another_counting_word_is_checked(bot):
    "'有5家吧' counts the budget units the document lists in 个; '纳入人社局…' names the department, not another"
    a = bot.ask("纳入人社局部门预算的二级预算单位有5家吧？")
    assert a.status == "answered" and a.text.startswith("不对：") and "7 个" in a.text.splitlines()[0], a.text


@pytest.mark.parametrize("question", ["项目支出增加的原因是什么", "Was basic expenditure higher or lower than last year?",
                                      "Why did the three public expenses increase?",
                                      "三公经费是增加还是减少了"])
def test_a_question_offering_both_directions_or_asking_why_gets_no_verdict(bot, question):
    assert not bot.ask(question).text.startswith(("是的", "不对", "Yes", "No")), question


@pytest.mark.parametrize("question, lead", [("政府办今年买新公车了吧", "不对"), ("公车运行费应该不少吧", "不对"),
                                            ("今年没买新车吧", "是的")])
def test_a_claim_that_something_is_budgeted_is_checked_against_a_zero(ask, question, lead):
    a, = ask("putuo-gov-office-2025", question)
    assert a.text.startswith(f"{lead}：") and "没有安排" in a.text.splitlines()[0], a.text


def test_a_claimed_amount_that_is_last_years_is_said_to_be_with_its_cell():
    from assistant.core import Assistant
    from index.parse import load_document

    bot = Assistant.from_document(load_document("data/weihai-hrss-2024.txt"), retrieval=False)
    a = bot.ask("今年三公经费是23.19万元对吧", bot.new_conversation())
    assert a.text.startswith("不对：") and "30.99 万元；一般公共预算“三公”经费支出合计（2023年预算数）为 23.19 万元[" in a.text
    cell = next(f for f in a.figures if f.value == Decimal("23.19"))
    assert a.citations[cell.citations[0] - 1].column == "2023年预算数/合计"
    right = bot.ask("今年三公经费是30.99万元对吧", bot.new_conversation())
    assert right.text.startswith("是的：") and "2023年为" not in right.text


def test_a_plain_whether_question_about_nothing_budgeted_is_answered_no_and_a_claim_is_corrected(ask):
    # putuo-gov-office-2025-unit.pdf p20: 公务用车购置费 blank (0)
    asked, claimed = ask("putuo-gov-office-2025-unit", "今年打算买车吗？"), ask("putuo-gov-office-2025-unit", "今年买新公车了吧")
    assert asked[0].text.startswith(("没有：", "预算安排购置车辆0辆")) and not asked[0].text.startswith("不对"), \
        asked[0].text
    assert claimed[0].text.startswith("不对：公务用车购置费为 0.00 万元"), claimed[0].text


def test_a_claim_that_a_part_is_all_of_its_whole_is_checked_against_every_part(bot, ask):
    # seed 四、政府采购情况: 货物 15.21 + 工程 0 + 服务 113.90 = 129.11; the gov-office unit PDF: 服务 34 of 34
    a = bot.ask("政府采购预算都是服务吗", bot.new_conversation())
    assert a.text.startswith("不对：政府采购预算不全是政府采购服务预算"), a.text
    assert "113.90 ÷ 129.11 = 88.22%" in a.text and "15.21 万元" in a.text, a.text
    b, = ask("putuo-gov-office-2025-unit", "政府采购预算34万元全部是服务类的，对不对？")
    assert b.text.startswith("是的：政府采购预算全部是政府采购服务预算"), b.text
    assert "34.00 ÷ 34.00 = 100.00%" in b.text and "政府采购货物预算：0.00 万元" in b.text, b.text


@pytest.mark.parametrize("question, verdict", [
    ("基本支出比项目支出多，对吧？", "不对：一般公共预算基本支出合计少于项目支出合计"),
    ("项目支出比基本支出多吗", "是的：项目支出合计多于一般公共预算基本支出合计"),
])
def test_a_claim_that_one_figure_exceeds_another_is_compared_and_judged(bot, question, verdict):
    a = bot.ask(question, bot.new_conversation())
    assert a.text.startswith(verdict), a.text
    assert "48,626.00" in a.text and "4,825.95" in a.text and "相差 43,800.05 万元" in a.text, a.text


def test_a_claim_that_a_row_is_all_one_column_is_checked_against_its_columns(ask, bot):
    # putuo-commerce-2025-unit.pdf 支出预算总表: 一般公共服务支出 21,601,733.00 = 基本 12,291,733.00 + 项目 9,310,000.00
    a, = ask("putuo-commerce-2025-unit", "一般公共服务支出2160万左右，应该全部都是基本支出吧？")
    assert a.text.startswith("不对：一般公共服务支出不全是"), a.text
    assert "12,291,733.00 ÷ 21,601,733.00 = 56.90%" in a.text and "9,310,000.00 元" in a.text, a.text
    b = bot.ask("三公经费基本都是公务接待费吧", bot.new_conversation())  # 基本都是: mostly, not all
    assert b.text.startswith("是的：三公经费中最多的是公务接待费"), b.text


@pytest.mark.parametrize("question, lead", [
    ("项目有30个吧", "不对：项目支出预算情况表的项目数为 29 个"),
    ("编报绩效目标的项目是29个吗", "是的：项目支出预算情况表的项目数为 29 个"),
])
def test_a_claimed_number_of_things_is_counted_and_checked(bot, question, lead):
    a = bot.ask(question)
    assert a.text.startswith(lead), a.text


def test_a_claimed_count_stated_in_a_pdfs_narrative_is_checked_whatever_words_open_the_claim(ask):
    a, = ask("putuo-gov-office-2025-unit", "我记得区府办报绩效目标的项目是12个，对吧？")  # '记得区' is no place
    assert a.status == "answered" and a.text.startswith("不对：编报绩效目标的项目为 11 个"), a.text


def test_a_multiple_claimed_is_not_read_as_a_number_of_things(bot):
    a = bot.ask("出国的钱今年是不是翻了好几倍？去年才多少")
    assert a.text.startswith("因公出国(境)经费：2024年预算 10.60 万元"), a.text
