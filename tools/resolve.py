"""Map a user's wording to the rows (items) and columns (measures) of a BudgetDocument, with scores.

Every table row becomes an ``Item``. A table whose columns are ``<year>/<item>`` with one data row (the “三公”
table) is pivoted: each column group becomes an item and each year a measure. The resolver uses the document's own
labels and codes, the aliases of ``tools.aliases`` and character bigrams; it returns every plausible item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal

from budget_qa.doccache import per_document
from budget_qa.results import Candidate, Citation
from budget_qa.types import BudgetDocument, BudgetTable, CellRef, TableKind
from index.text import in_order, norm, norm_key

from .aliases import FILLER, ITEM_ALIASES, MEASURE_ALIASES, MEASURE_SYNONYMS, RELATIVE_YEARS, TABLE_ALIASES, TOTAL_WORDS, VERB_OBJECT

THRESHOLD = 0.5
RUN = 4
RUN_RE = re.compile(r"[\u4e00-\u9fff]{%d}" % RUN)
RUN_SCORE = 0.78
"""A wording sharing a distinctive run of RUN characters with a label matches it this well (above strip_frame's bar)."""
RUN_SHARE = 0.4
"""…and the run it shares must be this much of the wording ('退休人员的取暖补贴发放标准' names no '…退休人员一次性补贴')."""
RUN_GENERIC = re.compile(r"经费|资金|支出|项目|费用|预算|工作|单位|机关|事业")
"""Words of so many labels that a run containing them says nothing of which one ('运营经费')."""
TIER = 0.05
"""Items scoring within TIER of the best one are equally plausible."""

# NOTE: the order in which tables answer a question that names no table; procurement only when asked for.
TABLE_PRIORITY: tuple[TableKind, ...] = (
    TableKind.expenditure_summary, TableKind.gpb_expenditure, TableKind.income_summary, TableKind.fiscal_summary,
    TableKind.income_expenditure_summary, TableKind.three_public, TableKind.project_expenditure,
    TableKind.gpb_basic_expenditure, TableKind.basic_expenditure, TableKind.gov_fund_expenditure,
    TableKind.state_capital_expenditure, TableKind.generic, TableKind.procurement,
)
OPT_IN_TABLES = frozenset({TableKind.procurement})
TITLE_SUFFIXES = ("预算情况表", "情况表", "预算表", "明细表", "表")
YEAR_COL_RE = re.compile(r"^(\d{4})年[^/]*/(.+)$")
YEAR_RE = re.compile(r"(\d{4})年(?:度)?(?:预算数?)?")
CODE_RE = re.compile(r"(?<!\d)(\d{3})(?:[\s\-_.]*(\d{2}))?(?:[\s\-_.]*(\d{2}))?(?!\d)")


@dataclass
class Item:
    "One row of a table (or one column group of a pivoted table) with its amounts by measure"

    key: int
    table: BudgetTable
    label: str
    code: str
    level: str
    line: int
    is_total: bool
    measures: dict[str, tuple[Decimal | None, CellRef]]
    default_measure: str
    row_id: int = -1
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    category: str = ""
    gov_code: str = ""
    gov_label: str = ""
    keys: tuple[str, ...] = ()
    """Normalised wordings this item answers to (label, and for a table total the table's short names)."""
    side_keys: tuple[str, ...] = ()
    """Weaker wordings (政府经济分类 name)."""

    @property
    def table_name(self) -> str:
        return f"{self.table.title}（{self.table.side}）" if self.table.side else self.table.title

    def value(self, measure: str) -> Decimal | None:
        return self.measures[measure][0]

    def citation(self, measure: str) -> Citation:
        ref = self.measures[measure][1]
        return Citation(kind="table", table=self.table_name, row_label=ref.row_label, row_code=ref.row_code or "",
                        column=ref.column, line=ref.line, page=ref.page)

    def detail(self) -> str:
        bits = []
        if self.category:
            bits.append(f"项目类别：{self.category}")
        if self.gov_code:
            bits.append(f"政府经济分类 {self.gov_code} {self.gov_label}")
        if self.level:
            bits.append(f"{self.level}级")
        return "；".join(bits)

    def display(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.label}{code}"


@dataclass(frozen=True)
class Match:
    item: Item
    score: float
    via: str
    """The wording that matched (after aliases)."""


@dataclass
class Catalog:
    doc: BudgetDocument
    items: list[Item]
    keys: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """Each distinct wording → (item key, weight): 1.0 for labels, 0.9 for 政府经济分类 names."""
    grams: dict[str, frozenset[str]] = field(default_factory=dict)
    codes: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    table_hits: dict[str, list[BudgetTable]] = field(default_factory=dict)
    """resolve_tables answers, per wording (the document does not change)."""
    _runs: dict[str, tuple[str, ...]] | None = None

    def distinctive(self, wording: str) -> list[str]:
        """The wordings of the document that contain a run of RUN characters of ``wording`` found in at most two of
        them ('三支一扶' of '高校毕业生“三支一扶”及社区服务计划…'): a short form a citizen uses for a long label"""
        if self._runs is None:  # built on first use: most questions name a label well enough without it
            runs: dict[str, set[str]] = {}
            for k in self.keys:
                for i in range(len(k) - RUN + 1):
                    if RUN_RE.fullmatch(k[i: i + RUN]) and not RUN_GENERIC.search(k[i: i + RUN]):
                        runs.setdefault(k[i: i + RUN], set()).add(k)
            self._runs = {g: tuple(ks) for g, ks in runs.items() if len(ks) <= 2}
        found = (self._runs.get(wording[i: i + RUN], ()) for i in range(len(wording) - RUN + 1))
        keys = dict.fromkeys(k for ks in found for k in ks)
        return [k for k in keys if common_run(wording, k)[0] >= RUN_SHARE * len(wording) and _rest_fits(wording, k)]

    def index(self) -> None:
        for it in self.items:
            for k in it.keys:
                self.keys.setdefault(k, []).append((it.key, 1.0))
            for k in it.side_keys:
                self.keys.setdefault(k, []).append((it.key, 0.9))
            if it.code:
                self.codes.setdefault(it.code, []).append((it.key, 1.0))
            if it.gov_code:
                self.codes.setdefault(it.gov_code, []).append((it.key, 0.95))
        self.grams = {k: bigrams(k) for k in self.keys}

    def tables(self) -> list[BudgetTable]:
        return self.doc.tables


@per_document
def catalog(doc: BudgetDocument) -> Catalog:
    "The items of a document, built once per document object"
    cat = Catalog(doc, [])
    for table in doc.tables:
        _add_table(cat, table)
    cat.index()
    return cat


def table_short_names(title: str) -> tuple[str, ...]:
    "'一般公共预算“三公”经费支出情况表' → ('一般公共预算三公经费支出', '三公经费支出', '三公经费')"
    key = norm_key(title)
    for suffix in TITLE_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    names = [key]
    bare = key.removeprefix("一般公共预算").removeprefix("部门")
    names.append(bare)
    for tail in ("支出", "预算", "总体"):
        if bare.endswith(tail) and len(bare) > len(tail) + 1:
            names.append(bare[: -len(tail)])
    # NOTE: two-character leftovers ('支出', '收入') would match every row containing them
    return tuple(dict.fromkeys(n for n in names if len(n) >= 4))


def _pivot_columns(table: BudgetTable) -> dict[str, list[tuple[str, str]]] | None:
    "For a '<year>…/<item>' table with one data row: item path → [(measure, column)], else None"
    if len(table.frame) != 1 or not table.amount_columns:
        return None
    groups: dict[str, list[tuple[str, str]]] = {}
    for col in table.amount_columns:
        m = YEAR_COL_RE.match(col)
        if not m:
            return None
        measure = col.split("/", 1)[0]
        groups.setdefault(m.group(2), []).append((measure, col))
    return groups


def _caption_columns(table: BudgetTable) -> list[str] | None:
    """For a one-row table whose columns are items under a caption ('“三公”经费预算数/公务接待费', '机关运行经费预算数':
    the Shanghai “三公” table, one year only), its amount columns; else None"""
    if len(table.frame) != 1 or len(table.amount_columns) < 3 or not any("/" in c for c in table.amount_columns):
        return None
    rec = table.frame.iloc[0]
    if all(rec[c] is None for c in table.amount_columns):
        return None  # an empty table ('本表为空表') has no items
    return list(table.amount_columns)


def _add_table(cat: Catalog, table: BudgetTable) -> None:
    pivot = _pivot_columns(table)
    if pivot is not None:
        _add_pivot(cat, table, pivot)
        return
    captions = _caption_columns(table)
    if captions is not None:
        _add_caption_pivot(cat, table, captions)
        return
    frame = table.frame
    if frame.empty:
        return
    default = table.amount_columns[0]
    records = frame.to_dict("records")
    by_row: dict[int, int] = {}
    shorts = table_short_names(table.title)
    for rec in records:
        measures = {c: (rec[c], table.ref(rec, c)) for c in table.amount_columns}
        label = str(rec["label"])
        keys = [norm_key(label)]
        if rec["is_total"] and not table.side:
            keys += shorts
        item = Item(
            key=len(cat.items), table=table, label=label, code=str(rec["code"] or ""), level=str(rec["level"]),
            line=int(rec["line"]), is_total=bool(rec["is_total"]), measures=measures, default_measure=default,
            row_id=int(rec["row_id"]), category=str(rec["category"] or ""), gov_code=str(rec["gov_code"] or ""),
            gov_label=str(rec["gov_label"] or ""), keys=tuple(dict.fromkeys(k for k in keys if k)),
            side_keys=(norm_key(str(rec["gov_label"])),) if rec["gov_label"] else (),
        )
        by_row[item.row_id] = item.key
        cat.items.append(item)
    mine = [cat.items[by_row[int(r["row_id"])]] for r in records]
    for rec, item in zip(records, mine):
        parent_row = int(rec["parent_row"])
        if parent_row >= 0 and parent_row in by_row:
            item.parent = by_row[parent_row]
            cat.items[item.parent].children.append(item.key)
    _link_totals(cat, mine)


def _link_totals(cat: Catalog, rows: list[Item]) -> None:
    """A total at the top of a table sums every top-level row; a total further down sums the top-level rows since
    the previous total, plus that total (本年收入合计 … 收入总计)."""
    totals = [i for i, it in enumerate(rows) if it.is_total]
    prev = -1
    for n, i in enumerate(totals):
        total = rows[i]
        if i == 0 or (n == 0 and all(r.is_total for r in rows[:i])):
            members = [r for r in rows if not r.is_total and r.parent is None]
        else:
            members = ([rows[prev]] if prev >= 0 else []) + [
                r for r in rows[prev + 1: i] if not r.is_total and r.parent is None]
        for r in members:
            if r.parent is None:
                r.parent = total.key
            total.children.append(r.key)
        prev = i


def _add_pivot(cat: Catalog, table: BudgetTable, groups: dict[str, list[tuple[str, str]]]) -> None:
    rec = table.frame.to_dict("records")[0]
    measures_all = [m for m, _ in next(iter(groups.values()))]
    default = next((m for m in measures_all if m.startswith(str(_doc_year(cat.doc)))), measures_all[-1])
    items: dict[str, Item] = {}
    shorts = table_short_names(table.title)
    for path, cols in groups.items():
        parts = path.split("/")
        is_total = len(parts) == 1 and parts[0] in TOTAL_WORDS
        label = parts[-2] if len(parts) > 1 and parts[-1] in TOTAL_WORDS else parts[-1]
        node = "/".join(parts[:-1]) if len(parts) > 1 and parts[-1] in TOTAL_WORDS else path
        keys = [norm_key(label)] + (list(shorts) if is_total else [])
        item = Item(
            key=len(cat.items), table=table, label=label, code="", level="", line=int(rec["line"]),
            is_total=is_total, measures={m: (rec[c], table.ref(rec, c)) for m, c in cols}, default_measure=default,
            row_id=int(rec["row_id"]), keys=tuple(dict.fromkeys(keys)),
        )
        items[node] = item
        cat.items.append(item)
    total = next((it for it in items.values() if it.is_total), None)
    for node, item in items.items():
        if item.is_total:
            continue
        parent_node = node.rsplit("/", 1)[0] if "/" in node else None
        parent = items.get(parent_node) if parent_node else total
        if parent is not None and parent is not item:
            item.parent = parent.key
            parent.children.append(item.key)


CAPTION_SUFFIXES = ("预算数", "预算")


def _caption_label(part: str) -> str:
    "'“三公”经费预算数' → '“三公”经费'; '机关运行经费预算数' → '机关运行经费'"
    for suffix in CAPTION_SUFFIXES:
        if part.endswith(suffix) and len(part) > len(suffix) + 1:
            return part[: -len(suffix)]
    return part


def _add_caption_pivot(cat: Catalog, table: BudgetTable, columns: list[str]) -> None:
    """Each column of a one-row table becomes an item with one measure (the document's year): '…/合计' is the caption's
    total, '…/X/小计' is X, and a leaf under 'A购置及运行费' also answers to 'A购置费' / 'A运行费'."""
    rec = table.frame.to_dict("records")[0]
    measure = f"{_doc_year(cat.doc)}年预算数"
    shorts = table_short_names(table.title)
    nodes: dict[str, Item] = {}
    leaves: dict[str, list[str]] = {}
    for col in columns:
        parts = col.split("/")
        if len(parts) > 1 and parts[-1] in TOTAL_WORDS:
            node, label = "/".join(parts[:-1]), _caption_label(parts[-2])
        else:
            node, label = col, _caption_label(parts[-1])
            leaves.setdefault("/".join(parts[:-1]), []).append(parts[-1])
        is_total = len(parts) == 2 and parts[-1] in TOTAL_WORDS
        keys = [norm_key(label)] + (list(shorts) if is_total else [])
        item = Item(
            key=len(cat.items), table=table, label=label, code="", level="", line=int(rec["line"]),
            is_total=is_total, measures={measure: (rec[col], table.ref(rec, col))}, default_measure=measure,
            row_id=int(rec["row_id"]), keys=tuple(dict.fromkeys(k for k in keys if k)),
        )
        nodes[node] = item
        cat.items.append(item)
    for node, item in nodes.items():
        parent_node = node.rsplit("/", 1)[0] if "/" in node else None
        parent = nodes.get(parent_node) if parent_node else None
        if parent is None or parent is item:
            continue
        item.parent = parent.key
        parent.children.append(item.key)
        # NOTE: '公务用车购置及运行费' lists its parts: its leaf '购置费' is '公务用车购置费'
        stems = [x.removesuffix("费") for x in leaves.get(parent_node, [])]
        at = [i for i in (parent.label.find(st) for st in stems if st) if i > 0]
        if at and not item.children:
            item.label = parent.label[: min(at)] + item.label
            item.keys += (norm_key(item.label),)


def _doc_year(doc: BudgetDocument) -> int:
    return doc.year


# ---------------------------------------------------------------- scoring


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i: i + 2] for i in range(len(text) - 1)) if len(text) > 1 else frozenset(text)


