"""Read a 部门预算 text export into one BudgetDocument (tables, prose, glossary, performance targets)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from budget_qa.errors import DocumentError
from budget_qa.types import BudgetDocument, TableKind

from .narrative import duties_and_units, find_parts, parse_glossary, parse_prose
from .performance import find_performance
from .tables import build_tables, find_blocks
from .text import clean_text, norm

YEAR_RE = re.compile(r"(20\d{2})\s*年")


def read_lines(path: str | Path) -> tuple[list[str], str]:
    "The document's lines and its sha256; a clear DocumentError for missing, empty or binary files"
    p = Path(path)
    if not p.is_file():
        raise DocumentError("no such file", path=str(p))
    data = p.read_bytes()
    if not data.strip():
        raise DocumentError("the file is empty", path=str(p))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError("this is a binary file, not a text export of a 部门预算", path=str(p), line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DocumentError(f"not UTF-8 text (byte {e.start})", path=str(p), line=line) from None
    return text.split("\n"), hashlib.sha256(data).hexdigest()


def parse_document(path: str | Path) -> BudgetDocument:
    """Parse a 部门预算 text export.

    Raises:
        DocumentError: the file is missing, empty, binary, not a 部门预算, or a table in it is malformed.
    """
    lines, sha = read_lines(path)
    src = str(path)
    parts = find_parts(lines)
    tables_part = parts.get("第二部分")
    t_start, t_end = (tables_part[0], tables_part[1]) if tables_part else (0, len(lines))
    blocks = find_blocks(lines, t_start, t_end)
    if not blocks:
        raise DocumentError("no budget tables found (a table title followed by 部门(单位)：…): not a 部门预算?", path=src)
    _check_truncation(blocks, src, t_end == len(lines) and len(parts) > 0)
    tables = build_tables(blocks, src)
    if not any(t.kind != TableKind.generic for t in tables):
        raise DocumentError("none of the standard 部门预算 tables was found", path=src, line=blocks[0].title_line)

    paragraphs, sections = [], []
    table_lines = {ln - 1 for b in blocks for ln, _ in b.lines} | {b.title_line - 1 for b in blocks}
    for part in ("第一部分", "第三部分", "第四部分"):
        if part in parts:
            start, end, title = parts[part]
            ps, ss = parse_prose(lines, part, start, end, table_lines)
            paragraphs += ps
            sections += ss
    duties, units = duties_and_units([p for p in paragraphs if p.part == "第一部分"])
    glossary = parse_glossary([p for p in paragraphs if p.part == "第四部分"])
    perf_range = parts.get("第三部分", (0, len(lines), ""))
    performance = find_performance(lines, perf_range[0], perf_range[1])

    title = next((clean_text(x) for x in lines if x.strip()), "")
    year_match = YEAR_RE.search(norm(title)) or YEAR_RE.search(norm(" ".join(lines[:200])))
    department = next((t.department for t in tables if t.department), "")
    unit = next((t.unit for t in tables if t.unit), "万元")
    return BudgetDocument(
        department=department,
        year=int(year_match.group(1)) if year_match else 0,
        unit=unit,
        source=src,
        sha256=sha,
        title=title,
        tables=tables,
        paragraphs=paragraphs,
        sections=sections,
        duties=duties,
        units=units,
        glossary=glossary,
        performance=performance,
        line_count=len(lines),
    )


def _check_truncation(blocks, src: str, ends_in_tables: bool) -> None:
    "A data row shorter than its header, or a document that stops inside its tables, is truncated"
    for b in blocks:
        if not b.lines:
            continue
        width = max(len(c) for _, c in b.lines[:3])
        line, cells = b.lines[-1]
        if len(cells) < width and any(c.strip() for c in cells):
            raise DocumentError(
                f"table {b.title!r} row has {len(cells)} cells where its header has {width}: truncated table?",
                path=src, line=line,
            )
    if ends_in_tables:
        last = blocks[-1]
        line = last.lines[-1][0] if last.lines else last.title_line
        raise DocumentError(f"the document ends inside table {last.title!r}: truncated?", path=src, line=line)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> BudgetDocument:
    return parse_document(path)


def load_document(path: str | Path) -> BudgetDocument:
    "parse_document, cached per file version (path, mtime, size) for the life of the process"
    p = Path(path)
    if not p.is_file():
        raise DocumentError("no such file", path=str(p))
    st = p.stat()
    return _load_cached(str(p.resolve()), st.st_mtime_ns, st.st_size)
