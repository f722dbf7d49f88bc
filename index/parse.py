"""Read a 部门预算 text export into one BudgetDocument (tables, prose, glossary, performance targets)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from budget_qa.errors import DocumentError
from budget_qa.settings import get_settings
from budget_qa.types import BudgetDocument, TableKind

from .narrative import duties_and_units, find_parts, parse_glossary, parse_prose, parse_template_sections
from .pdf import is_pdf, read_pdf
from .performance import find_performance
from .tables import build_tables, find_blocks, repeated_tables
from .templates import Template, detect_template, other_document
from .text import clean_text, norm

YEAR_RE = re.compile(r"(20\d{2})\s*年")


MAX_BYTES = 200 * 1024 * 1024
"""Larger files are refused before reading: no budget document comes near this."""


def read_source(path: str | Path) -> bytes:
    "The file's bytes; a DocumentError that says what the path is when it is not a readable regular file"
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise DocumentError("no such file", path=str(p)) from None
    except NotADirectoryError:
        raise DocumentError("no such file (a parent in the path is not a directory)", path=str(p)) from None
    except PermissionError:
        raise DocumentError("permission denied", path=str(p)) from None
    except OSError as e:
        raise DocumentError(f"cannot read the file ({e.strerror or e})", path=str(p)) from None
    kind = _file_kind(st.st_mode)
    if kind:
        raise DocumentError(f"this is {kind}, not a document file", path=str(p))
    if st.st_size > MAX_BYTES:
        raise DocumentError(f"the file is {st.st_size:,} bytes: too large for a budget document", path=str(p))
    try:
        return p.read_bytes()
    except PermissionError:
        raise DocumentError("permission denied", path=str(p)) from None
    except OSError as e:
        raise DocumentError(f"cannot read the file ({e.strerror or e})", path=str(p)) from None


def _file_kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device (such as /dev/zero)"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _utf16(data: bytes) -> str:
    "'UTF-16LE'/'UTF-16BE' when the bytes look like UTF-16 text (BOM, or NULs in every other byte), else ''"
    if len(data) % 2:
        return ""
    for bom, name in ((b"\xff\xfe", "UTF-16LE"), (b"\xfe\xff", "UTF-16BE")):
        if data[:2] == bom:
            try:
                text = data[2:].decode(name.lower().replace("utf-16", "utf-16-"))
            except UnicodeDecodeError:
                return ""
            return name if text.isprintable() or "\n" in text else ""
    head = data[:4000]
    if len(head) >= 8:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even < odd // 8:
            return "UTF-16LE"
        if even > len(head) // 4 and odd < even // 8:
            return "UTF-16BE"
    return ""


def decode_text(data: bytes, path: str) -> list[str]:
    "A text export's lines; a clear DocumentError for empty, UTF-16, binary or non-UTF-8 bytes"
    if not data.strip():
        raise DocumentError("the file is empty", path=path)
    enc = _utf16(data)
    if enc:
        raise DocumentError(f"this is {enc} text; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)", path=path)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError("this is a binary file, not a text export or PDF of a 部门预算", path=path, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DocumentError(f"not UTF-8 text (byte {e.start})", path=path, line=line) from None
    return text.split("\n")


def read_lines(path: str | Path) -> tuple[list[str], str]:
    "The document's lines and its sha256; a clear DocumentError for missing, empty or binary files"
    data = read_source(path)
    return decode_text(data, str(path)), hashlib.sha256(data).hexdigest()


def parse_document(path: str | Path) -> BudgetDocument:
    """Parse a 部门预算: a text export of the 12-table template or a text-layer PDF of a template in templates.toml.

    Raises:
        DocumentError: the path is not a readable file; the file is empty, binary, UTF-16, an encrypted, damaged or
            scanned PDF, another kind of document, not a 部门预算, incomplete, repeated, or a table is malformed.
    """
    data = read_source(path)
    return _parse_bytes(data, str(path), hashlib.sha256(data).hexdigest())


def _parse_bytes(data: bytes, src: str, sha: str) -> BudgetDocument:
    if is_pdf(data):
        return _parse_pdf(data, src, sha)
    return _parse_text(decode_text(data, src), src, sha)


def _parse_text(lines: list[str], src: str, sha: str) -> BudgetDocument:
    head = "\n".join(x for x in lines[:60] if x.strip())
    other = other_document(next((clean_text(x) for x in lines if x.strip()), ""))
    if other is not None:
        raise DocumentError(f"this is a {other.name}, not a 部门预算", path=src, line=1)
    template = detect_template(head, "text")
    parts = find_parts(lines)
    tables_part = parts.get("第二部分")
    t_start, t_end = (tables_part[0], tables_part[1]) if tables_part else (0, len(lines))
    blocks = find_blocks(lines, t_start, t_end)
    if not blocks:
        raise DocumentError("no budget tables found (a table title followed by 部门(单位)：…): not a 部门预算?", path=src)
    # NOTE: over the whole text, not only the last 第二部分: a document pasted twice has its tables twice
    _check_repeats(find_blocks(lines, 0, len(lines)) if tables_part else blocks, src, lambda b: f"line {b.title_line}")
    _check_truncation(blocks, src, t_end == len(lines) and len(parts) > 0)
    tables = build_tables(blocks, src)
    if not any(t.kind != TableKind.generic for t in tables):
        raise DocumentError("none of the standard 部门预算 tables was found", path=src, line=blocks[0].title_line)

    table_lines = {ln - 1 for b in blocks for ln, _ in b.lines} | {b.title_line - 1 for b in blocks}
    paragraphs, sections, duties, units, glossary = _narrative_by_parts(lines, parts, table_lines)
    perf_range = parts.get("第三部分", (0, len(lines), ""))
    performance = find_performance(lines, perf_range[0], perf_range[1])

    title = next((clean_text(x) for x in lines if x.strip()), "")
    department = next((t.department for t in tables if t.department), "")
    doc = _assemble(
        src, sha, title, lines, tables, department,
        level="单位" if "单位预算" in norm(title) else "部门",
        paragraphs=paragraphs, sections=sections, duties=duties, units=units, glossary=glossary,
        performance=performance, document_type=template.document_type if template else "部门预算",
        template=template.name if template else "", source_format="text",
        narrative_unit=template.narrative_unit if template else None,
    )
    if template is not None:
        _check_complete(doc, template, src, parts=parts)
    else:
        doc.warnings.append("no known template matched the title: completeness was not checked")
    return doc


def _narrative_by_parts(lines: list[str], parts: dict, table_lines: set[int], line_pages: list[int] | None = None):
    """The narrative of a template laid out in parts (第一部分 概况, 第三部分 说明, 第四部分 名词解释): paragraphs with
    their heading path, duties, units and glossary; with ``line_pages`` (a PDF) each keeps its page.

    Table lines end a paragraph (a PDF's table rows are replaced by a tab line: the text export's rows have tabs)."""
    if line_pages:
        lines = [f"\t{x.strip()}\t" if i in table_lines and x.strip() else x for i, x in enumerate(lines)]
        table_lines = set()
    page = (lambda ln: line_pages[ln - 1] if line_pages and 0 < ln <= len(line_pages) else 0)
    paragraphs, sections = [], []
    for part in ("第一部分", "第三部分", "第四部分"):
        if part in parts:
            start, end, _title = parts[part]
            ps, ss = parse_prose(lines, part, start, end, table_lines)
            paragraphs += [replace(p, page=page(p.line_start)) for p in ps]
            sections += ss
    duties, units = duties_and_units([p for p in paragraphs if p.part == "第一部分"])
    duties = [replace(d, page=page(d.line_start)) for d in duties]
    units = [replace(u, page=page(u.line_start)) for u in units]
    glossary = parse_glossary([p for p in paragraphs if p.part == "第四部分"])
    return paragraphs, sections, duties, units, glossary


def _parse_pdf(data: bytes, src: str, sha: str) -> BudgetDocument:
    content = read_pdf(data, src)
    template = content.template
    _check_repeats(content.blocks, src, lambda b: f"page {b.page}", with_line=False)
    tables = build_tables(content.blocks, src)
    parts = found = None
    performance = []
    if template.narrative == "parts":
        parts = find_parts(content.lines)
        paragraphs, sections, duties, units, glossary = _narrative_by_parts(
            content.lines, parts, content.table_lines, content.line_pages)
        perf_range = parts.get("第三部分", (0, len(content.lines), ""))
        performance = find_performance(content.lines, perf_range[0], perf_range[1])
    else:
        paragraphs, sections, duties, units, glossary, found = parse_template_sections(
            content.lines, content.table_lines, template, content.line_pages)
    cover_lines = [norm(x) for x in content.cover.splitlines() if x.strip()]
    title = _cover_title(cover_lines)
    department, level = "", "部门"
    for line in cover_lines:
        for owner in template.owner_patterns:
            m = owner.pattern.search(line)
            if m and not department:
                department, level = m.group("name").strip(), owner.level
    printed = next((t.department for t in tables if t.department), "")
    if not department or (printed.startswith(department) and len(printed) > len(department)):
        department = printed  # a name the cover wraps onto a second line is printed whole above the tables
    doc = _assemble(
        src, sha, title, content.lines, tables, department, level=level,
        paragraphs=paragraphs, sections=sections, duties=duties, units=units, glossary=glossary,
        performance=performance, document_type=template.document_type, template=template.name, source_format="pdf",
        narrative_unit=template.narrative_unit, page_count=content.page_count, line_pages=content.line_pages,
        warnings=list(content.warnings),
    )
    _check_complete(doc, template, src, parts=parts, found=found)
    return doc


def _cover_title(cover_lines: list[str]) -> str:
    "The cover's title line (year and 预算), joined with the lines it wraps onto when the year and 预算 are apart"
    for i, line in enumerate(cover_lines):
        if YEAR_RE.search(line) and "预算" in line:
            return line
        if YEAR_RE.search(line):
            joined = line
            for more in cover_lines[i + 1:i + 3]:
                joined += more
                if "预算" in more:
                    return joined
    return cover_lines[0] if cover_lines else ""


def _assemble(src: str, sha: str, title: str, lines: list[str], tables: list, department: str, *, level: str,
              narrative_unit: str | None, **fields) -> BudgetDocument:
    """The document of either reader: year from the title (else the first pages), the tables' most common unit,
    the region from the title or the department's name"""
    year_match = YEAR_RE.search(norm(title)) or YEAR_RE.search(norm(" ".join(lines[:200])))
    units_seen = [t.unit for t in tables if t.unit]
    unit = max(set(units_seen), key=units_seen.count) if units_seen else (narrative_unit or "万元")
    return BudgetDocument(
        department=department, year=int(year_match.group(1)) if year_match else 0, unit=unit, source=src, sha256=sha,
        title=title, tables=tables, line_count=len(lines), region=_region(title, department), level=level,
        narrative_unit=narrative_unit or unit, lines=lines, **fields,
    )


