"""A conversation's first question: a back-reference with nothing to refer to is asked about, never guessed; 'this
department's budget' is the budget as a whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.conversation import Conversation
from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question", ["那个项目今年多少钱来着", "它去年是多少", "这个费用增加了吗", "那这笔钱干什么用",
                                      "What about it last year?"])
def test_a_reference_opening_a_conversation_is_asked_about(bot, question):
    a = bot.ask(question, Conversation())
    assert a.status == "clarify" and not a.figures, a.text
    assert "哪一项" in a.text or "Which item" in a.text


def test_the_same_reference_after_a_topic_is_that_topic(bot):
    conv = Conversation()
    bot.ask("公务接待费是多少", conv)
    a = bot.ask("它去年是多少", conv)
    assert a.status == "answered" and any(f.value == Decimal("15.19") for f in a.figures), a.text


def test_a_reference_with_the_item_named_is_answered(bot):
    a = bot.ask("这个公务接待费是多少", Conversation())
    assert a.status == "answered" and any(f.value == Decimal("14.39") for f in a.figures), a.text


@pytest.mark.parametrize("question", ["这个部门今年预算多少", "今年预算多少", "本部门今年预算多少"])
def test_this_departments_budget_is_the_budget_as_a_whole(bot, question):
    a = bot.ask(question, Conversation())
    assert a.status == "answered" and a.figures[0].value == Decimal("53451.95"), a.text


def test_the_whole_budget_converts_to_the_unit_asked(bot):
    a = bot.ask("今年预算多少亿元", Conversation())
    assert "5.345195 亿元" in a.text, a.text


def test_a_refusal_names_the_kind_of_budget_the_document_is(ask):
    a, = ask("putuo-gov-office-2025-unit", "火星基地的预算是多少")
    assert a.status == "not_in_document" and "2025年单位预算" in a.text, a.text


def test_the_whole_budget_quotes_the_sentence_stating_its_total(bot, ask):
    "the table's total, and the 编制说明 sentence stating the same total in the document's own words"
    a = bot.ask("部门预算一共是多少钱", Conversation())
    assert "“（一）收入预算：2024年收入预算53,451.95万元" in a.text, a.text
    assert any(c.kind == "narrative" for c in a.citations)
    b, = ask("putuo-commerce-2025", "总预算多少")
    assert b.figures[0].value == Decimal("371514655.00") and "收入预算37,151.47万元" in b.text, b.text
