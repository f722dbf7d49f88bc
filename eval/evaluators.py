"""Small deterministic evaluators: each checks one thing about one answer and says why it failed.

Every evaluator is a dataclass with ``evaluate(turn, answer, doc) -> EvalResult``: ``turn`` is a ``cases.Turn``,
``answer`` is the batch contract (``Answer.as_json()``: answer, status, figures, citations, latency_ms) and ``doc``
the parsed ``BudgetDocument``. They run in order, cheapest first; none calls a model.

- ``StatusMatches``: answered / clarify / not_in_document as expected (clarify-or-answered takes either).
- ``FiguresStated``: every expected figure is stated in the text as the figure of the expected item, in the
  expected direction (see ``eval/reading.py`` for how the text is read); not merely somewhere in the text.
- ``TextAgreesWithFigures``: each listed figure the text states sits next to its own label, year and direction.
- ``CitesExpected``: the expected figure cites one of the expected sources (table/row/column, section, glossary).
- ``CitationsVerified``: every citation exists in the document, and every cited cell or sentence contains the
  figure that cites it (or an operand of its arithmetic).
- ``NoUnsupportedFigures``: every number of the text is a listed figure, its arithmetic, the question's or a cited
  source's — not any number that happens to be in the document.
- ``ArithmeticHolds``: every shown calculation is recomputed and holds.
- ``QuotesVerbatim``: every quotation is in the document as written.
- ``RequiredWords`` / ``ForbiddenWords``: the words the case requires are said; the ones it forbids are not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import ClassVar, Protocol

from budget_qa.results import CANNOT_ANSWER
from budget_qa.types import BudgetDocument, BudgetTable, CellRef
from index.text import norm, norm_key

from .cases import GlossaryCitation, SectionCitation, TableCitation, Turn
from assistant.guard import normalise_numbers

from .reading import (
    MONEY, NUMBER_RE, Stated, change_item, expressions, holds, label_names, label_year, masked, names, names_sides,
    english_terms, naming_score, owner_item, owner_named,
    qualifier_score, share_item, stated, table_score, to_decimal, year_near,
)

__all__ = [
    "DEFAULT_EVALUATORS", "ArithmeticHolds", "CitationsVerified", "CitesExpected", "EvalResult", "Evaluator",
    "FiguresStated", "ForbiddenWords", "NoUnsupportedFigures", "QuotesVerbatim", "RequiredWords", "StatusMatches",
    "TextAgreesWithFigures", "evaluate_turn", "numbers_in",
]

TAGS_RE = re.compile(r"</?p>")
COUNT_UNITS = frozenset({"个", "条", "项", "行", "次"})
"""Units of figures obtained by counting rows or items: no single cell contains them."""
ZERO = Decimal(0)
REFUSAL_WORDS = re.compile(re.escape(CANNOT_ANSWER) + r"|文件(?:中)?(?:没有|未)(?:给出|列出|说明|提供|包含)|不在(?:本)?文件"
                           r"|not in (?:the|this) document|the document does not say|cannot be answered", re.I)
"""A refusal says so in words (the status field alone is not what a reader reads)."""
QUOTE_RUN_ON = 6
"""Lines after the cited paragraph a verbatim quote may run on into."""
NOTE_ROWS = frozenset({"注", "note", "说明"})
"""Row labels that cite a table's note (注) rather than a row."""


@dataclass(frozen=True)
class EvalResult:
    passed: bool
    reason: str = ""
    evaluator: str = ""


class Evaluator(Protocol):
    name: ClassVar[str]

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult: ...


# ---------------------------------------------------------------------------------------------------- numbers


def numbers_in(text: str, *, strip_refs: bool = True) -> list[Decimal]:
    "Every number of a text in order ('53,451.95' → 53451.95); citation markers and source lines are not numbers"
    if strip_refs:
        text = masked(text)
    return [d for d in (to_decimal(t) for t in NUMBER_RE.findall(text or "")) if d is not None]


def _close(a: Decimal, b: Decimal, tol: Decimal) -> bool:
    return abs(a - b) <= tol or abs(abs(a) - abs(b)) <= tol


def _fmt(d: Decimal) -> str:
    return format(d, "f")


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _rounds_to(value: Decimal, shown: Decimal) -> bool:
    "value rounded half-up to shown's decimals equals shown (5.345195 → 5.35)"
    q = Decimal(1).scaleb(-_decimals(shown))
    return abs(value).quantize(q, rounding=ROUND_HALF_UP) == abs(shown)


# ---------------------------------------------------------------------------------------------------- document


@dataclass
class DocFacts:
    "What the evaluators look up in one document: its lines, every number in it, every cell by value"

    doc: BudgetDocument
    lines: list[str]
    numbers: frozenset[Decimal]
    cells_by_value: dict[Decimal, list[CellRef]]
    codes: frozenset[Decimal] = frozenset()
    """Row codes of the tables (function and economic classification), as numbers."""

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""

    def window(self, start: int, end: int) -> str:
        return TAGS_RE.sub("", "\n".join(self.lines[max(start - 1, 0) : max(end, 0)]))

    @functools.cached_property
    def column_names(self) -> frozenset[str]:
        "The tables' flattened column names ('基本支出预算/小计'), which answers quote as written by the parser"
        return frozenset(norm_key(c) for t in self.doc.tables for c in t.amount_columns)

    @functools.cached_property
    def normalized_text(self) -> str:
        "The whole document as one matching key (no whitespace, no quote marks): quotations are looked up in it"
        return norm_key(TAGS_RE.sub("", "".join(self.lines)))


_FACTS: dict[tuple[str, str], DocFacts] = {}


@dataclass
class LibraryFacts(DocFacts):
    """The facts of several loaded documents (a library): numbers, cells and text of all of them together; a citation
    is looked up in the document it names (``Citation.document``)."""

    parts: dict[str, DocFacts] = field(default_factory=dict)

    def of(self, doc_id: str | None) -> DocFacts:
        return self.parts.get(doc_id or "") or next(iter(self.parts.values()))

    @functools.cached_property
    def column_names(self) -> frozenset[str]:
        return frozenset().union(*(p.column_names for p in self.parts.values()))

    @functools.cached_property
    def normalized_text(self) -> str:
        return "\n".join(p.normalized_text for p in self.parts.values())


def _cited_in(c: dict, f: DocFacts) -> DocFacts:
    "The facts of the document a citation names (the only document, outside a library)"
    return f.of(c.get("document")) if isinstance(f, LibraryFacts) else f


