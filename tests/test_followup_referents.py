"""What a follow-up's pronoun points at, and what a follow-up says when the document cannot do what it asks."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tools as T
from assistant.core import Assistant
from assistant.conversation import Conversation
from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


def test_it_after_a_ranking_is_the_item_ranked_first(bot):
    conv = Conversation()
    bot.ask("项目支出多少", conv)
    bot.ask("最大的是哪个", conv)
    a = bot.ask("它是干什么的", conv)
    assert a.query.parts[0].operation == "purpose", a.query.describe()
    assert a.query.parts[0].operands[0].item == "市直机关事业单位养老保险基金缺口补助资金", a.query.describe()
    assert "主要职责" not in a.text and any(f.value == Decimal("21933.00") for f in a.figures), a.text


def test_what_the_department_does_is_its_duties(bot):
    a = bot.ask("人社局是干什么的", Conversation())
    assert a.query.parts[0].operation == "duties" and "主要职责" in a.text


def test_a_change_the_document_cannot_compute_says_so_after_this_years_figure(bot):
    a = bot.ask("人员支出比去年增加多少", Conversation())
    assert a.figures[0].value == Decimal("4544.75") and "没有给出人员支出的上年数" in a.text, a.text


def test_a_share_of_a_row_named_with_its_code_as_displayed(bot, seed_doc):
    # '住房公积金 [2210201]' is how an answer shows the row; four digits of its code are no year
    r = T.share(seed_doc, "住房公积金 [2210201]", "住房保障支出")
    assert r.ok and r.value == Decimal("100.00"), r.message
    conv = Conversation()
    bot.ask("住房保障支出多少", conv)
    bot.ask("其中住房公积金呢", conv)
    a = bot.ask("那它占住房保障支出的比例是多少", conv)
    assert "392.77 ÷ 392.77 = 100.00%" in a.text, a.text


def test_a_follow_up_naming_its_own_row_gets_the_tables_figure_and_a_sane_share(ask):
    # putuo-gov-office-2025.pdf: 住房保障支出 3,609,125.22 元; 购房补贴 [2210203] 1,867,680.00 元 (the 编制说明 also
    # states 购房补贴科目 186.77万元 — never compared with a sibling as if it were the whole)
    a, b, c = ask("putuo-gov-office-2025", "住房保障支出多少", "购房补贴呢", "占住房保障的比例")
    assert b.figures[0].value == Decimal("1867680.00") and b.citations[0].kind == "table", b.text
    assert "1,867,680.00 ÷ 3,609,125.22 = 51.75%" in c.text, c.text


def test_a_follow_up_naming_its_own_part_and_whole_takes_nothing_from_the_topic(ask):
    # putuo-gov-office-2025-unit.pdf: 购房补贴 1,867,680.00 / 住房保障支出 3,609,125.22 = 51.75%
    *_, c = ask("putuo-gov-office-2025-unit", "住房保障支出安排了多少？", "其中住房公积金呢？",
                "那购房补贴占住房保障支出的比例是多少？")
    assert "1,867,680.00 ÷ 3,609,125.22 = 51.75%" in c.text and "1,741,445.22" not in c.text, c.text


def test_why_the_money_fell_is_the_whole_budgets_change_and_its_stated_reason(ask):
    a, = ask("putuo-gov-office-2025-unit", "政府办公室今年的钱比去年少了两千多万，这是怎么回事呀？")
    assert "减少 2,389.52 万元" in a.text and "项目调整" in a.text, a.text


def test_a_look_alike_typo_is_read_as_the_budget_word(ask):
    a, = ask("putuo-gov-office-2025-unit", "府办的财政拔款收入预算是多少")
    assert a.query.corrections and a.query.corrections[-1] == ("财政拔款收入", "财政拨款收入"), a.query.corrections
    assert a.figures[0].label.startswith("财政拨款收入"), a.text


def test_what_a_fund_is_for_is_its_purpose_not_the_departments_duties(bot):
    a = bot.ask("职业年金记实资金是干什么的", Conversation())
    assert a.query.parts[0].operation == "purpose" and "主要职责" not in a.text, a.text
    assert "虚账" in a.text and any(f.value == Decimal("4770.00") for f in a.figures)


def test_its_share_after_a_column_of_a_row_is_that_columns_share_of_the_row(bot):
    # weihai: 社会保险经办机构 [2080109] 10,467.30 万元, of which 项目支出 9,403.00
    conv = Conversation()
    bot.ask("社会保险经办机构的预算多少", conv)
    bot.ask("其中项目支出呢", conv)
    a = bot.ask("占它的比例呢", conv)
    assert "9,403.00 ÷ 10,467.30 = 89.83%" in a.text, a.text


@pytest.mark.parametrize("last", ["两个加起来是多少", "这两项一共多少", "Both together?"])
def test_the_two_last_subjects_are_what_two_refers_to(seed_doc, last):
    bot, conv = Assistant(seed_doc, retriever=None), Conversation()
    bot.ask("社会保障和就业支出是多少", conv)
    bot.ask("卫生健康呢", conv)
    a = bot.ask(last, conv)
    assert any(f.value == Decimal("52311.59") for f in a.figures), a.text
    assert "52,019.22 + 292.37" in a.text


def test_it_after_an_elliptical_follow_up_is_the_latest_subject(seed_doc):
    "因公出国 → '接待费呢' → '它在三公经费里占多少' is 公务接待费's share, never the first subject's"
    bot, conv = Assistant(seed_doc, retriever=None), Conversation()
    bot.ask("因公出国（境）费今年安排了多少", conv)
    bot.ask("接待费呢？", conv)
    a = bot.ask("它在三公经费里占多少？", conv)
    assert any(f.value == Decimal("46.43") for f in a.figures) and "14.39 ÷ 30.99" in a.text, a.text


def test_the_two_last_subjects_are_each_read_from_its_own_table(seed_doc):
    "三公经费 (the 三公 table) then 培训费 (the economic tables): '这两个' is 30.99 + 培训费, not rows of the last table"
    bot, conv = Assistant(seed_doc, retriever=None), Conversation()
    bot.ask("三公经费多少", conv)
    bot.ask("培训费多少", conv)
    a = bot.ask("这两个加起来多少", conv)
    assert "30.99 + " in a.text and "办公费" not in a.text, a.text


@pytest.mark.parametrize("followup", ["事业运行呢", "同样口径，事业运行呢？"])
def test_a_new_item_alone_after_a_column_asks_the_same_column_of_it(bot, followup):
    conv = Conversation()
    bot.ask("行政运行的基本支出多少", conv)
    a = bot.ask(followup, conv)
    part = a.query.parts[0]
    assert (part.operands[0].item, part.operands[0].measure) == ("事业运行", "基本支出"), a.query.describe()
    assert "measure" in part.inherited and any(f.value == Decimal("312.38") for f in a.figures), a.text


def test_a_new_item_without_that_column_or_with_its_own_question_does_not_take_the_column(bot):
    conv = Conversation()
    bot.ask("行政运行的基本支出多少", conv)
    a = bot.ask("公务接待费呢", conv)  # the 三公 table has no 基本支出 column
    assert a.query.parts[0].operands[0].measure is None and any(f.value == Decimal("14.39") for f in a.figures), a.text
    conv = Conversation()
    bot.ask("行政运行的基本支出多少", conv)
    a = bot.ask("事业运行一共多少钱", conv)
    assert a.query.parts[0].operands[0].measure is None, a.query.describe()


def test_it_after_a_ranking_with_a_whole_named_is_the_first_items_share_of_that_whole(ask):
    # putuo-gov-office-2025-unit.pdf p18–19: 福利费 483,840.00 of 商品和服务支出 1,932,777.54 元
    _, top, share = ask("putuo-gov-office-2025-unit", "区府办的商品和服务支出总共多少？", "里面哪一项最多？",
                        "它占商品和服务支出的百分之几？")
    assert "福利费" in top.text
    assert "25.03%" in share.text and "483,840.00 ÷ 1,932,777.54" in share.text, share.text


def test_the_other_column_alone_after_a_columns_change_asks_its_change(bot):
    # seed 编制说明: 基本支出 4,825.95 比上年减少1,643.51万元; 项目支出 48,626.00 比上年增加5,925.00万元
    conv = Conversation()
    bot.ask("人社局基本支出跟上年比变化多少", conv)
    a = bot.ask("项目支出呢？", conv)
    assert a.query.parts[0].operation == "change" and "比上年增加 5,925.00 万元" in a.text, a.text
    conv = Conversation()
    bot.ask("基本支出多少", conv)
    b = bot.ask("项目支出呢", conv)
    assert b.query.parts[0].operation != "change" and "5,925.00" not in b.text, b.text
