"""Read a text-layer PDF budget into lines and table blocks that the shared table parser turns into BudgetTables.

pdfplumber finds the ruled tables; each cell's span is worked out from the cell rectangles, so a spanned header
cell names every column under it and a 合计 spanning the code and name columns lands in the name column. Text
outside the page's visible box (one office's PDF carries a second, hidden copy of a page's text above the page)
is dropped before anything is read. The document becomes one sequence of lines — prose lines and table rows
(tab-joined) in reading order — each with its page, so every figure and paragraph is cited by page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from budget_qa.errors import DocumentError
from budget_qa.types import TableKind

from .tables import NOTE_RE, _Block, _layout, drop_caption
from .templates import Template, detect_template, other_document
from .text import INT_OR_AMOUNT_RE, norm, strip_ordinal

_CODE_CELL = re.compile(r"^\d{2,3}$")
_NUMBERED = re.compile(r"^\d+\s*[.．、]")
_TOTAL_WORDS = ("合计", "总计")
_EDGE = 1.0
"""Points of tolerance when deciding whether an object lies inside the page box."""
MIN_TEXT_CHARS_PER_PAGE = 3
"""Fewer extractable characters than this per page: a scan without a text layer (a stamped page number aside)."""


@dataclass
class PdfContent:
    lines: list[str]
    line_pages: list[int]
    blocks: list[_Block]
    table_lines: set[int]
    """0-based indexes of lines that are table rows or table captions (not prose)."""
    page_count: int
    cover: str
    template: Template
    warnings: list[str] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]


def _open(data: bytes, path: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 — forces the page tree to be read, where a broken file fails
        return pdf
    except Exception as e:  # pdfminer raises many unrelated types for a damaged file
        causes = [x for x in (*e.args, e.__cause__, e.__context__) if isinstance(x, BaseException)]
        cause = causes[0] if causes else e
        for err in (e, *causes):
            if isinstance(err, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(err).lower() \
                    or "encrypt" in type(err).__name__.lower():
                raise DocumentError("the PDF is encrypted (password protected): open it and save an unprotected "
                                    "copy first", path=path) from None
        detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        raise DocumentError(f"the PDF is damaged and cannot be read ({detail[:120]})", path=path) from None


def _inside(box):
    x0, top, x1, bottom = box

    def keep(obj) -> bool:
        return (obj.get("x0", x0) >= x0 - _EDGE and obj.get("x1", x1) <= x1 + _EDGE
                and obj.get("top", top) >= top - _EDGE and obj.get("bottom", bottom) <= bottom + _EDGE)

    return keep


def _outside(boxes):
    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    return keep


@dataclass
class _Grid:
    """A ruled table as a grid: text of each origin cell, and for every position the origin covering it."""

    texts: list[list[str]]
    origin: list[list[tuple[int, int]]]
    top: float
    bbox: tuple[float, float, float, float]
    xs: list[float] = field(default_factory=list)
    """Left edge of each column."""
    boxes: dict[tuple[int, int], tuple] = field(default_factory=dict)
    """Rectangle of each origin cell."""

    @property
    def width(self) -> int:
        return len(self.texts[0]) if self.texts else 0

    def own(self, r: int, j: int) -> str:
        return self.texts[r][j] if self.origin[r][j] == (r, j) else ""


def _grid(table) -> _Grid:
    raw = table.extract()
    rows = table.rows
    ncol = max(len(r.cells) for r in rows)
    xs = sorted({c[0] for r in rows for c in r.cells if c is not None})
    ys = [r.bbox[1] for r in rows]
    boxes: dict[tuple[int, int], tuple] = {}
    for r, row in enumerate(rows):
        for j, c in enumerate(row.cells):
            if c is not None:
                boxes[(r, j)] = c
    origin = [[(r, j) for j in range(ncol)] for r in range(len(rows))]
    for (r, j), (x0, top, x1, bottom) in boxes.items():
        cols = [k for k, x in enumerate(xs) if x0 - 0.5 <= x < x1 - 0.5] or [j]
        rws = [k for k, y in enumerate(ys) if top - 0.5 <= y < bottom - 0.5] or [r]
        for rr in rws:
            for cc in cols:
                if rr < len(rows) and cc < ncol and (rr, cc) not in boxes:
                    origin[rr][cc] = (r, j)
    texts = [[(raw[r][j] or "") if j < len(raw[r]) else "" for j in range(ncol)] for r in range(len(rows))]
    return _Grid(texts, origin, table.bbox[1], table.bbox, xs, boxes)


def _flat(text: str) -> str:
    "A cell's text on one line: a wrapped Chinese name is one word"
    return re.sub(r"\s*\n\s*", "", text or "").strip()


def _is_data_row(cells: list[str]) -> bool:
    "An amount, a code or a numbered label; a 合计/总计 label only in the first cell (a header names 合计 columns)"
    texts = [norm(c) for c in cells]
    for t in texts:
        if not t:
            continue
        if INT_OR_AMOUNT_RE.match(t.replace("−", "-")) or _CODE_CELL.match(t):
            return True
        if strip_ordinal(t)[1] or _NUMBERED.match(t):
            return True
    # a 合计 row of an empty table: the label and nothing else
    return bool(texts) and texts[0].endswith(_TOTAL_WORDS) and not any(texts[1:])


def _header_names(grid: _Grid, rows: range) -> list[str]:
    names = []
    for j in range(grid.width):
        parts: list[str] = []
        seen: set[tuple[int, int]] = set()
        for r in rows:
            o = grid.origin[r][j]
            if o in seen:
                continue
            seen.add(o)
            text = norm(_flat(grid.texts[o[0]][o[1]]))
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append("/".join(parts))
    return names


def _data_cells(grid: _Grid, r: int, columns: list[float] | None = None) -> list[str]:
    """A data row's cells; a cell spanning several columns puts its text in the last of them (the name column).

    With ``columns`` (the left edges of the columns of the page the table continues), cells are placed by position:
    a page holding only a 合计 row has fewer ruled columns than the table it ends."""
    if columns is not None and grid.boxes:
        cells = [""] * len(columns)
        for j in range(grid.width):
            box = grid.boxes.get((r, j))
            if box is None:
                continue
            k = max((i for i, x in enumerate(columns) if x < box[2] - 1), default=0)
            cells[k] = _flat(grid.texts[r][j])
        return cells
    cells = [""] * grid.width
    for j in range(grid.width):
        o = grid.origin[r][j]
        if o == (r, j):
            span_end = max(k for k in range(grid.width) if grid.origin[r][k] == o)
            cells[span_end] = _flat(grid.texts[r][j])
    return cells


def read_pdf(data: bytes, path: str) -> PdfContent:
    """The PDF as lines and table blocks.

    Raises:
        DocumentError: encrypted or damaged PDF, no text layer, a document of another kind, no known template.
    """
    pdf = _open(data, path)
    try:
        return _read(pdf, path)
    finally:
        pdf.close()


def _read(pdf, path: str) -> PdfContent:
    pages = []
    total_chars = 0
    for page in pdf.pages:
        clipped = page.filter(_inside(page.bbox))
        total_chars += len(clipped.chars)
        pages.append(clipped)
    if total_chars < MIN_TEXT_CHARS_PER_PAGE * max(1, len(pages)):
        raise DocumentError(f"the PDF has no text layer ({len(pages)} pages, {total_chars} characters): a scan? "
                            "Run OCR on it first (e.g. ocrmypdf) or use the office's text PDF", path=path)
    cover = pages[0].extract_text() if pages else ""
    if len(norm(cover)) < 8 and len(pages) > 1:
        cover += "\n" + (pages[1].extract_text() or "")
    other = other_document(cover)
    if other is not None:
        raise DocumentError(f"this is a {other.name}, not a 部门预算 (cover: {_first_line(cover)!r})", path=path)
    template = detect_template(cover, "pdf")
    if template is None or template.source_format != "pdf":
        raise DocumentError(f"not a 部门预算 of a known template (cover: {_first_line(cover)!r})", path=path)

    content = PdfContent([], [], [], set(), len(pages), cover, template)
    pending_title: tuple[str, int] | None = None
    pending_head: tuple[str, str] | None = None
    last: _Block | None = None
    last_xs: list[float] = []

    def add_line(text: str, page_no: int, table_row: bool = False) -> int:
        content.lines.append(text)
        content.line_pages.append(page_no)
        if table_row:
            content.table_lines.add(len(content.lines) - 1)
        return len(content.lines)

    def text_line(text: str, page_no: int) -> None:
        nonlocal pending_title, pending_head
        t = norm(text)
        if template.is_table_title(text):
            pending_title = (t, add_line(text, page_no, True))
            pending_head = None
            return
        m = template.table_header.match(t) if template.table_header else None
        if m and pending_title is not None:
            pending_head = (m.group("department"), m.group("unit"))
            add_line(text, page_no, True)
            return
        if last is not None and NOTE_RE.match(t) and last.page == page_no:
            last.note = text.strip().strip("（）() ")
            add_line(text, page_no, True)
            return
        add_line(text, page_no)

    previous_prose: list[dict] = []
    for page_no, page in enumerate(pages, start=1):
        tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
        boxes = [t.bbox for t in tables]
        prose = page.filter(_outside(boxes)).extract_text_lines(return_chars=False) if boxes else \
            page.extract_text_lines(return_chars=False)
        prose, previous_prose = _drop_overflow_copy(prose, previous_prose), prose
        items = [(ln["top"], 0, ln["text"]) for ln in prose] + [(t.bbox[1], 1, t) for t in tables]
        items.sort(key=lambda x: (x[0], x[1]))
        for _, is_table, item in items:
            if not is_table:
                text_line(item, page_no)
                continue
            grid = _grid(item)
            r = 0
            # rows inside the ruling that are really the title, the 编制部门 line or blank
            while r < len(grid.texts):
                joined = " ".join(_flat(c) for c in grid.texts[r] if c)
                t = norm(joined)
                if not t:
                    r += 1
                    continue
                if template.is_table_title(joined) or (template.table_header and template.table_header.match(t)):
                    text_line(joined, page_no)
                    r += 1
                    continue
                break
            head_end = r
            while head_end < len(grid.texts) and not _is_data_row([grid.own(head_end, j) for j in range(grid.width)]) \
                    and any(norm(c) for c in grid.texts[head_end]):
                head_end += 1
            names = _header_names(grid, range(r, head_end)) if head_end > r else None
            if names is not None and template.drop_caption_header:
                names = drop_caption(names)
            block_lines: list[tuple[int, list[str]]] = []
            for rr in range(r, head_end):
                cells = [_flat(c) for c in grid.texts[rr]]
                block_lines.append((add_line("\t".join(cells), page_no, True), cells))
            remap = None
            if names is None and pending_title is None and last is not None and last_xs and \
                    (len(last_xs) != len(grid.xs) or any(abs(a - b) > 2 for a, b in zip(last_xs, grid.xs))):
                remap = last_xs
            for rr in range(head_end, len(grid.texts)):
                cells = _data_cells(grid, rr, remap)
                if not any(c.strip() for c in cells):
                    continue
                block_lines.append((add_line("\t".join(cells), page_no, True), cells))
            if pending_title is not None:
                title, title_line = pending_title
                dept, unit = pending_head or ("", "")
                spec = template.table_spec(title)
                block = _Block(title=title, department=dept, unit=unit, title_line=title_line, lines=block_lines,
                               page=page_no, names=names, head_rows=head_end - r,
                               kind=spec.kind if spec else TableKind.generic)
                if spec is not None:
                    if names is None:
                        content.warnings.append(f"第{page_no}页 {title!r}: no header row found")
                    else:
                        missing = template.missing_header_words(spec, " ".join(names))
                        if missing:
                            content.warnings.append(
                                f"第{page_no}页 {title!r}: header lacks {'、'.join(missing)} (expected for "
                                f"{spec.kind.value})")
                    if spec.unit and unit and unit != spec.unit:
                        content.warnings.append(f"第{page_no}页 {title!r}: declared unit {unit!r}, the template "
                                                f"expects {spec.unit!r}")
                    elif spec.unit and not unit:
                        block.unit = spec.unit
                        content.warnings.append(f"第{page_no}页 {title!r}: no 单位 line; the template's unit "
                                                f"{spec.unit!r} is assumed")
                pending_title = pending_head = None
            elif last is not None and (names is None or len(names) == len(last.names or names)):
                # a continuation page: same title, same columns; its header (if repeated) is dropped, and without
                # one the previous page's layout holds
                block = _Block(title=last.title, department=last.department, unit=last.unit,
                               title_line=last.title_line, lines=block_lines, page=page_no,
                               names=names if names is not None else last.names,
                               head_rows=head_end - r if names is not None else 0, kind=last.kind)
            else:
                content.warnings.append(f"第{page_no}页: a table without a title was skipped")
                continue
            content.blocks.append(block)
            last = block
            if remap is None:
                last_xs = grid.xs
    return content


def _drop_overflow_copy(lines: list[dict], previous: list[dict]) -> list[dict]:
    """Drop the lines that repeat the previous page's text box, shifted.

    A text box that overflows its page is drawn whole again on the next page, shifted up and clipped to what was
    not shown yet; pdfplumber ignores the clip, so the next page repeats lines of this one. They are recognised by
    the same text at the same x and one common vertical shift (at least 3 lines), and dropped.
    """
    if not previous or not lines:
        return lines
    where: dict[tuple[str, int], list[float]] = {}
    for ln in previous:
        where.setdefault((ln["text"], round(ln["x0"])), []).append(ln["top"])
    shifts: dict[int, int] = {}
    for ln in lines:
        for top in where.get((ln["text"], round(ln["x0"])), ()):
            d = round(top - ln["top"])
            shifts[d] = shifts.get(d, 0) + 1
    if not shifts:
        return lines
    shift, count = max(shifts.items(), key=lambda kv: kv[1])
    if count < 3:
        return lines

    def repeated(ln: dict) -> bool:
        tops = where.get((ln["text"], round(ln["x0"])), ())
        return any(abs(top - ln["top"] - shift) <= 1 for top in tops)

    # NOTE: the copy is the run of lines at the top of the page; lines that merely look alike further down (the
    # same sub-headings in every project's section) are the page's own text.
    ordered = sorted(lines, key=lambda ln: ln["top"])
    n = 0
    while n < len(ordered) and repeated(ordered[n]):
        n += 1
    return ordered[n:] if n >= 3 else lines


def _first_line(text: str) -> str:
    return next((x.strip() for x in (text or "").splitlines() if x.strip()), "")[:60]


def layout_of(names: list[str]):
    "The column roles of a header (for tests and diagnostics)"
    return _layout(names)
