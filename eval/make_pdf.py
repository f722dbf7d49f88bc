"""Render a text export of the 12-table template as a text-layer PDF, the way such budgets are published.

    python -m eval.make_pdf data/weihai-hrss-2024.txt tests/data/weihai-hrss-2024.pdf

The export is read as it is: its first line is the cover title, the part headings (第一部分 …) that come last are
the body (the earlier ones are the contents), a line followed by 部门(单位)：… is a table title, tab-separated lines
are table rows, other lines are headings and paragraphs. Nothing of a particular document is written here.

The page is what an office's PDF looks like: a cover, a contents page, each part from a new page, paragraphs with a
first-line indent, and each budget table on its own landscape page under its title, its 部门(单位) line and its
单位 line, every cell ruled, header cells spanning the columns they name, a 合计 spanning the code columns. A table
longer than a page runs on; its header is repeated on every page for every other table (``--repeat-header``), so
both kinds of continuation are in one file; likewise every other 绩效目标表 (a table without a title) may break
across pages and the others are kept whole on a page (``--split-untitled``). The HTML is printed by headless Chromium, offline, into a fresh
profile; the PDF is then stripped of its creation date so the same export gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
DEPT = re.compile(r"^部门\s*[(（]\s*单位\s*[)）]\s*[:：]")
UNIT = re.compile(r"^单位\s*[:：]")
NOTE = re.compile(r"^[(（]?\s*注\s*[:：]")
AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
CODE = re.compile(r"^\d{2,3}$")
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[)）])")
ITEM = re.compile(r"^\d+\s*[.、．]\s*(?!\d)")
END_PUNCT = "。；;！!？?：:」”)）"
"""A line ending in one of these ends its paragraph; otherwise the next line continues it (as the parser reads)."""


@dataclass
class Table:
    rows: list[list[str]]
    title: str = ""
    department: str = ""
    unit: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # part | heading | para | table
    text: str = ""
    table: Table | None = None
    subtitle: str = ""
    """A part's title printed on the line under its heading."""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _clean(text: str) -> str:
    "A line as printed: the export's leftover HTML paragraph tags and list markers removed"
    text = re.sub(r"</?p>", "", text).strip()
    return re.sub(r"^-\s+", "", text)


def _is_heading(text: str) -> bool:
    t = _squash(text)
    return len(t) <= 32 and not any(c in t for c in "。；;，,") and bool(ORDINAL.match(t))