def _region(title: str, department: str) -> str:
    "The place before the year in the title ('上海市普陀区2025年…'), else the place that opens the department's name"
    m = re.match(r"^(.+?)(?:20\d{2})年", norm(title))
    if m and re.search(r"[省市区县州盟旗]$", m.group(1)):
        return m.group(1)
    m = re.match(r"^(.{2,}?(?:自治区|省|市|自治州|区|县))", norm(department))
    return m.group(1) if m else ""


def _check_repeats(blocks, src: str, where, with_line: bool = True) -> None:
    "A table that starts again after other tables: the document (or part of it) is repeated"
    repeats = repeated_tables(blocks)
    if repeats:
        first, again = repeats[0]
        raise DocumentError(
            f"table {again.title!r} appears again at {where(again)} (first at {where(first)}): the document is "
            f"repeated ({len(repeats)} repeated tables); load one copy", path=src,
            line=again.title_line if with_line else None)


def _promised_sections(doc: BudgetDocument, template: Template, found: dict[str, list[int]]) -> list[str]:
    "Sections the contents list (before the first section heading) names but the document does not have"
    first = min((ln for lines in found.values() for ln in lines), default=len(doc.lines) + 1)
    promised: list[str] = []
    for raw in doc.lines[: first - 1]:
        entry = re.sub(r"^(?:[一二三四五六七八九十]+、|\d+\s*[.．、])|[….·\s]+$", "", norm(raw))
        spec = template.section_of(entry)
        if spec is not None and spec.name not in found and spec.name not in promised:
            promised.append(spec.name)
    return promised


