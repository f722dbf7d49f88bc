"""Turn a wording into one published figure, or into a refusal/ambiguity value (shared by every operation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budget_qa.results import Candidate, Citation, ToolResult
from budget_qa.types import BudgetDocument, TableKind
from index.text import norm_key

from .aliases import TOTAL_WORDS
from .resolve import (
    OPT_IN_TABLES, TABLE_PRIORITY, Item, Match, catalog, clean_query, measure_year, resolve, resolve_measure,
    resolve_tables,
    to_candidate, top_tier,
)

ZERO = Decimal("0.00")
BLANK_NOTE = "没有安排：表中该栏为空（未安排），按 0 计"


@dataclass
class Pick:
    "One figure the wording resolved to, with every table cell that publishes the same value"

    item: Item
    measure: str
    value: Decimal
    blank: bool
    citations: list[Citation]
    score: float

    @property
    def label(self) -> str:
        return item_label(self.item, self.measure)


def item_label(item: Item, measure: str | None = None) -> str:
    "'行政运行 [2080101]', '一般公共预算“三公”经费支出合计', plus the measure when it is not the row's default"
    if item.is_total and item.label in TOTAL_WORDS | {"合计", "总计"}:
        kind = item.table.kind  # the standard table's name, whatever the template prints ('支出预算总表' → 支出总体)
        base = display_title(item.table.title if kind in (None, TableKind.generic) else kind.value) + item.label
    else:
        base = item.display()
        if item.gov_code:
            base += f"（{item.gov_code} {item.gov_label}）"
    if measure and (measure != item.default_measure or measure[:4].isdigit()):
        column = measure_label(measure)
        if item.is_total and not measure[:4].isdigit():
            # NOTE: a column of the grand total row is that column's total: '公用经费（支出总计）', not the header path
            return f"{column.rsplit('/', 1)[-1]}（{base}）"
        base += f"（{column}）"
    return base


def measure_label(measure: str) -> str:
    "A column as a reader names it: its header path without 预算数 and a trailing 合计 ('预算数/基本支出/公用经费' → '基本支出/公用经费')"
    if measure[:4].isdigit():
        return measure
    parts = [p for p in measure.split("/") if p not in ("预算数", "预算")]
    while len(parts) > 1 and parts[-1] in TOTAL_WORDS | {"合计", "小计", "总计"}:
        parts.pop()
    return "/".join(parts) or measure


def display_title(title: str) -> str:
    "'一般公共预算“三公”经费支出情况表' → '一般公共预算“三公”经费支出'; '2025年预算单位X预算表' → 'X'"
    title = re.sub(r"^\d{4}年度?(?:预算单位|部门|单位)?", "", title) or title
    for suffix in ("预算情况表", "情况表", "预算表", "表"):
        if title.endswith(suffix):
            return title[: -len(suffix)]
    return title


def _measure_on_totals(doc: BudgetDocument, query: str, table: str | None = None) -> list[tuple[Match, str]]:
    """A wording that names a column rather than a row ('人员支出'): that column of each table's total row (of the
    named table only, when one is named)"""
    q = clean_query(query)
    if not q or q in TOTAL_WORDS:
        return []
    named = {id(t) for t in resolve_tables(doc, table)} if table else None
    out = []
    seen_tables = set()
    for item in catalog(doc).items:
        if not item.is_total or id(item.table) in seen_tables or item.table.kind in OPT_IN_TABLES:
            continue
        if named is not None and id(item.table) not in named:
            continue
        if all(v is None for v, _ in item.measures.values()):
            continue  # an empty table ('本表为空表') publishes no column total
        seen_tables.add(id(item.table))
        measure = resolve_measure(item, query, doc.year)
        if measure and measure != item.default_measure and not _names_a_group(q, measure):
            out.append((Match(item, 0.9, q), measure))
    order = {k: i for i, k in enumerate(TABLE_PRIORITY)}
    out.sort(key=lambda x: order.get(x[0].item.table.kind, 99))
    return out


def _names_a_group(query: str, measure: str) -> bool:
    """The wording names a header over several columns, not a column ('基本支出' over 基本支出/人员经费 and
    基本支出/公用经费): that is no one column of the row"""
    *groups, leaf = measure.split("/")
    return query not in norm_key(leaf) and any(norm_key(g) == query for g in groups)


def select(doc: BudgetDocument, tool: str, query: str, measure: str | None = None,
           table: str | None = None, *, need: str | None = None) -> Pick | ToolResult:
    """The figure a wording means, or a ToolResult that refuses (not_found) or lists the candidates (ambiguous).

    ``need`` restricts to items having that measure (e.g. a prior-year column).
    """
    matches = resolve(doc, query, table=table)
    if measure is None and measure_year(query, doc.year) is not None and \
            not any(norm_key(m.item.label) == norm_key(query) for m in matches[:3]):
        measure = query  # '2023年的…': that year's column; not a row named with 本年 ('本年收入合计')
    tier = top_tier(matches)
    options: list[tuple[Match, str]] = []
    for m in tier:
        name = resolve_measure(m.item, measure, doc.year)
        if name is not None and (need is None or need in m.item.measures):
            options.append((m, name))
    if not options and (not tier or tier[0].score < 0.9) and need is None:
        options = _measure_on_totals(doc, query, table)
        if measure and options:
            options = [(m, n) for m, n in options if resolve_measure(m.item, measure, doc.year) is not None]
    if not options:
        what = f"“{query}”" + (f"的“{measure}”" if measure else "")
        msg = (f"找到了{what}相近的行，但没有所需的栏目" if tier else f"文件中没有找到{what}")
        return ToolResult(tool=tool, status="not_found", label=what, message=msg,
                          candidates=[to_candidate(m) for m in matches[:8]])
    options = _common_parent(doc, query, _without_parts_of_others(doc, query, options), measure)
    by_value: dict[Decimal, list[tuple[Match, str]]] = {}
    for m, name in options:
        value = m.item.value(name)
        by_value.setdefault(ZERO if value is None else value, []).append((m, name))
    if len(by_value) > 1:
        cands = [to_candidate(m, name) for m, name in options]
        return ToolResult(tool=tool, status="ambiguous", label=f"“{query}”", candidates=cands,
                          message=f"“{query}”对应{len(by_value)}个不同的数值，请指明是哪一个（可给出科目编码、表名或栏目）")
    (value, group), = by_value.items()
    first, name = group[0]
    cites = []
    for m, n in group:
        c = m.item.citation(n)
        if c not in cites:
            cites.append(c)
    return Pick(first.item, name, value, first.item.value(name) is None, cites, first.score)


def _without_parts_of_others(doc: BudgetDocument, query: str,
                             options: list[tuple[Match, str]]) -> list[tuple[Match, str]]:
    """A wording that names a row and, as well, rows under it ('公车': 公务用车购置及运行维护费 and its 购置经费 and
    运行维护费) names the row: the rows under another option are left out (unless the wording says a row's own name:
    '<款>的<项>' is that 项 under that 款)"""
    cat = catalog(doc)
    value = {m.item.key: m.item.value(n) for m, n in options}
    said = clean_query(query)

    def under_another(item: Item) -> bool:  # a row under another option, with another value (an equal one is cited)
        if norm_key(item.label) in said:
            return False
        up = item.parent
        while up is not None:
            if up in value and value[up] != value[item.key]:
                return True
            up = cat.items[up].parent
        return False

    kept = [o for o in options if not under_another(o[0].item)] or options
    if len(kept) == len(options):
        return options
    above = set()  # the rows whose parts were left out: what the wording was read as, said first
    for m, _ in options:
        if under_another(m.item):
            up = m.item.parent
            while up is not None:
                above.add(up)
                up = cat.items[up].parent
    return sorted(kept, key=lambda o: o[0].item.key not in above)


def _common_parent(doc: BudgetDocument, query: str, options: list[tuple[Match, str]],
                   measure: str | None) -> list[tuple[Match, str]]:
    """Sibling rows a wording names alike, under a parent whose own label holds the wording ('医疗': 行政单位医疗 and
    事业单位医疗, under 行政事业单位医疗): the parent, which is what they add up to; else the options unchanged"""
    cat = catalog(doc)
    ups = {m.item.parent for m, _ in options}
    key = clean_query(query)
    if len(options) < 2 or None in ups or len({m.item.key for m, _ in options}) == len(ups) or not key:
        return options
    parents = [cat.items[k] for k in ups]
    if not all(key in norm_key(p.label) for p in parents):
        return options
    found = [(Match(p, 1.0, p.label), n) for p in parents if (n := resolve_measure(p, measure, doc.year)) is not None]
    return found or options


def select_all(doc: BudgetDocument, tool: str, query: str, measure: str | None = None,
               table: str | None = None) -> list[Pick] | ToolResult:
    """Every distinct figure a wording means within one table (the first by table priority): for sums over rows
    that share a name, e.g. 差旅费 of 机关 (502) and of 事业单位 (505)."""
    first = select(doc, tool, query, measure, table)
    if isinstance(first, Pick) or first.status != "ambiguous":
        return [first] if isinstance(first, Pick) else first
    tier = top_tier(resolve(doc, query, table=table))
    options = [(m, n) for m in tier if (n := resolve_measure(m.item, measure, doc.year)) is not None]
    if not options:
        return first
    order = {k: i for i, k in enumerate(TABLE_PRIORITY)}
    best = min(order.get(m.item.table.kind, 99) for m, _ in options)
    picks: list[Pick] = []
    for m, name in options:
        if order.get(m.item.table.kind, 99) != best:
            continue
        value = m.item.value(name)
        picks.append(Pick(m.item, name, ZERO if value is None else value, value is None,
                          [m.item.citation(name)], m.score))
    return picks


def candidates_of(result: ToolResult) -> list[Candidate]:
    return result.candidates