def similarity(query: str, key: str) -> float:
    "1.0 for the same wording; containment scaled by length; else 0.9 × bigram Dice"
    return _similarity(query, key, bigrams(query), bigrams(key))


def _similarity(query: str, key: str, a: frozenset[str], b: frozenset[str]) -> float:
    if not query or not key:
        return 0.0
    if query == key:
        return 1.0
    if len(query) >= 2 and query in key:
        return 0.75 + 0.25 * len(query) / len(key)
    if len(key) >= 2 and key in query:
        return 0.75 + 0.25 * len(key) / len(query)
    if not a or not b:
        return 0.0
    common = len(a & b)
    dice = 0.9 * 2 * common / (len(a) + len(b))
    # NOTE: a short wording against a long project name: how much of the wording the name covers
    coverage = 0.7 * common / len(a) if len(a) >= 3 else 0.0
    return max(dice, coverage)


def _rest_fits(wording: str, key: str) -> bool:
    """Whether what a wording says besides the run it shares with a label is generic or the label's own: '三支一扶项目
    经费' fits '高校毕业生“三支一扶”…工作经费'; '离休人员医药费' does not fit '企业离休人员…差额资金' (医药费)"""
    _, run = common_run(wording, key)
    rest = RUN_GENERIC.sub("", wording.replace(run, "", 1))
    return in_order(rest, key)