def facts(doc: BudgetDocument | dict[str, BudgetDocument]) -> DocFacts:
    "The document's facts, built once per document version; for a library ({id: document}), all of theirs"
    if isinstance(doc, dict):
        parts = {i: facts(d) for i, d in doc.items()}
        first = next(iter(parts.values()))
        by_value: dict[Decimal, list[CellRef]] = {}
        for p in parts.values():
            for v, refs in p.cells_by_value.items():
                by_value.setdefault(v, []).extend(refs)
        return LibraryFacts(first.doc, first.lines, frozenset().union(*(p.numbers for p in parts.values())), by_value,
                            frozenset().union(*(p.codes for p in parts.values())), parts=parts)
    key = (doc.sha256, doc.source)
    if key not in _FACTS:
        if getattr(doc, "lines", None):  # the document's own lines (a text export, or the text a PDF was read as)
            text = "\n".join(doc.lines)
        else:
            try:
                text = Path(doc.source).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = "\n".join(p.text for p in doc.paragraphs)
        lines = text.split("\n")
        by_value: dict[Decimal, list[CellRef]] = {}
        for t in doc.tables:
            for cell in t.cells():
                by_value.setdefault(abs(cell.value), []).append(cell.ref)
        # NOTE: tables print codes spaced ('505 01'); the parsed code (50501) is in the document too.
        codes = {Decimal(c) for t in doc.tables for col in ("code", "gov_code") for c in t.frame[col] if str(c).isdigit()}
        numbers = {abs(n) for n in numbers_in(text, strip_refs=False)} | set(by_value) | codes
        _FACTS[key] = DocFacts(doc, lines, frozenset(numbers), by_value,
                               frozenset(codes | {Decimal(c[:3]) for c in map(str, codes) if len(c) > 3}))
    return _FACTS[key]


def _side(name: str) -> tuple[str, str]:
    "'收支总体情况表（支出）' / '收支总体情况表-支出' → ('收支总体情况表', '支出')"
    m = re.match(r"^(.*?)(?:[（(](收入|支出)[)）]|-(收入|支出))$", norm(name))
    return (norm_key(m.group(1)), m.group(2) or m.group(3)) if m else (norm_key(name), "")


def tables_named(doc: BudgetDocument, name: str) -> list[BudgetTable]:
    "The document's tables a citation's table name denotes (both halves of a two-sided table when no side)"
    base, side = _side(name)
    if not base:
        return []
    exact = [t for t in doc.tables if norm_key(t.title) == base and (not side or t.side == side)]
    if exact:
        return exact
    return [t for t in doc.tables if (base in norm_key(t.title) or norm_key(t.title) in base)
            and (not side or t.side == side) and len(base) >= 4]


def _segments(column: str) -> list[str]:
    return [norm_key(s) for s in (column or "").split("/") if s.strip()]


def column_matches(wanted: str, column: str) -> bool:
    "An expected column names the whole flat column or one level of it ('合计' ~ '2024年预算数/合计')"
    k = norm_key(wanted)
    return bool(k) and (k == norm_key(column) or k in _segments(column))


ROW_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
"""The ordinal a row label is printed with ('八、卫生健康支出', '（一）'): its place in the table, not its name."""


def _row_key_matches(wanted: str, label: str, code: str) -> bool:
    "A row is named by its label (with or without its printed ordinal) or by its code (2080101, '208 01 01')"
    k, digits = norm_key(wanted), re.sub(r"\D", "", code or "")
    bare = lambda x: norm_key(ROW_ORDINAL.sub("", x or ""))  # noqa: E731
    return bool(k) and (k == norm_key(label) or (bare(wanted) == bare(label) != "")
                        or (bool(digits) and re.sub(r"\D", "", k) == digits and k.replace(" ", "").isdigit()))


def _cell_name(ref: CellRef) -> str:
    side = f"（{ref.side}）" if ref.side else ""
    return f"{ref.table_title}{side}/{ref.row_label}/{ref.column}"


@dataclass(frozen=True)
class Located:
    "A cited source found in the document: its description and the numbers it contains"

    where: str
    numbers: frozenset[Decimal] = frozenset()
    blank: bool = False
    problem: str = ""


def table_cells(doc: BudgetDocument, table: str, row: str | None, column: str | None,
                code: str | None = None, line: int | None = None) -> list[tuple[Decimal | None, CellRef]]:
    """Cells of the document a (table, row, column) names; rows by label or code, the row may also name a column
    group (the pivoted “三公” table: row '2024年预算数', column '公务接待费'). Rows on ``line`` win when given."""
    out: list[tuple[Decimal | None, CellRef]] = []
    for t in tables_named(doc, table):
        recs = t.frame.to_dict("records")
        rows = [r for r in recs if (not row and not code) or (row and _row_key_matches(row, r["label"] or ("合计" if r["is_total"] else ""), r["code"]))
                or (code and re.sub(r"\D", "", code) == r["code"])]
        pivot = bool(row) and not rows
        if pivot:  # the row names a column group
            rows = recs
        if line and any(int(r["line"]) == line for r in rows):
            rows = [r for r in rows if int(r["line"]) == line]
        cols = t.amount_columns
        if column:
            exact = [c for c in cols if norm_key(c) == norm_key(column)]
            cols = exact or [c for c in cols if column_matches(column, c)]
        if pivot:
            cols = [c for c in cols if column_matches(row, c)]
        for r in rows:
            for c in cols:
                out.append((r[c], t.ref(r, c)))
    return out


def locate(value: Decimal, f: DocFacts, limit: int = 2) -> str:
    "Where a value is in the document, for a failure reason: cells first, then narrative lines"
    refs = f.cells_by_value.get(abs(value), [])
    if refs:
        names = list(dict.fromkeys(_cell_name(r) for r in refs))
        more = f" (+{len(names) - limit} more)" if len(names) > limit else ""
        return " and ".join(names[:limit]) + more
    for p in f.doc.paragraphs:
        if abs(value) in {abs(n) for n in numbers_in(p.text)}:
            return f"{p.part}/{p.section or '—'}（第{p.line_start}行）"
    for i, text in enumerate(f.lines, 1):  # 绩效目标表 lines and anything else the parser does not model
        if abs(value) in {abs(n) for n in numbers_in(text, strip_refs=False)}:
            return f"line {i} “{' '.join(text.split())[:30]}”"
    return ""


def _paragraph_span(f: DocFacts, line: int) -> tuple[int, int]:
    for p in f.doc.paragraphs:
        if p.line_start <= line <= p.line_end:
            return p.line_start, p.line_end
    return line, line


def _perf_span(f: DocFacts, line: int) -> tuple[int, int] | None:
    "The lines of the 绩效目标表 (project or special fund) a line is in"
    p = next((p for p in f.doc.performance if p.line_start <= line <= p.line_end), None)
    return (p.line_start, p.line_end) if p else None


