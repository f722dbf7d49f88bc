"""Types that cross layers: the budget document model (index/ builds it; tools/, assistant/ read it).

Money is always a ``Decimal`` with two places (万元 unless ``unit`` says otherwise), never a float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

import pandas as pd

CENT = Decimal("0.01")


class TableKind(StrEnum):
    """The standard tables of a 部门预算 (第二部分), plus ``generic`` for anything unrecognised."""

    income_expenditure_summary = "收支总体情况表"
    income_summary = "收入总体情况表"
    expenditure_summary = "支出总体情况表"
    fiscal_summary = "财政拨款收支总体情况表"
    gpb_expenditure = "一般公共预算支出情况表"
    gpb_basic_expenditure = "一般公共预算基本支出情况表"
    three_public = "一般公共预算“三公”经费支出情况表"
    gov_fund_expenditure = "政府性基金预算支出情况表"
    state_capital_expenditure = "国有资本经营预算支出情况表"
    basic_expenditure = "基本支出预算情况表"
    project_expenditure = "项目支出预算情况表"
    procurement = "政府采购预算表"
    generic = "其他表"


Level = Literal["类", "款", "项"]


@dataclass(frozen=True)
class CellRef:
    """Where one amount cell came from: enough for a member of staff to point at it."""

    table_title: str
    table_kind: TableKind
    row_label: str
    row_code: str | None
    column: str
    line: int
    side: str = ""
    """'收入' or '支出' for the two-sided summary tables, else ''."""
    page: int = 0
    """1-based PDF page of the cell; 0 for a text export (then ``line`` locates it)."""
    row_id: int = -1
    """The row's position in its table (``row_id`` of the frame)."""

    @property
    def where(self) -> str:
        "'第8页' for a PDF cell, '第187行' for a text export"
        return f"第{self.page}页" if self.page else f"第{self.line}行"

    def describe(self) -> str:
        code = f" [{self.row_code}]" if self.row_code else ""
        side = f"（{self.side}）" if self.side else ""
        return f"{self.table_title}{side} / {self.row_label}{code} / {self.column}（{self.where}）"


@dataclass(frozen=True)
class Cell:
    value: Decimal
    ref: CellRef


@dataclass(eq=False)
class BudgetTable:
    """One table of 第二部分, merged over its page breaks.

    ``frame`` has one row per table row with the columns of ``ROW_COLUMNS`` followed by one object column
    per amount column (flat names such as ``基本支出/人员支出``) holding ``Decimal`` or ``None`` (blank cell).
    """

    kind: TableKind
    title: str
    unit: str
    department: str
    line_start: int
    line_end: int
    amount_columns: list[str]
    frame: pd.DataFrame
    side: str = ""
    """'收入' / '支出' for the halves of a two-sided table, else ''."""
    note: str = ""
    """A 注 under the table, e.g. why it is empty."""
    header_lines: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    """PDF pages the table spans (empty for a text export)."""

    @property
    def name(self) -> str:
        return f"{self.title}-{self.side}" if self.side else self.title

    def cells(self) -> list[Cell]:
        "Every non-blank amount cell with its provenance"
        out: list[Cell] = []
        for row in self.frame.itertuples(index=False):
            rec = row._asdict() if hasattr(row, "_asdict") else dict(zip(self.frame.columns, row))
            for i, col in enumerate(self.amount_columns):
                value = row[len(ROW_COLUMNS) + i]
                if value is not None:
                    out.append(Cell(value, self.ref(rec, col)))
        return out

    def ref(self, row: dict | pd.Series, column: str) -> CellRef:
        return CellRef(
            table_title=self.title,
            table_kind=self.kind,
            row_label=str(row["label"]) or ("合计" if row["is_total"] else ""),
            row_code=row["code"] or None,
            column=column,
            line=int(row["line"]),
            side=self.side,
            page=int(row["page"]) if "page" in row and row["page"] else 0,
            row_id=int(row["row_id"]),
        )