def common_run(a: str, b: str) -> tuple[int, str]:
    "The longest run of characters two wordings share: its length, and the run (as written in b)"
    best, end = 0, 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, end = cur[j], j
        prev = cur
    return best, b[end - best:end]


def clean_query(text: str) -> str:
    "Normalise the user's wording: NFKC, no spaces or quotes, no year words or question filler"
    q = norm_key(text)
    q = YEAR_RE.sub("", q)
    for word in sorted(RELATIVE_YEARS, key=len, reverse=True):
        q = q.replace(word, "")
    for word in FILLER:
        if q != word:
            q = q.replace(word, "")
    return q


def variants(query: str, aliases: dict[str, tuple[str, ...]] = ITEM_ALIASES, limit: int = 12) -> list[str]:
    "The query and its rewrites by the alias list (longest key first; a key never rewrites inside another)"
    return list(_variants(query, "item" if aliases is ITEM_ALIASES else "measure", limit))


_ALIAS_SETS = {"item": ITEM_ALIASES, "measure": MEASURE_ALIASES}


@lru_cache(maxsize=4096)
def _variants(query: str, which: str, limit: int) -> tuple[str, ...]:
    aliases = _ALIAS_SETS[which]
    out = [query]
    if which == "item":
        out += [rx.sub(to, query) for rx, to in VERB_OBJECT if rx.match(query)]
    taken: list[tuple[int, int]] = []
    for key in sorted(aliases, key=len, reverse=True):
        start = query.find(key)
        if start < 0 or any(s < start + len(key) and start < e for s, e in taken):
            continue
        targets = [norm_key(t) for t in aliases[key]]
        if any(key in t and t in query for t in targets):  # '公积金' inside '住房公积金' is no everyday word
            continue
        taken.append((start, start + len(key)))
        out = [v.replace(key, t, 1) if key in v else v for v in out for t in targets] + out
        out = list(dict.fromkeys(out))[:limit]
    return tuple(out)


