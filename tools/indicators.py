"""The performance indicators a question asks about, scored: one catalog of every 绩效目标表's indicators.

A citizen asks "考试时巡视人员一天劳务费给多少" or "合作的银行至少几家" without naming the project whose 绩效目标表 holds
the answer. Every indicator is matched by the wording it shares with the question (its own label, its project's
name) and by whether the question asks for its kind of unit (几家 → 家, 每人多少钱 → 元/人). Nothing here knows a
document: the labels and units are the document's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budget_qa.doccache import per_document
from budget_qa.types import BudgetDocument, Indicator, PerformanceTable
from index.text import norm_key

from .aliases import COUNTERS, GENERIC_PAIRS
from .resolve import bigrams, clean_query

MONEY_ASKED = re.compile(r"多少钱|标准|成本|每人|每个人|一个人|人均|每个|最多|最高|补(?:贴|助)?多少|发多少|奖多少|元")
COUNT_WORDS = r"(?:多少|几)个?"


@dataclass(frozen=True)
class IndicatorHit:
    "An indicator the question may ask about, with how well it matched"

    score: float
    own: int
    """Bigrams of the indicator's own label found in the question (the project's name aside)."""
    table: PerformanceTable
    indicator: Indicator
    words: frozenset[str] = frozenset()
    """Those bigrams."""
    asked: bool = False
    """Whether the question asks for an amount in the indicator's unit."""


@per_document
def _catalog(doc: BudgetDocument) -> tuple[tuple[PerformanceTable, Indicator, frozenset[str], frozenset[str]], ...]:
    "Every indicator with the bigrams of its label (its project's name aside) and of its project's name"
    out = []
    for t in doc.performance:
        name = bigrams(norm_key(re.sub(r"(经费|资金|费用|费)$", "", t.name))) - GENERIC_PAIRS
        for ind in t.indicators:
            out.append((t, ind, bigrams(norm_key(ind.level3)) - GENERIC_PAIRS - name, name))
    return tuple(out)


def unit_asked(unit: str, question: str) -> bool:
    "Whether the question asks for an amount in the indicator's unit ('几家' for 家, '每人给多少钱' for 元/人)"
    head = re.sub(r"/.*$", "", unit)
    if not head or head == "%":
        return bool(head) and re.search(r"率|百分|%", question) is not None
    if head.endswith("元"):
        return MONEY_ASKED.search(question) is not None
    core = re.sub(r"^[万千亿]", "", head)
    counters = COUNTERS.get(core, (core,))
    return re.search(COUNT_WORDS + f"(?:{'|'.join(map(re.escape, counters))})", question) is not None


def find_indicators(doc: BudgetDocument, text: str, context: str = "") -> list[IndicatorHit]:
    """The indicators the question's wording points at, best first: those sharing some of their own wording with it or
    asked for by their unit. ``context`` (the conversation's topic) counts, at half weight, towards naming a project."""
    q = bigrams(clean_query(text)) - GENERIC_PAIRS
    around = bigrams(clean_query(context)) - GENERIC_PAIRS if context else frozenset()
    hits = []
    for table, ind, label, name in _catalog(doc):
        words = label & q
        own = len(words)
        asked = unit_asked(ind.unit, text)
        if not own and not asked:
            continue
        coverage = own / max(len(label), 1)
        project = max(len(name & q), len(name & around) / 2) / max(len(name), 1)
        score = own + 4 * coverage + 3 * project + 3 * asked
        hits.append(IndicatorHit(round(score, 4), own, table, ind, words, asked))
    hits.sort(key=lambda h: -h.score)
    return hits


def covering(hits: list[IndicatorHit], tier: float = 2.0) -> list[IndicatorHit]:
    """The best hits (within ``tier`` of the first), then any hit matching wording none of those matched
    ('给个人的和给小微企业的上限': the 小微企业 standard best, the 个人 one for the word left over)"""
    if not hits:
        return []
    picked = [h for h in hits if h.score >= hits[0].score - tier]
    matched = frozenset().union(*(h.words for h in picked))
    for h in hits[len(picked):]:
        if h.words - matched:
            picked.append(h)
            matched |= h.words
    return picked
