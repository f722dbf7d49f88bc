"""Read a text-layer PDF budget into lines and table blocks that the shared table parser turns into BudgetTables.

pdfplumber finds the ruled tables; each cell's span is worked out from the cell rectangles, so a spanned header
cell names every column under it and a 合计 spanning the code and name columns lands in the name column. Text
outside the page's visible box (one office's PDF carries a second, hidden copy of a page's text above the page)
is dropped before anything is read. The document becomes one sequence of lines — prose lines and table rows
(tab-joined) in reading order — each with its page, so every figure and paragraph is cited by page.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

from budget_qa.errors import DocumentError
from budget_qa.types import TableKind

from .performance import STARTS as PERFORMANCE_STARTS
from .tables import NOTE_RE, _Block, _layout, drop_caption
from .templates import Template, detect_template, other_document
from .text import INT_OR_AMOUNT_RE, norm, strip_ordinal, unify_radical

_CODE_CELL = re.compile(r"^\d{2,3}$")
_NUMBERED = re.compile(r"^\d+\s*[.．、]")
_PAGE_NUMBER = re.compile(r"^[-—–第]*\d{1,3}[-—–页]*$")
_TOTAL_WORDS = ("合计", "总计")
_EDGE = 1.0
"""Points of tolerance when deciding whether an object lies inside the page box."""
MIN_TEXT_CHARS_PER_PAGE = 3
"""Fewer extractable characters than this per page: a scan without a text layer (a stamped page number aside)."""


class _TypeThreeBBox(logging.Filter):
    """pdfminer warns, for every Type 3 font (Chromium's print-to-PDF writes its CJK fonts so), that the font
    descriptor has no FontBBox: the box is in the font dictionary and the text reads right, so the warning is noise
    on every load."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Could not get FontBBox")


logging.getLogger("pdfminer.pdffont").addFilter(_TypeThreeBBox())


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
        for ch in clipped.chars:
            if ch.get("text") and "\u2e80" <= ch["text"] <= "\u2fdf":
                ch["text"] = "".join(unify_radical(c) for c in ch["text"])
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
    if template is None and len(pages) > 1:
        # a cover that holds only the title: the contents on the next page name the template's parts
        template = detect_template(cover + "\n" + (pages[1].extract_text() or ""), "pdf")
    if template is None:
        raise DocumentError(f"not a 部门预算 of a known template (cover: {_first_line(cover)!r})", path=path)

    content = PdfContent([], [], [], set(), len(pages), cover, template)
    pending_title: tuple[str, int] | None = None
    pending_head: tuple[str, str] | None = None
    last: _Block | None = None
    last_xs: list[float] = []
    last_header: list[list[str]] = []
    """The header rows (cell texts) of the last table that had one."""
    prose_since_block = False
    """A prose line (not a table's header line, note or page number) or a skipped table since the last table block:
    a table after it starts anew rather than continuing the last one."""
    in_performance = False
    """Untitled tables since the first 绩效目标表 are 绩效目标表 or their parts, not tables the reader missed."""

    def add_line(text: str, page_no: int, table_row: bool = False) -> int:
        content.lines.append(text)
        content.line_pages.append(page_no)
        if table_row:
            content.table_lines.add(len(content.lines) - 1)
        return len(content.lines)

    def text_line(text: str, page_no: int) -> None:
        nonlocal pending_title, pending_head, prose_since_block
        t = norm(text)
        if template.is_table_title(text):
            pending_title = (t, add_line(text, page_no, True))
            pending_head = None
            return
        head = template.table_header(text)
        if head is not None and pending_title is not None:
            before = pending_head or ("", "")
            pending_head = (head.get("department", before[0]), head.get("unit", before[1]))
            add_line(text, page_no, True)
            return
        if last is not None and NOTE_RE.match(t) and last.page == page_no:
            last.note = text.strip().strip("（）() ")
            add_line(text, page_no, True)
            return
        if head is None and not _PAGE_NUMBER.match(t):
            prose_since_block = True
        add_line(text, page_no)

    raw_pages = []
    for page in pages:
        tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
        boxes = [t.bbox for t in tables]
        prose = page.filter(_outside(boxes)).extract_text_lines(return_chars=False) if boxes else \
            page.extract_text_lines(return_chars=False)
        raw_pages.append((page, tables, prose))
    margins = _margins(raw_pages) if template.join_wrapped_lines else {}
    wrap: dict | None = None
    """The prose line the next one may continue (join_wrapped_lines): its page, geometry and index in lines."""

    previous_prose: list[dict] = []
    for page_no, (page, tables, prose) in enumerate(raw_pages, start=1):
        prose, previous_prose = _drop_overflow_copy(prose, previous_prose), prose
        items = [(ln["top"], 0, ln) for ln in prose] + [(t.bbox[1], 1, t) for t in tables]
        items.sort(key=lambda x: (x[0], x[1]))
        for _, is_table, item in items:
            if not is_table:
                if template.join_wrapped_lines:
                    left, right = margins.get(round(page.width), (0.0, page.width))
                    if wrap is not None and _continues(wrap, item, page_no, left):
                        content.lines[wrap["index"]] += item["text"]
                    else:
                        text_line(item["text"], page_no)
                    index = len(content.lines) - 1
                    wrap = dict(item, page=page_no, index=index, right=right, prose=index not in content.table_lines)
                else:
                    text_line(item["text"], page_no)
                continue
            wrap = None
            grid = _grid(item)
            r = 0
            # rows inside the ruling that are really the title, the 编制部门 line or blank
            while r < len(grid.texts):
                joined = " ".join(_flat(c) for c in grid.texts[r] if c)
                t = norm(joined)
                if not t:
                    r += 1
                    continue
                if template.is_table_title(joined) or template.table_header(joined) is not None:
                    text_line(joined, page_no)
                    r += 1
                    continue
                break
            head_end = r
            while head_end < len(grid.texts) and not _is_data_row([grid.own(head_end, j) for j in range(grid.width)]) \
                    and any(norm(c) for c in grid.texts[head_end]):
                head_end += 1
            if pending_title is None and last is not None and last_header and head_end > r and not prose_since_block:
                head_end = r + _continued_header(grid, r, head_end, last_header)
            names = _header_names(grid, range(r, head_end)) if head_end > r else None
            if names is not None and template.drop_caption_header:
                names = drop_caption(names)
            block_lines: list[tuple[int, list[str]]] = []
            for rr in range(r, head_end):
                cells = [_flat(c) for c in grid.texts[rr]]
                block_lines.append((add_line("\t".join(cells), page_no, True), cells))
            remap = None
            if names is None and pending_title is None and last is not None and last_xs and not prose_since_block \
                    and (len(last_xs) != len(grid.xs) or any(abs(a - b) > 2 for a, b in zip(last_xs, grid.xs))):
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
            elif last is not None and not prose_since_block and (names is None or len(names) == len(last.names or names)):
                # a continuation page: same title, same columns; its header (if repeated) is dropped, and without
                # one the previous page's layout holds
                block = _Block(title=last.title, department=last.department, unit=last.unit,
                               title_line=last.title_line, lines=block_lines, page=page_no,
                               names=names if names is not None else last.names,
                               head_rows=head_end - r if names is not None else 0, kind=last.kind)
            else:
                first_cell = norm(grid.texts[r][0]) if r < len(grid.texts) and grid.texts[r] else ""
                if first_cell in PERFORMANCE_STARTS or in_performance:
                    in_performance = True  # 绩效目标表 and their parts (read from the lines by the performance reader)
                else:
                    content.warnings.append(f"第{page_no}页: a table without a title was skipped")
                prose_since_block = True  # what follows does not continue the table before this one
                continue
            in_performance = False
            prose_since_block = False
            content.blocks.append(block)
            last = block
            if head_end > r:
                last_header = [[norm(_flat(c)) for c in grid.texts[rr]] for rr in range(r, head_end)]
            if remap is None:
                last_xs = grid.xs
    return content