def _check_complete(doc: BudgetDocument, template: Template, src: str, parts=None, found=None) -> None:
    "Every required table (with rows, or a 注 saying why it is empty) and section of the template is present"
    missing: list[str] = []
    kinds = {t.kind for t in doc.tables}
    for spec in template.required_tables():
        if spec.kind not in kinds:
            missing.append(f"table {spec.aliases[0]}")
            continue
        tabs = doc.tables_of(spec.kind)
        if all(t.frame.empty and not t.note for t in tabs):
            missing.append(f"the rows of table {tabs[0].title} (no row was read: tabs replaced by spaces?)")
    if parts is not None:
        bodies = {"第一部分": any(p.part == "第一部分" for p in doc.paragraphs),
                  "第二部分": bool(doc.tables),
                  "第三部分": any(p.part == "第三部分" for p in doc.paragraphs),
                  "第四部分": bool(doc.glossary)}
        for part in template.required_parts:
            if not bodies.get(part, part in parts):
                missing.append(f"part {part}")
    if found is not None:
        for s in template.sections:
            if s.required and s.name not in found:
                missing.append(f"section {s.name}")
        for name in _promised_sections(doc, template, found):
            if f"section {name}" not in missing:
                missing.append(f"section {name} (listed in the contents)")
    if missing:
        raise DocumentError(f"incomplete {template.document_type} (template {template.name}): missing "
                            + "; ".join(missing), path=src)


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