def _describe_citation(c: dict) -> str:
    if c.get("kind") == "table" and c.get("table"):
        code = f"[{c['row_code']}]" if c.get("row_code") else ""
        return "/".join(x for x in (c.get("table", ""), (c.get("row_label") or "") + code, c.get("column", "")) if x)
    where = "/".join(x for x in (c.get("part", ""), c.get("section", "")) if x) or c.get("kind", "source")
    return f"{where}（第{c.get('line', '?')}行）"


def resolve_citation(c: dict, f: DocFacts) -> Located:
    "Look a cited source up in the document: a table cell or note, a narrative sentence, or a line (绩效目标表)"
    f = _cited_in(c, f)
    where = _describe_citation(c)
    line = int(c.get("line") or 0)
    kind = c.get("kind")
    if kind == "table" and tables_named(f.doc, c.get("table", "")):
        row, code, column = c.get("row_label") or "", c.get("row_code") or "", c.get("column") or ""
        noted = [t for t in tables_named(f.doc, c["table"]) if t.note and (norm_key(row) in NOTE_ROWS or not len(t.frame))]
        if noted:  # an empty table cited by its 注 ('2024年没有使用政府性基金预算拨款安排的支出')
            return Located(where, frozenset(abs(n) for n in numbers_in(noted[0].note)) | {ZERO}, blank=True)
        cells = table_cells(f.doc, c["table"], row or None, column or None, code=code or None, line=line or None)
        if not cells:
            t = tables_named(f.doc, c["table"])[0]
            has_row = any(_row_key_matches(row, r["label"], r["code"]) for r in t.frame.to_dict("records")) if row else True
            what = f"no row {row!r}" if not has_row else f"no column {column!r}"
            return Located(where, problem=f"cited {where}: {what} in {t.name}")
        at = sorted({ref.line for _, ref in cells})
        if line and line not in at:
            return Located(where, problem=f"cited {where} at line {line}, but that row is at line {', '.join(map(str, at))}")
        values = [v for v, _ in cells]
        nums = frozenset(abs(v) for v in values if v is not None)
        blank = all(v is None for v in values)
        return Located(where, nums | ({ZERO} if blank else frozenset()), blank=blank)
    if not 1 <= line <= len(f.lines):
        return Located(where, problem=f"cited {where}: line {line} is not in the document ({len(f.lines)} lines)")
    quote = c.get("quote") or ""
    if kind == "narrative" and quote:
        lo, hi = _perf_span(f, line) or _paragraph_span(f, line)
        # NOTE: a quote may run on into the next paragraph ('其中：' + '1. 因公出国…'); it must start in the cited one.
        at = norm(f.window(lo, hi + QUOTE_RUN_ON)).find(norm(quote))
        if 0 <= at < len(norm(f.window(lo, hi))):
            return Located(where, frozenset(abs(n) for n in numbers_in(quote)))
        at = next((i for i in range(1, len(f.lines) + 1) if norm(quote) in norm(f.window(*_paragraph_span(f, i)))), 0)
        problem = f"quote is at line {at}, not {line}" if at else "quote is not in the document"
        return Located(where, problem=f"cited {where}: {problem}: “{quote[:40]}”")
    # a narrative paragraph without quote, a list item, or a table the parser does not model (绩效目标表): the line
    lo, hi = _paragraph_span(f, line) if kind == "narrative" else (line, line)
    label = c.get("row_label") or (quote if kind != "narrative" else "")
    span = _perf_span(f, line) if kind == "table" else None
    if span:
        # a 绩效目标表 row is its project (or an indicator of it): named anywhere in that table; without a column
        # the citation is the whole table
        around = f.window(*span)
        if not c.get("column"):
            lo, hi = span
    else:
        around = f.window(line - 1, line + 1)
    if label and norm_key(label) not in norm_key(around):
        return Located(where, problem=f"cited {where}: line {line} does not contain {label!r}")
    return Located(where, frozenset(abs(n) for n in numbers_in(f.window(lo, hi))))


def cites(expected: TableCitation | SectionCitation | GlossaryCitation, c: dict, f: DocFacts) -> bool:
    "Whether one answer citation is the expected source"
    if getattr(expected, "document", None) and (c.get("document") or "") != expected.document \
            and isinstance(f, LibraryFacts):
        return False
    f = _cited_in(c, f)
    doc = f.doc
    if isinstance(expected, TableCitation):
        table = c.get("table") or ""
        if tables_named(doc, expected.table):
            if c.get("kind") != "table" or not table or not ({id(t) for t in tables_named(doc, table)}
                                                             & {id(t) for t in tables_named(doc, expected.table)}):
                return False
            # NOTE: the pivoted “三公” table is cited either way round: row 公务接待费 / column 2024年预算数, or
            # row 2024年预算数 / column 公务接待费. Row and column each name the row or a level of the column.
            def names(wanted: str) -> bool:
                return _row_key_matches(wanted, c.get("row_label") or "", c.get("row_code") or "") or \
                    column_matches(wanted, c.get("column") or "")

            return (not expected.row or names(expected.row)) and (not expected.column or names(expected.column))
        # a table the parser does not model (项目支出绩效目标表): by name and wording
        here = norm_key(" ".join(str(c.get(k) or "") for k in ("table", "section", "part")))
        words = norm_key(" ".join(str(c.get(k) or "") for k in ("row_label", "column", "quote")))
        line_text = norm_key(f.line(int(c.get("line") or 0)))
        named = norm_key(expected.table) in here
        in_section = "绩效目标表" in norm_key(expected.table) and any(
            lo <= int(c.get("line") or 0) < hi for lo, hi in _section_ranges(doc, "绩效目标表"))
        row_ok = not expected.row or norm_key(expected.row) in words or norm_key(expected.row) in line_text
        # a citation of a whole 绩效目标表 (no column) or a sentence quoted from it names the table, not a row: it
        # is the expected source when that table has the expected row; a cell (with a column) must be the row
        span = _perf_span(f, int(c.get("line") or 0))
        coarse = c.get("kind") == "narrative" or not c.get("column")
        if not row_ok and coarse and span:
            row_ok = norm_key(expected.row) in norm_key(f.window(*span))
        if not row_ok and span and expected.row:  # a cell of the project's own 绩效目标表, cited by the project's name
            project = next(p.name for p in doc.performance if (p.line_start, p.line_end) == span)
            row_ok = norm_key(expected.row) in norm_key(project) or norm_key(project) in norm_key(expected.row)
        return (named or in_section) and row_ok
    if isinstance(expected, SectionCitation):
        k = norm_key(expected.section)
        if any(k in norm_key(c.get(x) or "") for x in ("section", "part", "table")):
            return True
        line = int(c.get("line") or 0)
        if c.get("kind") == "table" and tables_named(doc, c.get("table") or ""):
            return False
        return any(lo <= line < hi for lo, hi in _section_ranges(doc, expected.section))
    entry = _glossary_entry(doc, expected.glossary)
    if entry is not None and int(c.get("line") or 0) == entry.line:
        return True
    text = norm_key(" ".join(str(c.get(k) or "") for k in ("quote", "row_label", "section", "table")))
    in_glossary = c.get("part") == "第四部分" or "名词解释" in norm_key(c.get("section") or "")
    return in_glossary and norm_key(expected.glossary) in text


