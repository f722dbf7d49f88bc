"""Cut a BudgetDocument into short, cited passages for retrieval.

Chunks come from the narrative (第一部分, 第三部分), the glossary (第四部分), the duties, the budget units and each
performance table's 年度总体目标 and 主要政策任务. A long passage is split only after a Chinese sentence end
(。；！？), so no chunk ever starts or ends inside a number; a single sentence longer than the limit stays whole.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Literal, get_args

from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument, Paragraph, PerformanceTable

CHUNKER_VERSION = "4"
"""Bump when chunk boundaries or texts change: it is part of the index key, so stores rebuild."""

ChunkKind = Literal["paragraph", "glossary", "duty", "unit", "goal", "policy"]
CHUNK_KINDS: tuple[str, ...] = get_args(ChunkKind)

NARRATIVE_PARTS = ("第一部分", "第三部分")
SECTION_SEP = " / "

# after 。；！？ — or after the closing quote/bracket that directly follows one ("…增加。”")
_SENTENCE_END = re.compile(r"(?<=[。；！？])(?![”’」』）)])|(?<=[。；！？][”’」』）)])")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LEAD_IN = re.compile(r"^\S{1,10}[：:]$")
_CAPTION = re.compile(r"^\S{0,24}表$")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_HEADING = re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")
_POLICY_PREFIX = re.compile(r"^\s*主要政策任务\s*[:：]\s*")


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage with enough provenance to cite it."""

    key: str
    """Stable id ``c-<hash>`` of document, kind, lines, position in the passage and text."""
    text: str
    """The passage as shown and cited (whitespace-trimmed, HTML tags removed)."""
    kind: ChunkKind
    doc_id: str
    part: str
    """'第一部分' … '第四部分'"""
    section: str
    """Heading path inside the part, e.g. '六、绩效目标情况说明 / （一）预算绩效管理情况'."""
    line_start: int
    line_end: int
    title: str = ""
    """Glossary term, project or fund name, '主要职责（三）', or '' for plain paragraphs."""
    page: int = 0
    """1-based PDF page of the first line; 0 for a text export."""

    @property
    def top_section(self) -> str:
        "First element of the heading path"
        return self.section.split(SECTION_SEP, 1)[0]

    @property
    def search_text(self) -> str:
        "The text that is embedded and BM25-indexed: the passage with the name it belongs to"
        if self.kind == "goal":
            return f"{self.title}年度总体目标：{self.text}"
        if self.kind == "policy":
            return f"{self.title}{self.text}"
        if self.kind == "paragraph" and self.section:
            leaf = self.section.rsplit(SECTION_SEP, 1)[-1]
            return f"{leaf}\n{self.text}"
        return self.text

    def cite(self) -> str:
        "Human-readable provenance, e.g. '第三部分 二、“三公”经费支出情况（第623行）'"
        if self.page:
            lines = f"第{self.page}页"
        elif self.line_start == self.line_end:
            lines = f"第{self.line_start}行"
        else:
            lines = f"第{self.line_start}-{self.line_end}行"
        where = " ".join(x for x in (self.part, self.section, self.title if self.kind in ("goal", "policy") else "") if x)
        return f"{where}（{lines}）"

    def metadata(self) -> dict[str, str | int]:
        "Flat metadata for the vector store (no None values)"
        meta = asdict(self)
        del meta["text"]
        meta["top_section"] = self.top_section
        return meta

    @classmethod
    def from_metadata(cls, text: str, meta: dict) -> Chunk:
        names = cls.__dataclass_fields__
        return cls(text=text, **{k: v for k, v in meta.items() if k in names and k != "text"})


def chunk_key(doc_id: str, kind: str, line_start: int, line_end: int, text: str) -> str:
    digest = hashlib.sha1(f"{doc_id}|{kind}|{line_start}|{line_end}|{text}".encode()).hexdigest()
    return f"c-{digest[:16]}"


def clean(text: str) -> str:
    "Drop HTML tags and trim; keep inner spacing (it may sit inside a number such as '2 家')"
    return _TAG.sub("", text).strip()


def split_sentences(text: str, max_chars: int) -> list[str]:
    """Split ``text`` into pieces of at most ``max_chars``, cutting only after 。；！？.

    Joining the pieces gives back ``text``. A sentence longer than ``max_chars`` is kept whole.
    """
    text = text.strip()
    if len(text) <= max_chars:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s):
        if current and len(current) + len(sentence) > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current += sentence
    if current:
        pieces.append(current)
    return pieces


