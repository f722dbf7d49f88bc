"""Answers that say whose figure each derived line is, list the parts a sentence states, and correct a why that
takes the wrong direction for granted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.english import to_chinese

from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    from assistant.core import Assistant

    return Assistant.from_document(seed_doc, retrieval=False)


def _ask(bot, question):
    return bot.ask(question, bot.new_conversation())


def test_a_converted_figure_names_its_item_on_its_own_line(bot):
    a = _ask(bot, "三公经费合多少元")
    line = next(x for x in a.text.splitlines() if "309,900.00 元" in x)
    assert "三公" in line.split("折合")[0]


def test_this_year_as_a_multiple_of_last_year_names_the_item(bot):
    a = _ask(bot, "因公出国（境）经费今年是去年的多少倍？")
    line = next(x for x in a.text.splitlines() if "5.30 倍" in x)
    assert line.startswith("因公出国(境)经费今年是上年的")


def test_an_english_average_names_the_item_it_divides(bot):
    a = _ask(bot, "On average, how much is the housing provident fund budget per month?")
    assert "On average 住房公积金 is 32.73 万元 per month" in a.text


def test_a_why_that_takes_the_wrong_direction_is_corrected_before_the_reason(bot):
    # the document: 机关运行经费安排119.5万元，较2023年预算减少1.52万元 … 主要原因是：在职人数减少
    a = _ask(bot, "机关运行经费咋还增加了")
    assert a.text.startswith("不对：机关运行经费比上年减少 1.52 万元")
    assert "在职人数减少" in a.text


def test_a_why_whose_direction_holds_gets_no_verdict(bot):
    a = _ask(bot, "三公经费为什么涨了")
    assert not a.text.startswith(("是的", "不对"))
    assert "公务出国活动增加" in a.text


def test_a_claim_about_the_main_part_in_everyday_words_is_checked_against_every_part(bot):
    a = _ask(bot, "三公经费主要是花在公车上吧？")
    assert a.text.startswith("不对：三公经费中最多的是公务接待费")
    assert Decimal("6.00") in {f.value for f in a.figures}


def test_a_grand_total_quotes_the_narrative_sentence_stating_it(ask):
    # putuo-commerce-2025.pdf p.7: 收入预算37,151.47万元; table 1 收入总计 371,514,655.00元
    a, = ask("putuo-commerce-2025", "商务委2025年收入预算多少？")
    assert "371,514,655.00 元" in a.text and "收入预算37,151.47万元" in a.text
    assert any(c.kind == "narrative" for c in a.citations)


def test_a_projects_budget_split_lists_each_part_the_paragraph_states(ask):
    # putuo-commerce-2025.pdf 生命健康专项 年度预算安排: 1170.00万 = 870 + 70 + 180 + 50
    a, = ask("putuo-commerce-2025", "生命健康专项的钱怎么分的")
    lines = a.text.splitlines()
    assert "- 支持企业规模化发展：870.00 万元[1]" in lines and "- 支持企业国际化发展：50.00 万元[1]" in lines
    assert {Decimal("1170.00"), Decimal("870.00"), Decimal("70.00"), Decimal("180.00")} <= {f.value for f in a.figures}


def test_a_term_the_glossary_does_not_define_says_so_before_the_nearest_entry(bot):
    a = bot.ask("一般公共预算是个什么东西", bot.new_conversation())
    assert a.text.startswith("名词解释中没有单独解释“一般公共预算”")


def test_a_glossary_sentence_defining_the_term_is_its_definition(bot):
    a = _ask(bot, "公务接待费是什么意思")
    assert a.text.startswith("公务接待费反映")


@pytest.mark.parametrize("question, chinese", [
    ("What share of total spending is project spending?", "项目支出占总支出的比重是多少?"),
    ("What percentage of the sangong budget goes to receptions?", "公务接待费占三公经费的比重是多少?"),
    ("What is basic expenditure as a share of total expenditure?", "基本支出占总支出的比重是多少?"),
    ("How much is project spending, and what share of the total is it?", "How much is 项目支出, and 它占总支出的比重是多少?"),
    ("What share of total spending goes to basic expenditure and project expenditure respectively?",
     "基本支出和项目支出分别占总支出的比重是多少?"),
])
def test_english_share_grammar_names_the_part_before_the_whole_as_chinese_does(question, chinese):
    assert to_chinese(question) == chinese


def test_an_english_share_whose_whole_comes_first_is_not_turned_around(bot):
    a = _ask(bot, "What share of total spending is project spending?")
    assert Decimal("90.97") in {f.value for f in a.figures}
    assert Decimal("109.92") not in {f.value for f in a.figures}


# ------------------------------------------------------------------------------------------------ understanding


def test_a_row_named_after_its_parent_is_the_child_not_the_parent(ask):
    # putuo-commerce-2025-unit.pdf: 201 13 01 行政运行 9,389,913.00元 under 201 13 商贸事务 21,601,733.00元
    a, = ask("putuo-commerce-2025-unit", "商贸事务的行政运行安排了多少万")
    assert "行政运行 [2011301]" in a.text and "21,601,733.00" not in a.text
    assert "行政运行折合约 938.99 万元（9,389,913.00 元 ÷ 10,000 = 938.9913 万元）" in a.text  # '多少万': in 万元


def test_a_childs_name_alone_keeps_the_table_its_parent_word_hints(bot):
    # 财政拨款里X: X of the 财政拨款 table, not the row X under a 财政拨款 row of another table
    a = _ask(bot, "财政拨款里政府性基金预算拨款收入有多少？")
    assert a.citations[0].table.startswith("财政拨款收支总体情况表")


def test_what_a_function_line_is_used_for_quotes_that_lines_sentence(ask):
    a, = ask("putuo-commerce-2025-unit", "商贸事务下面的事业运行，这笔钱用到什么地方")
    assert "事业运行（项）”290.18万元，主要用于下属事业单位运行费和人员经费" in a.text


def test_the_whole_budget_named_outright_does_not_inherit_the_previous_topic(ask):
    _, a = ask("putuo-commerce-2025-unit", "商务委科学技术支出安排了多少？", "整个商务委去年的预算是多少？")
    assert "科学技术" not in a.text
    assert "12,659.76 万元" in a.text and "12,593.29 万元" in a.text  # both of the narrative's prior-year totals


def test_last_years_figure_the_document_does_not_give_is_not_in_document(ask):
    _, a = ask("putuo-commerce-2025-unit", "科学技术支出安排了多少？", "去年预算多少")
    assert a.status == "not_in_document"
    assert "文件没有给出科学技术支出的上年数" in a.text


def test_another_columns_share_after_a_columns_share_keeps_the_whole(bot):
    conv = bot.new_conversation()
    bot.ask("基本支出一共多少", conv)
    bot.ask("里面人员支出占多少比例？", conv)
    a = bot.ask("公用经费呢", conv)
    assert Decimal("5.83") in {f.value for f in a.figures}  # 281.20 ÷ 4,825.95
    assert "281.20 ÷ 4,825.95 = 5.83%" in a.text


def test_other_income_is_a_budget_row_not_someones_pay(ask):
    a, = ask("putuo-commerce-2025-unit", "商务委的收入全是财政拨款，没有事业收入和其他收入，我理解得对吧？")
    assert a.status == "answered" and "个人收入" not in a.text


def test_a_bonus_of_an_official_is_personal_pay_whatever_the_topic(ask):
    _, a = ask("putuo-commerce-2025-unit", "公务接待费预算是多少？", "那商务委主任年终奖发多少？")
    assert a.status == "not_in_document" and not a.figures


def test_a_glossary_entry_named_with_its_generic_suffix_is_found_without_it(ask):
    a, = ask("putuo-commerce-2025-unit", "基本支出指的是什么")
    assert a.text.startswith("基本支出预算：是区级预算主管部门")


def test_a_second_question_with_its_own_subject_is_answered_as_well(ask):
    # 政府采购预算38.20万元，其中服务30.40万元
    a, = ask("putuo-commerce-2025-unit", "商务委政府采购预算一共多少万？服务类采购占了几成？")
    assert [p.operation for p in a.query.parts][:1] == ["sum"] and len(a.query.parts) == 2
    assert {Decimal("38.20"), Decimal("30.40"), Decimal("79.58")} <= {f.value for f in a.figures}


def test_a_stated_sub_figures_share_of_its_whole_named_after_it(bot):
    # 政府采购预算129.11万元，其中…服务113.90万元
    a = _ask(bot, "服务类采购占政府采购的比例")
    assert "113.90 ÷ 129.11 = 88.22%" in a.text


def test_a_share_in_tenths_of_a_stated_sub_figure(ask):
    a, = ask("putuo-commerce-2025-unit", "政府采购里服务类占几成")
    assert "30.40 ÷ 38.20 = 79.58%" in a.text


def test_a_breakdowns_shares_are_figures_with_their_arithmetic_and_its_whole_is_read(bot):
    a = _ask(bot, "三公经费分哪几块，每块各多少？")
    whole = next(f for f in a.figures if f.value == Decimal("30.99"))
    assert whole.basis == "read" and not whole.computation
    share = next(f for f in a.figures if f.unit == "%" and f.value == Decimal("46.43"))
    assert share.basis == "computed" and share.computation == "14.39 ÷ 30.99 = 46.43%"


def test_a_share_of_the_whole_budget_said_in_everyday_words(ask):
    # putuo-gov-office-2025-unit.pdf: 三公 867.50万元; 支出总计 91,016,775.35元 → 9.53%
    a, = ask("putuo-gov-office-2025-unit", "三公经费占区府办全年预算的百分比大概多少")
    assert Decimal("9.53") in {f.value for f in a.figures}
    _, b = ask("putuo-gov-office-2025-unit", "机关运行经费安排了多少", "它占整个预算多少？")
    assert Decimal("2.34") in {f.value for f in b.figures}  # 2,132,800.00 ÷ 91,016,775.35


def test_a_column_named_after_an_enumeration_is_asked_of_each(ask):
    a, = ask("putuo-gov-office-2025-unit", "行政运行和事业运行这两行，项目支出各是多少？")
    assert {Decimal("110000.00"), Decimal("40000.00")} <= {f.value for f in a.figures}


def test_a_claim_then_a_question_after_a_comma_are_both_answered(ask):
    a, = ask("putuo-gov-office-2025-unit", "区府办有好几辆公务车吧，车辆运行费多少？")
    assert a.text.startswith("不对") and len(a.query.parts) == 2
    assert "公务用车运行费" in a.text


def test_an_off_topic_follow_up_sharing_a_word_with_the_department_is_refused(ask):
    _, a = ask("putuo-gov-office-2025-unit", "住房公积金预算多少钱？", "那区政府大楼门口停车怎么收费的")
    assert a.status == "not_in_document" and not a.figures


def test_everyday_words_for_what_a_line_pays_for_ask_its_purpose(ask):
    a, = ask("putuo-gov-office-2025-unit", "行政单位离退休科目主要开支什么？")
    assert a.query.parts[0].operation == "purpose" and "主要用于" in a.text


@pytest.mark.parametrize("question", ["What is Shanghai's total budget for 2024?", "上海的人社局2024年预算是多少"])
def test_another_places_budget_is_never_answered_with_this_documents_figure(bot, question):
    a = _ask(bot, question)
    assert a.status == "not_in_document" and "上海" in a.text or "Shanghai" in a.text
    assert not a.figures


def test_the_documents_own_place_before_its_office_is_its_own(bot):
    a = _ask(bot, "威海的人社局2024年预算是多少")
    assert a.status == "answered" and Decimal("53451.95") in {f.value for f in a.figures}


def test_english_within_a_whole_what_percentage_is_a_part(ask):
    a, = ask("putuo-gov-office-2025-unit", "Within basic expenditure, what percentage is personnel costs?")
    assert Decimal("91.33") in {f.value for f in a.figures}  # 22,473,997.81 ÷ 24,606,775.35


def test_parts_of_a_projects_budget_are_summed_from_its_paragraph(ask):
    # putuo-commerce-2025.pdf 商业创新专项 年度预算安排: 支持引进品牌集聚340.00万, 支持打造示范地标120.00万
    a, = ask("putuo-commerce-2025", "商业创新专项中引进品牌集聚和打造示范地标这两项合计多少？")
    assert "340.00 + 120.00 = 460.00 万元" in a.text


def test_a_part_of_a_projects_budget_as_a_share_of_the_project(ask):
    a, = ask("putuo-commerce-2025", "市级支持总部经济在贸易高质量发展专项中占几成？给个百分比")
    assert "1,262.00 ÷ 2,921.00 = 43.20%" in a.text


def test_a_project_whose_one_part_is_its_whole_budget_lists_that_part(ask):
    a, = ask("putuo-commerce-2025", "科技创新专项的钱具体投向哪一块？")
    assert "- 各级企业技术中心及专精特新认定：1,720.00 万元[1]" in a.text.splitlines()


def test_how_much_it_rose_and_its_rate_is_one_change_and_no_verdict(bot):
    a = _ask(bot, "By how much did the bureau's budget go up versus last year, and what's that as a growth rate?")
    assert not a.text.startswith("Yes") and a.text.count("an increase of 4,281.49 万元") == 1
    assert Decimal("8.71") in {f.value for f in a.figures}


@pytest.mark.parametrize("question, words", [
    ("Sorry, what exactly counts as the 'three public expenses' in this budget?", "因公出国（境）费"),
    ("项目支出和基本支出到底怎么区分的？", "特定任务"),
    ("使用非财政拨款结余 能不能说人话解释下", "以前年度积累结余"),
])
def test_definitions_asked_in_other_words_quote_the_glossary(bot, question, words):
    a = _ask(bot, question)
    assert any(c.section == "名词解释" for c in a.citations) and words in a.text


@pytest.mark.parametrize("question, words", [
    ("今年预算咋比去年多了四千多万？", "养老保险分担增多"),
    ("因公出国费一下涨了430%，什么情况", "公务出国活动增加"),
])
def test_colloquial_whys_quote_the_reason(bot, question, words):
    a = _ask(bot, question)
    assert a.query.parts[0].operation == "reason" and words in a.text


def test_an_unchanged_figure_gets_no_other_items_reason(bot):
    a = _ask(bot, "公务用车运行维护费为什么跟去年一样，没增没减？")
    assert a.status == "not_in_document" and "公务接待" not in a.text and "机关运行经费" not in a.text


def test_how_much_more_one_row_is_budgeted_than_another(bot):
    a = _ask(bot, "行政运行比社会保险经办机构多安排了多少？")
    assert "13,834.27 − 10,467.30 = 3,366.97 万元" in a.text


@pytest.mark.parametrize("question", ["政府采购 total多少 goods和service各多少", "政府采购总共多少，货物和服务各多少"])
def test_a_whole_then_each_of_its_parts_in_one_message(bot, question):
    a = _ask(bot, question)
    assert {Decimal("129.11"), Decimal("15.21"), Decimal("113.90")} <= {f.value for f in a.figures}


def test_each_of_two_then_their_sum_in_one_message(bot):
    a = _ask(bot, "卫生健康支出和住房保障支出各是多少，两个加起来呢？")
    assert "292.37 + 392.77 = 685.14 万元" in a.text


def test_a_row_and_a_figure_only_the_narrative_states_add_up(bot):
    a = _ask(bot, "三公经费和机关运行经费加在一起是多少？")
    assert "30.99 + 119.50 = 150.49 万元" in a.text
    assert any(c.kind == "narrative" for c in a.citations) and any(c.kind == "table" for c in a.citations)


def test_two_wordings_of_one_figure_are_never_added_to_themselves(bot):
    a = _ask(bot, "请问2024年部门支出预算合计是多少？")
    assert "106,903.90" not in a.text


def test_the_next_place_of_a_ranking_keeps_its_level(bot):
    conv = bot.new_conversation()
    bot.ask("功能分类里哪类支出最多", conv)
    a = bot.ask("第二个呢", conv)
    assert "第2名 一般公共服务支出 [201]：747.59 万元" in a.text


def test_it_after_the_second_place_is_the_second_place(bot):
    conv = bot.new_conversation()
    bot.ask("哪个项目钱最多", conv)
    bot.ask("第二大的呢", conv)
    a = bot.ask("它是干嘛的", conv)
    assert a.query.parts[0].operands[0].item == "市直机关事业单位退休人员养老保险统筹外项目资金"


@pytest.mark.parametrize("question, words", [
    ("企业离休人员按机关标准发放差额资金 解决什么问题", "待遇差别"),
    ("纳入预算的二级单位都有谁，列一下", "威海市人事考试中心"),
])
def test_purposes_and_units_asked_in_everyday_words(bot, question, words):
    assert words in _ask(bot, question).text


def test_the_other_class_of_the_previous_row_is_its_sibling_row(ask):
    # putuo-commerce-2025.pdf: 行政单位医疗 631,941.00元, 事业单位医疗 249,862.00元
    _, a, b = ask("putuo-commerce-2025", "行政单位医疗多少", "事业单位的呢", "两个加起来多少？")
    assert a.status == "answered" and "事业单位医疗 [2101102]" in a.text
    assert "631,941.00 + 249,862.00 = 881,803.00 元" in b.text


def test_paid_monthly_is_an_average_per_month(ask):
    a, = ask("putuo-commerce-2025", "购房补贴如果按月发，每月是多少元？")
    assert "购房补贴每月平均 124,000.00 元" in a.text


def test_which_is_largest_inside_a_row_ranks_the_rows_under_it(ask):
    # putuo-commerce-2025.pdf 经济分类: 302 商品和服务支出 → 福利费 423,360.00, 其他交通费用 284,480.00
    _, a, b = ask("putuo-commerce-2025", "商品和服务支出有多少", "里面哪一项最多？", "第二个呢？")
    assert "第1名 福利费 [30229]：423,360.00 元" in a.text
    assert "第2名 其他交通费用 [30239]：284,480.00 元" in b.text


def test_a_later_question_asking_what_the_same_item_is_for_is_answered_after_its_amount(ask):
    a, = ask("putuo-gov-office-2025", "行政运行多少钱？用途是什么？")
    assert [p.operation for p in a.query.parts] == ["value", "purpose"]
    assert "12,029,501.84 元" in a.text and "主要用于行政单位的基本支出" in a.text


def test_what_a_class_is_for_quotes_every_line_under_it(ask):
    a, = ask("putuo-gov-office-2025", "一般公共服务支出主要用来干什么？")
    assert a.text.count("主要用于") >= 4 and "事业运行" in a.text and "行政运行" in a.text


def test_a_purpose_the_document_does_not_state_is_said_to_be_missing(bot):
    a = _ask(bot, "行政运行是干什么用的")
    assert a.status == "not_in_document" and "文件没有说明行政运行的具体用途" in a.text
    assert "原因" not in a.text  # never a reason for a change in its place


def test_a_term_asked_of_the_glossary_that_it_lacks_is_not_in_document(bot):
    a = _ask(bot, "名词解释里政府采购是怎么定义的？")
    assert a.status == "not_in_document" and "名词解释中没有“政府采购" in a.text


def test_questions_about_things_counted_each_get_their_count(bot):
    a = _ask(bot, "单位有几辆车？100万以上的设备有几台？今年打算买大型设备吗")
    assert len(a.query.parts) == 3 and "车辆2辆" in a.text and "未安排购置单位价值100万元以上大型设备" in a.text


def test_a_heading_before_a_comma_names_no_item_and_performance_pay_is_pay(ask):
    a, = ask("putuo-commerce-2025-unit", "工资这块，基本工资、津贴补贴、绩效工资合计多少？")
    assert a.query.parts[0].operation == "sum"
    assert "1,952,616.00 + 7,533,376.00 + 1,852,114.00 = 11,338,106.00 元" in a.text


def test_a_later_share_part_is_the_share_of_the_item_before(ask):
    a, = ask("putuo-commerce-2025-unit", "资源勘探工业信息等支出有多少？在全部支出里占多大比例？")
    assert "293,810,000.00 ÷ 371,514,655.00 = 79.08%" in a.text


# ------------------------------------------------------------------------------------ review of this round's diff


def test_a_rows_share_of_the_class_it_sits_in_is_never_turned_around(bot):
    a = _ask(bot, "社会保障和就业支出里就业补助占多少")
    assert "214.00 ÷ 52,019.22 = 0.41%" in a.text


def test_a_sum_of_a_projects_parts_named_in_short_adds_both(ask):
    a, = ask("putuo-commerce-2025", "生命健康专项里支持企业规模化发展和创新化发展一共多少")
    assert "870.00 + 70.00 = 940.00 万元" in a.text


@pytest.mark.parametrize("question", ["三公经费都花在哪些方面", "三公经费花在哪了"])
def test_where_the_money_goes_is_its_breakdown(bot, question):
    a = _ask(bot, question)
    assert a.status == "answered" and "10.60 + 6.00 + 14.39 = 30.99 万元" in a.text


def test_what_a_glossary_item_is_for_quotes_the_glossary(bot):
    a = _ask(bot, "公务接待费用来干什么")
    assert a.status == "answered" and "各类接待" in a.text


def test_buying_a_thing_a_row_names_is_that_row_not_the_large_equipment_count(bot):
    a = _ask(bot, "今年要买办公设备吗")
    assert "办公设备购置 [31002]" in a.text and "大型设备" not in a.text


def test_rows_under_a_row_printed_once_per_block_are_ranked_together(bot):
    a = _ask(bot, "工资福利支出里哪一项最多")
    assert "第1名 基本工资 [30101]（50501 工资福利支出）：744.98 万元" in a.text


def test_a_place_with_an_apostrophe_is_another_place(bot):
    a = _ask(bot, "What is Jing'an's budget?")
    assert a.status == "not_in_document" and not a.figures


def test_how_to_cut_is_no_claim_and_what_about_x_is_no_why(bot, ask):
    assert not _ask(bot, "怎么压缩三公经费").text.startswith(("不对", "是的"))
    a, = ask("putuo-commerce-2025", "政府采购是什么情况")
    assert a.query.parts[0].operation != "reason" and "38.20 万元" in a.text


def test_each_then_their_sum_after_a_comma(bot):
    a = _ask(bot, "基本支出和项目支出分别多少，加起来多少")
    assert "4,825.95 + 48,626.00 = 53,451.95 万元" in a.text and "合计合计" not in a.text


def test_a_narrative_only_amount_then_its_purpose(bot):
    a = _ask(bot, "机关运行经费多少？用途是什么？")
    assert [p.operation for p in a.query.parts] == ["value", "purpose"] and "119.50 万元" in a.text


@pytest.mark.parametrize("question, words", [
    ("区府办是什么级别的单位？", "为正处级"),
    ("区政府办公室还挂了哪些牌子", "加挂上海市普陀区人民政府研究室"),
    ("区府办和哪个单位合署办公？", "合署办公"),
])
def test_what_the_department_says_of_itself_is_quoted(ask, question, words):
    a, = ask("putuo-gov-office-2025", question)
    assert a.status == "answered" and words in a.text and a.citations[0].kind == "narrative"


def test_a_rank_the_document_does_not_state_is_not_in_document(bot):
    assert _ask(bot, "人社局是什么级别的").status == "not_in_document"


@pytest.mark.parametrize("question, heading", [
    ("督查经费的目标是啥", "七、绩效目标"),
    ("督查经费由谁来实施", "三、实施主体"),
])
def test_a_project_called_by_a_word_only_its_name_has(ask, question, heading):
    # putuo-gov-office-2025.pdf: the one 项目经费情况说明 is 区政府督查及建议提案工作业务经费
    a, = ask("putuo-gov-office-2025", question)
    assert a.text.startswith(heading)


def test_a_figure_only_the_narrative_states_as_a_share_of_a_table_row(ask):
    # putuo-commerce-2025.pdf: 编报绩效目标的项目25个，涉及项目预算资金11381.60万元; 项目支出 351,684,000.00元
    a, = ask("putuo-commerce-2025", "编报了绩效目标的项目资金，占项目支出总额的百分之多少？")
    assert "11,381.60 万元 × 10,000 = 113,816,000.00 元；113,816,000.00 ÷ 351,684,000.00 = 32.36%" in a.text


def test_a_rows_share_stays_the_tables_when_the_narrative_states_the_row_too(ask):
    a, = ask("putuo-gov-office-2025-unit", "一般公共服务支出占区政府办公室总支出的百分之几？")
    assert "82,096,797.42 ÷ 91,016,775.35 = 90.20%" in a.text


@pytest.mark.parametrize("question, lead", [
    ("社会保障和就业支出是最大的一类吧", "是的：最大的是社会保障和就业支出 [208]"),
    ("一般公共服务支出是最多的吧", "不对：最大的是社会保障和就业支出 [208]"),
])
def test_a_row_claimed_to_be_the_largest_is_checked_against_the_rows_beside_it(bot, question, lead):
    a = _ask(bot, question)
    assert a.text.startswith(lead) and "52,019.22 万元" in a.text


@pytest.mark.parametrize("question, words", [
    ("事业运行这项预算是给谁用的？", "主要用于下属事业单位运行费和人员经费"),
    ("行政运行（项）主要支付哪些开支？", "主要用于机关行政运行和机关人员经费支出"),
])
def test_who_a_line_pays_for_is_its_purpose(ask, question, words):
    a, = ask("putuo-commerce-2025", question)
    assert words in a.text


def test_english_difference_between_two_terms_gives_both_readings(bot):
    a = _ask(bot, "What is the difference between basic expenditure and project expenditure?")
    assert "4,825.95 − 48,626.00 = −43,800.05 万元" in a.text
    assert "The document's glossary defines 基本支出" in a.text and "defines 项目支出" in a.text


@pytest.mark.parametrize("question", ["Does the bureau plan to buy any vehicles?", "购置公务用车多少钱"])
def test_buying_vehicles_is_the_purchase_column_said_in_the_answers_language(bot, question):
    a = _ask(bot, question)
    assert "公务用车购置经费" in a.text and "运行维护" not in a.text
    if question.startswith("Does"):
        assert "(nothing budgeted: the table leaves this cell blank, read as 0)" in a.text


def test_an_english_glossary_phrase_about_next_year_is_not_a_later_year(bot):
    a = _ask(bot, 'What does "carried forward to next year" mean?')
    assert a.status == "answered" and "结转下年" in a.text


def test_where_the_departments_money_goes_is_its_spending_by_class(ask, bot):
    a, = ask("putuo-commerce-2025", "商务委的钱都花哪了")
    assert "资源勘探工业信息等支出：293,810,000.00 元" in a.text
    assert "支出总体合计的构成" not in _ask(bot, "政策宣传费45万都花哪了").text  # a thing named: that thing


def test_what_it_is_for_after_an_amount_or_a_ranking_is_that_rows_purpose(ask):
    _, a = ask("putuo-gov-office-2025", "行政运行多少", "用来干嘛的")
    assert "行政运行”科目1,202.95万元，主要用于行政单位的基本支出" in a.text
    _, _, b = ask("putuo-gov-office-2025", "项目支出多少", "最大的项目是哪个", "它是干什么的")
    assert "一般行政管理事务”科目4,614万元，主要用于" in b.text


def test_how_many_sections_is_the_internal_bodies_count(ask):
    a, = ask("putuo-gov-office-2025-unit", "区府办下面设了几个科？")
    assert "内设机构共 10 个" in a.text


def test_what_a_line_is_for_with_shi_sha_is_its_purpose_not_a_definition(ask):
    a, = ask("putuo-gov-office-2025-unit", "事业运行那380多万用途是啥")
    assert "主要用于事业单位的基本支出" in a.text and "名词解释" not in a.text


def test_each_of_a_row_and_a_narrative_only_figure(bot):
    a = _ask(bot, "三公经费和机关运行经费分别是多少？")
    assert len(a.query.parts) == 2 and "30.99 万元" in a.text and "119.50 万元" in a.text


def test_a_column_named_as_a_share_is_the_tables_share_never_a_narrative_line(ask):
    a, = ask("putuo-commerce-2025", "基本支出占支出总额的比重是多少？")
    assert "19,830,655.00 ÷ 371,514,655.00 = 5.34%" in a.text


def test_a_columns_share_of_the_whole_budget_also_gives_its_share_of_its_own_whole(ask):
    a, = ask("putuo-gov-office-2025-unit", "What share of the budget is personnel spending?")
    assert "22,473,997.81 ÷ 91,016,775.35 = 24.69%" in a.text and "22,473,997.81 ÷ 24,606,775.35 = 91.33%" in a.text


def test_english_bigger_than_compares_the_two(bot):
    a = _ask(bot, "Is the project budget bigger than the basic budget?")
    assert "48,626.00 − 4,825.95 = 43,800.05 万元" in a.text


def test_three_asking_clauses_after_commas_are_three_questions(ask):
    a, = ask("putuo-gov-office-2025", "三公经费多少，其中出国经费多少，接待费多少？")
    assert len(a.query.parts) == 3
    assert "867.50 万元" in a.text and "839.00 万元" in a.text and "28.50 万元" in a.text