ROW_COLUMNS = [
    "row_id",  # position in the table, 0-based, stable
    "label",  # row label, whitespace removed, NFKC-normalised, ordinal prefix (一、) removed
    "code",  # full code: function class 2080101, or economic (部门) 30101; '' when none
    "level",  # '类' | '款' | '项' | '' ; for two-sided tables: '' (ordinal rows get '类')
    "parent_row",  # row_id of the parent row, -1 if none
    "gov_code",  # economic tables: 政府 code such as 50101, else ''
    "gov_label",  # economic tables: 政府预算支出经济分类科目名称, else ''
    "category",  # project tables: 项目类别, else ''
    "is_total",  # 合计 / 总计 / 小计-of-table rows
    "line",  # 1-based source line (PDF: line of the document's extracted text)
    "page",  # 1-based PDF page, 0 for a text export
]


@dataclass(frozen=True)
class Paragraph:
    text: str
    line_start: int
    line_end: int
    part: str
    """'第一部分' … '第四部分'"""
    section: str
    """Heading path inside the part, e.g. '二、“三公”经费支出情况' or '六、绩效目标情况说明 / （一）预算绩效管理情况'."""
    page: int = 0
    """1-based PDF page of the first line; 0 for a text export."""


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    line: int
    page: int = 0


@dataclass(frozen=True)
class ListItem:
    """A numbered item: a duty (主要职责) or a budget unit (机构设置)."""

    number: int
    text: str
    line_start: int
    line_end: int
    page: int = 0


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    value_text: str
    operator: str
    """One of '≥', '≤', '=', '>', '<' or '' when the target is qualitative ('健全')."""
    number: Decimal | None
    unit: str
    line: int


@dataclass(eq=False)
class PerformanceTable:
    """A 绩效目标表: one per project (kind 'project') or per special fund (kind 'fund')."""

    kind: Literal["project", "fund"]
    name: str
    department: str
    implementer: str
    budget: Decimal | None
    """年度预算资金 (万元)."""
    budget_fiscal: Decimal | None
    overall_goal: str
    policy_tasks: str
    indicators: list[Indicator]
    line_start: int
    line_end: int
    budget_line: int = 0


@dataclass
class Section:
    part: str
    heading: str
    line: int


@dataclass(eq=False)
class BudgetDocument:
    department: str
    year: int
    unit: str
    source: str
    sha256: str
    title: str
    tables: list[BudgetTable]
    paragraphs: list[Paragraph]
    sections: list[Section]
    duties: list[ListItem]
    units: list[ListItem]
    glossary: dict[str, GlossaryEntry]
    performance: list[PerformanceTable]
    line_count: int = 0
    region: str = ""
    """Where the budget belongs, read from the cover or title: '上海市普陀区', 'X市'."""
    level: str = "部门"
    """'部门' (a 主管部门's consolidated budget) or '单位' (one budget unit's own budget)."""
    document_type: str = "部门预算"
    template: str = ""
    """Name of the template (index/templates.toml) the document was read with."""
    source_format: str = "text"
    """'text' (a tab-separated export) or 'pdf'."""
    narrative_unit: str = "万元"
    """The unit of amounts in the narrative (the tables may use another: see each table's ``unit``)."""
    page_count: int = 0
    lines: list[str] = field(default_factory=list)
    """The document as lines: the text export itself, or the text extracted from a PDF (table rows tab-joined)."""
    line_pages: list[int] = field(default_factory=list)
    """PDF page of each line (same length as ``lines``); empty for a text export."""
    warnings: list[str] = field(default_factory=list)
    """Problems that do not stop the document being used (shown by ``check``)."""

    def page_of(self, line: int) -> int:
        "The PDF page of a 1-based line, 0 for a text export"
        return self.line_pages[line - 1] if 0 < line <= len(self.line_pages) else 0

    @property
    def doc_id(self) -> str:
        return self.sha256[:12]

    @property
    def kind_name(self) -> str:
        "What the document calls itself: '部门预算', '单位预算' (one unit's own budget), '部门决算' …"
        return f"{self.level}{self.document_type[2:]}" if self.level != "部门" and self.document_type.startswith("部门") \
            else self.document_type

    @property
    def text_unit(self) -> str:
        "The unit of the narrative's amounts (万元 when the document leaves it unsaid)"
        return self.narrative_unit or "万元"

    def table(self, kind: TableKind | str, side: str = "") -> BudgetTable | None:
        "The table of a kind (and side, for two-sided tables), or None"
        for t in self.tables:
            if (t.kind == kind or t.title == kind or t.name == kind) and (not side or t.side == side):
                return t
        return None

    def tables_of(self, kind: TableKind) -> list[BudgetTable]:
        return [t for t in self.tables if t.kind == kind]