def chunk_document(doc: BudgetDocument, settings: Settings | None = None) -> list[Chunk]:
    "All retrievable chunks of a document, in document order within each kind"
    max_chars = get_settings(settings).index.max_chunk_chars
    out: list[Chunk] = []

    def add(text: str, kind: ChunkKind, part: str, section: str, lo: int, hi: int, title: str = "") -> None:
        for i, piece in enumerate(split_sentences(clean(text), max_chars)):
            key = chunk_key(doc.doc_id, kind, lo, hi, f"{i}|{piece}")
            out.append(Chunk(key, piece, kind, doc.doc_id, part, section, lo, hi, title, doc.page_of(lo)))

    # NOTE: duties, units and performance tables get their own chunks; a paragraph over the same lines
    # would only duplicate them (and table captions like '项目支出绩效目标表' carry no meaning).
    covered = [(i.line_start, i.line_end) for i in (*doc.duties, *doc.units)]
    covered += [(t.line_start, t.line_end) for t in doc.performance]
    lead_in: Paragraph | None = None
    for p in doc.paragraphs:
        if p.part not in NARRATIVE_PARTS or _CAPTION.match(p.text.strip()):
            continue
        if any(lo <= p.line_end and p.line_start <= hi for lo, hi in covered):
            continue
        if lead_in is not None and (lead_in.part, lead_in.section) == (p.part, p.section):
            # a bare "其中：" joins the passage it introduces
            p = Paragraph(lead_in.text.strip() + p.text.strip(), lead_in.line_start, p.line_end, p.part, p.section)
        elif lead_in is not None:
            add(lead_in.text, "paragraph", lead_in.part, lead_in.section, lead_in.line_start, lead_in.line_end)
        lead_in = None
        if _LEAD_IN.match(p.text.strip()):
            lead_in = p
            continue
        add(p.text, "paragraph", p.part, p.section, p.line_start, p.line_end)
    if lead_in is not None:
        add(lead_in.text, "paragraph", lead_in.part, lead_in.section, lead_in.line_start, lead_in.line_end)
    for item in doc.duties:
        add(item.text, "duty", "第一部分", _item_section(doc, item.line_start, "一、主要职责"), item.line_start,
            item.line_end, f"主要职责（{_cn_number(item.number)}）")
    for item in doc.units:
        add(item.text, "unit", "第一部分", _item_section(doc, item.line_start, "二、机构设置情况"), item.line_start,
            item.line_end, f"预算单位{item.number}")
    for entry in doc.glossary.values():
        text = entry.definition if entry.definition.startswith(entry.term) else f"{entry.term}：{entry.definition}"
        add(text, "glossary", "第四部分", "名词解释", entry.line, entry.line, entry.term)
    for table in doc.performance:
        _add_performance(doc, table, add)
    return _dedupe(out)


def _add_performance(doc: BudgetDocument, table: PerformanceTable, add) -> None:
    part = _part_of(doc, table.line_start, "第三部分")
    section = _section_of(doc, table.line_start, "六、绩效目标情况说明")
    if table.overall_goal.strip():
        lo, hi = _find_lines(doc, table, ("年度总体目标", "年度总体绩效"))
        add(table.overall_goal, "goal", part, section, lo, hi, table.name)
    if table.policy_tasks.strip():
        lo, hi = _find_lines(doc, table, ("主要政策任务",))
        # NOTE: the label stays in the text, as in the document: "主要政策任务：…"
        add("主要政策任务：" + _POLICY_PREFIX.sub("", table.policy_tasks), "policy", part, section, lo, hi, table.name)


def _find_lines(doc: BudgetDocument, table: PerformanceTable, labels: tuple[str, ...]) -> tuple[int, int]:
    """The line of a labelled row inside a performance table, if the source is at hand; else the table's range."""
    lines = doc.lines or _source_lines(doc.source)
    if lines:
        for n in range(table.line_start, min(table.line_end, len(lines)) + 1):
            if lines[n - 1].lstrip().replace(" ", "").startswith(labels):
                return n, n
    return table.line_start, table.line_end


_SOURCE_CACHE: dict[str, list[str]] = {}


def _source_lines(source: str) -> list[str]:
    if source not in _SOURCE_CACHE:
        try:
            with open(source, encoding="utf-8") as fh:
                _SOURCE_CACHE[source] = fh.read().split("\n")
        except (OSError, ValueError):
            _SOURCE_CACHE[source] = []
    return _SOURCE_CACHE[source]


def _part_of(doc: BudgetDocument, line: int, default: str) -> str:
    parts = [s.part for s in doc.sections if s.line <= line]
    if parts:
        return parts[-1]
    parts = [p.part for p in doc.paragraphs if p.line_start <= line]
    return parts[-1] if parts else default


def _item_section(doc: BudgetDocument, line: int, default: str) -> str:
    "The section of the paragraph a duty or unit item was read from ('主要职能' in a PDF), else the top heading"
    para = next((p for p in doc.paragraphs if p.line_start == line and p.part == "第一部分"), None)
    if para is not None and para.section:
        return para.section
    return _top_section(doc, line, default)


def _top_section(doc: BudgetDocument, line: int, default: str) -> str:
    "The last top-level heading (一、…) at or before ``line``"
    tops = [s.heading for s in doc.sections if s.line <= line and _TOP_HEADING.match(s.heading)]
    return tops[-1] if tops else default


def _section_of(doc: BudgetDocument, line: int, default: str) -> str:
    "The heading path in force at ``line``: top-level heading (一、…) / sub-heading (（二）…), if any"
    top_line, top = 0, ""
    for s in doc.sections:
        if s.line <= line and _TOP_HEADING.match(s.heading):
            top_line, top = s.line, s.heading
    if not top:
        return default
    subs = [s.heading for s in doc.sections if top_line < s.line <= line and _SUB_HEADING.match(s.heading)]
    return f"{top}{SECTION_SEP}{subs[-1]}" if subs else top


def _dedupe(chunks: list[Chunk]) -> list[Chunk]:
    seen: set[str] = set()
    out = []
    for c in chunks:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
