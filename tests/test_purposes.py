"""What money or a thing is for: the narrative's purpose sentence, or a project's own goal, quoted and cited."""

from __future__ import annotations

import pytest

from assistant.core import Assistant


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
