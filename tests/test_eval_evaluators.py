"""The evaluators catch each kind of error with the right reason (issue 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_eval_fakes import cell_citation, narrative_citation, read_answer, refusal

from assistant.answer import Answer, AnswerFigure
from budget_qa.results import Citation
from eval.cases import Expected, ExpectedFigure, GlossaryCitation, SectionCitation, TableCitation, Turn
from eval.evaluators import (
    CitationsVerified,
    CitesExpected,
    EvalResult,
    FiguresStated,
    NoUnsupportedFigures,
    RequiredWords,
    StatusMatches,
    TextAgreesWithFigures,
    evaluate_turn,
    numbers_in,
)

THREE_PUBLIC = "一般公共预算“三公”经费支出情况表"


def turn(question: str = "问题？", status: str = "answered", figures=(), citations=(), must_contain=()) -> Turn:
    return Turn(question=question, expected=Expected(
        status=status, figures=[ExpectedFigure(value=Decimal(v), unit=u) for v, u in figures],
        citations=list(citations), must_contain=list(must_contain)))


RECEPTION = turn("公务接待费2024年预算多少？", figures=[("14.39", "万元")],
                 citations=[TableCitation(table=THREE_PUBLIC, row="2024年预算数", column="公务接待费")])


@pytest.fixture()
def reception(seed_doc) -> Answer:
    value, c = cell_citation(seed_doc, THREE_PUBLIC, "2024年预算数", "公务接待费")
    return read_answer(RECEPTION.question, "公务接待费", value, c)


def test_correct_answer_passes_every_evaluator(reception, seed_doc):
    results = evaluate_turn(RECEPTION, reception.as_json(), seed_doc)
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    assert [r.evaluator for r in results] == ["status", "figures", "text-agrees", "cites-expected", "citations-verified",
                                              "no-unsupported", "arithmetic", "quotes", "must-contain",
                                              "must-not-contain"]


# ------------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("合计 53,451.95 万元", [Decimal("53451.95")], id="thousands-commas"),
    pytest.param("减少 −0.80 万元", [Decimal("-0.80")], id="real-minus"),
    pytest.param("共 30.99 万元[1][2]（第415行）", [Decimal("30.99")], id="markers-and-lines-ignored"),
    pytest.param("1. 甲 10.00 万元\n2. 乙 9.00 万元", [Decimal("10.00"), Decimal("9.00")], id="list-enumerators-ignored"),
    pytest.param("增长33.64%", [Decimal("33.64")], id="percent"),
])
def test_numbers_in_reads_figures_as_printed(text, expected):
    assert numbers_in(text) == expected


# ------------------------------------------------------------------------------------------------ figures


@pytest.mark.parametrize("text", [
    pytest.param("支出合计53,451.95万元。", id="with-commas"),
    pytest.param("支出合计53451.95万元。", id="without-commas"),
    pytest.param("Total: 53451.950 (万元).", id="trailing-zero"),
])
def test_figure_counts_with_or_without_commas(text, seed_doc):
    t = turn(figures=[("53451.95", "万元")])
    answer = Answer(question="q", text=text, status="answered").as_json()
    assert FiguresStated().evaluate(t, answer, seed_doc).passed


def test_seven_point_eight_equals_seven_eighty(seed_doc):
    t = turn(figures=[("7.80", "万元")])
    assert FiguresStated().evaluate(t, Answer(question="q", text="增加7.8万元", status="answered").as_json(), seed_doc).passed


def test_a_decrease_written_as_its_size_under_a_decrease_label_must_read_as_a_decrease(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("0.80"), unit="万元", label="公务接待费比上年减少")]))
    right = Answer(question="q", text="公务接待费比上年减少 0.80 万元。", status="answered").as_json()
    flipped = Answer(question="q", text="公务接待费比上年增加 0.80 万元。", status="answered").as_json()
    assert FiguresStated().evaluate(t, right, seed_doc).passed
    r = FiguresStated().evaluate(t, flipped, seed_doc)
    assert not r.passed and "as a decrease" in r.reason


def test_a_change_label_names_its_item_in_an_english_answer_and_the_direction_still_counts(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("4281.49"), unit="万元", label="收支预算比上年增加")]))
    right = Answer(question="q", text="收支预算: 2024 budget 53,451.95 万元, 2023 budget 49,170.46 万元; "
                                      "an increase of 4,281.49 万元.", status="answered").as_json()
    flipped = Answer(question="q", text="收支预算: a decrease of 4,281.49 万元.", status="answered").as_json()
    other = Answer(question="q", text="项目支出: an increase of 4,281.49 万元.", status="answered").as_json()
    assert FiguresStated().evaluate(t, right, seed_doc).passed
    assert not FiguresStated().evaluate(t, flipped, seed_doc).passed
    assert not FiguresStated().evaluate(t, other, seed_doc).passed


def test_a_label_that_is_only_a_rate_reads_the_direction_word_before_the_percentage(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("193.46"), unit="%", label="增长率")]))
    said = Answer(question="q", text="比上年增加 24,491.71 万元，增长 193.46%。", status="answered").as_json()
    other = Answer(question="q", text="占比 193.46%。", status="answered").as_json()
    assert FiguresStated().evaluate(t, said, seed_doc).passed
    assert not FiguresStated().evaluate(t, other, seed_doc).passed


def test_a_sum_label_written_without_spaces_names_its_addends(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("14.39"), unit="万元", label="因公出国(境)费+公务接待费")]))
    assert t.expected.figures[0].label == "因公出国(境)费 + 公务接待费"
    said = Answer(question="q", text="因公出国（境）费和公务接待费合计 14.39 万元。", status="answered").as_json()
    other = Answer(question="q", text="公务用车运行维护费 14.39 万元。", status="answered").as_json()
    assert FiguresStated().evaluate(t, said, seed_doc).passed
    assert not FiguresStated().evaluate(t, other, seed_doc).passed


def test_figure_only_in_the_figures_list_fails(seed_doc):
    # issue 14: the reader reads the text, not the figures list
    t = turn(figures=[("309900", "元")])
    answer = Answer(question="q", text="约三十一万元", status="answered", figures=[
        AnswerFigure(label="三公经费（元）", value=Decimal("309900"), unit="元", shown="309,900 元")]).as_json()
    r = FiguresStated().evaluate(t, answer, seed_doc)
    assert not r.passed and "in its figures but not in its text" in r.reason


def test_wrong_figure_fails_naming_expected_and_shown(seed_doc):
    t = turn(figures=[("53451.95", "万元")])
    answer = Answer(question="q", text="支出合计53,415.95万元。", status="answered").as_json()
    r = FiguresStated().evaluate(t, answer, seed_doc)
    assert not r.passed
    assert r.reason == "expected 53451.95 万元, answer states 53415.95"


def test_figure_only_in_the_arithmetic_fails(seed_doc):
    # issue 7: 'expected 7.80, answer has 7.8 only in the arithmetic'
    t = turn(figures=[("7.80", "万元")])
    answer = Answer(question="q", text="三公经费比上年有所增加。计算：30.99 − 23.19 = 7.8 万元", status="answered", figures=[
        AnswerFigure(label="2024年", value=Decimal("30.99"), shown="30.99 万元", computation="30.99 − 23.19 = 7.8 万元"),
    ]).as_json()
    r = FiguresStated().evaluate(t, answer, seed_doc)
    assert not r.passed
    assert r.reason == "expected 7.80 万元, answer has 7.8 only inside arithmetic"


def test_tolerance_from_the_case_is_used(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("309900"), unit="元", tolerance=Decimal("1"))]))
    assert FiguresStated().evaluate(t, Answer(question="q", text="309,900.5 元", status="answered").as_json(), seed_doc).passed
    assert not FiguresStated().evaluate(t, Answer(question="q", text="309,902 元", status="answered").as_json(), seed_doc).passed


# ------------------------------------------------------------------------------------------------ status


def test_refusal_when_an_answer_was_expected_fails(seed_doc):
    r = StatusMatches().evaluate(RECEPTION, refusal("q").as_json(), seed_doc)
    assert not r.passed
    assert r.reason == "expected status answered, got not_in_document"


@pytest.mark.parametrize("status", ["clarify", "answered"])
def test_clarify_or_answered_takes_either(status, seed_doc):
    t = turn(status="clarify-or-answered")
    assert StatusMatches().evaluate(t, Answer(question="q", text="x", status=status).as_json(), seed_doc).passed


def test_clarify_or_answered_does_not_ask_a_question_back_for_the_answers_figures(seed_doc):
    t = turn(status="clarify-or-answered", figures=[("14.39", "万元")], must_contain=["公务接待费"])
    asked = Answer(question="q", text="请问是哪个部门？", status="clarify").as_json()
    assert all(r.passed for r in evaluate_turn(t, asked, seed_doc))
    answered = Answer(question="q", text="没有数字", status="answered").as_json()  # answering: the figures are due
    assert not all(r.passed for r in evaluate_turn(t, answered, seed_doc))


def test_clarify_or_answered_rejects_a_refusal(seed_doc):
    r = StatusMatches().evaluate(turn(status="clarify-or-answered"), refusal("q").as_json(), seed_doc)
    assert r.reason == "expected status clarify or answered, got not_in_document"


def test_crash_is_named_in_the_status_reason(seed_doc):
    answer = {"question": "q", "answer": "Error: RuntimeError: boom", "status": "error", "figures": [], "citations": []}
    r = StatusMatches().evaluate(RECEPTION, answer, seed_doc)
    assert "got error" in r.reason and "RuntimeError: boom" in r.reason


# ------------------------------------------------------------------------------------------------ citations


def test_miscitation_names_the_cited_cell_and_where_the_figure_is(seed_doc):
    # issue 7: 'cited 支出总体情况表/行政运行 but the figure is in 项目支出预算情况表'
    _, wrong = cell_citation(seed_doc, "支出总体情况表", "行政运行", "合计")
    answer = read_answer(RECEPTION.question, "公务接待费", Decimal("14.39"), wrong).as_json()
    expected = CitesExpected().evaluate(RECEPTION, answer, seed_doc)
    verified = CitationsVerified().evaluate(RECEPTION, answer, seed_doc)
    assert not expected.passed and not verified.passed
    assert expected.reason == (f"cited 支出总体情况表/行政运行[2080101]/合计 but the figure is in "
                               f"{THREE_PUBLIC}/2024年预算数/公务接待费")
    assert verified.reason == (f"14.39 万元 cited 支出总体情况表/行政运行[2080101]/合计 (13834.27) but the figure is in "
                               f"{THREE_PUBLIC}/合计/2024年预算数/公务接待费")


def test_citation_of_a_row_that_does_not_exist_fails(seed_doc):
    c = Citation(kind="table", table="支出总体情况表", row_label="火星探测", column="合计", line=200)
    answer = read_answer("q", "火星探测", Decimal("1.00"), c).as_json()
    r = CitationsVerified().evaluate(turn(), answer, seed_doc)
    assert not r.passed
    assert r.reason == "cited 支出总体情况表/火星探测/合计: no row '火星探测' in 支出总体情况表"


def test_quote_not_in_the_document_fails(seed_doc):
    c = Citation(kind="narrative", line=623, part="第三部分", section="二、“三公”经费支出情况",
                 quote="“三公”经费预算共99.99万元。")
    answer = read_answer("q", "三公经费", Decimal("99.99"), c).as_json()
    r = CitationsVerified().evaluate(turn(), answer, seed_doc)
    assert not r.passed and "quote is not in the document" in r.reason


def test_quote_at_another_line_fails_with_its_line(seed_doc):
    good = narrative_citation(seed_doc, "公务接待费14.39万元")
    moved = good.model_copy(update={"line": 607})
    r = CitationsVerified().evaluate(turn(), read_answer("q", "接待费", Decimal("14.39"), moved).as_json(), seed_doc)
    assert not r.passed and f"quote is at line {good.line}, not 607" in r.reason


def test_computed_figure_citing_its_operands_is_verified(seed_doc):
    t = turn(figures=[("7.80", "万元")], citations=[SectionCitation(section="“三公”经费支出情况"),
                                                   TableCitation(table=THREE_PUBLIC, row="2023年预算数", column="合计")])
    _, c2023 = cell_citation(seed_doc, THREE_PUBLIC, "2023年预算数", "合计")
    _, c2024 = cell_citation(seed_doc, THREE_PUBLIC, "2024年预算数", "合计")
    answer = Answer(question="q", text="“三公”经费比上年增加 7.80 万元[1][2]。", status="answered", citations=[c2024, c2023], figures=[
        AnswerFigure(label="“三公”经费（变化额）", value=Decimal("7.80"), shown="7.80 万元", basis="computed",
                     computation="30.99 − 23.19 = 7.80 万元", citations=[1, 2])]).as_json()
    results = evaluate_turn(t, answer, seed_doc)
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_narrative_sentence_verifies_its_figures(seed_doc):
    t = turn(figures=[("-0.80", "万元"), ("-5.27", "%")], citations=[SectionCitation(section="“三公”经费支出情况")])
    c = narrative_citation(seed_doc, "公务接待费14.39万元")
    answer = Answer(question="q", text="公务接待费比上年减少 0.80 万元，下降 5.27%[1]。", status="answered", citations=[c],
                    figures=[AnswerFigure(label="公务接待费（变化额）", value=Decimal("-0.80"), shown="−0.80 万元", citations=[1]),
                             AnswerFigure(label="公务接待费（变化率）", value=Decimal("-5.27"), unit="%", shown="−5.27%",
                                          citations=[1])]).as_json()
    results = evaluate_turn(t, answer, seed_doc)
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_figure_citing_a_number_the_answer_does_not_list_fails(reception, seed_doc):
    data = reception.as_json()
    data["figures"][0]["citations"] = [2]
    r = CitationsVerified().evaluate(RECEPTION, data, seed_doc)
    assert not r.passed and "cites [2], which the answer does not list" in r.reason


def test_two_sided_table_citation_matches_the_expected_table(seed_doc):
    t = turn(citations=[TableCitation(table="收支总体情况表", row="社会保障和就业支出", column="预算数")])
    value, c = cell_citation(seed_doc, "收支总体情况表（支出）", "社会保障和就业支出", "预算数")
    assert c.table == "收支总体情况表（支出）"
    answer = read_answer("q", "社会保障和就业支出", value, c).as_json()
    assert CitesExpected().evaluate(t, answer, seed_doc).passed
    assert CitationsVerified().evaluate(t, answer, seed_doc).passed


def test_right_table_wrong_column_is_not_the_expected_citation(seed_doc):
    t = turn(citations=[TableCitation(table="支出总体情况表", row="行政运行", column="合计")])
    value, c = cell_citation(seed_doc, "支出总体情况表", "行政运行", "基本支出")
    r = CitesExpected().evaluate(t, read_answer("q", "行政运行", value, c).as_json(), seed_doc)
    assert not r.passed and r.reason.startswith("cited 支出总体情况表/行政运行[2080101]/基本支出 but")


def test_blank_cell_citation_supports_none_or_zero(seed_doc):
    t = turn(citations=[TableCitation(table="收支总体情况表", row="教育支出", column="预算数")], must_contain=["没有"])
    value, c = cell_citation(seed_doc, "收支总体情况表（支出）", "教育支出", "预算数")
    assert value is None, "the 教育支出 cell is blank"
    answer = Answer(question="q", text="没有安排教育支出[1]。", status="answered", citations=[c]).as_json()
    assert all(r.passed for r in evaluate_turn(t, answer, seed_doc))
    wrong = read_answer("q", "教育支出", Decimal("12.00"), c).as_json()
    r = CitationsVerified().evaluate(t, wrong, seed_doc)
    assert not r.passed and "(blank)" in r.reason


def test_glossary_citation_matches_by_line(seed_doc):
    t = turn(citations=[GlossaryCitation(glossary="基本支出")])
    c = Citation(kind="narrative", line=seed_doc.glossary["基本支出"].line, part="第四部分",
                 quote="基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和日常公用支出。")
    answer = Answer(question="q", text="基本支出指人员支出和日常公用支出[1]。", status="answered", citations=[c]).as_json()
    assert CitesExpected().evaluate(t, answer, seed_doc).passed
    assert CitationsVerified().evaluate(t, answer, seed_doc).passed
    other = turn(citations=[GlossaryCitation(glossary="项目支出")])
    assert not CitesExpected().evaluate(other, answer, seed_doc).passed


def test_performance_indicator_citation_is_checked_on_its_line(seed_doc):
    t = turn(figures=[("151", "万人")], citations=[
        TableCitation(table="项目支出绩效目标表", row="城镇职工基本养老保险参保人数", column="指标值")])
    c = Citation(kind="table", table="项目支出绩效目标表", row_label="城镇职工基本养老保险参保人数", column="指标值", line=732)
    answer = read_answer("q", "参保人数目标", Decimal("151"), c, unit="万人").as_json()
    assert all(r.passed for r in evaluate_turn(t, answer, seed_doc))
    wrong_line = c.model_copy(update={"line": 725})
    r = CitationsVerified().evaluate(t, read_answer("q", "x", Decimal("151"), wrong_line, unit="万人").as_json(), seed_doc)
    assert not r.passed and "(no figure) but the figure is in line 7" in r.reason, r.reason
    other_table = c.model_copy(update={"line": 745})  # the “三支一扶” project's 绩效目标表
    r = CitationsVerified().evaluate(t, read_answer("q", "x", Decimal("151"), other_table, unit="万人").as_json(), seed_doc)
    assert not r.passed and "line 745 does not contain '城镇职工基本养老保险参保人数'" in r.reason


def test_performance_table_cited_by_project_name(seed_doc):
    "The assistant cites a 绩效目标表 as row = project, column = field, line = the field's line"
    c = Citation(kind="table", table="项目支出绩效目标表", row_label="社会保险稽核费", column="年度预算资金", line=853)
    assert CitationsVerified().evaluate(turn(), read_answer("q", "稽核费", Decimal("15.00"), c).as_json(), seed_doc).passed
    r = CitationsVerified().evaluate(turn(), read_answer("q", "x", Decimal("233.00"), c).as_json(), seed_doc)
    assert not r.passed and "(15.00) but the figure is in 项目支出预算情况表/定费不定编人员工资/合计" in r.reason
    t = turn(citations=[TableCitation(table="项目支出绩效目标表", row="实施单位")])
    whole = c.model_copy(update={"column": "", "line": 851})
    answer = Answer(question="q", text="由威海市社会保险事业中心实施[1]。", status="answered", citations=[whole]).as_json()
    assert CitesExpected().evaluate(t, answer, seed_doc).passed, "the project's whole 绩效目标表 holds its 实施单位 row"
    answer["citations"][0]["column"] = "年度预算资金"
    assert not CitesExpected().evaluate(t, answer, seed_doc).passed, "a cell of another row is not the 实施单位 row"


def test_quote_from_a_performance_table_is_found_in_that_table(seed_doc):
    "A goal quoted from a project's 绩效目标表, cited at the table's first line"
    quote = "通过聘请专业审计人员,解决社会保险稽核任务重、审计力量不足的问题"
    c = Citation(kind="narrative", line=851, part="第三部分", section="绩效目标表：社会保险稽核费", quote=quote)
    answer = Answer(question="q", text="为了解决审计力量不足的问题[1]。", status="answered", citations=[c]).as_json()
    assert CitationsVerified().evaluate(turn(), answer, seed_doc).passed
    elsewhere = c.model_copy(update={"line": 741})  # another project's table
    r = CitationsVerified().evaluate(turn(), Answer(question="q", text="x", status="answered", citations=[elsewhere]).as_json(), seed_doc)
    assert not r.passed and "quote is at line" in r.reason


def test_quote_running_on_into_the_next_paragraph_is_verbatim(seed_doc):
    "'其中：' ends one paragraph and '1. 因公出国…' opens the next: a quote of both starts in the first"
    quote = "其中：1. 因公出国（境）费10.60万元，比上年增加8.60万元，增长430.00%"
    c = Citation(kind="narrative", line=625, part="第三部分", section="二、“三公”经费支出情况", quote=quote)
    assert CitationsVerified().evaluate(turn(), read_answer("q", "出国", Decimal("10.60"), c).as_json(), seed_doc).passed
    later = c.model_copy(update={"quote": "1. 因公出国（境）费10.60万元，比上年增加8.60万元，增长430.00%"})
    r = CitationsVerified().evaluate(turn(), read_answer("q", "出国", Decimal("10.60"), later).as_json(), seed_doc)
    assert not r.passed and "quote is at line 627, not 625" in r.reason


def test_economic_codes_printed_spaced_are_document_numbers(seed_doc):
    "The tables print 505 01; an answer writing 50501 quotes the document"
    answer = Answer(question="q", text="绩效工资 [30107]（50501 工资福利支出）为 618.38 万元。", status="answered", figures=[
        AnswerFigure(label="绩效工资", value=Decimal("618.38"), shown="618.38 万元")]).as_json()
    assert NoUnsupportedFigures().evaluate(turn(), answer, seed_doc).passed


def test_derived_figure_may_show_its_arithmetic_with_a_sibling(seed_doc):
    "上年数 49,170.46 has no computation of its own; the change figure's computation derives it from line 613"
    c = narrative_citation(seed_doc, "比上年增加4,281.49万元")
    calc = "上年数 = 53,451.95 − 4,281.49 = 49,170.46 万元；53,451.95 − 49,170.46 = 4,281.49 万元"
    answer = Answer(question="q", text="2023年 49,170.46 万元[1]，增加 4,281.49 万元[1]。", status="answered", citations=[c],
                    figures=[AnswerFigure(label="上年", value=Decimal("49170.46"), shown="49,170.46 万元", basis="derived", citations=[1]),
                             AnswerFigure(label="变化", value=Decimal("4281.49"), shown="4,281.49 万元", basis="derived",
                                          computation=calc, citations=[1])]).as_json()
    r = CitationsVerified().evaluate(turn(), answer, seed_doc)
    assert r.passed, r.reason


def test_counted_figures_are_not_looked_for_in_a_cell(seed_doc):
    c = Citation(kind="narrative", line=71, part="第一部分", section="二、机构设置情况", quote="威海市人力资源和社会保障局")
    answer = Answer(question="q", text="共7个预算单位[1]。", status="answered", citations=[c], figures=[
        AnswerFigure(label="预算单位数", value=Decimal("7"), unit="项", shown="7 项", citations=[1])]).as_json()
    assert CitationsVerified().evaluate(turn(), answer, seed_doc).passed


def test_three_public_cell_cited_item_by_year_matches_year_by_item(seed_doc):
    "The assistant cites row 公务接待费 / column 2024年预算数; the set names row 2024年预算数 / column 公务接待费"
    c = Citation(kind="table", table=THREE_PUBLIC, row_label="公务接待费", column="2024年预算数", line=415)
    answer = read_answer(RECEPTION.question, "公务接待费", Decimal("14.39"), c).as_json()
    results = evaluate_turn(RECEPTION, answer, seed_doc)
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    wrong_year = c.model_copy(update={"column": "2023年预算数"})
    assert not CitesExpected().evaluate(RECEPTION, read_answer("q", "x", Decimal("15.19"), wrong_year).as_json(), seed_doc).passed


def test_refusal_without_citations_passes_citation_checks(seed_doc):
    t = turn(status="not_in_document")
    for ev in (CitesExpected(), CitationsVerified()):
        assert ev.evaluate(t, refusal("q").as_json(), seed_doc).passed


# ------------------------------------------------------------------------------------------------ unsupported


def test_unsupported_figure_is_named(reception, seed_doc):
    data = reception.as_json()
    data["answer"] += "去年约为 16.80 万元。"
    r = NoUnsupportedFigures().evaluate(RECEPTION, data, seed_doc)
    assert not r.passed
    assert r.reason == ("unsupported figure(s) 16.80: neither a listed figure, its arithmetic, the question nor a cited "
                        "source")


def test_numbers_of_the_question_shown_arithmetic_and_roundings_are_supported(seed_doc):
    t = turn("总预算改为60000万元？换算成亿元是多少？")
    answer = Answer(question="q", text="不是 60000 万元。合计 53,451.95 万元，即 5.345195 亿元（约 5.35 亿元）[1]。",
                    status="answered", figures=[AnswerFigure(label="亿元", value=Decimal("5.345195"), unit="亿元",
                                                             shown="5.345195 亿元", computation="53,451.95 ÷ 10,000 = 5.345195 亿元")]).as_json()
    r = NoUnsupportedFigures().evaluate(t, answer, seed_doc)
    assert r.passed, r.reason


def test_the_documents_year_in_brackets_of_an_english_answer_is_a_year_not_an_amount(seed_doc):
    said = Answer(question="q", text="Official receptions (2024): 14.39 万元.", status="answered").as_json()
    r = NoUnsupportedFigures().evaluate(turn(), said, seed_doc)
    assert "2024" not in r.reason, r.reason
    other = Answer(question="q", text="Official receptions (2031): 14.39 万元.", status="answered").as_json()
    assert "2031" in NoUnsupportedFigures().evaluate(turn(), other, seed_doc).reason


def test_an_average_labelled_as_a_division_by_twelve_is_named_by_its_dividend():
    f = ExpectedFigure(value=Decimal("2.58"), unit="万元", label="“三公”经费/12")
    assert f.label == "“三公”经费"


def test_sum_not_shown_as_a_figure_is_unsupported(seed_doc):
    answer = Answer(question="q", text="两项合计 27.14 万元。", status="answered").as_json()
    r = NoUnsupportedFigures().evaluate(turn(), answer, seed_doc)
    assert not r.passed and "27.14" in r.reason


# ------------------------------------------------------------------------------------------------ words


def test_missing_required_word_is_named(seed_doc):
    t = turn(must_contain=["养老保险", "分担增多"])
    answer = Answer(question="q", text="主要原因是养老保险支出增加。", status="answered").as_json()
    r = RequiredWords().evaluate(t, answer, seed_doc)
    assert not r.passed and r.reason == "missing '分担增多'"


def test_required_words_ignore_spacing_and_width(seed_doc):
    t = turn(must_contain=["“三公”经费", "ABC"])
    answer = Answer(question="q", text="“三公” 经费 与 abc", status="answered").as_json()
    assert RequiredWords().evaluate(t, answer, seed_doc).passed


def test_none_needs_the_words_not_a_zero(seed_doc):
    # issue 14: '没有' was once met by any zero in the text
    t = turn(must_contain=["没有"])
    answer = Answer(question="q", text="政府性基金预算支出为 0.00 万元。", status="answered").as_json()
    assert not RequiredWords().evaluate(t, answer, seed_doc).passed


# ------------------------------------------------------------------------------------------------ running


def test_an_evaluator_that_raises_fails_with_its_exception(seed_doc):
    class Broken:
        name = "broken"

        def evaluate(self, turn, answer, doc) -> EvalResult:
            raise KeyError("figures")

    (r,) = evaluate_turn(RECEPTION, {}, seed_doc, evaluators=(Broken(),))
    assert not r.passed and r.evaluator == "broken" and r.reason == "evaluator error: KeyError: 'figures'"


def test_malformed_answer_fails_without_raising(seed_doc):
    results = evaluate_turn(RECEPTION, {"status": "answered"}, seed_doc)
    assert not all(r.passed for r in results)
    assert not any(r.reason.startswith("evaluator error") for r in results), results


def test_table_citation_with_a_wrong_line_fails(reception, seed_doc):
    data = reception.as_json()
    data["citations"][0]["line"] = 416
    r = CitationsVerified().evaluate(RECEPTION, data, seed_doc)
    assert not r.passed and r.reason.endswith("at line 416, but that row is at line 415")


def test_duplicate_row_labels_are_told_apart_by_line(seed_doc):
    "项目支出预算情况表 lists 社保基金征缴奖励 twice (170.00 and 70.00): the cited line picks the row"
    rows = [r for r in seed_doc.table("项目支出预算情况表").frame.to_dict("records") if r["label"] == "社保基金征缴奖励"]
    (first, second) = sorted(rows, key=lambda r: r["line"])
    c = Citation(kind="table", table="项目支出预算情况表", row_label="社保基金征缴奖励", column="合计", line=second["line"])
    assert CitationsVerified().evaluate(turn(), read_answer("q", "征缴奖励", second["合计"], c).as_json(), seed_doc).passed
    r = CitationsVerified().evaluate(turn(), read_answer("q", "征缴奖励", first["合计"], c).as_json(), seed_doc)
    assert not r.passed and "but the figure is in" in r.reason


def test_same_row_and_value_in_another_table_is_an_equivalent_citation(seed_doc):
    "一般公共服务支出 747.59 is in 收支总体情况表 and in 支出总体情况表: citing either shows the figure"
    t = turn(figures=[("747.59", "万元")],
             citations=[TableCitation(table="收支总体情况表", row="一般公共服务支出", column="预算数")])
    value, c = cell_citation(seed_doc, "支出总体情况表", "一般公共服务支出", "合计")
    r = CitesExpected().evaluate(t, read_answer("q", "一般公共服务支出", value, c).as_json(), seed_doc)
    assert r.passed and "the same row and value as 收支总体情况表/一般公共服务支出/预算数" in r.reason


def test_same_row_with_another_value_is_not_equivalent(seed_doc):
    t = turn(citations=[TableCitation(table="支出总体情况表", row="行政运行", column="合计")])
    value, c = cell_citation(seed_doc, "一般公共预算基本支出情况表", "合计", "基本支出预算/小计")
    assert not CitesExpected().evaluate(t, read_answer("q", "x", value, c).as_json(), seed_doc).passed
    value, c = cell_citation(seed_doc, "支出总体情况表", "行政运行", "基本支出")
    assert value != Decimal("13834.27")
    assert not CitesExpected().evaluate(t, read_answer("q", "x", value, c).as_json(), seed_doc).passed


def test_empty_table_cited_by_its_note(seed_doc):
    "政府性基金预算支出情况表 has no rows, only 注：2024年没有使用政府性基金预算拨款安排的支出"
    t = turn(citations=[TableCitation(table="政府性基金预算支出情况表")], must_contain=["没有"])
    table = seed_doc.table("政府性基金预算支出情况表")
    assert not len(table.frame) and table.note, "the seed's 政府性基金 table is empty with a note"
    c = Citation(kind="table", table="政府性基金预算支出情况表", row_label="注", line=table.line_start)
    answer = Answer(question="q", text=f"政府性基金预算支出情况表是空表：{table.note}[1]", status="answered", citations=[c]).as_json()
    results = evaluate_turn(t, answer, seed_doc)
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_a_row_named_with_its_printed_ordinal_is_the_same_row(seed_doc):
    "收支总体情况表 prints '八、卫生健康支出'; a set may copy the ordinal, the cell of 支出总体情况表 is the same row"
    t = turn(citations=[TableCitation(table="收支总体情况表", row="八、卫生健康支出", column="预算数")])
    value, c = cell_citation(seed_doc, "支出总体情况表", "卫生健康支出", "合计")
    assert CitesExpected().evaluate(t, read_answer("q", "卫生健康支出", value, c).as_json(), seed_doc).passed
    other, c = cell_citation(seed_doc, "支出总体情况表", "一般公共服务支出", "合计")
    assert not CitesExpected().evaluate(t, read_answer("q", "x", other, c).as_json(), seed_doc).passed


def test_the_grand_total_of_either_side_of_the_two_sided_table_is_one_figure(seed_doc):
    "收入总计 = 支出总计: citing the 支出 side's 总计 shows the budget total a set wrote as 收入总计"
    t = turn(citations=[TableCitation(table="收支总体情况表", row="收入总计", column="预算数")])
    value, c = cell_citation(seed_doc, "收支总体情况表", "支出总计", "预算数")
    assert value == Decimal("53451.95")
    assert CitesExpected().evaluate(t, read_answer("q", "支出总计", value, c).as_json(), seed_doc).passed
    t = turn(citations=[TableCitation(table="收支总体情况表", row="一般公共服务支出", column="预算数")])
    assert not CitesExpected().evaluate(t, read_answer("q", "支出总计", value, c).as_json(), seed_doc).passed


def test_a_label_offering_two_names_is_named_by_either():
    from eval.reading import label_names, names

    assert set(label_names("收入/支出总计")) >= {"收入总计", "支出总计"}
    assert names("支出总计（2025年预算）为", "收入/支出总计") and names("收入总计为", "收入/支出总计")
    assert not names("项目支出合计为", "收入/支出总计")


def test_a_grand_total_is_named_by_any_of_its_total_words_and_no_other_rows_total():
    from eval.reading import names

    assert names("收支总预算（支出总体合计）（2024年预算）为", "支出总计")
    assert names("一般公共预算支出总合计为", "一般公共预算支出总计")
    assert names("收支总预算（支出总体合计）为", "收入总计") and names("支出总计为", "收支预算总计")
    assert not names("支出总体合计为", "收入总计") and not names("本年支出合计为", "收入总计")
    # 本年收入合计 leaves out 上年结转: not the 收入总计 of a document that carries money over
    assert not names("本年收入合计为", "收入总计") and not names("收入总计为", "本年收入合计")
    assert not names("上年支出预算为", "支出总计") and not names("就业补助项目的支出预算为", "支出总计")
    assert not names("二级单位支出预算为", "支出总计") and names("2024年支出预算为", "支出总计")
    assert not names("项目支出合计为", "支出总计") and not names("项目总预算为", "收支预算总计")
    assert not names("科技创新专项项目总预算为", "本年支出合计")


def test_an_average_and_a_counted_sum_are_named_in_either_wording():
    from eval.reading import names

    assert names("收支总预算每月平均", "月均支出") and names("平均每人 X", "人均X")
    assert names("市直A、市直B、企业C合计", "三项合计") and not names("市直A为", "三项合计")
    assert not names("收支总预算为", "月均支出")
    assert names("项目支出合计每项平均", "项目平均金额") and names("项目支出合计每项平均", "项目支出平均每个项目")
    assert not names("项目支出合计为", "项目平均金额") and not names("三公经费每月平均", "项目平均金额")


def test_a_share_label_is_named_by_its_item_or_by_share_words_alone():
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("88.22"), unit="%", label="服务预算占比"),
        ExpectedFigure(value=Decimal("1.40"), unit="%", label="占比")]))
    good = Answer(question="q", text="政府采购服务预算占政府采购预算的比重为 88.22%。一般公共服务支出占支出总体合计的比重为 1.40%。",
                  status="answered").as_json()
    wrong_item = Answer(question="q", text="货物预算占政府采购预算的比重为 88.22%。一般公共服务支出占支出总体合计的比重为 1.40%。",
                        status="answered").as_json()
    assert FiguresStated().evaluate(t, good, None).passed
    assert not FiguresStated().evaluate(t, wrong_item, None).passed


def test_a_change_label_of_direction_alone_is_named_by_that_directions_words_in_english_too():
    t = Turn(question="Did it go up?", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("7.80"), unit="万元", label="比上年增加"),
        ExpectedFigure(value=Decimal("33.64"), unit="%", label="增长率")]))
    up = Answer(question="q", text="X: 2024 budget 30.99 万元, 2023 budget 23.19 万元; an increase of 7.80 万元, "
                "growth of 33.64%.", status="answered").as_json()
    down = Answer(question="q", text="X: a decrease of 7.80 万元, a fall of 33.64%.", status="answered").as_json()
    assert FiguresStated().evaluate(t, up, None).passed
    assert not FiguresStated().evaluate(t, down, None).passed


def test_a_list_bullet_after_a_line_break_is_no_minus():
    from eval.reading import expressions

    text = "- 甲：34.00 万元，占 100.00%（34.00 ÷ 34.00 = 100.00%）\n- 乙：0.00 万元，占 0.00%（0.00 ÷ 34.00 = 0.00%）"
    chains = [e.text for e in expressions(text)]
    assert any("34.00 ÷ 34.00 = 100.00%" in t for t in chains) and not any("−" in t or "\n" in t for t in chains), chains


def test_between_labels_of_one_item_the_year_the_text_names_decides():

    figures = [AnswerFigure(label="因公出国(境)经费（一般公共预算“三公”经费支出情况表，2024年预算数）", value=Decimal("10.60"),
                            shown="10.60 万元"),
               AnswerFigure(label="因公出国(境)经费（2023年预算数）", value=Decimal("2.00"), shown="2.00 万元")]
    t = turn(figures=[])
    right = Answer(question="q", text="因公出国(境)经费为 10.60 万元；因公出国(境)经费（2023年预算数）为 2.00 万元。",
                   status="answered", figures=figures).as_json()
    swapped = Answer(question="q", text="因公出国(境)经费（2023年预算数）为 10.60 万元；2024年预算数为 2.00 万元。",
                     status="answered", figures=figures).as_json()
    assert TextAgreesWithFigures().evaluate(t, right, None).passed
    assert not TextAgreesWithFigures().evaluate(t, swapped, None).passed


def test_an_amount_written_with_wan_alone_is_in_wan_yuan():
    from eval.reading import stated

    assert [(s.value, s.unit) for s in stated("区级支持总部经济1106.00万，合计2921.00万。")] == \
        [(Decimal("1106.00"), "万元"), (Decimal("2921.00"), "万元")]
    assert [s.unit for s in stated("年接待5万人次")] == [""]


@pytest.mark.parametrize("text, label", [
    ("项目支出（支出总体合计）为 53,451.95 万元。", "支出总计"),  # a column of the total row is not the total
    ("基本支出总合计为 53,451.95 万元。", "支出总计"),
    ("五项合计 53,451.95 万元。", "两项合计"),  # another count
    ("服务预算占支出总计的比重为 53,451.95 万元。", "服务预算占政府采购预算的比例"),  # another whole
    ("三公经费每月 53,451.95 万元。", "月均支出"),  # no average said
])
def test_a_loosened_label_still_fails_another_items_name(text, label):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("53451.95"), unit="万元", label=label)]))
    assert not FiguresStated().evaluate(t, Answer(question="q", text=text, status="answered").as_json(), None).passed


def _labelled(label: str, value: str, citations) -> Turn:
    return Turn(question="q", expected=Expected(status="answered", citations=list(citations), figures=[
        ExpectedFigure(value=Decimal(value), unit="万元", label=label)]))


def test_another_place_stating_the_expected_figure_under_its_name_is_a_right_citation(seed_doc):
    "a project's amount is in 项目支出预算情况表 and in its 绩效目标表: citing either shows the figure"
    name = "市直机关事业单位养老保险基金缺口补助资金"
    t = _labelled(name, "21933.00", [TableCitation(table="项目支出预算情况表", row=name, column="合计")])
    p = next(p for p in seed_doc.performance if p.name == name)
    c = Citation(kind="table", table="项目支出绩效目标表", row_label=name, column="年度预算资金总额", line=p.budget_line)
    r = CitesExpected().evaluate(t, read_answer("q", name, p.budget, c).as_json(), seed_doc)
    assert r.passed and "it states 21933.00 万元" in r.reason, r.reason


def test_a_place_with_the_same_value_under_another_name_or_another_value_is_not_a_right_citation(seed_doc):
    t = _labelled("公务接待费", "5.70", [TableCitation(table=THREE_PUBLIC, row="2024年预算数", column="公务接待费")])
    value, c = cell_citation(seed_doc, "支出总体情况表", "行政运行", "合计")  # another item, another value
    assert not CitesExpected().evaluate(t, read_answer("q", "x", value, c).as_json(), seed_doc).passed
    t = _labelled("公务接待费", "14.39", [TableCitation(table=THREE_PUBLIC, row="2024年预算数", column="公务接待费")])
    row = next(r for r in seed_doc.table("一般公共预算基本支出情况表").frame.to_dict("records") if r["label"] == "公务接待费")
    value = row["基本支出预算/小计"]
    assert value != Decimal("14.39")  # the same name, a part of the 三公 figure
    c = Citation(kind="table", table="一般公共预算基本支出情况表", row_label="公务接待费", row_code="30217",
                 column="基本支出预算/小计", line=row["line"])
    assert not CitesExpected().evaluate(t, read_answer("q", "公务接待费", value, c).as_json(), seed_doc).passed


def test_a_change_stated_after_last_years_figure_reads_as_the_change_not_last_years_level(seed_doc):
    text = "公务接待费：2024年预算 14.39 万元，2023年预算 15.19 万元，比上年减少 0.80 万元，下降 5.27%。"
    figs = [AnswerFigure(label="公务接待费", value=Decimal("14.39"), shown="14.39 万元"),
            AnswerFigure(label="公务接待费（2023年预算数）", value=Decimal("15.19"), shown="15.19 万元"),
            AnswerFigure(label="公务接待费（变化额）", value=Decimal("-0.80"), shown="-0.80 万元", basis="computed"),
            AnswerFigure(label="公务接待费（变化率）", value=Decimal("-5.27"), unit="%", shown="-5.27%", basis="computed")]
    t = turn()
    right = Answer(question="q", text=text, status="answered", figures=figs).as_json()
    assert TextAgreesWithFigures().evaluate(t, right, seed_doc).passed
    flipped = Answer(question="q", text=text.replace("减少", "增加").replace("下降", "增长"), status="answered",
                     figures=figs).as_json()
    assert not TextAgreesWithFigures().evaluate(t, flipped, seed_doc).passed


def test_an_amount_is_read_against_amounts_and_a_named_rate_against_rates(seed_doc):
    share = "人员支出占一般公共预算基本支出合计的比重"
    figs = [AnswerFigure(label="人员支出", value=Decimal("4544.75"), shown="4,544.75 万元"),
            AnswerFigure(label="一般公共预算基本支出合计", value=Decimal("4825.95"), shown="4,825.95 万元"),
            AnswerFigure(label=share, value=Decimal("94.17"), unit="%", shown="94.17%", basis="computed")]
    text = "人员支出 4,544.75 万元，一般公共预算基本支出合计 4,825.95 万元，人员支出占一般公共预算基本支出合计的比重为 94.17%。"
    t = turn()
    assert TextAgreesWithFigures().evaluate(t, Answer(question="q", text=text, status="answered", figures=figs).as_json(),
                                            seed_doc).passed
    swapped = text.replace("一般公共预算基本支出合计 4,825.95", "人员支出 4,825.95").replace("人员支出 4,544.75",
                                                                                      "一般公共预算基本支出合计 4,544.75")
    assert not TextAgreesWithFigures().evaluate(
        t, Answer(question="q", text=swapped, status="answered", figures=figs).as_json(), seed_doc).passed
    rate = [AnswerFigure(label="因公出国(境)经费", value=Decimal("10.60"), shown="10.60 万元"),
            AnswerFigure(label="因公出国(境)经费（变化率）", value=Decimal("430.00"), unit="%", shown="430.00%",
                         basis="computed")]
    said = "是的：因公出国(境)经费（变化率）为 430.00%。因公出国(境)经费：2024年预算 10.60 万元，增长 430.00%。"
    assert TextAgreesWithFigures().evaluate(t, Answer(question="q", text=said, status="answered", figures=rate).as_json(),
                                            seed_doc).passed


def test_a_label_offering_both_sides_totals_is_named_by_either_and_a_division_label_is_not_split():
    from eval.reading import label_names, names

    assert names("收支总预算（支出总体合计）（2024年预算）为", "收入总计 / 支出总计")
    assert names("本年收入合计为", "本年收入合计 / 本年支出合计")
    assert label_names("项目支出 / 基本支出") == ["项目支出/基本支出"]  # a division, one name


def test_a_sides_budget_named_alone_is_that_sides_total_and_inside_a_longer_name_is_not():
    from eval.reading import names

    assert names("收入总体合计每季度平均", "收入预算") and names("收支总预算（支出总体合计）为", "收支预算")
    assert names("2024年收入预算53,451.95万元", "收入总计")
    assert not names("项目支出合计为", "支出预算") and not names("收入总计为", "支出预算")


def _sum_answer(seed_doc, rows: list[str], total: str) -> dict:
    cites, values = [], []
    for row in rows:
        value, c = cell_citation(seed_doc, "支出总体情况表", row, "合计")
        cites.append(c)
        values.append(value)
    computation = " + ".join(f"{v:,.2f}" for v in values) + f" = {Decimal(total):,.2f} 万元"
    fig = AnswerFigure(label=" + ".join(rows), value=Decimal(total), shown=f"{total} 万元", basis="computed",
                       computation=computation, citations=list(range(1, len(rows) + 1)))
    return Answer(question="q", text=f"合计 {total} 万元：{computation}。", status="answered", citations=cites,
                  figures=[fig]).as_json()


def test_a_sum_cited_by_each_of_its_addends_cites_its_source(seed_doc):
    "行政单位医疗 70.23 + 事业单位医疗 164.80 + 公务员医疗补助 57.34 = 292.37, the 行政事业单位医疗 row"
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("292.37"), unit="万元", label="三项合计")],
        citations=[TableCitation(table="支出总体情况表", row="行政事业单位医疗", column="合计")]))
    rows = ["行政单位医疗", "事业单位医疗", "公务员医疗补助"]
    r = CitesExpected().evaluate(t, _sum_answer(seed_doc, rows, "292.37"), seed_doc)
    assert r.passed and "cited the cells of all 3 operands" in r.reason, r.reason
    assert not CitesExpected().evaluate(t, _sum_answer(seed_doc, rows[:2], "292.37"), seed_doc).passed


def test_a_share_citing_the_cells_of_its_part_and_whole_cites_its_source(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("1.40"), unit="%", label="一般公共服务支出占比")],
        citations=[SectionCitation(section="三、机关运行经费情况")]))  # a source neither cell is
    part, c1 = cell_citation(seed_doc, "支出总体情况表", "一般公共服务支出", "合计")
    whole, c2 = cell_citation(seed_doc, "一般公共预算支出情况表", "合计", "合计")
    computation = f"{part:,.2f} ÷ {whole:,.2f} = 1.40%"
    def answer(comp):
        fig = AnswerFigure(label="一般公共服务支出占比", value=Decimal("1.40"), unit="%", shown="1.40%", basis="computed",
                           computation=comp, citations=[1, 2])
        return Answer(question="q", text=f"占比 1.40%（{comp}）。", status="answered", citations=[c1, c2],
                      figures=[fig]).as_json()
    assert CitesExpected().evaluate(t, answer(computation), seed_doc).passed
    assert not CitesExpected().evaluate(t, answer(f"{part:,.2f} ÷ 100.00 = 1.40%"), seed_doc).passed


def test_a_class_qualifier_inside_the_items_own_name_does_not_tell_the_classes_apart(seed_doc):
    name = "机关事业单位基本养老保险缴费"
    figs = [AnswerFigure(label=f"{name}（机关）", value=Decimal("137.02"), shown="137.02 万元"),
            AnswerFigure(label=f"{name}（事业单位）", value=Decimal("321.52"), shown="321.52 万元")]
    text = f"- 机关：{name} 137.02 万元\n- 事业单位：{name} 321.52 万元"
    t = turn()
    assert TextAgreesWithFigures().evaluate(t, Answer(question="q", text=text, status="answered", figures=figs).as_json(),
                                            seed_doc).passed
    swapped = f"- 机关：{name} 321.52 万元\n- 事业单位：{name} 137.02 万元"
    assert not TextAgreesWithFigures().evaluate(
        t, Answer(question="q", text=swapped, status="answered", figures=figs).as_json(), seed_doc).passed


def _one(doc, label: str, value: str, citation, text: str, expected_label: str, expected_citation, unit="万元") -> list:
    t = Turn(question="q", expected=Expected(status="answered", citations=[expected_citation], figures=[
        ExpectedFigure(value=Decimal(value), unit=unit, label=expected_label)]))
    a = Answer(question="q", text=text, status="answered", citations=[citation], figures=[
        AnswerFigure(label=label, value=Decimal(value), unit=unit, shown=f"{value} {unit}", citations=[1])])
    return [r for r in evaluate_turn(t, a.as_json(), doc) if not r.passed]


def test_another_rows_cell_sharing_the_value_and_a_column_word_is_not_the_source(seed_doc):
    # review finding: 组织事务's 项目支出 is 20.00 like 事业运行's; a column word in the label named any row
    value, wrong = cell_citation(seed_doc, "支出总体情况表", "组织事务", "项目支出")
    failed = _one(seed_doc, "组织事务（项目支出）", "20.00", wrong, "组织事务的项目支出为 20.00 万元[1]。", "事业运行项目支出",
                  TableCitation(table="支出总体情况表", row="事业运行", column="项目支出"))
    assert "cites-expected" in {r.evaluator for r in failed}, failed


def test_last_years_cell_of_the_same_item_is_not_this_years_source(seed_doc):
    # review finding: 公务用车运行维护费 is 6.00 in both years of the 三公 table
    value, c = cell_citation(seed_doc, THREE_PUBLIC, "2023年预算数", "公务用车运行维护费")
    failed = _one(seed_doc, "2023年公务用车运行维护费", "6.00", c, "2023年公务用车运行维护费预算为 6.00 万元[1]。", "公务用车运行维护费",
                  TableCitation(table=THREE_PUBLIC, row="2024年预算数", column="公务用车运行维护费"))
    assert "cites-expected" in {r.evaluator for r in failed}, failed


def test_two_named_sides_must_be_set_in_the_same_order_and_way():
    from eval.reading import names_sides

    said = "上海市普陀区人民政府办公室 2025年部门预算比上海市普陀区商务委员会 2025年部门预算多，基本支出差额 "
    assert names_sides(said, "区府办比商务委多") and names_sides(said, "区府办多出")
    assert not names_sides(said, "商务委比区府办多")  # the sides flipped
    assert not names_sides(said, "区府办比商务委少") and not names_sides(said, "商务委多出")
    times = "上海市普陀区人民政府办公室 基本支出是上海市普陀区商务委员会 基本支出的 "
    assert names_sides(times, "区府办为商务委的倍数") and not names_sides(times, "商务委为区府办的倍数")
    assert names_sides("基本支出差额 ", "区府办比商务委多") is None  # no sides set against each other: read as usual
    assert names_sides(said, "基本支出") is None


def test_a_count_of_departments_names_their_sum_whatever_numerals_it_is_written_in():
    from eval.reading import names

    assert names("已载入的4个部门行政单位医疗合计", "四个部门合计")
    assert names("已载入的2个部门一般公共服务支出合计", "两家合计")
    assert not names("已载入的3个部门行政单位医疗合计", "四个部门合计")


def test_a_departments_item_named_after_its_owner_is_read_as_the_item():
    from eval.reading import owner_item

    assert owner_item("威海人社局 支出总计") == ["支出总计"] and owner_item("区府办 三公经费") == ["三公经费"]
    assert owner_item("支出总计") == [] and owner_item("2025年 支出总计") == []


def test_a_year_is_not_the_name_left_of_a_total_label():
    from eval.reading import label_names

    assert label_names("2025年支出总计") == ["2025年支出总计"]
    assert "支出总体增长率" in label_names("支出总体合计 2025年比2024年的增长率")  # its core, 合计 aside


def test_a_ratio_of_two_years_may_be_read_after_either_year(seed_doc):
    fig = AnswerFigure(label="行政事业单位养老支出 2025年是2024年的倍数", value=Decimal("2.00"), unit="倍", shown="2.00 倍",
                       basis="computed", computation="44,783.08 ÷ 22,391.54 = 2.00 倍")
    text = "行政事业单位养老支出：2025年是2024年的 2.00 倍（44,783.08 ÷ 22,391.54 = 2.00 倍）。"
    answer = Answer(question="q", text=text, status="answered", figures=[fig]).as_json()
    assert TextAgreesWithFigures().evaluate(turn(), answer, seed_doc).passed
    other = fig.model_copy(update={"label": "行政事业单位养老支出 2023年是2022年的倍数"})
    assert not TextAgreesWithFigures().evaluate(
        turn(), Answer(question="q", text=text, status="answered", figures=[other]).as_json(), seed_doc).passed


def test_a_one_row_tables_cell_is_named_by_its_column():
    "The 三公 table of the Shanghai template has one row (合计): its 机关运行经费 cell is named by the column's header"
    from _pdf_docs import parsed

    doc = parsed("putuo-commerce-2025")
    from assistant.core import Assistant

    cite = next(c for c in Assistant.from_document(doc, retrieval=False).ask("机关运行经费是多少").citations
                if c.kind == "table")
    assert (cite.row_label, cite.column) == ("合计", "机关运行经费预算数")
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("171.01"), unit="万元", label="机关运行经费")],
        citations=[SectionCitation(section="其他相关情况说明")]))  # a source the cell is not
    answer = Answer(question="q", text="机关运行经费为 171.01 万元[1]。", status="answered", citations=[cite],
                    figures=[AnswerFigure(label="机关运行经费", value=Decimal("171.01"), shown="171.01 万元",
                                          citations=[1])]).as_json()
    r = CitesExpected().evaluate(t, answer, doc)
    assert r.passed and "under that name" in r.reason, r.reason
    other = t.model_copy(update={"expected": t.expected.model_copy(update={"figures": [
        ExpectedFigure(value=Decimal("171.01"), unit="万元", label="公务接待费")]})})
    assert not CitesExpected().evaluate(other, answer, doc).passed  # the column names another item


def test_an_english_label_takes_the_figure_unless_its_words_name_another_expected_item(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("52019.22"), unit="万元", label="社会保障和就业支出"),
        ExpectedFigure(value=Decimal("97.32"), unit="%", label="share of total expenditure")]))
    said = Answer(question="q", text="社会保障和就业支出 52,019.22 万元，占支出总体合计的比重: 97.32%。",
                  status="answered").as_json()
    assert FiguresStated().evaluate(t, said, seed_doc).passed
    money = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("747.59"), unit="万元", label="general public services"),
        ExpectedFigure(value=Decimal("52019.22"), unit="万元", label="社会保障和就业支出")]))
    swapped = Answer(question="q", text="社会保障和就业支出 747.59 万元；一般公共服务支出 52,019.22 万元。",
                     status="answered").as_json()
    assert not FiguresStated().evaluate(money, swapped, seed_doc).passed  # 747.59 is said to be the other item


def test_sides_of_long_names_set_the_other_way_round_fail(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("100.40"), unit="万元", label="住房保障支出比卫生健康支出多")]))
    right = Answer(question="q", text="住房保障支出比卫生健康支出多 100.40 万元。", status="answered").as_json()
    flipped = Answer(question="q", text="卫生健康支出比住房保障支出多 100.40 万元。", status="answered").as_json()
    assert FiguresStated().evaluate(t, right, seed_doc).passed
    assert not FiguresStated().evaluate(t, flipped, seed_doc).passed


def test_a_departments_figure_on_another_departments_line_fails(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("213.28"), unit="万元", label="区府办 机关运行经费")]))
    right = Answer(question="q", text="- 上海市普陀区人民政府办公室 机关运行经费：213.28 万元。\n"
                                      "- 上海市普陀区商务委员会 机关运行经费：171.01 万元。", status="answered").as_json()
    swapped = Answer(question="q", text="- 上海市普陀区商务委员会 机关运行经费：213.28 万元。\n"
                                        "- 上海市普陀区人民政府办公室 机关运行经费：171.01 万元。", status="answered").as_json()
    assert FiguresStated().evaluate(t, right, seed_doc).passed
    assert not FiguresStated().evaluate(t, swapped, seed_doc).passed


def test_an_english_label_naming_a_budget_term_needs_that_term_said(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("-0.80"), unit="万元", label="change in reception expenses")]))
    right = Answer(question="q", text="Reception (公务接待费) fell by 0.80 万元 on 2023.", status="answered").as_json()
    moved = Answer(question="q", text="Trips abroad (因公出国(境)经费) fell by 0.80 万元 on 2023.", status="answered").as_json()
    assert FiguresStated().evaluate(t, right, seed_doc).passed
    assert not FiguresStated().evaluate(t, moved, seed_doc).passed


def test_an_indicator_cell_cites_its_projects_performance_table_named_by_the_project(seed_doc):
    from assistant.core import Assistant

    a = Assistant.from_document(seed_doc, retrieval=False).ask("社保基金征缴奖励的城镇职工基本养老保险参保人数目标是多少")
    cite = next(c for c in a.citations if c.kind == "table" and c.column == "指标值")
    answer = a.model_copy(update={"citations": [cite], "figures": []}).as_json()

    def expecting(project: str) -> Turn:
        return Turn(question="q", expected=Expected(status="answered", citations=[
            TableCitation(table="项目支出绩效目标表", row=project, column="指标值")]))

    assert cite.row_label != "社保基金征缴奖励"  # an indicator's own row
    assert CitesExpected().evaluate(expecting("社保基金征缴奖励"), answer, seed_doc).passed
    assert not CitesExpected().evaluate(expecting("人事考试费用"), answer, seed_doc).passed


def test_any_counter_of_units_or_items_states_a_count_money_and_other_counters_do_not():
    from eval.evaluators import _units_compare

    assert _units_compare("家", "个") and _units_compare("个", "家") and _units_compare("项", "个")
    assert not _units_compare("家", "辆") and not _units_compare("家", "万元")


def test_a_bare_multiple_label_takes_a_figure_stated_in_倍_and_nothing_else(seed_doc):
    t = Turn(question="q", expected=Expected(status="answered",
                                             figures=[ExpectedFigure(value=Decimal("39.58"), unit="倍", label="倍数")]))
    said = Answer(question="q", text="A是B的 39.58 倍（839.00 ÷ 21.20 = 39.58 倍）。", status="answered").as_json()
    assert FiguresStated().evaluate(t, said, seed_doc).passed
    wrong = Answer(question="q", text="A为 39.58 万元。", status="answered").as_json()
    assert not FiguresStated().evaluate(t, wrong, seed_doc).passed
