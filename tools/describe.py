"""Items a question describes rather than names: the rows whose labels share its rare runs of characters.

A citizen says what a row is about instead of its label ('讨薪…农民工拿到工资' for a 农民工工资支付 row, '就业困难人员的
社保补贴' for two rows of such 补贴); the lexical resolver then finds only a generic word the labels also hold ('工资',
'社保补贴'). A run of two or more characters that occurs in the labels of at most RARE rows is evidence for those rows;
the rows with the most such evidence that also hold the word found are the item described.
"""

from __future__ import annotations

import re
from functools import lru_cache

from budget_qa.types import BudgetDocument
from index.text import in_order, norm_key

from .resolve import RUN_GENERIC, catalog, resolve, variants

RARE = 2
"""A run found in the labels of more rows than this says nothing about which row is meant."""
MAX_READINGS = 3
"""More rows than this equally described: the question does not describe one item."""
MIN_EVIDENCE = 3
"""Characters of rare runs a row must share with the question: two beside a word found are chance ('境费')."""
CJK = re.compile(r"[\u4e00-\u9fff]+")
GENERIC_RUNS = re.compile(RUN_GENERIC.pattern + r"|支付|补助|补贴|管理|服务|保险|社会|人员|建设|发展|专项|市级|奖补|"
                          r"其他|一般|合计|小计|总计|收入|拨款|公共|基本|政府")
"""Words many budget rows share: no evidence on their own (a run is rare only beyond them)."""


@lru_cache(maxsize=64)
def row_labels(doc: BudgetDocument) -> tuple[str, ...]:
    "The labels of the document's rows (totals aside), normalised, in a fixed order: what a description may name"
    return tuple(sorted({norm_key(it.label) for it in catalog(doc).items if not it.is_total and it.label}))


@lru_cache(maxsize=64)
def _runs(doc: BudgetDocument) -> dict[str, frozenset[str]]:
    "Every run of two or more Chinese characters of a row label → the labels holding it (only the rare runs)"
    found: dict[str, set[str]] = {}
    for label in row_labels(doc):
        for chunk in CJK.findall(label):
            for i in range(len(chunk) - 1):
                for j in range(i + 2, len(chunk) + 1):
                    found.setdefault(chunk[i:j], set()).add(label)
    return {run: frozenset(ls) for run, ls in found.items()
            if len(ls) <= RARE and not GENERIC_RUNS.fullmatch(run) and not GENERIC_RUNS.search(run[:2])}


def described(doc: BudgetDocument, text: str, word: str) -> list[str]:
    """The row labels the text describes beyond a wording it holds (``word``, which the question names by itself),
    best first; [] when no row is described better than the word names one.

    ``text`` is the question without its framing and the department's own name, the word still in it.
    """
    runs = _runs(doc)
    rest = norm_key(text).replace(norm_key(word), " ")
    best = resolve(doc, word)
    named = norm_key(best[0].item.label) if best and best[0].score >= 0.6 else ""
    # the label the word names by itself: its characters are no evidence of another row
    evidence: dict[str, int] = {}
    for chunk in CJK.findall(rest):
        i = 0
        while i < len(chunk) - 1:  # the longest rare run at each place, then past it
            j = next((j for j in range(len(chunk), i + 1, -1) if chunk[i:j] in runs), 0)
            if not j:
                i += 1
                continue
            if chunk[i:j] not in named:
                for label in runs[chunk[i:j]]:
                    evidence[label] = evidence.get(label, 0) + (j - i)
            i = j
    wanted = [norm_key(v) for v in variants(norm_key(word))]  # the rows holding the word (or an alias of it)
    evidence = {label: n for label, n in evidence.items() if any(v in label for v in wanted)}
    if not evidence:
        return []
    most = max(evidence.values())
    readings = sorted(label for label, n in evidence.items() if n == most)
    if most < MIN_EVIDENCE or len(readings) > MAX_READINGS or norm_key(word) in readings or named in readings:
        return []
    return readings


@lru_cache(maxsize=64)
def _names(doc: BudgetDocument) -> tuple[str, ...]:
    "Every long name a question may shorten: row labels, special funds (绩效目标表), projects the narrative explains"
    from .narrative import project_sections

    names = set(row_labels(doc)) | {norm_key(p.name) for p in doc.performance if p.name}
    names |= {norm_key(n) for n in project_sections(doc)}
    return tuple(sorted(n for n in names if len(n) >= 6))


def abbreviated(doc: BudgetDocument, text: str, word: str) -> list[str]:
    """The names the question shortens around a wording it holds: the longest stretch of its words around ``word``
    whose characters all occur, in order, in a name ('居民养老保险补助资金' in 居民养老保险市级财政补助资金), covering most of
    that name; [] when none, or when the stretch adds fewer than MIN_EVIDENCE characters to the word.

    This is how Chinese shortens a long name: it keeps characters in order and drops the rest (人社局 for
    人力资源和社会保障局).
    """
    key, w = norm_key(text), norm_key(word)
    at = key.find(w)
    if at < 0:
        return []
    found: dict[str, int] = {}
    for name in _names(doc):
        if not in_order(w, name):
            continue
        start, end = at, at + len(w)
        while start > 0 and CJK.fullmatch(key[start - 1]) and in_order(key[start - 1: end], name):
            start -= 1
        while end < len(key) and CJK.fullmatch(key[end]) and in_order(key[start: end + 1], name):
            end += 1
        said = key[start:end]
        if len(said) - len(w) >= MIN_EVIDENCE and len(said) >= SHORTENED * len(name) and said[0] == name[0]:
            found[name] = len(said)
    if not found:
        return []
    most = max(found.values())
    readings = sorted(n for n, k in found.items() if k == most)
    readings = [r for r in readings if not any(o != r and o in r for o in readings)]  # 'X支出' beside X: X
    return readings if len(readings) <= MAX_READINGS else []


SHORTENED = 0.6
"""A shortened name keeps at least this share of the name's characters."""
