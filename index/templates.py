"""Budget templates as data: canonical tables, narrative sections and cover keywords per template.

The descriptions live in ``templates.toml``; this module loads them into typed records and answers the few questions
the parsers ask: which template is this document, what kind is this table, which section does this heading open.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from budget_qa.types import TableKind

from .text import norm, norm_key

TEMPLATES_FILE = Path(__file__).with_name("templates.toml")
_LEADING_YEAR = re.compile(r"^\d{4}年度?")
_CONTENTS_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\s*[.．、])|…|\.{4,}")


@dataclass(frozen=True)
class TableSpec:
    kind: TableKind
    aliases: tuple[str, ...]
    header_words: tuple[str, ...] = ()
    """Words every header of this table shows (matched on norm_key of the header text)."""
    unit: str = ""
    """The unit the template declares for this table ('' = whatever the document says)."""
    required: bool = True


@dataclass(frozen=True)
class SectionSpec:
    name: str
    headings: tuple[str, ...]
    part: str
    """The canonical slot of the seed model: '第一部分' overview, '第三部分' explanations, '第四部分' glossary."""
    role: str
    """duties | units | glossary | explanation | other | project"""
    required: bool = True
    repeats: bool = False
    """True when the section occurs once per item (one 项目经费情况说明 per project)."""


@dataclass(frozen=True)
class OwnerPattern:
    pattern: re.Pattern
    level: str


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    source_format: str
    document_type: str
    cover_all: tuple[str, ...]
    cover_any: tuple[str, ...]
    title_prefixes: tuple[str, ...]
    narrative_unit: str
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...] = ()
    owner_patterns: tuple[OwnerPattern, ...] = ()
    table_headers: tuple[re.Pattern, ...] = ()
    """The lines between a table's title and its ruled cells, each naming the department and/or the unit
    ('编制部门：X … 单位：元' on one line, or '部门（单位）：X' then '单位：万元'), matched on norm() of the line."""
    drop_caption_header: bool = False
    narrative: str = "sections"
    """How the narrative is laid out: 'sections' (named headings, see ``sections``) or 'parts' (第一部分 … 第四部分
    with 一、/（一） headings inside, read as the text export is)."""
    join_wrapped_lines: bool = False
    """PDF: a line that continues the previous one (same size, not indented, the previous one running to the right
    margin) is one paragraph with it, so a paragraph reads as in the text export."""
    required_parts: tuple[str, ...] = ()
    amount_tolerance: Decimal = Decimal("0.01")
    """Identities hold within this much, in the table's own unit."""
    _alias_index: dict[str, TableSpec] = field(default_factory=dict, compare=False, repr=False)

    def matches_cover(self, cover: str) -> bool:
        c = norm(cover)
        return all(k in c for k in self.cover_all) and (not self.cover_any or any(k in c for k in self.cover_any))

    def title_key(self, title: str) -> str:
        "A table title reduced to what the aliases name: no year, no 部门/单位 prefix, no quotes or spaces"
        key = _LEADING_YEAR.sub("", norm_key(title))
        for prefix in sorted(self.title_prefixes, key=len, reverse=True):
            if key.startswith(prefix) and key[len(prefix):] in self._alias_index:
                return key[len(prefix):]
        return key

    def table_spec(self, title: str) -> TableSpec | None:
        "The spec of a table from its title (an alias, or the longest alias the title ends with), or None"
        key = self.title_key(title)
        spec = self._alias_index.get(key)
        if spec is None and self.title_prefixes:
            # '2025年上海市普陀区某局部门收入预算总表': the longest alias the title ends with
            ends = [a for a in self._alias_index if key.endswith(a)]
            if ends:
                spec = self._alias_index[max(ends, key=len)]
        return spec

    def table_header(self, line: str) -> dict[str, str] | None:
        "The department and unit a table's header line names ({'department': …, 'unit': …}), or None"
        t = norm(line)
        for rx in self.table_headers:
            m = rx.match(t)
            if m:
                return {k: v for k, v in m.groupdict().items() if v is not None}
        return None

    def is_table_title(self, line: str) -> bool:
        t = norm(line)
        return bool(t) and len(t) <= 60 and not _CONTENTS_LINE.search(t) and self.table_spec(t) is not None

    def section_of(self, line: str) -> SectionSpec | None:
        "The section a heading line opens (a contents line never does)"
        t = norm_key(line)
        if not t or len(t) > 60 or _CONTENTS_LINE.search(norm(line)) or re.search(r"[，,。；;：:]", t):
            return None
        for s in self.sections:
            if any(t.endswith(norm_key(h)) for h in s.headings):
                return s
        return None

    def required_tables(self) -> list[TableSpec]:
        return [s for s in self.tables if s.required]

    def missing_header_words(self, spec: TableSpec, header_text: str) -> list[str]:
        h = norm_key(header_text)
        return [w for w in spec.header_words if norm_key(w) not in h]