def _continued_header(grid: _Grid, r: int, head_end: int, header: list[list[str]]) -> int:
    """How many of the rows r..head_end (no amount, code or numbered label in them) are a header, on a page that
    may continue the last table: the rows repeating that table's header; or all of them when they name any of its
    header's words (a header of its own); else none — they are rows with a name and blank amounts ('上年结转')."""
    rows = [[norm(_flat(c)) for c in grid.texts[rr]] for rr in range(r, head_end)]
    n = len(header)
    if rows[:n] == header:
        return n
    words = {c for row in header for c in row if c}
    return head_end - r if any(c in words for row in rows for c in row if c) else 0


def _margins(raw_pages) -> dict[int, tuple[float, float]]:
    "Page width → (left margin, right edge) of the prose lines on pages of that width"
    out: dict[int, tuple[float, float]] = {}
    for page, _, prose in raw_pages:
        if not prose:
            continue
        key = round(page.width)
        left, right = out.get(key, (page.width, 0.0))
        out[key] = (min(left, min(ln["x0"] for ln in prose)), max(right, max(ln["x1"] for ln in prose)))
    return out


def _continues(prev: dict, line: dict, page_no: int, left: float) -> bool:
    """Whether a prose line continues the previous one as one wrapped paragraph: the same size, not indented (a
    first-line indent or a centred heading starts anew), the previous line running to the right edge (within two
    and a half characters: a line may end early to keep punctuation off the next line's start), and directly
    below it or at the top of the next page."""
    h = line["bottom"] - line["top"]
    if not prev["prose"] or abs(h - (prev["bottom"] - prev["top"])) > 0.5 or abs(line["x0"] - left) > 0.5 * h:
        return False
    if prev["x1"] < prev["right"] - 2.5 * h:
        return False
    if prev["page"] == page_no:
        return -0.5 * h <= line["top"] - prev["bottom"] < 0.9 * h
    return page_no == prev["page"] + 1


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
    if count < 3 or shift == 0:
        return lines  # lines at the very same place are a repeated page head (a table's title over its续表)

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