def equivalent_cell(expected, c: dict, f: DocFacts) -> bool:
    """A cell of another table with the expected row and the expected cell's value: a 部门预算 repeats a subject's
    amount across tables (支出总体情况表 and 收支总体情况表 both hold 一般公共服务支出 747.59), and either cell shows it."""
    if not isinstance(expected, TableCitation) or not expected.row or c.get("kind") != "table":
        return False
    if expected.document and (c.get("document") or "") != expected.document and isinstance(f, LibraryFacts):
        return False
    f = _cited_in(c, f)
    if not tables_named(f.doc, expected.table) or not tables_named(f.doc, c.get("table") or ""):
        return False
    if not _row_key_matches(expected.row, c.get("row_label") or "", c.get("row_code") or "") and \
            not _same_total(expected, c):
        return False
    want = {abs(v) for v, _ in table_cells(f.doc, expected.table, expected.row, expected.column) if v is not None}
    got = resolve_citation(c, f)
    return bool(want) and not got.problem and not got.blank and bool(got.numbers & want)


def _expected_documents(turn: Turn) -> set[str]:
    "The documents the expected citations name (a library's case); empty when they name none"
    return {e.document for e in turn.expected.citations if getattr(e, "document", None)}


def _holds_expected_figure(turn: Turn, c: dict, f: DocFacts) -> str:
    """An expected amount (read from the document, not a sum, difference or rate) that a cited table cell or narrative
    sentence of the expected document holds, where the cell's own row (or the sentence) names the whole expected item
    and a year the cell's column names is the expected one: another place stating the same figure (a project's amount
    in its 绩效目标表 as well as in 项目支出预算情况表). '' when none."""
    documents = _expected_documents(turn)
    if documents and (c.get("document") or "") not in documents:
        return ""
    loc = resolve_citation(c, f)
    if loc.problem or loc.blank:
        return ""
    # a table cell is named by its row, and by its column where the row is only a total (a one-row table, the item
    # in the column's header: '合计' under '机关运行经费预算数')
    row = c.get("row_label") or ""
    named_by = c.get("quote") or "" if c.get("kind") == "narrative" else \
        row + (c.get("column") or "" if re.fullmatch(r"\s*(?:合\s*计|总\s*计|小\s*计)\s*", row) else "")
    column_year = label_year(c.get("column") or "", None)
    for e in turn.expected.figures:
        if not e.label or e.unit not in MONEY_UNITS or not e.value or " + " in e.label or " − " in e.label:
            continue
        if column_year is not None and column_year != label_year(e.label, f.doc.year):
            continue  # the 2023 cell of a table printing both years is not the 2024 figure
        v = abs(e.value)
        if not any(abs(n - v) <= e.tol or abs(n - v * 10000) <= e.tol * 10000 or abs(n * 10000 - v) <= e.tol
                   for n in loc.numbers):
            continue
        cores = [norm_key(n) for n in label_names(e.label)[:1] if len(norm_key(n)) >= 2]
        if any(core in norm_key(named_by) for core in cores):
            return f"{_fmt(e.value)} {e.unit} ({e.label})"  # the whole name, not a run of a column word
    return ""


def _cites_its_addends(turn: Turn, answer: dict, cited: list[dict], f: DocFacts) -> str:
    """An expected sum or share the answer computes from cells it cites: every operand of its arithmetic ('70.23 +
    164.80 + 57.34', '4,544.75 ÷ 4,825.95') is in a cell the figure cites, so the cells that make the figure are its
    source as much as a row printing it. '' when not so."""
    documents = _expected_documents(turn)
    if documents:
        cited = [c if (c.get("document") or "") in documents else {} for c in cited]  # the expected document's only
    for e in turn.expected.figures:
        for fig in _figures(answer):
            value, computation = _value(fig), fig.get("computation") or ""
            if value is None or abs(value - e.value) > e.tol or not re.search(r"[+÷]", computation):
                continue
            operands = [abs(n) for n in numbers_in(computation.split("=")[0])]
            cells = [resolve_citation(cited[n - 1], f) for n in fig.get("citations") or [] if 1 <= n <= len(cited)
                     and cited[n - 1].get("kind") == "table"]
            cells = [loc for loc in cells if not loc.problem and not loc.blank]
            free = list(cells)  # each operand its own cited table cell: no padding with a blank or a paragraph
            for n in operands:
                at = next((loc for loc in free if n in loc.numbers), None) if n else None  # a zero operand pads
                if at is None:
                    break
                free.remove(at)
            else:
                if len(operands) >= 2 and all(holds(x)[0] for x in expressions(computation)):
                    return f"cited the cells of all {len(operands)} operands of {_fmt(value)}"
    return ""


def _same_total(expected: TableCitation, c: dict) -> bool:
    """Both cells are totals of the same side: 收支总体情况表/本年收入合计 and 收入总体情况表/合计 publish one figure (the
    value is compared by the caller)"""
    total = re.compile(r"合计|总计")
    if not total.search(expected.row or "") or not total.search(c.get("row_label") or ""):
        return False
    if "总计" in (expected.row or "") and "总计" in (c.get("row_label") or "") and "收支" in expected.table:
        return True  # the grand totals of a two-sided 收支 table are one figure: 收入总计 = 支出总计
    side = next((w for w in ("收入", "支出") if w in (expected.row or "") + expected.table), "")
    return not side or side in (c.get("table") or "") + (c.get("row_label") or "")


def _glossary_entry(doc: BudgetDocument, term: str):
    k = norm_key(term)
    for name, entry in doc.glossary.items():
        if norm_key(name) == k:
            return entry
    return None


def _section_ranges(doc: BudgetDocument, heading: str) -> list[tuple[int, int]]:
    "Line ranges [start, end) of the sections whose heading contains the wording; a section ends at its next sibling"
    k = norm_key(heading)
    secs = sorted(doc.sections, key=lambda s: s.line)
    out = []
    for i, s in enumerate(secs):
        if k and k in norm_key(s.heading):
            sub = s.heading.lstrip().startswith(("（", "("))
            end = next((t.line for t in secs[i + 1 :] if sub or not t.heading.lstrip().startswith(("（", "("))
                        or t.part != s.part), None)
            out.append((s.line, end or 10**9))
    return out


