"""The query operations. Each takes the BudgetDocument first and returns a ToolResult; none raises on bad wording.

Every figure is read from a table cell (or a narrative sentence), every computation goes through ``tools.arith``
and is shown in ``computation``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from budget_qa.results import Citation, Fact, Figure, ToolResult
from budget_qa.types import BudgetDocument, TableKind
from index.text import longest_first, norm_key

from . import arith
from ._select import BLANK_NOTE, ZERO, Pick, item_label, select, select_all
from .aliases import TOTAL_WORDS
from .narrative import Statement, statements
from .resolve import (
    Item, bigrams, catalog, clean_query, resolve, resolve_tables, similarity, to_candidate, variants,
)

__all__ = ["average", "breakdown", "change", "compare", "convert_units", "count", "difference", "implementer_of",
           "lookup", "organisation", "performance", "rank", "ratio", "ratio_of", "share", "total"]


def _figure(p: Pick, share: Decimal | None = None, label: str | None = None) -> Figure:
    return Figure(label=label or p.label, value=p.value, unit=p.item.table.unit or "万元", basis="read",
                  citations=p.citations, share=share, note=BLANK_NOTE if p.blank else "")


def _item_figure(item: Item, measure: str, share: Decimal | None = None) -> Figure:
    value = item.value(measure)
    return Figure(label=item_label(item, measure if measure != item.default_measure else None),
                  value=ZERO if value is None else value, unit=item.table.unit or "万元", basis="read",
                  citations=[item.citation(measure)], share=share, note=BLANK_NOTE if value is None else "")


def _narrative_matches(doc: BudgetDocument, query: str, *, with_current: bool = False,
                       with_change: bool = False) -> list[tuple[float, Statement]]:
    q = clean_query(query)
    if not q:
        return []
    out = []
    for st in statements(doc):
        if with_current and st.current is None:
            continue
        if with_change and st.signed_delta is None:
            continue
        s = max(similarity(v, st.subject) for v in variants(q))
        if s >= 0.75:
            out.append((s, st))
    out.sort(key=lambda x: -x[0])
    return [x for x in out if x[0] >= out[0][0] - 0.05] if out else []


# ---------------------------------------------------------------- lookup


def lookup(doc: BudgetDocument, item: str, measure: str | None = None, table: str | None = None) -> ToolResult:
    """The published amount of one budget item.

    Args:
        item: the item in the user's words or its subject code, e.g. '行政运行', '2080101', '三公经费', '公务接待费'.
        measure: the column, e.g. '合计', '基本支出', '项目支出', '人员支出', '日常公用支出', '2023年预算数'. Default: the
            table's main amount (this year's for the “三公” table).
        table: optional table name to look in, e.g. '一般公共预算支出情况表', '三公', '政府采购'.
    """
    pick = select(doc, "lookup", item, measure, table)
    if isinstance(pick, Pick):
        unit = pick.item.table.unit or "万元"
        return ToolResult(tool="lookup", status="ok", label=pick.label, value=pick.value, unit=unit, basis="read",
                          citations=pick.citations, figures=[_figure(pick)],
                          computation="", message=BLANK_NOTE if pick.blank else "")
    if pick.status == "not_found" and not pick.candidates and measure is None:
        found = _narrative_matches(doc, item, with_current=True)
        values = {st.current for _, st in found}
        if len(values) == 1:
            st = found[0][1]
            return ToolResult(tool="lookup", status="ok", label=st.subject, value=st.current, basis="read",
                              citations=[st.citation()], message="数字来自第三部分的文字说明，表中没有单列")
    return pick


# ---------------------------------------------------------------- breakdown


def _column_children(item: Item, measure: str) -> list[str]:
    "Sub-columns of a total column: '基本支出/小计' → ['基本支出/人员支出', '基本支出/日常公用支出']"
    def node(col: str) -> str:
        parts = col.split("/")
        return "/".join(parts[:-1]) if len(parts) > 1 and parts[-1] in TOTAL_WORDS else col

    def parent(n: str) -> str:
        return n.rsplit("/", 1)[0] if "/" in n else ""

    me = node(measure)
    columns = list(item.measures)
    if "/" not in measure and measure.split("/")[-1] in TOTAL_WORDS:  # the table's top total: other top columns
        return [c for c in columns if c != measure and parent(node(c)) == ""]
    return [c for c in columns if c != measure and parent(node(c)) == me]


def breakdown(doc: BudgetDocument, item: str, measure: str | None = None, table: str | None = None,
              by: Literal["rows", "columns"] = "rows") -> ToolResult:
    """The parts of an item with their shares of it: 类 → 款 → 项 rows, 基本支出 → 经济分类, “三公” → its three items;
    or, with by='columns', the sub-columns of a measure (基本支出 → 人员支出 + 日常公用支出).

    Args:
        item: the item to break down, e.g. '社会保障和就业支出', '208', '三公经费', '基本支出', '合计'.
        measure: the column whose amounts are broken down (default: the table's main amount).
        table: optional table name.
        by: 'rows' for the child rows (default), 'columns' for the sub-columns of the measure.
    """
    pick = select(doc, "breakdown", item, measure, table)
    if not isinstance(pick, Pick):
        return pick
    it, unit = pick.item, pick.item.table.unit or "万元"
    cat = catalog(doc)
    if by == "columns" or (not it.children and measure):
        cols = _column_children(it, pick.measure)
        parts = [(it, c) for c in cols]
    else:
        parts = [(cat.items[k], pick.measure) for k in it.children if pick.measure in cat.items[k].measures]
    if not parts:
        return ToolResult(tool="breakdown", status="not_found", label=pick.label,
                          message=f"文件没有列出“{pick.label}”的下级明细", citations=pick.citations)
    values = [v if (v := p.value(c)) is not None else ZERO for p, c in parts]
    shares, adjusted = arith.largest_remainder(values, pick.value)
    figures = [_item_figure(p, c, s) if by != "columns" and not (not it.children and measure) else
               Figure(label=c, value=v, unit=unit, citations=[p.citation(c)], share=s,
                      note=BLANK_NOTE if p.value(c) is None else "")
               for (p, c), v, s in zip(parts, values, shares)]
    total, text = arith.sum_text(values, unit)
    check = "与上级数一致" if total == pick.value else f"与上级数 {arith.fmt_amount(pick.value)} 相差 " \
        f"{arith.fmt_amount(total - pick.value)}"
    text = f"各项之和：{text}，{check}；占比 = 各项 ÷ {arith.fmt_amount(pick.value)}"
    if adjusted:
        text += "（占比按最大余数法修约，合计 100.00%）"
    return ToolResult(tool="breakdown", status="ok", label=f"{pick.label}的构成", value=pick.value, unit=unit,
                      basis="read", computation=text, citations=pick.citations, figures=figures,
                      message="" if total == pick.value else "明细之和与上级数不一致")


# ---------------------------------------------------------------- total, share, ratio, compare


def total(doc: BudgetDocument, items: list[str], measure: str | None = None, table: str | None = None,
          all_matches: bool = False) -> ToolResult:
    """The sum of several items, addends shown.

    Args:
        items: the items to add, in the user's words or codes, e.g. ['因公出国(境)经费', '公务接待费'].
        measure: the column to add (default: each table's main amount).
        table: optional table name all items come from.
        all_matches: add every row a wording names within its table (e.g. '差旅费' of 机关 and of 事业单位)
            instead of asking which one.
    """
    picks: list[Pick] = []
    for q in items:
        p = select_all(doc, "total", q, measure, table) if all_matches else select(doc, "total", q, measure, table)
        if isinstance(p, list):
            picks.extend(p)
            continue
        if not isinstance(p, Pick):
            p.message = f"加数“{q}”：{p.message}"
            return p
        picks.append(p)
    if not picks:
        return ToolResult(tool="total", status="not_found", message="没有给出要相加的项目")
    # NOTE: two wordings (or two tables) can name the same row; a row is added once, and a row whose parent is
    # also an addend is already in it.
    picks = list({(p.item.key, p.measure): p for p in picks}.values())
    if all_matches:
        items = catalog(doc).items
        keys = {p.item.key for p in picks}

        def ancestors(item) -> set[int]:
            out, cur = set(), item.parent
            while cur is not None and cur not in out:
                out.add(cur)
                cur = items[cur].parent
            return out

        picks = [p for p in picks if not (ancestors(p.item) & keys)]
    unit, values, conversions = _one_unit(*picks)  # the “三公” table in 万元 plus table 1 in 元: both in 元
    value, text = arith.sum_text(values, unit)
    text = "；".join(conversions + [text])
    cites = [c for p in picks for c in p.citations[:1]]
    names = [p.label for p in picks]
    labels = list(names)
    for i, p in enumerate(picks):  # two rows with one name: each says who carries it out
        if names.count(p.label) > 1 and (who := implementer_of(doc, p.item.label, p.value)):
            labels[i] = f"{p.label}（实施单位：{who}）"
    return ToolResult(tool="total", status="ok", label=" + ".join(labels), value=value, unit=unit,
                      basis="computed", computation=text, citations=cites,
                      figures=[_figure(p, label=label) for p, label in zip(picks, labels)])


def share(doc: BudgetDocument, part: str, whole: str | None = None, measure: str | None = None,
          table: str | None = None) -> ToolResult:
    """What percentage of a whole an item is (default whole: the item's parent row, else its table's total).

    Args:
        part: the item, e.g. '行政运行', '公务接待费'.
        whole: the whole, e.g. '社会保障和就业支出', '合计'; omit for the item's parent; the part itself with a
            measure for the share of that column in the row's total ('一般公共服务支出' 项目支出 of its 合计).
        measure: the column (default: the table's main amount).
        table: optional table name.
    """
    category = _category_named(doc, part)
    if category is not None:
        return _category_share(doc, category, whole or "项目支出")
    p = select(doc, "share", part, measure, table)
    if not isinstance(p, Pick):
        return p
    if whole is not None and measure and norm_key(whole) == norm_key(part):  # '一般公共服务支出里项目支出占多少'
        total = p.item.default_measure  # the row's own total column, not the wording resolved again
        if total == p.measure or total not in p.item.measures:
            return ToolResult(tool="share", status="not_found", label=p.label, message=f"“{part}”没有可比的合计栏")
        tv = p.item.value(total)
        w = Pick(p.item, total, ZERO if tv is None else tv, tv is None, [p.item.citation(total)], 1.0)
    elif whole is None:
        cat = catalog(doc)
        parent = cat.items[p.item.parent] if p.item.parent is not None else None
        if parent is None:
            return ToolResult(tool="share", status="not_found", label=p.label, message=f"“{p.label}”没有上级项目，请给出整体")
        pv = parent.value(p.measure)
        w = Pick(parent, p.measure, ZERO if pv is None else pv, pv is None, [parent.citation(p.measure)], 1.0)
    else:
        w = select(doc, "share", whole, measure, p.item.table.title)
        if not isinstance(w, Pick):
            w = select(doc, "share", whole, measure, table)
        if not isinstance(w, Pick):
            w.message = f"整体“{whole}”：{w.message}"
            return w
    r, text = _share_in_one_unit(p, w)
    return ToolResult(tool="share", status="ok" if r is not None else "not_found",
                      label=f"{p.label}占{w.label}的比重", value=r, unit="%", basis="computed", computation=text,
                      citations=p.citations[:1] + w.citations[:1], figures=[_figure(p), _figure(w)],
                      message="" if r is not None else "整体为 0")


def _one_unit(*picks: Pick) -> tuple[str, list[Decimal], list[str]]:
    """The cells' values in one unit: cells of tables printed in different units (the “三公” table in 万元, table 1
    in 元) are brought to the smaller unit, exactly; returns (unit, values, the conversions shown)"""
    units = [p.item.table.unit or "万元" for p in picks]
    if len(set(units)) == 1 or any(u not in arith.UNIT_FACTORS for u in units):
        return units[0], [p.value for p in picks], []
    small = min(units, key=lambda u: arith.UNIT_FACTORS[u])
    values, shown = [], []
    for p, u in zip(picks, units):
        if u == small:
            values.append(p.value)
        else:
            v, text = arith.convert(p.value, u, small)
            values.append(v)
            shown.append(text)
    return small, values, shown


def _share_in_one_unit(p: Pick, w: Pick) -> tuple[Decimal | None, str]:
    "The share of two cells, in one unit (the conversion shown first)"
    _, (pv, wv), shown = _one_unit(p, w)
    r, text = arith.share_text(pv, wv)
    return r, "；".join(shown + [text])


def _category_named(doc: BudgetDocument, wording: str) -> str | None:
    "The 项目类别 a wording names ('<某类>项目' → '特定目标类'), if any"
    t = doc.table(TableKind.project_expenditure)
    if t is None or "category" not in t.frame:
        return None
    q = norm_key(wording)
    return next((c for c in longest_first(set(t.frame["category"]) - {""}) if c and c in q), None)


def _category_share(doc: BudgetDocument, category: str, whole: str) -> ToolResult:
    "The projects of one 项目类别, summed, as a share of a whole (default: the 项目支出 total)"
    part = count(doc, category=category)
    if not part.ok or not part.figures:
        return part
    addends, text = arith.sum_text([f.value for f in part.figures])
    w = select(doc, "share", whole)
    if not isinstance(w, Pick):
        return w
    r, share_text = arith.share_text(addends, w.value)
    label = f"{category}项目合计"
    return ToolResult(tool="share", status="ok" if r is not None else "not_found", label=f"{label}占{w.label}的比重",
                      value=r, unit="%", basis="computed", computation=f"{text}；{share_text}",
                      citations=[f.citations[0] for f in part.figures][:3] + w.citations[:1],
                      figures=[Figure(label=label, value=addends, basis="computed", citations=part.citations[:3]),
                               _figure(w)])


def _select_two(doc: BudgetDocument, tool: str, a: str, b: str, measure: str | None,
                table: str | None) -> tuple[Pick, Pick] | ToolResult:
    "Both operands of a two-item operation, or the refusal / ambiguity of the first that fails"
    pa = select(doc, tool, a, measure, table)
    if not isinstance(pa, Pick):
        return pa
    pb = select(doc, tool, b, measure, table)
    if not isinstance(pb, Pick):
        return pb
    return pa, pb


def ratio(doc: BudgetDocument, numerator: str, denominator: str, measure: str | None = None,
          table: str | None = None) -> ToolResult:
    """One item over another, in percent (and times).

    Args:
        numerator: the item on top, e.g. '项目支出'.
        denominator: the item below, e.g. '基本支出'.
        measure: the column (default: the table's main amount).
        table: optional table name.
    """
    pair = _select_two(doc, "ratio", numerator, denominator, measure, table)
    if isinstance(pair, ToolResult):
        return pair
    a, b = pair
    r, text = _share_in_one_unit(a, b)
    if r is not None:
        text += f"（即 {arith.fmt_amount(r / 100)} 倍）"
    return ToolResult(tool="ratio", status="ok" if r is not None else "not_found", label=f"{a.label} ÷ {b.label}",
                      value=r, unit="%", basis="computed", computation=text,
                      citations=a.citations[:1] + b.citations[:1], figures=[_figure(a), _figure(b)])


def compare(doc: BudgetDocument, a: str, b: str, measure: str | None = None, table: str | None = None) -> ToolResult:
    """Two items side by side: both amounts, the difference a − b and a as a percentage of b.

    Args:
        a: the first item, e.g. '因公出国(境)经费'.
        b: the second item, e.g. '公务接待费'.
        measure: the column (default: the table's main amount).
        table: optional table name.
    """
    pair = _select_two(doc, "compare", a, b, measure, table)
    if isinstance(pair, ToolResult):
        return pair
    pa, pb = pair
    unit, (av, bv), conversions = _one_unit(pa, pb)
    diff = av - bv
    r, rtext = arith.share_text(av, bv)
    text = "；".join(conversions + [f"{arith.fmt_amount(av)} − {arith.fmt_amount(bv)} = {arith.fmt_amount(diff)} {unit}",
                                    rtext])
    return ToolResult(tool="compare", status="ok", label=f"{pa.label} 与 {pb.label} 比较", value=diff, unit=unit,
                      rate=r, basis="computed", computation=text, citations=pa.citations[:1] + pb.citations[:1],
                      figures=[_figure(pa), _figure(pb)])


# ---------------------------------------------------------------- change


def change(doc: BudgetDocument, item: str, table: str | None = None) -> ToolResult:
    """How an item changed from last year: from the two year columns where a table gives both (the “三公” table),
    else derived from a narrative statement ('比上年增加X万元' → last year's figure).

    Args:
        item: the item, e.g. '三公经费', '公务接待费', '收支预算', '基本支出', '机关运行经费'.
        table: optional table name.
    """
    prev_col = f"{doc.year - 1}年"
    pick = None
    for m in [m for m in _year_items(doc, item, table)]:
        pick = m
        break
    if pick is not None:
        return _change_from_table(doc, pick, prev_col)
    return _change_from_narrative(doc, item, table)


def _year_items(doc: BudgetDocument, item: str, table: str | None) -> list[Pick]:
    cat = catalog(doc)
    prev = next((m for it in cat.items for m in it.measures if m.startswith(f"{doc.year - 1}年")), None)
    if prev is None:
        return []
    p = select(doc, "change", item, None, table, need=prev)
    return [p] if isinstance(p, Pick) else []


def _change_from_table(doc: BudgetDocument, pick: Pick, prev_col: str) -> ToolResult:
    it = pick.item
    cur_m = next(m for m in it.measures if m.startswith(f"{doc.year}年"))
    old_m = next(m for m in it.measures if m.startswith(prev_col))
    new, old = it.value(cur_m) or ZERO, it.value(old_m) or ZERO
    unit = it.table.unit or "万元"
    ch = arith.change(new, old, unit)
    label = item_label(it)
    cites = [it.citation(cur_m), it.citation(old_m)]
    message = ""
    for _, st in _narrative_matches(doc, it.label if not it.is_total else item_label(it), with_current=True):
        if st.current == new and st.signed_delta is not None:
            agree = st.signed_delta == ch.diff and (st.rate is None or st.rate == abs(ch.rate or ZERO))
            message = ("与第三部分文字说明一致" if agree else "与第三部分文字说明不一致，请核对") + f"：“{st.quote[:60]}”"
            cites.append(st.citation())
            break
    if not message and unit == doc.text_unit:
        # the sentence stating both this year's amount and this change (its subject worded otherwise: '费' / '经费')
        st = next((st for st in statements(doc) if st.current == new and st.signed_delta == ch.diff and ch.diff
                   and similarity(clean_query(it.label), st.subject) >= 0.3), None)
        if st is not None:
            message = f"与第三部分文字说明一致：“{st.quote[:60]}”"
            cites.append(st.citation())
    return ToolResult(
        tool="change", status="ok", label=f"{label} {cur_m[:5]}比{old_m[:5]}的变化", value=ch.diff, unit=unit,
        rate=ch.rate, basis="computed", computation=ch.text, citations=cites, message=message,
        figures=[_item_figure(it, cur_m), _item_figure(it, old_m)],
    )


def _change_from_narrative(doc: BudgetDocument, item: str, table: str | None) -> ToolResult:
    found = _narrative_matches(doc, item, with_change=True)
    if not found:
        current = select(doc, "change", item, None, table)
        if isinstance(current, Pick):  # a statement whose amount is this item's amount (in the narrative's unit)
            amount = current.value
            table_unit, unit = current.item.table.unit or "万元", doc.text_unit
            if table_unit != unit and {table_unit, unit} <= set(arith.UNIT_FACTORS):
                amount = arith.convert(amount, table_unit, unit)[0].quantize(Decimal("0.01"))
            words = bigrams(norm_key(item))  # of those, the one worded most like the item ('总支出': …支出预算)
            found = [(1.0, st) for st in statements(doc) if st.current == amount and st.signed_delta is not None
                     and (amount or words & bigrams(norm_key(st.subject)))]  # a zero is no evidence by itself
            found.sort(key=lambda x: -len(words & bigrams(norm_key(x[1].subject))))
    if not found:
        return ToolResult(tool="change", status="not_found", label=f"“{item}”的上年数",
                          message=f"文件没有给出“{item}”的上年数，也没有说明比上年的增减")
    side = [w for w in ("收入", "支出") if w in norm_key(item)]
    if len(side) == 1 and any(side[0] in st.subject for _, st in found):  # '收入预算比上年…': the income side's
        found = [(s, st) for s, st in found if side[0] in st.subject]
    if any(st.current or st.signed_delta for _, st in found):
        # a fund stated as nothing this year and no change (政府性基金拨款支出预算0万元，与上年持平) is not what a
        # wording that also fits a funded subject means
        found = [(s, st) for s, st in found if st.current or st.signed_delta]
    deltas = {st.signed_delta for _, st in found}
    if len(deltas) > 1:
        one_each = {st.signed_delta: (s, st) for s, st in reversed(found)}  # a repeated change counts once
        return ToolResult(tool="change", status="ambiguous", label=f"“{item}”的变化",
                          message="第三部分有多处说明与此相符，请指明",
                          candidates=[_stmt_candidate(s, st) for s, st in found if one_each[st.signed_delta][1] is st])
    st = found[0][1]
    cites = [st.citation()]
    unit = doc.text_unit  # NOTE: the narrative states the change in its own unit; compute in it
    current, basis_cur = st.current, "read"
    cur_cites = [st.citation()]
    if current is None:
        same = [s for s in statements(doc) if s.subject == st.subject and s.current is not None]
        if same:
            current, cur_cites = same[0].current, [same[0].citation()]
        else:
            p = select(doc, "change", st.subject, None, table)
            if not isinstance(p, Pick):
                p2 = select(doc, "change", item, None, table)
                p = p2 if isinstance(p2, Pick) else None
            if p is None:
                return ToolResult(tool="change", status="not_found", label=f"“{item}”的变化",
                                  message=f"文件说明了增减（{st.quote}），但没有给出本年数", citations=cites)
            current, cur_cites = p.value, p.citations[:1]
            if (p.item.table.unit or unit) != unit:  # a table in 元 and a narrative in 万元: one unit for the sum
                current, _ = arith.convert(current, p.item.table.unit, unit)
    delta = st.signed_delta
    prior, prior_text = arith.prior_from_change(current, delta, unit)
    ch = arith.change(current, prior, unit)
    r = ch.rate
    stated = "持平" if st.direction == "持平" else f"{st.direction}{arith.fmt_amount(abs(delta))}{unit}"
    # NOTE: the document says '与上年持平' without an amount: quote what it says, not an amount it never wrote
    text = f"{prior_text}（由“{stated}”推算）；{ch.text}"
    message = ""
    if st.rate is not None and r is not None:
        message = f"文件所述{st.rate_direction}{st.rate}%" + ("，与计算一致" if st.rate == abs(r) else "，与计算不一致，请核对")
    label = st.subject
    return ToolResult(
        tool="change", status="ok", label=f"{label} {doc.year}年比{doc.year - 1}年的变化", value=delta, unit=unit,
        rate=r, basis="derived", computation=text, citations=list(dict.fromkeys(cur_cites + cites)), message=message,
        figures=[Figure(label=f"{label}（{doc.year}年）", value=current, unit=unit, basis=basis_cur, citations=cur_cites),
                 Figure(label=f"{label}（{doc.year - 1}年{st.basis}，推算）", value=prior, unit=unit, basis="derived",
                        citations=cites)],
    )


def _stmt_candidate(score: float, st: Statement):
    from budget_qa.results import Candidate

    return Candidate(label=st.subject, table=st.paragraph.section, score=score, line=st.paragraph.line_start,
                     value=st.signed_delta, detail=st.quote[:60])


# ---------------------------------------------------------------- rank, count


def _rank_table(doc: BudgetDocument, table: str | None):
    if table:
        found = resolve_tables(doc, table)
        return found[0] if found else None
    return doc.table(TableKind.project_expenditure)


def rank(doc: BudgetDocument, table: str | None = None, n: int = 5, order: Literal["top", "bottom"] = "top",
         level: str | None = None, measure: str | None = None, category: str | None = None,
         within: str | None = None) -> ToolResult:
    """The largest (or smallest) rows of a table, ties kept (so more than n rows may come back).

    Args:
        table: the table, e.g. '项目支出预算情况表' (default), '支出总体情况表', '一般公共预算基本支出情况表'.
        n: how many rows (default 5).
        order: 'top' for the largest, 'bottom' for the smallest.
        level: for coded tables, '类', '款' or '项' (default: the finest level present).
        measure: the column (default: the table's main amount).
        category: for projects, a 项目类别 such as '特定目标类'.
        within: a row whose own rows are ranked, e.g. '商品和服务支出' (its children in that table).
    """
    if within:
        return _rank_within(doc, within, table, n, order, measure)
    t = _rank_table(doc, table)
    if t is None:
        return ToolResult(tool="rank", status="not_found", label=f"“{table}”", message=f"文件中没有“{table}”这张表")
    items = [it for it in catalog(doc).items if it.table is t and not it.is_total]
    levels = [it.level for it in items if it.level]
    if level is None and levels:
        level = "项" if "项" in levels else ("款" if "款" in levels else "类")
    rows = [it for it in items if (not level or it.level == level) and (not category or category in it.category)]
    if not rows:
        return ToolResult(tool="rank", status="not_found", label=t.title, message="没有符合条件的行")
    m = _measure_for(doc, rows[0], measure)
    if m is None:
        return ToolResult(tool="rank", status="not_found", label=t.title, message=f"表中没有“{measure}”这一栏")
    scope = "、".join(x for x in (level and f"{level}级", category) if x)
    return _ranked(t, rows, m, n, order, scope)


def _rank_within(doc: BudgetDocument, within: str, table: str | None, n: int, order: str,
                 measure: str | None) -> ToolResult:
    "The rows directly under one row (the first match of ``within`` that has rows under it), ranked"
    cat = catalog(doc)
    matches = resolve(doc, within, table=table)
    for match in matches:
        parent = match.item
        if parent.is_total:
            break  # a table's total: the table's own ranking (its finest level), not its first level
        # the same row printed once per block of the table (机关 and 事业单位): the rows under each, each as printed
        twins = {m.item.key for m in matches if m.item.table is parent.table and
                 (m.item.label, m.item.code) == (parent.label, parent.code)}
        rows = [it for it in cat.items if it.table is parent.table and it.parent in twins and not it.is_total]
        while len(rows) == 1:  # one row under it (a 类 with one 款): the rows under that one are its parts
            rows = [it for it in cat.items if it.table is parent.table and it.parent == rows[0].key and not it.is_total]
        if len(rows) >= 2:
            m = _measure_for(doc, rows[0], measure)
            if m is not None:
                return _ranked(parent.table, rows, m, n, order, f"{parent.label}之下")
    return ToolResult(tool="rank", status="not_found", label=f"“{within}”", message=f"文件中“{within}”下面没有分项")


def _ranked(t, rows: list, m: str, n: int, order: str, scope: str) -> ToolResult:
    valued = [(it.value(m), it) for it in rows if it.value(m) is not None]
    valued.sort(key=lambda x: (-x[0], x[1].line) if order == "top" else (x[0], x[1].line))
    n = max(1, int(n))
    if not valued:
        return ToolResult(tool="rank", status="not_found", label=t.title, message="该栏没有数值")
    cut = valued[min(n, len(valued)) - 1][0]
    chosen = [x for x in valued if (x[0] >= cut if order == "top" else x[0] <= cut)]
    figures = []
    for pos, (v, it) in enumerate(chosen, 1):
        rank_no = 1 + sum(1 for w, _ in valued if (w > v if order == "top" else w < v))
        fig = _item_figure(it, m)
        fig.label = f"第{rank_no}名 {fig.label}" + (f"（{it.category}）" if it.category else "")
        figures.append(fig)
    ties = len(chosen) > n
    label = f"{t.title}{'（' + scope + '）' if scope else ''}按“{m}”{'最大' if order == 'top' else '最小'}的{'项目' if n == 1 else f'{n}项'}"
    return ToolResult(tool="rank", status="ok", label=label, unit=t.unit or "万元", basis="read", figures=figures,
                      computation=f"在{len(valued)}行中排序", message="有并列，并列的行都列出" if ties else "",
                      citations=[f.citations[0] for f in figures])


def _measure_for(doc: BudgetDocument, item: Item, measure: str | None) -> str | None:
    from .resolve import resolve_measure

    return resolve_measure(item, measure, doc.year)


def count(doc: BudgetDocument, category: str | None = None, name_contains: str | None = None,
          min_amount: str | None = None, max_amount: str | None = None, table: str | None = None,
          implementer: str | None = None) -> ToolResult:
    """How many projects (rows of the 项目支出 table) there are, optionally filtered, with their sum.

    Args:
        category: a 项目类别, e.g. '特定目标类' or '其他运转类'.
        name_contains: words the project name must contain, e.g. '养老'.
        min_amount: only projects of at least this many 万元, e.g. '100'.
        max_amount: only projects of at most this many 万元.
        table: another table to count rows of (default: the 项目支出预算情况表).
        implementer: only projects whose 绩效目标表 names this 实施单位, e.g. '社会保险事业中心'.
    """
    t = _rank_table(doc, table)
    if t is None:
        return ToolResult(tool="count", status="not_found", message=f"文件中没有“{table}”这张表")
    try:
        lo = arith.money(min_amount) if min_amount not in (None, "") else None
        hi = arith.money(max_amount) if max_amount not in (None, "") else None
    except InvalidOperation:
        return ToolResult(tool="count", status="not_found", message="金额条件不是数字")
    items = [it for it in catalog(doc).items if it.table is t and not it.is_total]
    if implementer:
        implementers = _implementers(doc, items)
        items = [it for it in items if norm_key(implementer) in norm_key(implementers.get(it.key, ""))]
    words = [w for w in re.split(r"[\s,，、]+", name_contains or "") if w]
    rows = []
    for it in items:
        v = it.value(it.default_measure)
        if category and category not in it.category:
            continue
        if words and not all(any(x in it.label for x in variants(w)) for w in words):
            continue
        if lo is not None and (v is None or v < lo) or hi is not None and (v is None or v > hi):
            continue
        rows.append(it)
    figures = [_item_figure(it, it.default_measure) for it in rows]
    for f, it in zip(figures, rows):
        if it.category:
            f.label += f"（{it.category}）"
    value_sum, text = arith.sum_text([f.value for f in figures], t.unit or "万元")
    filters = "、".join(x for x in (category, implementer and f"实施单位：{implementer}", name_contains and f"名称含“{name_contains}”",
                                    lo is not None and f"≥{lo}万元", hi is not None and f"≤{hi}万元") if x)
    message = f"合计 {arith.fmt_amount(value_sum)} {t.unit or '万元'}"
    cites = [f.citations[0] for f in figures]
    if not filters and t.kind == TableKind.project_expenditure:
        for p in doc.paragraphs:
            mm = re.search(r"项目支出?(\d+)个", p.text)
            if mm and p.part == "第三部分":
                stated = int(mm.group(1))
                message += f"；第三部分称“项目支出{stated}个”，" + ("一致" if stated == len(rows) else "与表中行数不一致")
                cites.append(Citation(kind="narrative", line=p.line_start, part=p.part, section=p.section,
                                      quote=mm.group(0)))
                break
    return ToolResult(tool="count", status="ok", label=f"{t.title}{'（' + filters + '）' if filters else ''}的项目数",
                      value=Decimal(len(rows)), unit="个", basis="computed", figures=figures,
                      computation=f"计数 {len(rows)} 个；金额合计 {text}", citations=cites, message=message)


def implementer_of(doc: BudgetDocument, name: str, value: Decimal | None) -> str:
    """The 实施单位 of the 绩效目标表 with this project name and this budget (what tells apart two projects that share a
    name), or ''"""
    found = [p.implementer for p in doc.performance
             if p.kind == "project" and norm_key(p.name) == norm_key(name) and p.implementer
             and (value is None or p.budget is None or p.budget == value)]
    return found[0] if len(set(found)) == 1 else ""


def _implementers(doc: BudgetDocument, items: list[Item]) -> dict[int, str]:
    "Project row → the 实施单位 of its 绩效目标表 (same name; rows sharing a name take the tables in order)"
    tables = [p for p in doc.performance if p.kind == "project"]
    used: set[int] = set()
    out: dict[int, str] = {}
    for it in items:
        for i, p in enumerate(tables):
            if i not in used and norm_key(p.name) == norm_key(it.label):
                used.add(i)
                out[it.key] = p.implementer
                break
    return out


# ---------------------------------------------------------------- units


UNIT_RE = re.compile(r"^\s*([-−]?[\d,]+(?:\.\d+)?)\s*(元|千元|万元|百万元|亿元)?\s*$")


def convert_units(value: str, from_unit: str = "万元", to_unit: str = "元") -> ToolResult:
    """Convert an amount between 元, 万元 and 亿元, showing the factor.

    Args:
        value: the amount, e.g. '12,345.67' or '12345.67万元'.
        from_unit: its unit ('元', '万元', '亿元'); a unit written in value wins.
        to_unit: the unit wanted.
    """
    m = UNIT_RE.match(str(value).replace("−", "-"))
    units = arith.UNIT_FACTORS
    if not m or (m.group(2) or from_unit) not in units or to_unit not in units:
        return ToolResult(tool="convert_units", status="not_found", label=str(value),
                          message=f"无法换算 {value!r}：单位须为 {'、'.join(units)}")
    src = m.group(2) or from_unit
    amount = Decimal(m.group(1).replace(",", ""))
    out, text = arith.convert(amount, src, to_unit)
    return ToolResult(tool="convert_units", status="ok", label=f"{arith.show(amount, src)} 换算为{to_unit}",
                      value=out, unit=to_unit, basis="computed", computation=text)


def ratio_of(numerator: Decimal, denominator: Decimal, label: str = "") -> ToolResult:
    """How many times one amount is another, to 2 decimals (half-up): '36.00 ÷ 12.00 = 3.00 倍'.

    Args:
        numerator: the amount on top.
        denominator: the amount below.
        label: what is compared, e.g. '项目支出 ÷ 基本支出'.
    """
    if not denominator:
        return ToolResult(tool="ratio_of", status="not_found", label=label, message="除数为 0，无法计算倍数")
    out, _ = arith.divide_text(Decimal(numerator), Decimal(denominator), "倍")
    text = f"{arith.fmt_amount(Decimal(numerator))} ÷ {arith.fmt_amount(Decimal(denominator))} = {arith.fmt_amount(out)} 倍"
    return ToolResult(tool="ratio_of", status="ok", label=label, value=out, unit="倍", basis="computed", computation=text)


def difference(a: Decimal, b: Decimal, unit: str = "万元", label: str = "") -> ToolResult:
    """a − b with the arithmetic shown: two readings of one wording ('两个X差多少'), each already cited.

    Args:
        a: the first amount.
        b: the second amount.
        unit: their unit.
        label: what is compared.
    """
    diff = Decimal(a) - Decimal(b)
    text = f"{arith.fmt_amount(Decimal(a))} − {arith.fmt_amount(Decimal(b))} = {arith.fmt_amount(diff)} {unit}"
    return ToolResult(tool="difference", status="ok", label=label, value=diff, unit=unit, basis="computed",
                      computation=text)


def average(value: str, per: int, unit: str = "万元", label: str = "") -> ToolResult:
    """An amount spread evenly: per month (12) or per item (the count), with the division shown.

    Args:
        value: the amount, e.g. '16.80'.
        per: how many parts, e.g. 12 for a month of a year's budget.
        unit: the amount's unit.
        label: what is averaged, e.g. '“三公”经费 每月平均'.
    """
    try:
        amount = Decimal(str(value).replace(",", ""))
    except ArithmeticError:
        return ToolResult(tool="average", status="not_found", label=str(value), message=f"无法读取金额 {value!r}")
    if per <= 0:
        return ToolResult(tool="average", status="not_found", label=label, message="平均的份数须大于 0")
    out, text = arith.divide_text(amount, Decimal(per), unit)
    return ToolResult(tool="average", status="ok", label=label or f"{arith.show(amount, unit)} ÷ {per}", value=out,
                      unit=unit, basis="computed", computation=text)


# ---------------------------------------------------------------- performance targets, organisation


def performance(doc: BudgetDocument, project: str) -> ToolResult:
    """A project's (or special fund's) performance targets: 实施单位, 年度预算资金, 年度总体目标 and indicators.

    Args:
        project: the project name in the user's words, e.g. '定费不定编人员工资', '养老金缺口', '创业担保贷款'.
    """
    q = clean_query(project)
    scored = []
    for pt in doc.performance:
        key = clean_query(pt.name)
        s = max((similarity(v, key) for v in variants(q)), default=0.0) if q else 0.0
        if s >= 0.5:
            scored.append((s, pt))
    if not scored:
        return ToolResult(tool="performance", status="not_found", label=f"“{project}”",
                          message=f"文件中没有“{project}”的绩效目标表")
    scored.sort(key=lambda x: -x[0])
    best = [pt for s, pt in scored if s >= scored[0][0] - 0.05]
    facts: list[Fact] = []
    figures: list[Figure] = []
    for pt in best:
        where = f"{pt.name}" + (f"（{pt.implementer}）" if len(best) > 1 and pt.implementer else "")
        cite = Citation(kind="table", table="项目支出绩效目标表" if pt.kind == "project" else "专项资金绩效目标表",
                        row_label=pt.name, line=pt.line_start)
        if pt.implementer:
            facts.append(Fact(label=f"{where} 实施单位", text=pt.implementer, citations=[cite]))
        if pt.overall_goal:
            facts.append(Fact(label=f"{where} 年度总体目标", text=pt.overall_goal, citations=[cite]))
        for ind in pt.indicators:
            facts.append(Fact(label=f"{where} {ind.level1}/{ind.level2}/{ind.level3}", text=ind.value_text,
                              citations=[Citation(kind="table", table=cite.table, row_label=ind.level3,
                                                  column="指标值", line=ind.line)]))
        if pt.budget is not None:
            figures.append(Figure(label=f"{where} 年度预算资金", value=pt.budget, citations=[
                Citation(kind="table", table=cite.table, row_label=pt.name, column="年度预算资金",
                         line=pt.budget_line or pt.line_start)]))
    from budget_qa.results import Candidate

    cands = [Candidate(label=pt.name, table="绩效目标表", score=round(s, 4), line=pt.line_start, value=pt.budget,
                       detail=f"实施单位：{pt.implementer}" if pt.implementer else "") for s, pt in scored[:8]]
    status = "ok" if len(best) == 1 else "ambiguous"
    return ToolResult(tool="performance", status=status, label=f"{best[0].name}的绩效目标", facts=facts,
                      figures=figures, candidates=cands if status == "ambiguous" else [],
                      value=best[0].budget if len(best) == 1 else None, basis="read",
                      citations=[f.citations[0] for f in figures],
                      message=f"有{len(best)}张同名或相近的绩效目标表，均已列出" if len(best) > 1 else "")


def organisation(doc: BudgetDocument, topic: Literal["units", "duties"] = "units") -> ToolResult:
    """Facts about the department: its budget units (机构设置) or its main duties (主要职责).

    Args:
        topic: 'units' for the budget units included, 'duties' for the department's main duties.
    """
    entries = doc.units if topic == "units" else doc.duties
    section = "二、机构设置情况" if topic == "units" else "一、主要职责"
    for p in doc.paragraphs:
        if entries and p.line_start == entries[0].line_start:
            section = p.section or section
    facts = [Fact(label=f"{e.number}", text=e.text,
                  citations=[Citation(kind="narrative", part="第一部分", section=section, line=e.line_start,
                                      quote=e.text[:80])]) for e in entries]
    if not facts:
        return ToolResult(tool="organisation", status="not_found", message="文件第一部分没有列出" +
                          ("预算单位" if topic == "units" else "主要职责"))
    what = "预算单位" if topic == "units" else "主要职责"
    return ToolResult(tool="organisation", status="ok", label=f"{doc.department}的{what}（共{len(facts)}项）",
                      value=Decimal(len(facts)), unit="项", basis="read", facts=facts,
                      citations=[facts[0].citations[0]])


BODY_COUNT_RE = re.compile(r"设(?P<n>\d+)个内设机构")
BODY_ITEM_RE = re.compile(r"^[（(](?P<ord>[一二三四五六七八九十]+)[）)](?P<name>[^。.]{2,20}?)[。.]")


def internal_bodies(doc: BudgetDocument) -> ToolResult:
    """The internal bodies (内设机构) the 机构设置 section names: how many it says there are, and each one.

    Reads '设N个内设机构，包括：A、B、C' or a list '（一）A。…' of the organisation section (机构设置).
    """
    paras = [p for p in doc.paragraphs if "机构设置" in p.section]
    stated, names, cites = None, [], []
    for p in paras:
        m = BODY_COUNT_RE.search(p.text)
        if m and stated is None:
            stated = (int(m.group("n")), p)
            tail = p.text[m.end():]
            listed = re.sub(r"^[，,]?包括[:：]?", "", tail).rstrip("。")
            if "、" in listed:
                names += [(n.strip(), p) for n in listed.split("、") if n.strip()]
        item = BODY_ITEM_RE.match(p.text)
        if item:
            names.append((item.group("name").strip(), p))
    if stated is None and not names:
        return ToolResult(tool="organisation", status="not_found", message="文件的机构设置没有列出内设机构")

    def cite(p, quote: str) -> Citation:
        return Citation(kind="narrative", part=p.part, section=p.section, line=p.line_start, quote=quote, page=p.page)

    facts = [Fact(label=str(i), text=n, citations=[cite(p, p.text if BODY_ITEM_RE.match(p.text) else n)])
             for i, (n, p) in enumerate(names, 1)]
    if stated is not None:
        n, p = stated
        quote = p.text[max(0, p.text.rfind("，", 0, BODY_COUNT_RE.search(p.text).start()) + 1):].split("，包括")[0]
        cites = [cite(p, quote.strip())]
        value = Decimal(n)
    else:
        cites, value = facts[0].citations, Decimal(len(facts))
    return ToolResult(tool="organisation", status="ok", label="内设机构", value=value, unit="个",
                      basis="read", facts=facts, citations=cites,
                      message="" if stated is None or stated[0] == len(names) or not names else
                      f"文件说明{stated[0]}个，列出{len(names)}个")
