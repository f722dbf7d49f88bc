"""Facts a question names in its own words: sub-figures only the narrative states ('其中：货物…、工程…、服务…') —
inside a place, in a follow-up, and as a share of the whole their sentence lists them under — and glossary terms asked
about in any wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.plan import parent_statement, statement_within
from tests._pdf_docs import ask  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


def test_a_word_of_its_own_names_a_stated_sub_figure_inside_a_place(seed_doc):
    st = statement_within(seed_doc, "政府采购", "工程类的钱")
    assert st is not None and st.subject == "政府采购工程预算" and st.current == Decimal("0.00")


def test_a_word_shared_by_several_sub_figures_names_none(seed_doc):
    assert statement_within(seed_doc, "政府采购", "预算的钱") is None


def test_the_whole_of_a_sub_figure_is_the_figure_its_sentence_lists_it_under(seed_doc):
    part = statement_within(seed_doc, "政府采购", "服务")
    whole = parent_statement(seed_doc, part)
    assert whole is not None and whole.subject == "政府采购预算" and whole.current == Decimal("129.11")


def test_a_follow_up_names_a_sub_figure_of_the_previous_topic_and_then_its_share(bot):
    conv = bot.new_conversation()
    bot.ask("今年政府采购安排了多少", conv)
    sub = bot.ask("其中工程类多少钱", conv)
    assert any(f.value == Decimal("0.00") and "工程" in f.label for f in sub.figures)
    conv = bot.new_conversation()
    bot.ask("今年政府采购安排了多少", conv)
    bot.ask("服务类的有多少", conv)
    share = bot.ask("占比是多少", conv)
    assert any(f.unit == "%" and f.value == Decimal("88.22") for f in share.figures)
    assert all(c.kind == "narrative" for c in share.citations)


def test_a_share_inside_a_place_is_of_the_places_stated_total(bot):
    answer = bot.ask("政府采购当中货物类占百分之几")
    assert any(f.unit == "%" and f.value == Decimal("11.78") for f in answer.figures)
    assert "15.21 ÷ 129.11" in answer.text


# ---------------------------------------------------------------- glossary terms asked about in any words


@pytest.mark.parametrize("question, terms", [
    ("结转下年这个说法该怎么理解", ["结转下年"]),
    ("上年结转跟结转下年到底有啥区别", ["上年结转", "结转下年"]),  # 上年 is the term's word, not a change asked
    ("事业收入指的是哪种钱", ["事业收入"]),
])
def test_a_question_on_what_glossary_terms_mean_quotes_each_from_the_glossary(bot, question, terms):
    answer = bot.ask(question)
    assert answer.status == "answered"
    assert [c.section for c in answer.citations] == ["名词解释"] * len(terms)
    assert all(f"{t}：" in answer.text for t in terms)
    assert answer.query.parts[0].operation == "definition"


def test_a_glossary_term_asked_for_its_amount_is_not_a_definition(bot):
    answer = bot.ask("结转下年安排了多少钱")
    assert answer.query.parts[0].operation != "definition"
    assert all(c.section != "名词解释" for c in answer.citations)


def test_sub_figures_enumerated_after_their_whole_are_each_answered(bot):
    answer = bot.ask("政府采购预算多少？货物跟服务各多少？")
    assert [p.operands[0].item for p in answer.query.parts] == ["政府采购预算", "政府采购货物预算", "政府采购服务预算"]
    assert {Decimal("129.11"), Decimal("15.21"), Decimal("113.90")} <= {f.value for f in answer.figures}


# ---------------------------------------------------------------- readings told apart by what the question names


def test_a_reading_is_chosen_by_the_implementer_the_question_names(bot):
    answer = bot.ask("社会保险事业中心负责的那笔社保基金征缴奖励有多少")
    assert answer.status == "answered"
    assert [f.value for f in answer.figures if f.unit == "万元"] == [Decimal("70.00")]


def test_a_follow_up_naming_the_implementer_settles_the_clarification(bot):
    conv = bot.new_conversation()
    assert bot.ask("社保基金征缴奖励安排了多少", conv).status == "clarify"
    answer = bot.ask("我问的是人社局自己实施的那个", conv)
    assert [f.value for f in answer.figures if f.unit == "万元"] == [Decimal("170.00")]


def test_funds_only_their_performance_tables_state_are_summed_from_there(bot):
    answer = bot.ask("担保费补贴跟贴息奖补这两项专项资金加一块多少")
    total = [f for f in answer.figures if f.basis == "computed"]
    assert total and total[0].value == Decimal("544.00")
    assert {c.column for c in answer.citations} == {"年度预算资金"}


def test_two_readings_of_one_name_summed_when_asked_together(bot):
    answer = bot.ask("两笔社保基金征缴奖励加一块多少钱")
    assert any(f.value == Decimal("240.00") and f.basis == "computed" for f in answer.figures)


def test_a_later_question_naming_a_listed_sub_figure_is_its_own_part(bot):
    answer = bot.ask("政府采购里货物多少？工程有没有安排？")
    assert [p.operands[0].item for p in answer.query.parts][-1] == "政府采购工程预算"
    assert "没有安排" in answer.text


def test_a_question_worded_like_one_narrative_sentence_gets_that_sentences_amount_not_the_whole_budget(ask):
    # putuo-gov-office-2025-unit.pdf p21 四、绩效目标设置情况: '本单位编报绩效目标的项目共11个，涉及项目预算资金6626万元。'
    a, b = ask("putuo-gov-office-2025-unit", "编报了绩效目标的那些项目，一共涉及多少预算资金？"), \
        ask("putuo-gov-office-2025-unit", "今年预算总共多少")
    assert a[0].figures[0].value == Decimal("6626.00") and a[0].citations[0].section.endswith("四、绩效目标设置情况"), \
        a[0].text
    assert b[0].figures[0].value == Decimal("91016775.35"), b[0].text  # the whole budget is still the whole budget


@pytest.mark.parametrize("question, value", [("有没有工程类采购", "0.00"), ("服务类采购多少", "113.90")])
def test_a_short_word_of_a_place_with_a_word_of_its_own_names_the_stated_part(bot, question, value):
    # seed 四、政府采购情况: 货物预算15.21万元、工程预算0万元、服务预算113.90万元
    a = bot.ask(question, bot.new_conversation())
    assert any(f.value == Decimal(value) and "政府采购" in f.label for f in a.figures), a.text


def test_a_figure_asked_inside_a_stated_subject_named_in_full_is_the_one_stated_inside_it(ask):
    # putuo-gov-office-2025-unit.pdf 三、政府采购预算情况: '面向中小企业预留政府采购项目预算金额34万元'
    a, = ask("putuo-gov-office-2025-unit", "政府采购预算里给中小企业预留了多少")
    assert a.figures[0].label.startswith("面向中小企业预留政府采购项目预算金额"), a.text
