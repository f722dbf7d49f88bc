"""Performance indicators asked for by their own wording (not the project's name), and short forms of long labels."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tools as T
from assistant.core import Assistant
from tools.indicators import find_indicators, unit_asked


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


def test_an_indicator_is_found_by_its_own_wording_without_the_project_name(seed_doc):
    best = find_indicators(seed_doc, "考试时巡视人员的劳务费每人每天给多少")[0]
    assert best.indicator.level3 == "考试巡视人员劳务费人均成本"
    assert best.indicator.value_text == "=400元/人/天"


@pytest.mark.parametrize("unit, question, asked", [
    ("家", "合作的银行至少要几家", True),
    ("人次", "一年服务多少人次", True),
    ("元/人/天", "每人每天多少钱", True),
    ("家", "一年服务多少人次", False),
    ("%", "满意度要求多少", False),
    ("%", "合格率要达到多少", True),
])
def test_a_question_asks_for_an_indicator_by_its_unit(unit, question, asked):
    assert unit_asked(unit, question) is asked


def test_a_question_naming_only_an_indicator_gets_its_target_cited_to_the_performance_table(bot):
    answer = bot.ask("考试时巡视人员的劳务费每人每天给多少")
    assert answer.status == "answered"
    assert "=400元/人/天" in answer.text
    cited = [c for c in answer.citations if c.row_label == "考试巡视人员劳务费人均成本"]
    assert cited and cited[0].table == "项目支出绩效目标表" and cited[0].column == "指标值"
    assert "人事考试费用" in answer.text  # the project the indicator belongs to is named


def test_each_clause_gets_its_own_indicator(bot):
    answer = bot.ask("人社服务大厅每年接待多少人次，群众满意度定的多少")
    assert "≥12万人次" in answer.text and "≥95%" in answer.text


def test_a_follow_up_indicator_is_read_in_the_conversations_project(bot):
    conv = bot.new_conversation()
    bot.ask("定费不定编人员工资预算多少", conv)
    answer = bot.ask("办事群众满意度目标呢", conv)
    # two projects have an indicator of that name: the conversation's (≥90%), not the service hall's (≥95%)
    assert "≥90%" in answer.text and "≥95%" not in answer.text


def test_a_project_name_containing_a_target_word_still_asks_its_amount(bot):
    answer = bot.ask("企业离休人员按机关标准发放差额资金预算有多少")
    assert answer.status == "answered"
    assert any(f.value == Decimal("200.00") for f in answer.figures)
    assert "满意度" not in answer.text


def test_a_short_form_of_a_long_label_resolves_to_it(seed_doc):
    best = T.resolve(seed_doc, "三支一扶的项目经费")
    assert best and best[0].item.label == "高校毕业生“三支一扶”及社区服务计划选拔招募工作经费"


@pytest.mark.parametrize("wording", [
    "离休人员医药费",  # shares '离休人员' with a project, but 医药费 is no word of it
    "人事考试报名费收入",
    "机关运营经费",  # a run of generic words ('运营经费') names no project
    "企业退休人员取暖补贴标准",  # '退休人员' is too small a part of the wording to name '…退休人员一次性补贴'
])
def test_a_shared_run_too_generic_or_too_small_names_nothing(seed_doc, wording):
    assert not [m.item.label for m in T.resolve(seed_doc, wording) if m.score >= 0.75]  # nothing names it well


def test_indicators_for_each_thing_a_clause_enumerates(bot):
    answer = bot.ask("创业担保贷款给个人的和给小微企业的上限各多少")
    assert "≤30万元/人" in answer.text and "≤400万元/户" in answer.text


def test_a_fund_only_the_performance_tables_name_is_answered_with_its_budget(bot):
    # 专项资金 with a 绩效目标表 but no row in the budget tables: its 年度预算资金 is the answer, cited to that table
    answer = bot.ask("创业担保贷款担保费补贴安排了多少")
    assert answer.status == "answered"
    assert any(f.value == Decimal("127.00") and f.unit == "万元" for f in answer.figures)
    assert any(c.column == "年度预算资金" for c in answer.citations)


@pytest.mark.parametrize("unit, question", [("个", "要稽核多少家企业"), ("人", "引进几名专员"), ("次", "组织几场检查")])
def test_measure_words_that_count_the_same_things_ask_the_same_unit(unit, question):
    assert unit_asked(unit, question)


def test_the_project_answering_most_clauses_is_chosen(bot):
    # two funds share '小微企业创业担保贷款资金标准'; only the 贴息 fund has the 合作银行 indicator
    answer = bot.ask("贴息这块，合作银行最少几家？小微企业贷款上限多少？")
    assert "创业担保贷款市级贴息及市级奖补资金" in answer.text
    assert "≥4家" in answer.text and "≤400万元/户" in answer.text


def test_a_clause_asking_when_gets_the_one_indicator_that_says(bot):
    answer = bot.ask("社会保险稽核费的稽核工作，什么时候结束")
    assert "10月底之前" in answer.text


def test_an_indicator_asked_by_name_with_target_is_the_indicator_not_a_count_of_units(seed_doc):
    "'稽核单位数量目标' names 社会保险稽核费's indicator 稽核单位数量 (≥60个), not the 7 budget units"
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("稽核单位数量目标是多少")
    assert "稽核单位数量：≥60个" in a.text and "二级预算单位" not in a.text, a.text
