"""Who the department is: its units, its duties and its internal bodies (内设机构), read from 机构设置 and 职责."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import tools as T
from budget_qa.results import ToolResult
from index.text import norm_key
from tools.resolve import bigrams, common_run

from .compose import Composer
from .plan import without_own_name
from .source import Topic
from .understand import Understanding


SUBORDINATE_RE = re.compile(r"下属|下辖|局属|直属|subordinate")
"""A question about the units under the department, not counting the department itself."""
UNITS_NOUN_RE = re.compile(r"((?:二级|三级|基层)?预算单位|所属单位|下属单位)(?:包括|有|共)")
FUND_WORDS = r"费|经费|资金|专项|补助|补贴|奖励|奖补"
"""Words after a unit's shortened name that make it the subject of a fund ('人事考试费用'), not the unit."""


ORG_FACTS: list[tuple[str, str]] = [
    (r"级别|什么级|几级|规格|正处|副处|正局|副局|正厅", r"[正副]?(?:部|厅|局|处|科)级"),
    (r"牌子|挂牌|加挂|别的名字|其他名字|还叫|也叫|又称|几块牌", r"加挂|牌子"),
    (r"合署|一起办公|合并办公", r"合署"),
    (r"的一部分", r"加挂|合署|下属|所属|包括"),
]
"""What a department's own description says of it, by the question's words and the template's: its rank (正处级),
its other names (加挂…牌子), the body it shares offices with (合署办公), what is part of it."""
ORG_PARTS = re.compile(r"职能|职责|机构|概况|基本情况")
"""Headings of the sections that describe the department itself."""