def _codes_in(text: str) -> list[str]:
    "Subject codes written in the query: '2080101', '208 01 01', '30113'"
    compact = norm(text)
    out = []
    for m in CODE_RE.finditer(text):
        out.append("".join(g for g in m.groups() if g))
    if re.fullmatch(r"\d{3,7}", compact):
        out.append(compact)
    return list(dict.fromkeys(out))


def resolve(doc: BudgetDocument, query: str, *, table: str | None = None, limit: int = 20,
            threshold: float = THRESHOLD) -> list[Match]:
    """Every item plausibly meant by the wording, best first (ties keep table priority order).

    Procurement rows only answer when the wording or ``table`` asks for 政府采购.
    """
    cat = catalog(doc)
    tables = resolve_tables(doc, table) if table else None
    wants_opt_in = bool(table) or any(k in norm_key(query) for k in ("采购",))
    codes = _codes_in(YEAR_RE.sub("", norm_key(query)))
    q = clean_query(query)
    best: dict[int, tuple[float, str]] = {}

    def offer(key: int, score: float, via: str) -> None:
        if score > best.get(key, (0.0, ""))[0]:
            best[key] = (score, via)

    for code in codes:
        for key, weight in cat.codes.get(code, ()):
            offer(key, weight, code)
    raw = YEAR_RE.sub("", norm_key(query))
    wordings = list(dict.fromkeys((variants(q) if q else []) + ([raw] if raw and raw != q else [])))
    for v in wordings:  # NOTE: the raw wording too, so '的' inside a label ('对个人和家庭的补助') still matches
        vg = bigrams(v)
        for k, owners in cat.keys.items():
            s = _similarity(v, k, vg, cat.grams[k])
            if s * 0.9 < threshold and s < threshold:
                continue
            for key, weight in owners:
                offer(key, s * weight, v)
        _offer_class_stem(cat, v, offer)
    _offer_under_parent(cat, q, offer)
    if max((sc for sc, _ in best.values()), default=0.0) < RUN_SCORE:
        for v in wordings:
            for k in cat.distinctive(v):
                for key, weight in cat.keys[k]:
                    offer(key, RUN_SCORE * weight, v)
    matches: list[Match] = []
    for key, (score, via) in best.items():
        item = cat.items[key]
        if score < threshold:
            continue
        if tables is not None and item.table not in tables:
            continue
        if tables is None and item.table.kind in OPT_IN_TABLES and not wants_opt_in:
            continue
        matches.append(Match(item, round(score, 4), via))
    order = {k: i for i, k in enumerate(TABLE_PRIORITY)}
    matches.sort(key=lambda m: (-m.score, order.get(m.item.table.kind, 99), m.item.key))
    return matches[:limit]