# ---------------------------------------------------------------------------------------------------- evaluators


def _text(answer: dict) -> str:
    return answer.get("answer") or answer.get("text") or ""


def _figures(answer: dict) -> list[dict]:
    return list(answer.get("figures") or [])


def _citations(answer: dict) -> list[dict]:
    return list(answer.get("citations") or [])


def _value(fig: dict) -> Decimal | None:
    v = fig.get("value")
    return to_decimal(str(v)) if v is not None else None


def _status_note(answer: dict) -> str:
    if answer.get("status") == "error":
        return f" (the assistant failed: {_text(answer)[:120]})"
    if answer.get("status") not in (None, "answered"):
        return f" (status {answer.get('status')})"
    return ""


@dataclass
class StatusMatches:
    name: ClassVar[str] = "status"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        got = answer.get("status")
        want = turn.expected.status
        if turn.expected.accepts(got):
            if got == "not_in_document" and not REFUSAL_WORDS.search(_text(answer)):
                return EvalResult(False, "status not_in_document, but the text does not say the document cannot answer",
                                  self.name)
            return EvalResult(True, f"status {got}", self.name)
        want_text = "clarify or answered" if want == "clarify-or-answered" else want
        return EvalResult(False, f"expected status {want_text}, got {got}{_status_note(answer) if got == 'error' else ''}",
                          self.name)


MONEY_UNITS = frozenset(MONEY)


BARE_MULTIPLE_RE = re.compile(r"倍数|倍|几倍|倍率|比值|ratio|multiple|times")
"""A ratio's label that names no item: the multiple is what the answer states in 倍."""
GENERIC_COUNTERS = frozenset("个家项所")
"""Counters that count any units or items: '7家' and '7个' say the same number of budget units."""


def _units_compare(want: str, got: str) -> bool:
    "Whether a stated unit can express an expected one (money converts; %, counts and 倍 must match or be unstated)"
    if not got or not want:
        return True
    if got.startswith(want + "/"):  # '5000元/人' states 5000 元 (per person)
        return True
    if want in MONEY_UNITS or got in MONEY_UNITS:
        return want in MONEY_UNITS and got in MONEY_UNITS
    return norm(want) == norm(got) or (want in COUNT_UNITS and got in COUNT_UNITS | {"家", "人", "辆"}) or \
        {want, got} <= GENERIC_COUNTERS


def _same_magnitude(s: Stated, value: Decimal, unit: str, tol: Decimal) -> bool:
    "A stated number shows a value: equal within tolerance in the value's unit, or its rounding in the stated unit"
    if not _units_compare(unit, s.unit) or (unit in MONEY_UNITS | {"%"} and s.before_word):
        return False
    got = s.in_unit(unit)
    if got is None:
        return False
    if abs(abs(got) - abs(value)) <= tol:
        return True
    if s.unit in MONEY_UNITS and unit in MONEY_UNITS and s.unit != unit:
        want = abs(value) * MONEY[unit] / MONEY[s.unit]  # the value in the stated unit
        return _decimals(s.value) < _decimals(want) and _rounds_to(want, s.value)
    return False


def _sign_agrees(s: Stated, value: Decimal) -> bool:
    "A decrease must read as one (minus sign or 减少/下降…); an increase or a level must not read as a decrease"
    if value < 0:
        return s.sign == -1
    if value > 0:
        return s.sign != -1
    return True


def _english(label: str | None) -> bool:
    "A label written in English ('share of total expenditure'), not in the document's words"
    return bool(label) and bool(re.search(r"[A-Za-z]{3}", label)) and not re.search(r"[\u4e00-\u9fff]", label)


def _attached(s: Stated, label: str, others: list[str]) -> bool:
    """Whether a reader attaches the stated number to the item of ``label``: the words just before it name the item,
    or they name no other item and its sentence names this one earlier."""
    sides = names_sides(s.sentence, label)  # 'A比B多', 'A为B的倍数': the two sides in the same order and way, before a
    if sides is not None:  # run of either side's name is taken as naming the label
        return sides
    if names(s.near, label):
        return True
    rivals = [o for o in others if o and not names(o, label) and not names(label, o)]
    return not any(names(s.near, o) for o in rivals) and names(s.sentence, label)


def _sentences_figures(answer: dict) -> list[Stated]:
    "The numbers a reader takes as the answer's figures: not years, not inside shown arithmetic or a quotation"
    return [s for s in stated(_text(answer)) if not s.is_year and not s.in_arithmetic and not s.in_quote]


