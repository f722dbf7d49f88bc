"""A PDF of the seed's 12-table template loads through the PDF path into the same document as its text export
(issue 12). tests/data/weihai-hrss-2024.pdf was printed from data/weihai-hrss-2024.txt by eval/make_pdf.py
(headless Chromium): tables on landscape pages with every cell ruled, long tables over page breaks with the header
repeated for every other table, a continuation that gains a column printed under its title again, and every other
绩效目标表 free to break across pages."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from budget_qa.types import ROW_COLUMNS, TableKind
from index.text import norm

ROOT = Path(__file__).resolve().parent.parent
SEED_PDF = ROOT / "tests" / "data" / "weihai-hrss-2024.pdf"
SEED_TXT = ROOT / "data" / "weihai-hrss-2024.txt"


@lru_cache(maxsize=None)
def _docs():
    from index import parse_document

    return parse_document(SEED_PDF), parse_document(SEED_TXT)


@pytest.fixture(scope="module")
def docs():
    return _docs()


def _rows(table) -> list[tuple]:
    "Every row without where it was printed (line, page): label, code, level, parent, … and each amount cell"
    keep = [c for c in table.frame.columns if c not in ("line", "page")]
    return [tuple(r) for r in table.frame[keep].itertuples(index=False)]


def test_the_pdf_is_read_through_the_pdf_path_with_the_seed_template(docs):
    pdf, txt = docs
    assert (pdf.source_format, pdf.template) == ("pdf", "weihai-12")
    assert (pdf.department, pdf.year, pdf.unit, pdf.region, pdf.level, pdf.kind_name) == \
        (txt.department, txt.year, txt.unit, txt.region, txt.level, txt.kind_name)
    assert norm(pdf.title) == norm(txt.title)
    assert pdf.page_count > 20 and pdf.warnings == []


def test_every_table_equals_the_text_export_s_table_cell_by_cell(docs):
    pdf, txt = docs
    assert [(t.kind, t.side) for t in pdf.tables] == [(t.kind, t.side) for t in txt.tables]
    assert len(txt.tables) == 14  # 12 tables, two of them two-sided
    for p, t in zip(pdf.tables, txt.tables):
        assert (p.title, p.unit, p.department, p.note) == (t.title, t.unit, t.department, t.note), t.name
        assert p.amount_columns == t.amount_columns, t.name
        assert _rows(p) == _rows(t), t.name
        for col in p.amount_columns:  # exact Decimals, blanks stay blank
            assert all(v is None or (isinstance(v, Decimal) and v == v.quantize(Decimal("0.01"))) for v in p.frame[col])
        assert p.pages and all(r > 0 for r in p.frame["page"]), t.name
        assert set(p.frame["page"]) <= set(p.pages)
    assert sum(len(t.cells()) for t in pdf.tables) == sum(len(t.cells()) for t in txt.tables) > 700


def test_hand_read_cells_with_their_page(docs):
    # read off the printed pages of tests/data/weihai-hrss-2024.pdf (pdftotext -layout -f N -l N)
    pdf, _ = docs

    def cell(kind, label, column, side=""):
        t = next(t for t in pdf.tables_of(kind) if t.side == side)
        row = t.frame[t.frame["label"] == label].iloc[0]
        return row[column], int(row["page"])

    # page 19: 一般公共预算“三公”经费支出情况表, 2024年预算数 合计 30.99, 公务接待费 14.39; 2023年 合计 23.19
    assert cell(TableKind.three_public, "合计", "2024年预算数/合计") == (Decimal("30.99"), 19)
    assert cell(TableKind.three_public, "合计", "2024年预算数/公务接待费") == (Decimal("14.39"), 19)
    assert cell(TableKind.three_public, "合计", "2023年预算数/合计") == (Decimal("23.19"), 19)
    # page 14: 一般公共预算支出情况表 合计 53,451.95 | 人员支出 4,544.75 | 项目支出 48,626.00
    assert cell(TableKind.gpb_expenditure, "合计", "合计") == (Decimal("53451.95"), 14)
    assert cell(TableKind.gpb_expenditure, "合计", "基本支出/人员支出") == (Decimal("4544.75"), 14)
    # page 10: 收入总体情况表 continued under a header that gains 国有资本经营预算收入 — 社会保险补贴 117.00
    value, page = cell(TableKind.income_summary, "社会保险补贴", "财政拨款收入/一般公共预算收入")
    assert (value, page) == (Decimal("117.00"), 10)
    assert cell(TableKind.income_summary, "社会保险补贴", "财政拨款收入/国有资本经营预算收入")[0] is None
    # page 8 (the 收支总体情况表's second page, header repeated): 收入总计 53,451.95
    assert cell(TableKind.income_expenditure_summary, "收入总计", "预算数", side="收入") == (Decimal("53451.95"), 8)
    # page 27: 政府采购预算表 合计 129.11
    assert cell(TableKind.procurement, "合计", "资金来源/合计") == (Decimal("129.11"), 27)


def test_narrative_glossary_duties_and_units_equal_the_text_export_s_and_keep_their_page(docs):
    pdf, txt = docs
    assert [(p.part, p.section, p.text) for p in pdf.paragraphs] == [(p.part, p.section, p.text) for p in txt.paragraphs]
    assert [(s.part, s.heading) for s in pdf.sections] == [(s.part, s.heading) for s in txt.sections]
    assert [(d.number, d.text) for d in pdf.duties] == [(d.number, d.text) for d in txt.duties]
    assert [(u.number, u.text) for u in pdf.units] == [(u.number, u.text) for u in txt.units]
    assert {k: v.definition for k, v in pdf.glossary.items()} == {k: v.definition for k, v in txt.glossary.items()}
    assert all(x.page > 0 for x in (*pdf.paragraphs, *pdf.duties, *pdf.units, *pdf.glossary.values()))
    three = next(p for p in pdf.paragraphs if "“三公”经费预算共30.99万元" in p.text)
    assert three.page == 28 and three.section == "二、“三公”经费支出情况"
    assert pdf.duties[0].page == 3 and pdf.units[0].text == "威海市人力资源和社会保障局"


def test_performance_tables_equal_the_text_export_s(docs):
    # long 年度总体目标 cells wrap inside their cell: compared without whitespace
    pdf, txt = docs

    def key(p):
        return (p.kind, p.name, p.department, p.implementer, p.budget, p.budget_fiscal, norm(p.overall_goal),
                norm(p.policy_tasks), [(i.level1, i.level2, i.level3, norm(i.value_text), i.operator, i.number, i.unit)
                                       for i in p.indicators])

    assert len(txt.performance) == 33
    assert [key(p) for p in pdf.performance] == [key(p) for p in txt.performance]


def test_a_performance_table_broken_across_pages_reads_whole_with_its_continuation_in_its_own_columns(docs):
    # the part on the next page has no header row: it is not laid onto the columns of the last titled table
    pdf, txt = docs
    split = [p for p in pdf.performance if pdf.line_pages[p.line_start] != pdf.line_pages[p.line_end - 1]]
    assert len(split) >= 5, len(split)
    by_name = {(p.kind, p.name, p.budget): p for p in txt.performance}
    for p in split:
        t = by_name[(p.kind, p.name, p.budget)]
        assert (p.budget, p.budget_fiscal, len(p.indicators)) == (t.budget, t.budget_fiscal, len(t.indicators)), p.name
        assert [i.value_text for i in p.indicators] == [i.value_text for i in t.indicators], p.name


def test_the_audit_finds_what_it_finds_on_the_text_export(docs):
    from index import audit

    pdf, txt = docs
    a, b = audit(pdf), audit(txt)
    assert a.findings == [] and b.findings == []
    assert a.checks == b.checks > 700


def test_check_on_the_pdf_exits_0(capsys):
    from assistant.cli import main

    assert main(["--doc", str(SEED_PDF), "check"]) == 0
    out = capsys.readouterr().out
    assert "发现 0 处不一致" in out


@pytest.fixture(scope="module")
def ask_pdf():
    from assistant.core import Assistant

    pdf, _ = _docs()
    a = Assistant.from_document(pdf, retrieval=False)

    def ask(*questions):
        conv = a.new_conversation()
        return [a.ask(q, conv) for q in questions]

    return ask


def test_answers_cite_pages(ask_pdf):
    a, = ask_pdf("三公经费是多少")
    assert "30.99 万元" in a.text, a.text
    assert a.citations[0].page == 19 and a.citations[0].column == "2024年预算数/合计"
    b, = ask_pdf("三公经费为何增加")
    assert "7.80" in b.text and "33.64%" in b.text, b.text
    assert {c.page for c in b.citations if c.kind == "narrative"} == {28}
    c, = ask_pdf("社会保险补贴预算多少？")
    assert "117.00 万元" in c.text and all(x.page in (10, 11, 14) for x in c.citations), c.text
