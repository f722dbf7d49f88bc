"""Charts of a 部门预算, built from its parsed tables: each function returns a ``ChartSpec`` (or None).

Generic over documents: tables are found by ``TableKind``, rows by level (类/款) and columns by their header path,
never by the names or values of one document. The UI draws a ``ChartSpec``; the assistant returns one when a user
asks to see a chart ('画出…', '各类支出构成').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from budget_qa.results import Citation
from budget_qa.types import BudgetDocument, BudgetTable, TableKind

from .answer import ChartSpec

TOTAL_LEAVES = ("合计", "小计", "总计")
ZERO = Decimal("0.00")
YEAR_RE = re.compile(r"^(\d{4})年")
CHART_WORDS = re.compile(r"画|图|chart|plot|draw", re.IGNORECASE)
"""A question that asks to see a chart rather than a number."""
SHAPE_WORDS = re.compile(r"构成|结构|分布|组成情况")
"""A question about a composition, best answered with a chart as well."""

# Tables that break expenditure down by function (类/款/项), most complete first.
FUNCTION_TABLES = (TableKind.expenditure_summary, TableKind.gpb_expenditure, TableKind.fiscal_summary)


@dataclass
class CitedChart:
    "A chart with the table cells it was drawn from: ``citations[i]`` are the cells of bar ``i``"

    spec: ChartSpec
    citations: list[list[Citation]]


def spending_by_function(doc: BudgetDocument, level: str = "类") -> ChartSpec | None:
    "Expenditure by function class (类) or section (款), from the 支出总体情况表 (or the nearest table that has one)"
    return _spec(_by_function(doc, level))


def basic_vs_project(doc: BudgetDocument) -> ChartSpec | None:
    "基本支出 vs 项目支出 (plus 结转下年 when the table publishes one), from the expenditure table's total row"
    return _spec(_basic_vs_project(doc))


def three_public_by_year(doc: BudgetDocument) -> ChartSpec | None:
    "“三公”经费 by item, one bar per item and year (a blank cell counts as 0: nothing was budgeted)"
    return _spec(_three_public(doc))


def largest_projects(doc: BudgetDocument, n: int = 10) -> ChartSpec | None:
    "The n largest projects of the 项目支出预算情况表, by their total"
    return _spec(_largest_projects(doc, n))


def all_charts(doc: BudgetDocument) -> list[ChartSpec]:
    "Every standard chart the document supports, in the order the chart tab shows them"
    built = [_by_function(doc, "类"), _by_function(doc, "款"), _basic_vs_project(doc), _three_public(doc),
             _largest_projects(doc, 10)]
    return [c.spec for c in built if c is not None]


def chart_for(doc: BudgetDocument, question: str) -> ChartSpec | None:
    """The chart a question asks to see, or None when it asks for none ('三公经费为何增加' asks for a reason).

    A question asks to see a chart when it says so ('画出…', '…的图') or asks for a composition ('各类支出构成').

    Args:
        doc: the parsed budget document.
        question: the user's wording, e.g. '画出三公经费对比', '各类支出构成', '画出最大的5个项目'.
    """
    return _spec(cited_chart_for(doc, question))


def cited_chart_for(doc: BudgetDocument, question: str) -> CitedChart | None:
    "Like ``chart_for``, with the table cell(s) behind every bar, to cite them in the answer"
    q = question or ""
    if not (CHART_WORDS.search(q) or SHAPE_WORDS.search(q)):
        return None
    if "三公" in q:
        return _three_public(doc)
    if "项目" in q and re.search(r"最大|最多|前\s*\d+|前[一二两三四五六七八九十]|排名|排行|top", q, re.IGNORECASE):
        return _largest_projects(doc, _top_n(q) or 10)
    if "基本支出" in q or ("基本" in q and "项目" in q):
        return _basic_vs_project(doc)
    if "款" in q:
        return _by_function(doc, "款")
    return _by_function(doc, "类")


# --- builders ---------------------------------------------------------------------------------------------------
def _by_function(doc: BudgetDocument, level: str) -> CitedChart | None:
    t = _function_table(doc, level)
    if t is None:
        return None
    column = total_column(t)
    rows = [r for _, r in t.frame[(t.frame["level"] == level) & ~t.frame["is_total"]].iterrows()
            if r[column] is not None]
    if not rows:
        return None
    counts = Counter(str(r["label"]) for r in rows)
    labels = [f"{r['label']} [{r['code']}]" if counts[str(r["label"])] > 1 and r["code"] else str(r["label"])
              for r in rows]
    spec = ChartSpec(title=f"{doc.year}年支出按功能分类（{level}）— {t.name}", unit=t.unit, labels=labels,
                     values=[r[column] for r in rows])
    return CitedChart(spec, [[cite(t, r, column)] for r in rows])


def _basic_vs_project(doc: BudgetDocument) -> CitedChart | None:
    t = _function_table(doc, "类")
    if t is None:
        return None
    total = _total_row(t)
    labels, values, cites = [], [], []
    for head in ("基本支出", "项目支出", "结转下年"):
        column = head_column(t, head)
        if column is None:
            continue
        if total is not None:
            value, sources = total[column], [cite(t, total, column)]
        else:  # no 合计 row: the 类 rows add up to it
            rows = [r for _, r in t.frame[t.frame["level"] == "类"].iterrows() if r[column] is not None]
            value, sources = sum((r[column] for r in rows), ZERO), [cite(t, r, column) for r in rows]
        if value is None or (head == "结转下年" and value == 0):
            continue
        labels.append(head)
        values.append(value)
        cites.append(sources)
    if len(values) < 2:
        return None
    spec = ChartSpec(title=f"{doc.year}年基本支出与项目支出 — {t.name}", unit=t.unit, labels=labels, values=values)
    return CitedChart(spec, cites)


def _three_public(doc: BudgetDocument) -> CitedChart | None:
    t = next((t for t in doc.tables_of(TableKind.three_public) if not t.frame.empty), None)
    if t is None:
        return None
    row = _total_row(t)
    if row is None:
        row = t.frame.iloc[0]
    by_year: dict[str, list[tuple[str, Decimal, str]]] = {}
    for column in t.amount_columns:
        parts = column.split("/")
        year = YEAR_RE.match(parts[0])
        if not year or len(parts) < 2:
            continue
        item = _item_of(parts[1:])
        if item is None:
            continue
        value = row[column]
        by_year.setdefault(f"{year.group(1)}年", []).append((item, value if value is not None else ZERO, column))
    if not by_year:
        return None
    labels, values, series, cites = [], [], [], []
    for year in sorted(by_year):
        for item, value, column in by_year[year]:
            labels.append(item)
            values.append(value)
            series.append(year)
            cites.append([cite(t, row, column)])
    years = "与".join(sorted(by_year))
    spec = ChartSpec(title=f"“三公”经费 {years}对比（按项目）— {t.name}", unit=t.unit, labels=labels, values=values,
                     series=series)
    return CitedChart(spec, cites)


def _largest_projects(doc: BudgetDocument, n: int) -> CitedChart | None:
    t = next((t for t in doc.tables_of(TableKind.project_expenditure) if not t.frame.empty), None)
    if t is None:
        return None
    column = total_column(t)
    rows = [r for _, r in t.frame.iterrows() if not r["is_total"] and r[column] is not None and r["label"]]
    rows.sort(key=lambda r: -r[column])  # stable: equal amounts keep the table's order
    rows = rows[:n]
    if not rows:
        return None
    counts = Counter(str(r["label"]) for r in rows)
    labels = [f"{r['label']}（第{r['line']}行）" if counts[str(r["label"])] > 1 else str(r["label"]) for r in rows]
    spec = ChartSpec(title=f"金额最大的{len(rows)}个项目 — {t.name}", unit=t.unit, labels=labels,
                     values=[r[column] for r in rows])
    return CitedChart(spec, [[cite(t, r, column)] for r in rows])


def cite(t: BudgetTable, row, column: str) -> Citation:
    "The citation of one cell (two-sided tables name their side, as the tools do: '收支总体情况表（支出）')"
    ref = t.ref(row, column)
    return Citation(kind="table", line=ref.line, table=f"{t.title}（{t.side}）" if t.side else t.title,
                    row_label=ref.row_label, row_code=ref.row_code or "", column=column)


def _spec(chart: CitedChart | None) -> ChartSpec | None:
    return chart.spec if chart is not None else None


def chart_frame(spec: ChartSpec) -> pd.DataFrame:
    """A ChartSpec as a frame for a bar plot: 项目, 金额 (float, for drawing only), 系列.

    With series, each bar's label carries its series ('公务接待费（2024年）') so bars of different years stand side
    by side instead of being stacked.
    """
    series = spec.series if len(spec.series) == len(spec.labels) else [""] * len(spec.labels)
    labels = [f"{label}（{s}）" if s else label for label, s in zip(spec.labels, series)]
    return pd.DataFrame({"项目": labels, "金额": [float(v) for v in spec.values], "系列": series})


# --- helpers ----------------------------------------------------------------------------------------------------
def total_column(t: BudgetTable) -> str:
    "The table's overall amount column: the first top-level 合计/小计/总计, else the first column"
    for c in t.amount_columns:
        if c.split("/")[0] in TOTAL_LEAVES:
            return c
    return t.amount_columns[0]


def head_column(t: BudgetTable, head: str) -> str | None:
    "The column that totals a header group: '基本支出' itself, or '基本支出/小计'; None when absent"
    group = [c for c in t.amount_columns if c.split("/")[0] == head]
    if head in group:
        return head
    for c in group:
        if c.split("/")[-1] in TOTAL_LEAVES and c.count("/") == 1:
            return c
    return group[0] if len(group) == 1 else None


def _function_table(doc: BudgetDocument, level: str) -> BudgetTable | None:
    for kind in FUNCTION_TABLES:
        for t in doc.tables_of(kind):
            if not t.frame.empty and (t.frame["level"] == level).any():
                return t
    return None


def _total_row(t: BudgetTable):
    totals = t.frame[t.frame["is_total"]]
    return totals.iloc[0] if len(totals) else None


def _item_of(rest: list[str]) -> str | None:
    "A 三公 column path below the year → its item: '公务接待费'; '公务用车…/小计' → '公务用车…'; totals and sub-items → None"
    if len(rest) == 1:
        return None if rest[0] in TOTAL_LEAVES else rest[0]
    if len(rest) == 2 and rest[1] in TOTAL_LEAVES:
        return rest[0]
    return None


def _top_n(q: str) -> int | None:
    m = re.search(r"前\s*(\d+)|(\d+)\s*个", q)
    if m:
        return int(m.group(1) or m.group(2))
    cn = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
    m = re.search(r"前([一二两三四五六七八九十])", q)
    return cn[m.group(1)] if m else None
