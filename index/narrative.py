"""Parse the prose parts: parts and section headings, paragraphs, duties, units and the glossary."""

from __future__ import annotations

import re

from budget_qa.types import GlossaryEntry, ListItem, Paragraph, Section

from .text import PAREN_ORDINAL_RE, ORDINAL_RE, clean_text, cn_number, norm

PART_RE = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
UNIT_ITEM_RE = re.compile(r"^(\d+)\s*[.、．]\s*(?!\d)(.+)$")
"""'1. …', '1、…' — not '180.00万…', a wrapped line that starts with an amount."""
GLOSSARY_RE = re.compile(r"^(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[)）])\s*([^：:]{1,30})[：:]\s*(.+)$")
END_PUNCT = "。；;！!？?：:」”)）"


def find_parts(lines: list[str]) -> dict[str, tuple[int, int, str]]:
    """Part name → (first line index after the heading, end index, title).

    The contents list repeats the part headings, so the last occurrence of each heading is the real one.
    """
    found: dict[str, tuple[int, int, str]] = {}
    for i, raw in enumerate(lines):
        m = PART_RE.match(raw.strip())
        if m and "\t" not in raw:
            title = m.group(2).strip()
            j = i + 1
            if not title:
                while j < len(lines) and not lines[j].strip():
                    j += 1
                title = lines[j].strip() if j < len(lines) else ""
                j += 1
            found[f"第{m.group(1)}部分"] = (i, j, clean_text(title))
    ordered = sorted(found.items(), key=lambda kv: kv[1][0])
    parts: dict[str, tuple[int, int, str]] = {}
    for n, (name, (_, start, title)) in enumerate(ordered):
        end = ordered[n + 1][1][0] if n + 1 < len(ordered) else len(lines)
        parts[name] = (start, max(start, end), title)
    return parts


def _heading(text: str) -> int:
    "Heading level of a prose line: 1 for 一、…, 2 for （一）…, 0 for body text"
    t = norm(text)
    if len(t) > 32 or any(c in t for c in "。；;，,"):
        return 0
    if ORDINAL_RE.match(t):
        return 1
    if PAREN_ORDINAL_RE.match(t):
        return 2
    return 0


def parse_prose(lines: list[str], part: str, start: int, end: int, skip: set[int],
                strict_headings: bool = False) -> tuple[list[Paragraph], list[Section]]:
    """Paragraphs (joined over hard line breaks) with their section path, from 0-based lines start..end.

    Lines with tabs (tables) and indexes in ``skip`` are not prose. With ``strict_headings`` (text extracted from a
    PDF, where every visual line is a line) a heading line always opens a new section, even after a line that
    does not end a sentence ('实施主体' followed by a bare name).
    """
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    h1 = h2 = ""
    buf: list[str] = []
    buf_start = 0
    last = 0

    def flush() -> None:
        nonlocal buf
        if buf:
            section = " / ".join(s for s in (h1, h2) if s)
            paragraphs.append(Paragraph(clean_text("".join(buf)), buf_start + 1, last + 1, part, section))
            buf = []

    for i in range(start, end):
        raw = lines[i]
        text = raw.strip()
        if not text or i in skip:
            if not text and buf and buf[-1][-1:] in END_PUNCT:
                flush()
            continue
        if "\t" in raw:
            flush()
            continue
        level = _heading(text)
        if level and (strict_headings or not (buf and buf[-1][-1:] not in END_PUNCT)):
            flush()
            if level == 1:
                h1, h2 = clean_text(text), ""
            else:
                h2 = clean_text(text)
            sections.append(Section(part, clean_text(text), i + 1))
            continue
        starts_item = bool(PAREN_ORDINAL_RE.match(norm(text)) or UNIT_ITEM_RE.match(text))
        lead_in = len(text) <= 8 and text[-1:] in "：:"  # a short '其中：' line opens its own paragraph
        if buf and (buf[-1][-1:] in END_PUNCT or starts_item or lead_in):
            flush()
        if not buf:
            buf_start = i
        buf.append(text)
        last = i
        if text[-1:] in "。；;" and not starts_item:
            pass
    flush()
    return paragraphs, sections