@dataclass
class FiguresStated:
    """Every expected figure is stated in the answer text as the figure of the expected item: same value (units
    convert), the direction a reader takes agrees with its sign (增加/减少, 增长/下降, a minus sign), and when the
    case names the item (``label``) the words before the number name it. A number shown only inside arithmetic, only
    in the figures list or only in a quote does not count."""

    name: ClassVar[str] = "figures"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        expected = turn.expected.figures
        if not expected:
            return EvalResult(True, "no figures expected", self.name)
        # a quotation of the document states its figures as well (QuotesVerbatim checks it is verbatim)
        tokens = [s for s in stated(_text(answer)) if not s.is_year and not s.in_arithmetic]
        others = [e.label for e in expected] + [f.get("label") or "" for f in _figures(answer)]
        missing = []
        for e in expected:
            same = [s for s in tokens if _same_magnitude(s, e.value, e.unit, e.tol)]
            signed = [s for s in same if _sign_agrees(s, e.value)]
            # '收支预算比上年增加', '服务预算占比', '区府办 三公经费': or the item alone
            labels = [e.label, *change_item(e.label), *share_item(e.label), *owner_item(e.label)]
            if owner_item(e.label):  # 'X局 Y': the number on a line that names that department, not another one
                signed = [s for s in signed if owner_named(s, e.label, _text(answer))]
            if _english(e.label):  # the answer names items in the document's Chinese: the label's budget terms, read
                # in Chinese, are named before the number; with none, the words before it name no other expected item
                zh = english_terms(e.label)
                named = [s for s in signed if (any(names(s.sentence, w) for w in zh) if zh else s.unit == "%" or not any(
                    names(s.near, x.label) for x in expected if x is not e and not _english(x.label)))]
            elif e.unit == "倍" and BARE_MULTIPLE_RE.fullmatch(norm_key(e.label)):
                named = [s for s in signed if s.unit == "倍"]  # a label that is only '倍数': any multiple stated as one
            else:
                named = [s for s in signed if not e.label or
                         any(_attached(s, lab, [o for o in others if o != e.label]) for lab in labels)]
            if named:
                if wrong := self._computed_instead(e, named[0], expected, answer, tokens):
                    missing.append(wrong)
                continue
            if signed:
                missing.append(f"expected {e.describe()}: {_fmt(signed[0].value)} is stated next to "
                               f"“{signed[0].near.strip()[-20:]}”, not {e.label!r}")
            elif same:
                way = "a decrease" if e.value < 0 else "an increase"
                missing.append(f"expected {e.describe()} as {way}: the text reads {_fmt(same[0].value)} the other way")
            else:
                missing.append(self._why(e, answer, tokens))
        if missing:
            return EvalResult(False, "; ".join(missing) + _status_note(answer), self.name)
        return EvalResult(True, f"all {len(expected)} figure(s) stated", self.name)

    @staticmethod
    def _computed_instead(e, first: Stated, expected, answer: dict, tokens: list[Stated]) -> str:
        """The answer's headline (its first figure) is another figure computed from the expected one ('合计 4,472.56
        = 1,326.12 + …' when 1,326.12 was asked): the result of an operation with the expected figure as an operand,
        expected by nobody."""
        head = tokens[0] if tokens else None
        if head is None or head.start >= first.start:
            return ""
        for fig in _figures(answer):
            v = _value(fig)
            if v is None or any(_close(v, x.value, x.tol) for x in expected):
                continue
            if not _same_magnitude(head, v, fig.get("unit") or "", CENT_TOL):
                continue
            for ex in expressions(fig.get("computation") or ""):
                sides = [[x[0] for k, x in side if k == "num"] for side in ex.sides]
                if any(len(n) == 1 and _close(n[0], v, CENT_TOL) for n in sides) and \
                        any(len(n) > 1 and any(_close(x, e.value, e.tol) for x in n) for n in sides):
                    return f"expected {e.describe()}, but the answer's result is {_fmt(v)} ({fig.get('label')}: {ex.text})"
        return ""

    @staticmethod
    def _why(e, answer: dict, tokens: list[Stated]) -> str:
        want = f"expected {e.describe()}"
        for s in stated(_text(answer)):
            if s.in_arithmetic and _same_magnitude(s, e.value, e.unit, e.tol):
                return f"{want}, answer has {_fmt(s.value)} only inside arithmetic"
        for fig in _figures(answer):
            v = _value(fig)
            if v is not None and _close(v, e.value, e.tol):
                return f"{want}, answer has {_fmt(v)} {fig.get('unit', '')} in its figures but not in its text"
        if not tokens:
            return f"{want}, answer states no figure"
        near = sorted({s.value for s in tokens}, key=lambda n: abs(abs(n) - abs(e.value)))[:3]
        return f"{want}, answer states {', '.join(_fmt(n) for n in near)}"


@dataclass
class TextAgreesWithFigures:
    """Every figure of the answer's figures list that its text states is stated as itself: next to its own label
    (not another item's), in its own year, in its own direction. This is what catches rotated labels, swapped
    figures and flipped direction words even where the case expects no such figure."""

    name: ClassVar[str] = "text-agrees"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        figures = [f for f in _figures(answer) if _value(f) is not None]
        if not figures:
            return EvalResult(True, "no figures listed", self.name)
        all_labels = [f.get("label") or "" for f in figures]
        text = _text(answer)
        problems = []
        reads: dict[int, bool] = {}
        for s in _sentences_figures(answer):
            if s.value == 0:
                continue
            mine = [i for i, f in enumerate(figures) if _same_magnitude(s, _value(f), f.get("unit") or "", CENT_TOL)]
            if not mine:
                other = [f for f in figures if s.unit and abs(abs(_value(f)) - abs(s.value)) <= CENT_TOL
                         and (f.get("unit") or "") not in MONEY_UNITS | {"%"} and norm(f.get("unit") or "") != norm(s.unit)]
                if other:  # '400万元/人' where the listed figure is 400 万元/户
                    problems.append(f"{_fmt(s.value)}{s.unit} is listed as {_fmt(_value(other[0]))}{other[0].get('unit')}")
                continue
            years = {i: _figure_year(figures[i], answer, doc) for i in mine}
            # an amount is read against the amounts (a share's label names its whole as well); a percentage against all
            kin = [lab for lab, f in zip(all_labels, figures) if s.unit == "%" or (f.get("unit") or "") != "%"]
            rivals = list(dict.fromkeys(kin))
            good = [i for i in mine if self._reads_as(s, figures[i], rivals, text, years[i])]
            for i in mine:
                reads[i] = reads.get(i, False) or bool(good)
            if not good and any(self._contradicts(s, figures[i], rivals, text, years[i]) for i in mine):
                f = figures[mine[0]]
                problems.append(f"{_fmt(s.value)}{s.unit} after “{s.near.strip()[-16:]}” reads as another item, year "
                                f"or direction than {f.get('label')!r} = {_fmt(_value(f))}")
        problems += [f"{figures[i].get('label')!r} = {_fmt(_value(figures[i]))} is stated without its name"
                     for i, ok in reads.items() if not ok]
        if problems:
            return EvalResult(False, "; ".join(problems[:3]), self.name)
        return EvalResult(True, "the text states each listed figure as itself", self.name)

    @staticmethod
    def _best(s: Stated, label: str, labels: list[str]) -> bool | None:
        """Whether the label is (one of) the best named by the words before the number, else by its sentence;
        None when neither names any listed item."""
        for where in (s.near, s.sentence):
            # the item's name first; between labels naming it equally, a change for a number read as a change
            # ('比上年减少 0.80') and a level for any other, the year the text names, then the table
            as_change = bool(s.sign) or bool(CHANGE_LABEL_RE.search(s.near))  # '增加 8.60', '（变化率）为 430%'
            scores = {x: (naming_score(where, x), bool(CHANGE_LABEL_RE.search(x)) == as_change, _year_named(where, x),
                          qualifier_score(where, x), table_score(where, x)) for x in labels if x}
            top = max(scores.values(), default=(0, False, 0, 0, 0))
            if top[0] > 0:
                return scores.get(label, (0, False, 0, 0, 0)) == top
        return None

    @classmethod
    def _reads_as(cls, s: Stated, fig: dict, labels: list[str], text: str, doc_year: int | None) -> bool:
        label = fig.get("label") or ""
        if s.sign and not _sign_agrees(s, _value(fig)):
            return False
        if CHANGE_LABEL_RE.search(label) and not s.sign:  # a change reads as one: 增加/减少 or a sign
            return False
        year = year_near(s, text)
        if year is not None and year not in _label_years(label, doc_year):
            return False
        return not label or bool(cls._best(s, label, labels))

    @classmethod
    def _contradicts(cls, s: Stated, fig: dict, labels: list[str], text: str, doc_year: int | None) -> bool:
        "Its direction or year is not the figure's, or the words before it name another listed item better"
        label = fig.get("label") or ""
        if s.sign and not _sign_agrees(s, _value(fig)):  # an explicit direction, the wrong one
            return True
        year = year_near(s, text)
        if year is not None and year not in _label_years(label, doc_year):
            return True
        return cls._best(s, label, labels) is False


