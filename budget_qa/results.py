"""What every query tool returns: a typed result with its value, unit, arithmetic and citations.

A refusal is a value (``status="not_found"`` with the candidates considered), never an exception; an ambiguous
question returns every candidate with its label, value and citation.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .types import CENT

Status = Literal["ok", "ambiguous", "not_found"]
Basis = Literal["read", "computed", "derived"]
"""read: a published figure; computed: arithmetic on published figures; derived: worked back from a narrative
statement (e.g. last year's figure from '比上年增加X万元')."""

CANNOT_ANSWER = "根据文件无法回答"
COUNT_UNITS = frozenset({"个", "项", "家", "人", "辆", "台", "套", "台（套）", "条", "期", "次", "人次", "户"})


def fmt_amount(value: Decimal) -> str:
    "Money as published: thousands commas, 2 decimals, a real minus sign (−0.80)"
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return ("−" if q < 0 else "") + f"{abs(q):,.2f}"


def show(value: Decimal, unit: str) -> str:
    "A value with its unit: '7.80 万元', '33.64%'; exact values finer than a cent keep their digits"
    if unit == "%":
        return f"{fmt_amount(value)}%"
    if unit in COUNT_UNITS:
        return f"{value:,.0f} {unit}"
    if value != value.quantize(CENT):  # e.g. 5.345195 亿元 after a unit conversion
        exact = ("−" if value < 0 else "") + f"{abs(value):,f}"
        return f"{exact} {unit}（约 {fmt_amount(value)} {unit}）"
    return f"{fmt_amount(value)} {unit}" if unit else fmt_amount(value)


class Citation(BaseModel):
    "Where a figure comes from: a table cell, or a sentence of the narrative (第三部分)"

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["table", "narrative"]
    line: int = Field(description="1-based source line of the cell or of the paragraph's first line")
    table: str = Field("", description="table title, with （收入）/（支出） for two-sided tables")
    row_label: str = ""
    row_code: str = ""
    column: str = ""
    part: str = Field("", description="narrative: '第三部分' …")
    section: str = Field("", description="narrative: heading path, e.g. '二、“三公”经费支出情况'")
    quote: str = Field("", description="narrative: the sentence quoted verbatim")
    page: int = Field(0, description="1-based PDF page of the cell or paragraph; 0 for a text export (see line)")
    document: str = Field("", description="the catalog id of the document cited, when several are loaded")

    @property
    def locator(self) -> str:
        "'第8页' when the page is known (PDF), else '第187行'"
        return f"第{self.page}页" if self.page else f"第{self.line}行"

    def describe(self) -> str:
        doc = f"{self.document} · " if self.document else ""
        if self.kind == "table":
            code = f" [{self.row_code}]" if self.row_code else ""
            column = f" / {self.column}" if self.column else ""
            return f"{doc}{self.table} / {self.row_label}{code}{column}（{self.locator}）"
        where = " / ".join(x for x in (self.part, self.section) if x)
        return f"{doc}{where}（{self.locator}）：“{self.quote}”" if self.quote else f"{doc}{where}（{self.locator}）"


class Figure(BaseModel):
    "One figure with its provenance: a row of a breakdown, an addend, a side of a comparison"

    model_config = ConfigDict(extra="forbid")

    label: str
    value: Decimal
    unit: str = "万元"
    basis: Basis = "read"
    citations: list[Citation] = Field(default_factory=list)
    share: Decimal | None = Field(None, description="percentage of the parent (2 decimals), for breakdowns")
    note: str = ""

    @property
    def shown(self) -> str:
        return show(self.value, self.unit)


class Fact(BaseModel):
    "A non-money statement: a performance indicator, a budget unit, a duty"

    model_config = ConfigDict(extra="forbid")

    label: str
    text: str
    citations: list[Citation] = Field(default_factory=list)


class Candidate(BaseModel):
    "A row the resolver considered for the user's wording"

    model_config = ConfigDict(extra="forbid")

    label: str
    code: str = ""
    table: str = ""
    level: str = ""
    score: float
    line: int = 0
    value: Decimal | None = None
    unit: str = "万元"
    column: str = ""
    detail: str = Field("", description="what tells it apart: 项目类别, 政府经济分类, parent row")

    def describe(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        value = f" = {self.value:,.2f} {self.unit}" if self.value is not None else ""
        detail = f"（{self.detail}）" if self.detail else ""
        column = f" / {self.column}" if self.column else ""
        return f"{self.table} / {self.label}{code}{detail}{column}{value}（第{self.line}行，score {self.score:.2f}）"


class ToolResult(BaseModel):
    "What every query tool returns"

    model_config = ConfigDict(extra="forbid")

    tool: str
    status: Status
    label: str = Field("", description="human label of the answer, e.g. '“三公”经费 2024年比2023年的变化'")
    value: Decimal | None = None
    unit: str = "万元"
    basis: Basis | None = None
    computation: str = Field("", description="the arithmetic, as a citizen can follow it")
    citations: list[Citation] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list, description="addends, breakdown rows, ranked rows …")
    facts: list[Fact] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list, description="ambiguous / not_found: what was considered")
    rate: Decimal | None = Field(None, description="change/compare: the rate in percent, 2 decimals")
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def shown(self) -> str:
        return show(self.value, self.unit) if self.value is not None else ""

    def render(self) -> str:
        "Plain text for a model or a terminal: value, arithmetic, figures, sources; or the refusal with candidates"
        lines: list[str] = []
        if self.status == "ok":
            head = f"{self.label}：{self.shown}" if self.value is not None else self.label
            lines.append(head + (f"（{_BASIS_ZH[self.basis]}）" if self.basis else ""))
        elif self.status == "ambiguous":
            lines.append(f"{self.label}：有{len(self.candidates)}个可能的项目，请指明是哪一个")
        else:
            lines.append(f"{CANNOT_ANSWER}：{self.message or self.label}")
        if self.computation:
            lines.append(f"计算：{self.computation}")
        for f in self.figures:
            share = f"，占 {f.share:.2f}%" if f.share is not None else ""
            lines.append(f"- {f.label}：{f.shown}{share}")
        for fact in self.facts:
            lines.append(f"- {fact.label}：{fact.text}")
        for c in self.candidates:
            lines.append(f"? {c.describe()}")
        if self.message and self.status == "ok":
            lines.append(f"注：{self.message}")
        for c in self.citations:
            lines.append(f"出处：{c.describe()}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


_BASIS_ZH = {"read": "文件原数", "computed": "按文件数据计算", "derived": "由文件文字说明推算"}