def contains(doc: BudgetDocument, whole: str, part: str) -> bool:
    "Whether the row a wording names sits, in its table, above the row another wording names (类 above its 款, 项)"
    cat = catalog(doc)
    above = {m.item.key for m in resolve(doc, whole)[:3]}
    for m in resolve(doc, part)[:3]:
        up = m.item.parent
        while up is not None:
            if up in above and not cat.items[up].is_total:
                return True
            up = cat.items[up].parent
    return False


UNDER_RE = re.compile(r"^(?:的|下面的?|下边的?|底下的?|里面的?|里头的?|里的?|中的?|之下的?|项下的?)")


def _offer_under_parent(cat: Catalog, wording: str, offer) -> None:
    """'商贸事务的事业运行': a row named after its parent is that parent's child (the same label may sit under several
    parents, and the parent's own row must not win on its name alone)"""
    for k in (k for k in cat.keys if len(k) >= 2 and wording.startswith(k)):
        rest = UNDER_RE.sub("", wording[len(k):])
        if not rest or rest not in cat.keys:
            continue
        parents = {key for key, _ in cat.keys[k]}
        for key, weight in cat.keys[rest]:
            up = cat.items[key].parent
            while up is not None and up not in parents:
                up = cat.items[up].parent
            if up is not None:
                offer(key, weight, wording)  # named exactly, by its path


