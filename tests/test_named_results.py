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
