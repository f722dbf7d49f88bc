"""A message with several questions gets each answered, in order: question marks, '，…又是多少', English 'respectively'."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.parts import split


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question, values", [
    ("人员支出多少？日常公用支出呢？", ["4544.75", "281.20"]),  # two columns, one question each
    ("公务用车购置费多少？运行维护费多少？", ["0.00", "6.00"]),  # the second named by the tail of its row
    ("2024年三公经费预算多少，2023年又是多少", ["30.99", "23.19"]),  # the same asked of another year
    ("三公经费多少？2023年呢？", ["30.99", "23.19"]),
])
def test_each_question_of_a_message_is_answered_in_order(bot, question, values):
    a = bot.ask(question)
    got = [str(f.value) for f in a.figures if str(f.value) in values]
    assert got[: len(values)] == values, a.text


def test_a_later_question_leaning_on_the_first_stays_one_question(seed_doc):
    assert split(seed_doc, "三公经费是上年的几倍？多多少？") == [["三公经费是上年的几倍？多多少？"]]
