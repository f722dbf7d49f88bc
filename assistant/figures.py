"""Answers that read figures: one item's value (or every reading of an ambiguous wording), sums, breakdowns,
rankings and counts. Each figure is a tool result, cited; sums and counts show their arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import tools as T
from tools import arith
from budget_qa.results import Citation, ToolResult, show
from budget_qa.types import BudgetDocument, TableKind
from index.text import in_order, norm_key
from tools.aliases import ITEM_ALIASES
from tools.resolve import to_candidate, common_run

from .classes import BothClasses
from .compose import Composer
from .conversation import Conversation
from .economic import agency_figures, both_classes, by_agency, economic_class
from .narrative import Narrative
from .organisation import Organisation
from .plan import (BUDGET_AS_WHOLE, BY_CATEGORY_RE, CATEGORY_WORDS, STANDARD_WHOLES, WHOLE_BUDGET, base_label, stated_subject, strip_frame,
                   table_hint)
from .source import Topic
from .understand import EITHER_RE, MEASURES, Understanding


INCOME_AS_WHOLE = frozenset({"收入", "总收入", "收入预算", "全部收入", "收入总计", "收入总额", "资金"})
"""Wordings of all income, whose parts a question about its make-up asks by source."""
SPENDING_AS_WHOLE = frozenset({"支出", "总支出", "支出预算", "全部支出", "支出总计", "支出总额"})


ENGLISH_NOTES = {
    "没有安排：表中该栏为空（未安排），按 0 计": "nothing budgeted: the table leaves this cell blank, read as 0",
    "数字来自第三部分的文字说明，表中没有单列": "the figure is from the narrative; the tables have no row of its own",
}
"""The tools' notes on a figure, as an English answer says them."""


