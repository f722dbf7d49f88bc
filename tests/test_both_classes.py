"""A row the basic-expenditure table lists twice, once under a 机关 class (501–504) and once under 对事业单位经常性补助
(505): each class's figure is shown, then their sum — not a question back, and never one class alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.conversation import Conversation


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


def test_a_row_of_both_classes_shows_each_then_the_sum(bot):
    # weihai text export lines 363/390: 302 15 会议费 under 502 02 (6.90) and under 505 02 (4.00)
    a = bot.ask("开会花了多少钱", Conversation())
    assert a.status == "answered", a.text
    assert "- 机关：会议费 6.90 万元" in a.text and "- 事业单位：会议费 4.00 万元" in a.text
    assert "机关和事业单位的会议费合计 10.90 万元" in a.text and "6.90 + 4.00 = 10.90" in a.text
    total = next(f for f in a.figures if f.value == Decimal("10.90"))
    assert total.basis == "computed" and len(total.citations) == 2


def test_two_rows_of_an_everyday_word_are_each_shown_by_class(bot):
    a = bot.ask("水电费一年多少", Conversation())
    assert "0.50 + 2.30 + 0.80 + 7.40 = 11.00" in a.text, a.text


def test_a_class_named_keeps_that_class_only(bot):
    a = bot.ask("机关的会议费是多少", Conversation())
    assert a.figures[0].value == Decimal("6.90") and "10.90" not in a.text, a.text


@pytest.mark.parametrize("question, big, small, diff", [
    ("公务接待费是机关多还是事业单位多？差多少？", "事业单位：公务接待费", "机关：公务接待费", "7.69 − 5.70 = 1.99"),
    ("差旅费机关和事业单位哪个多", "事业单位：差旅费", "机关：差旅费", "22.50 − 4.64 = 17.86"),
])
def test_the_two_classes_of_a_row_are_compared_by_name(seed_doc, question, big, small, diff):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask(question)
    assert a.text.index(big) < a.text.index(small) and diff in a.text, a.text


def test_a_class_split_whose_sum_is_printed_as_one_row_elsewhere_cites_that_row_too(seed_doc):
    # 因公出国(境)费用 (30212): 机关 6.00 + 事业单位 4.60 = 10.60 = the “三公” table's 因公出国(境)经费 (2024年预算数)
    from assistant.core import Assistant

    bot = Assistant(seed_doc, retriever=None)
    a = bot.ask("因公出国（境）费用多少", bot.new_conversation())
    assert "合计 10.60 万元" in a.text and "因公出国(境)经费为 10.60 万元" in a.text, a.text
    assert any(c.table == "一般公共预算“三公”经费支出情况表" for c in a.citations)
    b = bot.ask("差旅费多少", bot.new_conversation())  # 27.14 is printed nowhere as one row
    assert "合计 27.14 万元" in b.text and "与此合计相同" not in b.text, b.text


def test_one_class_against_the_other_is_their_difference_in_the_order_asked(bot):
    a = bot.ask("事业单位的奖金比机关多多少", bot.new_conversation())
    assert "事业单位的奖金比机关多 339.98 万元" in a.text and "667.39 万元 − 327.41 万元 = 339.98 万元" in a.text, a.text
    b = bot.ask("机关的差旅费比事业单位少多少", bot.new_conversation())
    assert "机关的差旅费比事业单位少 17.86 万元" in b.text, b.text


def test_a_share_asked_of_a_class_split_row_is_of_both_classes_or_of_the_whole_named(bot):
    a = bot.ask("工资福利支出里，机关工资福利支出在机关加事业单位全部工资福利支出中占几成？", bot.new_conversation())
    assert "1,326.12 ÷ 4,472.56 = 29.65%" in a.text, a.text
    b = bot.ask("工资福利在基本支出里占多少？机关加事业单位一起算", bot.new_conversation())
    assert "4,472.56 ÷ 4,825.95 = 92.68%" in b.text, b.text
