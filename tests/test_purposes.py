"""What money or a thing is for: the narrative's purpose sentence, or a project's own goal, quoted and cited."""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question", ["局里那两辆公务车一般干什么用", "单位的车平时用来干嘛", "公车是拿来做什么的"])
def test_what_the_cars_are_for_is_the_sentence_saying_so(bot, question):
    a = bot.ask(question)
    assert a.status == "answered" and "工伤认定和鉴定等工作业务用车" in a.text, a.text
    assert any(c.kind == "narrative" for c in a.citations)


@pytest.mark.parametrize("question", ["职业年金记实资金是干嘛的", "What is the occupational annuity fund used for?"])
def test_what_a_project_is_for_quotes_its_overall_goal(bot, question):
    a = bot.ask(question)
    assert "职业年金虚账部分" in a.text, a.text


def test_what_a_subsidy_pays_for_is_its_purpose_line(ask):
    a, = ask("putuo-commerce-2025", "购房补贴具体是发什么的？")
    assert "主要用于机关人员每月房贴支出" in a.text, a.text


@pytest.mark.parametrize("question, reason", [("商务委的因公出国费怎么是0？", "区外办统一安排"),
                                              ("公务用车费用怎么没有安排", "无公务用车车辆")])
def test_why_a_figure_is_zero_quotes_the_reason(ask, question, reason):
    a, = ask("putuo-commerce-2025", question)
    assert a.status == "answered" and reason in a.text, a.text


def test_why_a_project_is_budgeted_quotes_the_narrative_sentence_naming_it_with_its_reason(seed_doc):
    # seed 六、绩效目标情况说明: '根据以前年度绩效评价结果，优化人力资源和社会保障服务大厅运行维护费、…等项目支出2024年预算安排'
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("为什么要优化人力资源和社会保障服务大厅运行维护费这些项目2024年的预算安排？", bot.new_conversation())
    assert "“根据以前年度绩效评价结果，优化人力资源和社会保障服务大厅运行维护费" in a.text, a.text
    assert any(c.kind == "narrative" and "绩效目标情况说明" in (c.section or "") for c in a.citations)
