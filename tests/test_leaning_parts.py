"""Parts that lean on the part or turn before them: a share or change asked of each item enumerated, a comma part
asked of the first part's subject, the columns of the row just asked, the amount beside a stated count, the
purpose carried to 'X呢', and a how-much question that takes a direction for granted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests._conversations import bot, talk  # noqa: F401 - fixture
from tests._pdf_docs import ask  # noqa: F401 - fixture

D = Decimal


def values(answer) -> set[Decimal]:
    return {f.value for f in answer.figures}


def test_a_share_asked_after_an_enumeration_is_asked_of_each_item(bot):
    a, = talk(bot, "基本支出和项目支出各多少？分别占总支出多少？")
    assert {D("4825.95"), D("48626.00"), D("9.03"), D("90.97")} <= values(a)
    assert [p.operation for p in a.query.parts].count("share") == 2


def test_comma_parts_without_a_subject_are_asked_of_the_first_parts_subject(bot):
    a, = talk(bot, "三公经费多少，占基本支出多少，比上年增加多少")
    assert {D("30.99"), D("0.64"), D("7.80")} <= values(a)
    assert "15,572.60%" not in a.text  # never the whole over the part


def test_a_narrative_subject_named_after_a_topic_is_its_own(bot):
    _, a = talk(bot, "三公经费是多少", "机关运行经费呢")
    assert values(a) == {D("119.50")} and "公务用车" not in a.text


def test_a_purpose_question_carries_to_the_next_subject_and_an_amount_leans_on_it(bot):
    _, purpose, amount = talk(bot, "三公经费干什么用的", "机关运行经费呢", "多少钱")
    assert purpose.query.parts[0].operation == "purpose" and "办公及印刷费" in purpose.text
    assert values(amount) == {D("119.50")}


def test_a_bare_how_much_after_a_topic_is_the_topics_amount(bot):
    _, a = talk(bot, "公务接待费", "具体多少")
    assert D("14.39") in values(a)


def test_a_how_much_that_takes_the_wrong_direction_for_granted_is_corrected(bot):
    wrong, right = talk(bot, "公务接待费比去年多多少"), talk(bot, "三公经费比上年多了多少")
    assert wrong[0].text.startswith("不对：公务接待费比上年减少 0.80 万元")
    assert not right[0].text.startswith(("不对", "是的"))


def test_the_share_of_a_row_in_another_tables_total_reads_the_row_from_its_own_table(bot):
    a, = talk(bot, "三公经费占基本支出多少")
    assert a.status == "answered" and D("0.64") in values(a)


def test_the_columns_asked_after_a_row_are_that_rows_columns(ask):
    # putuo-gov-office-2025.pdf 行政运行 [2010301]: 12,029,501.84 = 11,919,501.84 基本 + 110,000.00 项目
    a, = ask("putuo-gov-office-2025", "行政运行这个科目总共多少？基本支出、项目支出分别是多少")
    assert {D("12029501.84"), D("11919501.84"), D("110000.00")} <= values(a)


def test_an_amount_asked_after_a_definition_is_the_defined_terms(ask):
    a, = ask("putuo-gov-office-2025", "机关运行经费指的是啥？今年这个经费预算多少")
    assert D("213.28") in values(a) and "867.50" not in a.text


def test_a_row_named_in_a_share_is_the_tables_row_not_a_sentence_about_one_of_its_lines(ask):
    a, = ask("putuo-gov-office-2025", "卫生健康支出占一般公共预算支出的比例是多少？")
    assert {D("1097073.43"), D("1.21")} <= values(a)


def test_the_amount_beside_a_stated_count_and_its_share_of_a_row(ask):
    # p.21: 编报绩效目标的项目11个，涉及项目预算资金6626万元; 项目支出 66,410,000.00 元
    _, amount, share = ask("putuo-gov-office-2025", "有多少个项目编报了绩效目标？", "涉及多少钱", "这占全部项目支出的多少？")
    assert values(amount) == {D("6626.00")}
    assert D("99.77") in values(share)


def test_a_project_name_beginning_with_a_district_word_is_not_another_place(ask):
    a, = ask("putuo-gov-office-2025", "为啥要安排区政府督查及建议提案工作业务经费？")
    assert a.status == "answered" and "重点工作" in a.text


def test_why_a_line_is_budgeted_quotes_what_it_pays_for_when_no_reason_is_written(ask):
    a, = ask("putuo-gov-office-2025", "为什么要列职业年金缴费支出？")
    assert "主要用于机关事业单位实施养老保险制度" in a.text


def test_the_largest_subject_line_by_a_column_and_the_next_one(ask):
    first, second = ask("putuo-gov-office-2025", "项目支出里最大的一笔是哪个科目？", "第二个呢")
    assert "一般行政管理事务 [2010302]（项目支出）：46,140,000.00 元" in first.text
    assert "20,120,000.00 元" in second.text


def test_the_share_asked_after_a_ranking_is_the_first_places(ask):
    a, = ask("putuo-gov-office-2025", "所有具体科目里哪一项钱最多？占总支出多少？")
    assert {D("46140000.00"), D("50.69")} <= values(a)


@pytest.mark.parametrize("question, expected", [
    ("一般公共服务支出在整个预算里占几个点", {"747.59", "1.40"}),
    ("光养老保险基金缺口补助这一项，占全局全年预算的百分之多少？", {"21933.00", "41.03"}),
    ("养老保险基金缺口补助那个项目多少钱，在全部项目支出里占多少", {"21933.00", "48626.00", "45.11"}),
    ("公车那块钱在三公里面占比是多少？", {"6.00", "30.99", "19.36"}),
    ("政府采购一共多少钱？顺便问下服务类采购占了多大比例", {"129.11", "113.90", "88.22"}),
    ("项目支出是指什么？今年安排了多少", {"48626.00"}),
    ("三公经费里出国、公车、接待分别是多少，另外总数比去年多了多少", {"10.60", "6.00", "14.39", "7.80"}),
    ("基本支出和项目支出跟上年比分别是增是减，各变了多少", {"-1643.51", "5925.00"}),
])
def test_a_question_of_several_parts_answers_each(bot, question, expected):
    a, = talk(bot, question)
    assert {D(v) for v in expected} <= values(a)


def test_a_colloquial_name_inside_a_topic_then_its_share(bot):
    _, part, share = talk(bot, "三公经费多少", "其中招待的呢", "它占多少比例")
    assert values(part) == {D("14.39")} and D("46.43") in values(share)


def test_a_word_naming_sibling_rows_means_their_parent(bot):
    a, = talk(bot, "医疗那块安排了多少")
    assert a.status == "answered" and a.figures[0].value == D("292.37")  # 行政事业单位医疗 [21011]


def test_english_split_between_two_items_gives_each_and_its_share(bot):
    a, = talk(bot, "how is the money split between basic expenditure and project expenditure this year")
    assert {D("4825.95"), D("48626.00"), D("9.03"), D("90.97")} <= values(a)
    b, = talk(bot, "Break down basic spending for me: personnel costs versus day-to-day operating costs?")
    assert {D("4544.75"), D("281.20"), D("94.17"), D("5.83")} <= values(b)


def test_english_the_most_ranks_one_and_its_amount_is_the_first_places(bot):
    a, = talk(bot, "Which single project gets the most money, and what's the amount?")
    assert "第2名" not in a.text and D("21933.00") in values(a)


def test_where_the_extra_money_came_from_is_asked_as_a_reason(bot):
    a, = talk(bot, "出国费用增加了那么多，多出来的钱是从哪挪过来的？")
    assert "五项经费" in a.text


def test_the_multiple_and_difference_of_two_figures_only_the_narrative_states(bot, ask):
    a, = talk(bot, "政府采购里服务是货物的多少倍")
    assert "113.90 ÷ 15.21 = 7.49 倍" in a.text
    b, = ask("putuo-commerce-2025-unit", "政府采购里服务比货物多多少")
    assert "30.40 − 7.80 = 22.60 万元" in b.text


def test_a_pair_referred_to_as_zhe_lia_is_summed_and_the_sum_converted(ask):
    *_, a = ask("putuo-commerce-2025-unit", "差旅费多少", "培训费呢", "这俩加起来换成万元是多少")
    assert "85,000.00 元" in a.text and "折合 8.50 万元（85,000.00 元 ÷ 10,000 = 8.50 万元）" in a.text


def test_the_largest_line_inside_a_class_named_short_and_its_share_said_once(ask):
    a, = ask("putuo-commerce-2025-unit", "养老支出里哪一项占比最大，占多少？")
    assert "行政单位离退休 [2080501]" in a.text and a.text.count("占行政事业单位养老支出") == 1


def test_a_class_with_one_line_under_it_ranks_the_lines_below_that(bot):
    _, a = talk(bot, "卫生健康支出一共多少", "里面最大的是哪一项")
    assert "事业单位医疗 [2101102]：164.80 万元" in a.text


def test_a_follow_up_of_one_economic_class_keeps_the_item(bot):
    _, organ, inst = talk(bot, "住房公积金多少", "机关的呢", "那事业单位的呢？")
    assert values(organ) == {D("116.81")} and values(inst) == {D("275.96")}


def test_a_common_word_ending_in_a_place_suffix_is_not_another_place(ask):
    a, = ask("putuo-commerce-2025-unit", "标准化菜市场这块商务委具体负责啥")
    assert a.status == "answered" and "市场" in a.text
    b, = ask("putuo-commerce-2025-unit", "静安区商务委的三公经费")
    assert b.status == "not_in_document"


def test_a_duty_of_a_named_field_is_quoted(bot):
    a, = talk(bot, "人社局在就业方面主要管哪些事？")
    assert a.text.startswith("文件原文：“负责促进就业创业工作")


def test_a_unit_conversion_asked_after_a_figure_converts_it(bot):
    _, a = talk(bot, "机关运行经费多少", "换成元是多少")
    assert "1,195,000.00 元" in a.text


def test_a_budget_kind_with_an_empty_table_is_answered_by_the_tables_note(ask, bot):
    a, b = ask("putuo-gov-office-2025", "政府办有政府性基金预算的钱吗？", "那国有资本经营预算呢")
    assert "政府性基金预算支出功能分类预算表是空表" in a.text and "国有资本经营预算支出功能分类预算表是空表" in b.text
    income, = talk(bot, "政府性基金预算拨款收入多少")
    assert "是空表" not in income.text and income.figures[0].value == D("0.00")


def test_an_amount_asked_of_the_things_just_counted_is_its_own_part(bot):
    a, = talk(bot, "局里一共几辆公车？这些车一年的运行维护费预算多少？")
    assert [p.operation for p in a.query.parts] == ["count", "value"] and D("6.00") in values(a)


def test_two_special_funds_only_their_performance_tables_state_add_up(bot):
    *_, a = talk(bot, "创业担保贷款担保费补贴这个专项资金今年多少", "那市级贴息和奖补那个呢", "两个加一起多少")
    assert "127.00 + 417.00 = 544.00 万元" in a.text


def test_pension_contributions_by_everyday_name_and_class(bot):
    organ, inst, both = talk(bot, "机关这块给职工交的养老保险费预算多少", "那事业单位的呢", "两个加一起呢")
    assert values(organ) == {D("137.02")} and values(inst) == {D("321.52")} and D("458.54") in values(both)


def test_the_share_of_the_funds_with_performance_targets_in_the_whole_budget(ask):
    # putuo-commerce-2025-unit.pdf: 涉及项目预算资金11381.60万元 of 支出总计 371,514,655.00 元
    a, = ask("putuo-commerce-2025-unit", "有绩效目标的项目资金占全部预算多少比例？")
    assert a.query.parts[0].operation == "share" and D("30.64") in values(a)


def test_a_table_rows_share_of_a_figure_only_the_narrative_states(bot):
    a, = talk(bot, "三公经费占机关运行经费的几成")
    assert "30.99 ÷ 119.50 = 25.93%" in a.text


def test_the_ratio_of_two_items_and_how_many_times_more(bot):
    a, = talk(bot, "人员支出和公用支出的比例是多少")
    assert a.query.parts[0].operation == "ratio" and "4,544.75 ÷ 281.20 = 16.16 倍" in a.text
    b, = talk(bot, "项目支出比基本支出多几倍")
    assert "10.08 倍" in b.text and "10.08 − 1 = 9.08 倍" in b.text


def test_a_table_named_in_words_of_its_own_and_a_part_asking_a_new_operation(ask):
    a, = ask("putuo-commerce-2025", "基本支出经济分类表里，差旅费、培训费、公务接待费分别是多少")
    assert {D("80000.00"), D("5000.00"), D("10000.00")} <= values(a)  # 公务接待费 [30217] of that table, in 元
    assert not a.query.corrections  # '支出经济' straddles two words: no typo
    b, = ask("putuo-commerce-2025", "支出预算总表里基本支出和项目支出各是多少？项目支出大概占了多大比例")
    assert {D("19830655.00"), D("351684000.00"), D("94.66")} <= values(b) and D("5.64") not in values(b)


def test_this_money_refers_to_the_row_asked_before(ask):
    _, a = ask("putuo-commerce-2025", "行政运行多少", "这笔钱主要用来干嘛")
    assert "主要用于机关行政运行" in a.text


def test_narrative_figures_added_when_the_question_asks_for_the_narratives(ask):
    a, = ask("putuo-commerce-2025", "编制说明里行政单位医疗和事业单位医疗加起来多少万？")
    assert "63.19 + 24.99 = 88.18 万元" in a.text
    b, = ask("putuo-commerce-2025", "按编制说明里的万元口径，基本养老保险缴费和职业年金缴费加起来多少")
    assert "141.09 + 70.54 = 211.63 万元" in b.text


def test_the_largest_part_of_a_project_its_sentence_lists_and_its_share(ask):
    _, top, share = ask("putuo-commerce-2025", "商业创新专项多少钱", "里面最大的一块是啥", "它占这个专项多少")
    assert top.query.parts[0].operation == "rank" and "第1名 支持促消费提质提升：800.00 万元" in top.text
    assert "800.00 ÷ 1,410.00 = 56.74%" in share.text


def test_a_projects_aim_and_how_its_amount_is_split(ask):
    a, = ask("putuo-commerce-2025", "生命健康专项想达到什么目的？1170万是怎么分的")
    assert "一、项目概述" in a.text and "870.00 + 70.00 + 180.00 + 50.00 = 1,170.00 万元" in a.text
    b, = ask("putuo-commerce-2025", "商业创新专项这笔钱主要想实现什么效果？")
    assert "一、项目概述" in b.text and "首店" in b.text


def test_an_empty_tables_answer_says_nothing_is_budgeted_with_its_zero(ask):
    a, = ask("putuo-gov-office-2025", "政府性基金预算支出有多少")
    assert a.text.startswith("没有安排：") and a.figures[0].value == D("0.00") and a.citations[0].row_label == "注"


def test_a_whole_split_into_named_parts_answers_each_part(bot):
    zh, = talk(bot, "政府采购预算分成货物、工程、服务各多少")
    en, = talk(bot, "Can you break down the government procurement budget into goods, works and services?")
    for a in (zh, en):
        assert {D("15.21"), D("0.00"), D("113.90")} <= values(a)


def test_a_second_comma_clause_asking_the_same_share_of_another_subject(ask):
    a, = ask("putuo-gov-office-2025", "人员经费占基本支出的比例，公用经费占多少")
    assert {D("91.33"), D("8.67")} <= values(a)


def test_a_figure_asked_in_other_words_than_the_narratives_and_its_share(ask):
    a, = ask("putuo-gov-office-2025", "绩效目标覆盖了多少项目资金，占项目支出的比例是多少")
    assert {D("6626.00"), D("99.77")} <= values(a)


def test_calculations_in_everyday_words(bot):
    month, = talk(bot, "公务用车运行维护费一个月合多少钱")
    minus, = talk(bot, "项目支出减去基本支出是多少")
    both, = talk(bot, "公务接待费和公务用车运行维护费合计占三公经费多少")
    assert "60,000.00 ÷ 12 = 5,000.00 元" in month.text and "48,626.00 − 4,825.95 = 43,800.05 万元" in minus.text
    assert "14.39 + 6.00 = 20.39 万元" in both.text and "20.39 ÷ 30.99 = 65.80%" in both.text