def _parser_version() -> str:
    "A digest of the parser's own code and template descriptions: a cached parse is reused only by the same parser"
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in ("parse.py", "pdf.py", "tables.py", "narrative.py", "performance.py", "text.py", "templates.py",
                 "templates.toml", "../budget_qa/types.py"):
        f = here / name
        h.update(f.read_bytes() if f.exists() else name.encode())
    return h.hexdigest()[:12]


PARSER_VERSION = _parser_version()


def cache_path(sha: str) -> Path:
    "Where the parse of a file with this sha256 is kept: $BUDGET_QA_HOME/parsed/<sha>-<parser version>.pickle"
    return get_settings().home / "parsed" / f"{sha}-{PARSER_VERSION}.pickle"


def _from_cache(path: Path) -> BudgetDocument | None:
    try:
        with open(path, "rb") as fh:
            doc = pickle.load(fh)  # NOTE: our own cache under the user's home, written by _to_cache only
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return doc if isinstance(doc, BudgetDocument) else None


def _to_cache(path: Path, doc: BudgetDocument) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parse-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        pass  # a cache that cannot be written only costs time


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int, home: str) -> BudgetDocument:
    data = read_source(path)
    sha = hashlib.sha256(data).hexdigest()
    cached = cache_path(sha)
    doc = _from_cache(cached)
    if doc is not None:
        doc.source = path
        return doc
    doc = _parse_bytes(data, path, sha)
    _to_cache(cached, doc)
    return doc


def load_document(path: str | Path) -> BudgetDocument:
    """parse_document, cached by file hash under $BUDGET_QA_HOME/parsed (across processes) and per file version
    (path, mtime, size) for the life of the process"""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        read_source(p)  # raises the DocumentError that says why
        raise
    if not stat.S_ISREG(st.st_mode):
        read_source(p)
    return _load_cached(str(p.resolve()), st.st_mtime_ns, st.st_size, str(get_settings().home))