def _next(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def read_export(lines: list[str]) -> tuple[str, list[str], list[Block]]:
    "(cover title, contents lines, body blocks) of a text export"
    first = _next(lines, 0)
    title = lines[first].strip() if first < len(lines) else ""
    last_of: dict[str, int] = {}
    for i, raw in enumerate(lines):
        m = PART.match(raw.strip())
        if m and "\t" not in raw:
            last_of[m.group(0)] = i
    body = min(last_of.values()) if last_of else first + 1
    contents = [_clean(x) for x in lines[first + 1: body] if x.strip()]
    blocks: list[Block] = []
    i = body
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", "".join(para)))
            para.clear()

    while i < len(lines):
        raw = lines[i]
        text = _clean(raw)
        if not text:
            i += 1
            continue
        nxt = _next(lines, i + 1)
        if "\t" not in raw and PART.match(text):
            flush()
            blocks.append(Block("part", text))
            if text == PART.match(text).group(0) and nxt < len(lines):  # '第一部分' with its title on the next line
                blocks[-1].subtitle = _clean(lines[nxt])
                i = nxt + 1
            else:
                i += 1
            continue
        if "\t" not in raw and nxt < len(lines) and DEPT.match(lines[nxt].strip()):
            flush()
            table = Table([], title=text, department=lines[nxt].strip())
            i = _next(lines, nxt + 1)
            if i < len(lines) and UNIT.match(lines[i].strip()):
                table.unit = lines[i].strip()
                i += 1
            i = _rows(lines, i, table)
            while (j := _next(lines, i)) < len(lines) and NOTE.match(lines[j].strip()):
                table.notes.append(lines[j].strip())
                i = j + 1
            prev = blocks[-1].table if blocks and blocks[-1].kind == "table" else None
            if prev is not None and _squash(prev.title) == _squash(table.title) and _continues(prev, table):
                pass  # the export's page break inside one table: its rows run on in one HTML table
            else:  # a new table, or one continued under another header (a column gained): printed again, titled
                blocks.append(Block("table", table=table))
            continue
        if "\t" in raw:
            flush()
            table = Table([])
            i = _rows(lines, i, table)
            blocks.append(Block("table", table=table))
            continue
        starts_item = bool(ORDINAL.match(_squash(text)) or ITEM.match(text))
        lead_in = len(text) <= 8 and text[-1:] in "：:"
        if _is_heading(text) and not (para and para[-1][-1:] not in END_PUNCT):
            flush()
            blocks.append(Block("heading", text))
        else:
            if para and (para[-1][-1:] in END_PUNCT or starts_item or lead_in):
                flush()
            para.append(text)
        i += 1
    flush()
    return title, contents, blocks


def _rows(lines: list[str], i: int, table: Table) -> int:
    "Tab-separated rows from line i (blank lines inside a table are skipped); the index after the last"
    while (j := _next(lines, i)) < len(lines) and "\t" in lines[j]:
        table.rows.append([_clean(c) if c.strip() else "" for c in lines[j].rstrip("\n").split("\t")])
        i = j + 1
    return i


def _header_count(rows: list[list[str]]) -> int:
    "Leading rows with no amount, no code and no numbered label: the header"
    for n, row in enumerate(rows):
        cells = [_squash(c) for c in row]
        if any(AMOUNT.match(c) or CODE.match(c) or ORDINAL.match(c) for c in cells if c):
            return n
    return len(rows)


def _continues(first: Table, more: Table) -> bool:
    "Join a continuation block's rows to the table when it repeats the same header (or has none)"
    n = _header_count(first.rows)
    m = _header_count(more.rows)
    def shape(rows: list[list[str]]) -> list[list[str]]:
        out = [[_squash(c) for c in r] for r in rows]
        for r in out:
            while r and not r[-1]:
                r.pop()
        return out

    if m and shape(more.rows[:m]) != shape(first.rows[:n]):
        return False
    first.rows += more.rows[m:]
    first.notes += more.notes
    return True


def _spans(head: list[list[str]], width: int) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) → (rowspan, colspan) of every header cell drawn; covered positions are absent.

    An empty cell right of a named one is under it when a lower header row names its column (the export writes a
    merged cell once, in its first column); an empty cell under a named one is the named cell continued."""
    grid = [[_squash(r[j]) if j < len(r) else "" for j in range(width)] for r in head]
    named_below = [[any(grid[r2][j] for r2 in range(r + 1, len(grid))) for j in range(width)] for r in range(len(grid))]
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(len(grid)):
        for j in range(width):
            if (r, j) in covered:
                continue
            cs = 1
            if grid[r][j]:
                while j + cs < width and not grid[r][j + cs] and named_below[r][j + cs]:
                    cs += 1
            rs = 1
            while r + rs < len(grid) and all(not grid[r + rs][k] and (r + rs, k) not in covered
                                             and not named_below[r + rs][k] for k in range(j, j + cs)):
                rs += 1
            for rr in range(r, r + rs):
                for k in range(j, j + cs):
                    if (rr, k) != (r, j):
                        covered.add((rr, k))
            spans[(r, j)] = (rs, cs)
    return spans


def _cell(text: str, tag: str = "td", rs: int = 1, cs: int = 1, cls: str = "") -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    attrs += f' class="{cls}"' if cls else ""
    return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"


def table_html(table: Table, repeat_header: bool, keep_whole: bool = True) -> str:
    width = max(len(r) for r in table.rows) if table.rows else 1
    rows = [r + [""] * (width - len(r)) for r in table.rows]
    titled = bool(table.title)
    n_head = _header_count(rows) if titled else 0
    head, body = rows[:n_head], rows[n_head:]
    spans = _spans(head, width)
    head_html = []
    for r, row in enumerate(head):
        cells = [_cell(row[j], "th", *spans[(r, j)]) for j in range(width) if (r, j) in spans]
        head_html.append("<tr>" + "".join(cells) + "</tr>")
    coded = bool(head) and "编码" in _squash(head[0][0])
    body_html = []
    for row in body:
        cells = []
        j = 0
        lead = next((k for k, c in enumerate(row) if c.strip()), 0)
        if coded and lead > 0 and _squash(row[lead]).endswith(("合计", "总计")):
            cells.append(_cell(row[lead], cs=lead + 1, cls="label"))  # 合计 over the code columns
            j = lead + 1
        for k in range(j, width):
            text = row[k]
            cls = "num" if AMOUNT.match(_squash(text)) else ("code" if CODE.match(_squash(text)) else "")
            cells.append(_cell(text, cls=cls))
        body_html.append("<tr>" + "".join(cells) + "</tr>")
    if repeat_header:
        inner = f"<thead>{''.join(head_html)}</thead><tbody>{''.join(body_html)}</tbody>"
    else:
        inner = f"<tbody>{''.join(head_html)}{''.join(body_html)}</tbody>"
    cls = "grid" + (" wide" if width > 10 else "") + ("" if titled else " plain") + (
        " whole" if not titled and keep_whole else "")
    out = f'<table class="{cls}">{inner}</table>'
    if titled:
        out = (f'<div class="budget-table"><p class="table-title">{html.escape(table.title)}</p>'
               f'<p class="table-dept">{html.escape(table.department)}</p>'
               + (f'<p class="table-unit">{html.escape(table.unit)}</p>' if table.unit else "")
               + out + "".join(f'<p class="note">{html.escape(n)}</p>' for n in table.notes) + "</div>")
    return out


CSS = """
@page { size: A4; margin: 22mm 20mm; }
@page landscape { size: A4 landscape; margin: 14mm 14mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.7; margin: 0; }
.cover { page: cover; height: 240mm; display: flex; align-items: center; justify-content: center; }
.cover h1 { font-family: "Noto Sans CJK SC", sans-serif; white-space: nowrap; font-weight: bold; }
.contents { break-before: page; }
.contents h2 { text-align: center; font-size: 18pt; }
.contents p { margin: 0.2em 0 0.2em 2em; }
.part { break-before: page; }
.part-title { text-align: center; font-family: "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: bold;
              margin: 0.8em 0; }