def _label_years(label: str, doc_year: int | None) -> set[int | None]:
    "The years a figure's label names (a comparison of two years names both: '2025年是2024年的倍数'), else its own"
    years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", label or "")}
    return years if len(years) == 2 and RATIO_OR_CHANGE_RE.search(label or "") else {label_year(label, doc_year)}


RATIO_OR_CHANGE_RE = re.compile(r"倍|比|之比|变化|增长|增减|差")
"""A label relating two years: its number may be read after either year."""


def _year_named(text: str, label: str) -> int:
    "1 when the label names a year and the text names that year just before the number, else 0"
    years = re.findall(r"((?:19|20)\d{2})年", label or "")
    return int(bool(years) and years[-1] in text[-24:])


def _figure_year(fig: dict, answer: dict, doc) -> int | None:
    "The year of the document a figure is read from (in a library, the document its first citation names)"
    if not isinstance(doc, dict):
        return getattr(doc, "year", None)
    cited = _citations(answer)
    for n in fig.get("citations") or []:
        if 1 <= n <= len(cited) and cited[n - 1].get("document") in doc:
            return doc[cited[n - 1]["document"]].year
    return None


CENT_TOL = Decimal("0.005")
CHANGE_LABEL_RE = re.compile(r"变化额|变化率|增减|\bchange\b", re.I)


LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.、)）]|第\s*\d+\s*名)", re.M)


def _supported_numbers(turn: Turn, answer: dict, f: DocFacts) -> set[Decimal]:
    """What a number of the text may be: a listed figure (in any money unit), its arithmetic or label, the question,
    a cited source, a code of the document, or a count of the answer's own listed items (a reader can count them)."""
    ok: set[Decimal] = set()
    figures = _figures(answer)
    for fig in figures:
        v = _value(fig)
        if v is not None:
            ok.add(abs(v))
            unit = fig.get("unit") or ""
            if unit in MONEY:
                ok |= {abs(v) * MONEY[unit] / MONEY[u] for u in MONEY}
        for t in (fig.get("shown"), fig.get("computation"), fig.get("label")):
            ok |= {abs(n) for n in numbers_in(t or "")}
    ok |= {abs(n) for n in numbers_in(turn.question)}
    for c in _citations(answer):
        ok |= {abs(n) for n in numbers_in(c.get("quote") or "")}
        loc = resolve_citation(c, f)
        if not loc.problem:
            ok |= set(loc.numbers)
    return ok


def _counts_and_codes(answer: dict, f: DocFacts) -> set[Decimal]:
    "Numbers a text may show that are not amounts: the document's codes, and counts of the answer's own listed items"
    return set(f.codes) | {Decimal(len(_figures(answer))), Decimal(len(_citations(answer))),
                           Decimal(len(LIST_ITEM_RE.findall(_text(answer))))}


@dataclass
class CitesExpected:
    """The answer cites an expected source: any one of the listed ones (they are alternatives, e.g. a table cell or the
    narrative sentence stating the same figure). ``require_all=True`` asks for every one."""

    require_all: bool = False
    name: ClassVar[str] = "cites-expected"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        expected = turn.expected.citations
        if not expected:
            return EvalResult(True, "no citation expected", self.name)
        f = facts(doc)
        cited = _citations(answer)
        hits = [e for e in expected if any(cites(e, c, f) for c in cited)]
        ok = len(hits) == len(expected) if self.require_all else bool(hits)
        if ok:
            return EvalResult(True, "cited " + ", ".join(e.describe() for e in hits), self.name)
        same = [(e, c) for e in expected if e not in hits for c in cited if equivalent_cell(e, c, f)]
        if same and not self.require_all:
            e, c = same[0]
            return EvalResult(True, f"cited {_describe_citation(c)}: the same row and value as {e.describe()}", self.name)
        held = [(c, fig) for c in cited for fig in [_holds_expected_figure(turn, c, f)] if fig] \
            if not self.require_all else []
        if held:
            c, fig = held[0]
            return EvalResult(True, f"cited {_describe_citation(c)}: it states {fig} under that name", self.name)
        added = _cites_its_addends(turn, answer, cited, f) if not self.require_all else ""
        if added:
            return EvalResult(True, added, self.name)
        want = " or ".join(e.describe() for e in expected if e not in hits)
        if not cited:
            return EvalResult(False, f"cites nothing; expected {want}{_status_note(answer)}", self.name)
        got = "; ".join(_describe_citation(c) for c in cited[:3])
        return EvalResult(False, f"cited {got} but the figure is in {want}", self.name)


@dataclass
class CitationsVerified:
    """Every citation is in the document, and each cited cell or sentence contains the figure citing it (its value,
    or an operand of its arithmetic). Counted figures (个, 条…) that are not read from a cell are not checked."""

    name: ClassVar[str] = "citations-verified"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        cited = _citations(answer)
        if not cited:
            if answer.get("status") == "answered" and _figures(answer):
                return EvalResult(False, f"{len(_figures(answer))} figure(s) and no citation", self.name)
            return EvalResult(True, "no citations", self.name)
        f = facts(doc)
        located = [resolve_citation(c, f) for c in cited]
        problems = [loc.problem for loc in located if loc.problem]
        computations = [set(map(abs, numbers_in(x.get("computation") or ""))) for x in _figures(answer)]
        for fig in _figures(answer):
            value = _value(fig)
            if not fig.get("citations") and answer.get("status") == "answered":
                problems.append(f"figure {fig.get('shown') or value} cites nothing")
            if value is None or fig.get("unit") in COUNT_UNITS:
                continue
            # the figure's arithmetic may be shown with a sibling figure ('上年数 = 53,451.95 − 4,281.49 = 49,170.46')
            accepted = {abs(value)} | {abs(n) for n in numbers_in(fig.get("computation") or "")}
            accepted |= {n for nums in computations if abs(value) in nums for n in nums}
            for n in fig.get("citations") or []:
                if not 1 <= n <= len(located):
                    problems.append(f"figure {fig.get('shown') or value} cites [{n}], which the answer does not list")
                    continue
                loc = located[n - 1]
                if loc.problem or loc.numbers & accepted:
                    continue
                shown = fig.get("shown") or f"{_fmt(value)} {fig.get('unit', '')}".strip()
                content = "blank" if loc.blank else ", ".join(_fmt(x) for x in sorted(loc.numbers)[:3]) or "no figure"
                there = locate(value, f)
                problems.append(f"{shown} cited {loc.where} ({content}) " +
                                (f"but the figure is in {there}" if there else "and the figure is nowhere in the document"))
        if problems:
            return EvalResult(False, "; ".join(problems), self.name)
        return EvalResult(True, f"all {len(cited)} citation(s) found and consistent", self.name)