def duties_and_units(paragraphs: list[Paragraph]) -> tuple[list[ListItem], list[ListItem]]:
    "The numbered duties (（一）… items under 主要职责) and budget units (1. … under 机构设置)"
    duties: list[ListItem] = []
    units: list[ListItem] = []
    for p in paragraphs:
        m = PAREN_ORDINAL_RE.match(norm(p.text))
        if m and "职责" in p.section:
            n = cn_number(m.group(1))
            body = PAREN_ORDINAL_RE.sub("", p.text, count=1).strip()
            duties.append(ListItem(n or len(duties) + 1, body, p.line_start, p.line_end))
            continue
        u = UNIT_ITEM_RE.match(p.text)
        if u and "机构" in p.section:
            units.append(ListItem(int(u.group(1)), u.group(2).strip(), p.line_start, p.line_end))
    return duties, units


def parse_glossary(paragraphs: list[Paragraph]) -> dict[str, GlossaryEntry]:
    "一、term：definition lines → term → entry"
    out: dict[str, GlossaryEntry] = {}
    for p in paragraphs:
        m = GLOSSARY_RE.match(p.text)
        if m:
            term = m.group(3).strip()
            out[term] = GlossaryEntry(term, m.group(4).strip(), p.line_start, p.page)
    return out


def parse_template_sections(lines: list[str], skip: set[int], template, line_pages: list[int]):
    """The narrative of a template whose sections are named by headings (主要职能, 名词解释, … 项目经费情况说明).

    Each section's paragraphs go to the canonical part its description names, with the section path
    '<section> / <heading inside it>' ('项目经费情况说明 / <project> / 一、项目概述' for a per-project section).

    Returns (paragraphs, sections, duties, units, glossary, found) where ``found`` maps section name → heading lines.
    """
    heads: list[tuple[int, object, str]] = []
    for i, raw in enumerate(lines):
        if i in skip:
            continue
        spec = template.section_of(raw)
        if spec is not None:
            heads.append((i, spec, clean_text(raw)))
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    duties: list[ListItem] = []
    units: list[ListItem] = []
    found: dict[str, list[int]] = {}
    page = (lambda ln: line_pages[ln - 1] if 0 < ln <= len(line_pages) else 0)
    for k, (i, spec, heading) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        found.setdefault(spec.name, []).append(i + 1)
        # a section is cited by its heading as printed ('2025年部门预算编制说明', '<机构>机构设置'), so a reader finds it
        printed = norm(heading)
        prefix = printed or spec.name
        if spec.repeats:  # one per project: named by its printed title ('科技创新专项经费情况说明')
            prefix = f"{spec.name} / {printed}" if printed != norm(spec.name) else spec.name
        sections.append(Section(spec.part, prefix, i + 1))
        ps, ss = parse_prose(lines, spec.part, i + 1, end, skip, strict_headings=True)
        for sec in ss:
            sections.append(Section(sec.part, sec.heading, sec.line))
        for p in ps:
            path = f"{prefix} / {p.section}" if p.section else prefix
            para = Paragraph(p.text, p.line_start, p.line_end, spec.part, path, page(p.line_start))
            paragraphs.append(para)
            item = UNIT_ITEM_RE.match(p.text)
            paren = PAREN_ORDINAL_RE.match(norm(p.text))
            if spec.role == "duties" and (item or paren):
                n = int(item.group(1)) if item else (cn_number(paren.group(1)) or len(duties) + 1)
                body = item.group(2).strip() if item else PAREN_ORDINAL_RE.sub("", p.text, count=1).strip()
                duties.append(ListItem(n, body, p.line_start, p.line_end, para.page))
            elif spec.role == "units" and item:
                units.append(ListItem(int(item.group(1)), item.group(2).strip(), p.line_start, p.line_end, para.page))
    glossary = parse_glossary([p for p in paragraphs if p.part == "第四部分"])
    return paragraphs, sections, duties, units, glossary, found
