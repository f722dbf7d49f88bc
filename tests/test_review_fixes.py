"""Defects a fresh-eyes review found in this round's follow-up and multi-part rules, each pinned."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests._conversations import bot, talk  # noqa: F401 - fixture
from tests._pdf_docs import ask  # noqa: F401 - fixture

D = Decimal


@pytest.mark.parametrize("question", ["成都市人社局三公经费多少", "厦门市人社局三公经费多少", "江门市人社局项目支出多少",
                                      "东营区三公经费"])
def test_a_city_whose_name_ends_like_a_common_word_is_still_another_place(bot, question):
    a, = talk(bot, question)
    assert a.status == "not_in_document" and not a.figures


def test_a_district_project_of_another_district_is_refused(ask):
    a, = ask("putuo-gov-office-2025", "徐汇区政府督查及建议提案工作业务经费多少")
    assert a.status == "not_in_document"


def test_a_comparison_follow_up_compares_the_topic_with_the_item_named(bot):
    _, more = talk(bot, "项目支出多少", "比基本支出多多少")
    assert "相差 43,800.05 万元" in more.text
    _, less = talk(bot, "三公经费多少", "比机关运行经费少多少")
    assert "相差 88.51 万元" in less.text


def test_one_economic_class_of_an_item_not_printed_per_class_is_said_to_be_absent(bot):
    _, a = talk(bot, "三公经费多少", "机关的呢")
    assert a.status == "not_in_document" and "没有把“三公经费”分机关和事业单位列示" in a.text
    _, sibling = talk(bot, "行政单位医疗多少", "事业单位的呢")
    assert sibling.figures[0].value == D("164.80")


def test_two_shares_of_the_same_value_are_both_kept(ask):
    a, = ask("putuo-gov-office-2025", "行政事业单位养老支出占社会保障和就业支出多少？行政事业单位医疗占卫生健康支出多少？")
    assert a.text.count("100.00%") >= 2 and "行政事业单位医疗占卫生健康支出" in a.text


def test_an_item_inside_a_place_is_not_taken_for_the_topic(bot):
    _, a = talk(bot, "培训费多少", "三公经费里的那个车的费用多少")
    assert "7.30" not in a.text


def test_an_empty_tables_note_does_not_replace_a_meaning_or_a_sum(bot):
    meaning, = talk(bot, "政府性基金预算是什么意思")
    total, = talk(bot, "政府性基金预算和一般公共预算加起来多少")
    assert "是空表" not in meaning.text and "53,451.95" in total.text


def test_a_purpose_is_not_carried_to_an_amount_asked_after_it(bot):
    _, a = talk(bot, "公务接待费是干什么用的", "那会议费多少呢")
    assert D("10.90") in {f.value for f in a.figures}


def test_a_later_part_naming_a_column_alone_is_the_whole_budgets_column(ask):
    a, = ask("putuo-gov-office-2025", "行政运行多少？项目支出多少？")
    assert D("66410000.00") in {f.value for f in a.figures} and "110,000.00" not in a.text


def test_the_whole_list_of_duties_for_which_areas(bot):
    a, = talk(bot, "人社局负责哪些方面的工作")
    assert "主要职责（共13项）" in a.text


def test_a_claimed_last_year_figure_of_another_reading_is_not_confirmed_as_last_years(bot):
    a, = talk(bot, "机关的公务接待费是15.19万吧")
    assert a.text.startswith("不对：") and "15.19" not in a.text.split("\n")[0].split("；", 1)[-1]


def test_english_the_most_ranks_only_when_money_is_ranked(bot):
    a, = talk(bot, "What is the most recent year in this budget?")
    assert "第1名" not in a.text


def test_a_unit_conversion_after_a_sum_converts_the_sum(ask):
    _, a = ask("putuo-gov-office-2025", "住房公积金和购房补贴加起来多少", "换成万元")
    assert "约 360.91 万元" in a.text


def test_a_narrative_difference_from_zero_and_subjects_not_read_as_offices(ask):
    a, = ask("putuo-gov-office-2025", "政府采购里服务比货物多多少")
    assert "34.00 − 0.00 = 34.00 万元" in a.text
    b, = ask("putuo-commerce-2025", "哪个科目最多")
    assert "内设机构" not in b.text and "第1名" in b.text


def test_an_enumerated_name_holding_ji_is_one_item(bot):
    a, = talk(bot, "三公经费里因公出国费、公务用车购置及运行费、公务接待费分别多少，另外总数比去年多了多少")
    assert {D("10.60"), D("6.00"), D("14.39")} <= {f.value for f in a.figures} and "增加 7.80 万元" in a.text


def test_what_the_document_does_not_say_of_the_department_is_said_plainly(bot, ask):
    bodies, = talk(bot, "人社局有哪些内设科室")
    rank, = talk(bot, "人社局是什么级别的单位")
    assert bodies.status == "not_in_document" and "没有列出内设机构" in bodies.text
    assert rank.status == "not_in_document" and "没有写明" in rank.text
    listed, = ask("putuo-commerce-2025", "商务委有哪些内设科室")
    assert listed.status == "answered" and "内设机构共 9 个" in listed.text


def test_a_word_naming_no_item_gets_the_budget_wide_readings_and_a_question(bot, ask):
    a, = talk(bot, "经费有多少")
    assert a.status == "clarify" and {D("53451.95"), D("30.99"), D("119.50")} <= {f.value for f in a.figures}
    b, = ask("putuo-commerce-2025", "设了绩效目标的那些项目，平均一个多少钱")
    assert "11,381.60 ÷ 25 = 455.26 万元" in b.text


def test_earlier_answers_kept_after_this_rounds_rules(bot):
    procurement, = talk(bot, "社会保险经办机构的政府采购预算是多少？")
    rank, = talk(bot, "政府采购中哪个科目采购最多？")
    share, = talk(bot, "基本支出里面人员支出和日常公用支出分别多少？公用那块占基本支出几成？")
    times, = talk(bot, "出国的钱今年是不是翻了好几倍？去年才多少")
    assert procurement.figures[0].value == D("18.20") and "第1名 行政运行 [2080101]：65.39 万元" in rank.text
    assert "281.20 ÷ 4,825.95 = 5.83%" in share.text and [p.operation for p in times.query.parts] == ["change"]


def test_what_a_budget_is_made_of_quotes_the_sentence_saying_so(bot):
    a, = talk(bot, "部门预算是由哪几块组成的，机关和下属单位都算进去了吗")
    assert "部门预算包括：局机关预算、局属事业单位预算" in a.text


def test_who_carries_out_a_fund_is_its_performance_tables_unit(bot):
    a, = talk(bot, "人事考试的组织费用是哪个单位来落实的")
    assert "实施单位：威海市人事考试中心" in a.text and a.citations[0].table == "项目支出绩效目标表"


# --- review of this round's second session (findings 9, 11, 12) ---

def test_a_comparison_with_last_year_about_a_zero_item_gets_no_nothing_budgeted_verdict(bot):
    a = bot.ask("上级补助收入比上年少吗？", bot.new_conversation())
    assert not a.text.startswith(("没有：", "不对：")) and "比上年减少 65.00 万元" in a.text, a.text


def test_it_after_a_top_three_is_not_summed_across_rows_of_different_names(bot):
    conv = bot.new_conversation()
    bot.ask("经济分类支出排名前三的是哪些？", conv)
    a = bot.ask("它占基本支出多少？", conv)
    assert "4,615.79" not in a.text and "合计 4,615.79" not in a.text, a.text


def test_a_claim_with_yinggai_before_quanbu_judges_the_item_not_the_filler_word(bot):
    a = bot.ask("行政单位医疗应该全部都是基本支出吧？", bot.new_conversation())
    assert a.text.startswith("是的：行政单位医疗全部是") and "应该" not in a.text, a.text


def test_why_after_an_empty_tables_answer_is_its_note(bot, ask):
    a, b = bot.ask("有没有安排政府性基金的支出？", conv := bot.new_conversation()), bot.ask("为什么是空的？", conv)
    for x in (a, b):
        assert "政府性基金预算支出情况表是空表" in x.text and "2024年没有使用政府性基金预算拨款安排的支出" in x.text, x.text
    _, why = ask("putuo-commerce-2025", "有没有安排政府性基金预算支出？", "为什么？")
    assert "故本表为空表" in why.text and "合计 0.00 元" in why.text, why.text


def test_two_equal_totals_compared_are_said_equal_and_a_row_named_with_benian_is_that_row(bot):
    # seed 收支总体情况表: 本年收入合计 53,451.95 = 收入总计 53,451.95 (no 上年结转)
    a = bot.ask("本年收入合计比收入总计多多少", bot.new_conversation())
    assert a.query.parts[0].operation == "difference" and "两者相等（相差 0.00 万元" in a.text, a.text
    assert bot.ask("本年收入合计多少", bot.new_conversation()).figures[0].value == Decimal("53451.95")