def _offer_class_stem(cat: Catalog, wording: str, offer) -> None:
    """A class label's stem ('社会保障和就业' of '社会保障和就业支出') means that 类 row, not every row containing it
    ('其他社会保障和就业支出'); a leading part of it ('社会保障') too, just below a row named exactly so."""
    if len(wording) < 4 or wording.endswith("支出"):
        return
    for it in cat.items:
        if it.level != "类" or not it.keys or not it.keys[0].endswith("支出"):
            continue
        key = it.keys[0]
        if key == wording + "支出":
            offer(it.key, 1.0, wording)
        elif key.startswith(wording):
            offer(it.key, 0.99, wording)


def sibling_row(doc: BudgetDocument, before: str, word: str) -> str | None:
    """The item named before with the word in place of the run of it the word replaces, when the document has a row
    of exactly that name ('事业单位' after 行政单位医疗: 事业单位医疗; '运行维护费' after 公务用车购置费: 公务用车运行维护费),
    or None"""
    old, new = norm_key(before), norm_key(word)
    if not new or new in old or len(new) > len(old) - 2:
        return None
    # the word in place of a run of its length, or of the tail after a shared head ('公务用车' + 运行维护费)
    names = [old[:i] + new + old[i + len(new):] for i in range(len(old) - len(new) + 1)]
    names += [old[:i] + new for i in range(2, len(old) - 1)]
    for name in dict.fromkeys(names):
        best = resolve(doc, name)[:1]
        if best and best[0].score >= 1.0 and norm_key(best[0].item.label) == name:
            return name
    return None


