"""'X主要是Y吧': a claim that Y is the largest part of X, checked against X's parts.

X's parts are the rows a table breaks it into (三公经费 → its three items, a 类 → its 款), or the sub-figures the
narrative lists under X's own figure (政府采购预算…，其中：货物…、工程…、服务…). The verdict leads; every part follows
with its share of X, each figure cited and each share computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import tools as T
from budget_qa.results import Citation, show
from index.text import norm_key
from tools import arith
from tools.aliases import GENERIC_PAIRS, ITEM_ALIASES
from tools.resolve import bigrams, catalog

from .compose import Composer
from .plan import mentions, parent_statement, stated_subject, strip_frame
from .source import Topic
from .understand import Understanding

WHOLE = r"(?P<whole>[\u4e00-\u9fff“”\"][\u4e00-\u9fff“”\"\d.]{1,17}?)"
"""The whole a claim is about, an amount it states included ('政府采购那34万')."""
HEDGES = r"应该|应当|估计|肯定|大概"
"""Words a claim is hedged with ('X，应该全部是Y吧'): part of neither the whole nor the part."""
PART = r"(?:是|花在|用在|用于|用来|给了|买|在)?(?P<part>[\u4e00-\u9fff]{1,12}?)(?:上面|上|方面|的)?"
"""The part claimed, after the verb that spends or makes it up."""
CLAIM_TAG = r"[，,]?(?:吧|吗|嘛|对吧|是吧|对不对|是不是|没错吧)"
"""The words that ask to confirm a claim."""
MAIN_PART_RE = re.compile(WHOLE + r"(?:主要|大部分|大头|绝大部分|多半|基本(?!支出|工资|养老|医疗))(?:都|上)?(?:是|都是)?" + PART
                          + CLAIM_TAG)
"""'三公经费主要花在公务接待上吧', '政府采购主要是买货物的吧'"""
ALL_PART_RE = re.compile(WHOLE + rf"(?:[，,](?:{HEDGES})?)?(?<!基本)(?<!主要)(?<!大部分)(?<!大多)(?:全部|全都|全是|都是|完全|全)(?:都)?"
                         + PART + CLAIM_TAG)
"""'X（一个金额）全部是Y的，对不对': the claim that the part is all of its whole."""
LARGEST_PART_RE = re.compile(r"(?P<whole>[\u4e00-\u9fff“”\"]{2,14}?)(?:里面|里头|里|中|当中|之中)的?"
                             r"(?P<part>[\u4e00-\u9fff]{1,12}?)(?:花得|用得|占得|占比)?(?:最多|最大|最高|是大头|占大头)" + CLAIM_TAG)
"""'三公经费里公务接待费最多吧': the same claim, the part named after its whole."""


LARGEST_SELF_RE = re.compile(r"(?P<part>[\u4e00-\u9fff“”\"]{2,16}?)(?:应该|应当|估计|肯定|应|就)?是.{0,8}?最(?:大|多|高)的?"
                             r"(?:一块|一项|一笔|部分|支出|开支|科目|一类)*(?:吧|吗|嘛|对吧|是吧|对不对|没错吧)")
"""'科学技术支出应该是今年最大的一块支出吧': a row claimed to be the largest of its level."""


def claims_main_part(text: str) -> re.Match | None:
    "The claim that a part is the largest of its whole, in either shape"
    key = norm_key(text)
    return ALL_PART_RE.search(key) or MAIN_PART_RE.search(key) or LARGEST_PART_RE.search(key)


def _naming(named: set[str], label: str, whole: str) -> float:
    """How well the claimed words name a part: the share of the words' pairs in the label (at least half), times the
    share of the label's own pairs (its whole's words aside) they cover"""
    own = bigrams(norm_key(re.sub(r"\s*\[\d+\]", "", label)).replace(norm_key(whole), "")) - GENERIC_PAIRS - \
        bigrams(norm_key(whole))
    hit = len(named & own)
    if not named or not own or 2 * hit < len(named):
        return 0.0
    return hit / len(named) * hit / len(own)


@dataclass(frozen=True)
class Part:
    label: str
    value: Decimal
    unit: str
    citations: tuple[Citation, ...]


@dataclass
class MainPart(Topic):
    "Whether the part a question names is the largest of its whole"

    def check(self, c: Composer, u: Understanding, text: str) -> str | None:
        m = claims_main_part(text)
        if not m:
            return None
        stated = re.sub(rf"(?:那|这)?(?:约|大概)?[\d.]+(?:万|亿)?元?(?:左右|上下|多)?|(?:{HEDGES})$", "",
                        m.group("whole"))  # the amount and a hedge aside ('政府采购那34万', 'X2160万左右，应该')
        whole = strip_frame(stated) or stated
        whole = next((w for w in mentions(self.doc, stated) if len(w) >= len(whole)), whole)  # as the document words it
        said = norm_key(m.group("part"))
        named = bigrams(said) - GENERIC_PAIRS
        for word in (w for w in ITEM_ALIASES if norm_key(w) in said):  # '公车': the document's 公务用车 too
            named |= {b for t in ITEM_ALIASES[word] for b in bigrams(norm_key(t))} - GENERIC_PAIRS
        best, parts, claimed = 0, [], []
        for found in self._parts(whole):  # a table's breakdown, the narrative's: the one that names the part
            scored = [(_naming(named, p.label, whole), p) for p in found]
            top = max((sc for sc, _ in scored), default=0)
            hits = [p for sc, p in scored if sc == top and sc > 0]
            if len(found) >= 2 and len(hits) == 1 and top > best:
                best, parts, claimed = top, found, hits
        if not claimed:
            return None
        largest = max(parts, key=lambda p: p.value)
        total = sum((p.value for p in parts), Decimal("0"))
        zh = u.language == "zh"
        if m.re is ALL_PART_RE:  # all of it: every other part is nothing
            right = claimed[0].value == total
            if zh:
                c.say(("是的：" if right else "不对：") + f"{whole}" + (f"全部是{claimed[0].label}。" if right else
                                                                   f"不全是{claimed[0].label}。"))
            else:
                c.say(("Yes: " if right else "No: ") + f"{claimed[0].label} is {'all' if right else 'not all'} of {whole}.")
        else:
            right = claimed[0] is largest
            if zh:
                c.say(("是的：" if right else "不对：") + f"{whole}中最多的是{largest.label}。")
            else:
                c.say(("Yes: " if right else "No: ") + f"the largest part of {whole} is {largest.label}.")
        for p in sorted(parts, key=lambda p: -p.value):
            mark = c.figure(p.label, p.value, p.unit, list(p.citations))
            share, computation = arith.share_text(p.value, total)
            ms = c.figure(f"{p.label}占{whole}的比重", share, "%", list(p.citations), basis="computed",
                          computation=computation) if share is not None else ""
            rate = f"，占 {share:.2f}%{ms}（{computation}）" if share is not None else ""
            c.say(f"- {p.label}：{show(p.value, p.unit)}{mark}{rate}")
        return "answered"

    def largest(self, c: Composer, u: Understanding, text: str) -> str | None:
        """'X是最大的一块吧': X against the rows beside it (its siblings under the same row, or its level of its table),
        the verdict first, then the three largest"""
        m = LARGEST_SELF_RE.search(norm_key(text))
        if not m:
            return None
        match = max((x for said in (m.group("part"), strip_frame(m.group("part"))) if said
                     for x in T.resolve(self.doc, said)[:1]), key=lambda x: x.score, default=None)
        if match is None or match.score < 0.85:
            return None
        item = match.item
        parent = catalog(self.doc).items[item.parent] if item.parent is not None else None
        if parent is not None and not parent.is_total:
            r = T.rank(self.doc, table=item.table.title, n=3, within=parent.label)
        else:
            r = T.rank(self.doc, table=item.table.title, n=3, level=item.level or None)
        if not r.ok or not r.figures:
            return None
        top = re.sub(r"^第\d+名\s*", "", r.figures[0].label)
        right = norm_key(top).startswith(norm_key(item.label))
        c.say(("是的：" if right else "不对：") + f"最大的是{top}。" if u.language == "zh"
              else ("Yes: " if right else "No: ") + f"the largest is {top}.")
        for f in r.figures:
            c.say(f"- {f.label}：{f.shown}{c.sub_figure(f)}")
        return "answered"

    def _parts(self, whole: str) -> list[list[Part]]:
        "The ways the document breaks the whole into parts: a table's rows of it, the sub-figures its narrative lists"
        out = []
        if mentions(self.doc, whole):
            b = T.breakdown(self.doc, whole)
            if b.ok and len(b.figures) >= 2:
                out.append([Part(f.label, f.value, f.unit, tuple(f.citations)) for f in b.figures])
        key = norm_key(whole)
        st = next((x for x in T.statements(self.doc) if x.current is not None
                   and norm_key(x.subject) in (key, f"{key}预算", f"{key}总预算")), None) or \
            stated_subject(self.doc, [], whole)
        if st is not None:
            unit = self.doc.text_unit
            out.append([Part(x.subject, x.current, unit, (x.citation(),)) for x in T.statements(self.doc)
                        if x.current is not None and x is not st and parent_statement(self.doc, x) is st])
        columns = [T.lookup(self.doc, whole, measure=m) for m in ("基本支出", "项目支出")] if mentions(self.doc, whole) else []
        if len(columns) == 2 and all(r.ok and r.value is not None for r in columns):  # a row's 基本 and 项目 columns
            out.append([Part(f"{whole}（{m}）", r.value, r.unit, tuple(r.citations[:1]))
                        for m, r in zip(("基本支出", "项目支出"), columns)])
        return out