@dataclass
class Figures(Topic):
    "Answers read from the tables (and from figures the narrative states)"

    narrative: Narrative
    organisation: Organisation

    def values(self, c: Composer, u: Understanding, items: list[str], table: str | None, conv: Conversation) -> str | None:
        st = stated_subject(self.doc, items, u.text, conv.items)
        if st is not None and u.years and self.doc.year not in u.years:
            st = None  # the statement is this year's figure; another year's is asked
        if st is not None:
            if norm_key(st.subject) in norm_key(u.text):
                if not items:
                    items.append(st.subject)  # the conversation's topic for follow-ups
            else:
                items[:] = list(conv.items) or [st.subject]  # '其中<一类>呢': the topic stays 政府采购
            conv.focus = st.subject
            p = st.paragraph
            cite = Citation(kind="narrative", part=p.part, section=p.section, line=p.line_start, quote=st.quote,
                            page=p.page)
            same = T.lookup(self.doc, st.subject)
            cites = (same.citations[:2] + [cite]) if same.ok and same.value == st.current else [cite]
            unit = self.doc.text_unit
            m = c.figure(st.subject, st.current, unit, cites)
            none = st.current == 0
            c.say(f"{st.subject}（{self.doc.year}年）为 {show(st.current, unit)}{m}" + ("，没有安排。" if none else "。")
                  if u.language == "zh" else f"{st.subject} ({self.doc.year}): {show(st.current, unit)}{m}"
                  + (" (none budgeted)." if none else "."))
            return "answered"
        measure = u.measure
        if measure is None and u.years and min(u.years) == self.doc.year - 1:
            measure = f"{self.doc.year - 1}年预算数"
        statuses = []
        several = bool(re.search(r"和|与|及|、|分别|各", u.text)) or u.readings
        if u.readings and len(items) >= 2:
            c.say(f"问题所说的可能是以下{len(items)}项，分别是：" if u.language == "zh"
                  else f"The question may mean any of {len(items)} items:")
        if measure and len(u.measures) >= 2 and EITHER_RE.search(u.text) and len(items) == 1:
            return self._columns(c, u, items[0], u.measures, table)  # 'X算基本支出还是项目支出': show each
        for item in items[:4]:
            if statuses and not several and statuses[-1] is not None:
                break  # 'X方面（口语的说法）': later words explain the first item
            if measure and measure.startswith(str(self.doc.year - 1)):
                prior = self._prior_year(c, u, item, table)
                r = T.lookup(self.doc, item, measure=measure, table=table) if not prior else None
                # a year the document states for some items only: never this year's figure in its place
                statuses.append(prior or (self._say_result(c, u, r) if r.ok else None))
                continue
            if norm_key(item) in BUDGET_AS_WHOLE:
                item = WHOLE_BUDGET  # '部门预算总共多少': the budget as a whole
            elif norm_key(item) in ("支出", "收入") and not measure:
                item = f"总{norm_key(item)}"  # '全年支出多少': all of one side, not one of the rows named …支出
            r = T.lookup(self.doc, item, measure=measure, table=table)
            if r.ok and item == WHOLE_BUDGET and WHOLE_BUDGET not in r.label:
                r = r.model_copy(update={"label": f"{WHOLE_BUDGET}（{r.label}）"})  # named as the question asked it
            if r.status == "not_found" and table:
                r = T.lookup(self.doc, item, measure=measure)
            if r.status == "not_found" and measure:
                r = T.lookup(self.doc, f"{item}{measure}")
            statuses.append(self._say_result(c, u, r))
            if r.ok and not measure and (item == WHOLE_BUDGET or re.search(r"总计|总体合计|总合计", r.label)):
                self._stated_total(c, u, r)  # a grand total: the 编制说明 sentence stating it too
            if r.ok:
                conv.focus = r.label
        if "clarify" in statuses:
            return "clarify"
        if "answered" in statuses:
            return "answered"
        return None

    def _stated_total(self, c: Composer, u: Understanding, r: ToolResult) -> None:
        """The budget as a whole: the 编制说明 sentence stating the same total ('收入预算…万元'), quoted beside the
        cell, so the answer names the total in the document's own words as well as the table's"""
        unit = self.doc.text_unit
        want = arith.convert(r.value, r.unit, unit)[0] if r.unit != unit else r.value
        sides = [w for w in ("收入", "支出") if w in r.label] if WHOLE_BUDGET not in r.label else []
        side = sides[0] if len(sides) == 1 else "收|支"  # a total of one side is stated under that side's name
        for st in T.statements(self.doc):
            if st.current is not None and abs(st.current - want) < Decimal("0.006") and re.search(side, st.subject):
                p = st.paragraph
                self.source.quote(c, u, p.part, p.section, p.line_start, st.quote, "passage")
                return

    def _columns(self, c: Composer, u: Understanding, item: str, measures: list[str], table: str | None) -> str | None:
        "The row's total, then each column the question offers as alternatives, as the table states them"
        statuses = [self._say_result(c, u, T.lookup(self.doc, item, table=table))]
        for m in measures:
            r = T.lookup(self.doc, item, measure=m, table=table)
            if r.ok:
                statuses.append(self._say_result(c, u, r))
        return "answered" if "answered" in statuses else ("clarify" if "clarify" in statuses else None)

    def as_narrated(self, c: Composer, u: Understanding, items: list[str]) -> str | None:
        """'编制说明里X是多少': the figure the narrative states for X (its subject is X, perhaps after the department's
        name), cited to its sentence; the table cell that publishes it too when it agrees to the narrative's rounding"""
        if len(items) >= 2 and u.has("total"):
            return self._narrated_sum(c, u, items)
        if len(items) != 1 or not norm_key(items[0]):
            return None
        st = self._narrated(items[0])
        if st is None:
            return None
        unit = self.doc.text_unit
        same = T.lookup(self.doc, items[0])
        agrees = same.ok and same.value is not None and _agrees(same.value, same.unit, st.current, unit)
        exact = agrees and same.unit == unit
        m = c.figure(items[0], st.current, unit, [st.citation()] + (same.citations[:2] if exact else []))
        section = st.paragraph.section or "文字说明"
        c.say(f"{items[0]}（{self.doc.year}年，{section}）为 {show(st.current, unit)}{m}。" if u.language == "zh"
              else f"{items[0]} ({self.doc.year}, {section}): {show(st.current, unit)}{m}.")
        if agrees and not exact:
            mt = c.result_figure(same)  # the table publishes it to the 元: the same figure after rounding
            c.say(f"表中{same.label}为 {same.shown}{mt}，四舍五入到{unit}与文字说明一致。" if u.language == "zh"
                  else f"The table gives {same.label}: {same.shown}{mt}, the same after rounding.")
        return "answered"

    def _narrated(self, item: str):
        "The statement the narrative makes of an item: its subject ends with the item's name (a code line's 项 aside)"
        want = re.sub(r"支出$", "", norm_key(item))
        found = [st for st in T.statements(self.doc) if st.current is not None and want and
                 re.sub(r"(?:支出)?(?:[类款项]|科目)?$", "", norm_key(st.subject)).endswith(want)]
        return min(found, key=lambda x: len(x.subject)) if found else None

    def _narrated_sum(self, c: Composer, u: Understanding, items: list[str]) -> str | None:
        "'编制说明里A和B加起来多少': each as the narrative states it, added in the narrative's unit"
        found = [self._narrated(i) for i in dict.fromkeys(items)]
        if len(found) < 2 or any(st is None for st in found) or len({id(st) for st in found}) < len(found):
            return None
        unit = self.doc.text_unit
        total, computation = arith.sum_text([st.current for st in found], unit)
        names = [norm_key(i) for i in dict.fromkeys(items)]
        m = c.figure(" + ".join(names), total, unit, [st.citation() for st in found], basis="computed",
                     computation=computation)
        c.say(f"{'、'.join(names)}合计 {show(total, unit)}{m}：{computation}。" if u.language == "zh"
              else f"Total of {', '.join(names)}: {show(total, unit)}{m} ({computation}).")
        for name, st in zip(names, found):
            c.say(f"- {name}（{st.paragraph.section or '文字说明'}）：{show(st.current, unit)}"
                  f"{c.figure(name, st.current, unit, [st.citation()])}")
        return "answered"

    def _prior_year(self, c: Composer, u: Understanding, item: str, table: str | None) -> str | None:
        "Last year's figure: a published prior-year column, or derived from a narrative '比上年增加X' statement"
        r = T.change(self.doc, item, table=table)
        if not r.ok or len(r.figures) < 2:
            return None
        prev = r.figures[1]
        m = c.figure(prev.label, prev.value, prev.unit, prev.citations, basis=prev.basis, computation=r.computation)
        derived = "（由文件文字说明推算：" + r.computation.split("；")[0] + "）" if r.basis == "derived" else ""
        c.say(f"{prev.label}为 {prev.shown}{m}{derived}。" if u.language == "zh" else f"{prev.label}: {prev.shown}{m}.")
        return "answered"

    def _say_result(self, c: Composer, u: Understanding, r: ToolResult) -> str | None:
        "A lookup-like result as a sentence (or the readings of an ambiguous wording)"
        if r.status == "ambiguous":
            return self.readings(c, u, r)
        if not r.ok or r.value is None:
            return None
        marks = c.result_figure(r)
        period = self._period(r)
        if u.language == "en":
            c.say(f"{r.label}{period}: {r.shown}{marks}.")
        else:
            c.say(f"{r.label}{period}为 {r.shown}{marks}。")
        if r.basis == "derived" or r.message:
            note = ENGLISH_NOTES.get(r.message, r.message) if u.language == "en" else r.message
            c.say((f"（{note}）" if u.language == "zh" else f"({note})") if note else "")
        return "answered"

    def readings(self, c: Composer, u: Understanding, r: ToolResult) -> str:
        """Every reading of an ambiguous wording, labelled. When one table publishes a single figure for it and ranks
        first (e.g. the “三公” table for 出国经费), that reading is the answer and the others follow as context."""
        cands = [x for x in r.candidates if x.value is not None]
        details = [f"{x.detail}；实施单位：{T.implementer_of(self.doc, x.label, x.value)}" for x in cands]
        cands = by_agency(cands, u.text) or by_detail(cands, details, u.text) or cands
        totals = _column_total(cands, u.text)
        cands = totals or cands
        split = both_classes(cands) if not economic_class(u.text) else None
        if split is not None:
            return BothClasses(self.source).answer(c, u, r.label.strip("“”"), split)
        if len({x.value for x in cands}) == 1 and cands:
            only = cands[0]
            if totals:  # the column is the subject: '日常公用支出（…合计）'
                only = only.model_copy(update={"label": only.column.split("/")[-1],
                                               "column": f"{only.label}，{only.column}"})
            m = c.figure(f"{only.label}（{only.table}）", only.value, only.unit, [self.source.cand_cite(x) for x in cands])
            c.say(f"{only.label}（{only.table}，{only.column}）为 {show(only.value, only.unit)}{m}。" if u.language == "zh"
                  else f"{only.label} ({only.table}, {only.column}): {show(only.value, only.unit)}{m}.")
            return "answered"
        tables = list(dict.fromkeys(x.table for x in cands))
        first = [x for x in cands if x.table == tables[0]] if tables else []
        primary = first[0] if len(tables) > 1 and len({x.value for x in first}) == 1 else None
        name = r.label.strip("“”")
        if primary is not None:
            m = c.figure(f"{primary.label}（{primary.table}）", primary.value, primary.unit, [self.source.cand_cite(primary)])
            if u.language == "en":
                c.say(f"{primary.label} ({primary.table}, {primary.column}): {show(primary.value, primary.unit)}{m}.")
                c.say(f"“{name}” also appears elsewhere in the document with other amounts:")
            else:
                c.say(f"{primary.label}（{primary.table}，{primary.column}）为 {show(primary.value, primary.unit)}{m}。")
                c.say(f"文件中“{name}”还出现在以下位置（口径不同）：")
        else:
            c.say(f"“{name}”在文件中有 {len(cands)} 处，数值不同，请问您指的是哪一个？" if u.language == "zh"
                  else f"{name} appears {len(cands)} times in the document with different amounts. Which one do you mean?")
        shown = [x for x in cands if x is not primary]
        same = {(x.label, x.table, x.detail) for x in shown}
        for i, cand in enumerate(shown, 1):
            plain = re.sub(r"\d{5,}\s*", "", cand.detail)
            if len(same) < len(shown) and (who := T.implementer_of(self.doc, cand.label, cand.value)):
                plain = f"{plain}；实施单位：{who}" if plain else f"实施单位：{who}"  # two projects, one name
            # the figure's label tells the readings apart as the listed line does (table, economic class, level)
            m = c.figure(f"{cand.label}（{cand.table}{'；' + plain if plain else ''}）", cand.value, cand.unit,
                         [self.source.cand_cite(cand)])
            detail = f"（{plain}）" if plain else ""
            code = f" [{cand.code}]" if cand.code else ""
            c.say(f"{i}. {cand.table}：{cand.label}{code}{detail}，{cand.column}：{show(cand.value, cand.unit)}{m}")
        return "answered" if primary is not None else "clarify"

    def _period(self, r: ToolResult) -> str:
        years = re.findall(r"(20\d{2})年", r.label)
        return "" if years else f"（{self.doc.year}年预算）"

    def total(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = T.total(self.doc, list(dict.fromkeys(items)), measure=u.measure, table=table, all_matches=True)
        if not r.ok or r.value is None or len(r.figures) < 2:
            return self._looked_up_total(c, u, items)  # a row and a figure only the narrative states
        scoped = agency_figures(r.figures, u.text)
        if len(scoped) < len(r.figures):  # the question names 机关 or 事业单位: only that class's rows add up
            if len(scoped) < 2:
                return None
            r = T.total(self.doc, [f.label for f in scoped], measure=u.measure, table=table)
            if not r.ok or r.value is None:
                return None
        for f in r.figures:
            c.sub_figure(f)
        m = c.result_figure(r)
        name = _sum_name([f.label for f in r.figures])
        total = (f"{name}{'' if name.endswith('合计') else '合计'} {r.shown}{m}：{r.computation}。" if u.language == "zh"
                 else f"Total of {name}: {r.shown}{m} ({r.computation}).")
        each = re.search(r"分别|各自|各是|各为|各多少|respectively|each", u.text)
        if not each:  # '一共多少': the sum first; '分别多少': the parts first, then their sum
            c.say(total)
        for f in r.figures:
            c.say(f"- {f.label}：{f.shown}{c.cite(f.citations)}")
        if each:
            c.say(total)
        return "answered"

    def shown_total(self, c: Composer, u: Understanding) -> str:
        "The figures a previous answer showed and the question points back at, added as shown, each cited where read"
        unit = u.shown[0][0].unit
        values = [arith.in_unit(f.value, f.unit, unit)[0] for f, _ in u.shown]
        total, computation = arith.sum_text(values, unit)
        names = [re.sub(r"^第\d+名\s*", "", f.label) for f, _ in u.shown]
        m = c.figure(" + ".join(names), total, unit, [x for _, cites in u.shown for x in cites], basis="computed",
                     computation=computation)
        c.say(f"{'、'.join(names)}合计 {show(total, unit)}{m}：{computation}。" if u.language == "zh"
              else f"Total of {', '.join(names)}: {show(total, unit)}{m} ({computation}).")
        for name, value, (f, cites) in zip(names, values, u.shown):
            c.say(f"- {name}：{show(value, unit)}{c.figure(name, value, unit, cites)}")
        return "answered"

    def _looked_up_total(self, c: Composer, u: Understanding, items: list[str]) -> str | None:
        """Two or more items each with one figure (a table row, or a figure the narrative alone states), in the
        narrative's unit: their sum, every addend cited where it was read"""
        if len(set(items)) < 2:
            return None
        unit = self.doc.text_unit
        found = []
        for item in dict.fromkeys(items):
            r = T.lookup(self.doc, item, measure=u.measure)
            if (not r.ok or r.value is None) and not u.measure:
                r = T.performance(self.doc, item)  # a special fund only its performance table states (年度预算资金)
                r = r.model_copy(update={"label": re.sub(r"的?绩效目标.*$", "", r.label)})  # named as the fund
            if not r.ok or r.value is None:
                return None
            value = arith.in_unit(r.value, r.unit, unit)[0]
            if any(r.label == o.label and r.citations[:1] == o.citations[:1] for o, _ in found):
                return None  # two wordings of one figure: nothing to add up
            found.append((r, value))
        total, computation = arith.sum_text([v for _, v in found], unit)
        m = c.figure(" + ".join(base_label(r.label) for r, _ in found), total, unit,
                     [x for r, _ in found for x in r.citations], basis="computed", computation=computation)
        names = "、".join(base_label(r.label) for r, _ in found)
        c.say(f"{names}合计 {show(total, unit)}{m}：{computation}。" if u.language == "zh"
              else f"Total of {names}: {show(total, unit)}{m} ({computation}).")
        for r, value in found:
            c.say(f"- {r.label}：{show(value, unit)}{c.figure(r.label, value, unit, r.citations)}")
        return "answered"

    def stated_sum(self, c: Composer, u: Understanding, items: list[str], text: str) -> str | None:
        """A sum of figures only the narrative states ('区级和市级支持总部经济加在一起'): every stated subject the
        question names (whole, or its distinctive stem plus the qualifier that sets it apart), added with the
        arithmetic shown, each cited to its sentence"""
        q = norm_key(text)
        unit = self.doc.text_unit
        named, seen = [], set()
        for st in T.statements(self.doc):
            k = norm_key(st.subject)
            if st.current is None or k in seen or not _names_stated(k, q):
                continue
            seen.add(k)
            named.append(st)
        core = [_subject_core(norm_key(st.subject)) for st in named]
        named = [st for st, k in zip(named, core) if not any(k != o and k in o for o in core)]  # a whole, not a part
        keys = [norm_key(st.subject) for st in named]
        if len(named) < 2 or not all(any(norm_key(i) in k for k in keys) for i in items) or \
                len({st.paragraph.section for st in named}) > 1:
            return None  # fewer than two, an item of the question is none of them, or not listed together
        if all((r := T.lookup(self.doc, st.subject)).ok and r.citations and r.citations[0].kind == "table"
               and (arith.convert(r.value, r.unit, unit)[0] if r.unit != unit else r.value) == st.current
               for st in named):
            return None  # table rows as well: the tables' sum cites their cells
        total, computation = arith.sum_text([st.current for st in named], unit)
        cites = [Citation(kind="narrative", part=st.paragraph.part, section=st.paragraph.section,
                          line=st.paragraph.line_start, quote=st.quote, page=st.paragraph.page) for st in named]
        m = c.figure(" + ".join(st.subject for st in named), total, unit, cites, basis="computed",
                     computation=computation)
        marks = [(st, c.figure(st.subject, st.current, unit, [cite])) for st, cite in zip(named, cites)]
        name = "、".join(st.subject for st in named)
        c.say(f"{name}合计 {show(total, unit)}{m}：{computation}。" if u.language == "zh"
              else f"Total of {name}: {show(total, unit)}{m} ({computation}).")
        for st, mark in marks:
            c.say(f"- {st.subject}：{show(st.current, unit)}{mark}")
        return "answered"

    def breakdown(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        income = self.doc.table(TableKind.income_summary)
        if norm_key(items[0]) in INCOME_AS_WHOLE and not u.measure and income is not None:
            # '收入从哪来': income by source, the columns of the income table's total row
            r = T.breakdown(self.doc, "合计", table=income.title, by="columns")
        else:  # all spending ('支出由哪些构成'): by its function classes, the rows of its total
            item = "总支出" if norm_key(items[0]) in SPENDING_AS_WHOLE else items[0]
            r = T.breakdown(self.doc, item, measure=u.measure, table=table)
        if r.status == "ambiguous":
            return self.readings(c, u, r)
        if not r.ok:
            return self._halves(c, u, items[0]) or self.stated_parts(c, u, items[0])
        # the whole is a cell read from its table; the sum of its parts below is a check, not where it comes from
        m = c.figure(r.label, r.value, r.unit, r.citations) if r.value is not None else ""
        c.say(f"{r.label}：{r.shown}{m}，由以下各项构成：" if u.language == "zh" else f"{r.label}: {r.shown}{m}, made up of:")
        for f in r.figures:
            share = ""
            if f.share is not None and r.value:
                exact, how = arith.share_text(f.value, r.value)
                how = how if exact == f.share else f"{how}，修约为 {f.share:.2f}%（合计 100%）"  # largest remainder
                whole = re.sub(r"的构成$", "", r.label)
                share = f"，占 {f.share:.2f}%" + c.figure(f"{f.label}占{whole}的比重", f.share, "%",
                                                         f.citations + r.citations, basis="computed", computation=how)
            c.say(f"- {f.label}：{f.shown}{c.sub_figure(f)}{share}")
        if r.computation:
            c.say(calc(u, r.computation))
        return "answered"

    def _halves(self, c: Composer, u: Understanding, item: str) -> str | None:
        "'基本支出由哪些部分组成': a standard whole's two halves (基本 = 人员 + 日常公用), each read and its share shown"
        halves = [part for part, whole in STANDARD_WHOLES.items() if whole == norm_key(item)]
        whole = T.lookup(self.doc, item)
        parts = [T.lookup(self.doc, h) for h in halves]
        if len(halves) != 2 or not whole.ok or not whole.value or not all(p.ok and p.value is not None for p in parts):
            return None
        mw = c.result_figure(whole)
        c.say(f"{whole.label} {whole.shown}{mw}，由以下两部分构成：" if u.language == "zh"
              else f"{whole.label}: {whole.shown}{mw}, made up of:")
        for p in parts:
            share, how = arith.share_text(p.value, whole.value)
            ms = c.figure(f"{p.label}占{whole.label}的比重", share, "%", [*p.citations[:1], *whole.citations[:1]],
                          basis="computed", computation=how) if share is not None else ""
            c.say(f"- {p.label}：{p.shown}{c.result_figure(p)}" + (f"，占 {share:.2f}%{ms}（{how}）" if ms else ""))
        total, added = arith.sum_text([p.value for p in parts], whole.unit)
        c.say(calc(u, f"{added}" + ("，与合计一致" if total == whole.value else f"，与合计相差 {show(whole.value - total, whole.unit)}")))
        return "answered"

    def stated_parts(self, c: Composer, u: Understanding, item: str) -> str | None:
        """A figure the narrative states with its parts in the same sentence ('总预算X，其中A…，B…'): the whole, then
        each part as stated, cited to that sentence, and the parts' sum checked against the whole"""
        found = self._parts_of(item)
        if found is not None:
            whole, parts = found
            unit = self.doc.text_unit
            cite = whole.citation()
            m = c.figure(whole.subject, whole.current, unit, [cite])
            c.say(f"{whole.subject}：{show(whole.current, unit)}{m}，其中：" if u.language == "zh"
                  else f"{whole.subject}: {show(whole.current, unit)}{m}, of which:")
            for st in parts:
                c.say(f"- {st.subject}：{show(st.current, unit)}{c.figure(st.subject, st.current, unit, [cite])}")
            total, computation = arith.sum_text([st.current for st in parts], unit)
            if total == whole.current:
                c.say(calc(u, computation))
            return "answered"
        return None

    def _parts_of(self, item: str):
        "(whole, parts): a figure the narrative states for the item with two or more parts in its sentence, or None"
        k = _subject_core(norm_key(item))
        if len(k) < 2:
            return None
        stated = [st for st in T.statements(self.doc) if st.current is not None]
        for whole in sorted((st for st in stated if k in norm_key(st.subject)), key=lambda st: len(st.subject)):
            at = whole.quote.find(whole.subject[:2])
            parts = [st for st in stated if st.quote == whole.quote and st is not whole and st.current <= whole.current
                     and whole.quote.find(st.subject[:2], at + 1) > at]
            if len(parts) >= 2:
                return whole, parts
        return None

    def _rank_parts(self, c: Composer, u: Understanding, item: str, n: int, conv: Conversation) -> str | None:
        "'which part is largest' after a figure stated with its parts: the parts ranked, as their sentence states them"
        found = self._parts_of(item)
        if found is None:
            return None
        whole, parts = found
        unit, cite = self.doc.text_unit, whole.citation()
        ranked = sorted(parts, key=lambda st: st.current, reverse=not u.ascending)[:max(1, n)]
        c.say(f"{whole.subject}（{show(whole.current, unit)}{c.figure(whole.subject, whole.current, unit, [cite])}）中"
              f"{'最小' if u.ascending else '最大'}的{'一项' if n == 1 else f'{len(ranked)}项'}：" if u.language == "zh"
              else f"The {'smallest' if u.ascending else 'largest'} part(s) of {whole.subject}:")
        for i, st in enumerate(ranked, 1):
            c.say(f"- 第{i}名 {st.subject}：{show(st.current, unit)}{c.figure(st.subject, st.current, unit, [cite])}")
        conv.focus = ranked[min(n, len(ranked)) - 1].subject
        return "answered"

    def rank(self, c: Composer, u: Understanding, items: list[str], table: str | None, conv: Conversation) -> str | None:
        if u.measure is None and u.inherited and conv.measure:
            u.measure = conv.measure  # '第二个呢' after '公用经费里哪一项最多': ranked by that column still
        n = u.top_n or (1 if re.search(r"最(大|多|高|少|小|低|贵|便宜)的?(?!.{0,3}几)", u.text)
                        or re.search(r"\bthe (largest|biggest|highest|smallest|lowest|most|least)\b(?! \d| of| recent)",
                                     u.question.lower())
                        else 5)
        # a follow-up ('第二个呢') ranks what the question before it ranked: its level words too
        said = u.text + (" " + conv.answers[-1].question if u.inherited and conv.answers else "")
        level = ("款" if re.search(r"款", said) else "项" if re.search(r"(?<!目)项级|[“\"]项[”\"]", said)
                 else ("类" if re.search(r"类(?!型)", said) and "项目类" not in said else None))
        whole = not items or norm_key(items[0]) in BUDGET_AS_WHOLE | {"项目", "项目支出"}
        if u.measure and not items and level is None:  # '公用经费里哪一项最多': the rows of the one table with
            having = [t for t in self.doc.tables if any(re.fullmatch(dict(MEASURES)[u.measure], norm_key(col))
                                                        for col in t.amount_columns)]  # that column
            if having and {t.kind for t in having} == {TableKind.gpb_basic_expenditure} and \
                    table in (None, having[0].title):
                table, whole = having[0].title, False
        if level is None and whole and (re.search(r"科目", said) or _project_table(self.doc) is None) and \
                not any(w in said for w in CATEGORY_WORDS):
            level = "项"  # '哪个科目最多': the function classification's most detailed lines (so without a project table)
        nth = re.search(r"第([二三四五2-5])", u.text)
        nth = {"二": 2, "三": 3, "四": 4, "五": 5}.get(nth.group(1), int(nth.group(1)) if nth and nth.group(1).isdigit()
                                                     else 0) if nth else 0
        if nth and not u.top_n:
            n = nth  # '第二大的呢': down to that place, which is the one meant from now on
        if table is None and level is not None:
            summary = self.doc.table(TableKind.expenditure_summary)
            table = summary.title if summary is not None else None

        def ranked(measure):
            return T.rank(self.doc, table=table or _project_table(self.doc), n=n,
                          order="bottom" if u.ascending else "top", level=level, measure=measure)

        r = None
        if items and norm_key(items[0]) not in BUDGET_AS_WHOLE | {"项目", "项目支出"} and not level:
            # '商品和服务支出里哪一项最多', '里面哪个最多' after a row: the rows under that row
            r = T.rank(self.doc, table=table, n=n, order="bottom" if u.ascending else "top", measure=u.measure,
                       within=items[0])
            if not r.ok and u.measure:  # '商品和服务支出里(基本支出中)哪项最多': a column its rows do not have
                r = T.rank(self.doc, table=table, n=n, order="bottom" if u.ascending else "top", within=items[0])
            r = r if r.ok else None
            if r is None and "科目" not in said and table_hint(self.doc, items[0]) is None and \
                    (st := self._rank_parts(c, u, items[0], n, conv)):
                return st  # a figure only the narrative states, with its parts: the parts ranked
        said_column = next((name for name, rx in MEASURES if re.search(rx, said)), None)
        measure = u.measure or (said_column if level else None)  # '项目支出里最大的科目': ranked by that column
        r = r or ranked(measure)
        if not r.ok and measure:
            r = ranked(None)  # '前N名', '基本支出里哪项经济分类最多': the measure word named the table, not a column
        if not r.ok:
            return None  # type: ignore[return-value]
        c.say(f"{r.label}：" if u.language == "zh" else _ranked_in_english(r.label))
        for f in r.figures:  # each place keeps the ranked label (第1名 X), which readers and the figures list share
            c.say(f"- {f.label}：{f.shown}{c.sub_figure(f)}")
        if len(r.figures) >= 1:
            conv.focus = _strip_rank(r.figures[min(nth or 1, len(r.figures)) - 1].label)
            if u.has("share"):  # '最大的是什么？占多少？'
                sh = T.share(self.doc, conv.focus, table=table or _project_table(self.doc))
                if sh.ok and len(sh.figures) == 2 and len(r.figures) >= 2 and \
                        (u.has("total") or re.search(r"加起来|加在一起|合起来|together|combined", u.text)):
                    self._share_of_ranked(c, u, r.figures, sh.figures[1])  # '前三个加起来占多少'
                elif sh.ok and sh.value is not None:
                    m = c.result_figure(sh)
                    c.say(f"{sh.label}：{sh.shown}{m}（{sh.computation}）" if u.language == "zh"
                          else f"{sh.label}: {sh.shown}{m} ({sh.computation})")
        return "answered"

    def _share_of_ranked(self, c: Composer, u: Understanding, ranked: list, whole) -> None:
        "The places ranked, added, and their sum's share of the whole they were ranked in, with the arithmetic"
        total, added = arith.sum_text([f.value for f in ranked], whole.unit)
        share, division = arith.share_text(total, whole.value)
        if share is None:
            return
        cites = [x for f in ranked for x in f.citations]
        mt = c.figure(f"前{len(ranked)}名合计", total, whole.unit, cites, basis="computed", computation=added)
        mw = c.sub_figure(whole)
        ms = c.figure(f"前{len(ranked)}名合计占{whole.label}的比重", share, "%", cites + list(whole.citations), basis="computed",
                      computation=division)
        c.say(f"前{len(ranked)}名合计 {show(total, whole.unit)}{mt}（{added}），占{whole.label}（{whole.shown}{mw}）的比重为 "
              f"{share:.2f}%{ms}（{division}）。" if u.language == "zh" else
              f"The top {len(ranked)} together: {show(total, whole.unit)}{mt} ({added}), {share:.2f}%{ms} of "
              f"{whole.label} ({whole.shown}{mw}; {division}).")

    def count(self, c: Composer, u: Understanding, items: list[str], table: str | None, text: str) -> str | None:
        unit = self.organisation.implementer_in(text)
        if unit and re.search(r"项目", text):
            r = T.count(self.doc, implementer=unit, table=_project_table(self.doc))
            if r.ok and r.value is not None:
                return self._say_count(c, u, r, listing=True)
        if re.search(r"单位", text) and not re.search(r"项目", text):
            return self.organisation.answer(c, u, "units", text)
        if re.search(r"职责|职能", text):
            return self.organisation.answer(c, u, "duties", text)
        categories = [w for w in CATEGORY_WORDS if w in text] or \
            (list(CATEGORY_WORDS) if BY_CATEGORY_RE.search(text) else [])
        if not re.search(r"项目|project", text) and not categories:
            return self.narrative.passages(c, u, text, must_digit=True)
        status = None
        for category in categories or [None]:
            r = T.count(self.doc, category=category, table=_project_table(self.doc))
            if r.ok and r.value is not None:
                status = self._say_count(c, u, r, listing=len(categories) == 1)
        return status

    def _say_count(self, c: Composer, u: Understanding, r: ToolResult, listing: bool) -> str:
        m = c.result_figure(r)
        c.say(f"{r.label}：{r.shown}{m}。" if u.language == "zh" else f"{r.label}: {r.shown}{m}.")
        amounts = re.search(r"金额合计[^=]*=\s*([\d,\.]+)", r.computation)
        if amounts:
            value = Decimal(amounts.group(1).replace(",", ""))
            unit = r.figures[0].unit if r.figures else self.doc.text_unit
            mm = c.figure(f"{r.label}（金额合计）", value, unit, r.citations, basis="computed", computation=r.computation)
            c.say(f"{re.sub(r'的项目数$', '', r.label)}金额合计 {show(value, unit)}{mm}。")
        if listing:
            for f in r.figures[:12]:
                c.say(f"- {f.label}：{f.shown}{c.sub_figure(f)}")
        return "answered"

    def projects_about(self, c: Composer, u: Understanding, text: str) -> str | None:
        "'养老保险相关的项目有哪些': the project table's rows whose name contains the word, each with its amount, and their sum"
        said = re.sub(r"^哪些项目(?:跟|和|与|同)(.+?)(?:相关|有关).*$|^(?:跟|和|与|同|关于|涉及)?(.+?)(?:方面|领域|相关|有关|这块|这一块)?"
                      r"的?项目.*$", lambda m: m.group(1) or m.group(2), norm_key(text))
        word = strip_frame(said)
        project = _project_table(self.doc)
        if len(word) < 2 or project is None:
            return None
        words = [word, *(norm_key(w) for w in ITEM_ALIASES.get(word, ()))]  # '社保' names 社会保险 too
        rows = [m.item for w in words for m in T.resolve(self.doc, w, table=project, threshold=0.2, limit=60)
                if any(x in norm_key(m.item.label) for x in words) and not m.item.is_total]
        rows = list({id(r): r for r in rows}.values())
        if not rows:
            return None
        measure = rows[0].default_measure
        values = [r.value(measure) for r in rows]
        unit = rows[0].table.unit or self.doc.text_unit
        total, added = arith.sum_text([v for v in values if v is not None], unit)
        cites = [r.citation(measure) for r in rows]
        m = c.figure(f"名称含“{word}”的项目合计", total, unit, cites, basis="computed", computation=added)
        c.say(f"{project}中名称含“{word}”的项目共 {len(rows)} 个，合计 {show(total, unit)}{m}（{added}）：" if u.language == "zh"
              else f"{len(rows)} projects of {project} have “{word}” in their name, {show(total, unit)}{m} in all ({added}):")
        for r, v, cite in zip(rows, values, cites):
            if v is not None:
                c.say(f"- {r.label}：{show(v, unit)}{c.figure(r.label, v, unit, [cite])}")
        return "answered"

    def rows_containing(self, c: Composer, u: Understanding, text: str) -> str | None:
        "A broad word ('养老方面'): the rows whose label contains it, to choose from — better than a refusal"
        word = re.sub(r"(方面|领域|相关|有关|这块|这一块)$", "", strip_frame(text))
        if len(word) < 2:
            return None
        summary = self.doc.table(TableKind.expenditure_summary)
        cands = [to_candidate(m, m.item.default_measure) for m in T.resolve(self.doc, word, threshold=0.2, limit=40)
                 if word in norm_key(m.item.label) and (summary is None or m.item.table is summary)]
        if not cands:
            return None
        r = ToolResult(tool="lookup", status="ambiguous", label=f"“{word}”", candidates=cands[:8])
        return self.readings(c, u, r)


def _column_total(cands: list, question: str) -> list:
    """'<列名>是多少': the question names a column, not a row; of the rows read in that column, the table's
    total row answers it"""
    columns = {x.column for x in cands}
    if len(columns) != 1:
        return []
    leaf = norm_key(next(iter(columns)).split("/")[-1])
    if not leaf or leaf not in norm_key(question):
        return []
    return [x for x in cands if norm_key(x.label) in ("合计", "总计") or norm_key(x.label).endswith("合计")]


def _sum_name(labels: list[str]) -> str:
    "What a sum adds up, for its headline: the labels without codes and qualifiers, each named once ('差旅费')"
    bare = [re.sub(r"\s*\[[\d\s]+\]|（[^（）]*）|\([^()]*\)", "", x).strip() for x in labels]
    return "、".join(dict.fromkeys(b for b in bare if b))


def calc(u: Understanding, computation: str) -> str:
    return f"计算：{computation}" if u.language == "zh" else f"Calculation: {computation}"


def _strip_rank(label: str) -> str:
    return re.sub(r"^第\d+名\s*", "", re.sub(r"（[^（）]*类）$", "", label))


def _project_table(doc: BudgetDocument) -> str | None:
    t = doc.table(TableKind.project_expenditure)
    return t.title if t else None


UNIT_SIZE = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def _agrees(value: Decimal, unit: str, stated: Decimal, stated_unit: str) -> bool:
    "A table value equals a narrative figure once converted to the narrative's unit and rounded as the narrative is"
    if unit not in UNIT_SIZE or stated_unit not in UNIT_SIZE:
        return False
    converted = value * UNIT_SIZE[unit] / UNIT_SIZE[stated_unit]
    places = -stated.as_tuple().exponent if stated.as_tuple().exponent < 0 else 0
    return converted.quantize(Decimal(1).scaleb(-places)) == stated.quantize(Decimal(1).scaleb(-places))


def by_detail(cands: list, details: list[str], question: str) -> list:
    """The readings whose details the question names and the others' do not ('社会保险事业中心实施的…' keeps the
    row whose 实施单位 is that centre): a run of four characters of one reading's detail, found in no other's"""
    q = norm_key(question)
    named = []
    for x, detail in zip(cands, details):
        others = [norm_key(d) for o, d in zip(cands, details) if o is not x]
        for value in (norm_key(v) for v in re.findall(r"[：:]([^；;]+)", detail)):
            n, run = common_run(value, q)
            if n >= 4 and not any(run in d for d in others) or _abbreviated(value, q, others):
                named.append(x)
                break
    return named


def _abbreviated(name: str, question: str, others: list[str]) -> bool:
    "Whether the question names an organisation by an abbreviation of it alone ('人社局' of '…人力资源和社会保障局')"
    ends = [j for j, ch in enumerate(question, 1) if name and ch == name[-1]]
    words = {question[i:j] for j in ends for i in range(max(0, j - 6), j - 2)}
    return any(in_order(w, name) and not any(in_order(w, o) for o in others) for w in words)


def _subject_core(subject: str) -> str:
    """A stated subject without the generic word it ends with ('政府采购货物预算' → 政府采购货物) or the verb it
    starts with when a name of four characters or more remains ('支持某某发展' → 某某发展)"""
    core = re.sub(r"预算$|资金$|金额$", "", subject)
    rest = re.sub(r"^(?:支持|用于|安排|补助|扶持)", "", core)
    return rest if len(rest) >= 4 else core


def _names_stated(subject: str, question: str) -> bool:
    """A stated subject the question names: whole, or in two pieces, one of 4+ characters, the other of 2+ ('区级' +
    '支持总部经济', '政府采购' + '货物' of 政府采购货物预算), generic words aside"""
    k = _subject_core(subject)
    if len(k) < 3:
        return False  # '预算资金': no name of its own
    if k in question:
        return True
    for i in range(2, len(k) - 1):
        a, b = k[:i], k[i:]
        if max(len(a), len(b)) >= 4 and a in question and b in question.replace(a, "|"):
            return True
    return False


RANKED_RE = re.compile(r"^(?P<table>.+?)按“(?P<column>[^”]+)”(?P<way>最大|最小)的(?:(?P<n>\d+)项|项目)$")


def _ranked_in_english(label: str) -> str:
    "A ranking's heading in English ('X按“合计”最大的3项' → 'The 3 largest in X by “合计”:'); the document's words kept"
    m = RANKED_RE.match(label)
    if not m:
        return f"{label}:"
    way = "largest" if m.group("way") == "最大" else "smallest"
    n = f"{m.group('n')} {way} items" if m.group("n") else f"{way} item"
    return f"The {n} in {m.group('table')} by “{m.group('column')}”:"
