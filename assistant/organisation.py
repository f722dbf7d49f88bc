"""Who the department is: its units, its duties and its internal bodies (内设机构), read from 机构设置 and 职责."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import tools as T
from budget_qa.results import ToolResult
from index.text import norm_key
from tools.resolve import bigrams

from .compose import Composer
from .source import Topic
from .understand import Understanding


@dataclass
class Organisation(Topic):
    "Answers about the organisation of the document's department"

    def implementer_in(self, text: str) -> str | None:
        "A budget unit the question names (without its city prefix): '社会保险事业中心'"
        q = norm_key(text)
        for unit in self.doc.units:
            name = norm_key(unit.text)
            short = name.split("市", 1)[1] if "市" in name[:6] else name
            if len(short) >= 4 and short in q:
                return short
        return None

    def answer(self, c: Composer, u: Understanding, topic: str, text: str) -> str | None:
        "The department's duties ('duties': one duty quoted, or the list) or its units ('units')"
        if topic == "duties" and not re.search(r"哪些|几项|多少|列出|全部|所有|主要职责|duties", text):
            hit = self.source.search(text, kind="duty")
            if hit is not None:
                self.source.quote(c, u, hit.part, hit.section, hit.line_start, hit.text, "passage")
                return "answered"
        r = T.organisation(self.doc, topic)  # type: ignore[arg-type]
        if not r.ok:
            return None
        m = c.result_figure(r)
        c.say(f"{r.label}{m}：" if u.language == "zh" else f"{r.label}{m}:")
        for fact in r.facts:
            c.say(f"{fact.label}. {fact.text}{c.cite(fact.citations, 1)}")
        return "answered"

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
        asks_which = re.search(r"哪个科|哪一个科|哪个处|哪个部门|谁负责|由谁", text)
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
              f"Internal bodies: {int(r.value)}{m}" + (f": {names}" if names else "") + ".")
        return "answered"
