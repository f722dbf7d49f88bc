"""Charts built from the parsed tables (issue 6): generic over documents, so every test runs on seed and variant."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from assistant import charts
from budget_qa.types import TableKind


@pytest.fixture(params=["seed", "variant"])
def doc(request, seed_doc, variant_doc):
    return seed_doc if request.param == "seed" else variant_doc


def _total(doc, kind: TableKind, column: str) -> Decimal:
    t = doc.tables_of(kind)[0]
    return t.frame[t.frame["is_total"]].iloc[0][column]


@pytest.mark.parametrize("level", ["类", "款"])
def test_function_chart_adds_up_to_the_expenditure_total(doc, level):
    spec = charts.spending_by_function(doc, level)
    t = doc.table(TableKind.expenditure_summary)
    assert spec is not None and spec.unit == t.unit
    assert sum(spec.values) == _total(doc, TableKind.expenditure_summary, "合计"), "the bars are the whole budget"
    rows = t.frame[t.frame["level"] == level]
    assert len(spec.labels) == len(rows) and len(set(spec.labels)) == len(spec.labels), "one distinct bar per row"


def test_basic_plus_project_is_the_total(doc):
    spec = charts.basic_vs_project(doc)
    assert spec.labels == ["基本支出", "项目支出"]
    assert sum(spec.values) == _total(doc, TableKind.expenditure_summary, "合计")


def test_three_public_items_add_up_to_each_years_total(doc):
    spec = charts.three_public_by_year(doc)
    years = sorted(set(spec.series))
    assert len(years) == 2 and years[1] == f"{doc.year}年", "last year and this year"
    for year in years:
        items = [label for label, s in zip(spec.labels, spec.series) if s == year]
        assert len(items) == 3 and not any(x in "".join(items) for x in ("合计", "小计")), items
        total = sum(v for v, s in zip(spec.values, spec.series) if s == year)
        assert total == _total(doc, TableKind.three_public, f"{year[:4]}年预算数/合计")


def test_largest_projects_are_the_top_rows_by_amount(doc):
    spec = charts.largest_projects(doc, n=5)
    t = doc.table(TableKind.project_expenditure)
    amounts = sorted((v for v in t.frame[~t.frame["is_total"]]["合计"] if v is not None), reverse=True)
    assert spec.values == amounts[:5]
    assert len(set(spec.labels)) == len(spec.labels), "projects sharing a name get their line to tell them apart"


@pytest.mark.parametrize("question,title", [
    pytest.param("画出各类支出构成", "按功能分类（类）", id="classes"),
    pytest.param("各类支出构成", "按功能分类（类）", id="composition-without-draw"),
    pytest.param("按款画出支出", "按功能分类（款）", id="sections"),
    pytest.param("画出基本支出和项目支出", "基本支出与项目支出", id="basic-vs-project"),
    pytest.param("画图比较三公经费", "“三公”经费", id="three-public"),
    pytest.param("画出金额最大的前3个项目", "金额最大的3个项目", id="top-projects"),
])
def test_chart_for_picks_the_chart_a_question_asks_for(doc, question, title):
    spec = charts.chart_for(doc, question)
    assert spec is not None and title in spec.title


@pytest.mark.parametrize("question", ["三公经费为何增加", "部门预算支出总额是多少", ""])
def test_chart_for_draws_nothing_unless_asked(doc, question):
    assert charts.chart_for(doc, question) is None


def test_charts_of_a_document_without_tables_are_none(seed_doc):
    empty = dataclasses.replace(seed_doc, tables=[])
    assert charts.all_charts(empty) == [] and charts.chart_for(empty, "画出各类支出构成") is None


def test_chart_frame_keeps_the_years_apart(seed_doc):
    frame = charts.chart_frame(charts.three_public_by_year(seed_doc))
    assert frame["项目"].is_unique, "bars of different years are not stacked onto one label"
    assert set(frame["系列"]) == {"2023年", "2024年"} and frame["金额"].dtype == float


@pytest.mark.parametrize("question", ["画出各类支出构成", "画出基本支出和项目支出", "画出三公经费", "画出最大的3个项目"])
def test_every_bar_cites_the_cell_it_was_read_from(seed_doc, question):
    chart = charts.cited_chart_for(seed_doc, question)
    assert len(chart.citations) == len(chart.spec.values)
    for value, cites in zip(chart.spec.values, chart.citations):
        assert len(cites) == 1
        c = cites[0]
        t = next(t for t in seed_doc.tables if t.title == c.table)
        row = t.frame[t.frame["line"] == c.line].iloc[0]
        assert (row[c.column] if row[c.column] is not None else Decimal("0.00")) == value, c.describe()
