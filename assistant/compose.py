"""Answer composition: numbered citations, figures from tool results, and the answer text.

Only what a tool returned (or a passage the retriever found) can be cited; the reference list is built from the
citations actually used in the text, in order of first use.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budget_qa.results import Citation, Figure, ToolResult, show
from index.text import norm_key

from .answer import Answer, AnswerFigure, AnswerStatus, ChartSpec
from .english import gloss

QUALIFIERS_RE = re.compile(r"\s*(?:（[^（）]*）|\[[\d ]+\])+$")
"""A figure label's trailing qualifiers (table, year, code): the item's own name is what is left."""


def bare_label(label: str) -> str:
    "A figure label without its trailing qualifiers ('项目支出（2024年）' → 项目支出)"
    return QUALIFIERS_RE.sub("", label)


class Composer:
    def __init__(self, question: str, language: str = "zh"):
        self.question = question
        self.language = language
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.figures: list[AnswerFigure] = []
        self.suggestions: list[str] = []
        self.chart: ChartSpec | None = None

    # --- citations ----------------------------------------------------------------------------------------------
    def cite(self, citations: list[Citation], limit: int = 3) -> str:
        "Markers like '[1][2]' for citations (registered on first use)"
        marks = []
        for c in citations[:limit]:
            if c not in self.citations:
                self.citations.append(c)
            marks.append(f"[{self.citations.index(c) + 1}]")
        return "".join(dict.fromkeys(marks))

    def cite_passage(self, part: str, section: str, line: int, quote: str, page: int = 0) -> str:
        "The marker of a quoted passage (``page``: of a PDF, 0 for a text export)"
        return self.cite([Citation(kind="narrative", part=part, section=section, line=line, quote=quote, page=page)])

    def first_table(self) -> str | None:
        "The table the answer's first table-cited figure was read from ('（收入）'/'（支出）' halves named as one)"
        for f in self.figures:
            for n in f.citations:
                cite = self.citations[n - 1] if 0 < n <= len(self.citations) else None
                if cite is not None and cite.kind == "table":
                    return re.sub(r"（(收入|支出)）$", "", cite.table)
        return None

    # --- figures ------------------------------------------------------------------------------------------------
    def figure(self, label: str, value: Decimal, unit: str, citations: list[Citation], *, basis: str = "read",
               computation: str = "") -> str:
        "Register a figure; returns its marker text"
        marks = self.cite(citations)
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", marks)]
        shown = show(value, unit)
        if not any(f.label == label and f.value == value and f.unit == unit for f in self.figures):
            self.figures.append(AnswerFigure(label=label, value=value, unit=unit, shown=shown, basis=basis,
                                             computation=computation, citations=numbers))
        return marks

    def result_figure(self, r: ToolResult, label: str | None = None) -> str:
        "The headline figure of a tool result: 'label 为 16.80 万元[1]'"
        if r.value is None:
            return ""
        marks = self.figure(label or r.label, r.value, r.unit, r.citations, basis=r.basis or "read",
                            computation=r.computation)
        return marks

    def sub_figure(self, f: Figure) -> str:
        return self.figure(f.label, f.value, f.unit, f.citations, basis=f.basis)

    # --- text ---------------------------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        if text:
            self.lines.append(text)

    def answer(self, status: AnswerStatus) -> Answer:
        used = set(int(n) for n in re.findall(r"\[(\d+)\]", "\n".join(self.lines)))
        for f in self.figures:  # a figure's citation is shown even when its marker sits in a list line
            used |= set(f.citations)
        citations = self.citations
        if used and len(used) < len(citations):
            # renumber to the citations actually used
            keep = [i for i in range(1, len(citations) + 1) if i in used]
            mapping = {old: new for new, old in enumerate(keep, 1)}
            text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]",
                          "\n".join(self.lines))
            self.lines = text.split("\n")
            for f in self.figures:
                f.citations = [mapping[c] for c in f.citations if c in mapping]
            citations = [citations[i - 1] for i in keep]
        if self.language == "en" and (terms := gloss("\n".join(self.lines))):
            self.lines.append(terms)  # document labels stay Chinese; the ones we have an English name for are glossed
        return Answer(question=self.question, text="\n".join(self.lines), status=status, figures=self.figures,
                      citations=citations, suggestions=self.suggestions[:3], chart=self.chart,
                      language="en" if self.language == "en" else "zh")


def sentence_with(text: str, *keywords: str) -> str:
    "The first sentence of a passage containing any keyword (whole passage when none does)"
    sentences = [s for s in re.split(r"(?<=[。；！？])", text) if s.strip()]
    for kw in keywords:  # a sentence about the keyword ('其中，公务接待费反映…') beats one that only names it
        for s in sentences:
            if norm_key(re.sub(r"^(其中[，,：:]?|\d+[.、]\s*)", "", s.strip())).startswith(norm_key(kw)):
                return s.strip()
    for kw in keywords:
        for s in sentences:
            if norm_key(kw) in norm_key(s):  # '因公出国境费' names 因公出国（境）费
                return s.strip()
    return sentences[0].strip() if sentences else text.strip()


def merge(question: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to the parts of a question, in order: texts joined, citations numbered once
    (a source cited by two parts keeps one number), each part's markers and figures renumbered to match."""
    citations: list[Citation] = []
    lines, figures = [], []
    shown: set[str] = set()
    for a in answers:
        mapping = {}
        for i, c in enumerate(a.citations, 1):
            if c not in citations:
                citations.append(c)
            mapping[i] = citations.index(c) + 1
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", a.text)
        said = {x for x in text.splitlines() if x.strip() and not x.startswith(("Terms:", "是的：", "不对：", "没有：", "Yes:", "No:"))}
        if said and said <= shown:
            continue  # two parts answered by the same lines ('how much did it rise, and what rate is that'): once
        results = {(bare_label(f.label), f.value, f.unit) for f in a.figures if f.basis == "computed"}
        if results and a.status == "answered" and not any("“" in x for x in said) and \
                results <= {(bare_label(f.label), f.value, f.unit) for f in figures if f.basis == "computed"}:
            continue  # a part whose results (same figure, same name) an earlier part computed already ('哪一项占比最大，
            # 占多少'), quoting nothing of its own (a reason asked after a change quotes the reason): said once
        text = "\n".join(x for x in text.splitlines() if x not in shown or not x.strip())  # a line said once
        shown |= said | {x for x in text.splitlines() if x.startswith("Terms:")}
        lines.append(text)
        for f in a.figures:
            figures.append(f.model_copy(update={"citations": [mapping[n] for n in f.citations if n in mapping]}))
    statuses = [a.status for a in answers]
    status = "answered" if "answered" in statuses else statuses[0]
    last = answers[-1]
    return Answer(question=question, text="\n".join(lines), status=status, figures=figures, citations=citations,
                  suggestions=last.suggestions, chart=next((a.chart for a in answers if a.chart), None),
                  language=last.language)
