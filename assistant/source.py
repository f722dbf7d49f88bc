"""What every handler reads besides the tools: the document's passages by retrieval, its lines, and citations.

A handler quotes a passage through ``quote`` (its citation names the page of a PDF) and cites a reading of an
ambiguous wording through ``cand_cite`` (the cell as the table prints it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from budget_qa.results import Citation
from budget_qa.types import BudgetDocument
from index.text import norm_key
from tools.resolve import bigrams, catalog

from .compose import Composer
from .plan import strip_frame
from .understand import Understanding


class Source:
    "One document and its retrieval index (None: retrieval off)"

    def __init__(self, doc: BudgetDocument, retriever=None):
        self.doc = doc
        self.retriever = retriever

    def search(self, query: str, kind: str | None = None, must: tuple[str, ...] = (), about: str | None = None,
               digit: bool = False):
        "The best passage that contains the required words and shares enough wording with ``about``"
        if self.retriever is None:
            return None
        hits = self.retriever.search(query, k=8, kind=kind)
        core = strip_frame(about) if about else ""
        target = (set(core) if len(core) <= 3 else bigrams(core)) if core else set()
        for h in hits:
            chunk = h.chunk
            if must and not all(w in chunk.text for w in must):
                continue
            if digit and not re.search(r"\d", chunk.text):
                continue
            if target:
                body = norm_key(chunk.text + chunk.title)
                overlap = len(target & (set(body) if len(core) <= 3 else bigrams(body))) / max(1, len(target))
                agreed = h.dense_rank == 1 and h.bm25_rank == 1  # both retrievers put it first
                if overlap < 0.34 and not agreed:
                    continue
            return chunk
        return None

    @cached_property
    def _lines(self) -> list[str]:
        "The document's lines, whitespace and tags removed, for locating a quote (the text export's or the PDF's)"
        return [re.sub(r"</?p>|\s", "", x) for x in self.doc.lines]

    def line(self, n: int) -> str:
        "Source line n (1-based)"
        return self._lines[n - 1] if 0 < n <= len(self._lines) else ""

    def cand_cite(self, cand) -> Citation:
        "A reading's cell as the table prints it (row, column, page), not as the resolver named it"
        for it in catalog(self.doc).items:
            if it.table_name == cand.table and it.label == cand.label and it.line == cand.line and \
                    cand.column in it.measures:
                return it.citation(cand.column)
        return Citation(kind="table", table=cand.table, row_label=cand.label, row_code=cand.code, column=cand.column,
                        line=cand.line)

    def cite_passage(self, c: Composer, part: str, section: str, line: int, quote: str) -> str:
        "A quoted passage's marker; its citation names the page of a PDF (第N页)"
        page = next((p.page for p in self.doc.paragraphs if p.line_start <= line <= p.line_end), 0)
        return c.cite_passage(part, section, line, quote, page=page or 0)

    def quote(self, c: Composer, u: Understanding, part: str, section: str, line: int, quote: str, why: str) -> None:
        m = self.cite_passage(c, part, section, line, quote)
        lead = {"reason": ("文件说明的原因：", "The document gives this reason: "),
                "passage": ("文件原文：", "The document says: "),
                "definition": ("", "")}[why]
        c.say(f"{lead[0] if u.language == 'zh' else lead[1]}“{quote}”{m}")


@dataclass
class Topic:
    "A topic's handlers (figures, narrative, projects …): they read the document through ``source``"

    source: Source

    @property
    def doc(self) -> BudgetDocument:
        return self.source.doc
