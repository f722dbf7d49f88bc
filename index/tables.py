"""Parse the standard tables of 第二部分 into BudgetTable frames.

A table is found by its title line followed by a 部门(单位) line, never by position. Consecutive blocks with the
same title are one table continued over a page break; each block's header is flattened on its own and cells are
aligned by header name, so a continuation that gains a column still lands in the right place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from budget_qa.errors import DocumentError
from budget_qa.types import ROW_COLUMNS, BudgetTable, TableKind

from .templates import templates, title_aliases
from .text import is_amount, norm, norm_key, parse_amount, strip_ordinal

# Title variants real documents use, matched on norm_key (no spaces, quotes or brackets): every template's aliases.
TITLE_ALIASES: dict[TableKind, tuple[str, ...]] = title_aliases()
_TITLE_INDEX = {norm_key(alias): kind for kind, aliases in TITLE_ALIASES.items() for alias in aliases}

DEPT_RE = re.compile(r"^部门[(（]单位[)）]\s*[:：]\s*(.*)$")
UNIT_RE = re.compile(r"^单位\s*[:：]\s*(\S+)")
NUMBERED_LABEL = re.compile(r"^\d{1,2}[.．、](?=\D)")
NOTE_RE = re.compile(r"^[(（]?\s*注\s*[:：]")
CODE_HEADS = {"科目编码", "类", "款", "项"}
TOTAL_LABELS = ("合计", "总计")


def table_kind(title: str) -> TableKind:
    "The kind of a table from its title (any template's aliases, with its year and 部门/单位 prefix), generic when unknown"
    kind = _TITLE_INDEX.get(norm_key(title))
    if kind is not None:
        return kind
    for t in templates():
        spec = t.table_spec(title)
        if spec is not None:
            return spec.kind
    return TableKind.generic


@dataclass
class _Block:
    title: str
    department: str
    unit: str
    title_line: int
    lines: list[tuple[int, list[str]]] = field(default_factory=list)
    note: str = ""
    page: int = 0
    """PDF page of the block (one block per page), 0 for a text export."""
    names: list[str] | None = None
    """Flat header names when the reader resolved the header itself (PDF: from the ruled cells' spans)."""
    head_rows: int = 0
    """How many of ``lines`` are header rows when ``names`` is given."""
    kind: TableKind | None = None
    """The kind the template recognised (title and header words); None = from the title alone."""


def find_blocks(lines: list[str], start: int, end: int) -> list[_Block]:
    """Table blocks (one per page) between 0-based line indexes start..end.

    A block starts at a title line followed (blank lines aside) by 部门(单位)：… and runs to the next title or end.
    """
    blocks: list[_Block] = []
    i = start
    current: _Block | None = None
    while i < end:
        raw = lines[i]
        text = raw.strip()
        if not text:
            i += 1
            continue
        nxt = _next_nonblank(lines, i + 1, end)
        if "\t" not in raw and nxt is not None and DEPT_RE.match(norm(lines[nxt])):
            dept = DEPT_RE.match(norm(lines[nxt])).group(1)
            current = _Block(title=norm(text), department=dept, unit="", title_line=i + 1)
            blocks.append(current)
            i = nxt + 1
            unit_at = _next_nonblank(lines, i, end)
            if unit_at is not None and UNIT_RE.match(norm(lines[unit_at])):
                current.unit = UNIT_RE.match(norm(lines[unit_at])).group(1)
                i = unit_at + 1
            continue
        if current is not None:
            if "\t" in raw:
                current.lines.append((i + 1, raw.rstrip("\n").split("\t")))
            elif NOTE_RE.match(norm(text)):
                current.note = text.strip("（）() ")
            else:
                current = None  # prose after a table ends it
        i += 1
    return blocks


def _next_nonblank(lines: list[str], i: int, end: int) -> int | None:
    while i < end and not lines[i].strip():
        i += 1
    return i if i < end else None


def _is_data_line(cells: list[str]) -> bool:
    "A data row has an amount, a subject code or an ordinal label; header rows have none of these"
    if any(is_amount(c) for c in cells):
        return True
    if any(re.fullmatch(r"\d{2,3}", c.strip()) for c in cells[:6]):
        return True
    return any(strip_ordinal(norm(c))[1] and len(norm(c)) > 2 for c in cells)


def flatten_header(rows: list[list[str]], width: int) -> list[str]:
    """One flat name per column from a multi-row header.

    An empty header cell takes the nearest name to its left in the same row when a lower header row names this
    column (it sits under a merged cell), so ``基本支出`` over ``小计 | 人员支出`` gives ``基本支出/人员支出``.
    """
    grid = [[norm(r[j]) if j < len(r) else "" for j in range(width)] for r in rows]
    names: list[str] = []
    for j in range(width):
        parts: list[str] = []
        for r, row in enumerate(grid):
            cell = row[j]
            if not cell and any(grid[r2][j] for r2 in range(r + 1, len(grid))):
                k = j - 1
                while k >= 0 and not row[k]:
                    k -= 1
                # only inherit across columns that are themselves sub-columns (named lower down)
                if k >= 0 and all(any(grid[r2][m] for r2 in range(r + 1, len(grid))) for m in range(k + 1, j + 1)):
                    cell = row[k]
            if cell:
                parts.append(cell)
        names.append("/".join(parts))
    return names


@dataclass
class _Layout:
    """Which columns of a block hold what."""

    names: list[str]
    code_groups: list[list[int]]  # runs of code columns; first = 部门/function code, second = 政府 code
    labels: list[int]  # label columns (one per code group / side)
    category: int | None
    amounts: dict[int, str]  # column index → amount column name
    sides: list[tuple[str, int, int]]  # (side, first col, end col) for two-sided tables


def _layout(names: list[str]) -> _Layout:
    code_groups: list[list[int]] = []
    labels: list[int] = []
    category = None
    amounts: dict[int, str] = {}
    prev_code = False
    for j, name in enumerate(names):
        leaf = name.split("/")[-1] if name else ""
        first = name.split("/")[0] if name else ""
        if first in CODE_HEADS or leaf in CODE_HEADS:
            if not prev_code:
                code_groups.append([])
            code_groups[-1].append(j)
            prev_code = True
            continue
        prev_code = False
        if "科目名称" in leaf or leaf.endswith("分类科目") or leaf in ("项目", "项目名称", "科目"):
            labels.append(j)
        elif leaf == "项目类别":
            category = j
        elif name:
            amounts[j] = name
    sides: list[tuple[str, int, int]] = []
    tops = [n.split("/")[0] if n else "" for n in names]
    distinct = list(dict.fromkeys(t for t in tops if t))
    if "收入" in tops and "支出" in tops:
        cut = tops.index("支出")
        sides = [("收入", 0, cut), ("支出", cut, len(names))]
    elif len(distinct) == 2 and distinct[0].endswith("收入") and distinct[1].endswith("支出") and "" not in tops:
        # '本年收入 | 本年支出', '财政拨款收入 | 财政拨款支出': a two-sided table
        cut = tops.index(distinct[1])
        sides = [("收入", 0, cut), ("支出", cut, len(names))]
    if sides:
        amounts = {j: n.split("/", 1)[1] if "/" in n else n for j, n in amounts.items()}
    return _Layout(names, code_groups, labels, category, amounts, sides)


class _RowBuilder:
    """Accumulates the rows of one table (or one side), carrying the 类/款 codes across page breaks."""

    def __init__(self, coded: bool):
        self.coded = coded
        self.rows: list[dict] = []
        self.cur = {"类": ("", -1), "款": ("", -1)}
        self.last_ordinal = -1
        self.after_total = False

    def add(self, line: int, label: str, codes: list[str], gov: tuple[str, str], category: str,
            values: dict[str, Decimal | None], page: int = 0) -> None:
        label, had_ordinal = strip_ordinal(norm(label))
        if not had_ordinal:
            # '1. 一般公共预算资金' under '一、财政拨款收入': a numbered sub-line keeps its level, loses its number
            label = NUMBERED_LABEL.sub("", label)
        has_amount = any(v is not None for v in values.values())
        if not label and not has_amount and not any(codes):
            return
        row_id = len(self.rows)
        code, level, parent = "", "", -1
        is_total = (not label and has_amount and not any(codes)) or label in TOTAL_LABELS or (
            label.endswith(TOTAL_LABELS) and not any(codes)
        )
        if self.coded and any(codes):
            code, level, parent = self._code(row_id, codes)
        elif not self.coded:
            if had_ordinal and not is_total:
                level, self.last_ordinal = "类", row_id
            elif not is_total and not self.after_total and self.last_ordinal >= 0:
                level, parent = "款", self.last_ordinal
        if is_total:
            self.after_total = True
        row = {
            "row_id": row_id,
            "label": label or ("合计" if is_total else ""),
            "code": code,
            "level": level,
            "parent_row": parent,
            "gov_code": gov[0],
            "gov_label": norm(gov[1]),
            "category": norm(category),
            "is_total": bool(is_total),
            "line": line,
            "page": page,
        }
        row.update(values)
        self.rows.append(row)

    def _code(self, row_id: int, codes: list[str]) -> tuple[str, str, int]:
        codes = [c.strip() for c in codes] + ["", "", ""]
        lei, kuan, xiang = codes[0], codes[1], codes[2]
        if lei:
            if kuan:  # economic tables repeat the 类 on every row
                if self.cur["类"][0] != lei:
                    self.cur["类"] = (lei, -1)
                if xiang:
                    return lei + kuan + xiang, "项", self.cur["款"][1]
                self.cur["款"] = (lei + kuan, row_id)
                return lei + kuan, "款", self.cur["类"][1]
            self.cur["类"] = (lei, row_id)
            self.cur["款"] = ("", -1)
            return lei, "类", -1
        if kuan:
            code = self.cur["类"][0] + kuan
            self.cur["款"] = (code, row_id)
            return code, "款", self.cur["类"][1]
        if xiang:
            return self.cur["款"][0] + xiang, "项", self.cur["款"][1]
        return "", "", -1


def drop_caption(names: list[str]) -> list[str]:
    """Remove a top header that stands over every amount column ('收入预算', '一般公共预算支出'): it captions the
    table rather than naming a column group, and the seed's tables have no such level."""
    layout = _layout(names)
    cols = sorted(layout.amounts)
    if layout.sides or len(cols) < 2:
        return names
    tops = {names[j].split("/")[0] for j in cols}
    if len(tops) != 1 or not all("/" in names[j] for j in cols):
        return names
    return [n.split("/", 1)[1] if j in layout.amounts else n for j, n in enumerate(names)]


def group_blocks(blocks: list[_Block]) -> list[list[_Block]]:
    "Consecutive blocks with the same title are one table continued over a page break"
    groups: list[list[_Block]] = []
    for b in blocks:
        if groups and norm_key(groups[-1][0].title) == norm_key(b.title):
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def repeated_tables(blocks: list[_Block]) -> list[tuple[_Block, _Block]]:
    "(first, repeat) for every table title that starts again after other tables: a repeated document"
    seen: dict[str, _Block] = {}
    out: list[tuple[_Block, _Block]] = []
    for group in group_blocks(blocks):
        key = norm_key(group[0].title)
        if key in seen:
            out.append((seen[key], group[0]))
        else:
            seen[key] = group[0]
    return out


def build_tables(blocks: list[_Block], path: str) -> list[BudgetTable]:
    "Merge page blocks into tables and parse their rows"
    groups = group_blocks(blocks)
    tables: list[BudgetTable] = []
    for group in groups:
        tables.extend(_parse_group(group, path))
    return tables


def _parse_group(group: list[_Block], path: str) -> list[BudgetTable]:
    first = group[0]
    kind = first.kind or table_kind(first.title)
    columns: dict[str, list[str]] = {}  # side → ordered amount names (union over pages)
    builders: dict[str, _RowBuilder] = {}
    header_lines: list[int] = []
    last_line = first.title_line
    layout: _Layout | None = None
    for block in group:
        if not block.lines:
            continue
        width = max(len(c) for _, c in block.lines)
        if block.names is not None:
            n_head = block.head_rows
        else:
            n_head = 0
            while n_head < len(block.lines) and not _is_data_line(block.lines[n_head][1]):
                n_head += 1
        if n_head == 0 and layout is None:
            raise DocumentError(f"table {block.title!r} has no header row", path=path, line=block.lines[0][0])
        if n_head:
            header_lines += [ln for ln, _ in block.lines[:n_head]]
            names = block.names if block.names is not None else flatten_header([c for _, c in block.lines[:n_head]], width)
            layout = _layout(names)
        assert layout is not None
        sides = layout.sides or [("", 0, width)]
        for side, lo, hi in sides:
            cols = columns.setdefault(side, [])
            prev = None
            for j in sorted(layout.amounts):
                if lo <= j < hi:
                    name = layout.amounts[j]
                    if name not in cols:  # a column a continuation page gains goes after its left neighbour
                        cols.insert(cols.index(prev) + 1 if prev in cols else len(cols), name)
                    prev = name
        for line, cells in block.lines[n_head:]:
            cells = cells + [""] * (width - len(cells))
            last_line = line
            for side, lo, hi in sides:
                b = builders.setdefault(side, _RowBuilder(coded=bool(layout.code_groups)))
                label_cols = [j for j in layout.labels if lo <= j < hi]
                groups_here = [g for g in layout.code_groups if lo <= g[0] < hi]
                label = cells[label_cols[0]] if label_cols else ""
                codes = [cells[j] for j in groups_here[0]] if groups_here else []
                gov = ("", "")
                if len(groups_here) > 1:
                    gov_code = "".join(cells[j].strip() for j in groups_here[1])
                    gov = (gov_code, cells[label_cols[1]] if len(label_cols) > 1 else "")
                category = cells[layout.category] if layout.category is not None else ""
                values: dict[str, Decimal | None] = {}
                for j, name in layout.amounts.items():
                    if lo <= j < hi:
                        raw = cells[j].strip()
                        value = parse_amount(raw)
                        if raw and value is None:
                            raise DocumentError(
                                f"table {first.title!r}: cell {raw!r} under {name!r} is not an amount",
                                path=path, line=line,
                            )
                        values[name] = value
                b.add(line, label, codes, gov, category, values, block.page)
    out: list[BudgetTable] = []
    for side, cols in (columns.items() or [("", [])]):
        rows = builders.get(side, _RowBuilder(False)).rows
        frame = pd.DataFrame(
            [[r.get(c) for c in ROW_COLUMNS] + [r.get(c) for c in cols] for r in rows],
            columns=ROW_COLUMNS + cols,
        )
        for c in cols:
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
        note = next((b.note for b in group if b.note), "")
        out.append(
            BudgetTable(
                kind=kind,
                title=first.title,
                unit=first.unit,
                department=first.department,
                line_start=first.title_line,
                line_end=max(last_line, max((ln for b in group for ln, _ in b.lines), default=last_line)),
                amount_columns=cols,
                frame=frame,
                side=side,
                note=note,
                header_lines=header_lines,
                pages=sorted({b.page for b in group if b.page}),
            )
        )
    return out