@dataclass(frozen=True)
class OtherDocument:
    keywords: tuple[str, ...]
    name: str


def _template(raw: dict) -> Template:
    tables = tuple(
        TableSpec(TableKind[t["kind"]], tuple(t["aliases"]), tuple(t.get("header_words", ())), t.get("unit", ""),
                  t.get("required", True))
        for t in raw.get("tables", ())
    )
    sections = tuple(
        SectionSpec(s["name"], tuple(s["headings"]), s["part"], s["role"], s.get("required", True),
                    s.get("repeats", False))
        for s in raw.get("sections", ())
    )
    owners = tuple(OwnerPattern(re.compile(o["pattern"]), o["level"]) for o in raw.get("owner_patterns", ()))
    header = raw.get("table_header") or ()
    headers = tuple(re.compile(h) for h in ([header] if isinstance(header, str) else header))
    t = Template(
        name=raw["name"], description=raw.get("description", ""), source_format=raw.get("source_format", ""),
        document_type=raw.get("document_type", "部门预算"), cover_all=tuple(raw.get("cover_all", ())),
        cover_any=tuple(raw.get("cover_any", ())), title_prefixes=tuple(raw.get("title_prefixes", ())),
        narrative_unit=raw.get("narrative_unit", "万元"), tables=tables, sections=sections, owner_patterns=owners,
        table_headers=headers, drop_caption_header=bool(raw.get("drop_caption_header", False)),
        narrative=raw.get("narrative", "sections" if raw.get("sections") else "parts"),
        join_wrapped_lines=bool(raw.get("join_wrapped_lines", False)),
        required_parts=tuple(raw.get("required_parts", ())),
        amount_tolerance=Decimal(str(raw.get("amount_tolerance", "0.01"))),
    )
    for spec in tables:
        for alias in spec.aliases:
            t._alias_index[norm_key(alias)] = spec
    return t


@lru_cache(maxsize=4)
def _load(path: Path = TEMPLATES_FILE) -> tuple[tuple[Template, ...], tuple[OtherDocument, ...]]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    templates = tuple(_template(t) for t in data.get("template", ()))
    others = tuple(OtherDocument(tuple(o["keywords"]), o["name"]) for o in data.get("other_document", ()))
    return templates, others


def templates() -> tuple[Template, ...]:
    return _load()[0]


def other_documents() -> tuple[OtherDocument, ...]:
    return _load()[1]


def get_template(name: str) -> Template:
    for t in templates():
        if t.name == name:
            return t
    raise KeyError(name)


def detect_template(cover: str, source_format: str = "") -> Template | None:
    "The template whose cover keywords the cover text shows (preferring one made for this source format)"
    found = [t for t in templates() if t.matches_cover(cover)]
    found.sort(key=lambda t: t.source_format != source_format)
    return found[0] if found else None


def other_document(cover: str) -> OtherDocument | None:
    "A known non-budget document kind whose keywords the cover shows"
    c = norm(cover)
    return next((o for o in other_documents() if any(k in c for k in o.keywords)), None)


def title_aliases() -> dict[TableKind, tuple[str, ...]]:
    "Every alias of every kind over all templates (for matching a user's table name)"
    out: dict[TableKind, list[str]] = {}
    for t in templates():
        for spec in t.tables:
            bucket = out.setdefault(spec.kind, [])
            bucket += [a for a in spec.aliases if a not in bucket]
    return {k: tuple(v) for k, v in out.items()}