@dataclass
class NoUnsupportedFigures:
    """Every number of the answer text is one of its listed figures (or a unit conversion of one), a number of its
    shown arithmetic, of the question or of a source it cites; a rounding of one of those (5.35 of 5.345195) counts.
    A year counts when the document or the question has it. A number merely somewhere in the document does not."""

    name: ClassVar[str] = "no-unsupported"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        f = facts(doc)
        ok = _supported_numbers(turn, answer, f)
        not_amounts = _counts_and_codes(answer, f)
        unsupported = []
        # the document's own words quoted verbatim are its numbers; the rest is read with numerals written as digits
        text = QUOTE_ANY_RE.sub(lambda q: " " * len(q.group(0)) if _in_document(q.group(1), f) else q.group(0),
                                _text(answer))
        text = normalise_numbers(text)
        for s in stated(text):
            n = abs(s.value)
            if n in not_amounts and s.unit not in MONEY_UNITS | {"%"}:
                continue  # a code or a count of the answer's own items, never an amount
            year = s.is_year or (not s.unit and ENGLISH_YEAR_RE.match(text, s.start) is not None)
            if year and n in f.numbers | ok:
                continue
            if n in ok:
                continue
            if _decimals(n) and any(_rounds_to(x, n) for x in ok if _decimals(x) > _decimals(n)):
                continue
            unsupported.append(_fmt(n))
        if unsupported:
            return EvalResult(False, f"unsupported figure(s) {', '.join(dict.fromkeys(unsupported))}: neither a "
                                     "listed figure, its arithmetic, the question nor a cited source", self.name)
        return EvalResult(True, "every number is supported", self.name)


@dataclass
class ArithmeticHolds:
    "Every shown calculation (in the text and in each figure's arithmetic) is recomputed and holds"

    name: ClassVar[str] = "arithmetic"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        texts = [_text(answer)] + [fig.get("computation") or "" for fig in _figures(answer)]
        seen, problems, n = set(), [], 0
        for t in texts:
            for e in expressions(t):
                if e.text in seen:
                    continue
                seen.add(e.text)
                n += 1
                ok, why = holds(e)
                if not ok:
                    problems.append(why)
        if problems:
            return EvalResult(False, "; ".join(problems[:3]), self.name)
        return EvalResult(True, f"{n} calculation(s) hold", self.name)


QUOTE_SPAN_RE = re.compile(r"[“\"「『]([^”\"」』]{8,})[”\"」』]")
QUOTE_ANY_RE = re.compile(r"[“「『]([^”」』]+)[”」』]")
ENGLISH_YEAR_RE = re.compile(r"(?:19|20)\d{2}(?=\s+[A-Za-z]|\))")


def _in_document(quote: str, f: DocFacts) -> bool:
    "A quotation found in the document as written (or a column name the tables print)"
    key = norm_key(quote).rstrip("。.…")
    return bool(key) and (key in f.normalized_text or key in f.column_names)


@dataclass
class QuotesVerbatim:
    "Every quotation of the answer (8+ characters between quote marks) is in the document as written"

    name: ClassVar[str] = "quotes"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        spans = QUOTE_SPAN_RE.findall(_text(answer))
        if not spans:
            return EvalResult(True, "no quotations", self.name)
        f = facts(doc)
        bad = [q for q in spans if not _in_document(q, f)]
        if bad:
            return EvalResult(False, f"quotation not in the document: “{bad[0][:40]}”", self.name)
        return EvalResult(True, f"{len(spans)} quotation(s) found verbatim", self.name)


def _says(text: str, word: str) -> bool:
    return norm(word).lower() in norm(text).lower()


@dataclass
class RequiredWords:
    """The required words are in the answer text (whitespace and full/half width ignored, case-insensitive). A
    figure of zero does not stand for '没有': the words must be there."""

    name: ClassVar[str] = "must-contain"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        words = turn.expected.must_contain
        if not words:
            return EvalResult(True, "no words required", self.name)
        missing = [w for w in words if not _says(_text(answer), w)]
        if missing:
            return EvalResult(False, f"missing {', '.join(repr(w) for w in missing)}{_status_note(answer)}", self.name)
        return EvalResult(True, f"contains {', '.join(words)}", self.name)


@dataclass
class ForbiddenWords:
    "The words the case forbids (e.g. another department's name or a wrong direction) are not in the answer text"

    name: ClassVar[str] = "must-not-contain"

    def evaluate(self, turn: Turn, answer: dict, doc: BudgetDocument) -> EvalResult:
        said = [w for w in turn.expected.must_not_contain if _says(_text(answer), w)]
        if said:
            return EvalResult(False, f"says {', '.join(repr(w) for w in said)}", self.name)
        return EvalResult(True, "no forbidden words", self.name)


DEFAULT_EVALUATORS: tuple[Evaluator, ...] = (
    StatusMatches(), FiguresStated(), TextAgreesWithFigures(), CitesExpected(), CitationsVerified(),
    NoUnsupportedFigures(), ArithmeticHolds(), QuotesVerbatim(), RequiredWords(), ForbiddenWords(),
)


def evaluate_turn(turn: Turn, answer: dict, doc: BudgetDocument,
                  evaluators: tuple[Evaluator, ...] = DEFAULT_EVALUATORS) -> list[EvalResult]:
    """Run every evaluator on one answer; an evaluator that raises fails with its exception as the reason. A case
    that takes either asking or answering (clarify-or-answered) and got a question back is not held to the figures,
    sources and words the case lists (what an answer must show); every figure it does show is still checked."""
    out = []
    if turn.expected.status == "clarify-or-answered" and answer.get("status") == "clarify":
        evaluators = tuple(ev for ev in evaluators if not isinstance(ev, (FiguresStated, CitesExpected, RequiredWords)))
    for ev in evaluators:
        try:
            out.append(ev.evaluate(turn, answer, doc))
        except Exception as e:  # noqa: BLE001 — a broken answer must not stop the run
            out.append(EvalResult(False, f"evaluator error: {type(e).__name__}: {e}", getattr(ev, "name", type(ev).__name__)))
    return out
