"""A message with several questions gets each answered, in order: question marks, '，…又是多少', English 'respectively'."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.parts import split
from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question, values", [
    ("人员支出多少？日常公用支出呢？", ["4544.75", "281.20"]),  # two columns, one question each
    ("公务用车购置费多少？运行维护费多少？", ["0.00", "6.00"]),  # the second named by the tail of its row
    ("2024年三公经费预算多少，2023年又是多少", ["30.99", "23.19"]),  # the same asked of another year
    ("三公经费多少？2023年呢？", ["30.99", "23.19"]),
    ("问两个：1. 卫生健康支出安排了多少 2. 住房保障支出是多少", ["292.37", "392.77"]),  # numbered on one line
    ("三公经费多少？机关运行经费多少", ["30.99", "119.50"]),  # the second only the narrative states
    ("1、三公经费多少，2、机关运行经费多少", ["30.99", "119.50"]),
])
def test_each_question_of_a_message_is_answered_in_order(bot, question, values):
    a = bot.ask(question)
    got = [str(f.value) for f in a.figures if str(f.value) in values]
    assert got[: len(values)] == values, a.text


def test_a_later_question_leaning_on_the_first_stays_one_question(seed_doc):
    assert split(seed_doc, "三公经费是上年的几倍？多多少？") == [["三公经费是上年的几倍？多多少？"]]


def test_parts_listed_after_a_sum_are_each_read_not_summed(ask):
    "'X总共多少，其中A、B和C各多少': C is X's C (政府采购服务预算), never a sum of every row named 服务"
    a, = ask("putuo-commerce-2025-unit", "政府采购总共多少，其中货物、工程和服务各多少")
    assert "政府采购服务预算（2025年）为 30.40 万元" in a.text and "科技条件与服务" not in a.text, a.text


def test_a_heading_before_a_colon_names_no_item_of_its_own(ask):
    a, = ask("putuo-commerce-2025-unit", "单位的三项社保缴费：基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费加起来多少")
    assert "1,410,886.00 + 705,443.00 + 881,803.00 = 2,998,132.00 元" in a.text, a.text


def test_which_is_more_after_an_enumeration_compares_its_items_after_each(seed_doc):
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("基本支出、项目支出分别多少？相差多少？", bot.new_conversation())
    assert [p.operation for p in a.query.parts][-1] == "difference", a.query.describe()
    assert "4,825.95" in a.text and "48,626.00" in a.text and "相差 43,800.05 万元" in a.text, a.text
    b = bot.ask("公务接待费和因公出国费各多少？哪个多？", bot.new_conversation())
    assert "14.39" in b.text and "10.60" in b.text and "更多，相差 3.79 万元" in b.text, b.text


def test_an_english_which_is_more_compares_and_names_the_larger(seed_doc):
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("Which costs more, official receptions or overseas trips?", bot.new_conversation())
    assert "公务接待费（2024年预算数） is more, by 3.79 万元" in a.text, a.text


def test_a_later_part_repeating_an_earlier_parts_lines_says_only_what_it_adds(seed_doc):
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("How much did the three public expenses increase and why?", bot.new_conversation())
    lines = [x for x in a.text.splitlines() if x.strip()]
    assert len(lines) == len(set(lines)) and "The document gives this reason" in a.text, a.text


@pytest.mark.parametrize("question, values", [
    ("什么是项目支出？今年项目支出预算是多少？", ["48626.00"]),  # one subject, two operations: a part each
    ("政府采购预算多少，有没有安排政府采购工程？", ["129.11", "0.00"]),  # comma-joined questions of their own
    ("收入预算里，一般公共预算收入增加了多少，上级补助收入又减少了多少？", ["4346.49", "-65.00"]),  # each under the place
])
def test_parts_of_their_own_are_each_answered(bot, question, values):
    a = bot.ask(question)
    got = {str(f.value) for f in a.figures}
    assert set(values) <= got, a.text


def test_a_definition_then_an_amount_of_the_same_subject_gives_both(bot):
    a = bot.ask("什么是项目支出？今年项目支出预算是多少？")
    assert "指在基本支出之外" in a.text and "48,626.00 万元" in a.text
    assert [p.operation for p in a.query.parts] == ["definition", "value"]


def test_the_numbers_a_list_of_questions_is_written_with_are_no_part_of_them(seed_doc):
    assert split(seed_doc, "1. 住房公积金预算多少？ 2. 占基本支出的比重是多少？") == [
        ["住房公积金预算多少？"], ["占基本支出的比重是多少？"]]
    assert split(seed_doc, "第二个呢") == [["第二个呢"]]  # an ordinal asks a place in a ranking


def test_a_comparison_after_the_parts_stays_one_question_over_them(seed_doc):
    assert split(seed_doc, "住房保障支出多少?卫生健康支出多少?哪个多，多多少?") == [
        ["住房保障支出多少?卫生健康支出多少?哪个多，多多少?"]]
    assert split(seed_doc, "基本支出比上年减少多少？项目支出增加多少？两者相抵净增多少？") == [
        ["基本支出比上年减少多少？项目支出增加多少？两者相抵净增多少？"]]


def test_a_later_part_sees_the_figure_the_part_before_ranked(bot):
    a = bot.ask("项目支出里哪个项目最多？占项目支出的百分之几")
    assert Decimal("45.11") in {f.value for f in a.figures}, a.text  # 21,933.00 ÷ 48,626.00


def test_the_columns_of_the_topic_enumerated_then_one_columns_share_of_it(bot):
    conv = bot.new_conversation()
    bot.ask("社会保险经办机构的预算是多少？", conv)
    columns = bot.ask("基本支出和项目支出各多少？", conv)
    assert {Decimal("1064.30"), Decimal("9403.00")} <= {f.value for f in columns.figures}, columns.text
    share = bot.ask("项目支出占了几成？", conv)
    assert Decimal("89.83") in {f.value for f in share.figures}, share.text  # 9,403.00 ÷ 10,467.30


def test_an_english_split_of_what_was_just_named_is_its_columns_and_their_shares(bot):
    a = bot.ask("How much goes to social insurance agencies (社会保险经办机构), and how does that split between basic "
                "and project spending?")
    assert {Decimal("10467.30"), Decimal("1064.30"), Decimal("9403.00"), Decimal("10.17"), Decimal("89.83")} <= \
        {f.value for f in a.figures}, a.text


def test_an_english_what_is_the_budget_asks_an_amount_and_a_rate_question_is_no_claim(bot):
    a = bot.ask("What is the 'three public expenses' budget expressed in yuan?")
    assert Decimal("309900.00") in {f.value for f in a.figures}, a.text  # 30.99 万元 × 10,000
    b = bot.ask("What is the budget for official trips abroad in 2024 and by what percentage did it rise?")
    assert not b.text.startswith(("Yes:", "No:")) and Decimal("430.00") in {f.value for f in b.figures}


def test_items_listed_each_then_their_total_is_their_sum(seed_doc, bot):
    groups = split(seed_doc, "行政事业单位医疗里面行政单位医疗、事业单位医疗和公务员医疗补助分别多少，合计多少")
    assert [len(g) for g in groups] == [3, 1]  # 'A、B和C': three items, though the last two are joined by 和
    a = bot.ask("行政事业单位医疗里面行政单位医疗、事业单位医疗和公务员医疗补助分别多少，合计多少")
    total = next(f for f in a.figures if f.basis == "computed")
    assert total.computation == "70.23 + 164.80 + 57.34 = 292.37 万元"


def test_questions_on_lines_of_their_own_are_each_answered(bot):
    a = bot.ask("1. 三公经费是多少\n2. 公务接待费是多少")
    assert [p.operation for p in a.query.parts] == ["value", "value"]
    assert {Decimal("30.99"), Decimal("14.39")} <= {f.value for f in a.figures}


def test_an_english_ranking_is_headed_in_english_and_lists_the_number_asked(bot):
    a = bot.ask("What are the three largest items in basic expenditure?")
    assert a.text.startswith("The 3 largest items in ") and "- 第3名 " in a.text and "- 第4名 " not in a.text
    assert "按“" not in a.text


def test_what_the_bureau_does_in_english_is_its_duties(bot):
    a = bot.ask("What does the bureau do?")
    assert a.status == "answered" and a.query.parts[0].operation == "duties"


def test_an_english_refusal_gives_its_reason_in_english(bot):
    a = bot.ask("What is the mayor's salary?")
    assert a.status == "not_in_document" and "the document does not say" in a.text
    assert "nothing in the document is about this question" in a.text and "文件中没有找到" not in a.text


def test_each_then_which_is_larger_compares_the_items_after_listing_them(bot):
    a = bot.ask("机关运行经费和三公经费各多少，哪个多？")
    assert "119.50" in a.text and "30.99" in a.text and "88.51" in a.text and "机关运行经费更多" in a.text, a.text


def test_two_columns_of_one_row_are_compared_not_the_row_against_a_column_total(bot):
    for q in ("行政运行的基本支出和项目支出哪个大？", "行政运行科目的基本支出和项目支出各是多少，哪个大？"):
        a = bot.ask(q)
        assert "694.27" in a.text and "13,140.00" in a.text and "12,445.73" in a.text, a.text
        assert "4,825.95" not in a.text and "13,834.27" not in a.text, a.text


def test_a_share_part_leaning_on_the_numbered_part_before_it_is_computed(bot):
    a = bot.ask("1. 住房公积金预算多少？ 2. 占基本支出的比重是多少？")
    assert "392.77" in a.text and "8.14%" in a.text and "392.77 ÷ 4,825.95" in a.text, a.text


def test_a_list_then_a_share_naming_its_own_subject_is_two_questions(bot):
    a = bot.ask("基本支出中人员支出及日常公用支出分别是多少，人员支出占基本支出的比重是多少")
    assert "4,544.75" in a.text and "281.20" in a.text and "94.17%" in a.text, a.text
    assert "6.19%" not in a.text, a.text  # not 日常公用支出 over 人员支出


def test_a_kind_of_procurement_after_the_procurement_total_is_read_inside_it(bot):
    a = bot.ask("政府采购预算一共多少；服务类采购多少钱，占全部采购的比例是多少？")
    assert "129.11" in a.text and "113.90" in a.text and "88.22%" in a.text, a.text


def test_money_units_in_english_are_a_conversion_not_the_budget_units(bot):
    a = bot.ask("Can you give me the personnel expenditure figure in yuan rather than 10k-yuan units?")
    assert "45,447,500.00 元" in a.text and "二级预算单位" not in a.text, a.text


def test_the_top_places_added_are_a_share_of_the_whole_they_were_ranked_in(bot):
    a = bot.ask("最大的三个项目加起来占项目支出多少")
    assert "39,534.00" in a.text and "81.30%" in a.text and "39,534.00 ÷ 48,626.00" in a.text, a.text


def test_whether_there_is_any_of_two_items_is_asked_of_each(ask):
    a, = ask("putuo-gov-office-2025-unit", "有政府性基金预算和国有资本经营预算的钱吗")  # pages 17-18: both empty
    assert a.text.count("是空表") == 2 and "政府性基金" in a.text and "国有资本经营" in a.text, a.text


def test_a_contrast_in_english_names_no_second_item(ask):
    a, = ask("putuo-gov-office-2025-unit",
             "Roughly what percentage of total spending is project expenditure rather than basic expenditure?")
    assert "72.96%" in a.text and "269.89%" not in a.text, a.text


@pytest.mark.parametrize("question, start", [
    ("今年人社局一共有多少钱", "收支总预算（支出总体合计）（2024年预算）为 53,451.95 万元"),  # nothing named: the whole
    ("开会和出差一共多少钱", "会议费、差旅费合计 38.04 万元"),  # two items named in everyday words: their sum
    ("最贵的三个项目", "项目支出预算情况表按“合计”最大的3项"),
    ("最便宜的项目是哪个", "项目支出预算情况表按“合计”最小的项目"),
    ("社保基金征缴奖励两个加一起多少", "社保基金征缴奖励合计 240.00 万元"),  # one project listed twice: both rows
    ("跟就业有关的项目有哪些", "项目支出预算情况表中名称含“就业”的项目共 3 个，合计 214.00 万元"),
    ("社保相关的项目有哪些", "项目支出预算情况表中名称含“社保”的项目共 6 个，合计 439.00 万元"),  # 社保: 社会保险 too
    ("哪些项目跟农民工有关", "项目支出预算情况表中名称含“农民工”的项目共 1 个，合计 50.00 万元"),
    ("基本支出里哪项经济分类最多", "基本支出预算情况表（类级）按“合计”最大的项目"),
])
def test_everyday_wordings_of_totals_rankings_and_listings(bot, question, start):
    a = bot.ask(question)
    assert a.status == "answered" and a.text.startswith(start), a.text


def test_these_two_added_after_a_ranking_is_not_the_whole_budget(bot):
    conv = bot.new_conversation()
    for q in ("项目支出里钱最多的是哪个项目？", "第二个呢"):
        bot.ask(q, conv)
    a = bot.ask("这两个一共多少钱？", conv)
    assert "34,764.00" in a.text and "53,451.95" not in a.text, a.text


def test_what_a_term_is_in_english_is_its_definition_and_a_second_question_asks_its_amount(bot):
    a = bot.ask("What is basic expenditure? How much is it?")
    assert "指为保障机构正常运转" in a.text and "4,825.95" in a.text, a.text
    a = bot.ask("What is the basic expenditure?")  # 'the …': the amount
    assert "4,825.95" in a.text and "指为保障机构正常运转" not in a.text, a.text


@pytest.mark.parametrize("question, values", [
    ("三公经费：1. 今年多少 2. 去年多少", ["30.99", "23.19"]),  # a heading names what the numbered parts ask of
    ("两个问题：1. 三公经费多少 2. 机关运行经费多少", ["30.99", "119.50"]),  # an intro names nothing
])
def test_a_heading_before_numbered_parts_is_their_subject(bot, question, values):
    a = bot.ask(question)
    assert all(v in [str(f.value) for f in a.figures] for v in values), a.text
    assert "53,451.95" not in a.text, a.text


@pytest.mark.parametrize("question, not_said", [
    ("三公经费的构成是什么", "“三公”经费：指"),  # a breakdown, not the definition
    ("行政运行这笔钱安排在哪个科目下面", "具体用途"),  # which line, not what it is for
    ("考试方面总共多少钱", "53,451.95"),  # an item in everyday words, not the whole budget
])
def test_wordings_near_the_new_rules_keep_their_own_reading(bot, question, not_said):
    a = bot.ask(question)
    assert not_said not in a.text, a.text


def test_which_is_larger_asked_after_two_subjects_compares_them(bot):
    conv = bot.new_conversation()
    bot.ask("机关运行经费多少", conv)
    bot.ask("三公经费呢", conv)
    a = bot.ask("哪个多", conv)
    assert "88.51" in a.text and "机关运行经费更多" in a.text, a.text


def test_money_received_from_a_source_in_english_is_that_sources_income(bot):
    a = bot.ask("How much money does the bureau get from the general public budget?")
    assert a.text.startswith("一般公共预算拨款收入（2024年预算）: 53,451.95 万元"), a.text


def test_a_definition_then_an_amount_then_a_reason_in_one_sentence_are_three_answers(bot):
    a = bot.ask("三公经费是什么，今年多少，为什么增加")
    assert "指市级部门单位安排的因公出国" in a.text and "30.99" in a.text and "比上年增加 7.80 万元" in a.text, a.text
    assert "主要原因是" in a.text, a.text


def test_what_basic_spending_is_made_of_is_its_two_halves_with_their_shares(bot):
    a = bot.ask("基本支出由哪些部分组成")
    assert "4,544.75" in a.text and "281.20" in a.text and "94.17%" in a.text and "与合计一致" in a.text, a.text


def test_where_the_income_comes_from_is_its_sources(bot):
    a = bot.ask("收入都来自哪里")
    assert a.status == "answered" and "财政拨款收入" in a.text and "53,451.95" in a.text, a.text


def test_projects_by_category_are_counted_and_added_per_category(bot):
    a = bot.ask("项目支出按类别分各多少")
    assert "（特定目标类）金额合计 47,421.00 万元" in a.text and "（其他运转类）金额合计 1,205.00 万元" in a.text, a.text
