"""Answers that relate two figures: the change on last year (with the part that changed most and the document's
reason), a share of a whole, a ratio, a difference. Each shows its arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tools as T
from budget_qa.results import ToolResult, show
from index.text import norm_key
from tools import arith
from tools.arith import share_text
from tools.resolve import bigrams, contains

from .compose import Composer, bare_label
from .conversation import Conversation
from .figures import Figures, calc
from .narrative import Narrative
from .plan import (BUDGET_AS_WHOLE, CATEGORY_WORDS, STANDARD_WHOLES, WHOLE_BUDGET, base_label, mentions, parent_statement,
                   stated_for, stated_subject, statement_within, strip_frame)
from .source import Topic
from .economic import both_classes, class_of
from .understand import DECREASE_WORDS, INCREASE_WORDS, MEASURES, REFERENCE_RE, Understanding

PARTS_RE = re.compile(r"各项|各自|分别|每一?项|逐项|each|every")
"""A question that asks about each part of an item."""


@dataclass
class Comparisons(Topic):
    "Answers that compute from two figures"

    figures: Figures
    narrative: Narrative

    def change(self, c: Composer, u: Understanding, items: list[str], table: str | None, text: str) -> str | None:
        if not items and u.measure:
            items = [u.measure]
        if not items:
            st = stated_subject(self.doc, [], u.text)
            if st is None and len(strip_frame(text)) < 2 and not u.followup:
                return self._which_change(c, u)  # '增加了多少？' as a first question names nothing that changed
            # '今年比去年多花了多少', '今年的钱比去年少了，怎么回事': a change of the budget as a whole
            broad = re.search(r"总|预算|收支", text) or (u.has("change") and (
                not u.has("reason") or re.search(r"增加|减少|增长|下降|多了|少了|涨|降|变", text)))
            items = [st.subject] if st is not None else ([WHOLE_BUDGET] if broad else [])  # '今年比去年多花了多少
        if not items:
            return self.narrative.reason_only(c, u, strip_frame(text), text) if u.has("reason") else None
        if norm_key(items[0]) in ("支出", "收入"):
            items = [f"{norm_key(items[0])}预算", *items[1:]]  # '支出增加了吗': all spending, as the narrative states it
        r = T.change(self.doc, items[0], table=table)
        if r.status == "ambiguous" and (sides := self._each_side(c, u, items[0], r)):
            if u.has("reason"):
                self.narrative.reason(c, u, sides[0], items[0], text)
            return "answered"
        if r.status == "ambiguous":
            return self.figures.readings(c, u, r)
        if not r.ok:
            if u.has("reason"):
                return self.narrative.reason_only(c, u, items[0], text)
            return None
        self._say_change(c, u, r)
        if u.has("ratio"):  # '本年是上年的几倍': this year's figure over last year's
            now, before = (r.figures + [None, None])[:2]
            if now is not None and before is not None and before.value:
                q = T.ratio_of(now.value, before.value, f"{now.label} ÷ {before.label}")
                if q.ok:
                    m = c.figure(q.label, q.value, q.unit, now.citations + before.citations, basis="computed",
                                 computation=q.computation)
                    name = base_label(r.label)
                    c.say(f"{name}今年是上年的 {q.shown}{m}（{q.computation}）。" if u.language == "zh"
                          else f"{name} this year is {q.shown} last year's{m} ({q.computation}).")
        self._driver(c, u, items[0], r)
        if u.has("reason"):
            # NOTE: an unchanged total (or a question about each part) is explained part by part (三公: 无公务用车 …)
            if not ((PARTS_RE.search(text) or r.value == 0) and self._part_reasons(c, u, items[0])):
                if not self.narrative.reason(c, u, r, items[0], text) and u.primary == "reason" and \
                        not _claims_otherwise(text, r.value):
                    return "not_in_document"  # the figures shown, and said plainly: the reason asked is not given
        return "answered"

    def _each_side(self, c: Composer, u: Understanding, item: str, r: ToolResult) -> list[ToolResult]:
        """The whole budget's change when the narrative states it once for income and once for spending (against
        different bases, e.g. 上年预算执行数 and 上年预算): both readings, each labelled with its own sentence"""
        if norm_key(item) not in BUDGET_AS_WHOLE or not 2 <= len(r.candidates) <= 3:  # a side named keeps its side
            return []
        sides = [next((w for w in ("收入", "支出") if w in x.label), "") for x in r.candidates]
        if "" in sides or len(set(sides)) != len(sides):
            return []
        each = [T.change(self.doc, x.label) for x in r.candidates]
        if not all(x.ok for x in each):
            return []
        named = [w for w in ("收入", "支出") if w in u.text]
        if len(named) == 1:  # '支出增加的原因': the side the question names, alone
            each = [x for x, side in zip(each, sides) if side == named[0]]
            for x in each:
                self._say_change(c, u, x)
            return each
        c.say("文件对收入和支出分别说明了比上年的变化：" if u.language == "zh"
              else "The document states the change on last year for income and for spending separately:")
        for x in each:
            self._say_change(c, u, x)
        return each

    def _which_change(self, c: Composer, u: Understanding) -> str:
        "Ask which figure's change is meant, offering the ones the document states a change for"
        subjects = list(dict.fromkeys(st.subject for st in T.statements(self.doc) if st.signed_delta is not None))[:4]
        c.say("请问您想了解哪一项比上年的变化？" + (f"文件说明了变化的有：{'、'.join(subjects)}。" if subjects else "")
              if u.language == "zh" else "Which figure's change on last year do you mean?"
              + (f" The document states changes for: {', '.join(subjects)}." if subjects else ""))
        c.suggestions = [f"{x}比上年增加了多少？" for x in subjects[:3]]
        return "clarify"

    def _part_reasons(self, c: Composer, u: Understanding, item: str) -> bool:
        "Each part of the item with the narrative sentence that gives its reason; False when fewer than two have one"
        b = T.breakdown(self.doc, item)
        if not b.ok:
            return False
        found = []
        for f in b.figures:
            name = norm_key(base_label(f.label))
            for x in T.statements(self.doc):
                if len(name) >= 3 and (name in norm_key(x.subject) or norm_key(x.subject) in name):
                    said = _with_reason(x.paragraph.text, x.quote)
                    if said:
                        found.append((f, x.paragraph, said))
                        break
        if len(found) < 2:
            return False
        c.say("各项的原因：" if u.language == "zh" else "The reasons, item by item:")
        for f, p, said in found:
            m = c.sub_figure(f)
            q = self.source.cite_passage(c, p.part, p.section, p.line_start, said)
            c.say(f"- {base_label(f.label)} {f.shown}{m}：“{said}”{q}")
        return True

    def _say_change(self, c: Composer, u: Understanding, r: ToolResult) -> None:
        cur, prev = (r.figures + [None, None])[:2]
        marks_cur = c.sub_figure(cur) if cur else ""
        marks_prev = (c.figure(prev.label, prev.value, prev.unit, prev.citations, basis=prev.basis,
                               computation=r.computation) if prev else "")
        marks = c.result_figure(r, label=f"{base_label(r.label)}（变化额）")
        if r.rate is not None:
            c.figure(f"{base_label(r.label)}（变化率）", r.rate, "%", r.citations, basis="computed",
                     computation=r.computation)
        y, py = self.doc.year, self.doc.year - 1
        up = r.value is not None and r.value > 0
        same = r.value is not None and r.value == 0
        rate = f"，{'增长' if up else '下降'} {abs(r.rate):.2f}%" if r.rate is not None and not same else ""
        basis = "（上年数由文字说明推算）" if r.basis == "derived" else ""
        before = "预算执行数" if prev is not None and "执行数" in prev.label else "预算"  # what the change is against
        if u.language == "en":
            verb = "an increase of" if up else ("unchanged:" if same else "a decrease of")
            growth = "growth" if up else "a fall"
            c.say(f"{base_label(r.label)}: {y} budget {cur.shown if cur else ''}{marks_cur}, {py} budget "
                  f"{prev.shown if prev else ''}{marks_prev}; {verb} {show(abs(r.value), r.unit)}"
                  + (f", {growth} of {abs(r.rate):.2f}%" if r.rate is not None and not same else "") + f"{marks}.")
            c.say(f"Calculation: {r.computation}")
            return
        if same:
            c.say(f"{base_label(r.label)}：{y}年预算 {cur.shown}{marks_cur}，{py}年预算 {prev.shown}{marks_prev}，与上年持平"
                  f"（变化 {show(abs(r.value), r.unit)}{marks}）。")
        else:
            c.say(f"{base_label(r.label)}：{y}年预算 {cur.shown if cur else ''}{marks_cur}，{py}年{before} "
                  f"{prev.shown if prev else ''}{marks_prev}{basis}，比上年{'增加' if up else '减少'} "
                  f"{show(abs(r.value), r.unit)}{rate}{marks}。")
        c.say(calc(u, r.computation))

    def _driver(self, c: Composer, u: Understanding, item: str, r: ToolResult) -> None:
        "Which part changed most (when the item has parts with both years)"
        b = T.breakdown(self.doc, item)
        if not b.ok or len(b.figures) < 2:
            return
        best = None
        for f in b.figures:
            ch = T.change(self.doc, f.label)
            if ch.ok and ch.value is not None and ch.basis != "derived":
                if best is None or abs(ch.value) > abs(best.value):
                    best = ch
        if best is None or not best.value:
            return
        m = c.result_figure(best, label=f"{base_label(best.label)}（变化额）")
        verb = "增加" if best.value > 0 else "减少"
        if u.language == "en":
            c.say(f"The largest change is in {base_label(best.label)}: {'an increase of' if best.value > 0 else 'a decrease of'} "
                  f"{show(abs(best.value), best.unit)} ({best.computation}){m}.")
        else:
            c.say(f"其中变化最大的是{base_label(best.label)}：{verb} {show(abs(best.value), best.unit)}"
                  f"（{best.computation}）{m}。")

    def _share_of_sum(self, c: Composer, u: Understanding, items: list[str]) -> str | None:
        "'A和B加起来占总支出多少': the parts added, then their share of the whole, each figure cited"
        whole = T.lookup(self.doc, "总支出" if norm_key(items[-1]) in BUDGET_AS_WHOLE | {"总支出"} else items[-1])
        if not whole.ok or not whole.value:
            return None
        parts = T.total(self.doc, items[:-1])
        if (not parts.ok or parts.value is None) and whole.citations and whole.citations[0].kind == "table":
            parts = T.total(self.doc, items[:-1], table=whole.citations[0].table)  # the parts as the whole's table has them
        if not parts.ok or parts.value is None:
            return None
        unit = whole.unit or self.doc.text_unit
        amount = arith.in_unit(parts.value, parts.unit, unit)[0]
        value, computation = share_text(amount, whole.value)
        if value is None or value > 100:
            return None
        for f in parts.figures:
            c.sub_figure(f)
        name = " + ".join(re.sub(r"\s*\[\d+\]|（[^（）]*）$", "", base_label(f.label)) for f in parts.figures)
        c.say(f"{name}合计 {show(amount, unit)}（{parts.computation}）" if u.language == "zh"
              else f"{name}: {show(amount, unit)} ({parts.computation})")
        return _say_share(c, u, (name, amount, [x for f in parts.figures for x in f.citations[:1]]),
                          (whole.label, whole.value, list(whole.citations)), unit, value, computation)

    def share(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        if len(items) >= 3 and re.search(r"加起来|合起来|一共|合计|加在一起|两项|两者|总共|together|combined", u.text):
            st = self._share_of_sum(c, u, items)
            if st:
                return st
        category = next((w for w in CATEGORY_WORDS if w in u.text), None)
        if category:  # '<某类>项目占项目支出的比例'
            items = [category] + [i for i in items if category not in i][-1:]
        measure = u.measure
        if measure and len(items) == 1 and STANDARD_WHOLES.get(measure) == norm_key(items[0]):
            items, measure = [measure, items[0]], None  # '公用经费占基本支出': the column is the part, the row its whole
        part, whole = items[0], (items[1] if len(items) > 1 else None)
        if whole is not None and (_is_whole(part) and not _is_whole(whole) or contains(self.doc, part, whole)):
            part, whole = whole, part  # 'what share of the total goes to X', '<类>里<项>占多少': the row above is whole

        r = _retry_ambiguous(lambda t: T.share(self.doc, part, whole, measure=measure, table=t), table)
        standard = STANDARD_WHOLES.get(norm_key(part))
        if whole is None and r.status == "not_found" and standard:  # '基本支出占多少': of the whole it is half of
            r = _retry_ambiguous(lambda t: T.share(self.doc, part, standard, measure=measure, table=t), table)
        if r.status == "ambiguous":
            return self.figures.readings(c, u, r)
        if not r.ok or r.value is None:
            return None
        a, b = (r.figures + [None, None])[:2]
        if a and b and (a.label, a.value) == (b.label, b.value):
            return None  # one figure read for both part and whole: the question's part was not found
        ma = c.sub_figure(a) if a else ""
        mb = c.sub_figure(b) if b else ""
        m = c.result_figure(r)
        if u.language == "en":
            amounts = f"{a.label}: {a.shown}{ma}; {b.label}: {b.shown}{mb}; " if a and b else ""
            c.say(f"{amounts}{r.label}: {r.shown}{m} ({r.computation}).")
        else:
            c.say(f"{a.label if a else part} {a.shown if a else ''}{ma}，{b.label if b else ''} {b.shown if b else ''}{mb}，"
                  f"{_share_words(a.label if a else part, b.label if b else '')} {r.shown}{m}。")
            c.say(calc(u, r.computation))
        if standard and whole is not None and _is_whole(whole) and not _is_whole(standard):
            # '人员经费占预算多少': of the whole budget as asked, and of the basic spending it is the larger part of
            other = _retry_ambiguous(lambda t: T.share(self.doc, part, standard, measure=measure, table=t), table)
            if other.ok and other.value is not None:
                mo = c.result_figure(other)
                c.say(f"另一种理解：占{standard}的 {other.shown}{mo}（{other.computation}）。" if u.language == "zh"
                      else f"Read as a share of {standard}: {other.shown}{mo} ({other.computation}).")
        return "answered"

    def _row_of_stated(self, c: Composer, u: Understanding, row: str, whole) -> str | None:
        "A table row's share of a figure only the narrative states: the row in the narrative's unit, then the share"
        own = T.lookup(self.doc, whole.subject)
        if own.ok and own.citations and own.citations[0].kind == "table":
            return None  # the whole is a table row as well: the tables' share cites their cells
        r = T.lookup(self.doc, row)
        if not r.ok or r.value is None:
            return None
        unit = self.doc.text_unit
        amount, converted = arith.in_unit(r.value, r.unit, unit)
        value, computation = share_text(amount, whole.current)
        if value is None or value > 100:
            return None
        computation = f"{converted}；{computation}" if converted else computation
        return _say_share(c, u, (r.label, amount, list(r.citations)), (whole.subject, whole.current, [whole.citation()]),
                          unit, value, computation)

    def _stated_of_row(self, c: Composer, u: Understanding, part, whole_words: str) -> str | None:
        "A figure only the narrative states as a share of a table row: the row in the narrative's unit, then the share"
        own = T.lookup(self.doc, part.subject)
        if own.ok and own.citations and own.citations[0].kind == "table":
            return None  # the part is a table row as well: the tables' share cites their cells
        if norm_key(re.sub(r"^(?:全部|整个|整体|全年|全)", "", whole_words)) in BUDGET_AS_WHOLE | {"支出", "总支出"}:
            whole_words = "总支出"  # '占全部预算多少': of all spending
        r = T.lookup(self.doc, whole_words)
        if not r.ok or r.value is None:
            return None
        unit = r.unit or self.doc.text_unit  # the narrative's 万元 into the table's 元 is exact; the other way is not
        amount, converted = arith.convert(part.current, self.doc.text_unit, unit) if unit != self.doc.text_unit \
            else (part.current, "")
        value, computation = share_text(amount, r.value)
        if value is None or value > 100:
            return None  # not a part of that row
        computation = f"{converted}；{computation}" if converted else computation
        return _say_share(c, u, (part.subject, amount, [part.citation()]), (r.label, r.value, list(r.citations)),
                          unit, value, computation)

    def share_points(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        """'X占Y的比重比上年提高了几个百分点': each year's share from each year's figures (last year's as the tables
        or the narrative's change give it), then their difference in percentage points"""
        if not items:
            return None
        part = items[0]
        whole = items[1] if len(items) > 1 else STANDARD_WHOLES.get(norm_key(part), "总支出")
        rp, rw = T.change(self.doc, part, table=table), T.change(self.doc, whole)
        if not (rp.ok and rw.ok) or len(rp.figures) < 2 or len(rw.figures) < 2:
            return None
        (pn, pb), (wn, wb) = rp.figures[:2], rw.figures[:2]
        now, now_text = arith.share_text(pn.value, wn.value)
        before, before_text = arith.share_text(pb.value, wb.value)
        if now is None or before is None:
            return None
        for f in (pn, wn):
            c.sub_figure(f)
        derived = [r.computation for f, r in ((pb, rp), (wb, rw)) if f.basis == "derived"]
        for f, r in ((pb, rp), (wb, rw)):  # last year's amount, with how it was worked out when the narrative gave it
            c.figure(f.label, f.value, f.unit, f.citations, basis=f.basis, computation=r.computation)
        y, py = self.doc.year, self.doc.year - 1
        name = f"{bare_label(base_label(pn.label))}占{bare_label(base_label(wn.label))}的比重"
        m_now = c.figure(f"{name}（{y}年）", now, "%", pn.citations + wn.citations, basis="computed", computation=now_text)
        m_before = c.figure(f"{name}（{py}年）", before, "%", pb.citations + wb.citations, basis="computed",
                            computation="；".join([*derived, before_text]))
        diff = now - before
        points = "个百分点" if u.language == "zh" else "percentage points"
        text = f"{now:.2f} − {before:.2f} = {diff:.2f} {points}".replace("= -", "= −")  # in points: no % signs
        m = c.figure(f"{name}比上年变化（百分点）", diff, "%", pn.citations + wn.citations + pb.citations + wb.citations,
                     basis="computed", computation="；".join([*derived, now_text, before_text, text]))
        word = ("提高" if diff > 0 else "下降") if diff else "持平"
        if u.language == "en":
            c.say(f"{name}: {y} {now:.2f}%{m_now} ({now_text}); {py} {before:.2f}%{m_before} ({before_text}); "
                  f"{'up' if diff > 0 else 'down'} {abs(diff):.2f} percentage points{m} ({text}).")
        else:
            c.say(f"{name}：{y}年 {now:.2f}%{m_now}（{now_text}），{py}年 {before:.2f}%{m_before}（{before_text}），"
                  f"比上年{word} {abs(diff):.2f} 个百分点{m}。")
            c.say(calc(u, text))
        for worked in derived:
            c.say(calc(u, worked))
        return "answered"

    def narrative_share(self, c: Composer, u: Understanding, conv: Conversation | None = None,
                        items: list[str] = ()) -> str | None:
        """'X占Y的比例' where X is a figure only the narrative states, more specific than any table wording
        (面向中小企业预留的采购金额 of 政府采购预算): both figures from their sentences, the share computed"""
        q = norm_key(u.text)
        if "占" in q:
            before, after = q.split("占", 1)
        elif m := re.match(r"(.+?)(?:当中|之中|中|里)(.+?)的?(?:比例|比重|占比)", q):
            after, before = m.group(1), m.group(2)  # 'X中Y的比例': the whole first
        else:
            return None
        part, whole = stated_for(self.doc, before), stated_for(self.doc, after)
        said = strip_frame(after)
        if whole is not None and any(m.score >= 0.9 for m in T.resolve(self.doc, said)[:1]) and \
                2 * len(bigrams(said) & bigrams(norm_key(whole.subject))) < len(bigrams(norm_key(whole.subject))):
            whole = None  # '占一般公共服务支出': the 类 row the question names, not a sentence about one of its lines
        if whole is None and (m := ALL_OF_RE.match(said)):  # '占全部采购': the largest figure the narrative states of it
            whole = max((st for st in T.statements(self.doc) if m.group(1) in norm_key(st.subject) and st.current),
                        key=lambda st: st.current, default=None)
        if part is None and (m := re.match(r"(.+?)(?:当中|之中|中|里)(.+)$", before)):
            part = statement_within(self.doc, m.group(1), m.group(2))  # '政府采购里服务类占多少'
        if part is None and whole is not None:
            part = statement_within(self.doc, whole.subject, before)  # '服务类采购占政府采购的比例'
        if part is None and conv is not None and len(before) <= 8:  # '服务类占多少' / '占比呢' after 政府采购
            part = next((st for i in conv.items if (st := statement_within(self.doc, i, before))), None)
            if part is None and len(strip_frame(before)) < 2:  # '这占…': the figure the conversation is about
                own = [i for i in items[:1] if not any(m.score >= 0.9 for m in T.resolve(self.doc, i)[:1])]
                part = next((st for w in [conv.focus, *own] if w and (st := stated_for(self.doc, w))
                             and norm_key(st.subject) == norm_key(w)), None) or \
                    (stated_for(self.doc, conv.focus) if conv.focus else None)
        if part is not None and whole is None and (len(strip_frame(after)) < 2 or REFERENCE_RE.search(after)):
            whole = parent_statement(self.doc, part)  # '服务类占多少比例': of the whole its sentence lists it in
        if part is not None and whole is None and len(strip_frame(after)) >= 2 and \
                not any(m.score >= 0.9 for m in T.resolve(self.doc, strip_frame(before))[:1]) and \
                not any(re.search(rx, before) for _, rx in MEASURES):  # '基本支出占…': a column, the tables' share
            # '编报绩效目标的项目资金占项目支出多少': a part no table row names, of a row
            return self._stated_of_row(c, u, part, strip_frame(after))
        if part is None or whole is None or part is whole or part.current > whole.current:
            return None  # none, or no part of that whole
        named = [w for w in mentions(self.doc, before) if len(norm_key(w)) >= 4 and  # a row's own wording, not '采购'
                 any(m.score >= 0.9 for m in T.resolve(self.doc, w)[:1])]
        if any(len(norm_key(w)) >= len(norm_key(part.subject)) for w in named) or \
                named and 2 * len(bigrams(before) & bigrams(norm_key(part.subject))) < len(bigrams(norm_key(part.subject))):
            # the table names the part as precisely, or the question names a row and not the sentence's subject
            # ('卫生健康支出占…' is the 类 row, not a sentence about one of its 项): the row's share, of a whole only
            # the narrative states ('三公经费占机关运行经费的几成'), else the tables' share
            return self._row_of_stated(c, u, max(named, key=len), whole) if named else None
        unit = self.doc.text_unit
        value, computation = share_text(part.current, whole.current)
        if value is None:
            return None
        return _say_share(c, u, (part.subject, part.current, [part.citation()]),
                          (whole.subject, whole.current, [whole.citation()]), unit, value, computation)

    def narrative_pair(self, c: Composer, u: Understanding) -> str | None:
        """'X里A是B的几倍' / 'X里A比B多多少' where A and B are figures only the narrative states (政府采购服务预算 and
        货物预算): both read from their sentences, the multiple or the difference computed"""
        q = norm_key(u.text)
        m = re.search(r"^(?:(.+?)(?:里面?|中|当中))?(.+?)(?:是|为|相当于)(.+?)的(?:多少|几)倍", q) if u.has("ratio") else \
            re.search(r"^(?:(.+?)(?:里面?|中|当中))?(.+?)比(.+?)(?:多|少|高|低)(?:了)?(?:多少|几)", q)
        if not m:
            return None
        place, a_words, b_words = m.groups()
        a, b = ((statement_within(self.doc, place, w) if place else None) or stated_for(self.doc, w)
                for w in (a_words, b_words))
        if a is None or b is None or a is b or u.has("ratio") and not b.current:
            return None  # a multiple of nothing is none; a difference from nothing is the figure itself
        unit = self.doc.text_unit
        ma, mb = c.figure(a.subject, a.current, unit, [a.citation()]), c.figure(b.subject, b.current, unit, [b.citation()])
        if not u.has("ratio"):
            d = T.difference(a.current, b.current, unit, f"{a.subject} − {b.subject}")
            md = c.figure(d.label, d.value, unit, [a.citation(), b.citation()], basis="computed", computation=d.computation)
            c.say(f"{a.subject} {show(a.current, unit)}{ma}，{b.subject} {show(b.current, unit)}{mb}；相差 "
                  f"{show(abs(d.value), unit)}{md}。" if u.language == "zh" else
                  f"{a.subject}: {show(a.current, unit)}{ma}; {b.subject}: {show(b.current, unit)}{mb}; difference "
                  f"{show(abs(d.value), unit)}{md}.")
            c.say(calc(u, d.computation))
            return "answered"
        times = T.ratio_of(a.current, b.current, f"{a.subject} ÷ {b.subject}（倍数）")
        mt = c.figure(times.label, times.value, "倍", [a.citation(), b.citation()], basis="computed",
                      computation=times.computation)
        c.say(f"{a.subject} {show(a.current, unit)}{ma}，{b.subject} {show(b.current, unit)}{mb}；前者是后者的 "
              f"{times.shown}{mt}。" if u.language == "zh" else
              f"{a.subject}: {show(a.current, unit)}{ma}; {b.subject}: {show(b.current, unit)}{mb}; {times.shown}{mt}.")
        c.say(calc(u, times.computation))
        return "answered"

    def ratio(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = _retry_ambiguous(lambda t: T.ratio(self.doc, items[0], items[1], measure=u.measure, table=t), table)
        if not r.ok or r.value is None:
            return None
        a, b = (r.figures + [None, None])[:2]
        ma, mb = (c.sub_figure(a) if a else ""), (c.sub_figure(b) if b else "")
        m = c.result_figure(r)
        times = T.ratio_of(a.value, b.value, f"{a.label} ÷ {b.label}（倍数）")
        times.citations = r.citations
        mt = c.result_figure(times) if times.ok else ""
        c.say(f"{a.label} {a.shown}{ma}，{b.label} {b.shown}{mb}；前者是后者的 {times.shown}{mt}（{r.shown}{m}）。"
              if u.language == "zh" else f"{a.label}: {a.shown}{ma}; {b.label}: {b.shown}{mb}; {times.shown}{mt} "
                                         f"({r.shown}{m}).")
        c.say(calc(u, times.computation))
        if times.ok and times.value is not None and re.search(r"(?:多|高|大)(?:了)?(?:几|多少)倍", u.text):
            more = times.value - 1  # '多几倍' is read two ways: the multiple, or the part above the other
            mm = c.figure(f"{a.label}比{b.label}多出的倍数", more, "倍", r.citations, basis="computed",
                          computation=f"{times.value} − 1 = {more} 倍")
            c.say(f"若“多几倍”按多出的部分算：{times.value} − 1 = {more} 倍{mm}。" if u.language == "zh"
                  else f"Counting only the part above it: {times.value} − 1 = {more} times{mm}.")
        diff = T.compare(self.doc, items[0], items[1], measure=u.measure, table=table)
        if diff.ok and diff.value is not None and re.search(r"多出|多多少|相差|差多少", u.text):
            md = c.result_figure(diff, label=f"{a.label} − {b.label}")
            c.say(f"相差 {show(abs(diff.value), diff.unit)}（{diff.computation}）{md}。")
        return "answered"

    def compare(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = _retry_ambiguous(lambda t: T.compare(self.doc, items[0], items[1], measure=u.measure, table=t), table)
        if r.status == "ambiguous":
            return self.figures.readings(c, u, r)
        if not r.ok:
            return self._looked_up_difference(c, u, items[:2])
        a, b = (r.figures + [None, None])[:2]
        if a and b and a.label == b.label and a.value == b.value:  # both wordings name one figure of the document
            ma = c.sub_figure(a)
            c.say(f"文件中“{items[0]}”和“{items[1]}”都对应同一个数：{a.label} {a.shown}{ma}。" if u.language == "zh"
                  else f"Both wordings name one figure of the document: {a.label} {a.shown}{ma}.")
            return "answered"
        ma, mb = (c.sub_figure(a) if a else ""), (c.sub_figure(b) if b else "")
        m = c.result_figure(r, label=f"{a.label if a else items[0]} − {b.label if b else items[1]}")
        if u.language == "en":
            which = "they are equal" if not r.value else f"{a.label if r.value > 0 else b.label} is more, by " \
                                                          f"{show(abs(r.value), r.unit)}"
            c.say(f"{a.label}: {a.shown}{ma}; {b.label}: {b.shown}{mb}; {which}{m}. Calculation: {r.computation}.")
        else:
            c.say(_which_more(a.label, a.shown + ma, b.label, b.shown + mb, r.value, show(abs(r.value), r.unit) + m))
            c.say(calc(u, r.computation))
        return "answered"

    def _looked_up_difference(self, c: Composer, u: Understanding, items: list[str]) -> str | None:
        "Two items each with one figure (a table row, or one only the narrative states): their difference, in the narrative's unit"
        found = [T.lookup(self.doc, i, measure=u.measure) for i in items]
        if len(found) < 2 or any(not r.ok or r.value is None for r in found) or found[0].label == found[1].label:
            return None
        unit = self.doc.text_unit
        (a, va), (b, vb) = [(r, arith.in_unit(r.value, r.unit, unit)[0]) for r in found]
        d = T.difference(va, vb, unit, f"{base_label(a.label)} − {base_label(b.label)}")
        ma, mb = c.figure(a.label, va, unit, list(a.citations)), c.figure(b.label, vb, unit, list(b.citations))
        md = c.figure(d.label, d.value, unit, [*a.citations[:1], *b.citations[:1]], basis="computed",
                      computation=d.computation)
        c.say(_which_more(a.label, show(va, unit) + ma, b.label, show(vb, unit) + mb, d.value, show(abs(d.value), unit) + md)
              if u.language == "zh" else f"{a.label}: {show(va, unit)}{ma}; {b.label}: {show(vb, unit)}{mb}. "
                                         f"Difference: {d.computation}{md}.")
        c.say(calc(u, d.computation))
        return "answered"

    def compare_readings(self, c: Composer, u: Understanding, item: str, table: str | None) -> str | None:
        "'两个X差多少': one wording with exactly two amounts in one table; the difference of the larger and the smaller"
        if len(u.measures) == 2:
            return self._columns(c, u, item, table)
        r = T.lookup(self.doc, item, measure=u.measure, table=table)
        cands = [x for x in r.candidates if x.value is not None] if r.status == "ambiguous" else []
        classes = None
        if len(cands) >= 2 and "机关" in u.text and "事业单位" in u.text:  # '机关多还是事业单位多': the two classes
            groups = both_classes([x for x in cands if class_of(x.detail)])
            if groups and len(groups) == 2:
                first = groups[0][2][0]
                cands = [next((x for x in g if x.table == first.table), g[0]) for _, _, g in groups]
                classes = {id(x): kind for x, (_, kind, _) in zip(cands, groups)}
        tables = {x.table for x in cands}
        if len(cands) != 2 or len(tables) != 1 or cands[0].value == cands[1].value:
            return None
        big, small = sorted(cands, key=lambda x: x.value, reverse=True)
        labels = [f"{classes[id(x)]}：{x.label}（{x.table}）" if classes else
                  f"{x.label}（{x.table}；{x.detail}）" if x.detail else f"{x.label}（{x.table}）" for x in (big, small)]
        if labels[0] == labels[1]:  # nothing but their place tells them apart
            labels = [f"{lab[:-1]}；第{x.page}页）" if getattr(x, "page", 0) else f"{lab[:-1]}；第{x.line}行）"
                      for lab, x in zip(labels, (big, small))]
        marks = [c.figure(lab, x.value, x.unit, [self.source.cand_cite(x)]) for lab, x in zip(labels, (big, small))]
        d = T.difference(big.value, small.value, big.unit, f"{labels[0]} − {labels[1]}")
        md = c.figure(d.label, d.value, d.unit, [self.source.cand_cite(big), self.source.cand_cite(small)], basis="computed",
                      computation=d.computation)
        if u.language == "en":
            c.say(f"{labels[0]}: {show(big.value, big.unit)}{marks[0]}; {labels[1]}: {show(small.value, small.unit)}"
                  f"{marks[1]}. Difference: {d.shown}{md} ({d.computation}).")
        else:
            c.say(f"“{item}”有两项：{labels[0]} {show(big.value, big.unit)}{marks[0]}，{labels[1]} "
                  f"{show(small.value, small.unit)}{marks[1]}；相差 {d.shown}{md}。")
            c.say(calc(u, d.computation))
        return "answered"


    def _columns(self, c: Composer, u: Understanding, item: str, table: str | None) -> str | None:
        "'X的基本支出和项目支出哪个大': the row's two columns, in the order asked, and their difference"
        a, b = (T.lookup(self.doc, item, measure=m, table=table) for m in u.measures)
        if not (a.ok and b.ok and a.value is not None and b.value is not None and a.unit == b.unit):
            return None
        d = T.difference(a.value, b.value, a.unit, f"{a.label} − {b.label}")
        ma, mb = c.result_figure(a), c.result_figure(b)
        md = c.figure(d.label, d.value, d.unit, [*a.citations[:1], *b.citations[:1]], basis="computed",
                      computation=d.computation)
        if u.language == "en":
            c.say(f"{a.label}: {a.shown}{ma}; {b.label}: {b.shown}{mb}. Difference: {d.computation}{md}.")
        else:
            c.say(_which_more(a.label, a.shown + ma, b.label, b.shown + mb, d.value, show(abs(d.value), d.unit) + md))
            c.say(calc(u, d.computation))
        return "answered"


ALL_OF_RE = re.compile(r"(?:全部|所有|整个|全体)([\u4e00-\u9fff]{2,4})$")
"""'全部采购', '所有采购': the whole of what the word names."""


def _share_words(part: str, whole: str) -> str:
    "'项目支出占支出总计的': the share named by its part and whole (their labels' qualifiers left out)"
    if whole and bare_label(part) == bare_label(whole) and (q := re.search(r"（([^（）]+)）", part)):
        column = q.group(1).split("/")[-1]  # a column's share of its own row: 'X中项目支出占X的比重'
        return f"{bare_label(part)}中{column}占{bare_label(whole)}的比重为"
    return f"{bare_label(part)}占{bare_label(whole)}的比重为" if whole else "占比"


def _say_share(c: Composer, u: Understanding, part: tuple, whole: tuple, unit: str, value, computation: str) -> str:
    "Part and whole (label, amount, citations), each a figure, then the share with its arithmetic"
    (pl, pv, pc), (wl, wv, wc) = part, whole
    mp, mw = c.figure(pl, pv, unit, pc), c.figure(wl, wv, unit, wc)
    m = c.figure(f"{pl}占{wl}的比重", value, "%", [*pc, *wc], basis="computed", computation=computation)
    if u.language == "en":
        c.say(f"{pl}: {show(pv, unit)}{mp}; {wl}: {show(wv, unit)}{mw}; share {value:.2f}%{m} ({computation}).")
    else:
        c.say(f"{pl} {show(pv, unit)}{mp}，{wl} {show(wv, unit)}{mw}，{_share_words(pl, wl)} {value:.2f}%{m}。")
        c.say(calc(u, computation))
    return "answered"


def _with_reason(text: str, sentence: str) -> str:
    "The sentence if it gives a reason, else it and the next sentence when that one does ('X1.00万元。…主要原因是…')"
    if "原因" in sentence:
        return sentence
    at = text.find(sentence)
    if at < 0:
        return ""
    nxt = re.match(r"[^。]*。?", text[at + len(sentence):]).group(0)
    if "原因" in nxt and not re.match(r"\s*[（(][一二三四五六七八九十]+[）)]", nxt):
        return sentence + nxt
    return ""


def _is_whole(wording: str) -> bool:
    "Whether a wording names a whole by its words (总支出, 全部预算, 合计), not a row whose label ends in 合计"
    return bool(re.search(r"^(?:总|全部|所有|整个|整体)|^(?:合计|总计)$|总(?:支出|收入|预算|额|计|数)", norm_key(wording)))


def _retry_ambiguous(call, table: str | None) -> ToolResult:
    "Run a two-item tool; when a wording is ambiguous across tables, read it in the first candidate's table"
    r = call(table)
    if r.status == "not_found" and table is not None:
        r = call(None)  # the table hint was wrong for this pair
    elif r.status == "ambiguous" and table is not None:
        unhinted = call(None)  # '三公经费占基本支出多少': the hint (基本支出's table) names the whole's table only
        r = unhinted if unhinted.ok else r
    if r.status == "ambiguous" and table is None and r.candidates:
        again = call(re.sub(r"（(收入|支出)）$", "", r.candidates[0].table))
        if again.ok:
            return again
    return r


def _claims_otherwise(text: str, change) -> bool:
    "'基本支出增加了，为什么' when it fell: the question's premise is wrong, and correcting it is the answer"
    up, down = re.search(INCREASE_WORDS, text), re.search(DECREASE_WORDS, text)
    return bool(change) and ((change < 0 and up and not down) or (change > 0 and down and not up))


def _which_more(a: str, a_shown: str, b: str, b_shown: str, diff, gap: str) -> str:
    "'A x，B y；A更多，相差 d' — or '两者相等' when the difference is nothing"
    if not diff:
        return f"{a} {a_shown}，{b} {b_shown}；两者相等（相差 {gap}）。"
    return f"{a} {a_shown}，{b} {b_shown}；{a if diff > 0 else b}更多，相差 {gap}。"