@dataclass
class Organisation(Topic):
    "Answers about the organisation of the document's department"

    def fact(self, c: Composer, u: Understanding, text: str) -> str | None:
        "A fact of the department's own description the question asks for, quoted from the sentence that states it"
        wanted = [said for asked, said in ORG_FACTS if re.search(asked, text)]
        if not wanted or re.search(r"多少钱|预算|经费|资金|元", text):
            return None
        q = bigrams(norm_key(text))
        found = []
        for p in self.doc.paragraphs:
            if not ORG_PARTS.search(p.section.split(" / ")[0]):
                continue
            for sentence in re.split(r"(?<=[。；;])", p.text):
                if any(re.search(w, sentence) for w in wanted):
                    found.append((len(q & bigrams(norm_key(sentence))), p, sentence.strip()))
        if not found:
            if re.search(ORG_FACTS[0][0], text) and not self.implementer_in(text):
                c.say(f"文件的部门概况没有写明{self.doc.department}的机构级别（规格）。" if u.language == "zh"
                      else "The document's description of the department does not state its rank.")
                return "not_in_document"  # '是什么级别的单位': a rank the document never states
            return None
        _, p, sentence = max(found, key=lambda x: x[0])
        self.source.quote(c, u, p.part, p.section, p.line_start, sentence, "passage")
        return "answered"

    def implementer_in(self, text: str) -> str | None:
        "A budget unit the question names (without its city prefix): '社会保险事业中心'"
        q = norm_key(text)
        scored = []
        for unit in self.doc.units:
            name = norm_key(unit.text)
            short = name.split("市", 1)[1] if "市" in name[:6] else name
            if len(short) >= 4 and short in q:
                return short
            # a shortened name ('仲裁院', '考试中心'): a run of 3+ characters that ends the unit's name
            run, words = common_run(short, q)
            if words and re.match(FUND_WORDS, q[q.find(words) + len(words):]):
                continue  # '人事考试费用': a fund named by its subject, not the unit (人事考试中心)
            # … or all of it but its kind ('劳动人事争议仲裁' of 劳动人事争议仲裁院)
            if (run >= 3 and short.endswith(words) or run >= max(4, len(short) - 2)) and \
                    norm_key(self.doc.department) != name:
                scored.append((run, short))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None

    def answer(self, c: Composer, u: Understanding, topic: str, text: str) -> str | None:
        "The department's duties ('duties': one duty quoted, or the list) or its units ('units')"
        field = re.search(r"(?:在|对|关于)[^，。？?哪]{1,8}(?:方面|这块|领域)|[^，。？?哪些]{2,8}(?:这块|这事|这个事)", text)
        whole_list = re.search(r"几项|多少|列出|全部|所有|主要职责|duties", text) or (re.search(r"哪些", text) and not field)
        if topic == "duties" and not whole_list:  # '在就业方面主要管哪些事': the duty of that field
            field = self._duty_named(text)
            if field is not None:
                c.say(f"文件原文：“{field.text}”{c.cite(field.citations, 1)}" if u.language == "zh"
                      else f"The document says: “{field.text}”{c.cite(field.citations, 1)}")
                return "answered"
            hit = self.source.search(text, kind="duty")
            if hit is not None:
                self.source.quote(c, u, hit.part, hit.section, hit.line_start, hit.text, "passage")
                return "answered"
        r = T.organisation(self.doc, topic)  # type: ignore[arg-type]
        if not r.ok:
            return None
        if topic == "units":
            return self._units(c, u, text, r)
        m = c.result_figure(r)
        c.say(f"{r.label}{m}：" if u.language == "zh" else f"{r.label}{m}:")
        for fact in r.facts:
            c.say(f"{fact.label}. {fact.text}{c.cite(fact.citations, 1)}")
        return "answered"

    def _duty_named(self, text: str):
        """The one duty that shares the most words with what the question asks about (its frame words, the
        department's own name aside), when one clearly does"""
        r = T.organisation(self.doc, "duties")
        if not r.ok:
            return None
        asked = bigrams(norm_key(re.sub(r"在|方面|这块|这事|这个事|主要|管|哪些|哪几种|哪几|事|负责|具体|吗|是不是|什么|的|[？?]",
                                         " ", without_own_name(self.doc, text))))
        asked -= bigrams(norm_key(f"{self.doc.department}{self.doc.region}"))  # the department's own name asks nothing
        scored = sorted(((len(asked & bigrams(norm_key(f.text))), sum(norm_key(f.text).count(p) for p in asked), i)
                         for i, f in enumerate(r.facts)), reverse=True)  # the most words, then the most often said
        if not scored or scored[0][0] == 0 or len(scored) > 1 and scored[1][:2] == scored[0][:2]:
            return None
        return r.facts[scored[0][2]]

    def _units(self, c: Composer, u: Understanding, text: str, r: ToolResult) -> str:
        """The budget units, counted in the document's own word for them (二级预算单位); a question about the units
        under the department ('下属单位') also gets the count without the department itself (本级)."""
        noun = self._units_noun()
        n = len(r.facts)
        zh = u.language == "zh"
        if re.search(r"组成|哪几块|哪几部分|包括|包含|算进|算在", text):  # '部门预算由哪几块组成': the sentence saying so
            first = self.doc.units[0].line_start if self.doc.units else 0
            said = next((p for p in self.doc.paragraphs if p.line_start < first and "机构设置" in (p.section or "")
                         and re.search(r"预算(?:包括|由|包含)", p.text) and not p.text.rstrip().endswith("：")), None)
            if said is not None:
                self.source.quote(c, u, said.part, said.section, said.line_start, said.text.strip(), "passage")
        own = bool(r.facts) and norm_key(r.facts[0].text) == norm_key(self.doc.department)
        named = self.implementer_in(text)
        hit = next((f for f in r.facts if named and named in norm_key(f.text)), None)
        if hit is not None and re.search(r"吗|是不是|是否|属不属于|\bis\b|\bdoes\b", text.lower()):
            c.say(f"是。{hit.text}是纳入{self.doc.year}年{self.doc.kind_name}编制范围的{noun}之一{c.cite(hit.citations, 1)}。" if zh
                  else f"Yes. {hit.text} is one of the budget units ({noun}) of the {self.doc.year} budget"
                  f"{c.cite(hit.citations, 1)}.")
        elif hit is not None and re.search(r"哪个|哪家|什么|叫什么|which|what", text.lower()):
            c.say(f"名称相符的{noun}是{hit.text}{c.cite(hit.citations, 1)}。" if zh
                  else f"The budget unit ({noun}) of that name is {hit.text}{c.cite(hit.citations, 1)}.")
        if own and SUBORDINATE_RE.search(text.lower()):
            sub = c.figure(f"下属{noun}（不含本级）" if zh else "budget units under the department", Decimal(n - 1), "个", r.citations, basis="computed",
                           computation=f"{n} − 1 = {n - 1}")
            c.say(f"除{self.doc.department}本级外，下属{noun}共 {n - 1} 个{sub}（{n} − 1 = {n - 1}）。" if zh else
                  f"Besides {self.doc.department} itself, {n - 1} budget units (下属{noun}) come under it{sub} "
                  f"({n} − 1 = {n - 1}).")
        m = c.figure(f"纳入部门预算编制范围的{noun}" if zh else "budget units", Decimal(n), "个", r.citations)
        c.say(f"纳入{self.doc.year}年{self.doc.kind_name}编制范围的{noun}共 {n} 个{m}" + ("（含本级）" if own else "") + "："
              if zh else f"Budget units included in the {self.doc.year} budget ({noun}): {n}{m}"
              + (" (the department itself included)" if own else "") + ":")
        for fact in r.facts:
            c.say(f"{fact.label}. {fact.text}{c.cite(fact.citations, 1)}")
        return "answered"

    def _units_noun(self) -> str:
        "The document's word for its budget units, from the line that introduces their list ('二级预算单位包括：')"
        first = self.doc.units[0].line_start if self.doc.units else 0
        before = [p for p in self.doc.paragraphs if p.line_start < first and "机构设置" in (p.section or "")]
        for p in reversed(before[-3:]):
            m = UNITS_NOUN_RE.search(p.text)
            if m:
                return m.group(1)
        return "预算单位"

    @cached_property
    def _internal_bodies(self) -> ToolResult:
        return T.internal_bodies(self.doc)

    def body_named(self, text: str):
        "The internal body (内设机构) a question names ('法律事务科负责哪些工作'), if any"
        q = norm_key(text)
        names = [f for f in self._internal_bodies.facts if len(norm_key(re.sub(r"（.*?）", "", f.text))) >= 3
                 and norm_key(re.sub(r"（.*?）", "", f.text)) in q]
        return max(names, key=lambda f: len(f.text)) if names else None

    def bodies(self, c: Composer, u: Understanding, text: str) -> str | None:
        "The 内设机构 of 机构设置: one body's paragraph, the body that does something, or how many and which"
        r = self._internal_bodies
        if not r.ok:
            return None
        body = self.body_named(text)
        asks_which = re.search(r"哪个科(?!目)|哪一个科(?!目)|哪个处|哪个部门|谁负责|由谁", text)
        if body is None and asks_which:
            duties = [f for f in r.facts if len(f.citations[0].quote) > len(f.text) + 4]
            qg = bigrams(norm_key(re.sub(r"哪个科|哪一个科|哪个处|哪个部门|谁负责|由谁|负责|是|的|[？?]", "", text)))
            scored = sorted(((len(qg & bigrams(norm_key(f.citations[0].quote))), f) for f in duties),
                            key=lambda x: -x[0])
            body = scored[0][1] if scored and scored[0][0] >= 2 else None
        if body is not None and len(body.citations[0].quote) > len(body.text) + 4:
            cite = body.citations[0]
            self.source.quote(c, u, cite.part, cite.section, cite.line, cite.quote, "passage")
            return "answered"
        if body is not None:
            return None
        m = c.result_figure(r)
        names = "、".join(f.text for f in r.facts)
        c.say(f"内设机构共 {int(r.value)} 个{m}" + (f"：{names}" if names else "") + "。" if u.language == "zh" else
              f"Internal bodies (内设机构): {int(r.value)}{m}" + (f": {names}" if names else "") + ".")
        return "answered"