def top_tier(matches: list[Match]) -> list[Match]:
    "The matches as plausible as the best one"
    if not matches:
        return []
    best = matches[0].score
    if best >= 1.0:  # the document's own wording or code: containment matches are other rows
        return [m for m in matches if m.score >= 1.0]
    return [m for m in matches if m.score >= best - TIER]


def resolve_tables(doc: BudgetDocument, query: str) -> list[BudgetTable]:
    "Tables named by the wording ('三公', '项目支出预算情况表', '政府采购'), best first; [] when none"
    cat = catalog(doc)
    if query not in cat.table_hits:
        cat.table_hits[query] = _resolve_tables(doc, query)
    return cat.table_hits[query]


def _resolve_tables(doc: BudgetDocument, query: str) -> list[BudgetTable]:
    q = norm_key(query)
    found = _score_tables(doc, [q])
    if not found or found[0][0] < 1.0:  # aliases only when the wording names no table outright
        found = _score_tables(doc, [q] + [norm_key(t) for k, ts in TABLE_ALIASES.items() if k in q for t in ts])
    if not found:
        return []
    best = found[0][0]
    return [t for s, _, t in found if s >= best - TIER]


def _score_tables(doc: BudgetDocument, wanted: list[str]) -> list[tuple[float, int, BudgetTable]]:
    scored: list[tuple[float, int, BudgetTable]] = []
    for n, t in enumerate(doc.tables):
        names = (norm_key(t.title), norm_key(t.name), norm_key(t.kind.value)) + table_short_names(t.title)
        s = max(similarity(w, name) for w in wanted for name in names)
        if s >= 0.6:
            scored.append((s, n, t))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return scored


# ---------------------------------------------------------------- measures


def measure_year(query: str | None, doc_year: int) -> int | None:
    "The year a measure wording names: '2023年预算数' → 2023, '上年' → doc year − 1"
    if not query:
        return None
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", norm(query))  # a year, not four digits of a code
    if m:
        return int(m.group(1))
    for word in sorted(RELATIVE_YEARS, key=len, reverse=True):
        if word in query:
            return doc_year + RELATIVE_YEARS[word]
    return None


def resolve_measure(item: Item, query: str | None, doc_year: int) -> str | None:
    "The measure (column) of the item's table a wording names; the table's default when none is named"
    if not query or not query.strip():
        return item.default_measure
    year = measure_year(query, doc_year)
    if year is not None:
        named = [m for m in item.measures if m.startswith(f"{year}年")]
        return named[0] if named else None
    q = clean_query(query)
    if not q:
        return item.default_measure
    best, found = 0.0, None
    wordings = variants(q, MEASURE_ALIASES)
    wordings = list(dict.fromkeys(w for v in wordings for w in (v, *_synonyms(v))))
    for v in wordings:
        if v in TOTAL_WORDS:
            return item.default_measure
        for name in item.measures:
            parts = [norm_key(p) for p in name.split("/")]
            if v in parts[:-1] and v != parts[-1] and parts[-1] not in TOTAL_WORDS:
                continue  # '基本支出' over 基本支出/人员经费 and 基本支出/公用经费: a header, not this column
            keys = [norm_key(name), parts[-1]]
            if parts[-1] in TOTAL_WORDS and len(parts) > 1:
                keys.append(parts[-2])
            for k in keys:
                s = similarity(v, k)
                if s > best:
                    best, found = s, name
    return found if best >= 0.75 else None


def _synonyms(wording: str) -> tuple[str, ...]:
    "The standard column names meaning the same as the wording ('人员支出' → '人员经费')"
    return tuple(sorted(w for group in MEASURE_SYNONYMS if wording in group for w in group if w != wording))


def to_candidate(m: Match, measure: str | None = None) -> Candidate:
    it = m.item
    value = it.value(measure) if measure and measure in it.measures else None
    return Candidate(label=it.label, code=it.code, table=it.table_name, level=it.level, score=m.score,
                     line=it.line, value=value, unit=it.table.unit or "万元", column=measure or "", detail=it.detail())
