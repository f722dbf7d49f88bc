"""Changes on last year that only the narrative states (the Shanghai 编制说明): what last year's figure is, the
budget as a whole when income and spending are compared against different bases, funds with nothing budgeted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from _pdf_docs import ask, figure_valued as _figure, pdf_doc  # noqa: F401 - ask and pdf_doc are fixtures


def test_income_compared_with_last_years_outturn_names_that_basis(ask):
    # putuo-commerce-2025-unit.pdf 编制说明: 财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元
    a, = ask("putuo-commerce-2025-unit", "今年收入和上年相比多了多少")
    assert a.status == "answered" and "增加 24,558.18 万元" in a.text, a.text
    assert "2024年预算执行数 12,593.29 万元" in a.text, a.text
    prior = _figure(a, "12593.29")
    assert prior is not None and "预算执行数" in prior.label and prior.basis == "derived"


def test_the_whole_budgets_change_gives_income_and_spending_each_with_its_own_sentence(ask):
    # the same 编制说明 compares spending with 2024年预算 (+24,491.71) and income with 2024年预算执行数 (+24,558.18)
    a, = ask("putuo-commerce-2025-unit", "整个预算跟去年比涨了多少")
    assert a.status == "answered", a.text
    assert "增加 24,491.71 万元" in a.text and "增加 24,558.18 万元" in a.text, a.text
    assert a.text.index("支出") < a.text.index("24,491.71") and "收入" in a.text
    quotes = {c.quote for c in a.citations if c.kind == "narrative"}
    assert any("24,491.71" in q for q in quotes) and any("24,558.18" in q for q in quotes)


def test_a_fund_with_nothing_budgeted_does_not_make_spending_ambiguous(ask):
    # putuo-gov-office-2025.pdf: 财政拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元; 政府性基金 and 国有资本经营
    # 预算拨款支出 are 0 and unchanged
    a, = ask("putuo-gov-office-2025", "支出比上一年降了百分之多少")
    assert a.status == "answered" and "下降 20.79%" in a.text, a.text
    assert a.query.parts[0].operation == "change", a.query.describe()


def test_a_premise_asked_as_是不是_is_corrected_first(ask):
    a, = ask("putuo-commerce-2025-unit", "预算是不是比上年减少了")
    assert a.text.startswith("不对：") and "增加" in a.text.splitlines()[0], a.text
    b, = ask("putuo-gov-office-2025", "财政拨款收入是否比去年减少了")
    assert b.text.startswith("是的：") and "减少 2,389.52 万元" in b.text.splitlines()[0], b.text


def test_figures_only_the_narrative_states_add_up_when_named_together(seed_doc, ask):
    "政府采购 货物 15.21 + 服务 113.90 (each stated in 四、政府采购情况, not a table row), the whole 129.11 left out"
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("政府采购货物和服务加起来多少")
    assert "15.21 + 113.90 = 129.11" in a.text and "129.11 + " not in a.text, a.text
    b, = ask("putuo-commerce-2025", "支持总部经济的钱，区级和市级加在一起是多少？")
    assert "1,106.00 + 1,262.00 = 2,368.00 万元" in b.text and all(c.kind == "narrative" for c in b.citations), b.text


def test_a_table_change_cites_the_sentence_stating_it_whatever_its_subject_wording(seed_doc):
    "the 三公 table's 因公出国(境)经费 change is stated as '因公出国（境）费10.60万元，比上年增加8.60万元'"
    import tools as T

    r = T.change(seed_doc, "因公出国(境)经费")
    assert r.value == Decimal("8.60") and any(c.kind == "narrative" for c in r.citations), r.citations
    assert "与第三部分文字说明一致" in r.message


@pytest.mark.parametrize("question", ["生命健康专项中支持企业国际化发展有多少", "生命健康专项里面国际化那块多少钱"])
def test_a_figure_a_projects_budget_sentence_states_is_answered_alone(ask, question):
    "'…其中支持企业规模化发展870.00万，…支持企业国际化发展50.00万，合计1170.00万': the part asked, not the project"
    a, = ask("putuo-commerce-2025", question)
    assert a.figures[0].value == Decimal("50.00") and "1,170.00" not in a.text, a.text


def test_a_units_own_change_is_not_in_a_department_budget(seed_doc):
    "a 部门预算 states last year's comparison for the department as a whole; a unit's own is not given"
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask("考试中心的支出增加了吗")
    assert a.status == "not_in_document" and "人事考试中心" in a.text and not a.figures, a.text


@pytest.mark.parametrize("question, delta", [("人社局的支出增加了吗", "4,281.49"), ("收入比去年多了多少", "4,281.49")])
def test_all_spending_or_income_changes_as_the_narrative_states_it(seed_doc, question, delta):
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask(question)
    assert a.status == "answered" and f"比上年增加 {delta} 万元" in a.text, a.text


@pytest.mark.parametrize("question, now, before, diff", [
    ("项目支出占总支出的比重，比上年提高了几个百分点？", "90.97", "86.84", "4.13"),
    ("基本支出占比比上年下降了多少个百分点", "9.03", "13.16", "-4.13"),
    ("By how many percentage points did the share of project expenditure change?", "90.97", "86.84", "4.13"),
])
def test_a_shares_change_is_each_years_share_then_their_difference_in_points(seed_doc, question, now, before, diff):
    "last year's amounts come from the narrative's changes (项目支出 48,626.00 − 5,925.00; 总 53,451.95 − 4,281.49)"
    from assistant.core import Assistant

    a = Assistant(seed_doc, retriever=None).ask(question)
    values = [str(f.value) for f in a.figures if f.unit == "%"]
    assert values == [now, before, diff], a.text


def test_a_change_in_the_sentence_after_the_amount_belongs_to_that_amounts_subject(ask, pdf_doc):
    # putuo-commerce-2025.pdf 其他相关情况说明: '（三）公务接待费1.00万元。与2024年预算持平，主要原因是…'
    from tools.narrative import statements

    st = next(s for s in statements(pdf_doc("putuo-commerce-2025")) if s.subject == "公务接待费")
    assert (st.current, st.direction) == (Decimal("1.00"), "持平")
    assert st.quote.startswith("（三）公务接待费1.00万元。与2024年预算持平，主要原因是"), st.quote
    _, a = ask("putuo-commerce-2025", "今年三公经费一共多少", "那公务接待费呢，跟去年比有变化吗")
    assert a.text.startswith("公务接待费：2025年预算 1.00 万元"), a.text
    assert "与上年持平" in a.text and "三公经费预算数" not in a.text, a.text


@pytest.mark.parametrize("question", ["政府性基金预算支出那张表怎么是空的？", "国有资本经营预算支出功能分类预算表一个数字都没有，原因是什么"])
def test_why_a_table_is_empty_is_answered_by_its_note(ask, question):
    # putuo-gov-office-2025-unit.pdf p16/p17: '注:本单位2025年无…预算财政拨款安排的预算，故本表为空表。'
    a, = ask("putuo-gov-office-2025-unit", question)
    assert a.status == "answered" and "故本表为空表" in a.text and "合计 0.00 元" in a.text, a.text
    assert a.citations[0].row_label == "注"