p.para { text-indent: 2em; margin: 0.7em 0; text-align: left; word-break: break-all; }
p.heading { font-family: "Noto Sans CJK SC", sans-serif; font-weight: bold; margin: 1em 0 0.6em; }
.budget-table { page: landscape; break-before: page; font-size: 9pt; line-height: 1.3; }
.table-title { text-align: center; font-family: "Noto Sans CJK SC", sans-serif; font-size: 15pt; font-weight: bold;
               margin: 0 0 0.6em; }
.table-dept { margin: 0.2em 0; }
.table-unit { margin: 0.2em 0 0.4em; text-align: right; }
.note { margin: 0.6em 0; }
table.grid { border-collapse: collapse; width: 100%; margin: 0.6em 0; font-size: 9pt; line-height: 1.3; }
table.grid.wide { font-size: 7.5pt; }
table.grid th, table.grid td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; }
table.grid th { font-weight: bold; text-align: center; }
table.grid tr { break-inside: avoid; }
table.grid.whole { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.code { text-align: center; white-space: nowrap; }
"""


def to_html(title: str, contents: list[str], blocks: list[Block], repeat: str = "alternate",
            split: str = "alternate") -> str:
    out = [f'<div class="cover"><h1 style="font-size:{_title_size(title)}pt">{html.escape(title)}</h1></div>']
    if contents:
        heading, *entries = contents
        out.append(f'<div class="contents"><h2>{html.escape(heading)}</h2>'
                   + "".join(f"<p>{html.escape(c)}</p>" for c in entries) + "</div>")
    n_titled = n_untitled = 0
    opened = False
    for b in blocks:
        if b.kind == "part":
            if opened:
                out.append("</div>")
            out.append(f'<div class="part"><p class="part-title">{html.escape(b.text)}</p>'
                       + (f'<p class="part-title">{html.escape(b.subtitle)}</p>' if b.subtitle else ""))
            opened = True
        elif b.kind == "heading":
            out.append(f'<p class="heading">{html.escape(b.text)}</p>')
        elif b.kind == "para":
            out.append(f'<p class="para">{html.escape(b.text)}</p>')
        elif b.kind == "table" and b.table is not None:
            repeat_header = repeat == "all" or (repeat == "alternate" and n_titled % 2 == 0)
            keep_whole = split == "none" or (split == "alternate" and n_untitled % 2 == 0)
            if b.table.title:
                n_titled += 1
            else:
                n_untitled += 1
            out.append(table_html(b.table, repeat_header, keep_whole))
    if opened:
        out.append("</div>")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>" + "\n".join(out) + "</body></html>")


def _title_size(title: str) -> int:
    "A cover title on one line: about 160 mm of A4 portrait for its characters, at most 26 pt"
    return max(12, min(26, int(450 / max(1, len(_squash(title))))))


def print_pdf(html_text: str, out: Path, chromium: str = CHROMIUM, timeout: int = 120) -> None:
    "Headless Chromium's print-to-PDF of the page, with no network and a throw-away profile"
    if not Path(chromium).exists() and shutil.which(chromium) is None:
        raise SystemExit(f"{chromium} not found: install Debian's chromium and fonts-noto-cjk")
    with tempfile.TemporaryDirectory(prefix="make-pdf-") as tmp:
        page = Path(tmp) / "budget.html"
        page.write_text(html_text, encoding="utf-8")
        target = Path(tmp) / "out.pdf"
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={Path(tmp) / 'profile'}",
               f"--print-to-pdf={target}", page.as_uri()]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if run.returncode != 0 or not target.exists():
            raise SystemExit(f"chromium failed ({run.returncode}): {run.stderr[-800:]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_stable(target.read_bytes()))


def _stable(pdf: bytes) -> bytes:
    "The PDF with a fixed creation and modification date of the same length, so the xref offsets hold"
    def fixed(m: re.Match) -> bytes:
        date = m.group(2)
        return m.group(1) + (b"20000101000000" + date[14:] if len(date) >= 14 else date)

    return re.sub(rb"(/(?:CreationDate|ModDate) \(D:)([^)]*)", fixed, pdf)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.make_pdf", description=__doc__.split("\n")[0])
    ap.add_argument("source", type=Path, help="a text export of the 12-table template (UTF-8, tab-separated tables)")
    ap.add_argument("out", type=Path, help="the PDF to write")
    ap.add_argument("--repeat-header", choices=("alternate", "all", "none"), default="alternate",
                    help="repeat a long table's header on its continuation pages: every other table (default), "
                         "all or none")
    ap.add_argument("--split-untitled", choices=("alternate", "all", "none"), default="alternate",
                    help="let a table without a title (a 绩效目标表) break across pages: every other one (default), "
                         "all or none (each kept whole on a page)")
    ap.add_argument("--html", type=Path, help="also keep the HTML page here")
    ap.add_argument("--chromium", default=CHROMIUM)
    args = ap.parse_args(argv)
    title, contents, blocks = read_export(args.source.read_text(encoding="utf-8-sig").split("\n"))
    page = to_html(title, contents, blocks, args.repeat_header, args.split_untitled)
    if args.html:
        args.html.write_text(page, encoding="utf-8")
    print_pdf(page, args.out, args.chromium)
    print(f"{args.out}: {args.out.stat().st_size:,} bytes from {args.source}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
