"""The number guard: every number in model-written text must trace to a tool figure or a cited passage.

Used on any LLM-written answer before it is shown; the deterministic answer replaces text that fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from budget_qa.results import Citation

NUMBER_RE = re.compile(r"(?<![\d.])[-−]?\d[\d,]*(?:\.\d+)?")
MARKER_RE = re.compile(r"\[(\d+)\]")
SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]?")


def numbers_in(text: str) -> set[Decimal]:
    "Every number in a text as Decimal (commas dropped, citation markers [n] ignored)"
    out: set[Decimal] = set()
    for tok in NUMBER_RE.findall(MARKER_RE.sub(" ", text or "")):
        try:
            out.add(Decimal(tok.replace(",", "").replace("−", "-")).normalize())
        except InvalidOperation:
            continue
    return {abs(x) for x in out} | out


@dataclass
class GuardResult:
    ok: bool
    unsupported: list[str] = field(default_factory=list)
    """Numbers in the text that no tool figure or cited passage contains."""
    miscited: list[str] = field(default_factory=list)
    """Sentences citing [n] whose numbers are not in source n nor in a figure citing n."""

    @property
    def reason(self) -> str:
        parts = []
        if self.unsupported:
            parts.append("unsupported numbers: " + ", ".join(self.unsupported))
        if self.miscited:
            parts.append("citations that do not contain their figures: " + " | ".join(self.miscited))
        return "; ".join(parts)


def check_numbers(text: str, figure_texts: list[str], citations: list[Citation],
                  figure_citations: dict[int, list[str]] | None = None) -> GuardResult:
    """Trace every number of ``text``.

    Args:
        text: the model-written answer.
        figure_texts: the shown values and arithmetic of the tool figures.
        citations: the numbered sources ([1] is citations[0]).
        figure_citations: citation number → shown values / arithmetic of the figures citing it.
    """
    allowed = set()
    for t in figure_texts:
        allowed |= numbers_in(t)
    source_numbers = {i: numbers_in(_source_text(c)) for i, c in enumerate(citations, 1)}
    for nums in source_numbers.values():
        allowed |= nums
    unsupported = sorted({_fmt(n) for n in numbers_in(text) if n not in allowed and n >= 0})
    miscited: list[str] = []
    for sentence in SENTENCE_RE.findall(text or ""):
        cited = [int(k) for k in MARKER_RE.findall(sentence)]
        if not cited:
            continue
        ok_numbers = set()
        for k in cited:
            ok_numbers |= source_numbers.get(k, set())
            for t in (figure_citations or {}).get(k, []):
                ok_numbers |= numbers_in(t)
        bad = [n for n in numbers_in(sentence) if n >= 0 and n not in ok_numbers]
        if bad or any(k > len(citations) for k in cited):
            miscited.append(sentence.strip())
    return GuardResult(ok=not unsupported and not miscited, unsupported=unsupported, miscited=miscited)


def _source_text(c: Citation) -> str:
    return " ".join([c.describe(), c.quote])


def _fmt(n: Decimal) -> str:
    return format(n, "f")
