"""The budget audit (勾稽关系): identities every 部门预算 must satisfy, checked on a parsed document.

Each finding names the rule, the expected and found values, the difference and every cell involved. Nothing found
in the published document is suppressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budget_qa.results import fmt_amount
from budget_qa.types import BudgetDocument, BudgetTable, Paragraph, TableKind

from .templates import get_template
from .text import norm, norm_key

AMOUNT_TOL = Decimal("0.01")
UNIT_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
RATE_TOL = Decimal("0.01")
TOTAL_LEAVES = ("合计", "小计", "总计")
NUM = r"([\d,]+(?:\.\d+)?)"


@dataclass(frozen=True)
class StatedTotal:
    """A total the narrative states, and the table cell it must equal (in any template that has that table)."""

    what: str
    pattern: str
    """Regex with one {NUM} group, matched on the normalised paragraph."""
    kind: TableKind
    side: str = ""
    rows: tuple[str, ...] = ("合计", "总计")
    """The row: the first whose label ends with one of these; () = the first row."""
    column: str = ""
    """A word of the column's name; '' = the first amount column."""


STATED_TOTALS: tuple[StatedTotal, ...] = (
    StatedTotal("支出预算", r"(?<![款金营])支出预算{NUM}万元(?!.{0,3}(?:基本支出))", TableKind.expenditure_summary),
    StatedTotal("财政拨款收入", r"财政拨款收入{NUM}万元", TableKind.fiscal_summary, "收入", ("收入总计", "收入合计")),
    StatedTotal("财政拨款支出预算", r"财政拨款支出预算{NUM}万元", TableKind.fiscal_summary, "支出", ("支出总计", "支出合计")),
    StatedTotal("一般公共预算拨款支出预算", r"一般公共预算拨款支出预算{NUM}万元", TableKind.gpb_expenditure),
    StatedTotal("政府性基金拨款支出预算", r"政府性基金拨款支出预算{NUM}万元", TableKind.gov_fund_expenditure),
    StatedTotal("国有资本经营预算拨款支出预算", r"国有资本经营预算拨款支出预算{NUM}万元", TableKind.state_capital_expenditure),
    StatedTotal("机关运行经费", r"机关运行经费预算(?:数)?为{NUM}万元", TableKind.three_public, rows=(), column="机关运行经费"),
)
"""Totals stated in 第三部分 / 编制说明, as data: a new template's wording is a new row here, not new code."""

THREE_PUBLIC_ITEMS: tuple[tuple[str, str, str], ...] = (
    (r"三公”?经费预算(?:数为|共|为){NUM}万元", "三公", "合计"),
    (r"因公出国[(（]境[)）]费(?:用)?{NUM}万元", "因公出国", "因公出国"),
    (r"公务用车购置及运行(?:维护)?费{NUM}万元", "公务用车", "小计"),
    (r"公务用车购置费{NUM}万元", "公务用车", "购置费"),
    (r"公务用车运行(?:维护)?费{NUM}万元", "公务用车", "运行费"),
    (r"公务接待费{NUM}万元", "公务接待费", "公务接待费"),
)
"""(stated wording, a word of the column path, a word of the column's own name) for a one-year “三公” table."""


@dataclass
class Finding:
    rule: str
    message: str
    expected: Decimal
    found: Decimal
    locations: list[str] = field(default_factory=list)
    unit: str = "万元"

    @property
    def difference(self) -> Decimal:
        return self.found - self.expected

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "message": self.message,
            "expected": str(self.expected),
            "found": str(self.found),
            "difference": str(self.difference),
            "unit": self.unit,
            "locations": self.locations,
        }


@dataclass
class AuditReport:
    findings: list[Finding]
    checks: int
    """How many identities were evaluated."""
    warnings: list[str] = field(default_factory=list)
    """What the parser noticed but could still read (a header without its expected words, an unexpected unit)."""

    @property
    def clean(self) -> bool:
        return not self.findings


def _v(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(0)


def _blank(x) -> bool:
    return not isinstance(x, Decimal)


class _Auditor:
    def __init__(self, doc: BudgetDocument):
        self.doc = doc
        self.findings: list[Finding] = []
        self.checks = 0
        self.tol = AMOUNT_TOL
        if doc.template:
            try:
                self.tol = get_template(doc.template).amount_tolerance
            except KeyError:
                pass

    def expect(self, rule: str, what: str, expected: Decimal, found: Decimal, locations: list[str],
               tol: Decimal | None = None, unit: str = "万元") -> None:
        "One identity: found = expected within the template's tolerance (or ``tol``)"
        tol = self.tol if tol is None else tol
        self.checks += 1
        if abs(found - expected) > tol:
            self.findings.append(Finding(rule, what, expected, found, locations, unit))

    def loc(self, table: BudgetTable, row, column: str) -> str:
        value = row[column]
        shown = fmt_amount(value) if isinstance(value, Decimal) else "空"
        return f"{table.ref(row, column).describe()} = {shown}"

    # --- within a table ---------------------------------------------------------------------------------------
    def hierarchy(self, t: BudgetTable) -> None:
        "A parent row equals the sum of its children; a total row equals the sum of the top-level rows"
        f = t.frame
        if f.empty:
            return
        for _, parent in f.iterrows():
            kids = f[f["parent_row"] == parent["row_id"]]
            if kids.empty:
                continue
            for col in t.amount_columns:
                if _blank(parent[col]) and all(_blank(k) for k in kids[col]):
                    continue
                total = sum((_v(k) for k in kids[col]), Decimal(0))
                self.expect(
                    "上级=下级之和", f"{t.name}「{parent['label']}」{col} 应等于其下级之和",
                    total, _v(parent[col]),
                    [self.loc(t, parent, col)] + [self.loc(t, k, col) for _, k in kids.iterrows() if not _blank(k[col])],
                    unit=t.unit or "万元",
                )
        # totals: a 合计 row equals the sum of the top-level rows above it since the last total
        top_rows: list = []
        for _, row in f.iterrows():
            if row["is_total"]:
                if not top_rows:
                    continue
                label = str(row["label"])
                for col in t.amount_columns:
                    if _blank(row[col]) and all(_blank(r[col]) for r in top_rows):
                        continue
                    total = sum((_v(r[col]) for r in top_rows), Decimal(0))
                    self.expect("合计=各项之和", f"{t.name}「{label}」{col} 应等于各项之和", total, _v(row[col]),
                                [self.loc(t, row, col)] + [self.loc(t, r, col) for r in top_rows if not _blank(r[col])],
                                unit=t.unit or "万元")
                if "本年" in label:  # 收入总计 = 本年收入合计 + the lines below it
                    top_rows = [row]
                else:
                    top_rows = []
            elif row["parent_row"] == -1:
                top_rows.append(row)

    def column_sums(self, t: BudgetTable) -> None:
        "A 合计/小计 column equals the sum of its sibling columns (groups counted by their own 小计)"
        tree: dict[str, list[str]] = {}
        for col in t.amount_columns:
            parts = col.split("/")
            for depth in range(len(parts)):
                prefix = "/".join(parts[:depth])
                child = "/".join(parts[: depth + 1])
                tree.setdefault(prefix, [])
                if child not in tree[prefix]:
                    tree[prefix].append(child)
        cols = set(t.amount_columns)
        for prefix, children in tree.items():
            totals = [c for c in children if c in cols and c.split("/")[-1] in TOTAL_LEAVES]
            if len(totals) != 1:
                continue
            addends: list[str] = []
            for c in children:
                if c == totals[0]:
                    continue
                if c in cols:
                    addends.append(c)
                else:
                    sub = [s for s in tree.get(c, []) if s in cols and s.split("/")[-1] in TOTAL_LEAVES]
                    leaves = tree.get(c, [])
                    if sub:
                        addends.append(sub[0])
                    elif leaves and all(x in cols and x not in tree for x in leaves):
                        addends += leaves  # a group without its own 小计 ('基本支出' over 人员经费 | 公用经费)
                    else:
                        addends = []
                        break
            if not addends:
                continue
            for _, row in t.frame.iterrows():
                if _blank(row[totals[0]]) and all(_blank(row[a]) for a in addends):
                    continue
                total = sum((_v(row[a]) for a in addends), Decimal(0))
                self.expect("合计列=各列之和", f"{t.name}「{row['label']}」{totals[0]} 应等于 {'+'.join(addends)}",
                            total, _v(row[totals[0]]),
                            [self.loc(t, row, totals[0])] + [self.loc(t, row, a) for a in addends if not _blank(row[a])],
                            unit=t.unit or "万元")

    # --- across tables ----------------------------------------------------------------------------------------
    def same_code(self) -> None:
        "The same function code has the same 合计 in 收入总体, 支出总体 and 一般公共预算支出"
        kinds = [TableKind.expenditure_summary, TableKind.income_summary, TableKind.gpb_expenditure]
        tabs = [t for k in kinds for t in self.doc.tables_of(k)]
        if len(tabs) < 2:
            return
        base = tabs[0]
        base_col = base.amount_columns[0] if base.amount_columns else None
        for other in tabs[1:]:
            if not other.amount_columns or base_col is None:
                continue
            col = other.amount_columns[0]
            index = {r["code"]: r for _, r in other.frame.iterrows() if r["code"]}
            for _, row in base.frame.iterrows():
                match = index.get(row["code"]) if row["code"] else None
                if row["is_total"]:
                    match = next((r for _, r in other.frame.iterrows() if r["is_total"]), None)
                if match is None:
                    continue
                self.expect("同一科目各表一致", f"「{row['label']}」在{base.name}与{other.name}中应一致",
                            _v(row[base_col]), _v(match[col]),
                            [self.loc(base, row, base_col), self.loc(other, match, col)], unit=base.unit or "万元")

    def two_sided(self) -> None:
        "收入总计 = 支出总计 in the two-sided tables; their 支出 lines agree with 支出总体 by 类"
        for kind in (TableKind.income_expenditure_summary, TableKind.fiscal_summary):
            inc, exp = self.doc.table(kind, "收入"), self.doc.table(kind, "支出")
            if inc is None or exp is None:
                continue
            ri = _row_where(inc, lambda lb: lb.endswith("总计"))
            re_ = _row_where(exp, lambda lb: lb.endswith("总计"))
            if ri is not None and re_ is not None:
                ci, ce = inc.amount_columns[0], exp.amount_columns[0]
                self.expect("收入总计=支出总计", f"{inc.title} 收入总计应等于支出总计", _v(ri[ci]), _v(re_[ce]),
                            [self.loc(inc, ri, ci), self.loc(exp, re_, ce)], unit=inc.unit or "万元")
            summary = self.doc.table(TableKind.expenditure_summary)
            if summary is None or not exp.amount_columns:
                continue
            self._split_columns(exp, re_, summary)
            by_label = {norm_key(r["label"]): r for _, r in summary.frame.iterrows() if r["level"] == "类"}
            ce = exp.amount_columns[0]
            for _, row in exp.frame.iterrows():
                match = by_label.get(norm_key(row["label"]))
                if match is not None and summary.amount_columns:
                    c2 = summary.amount_columns[0]
                    self.expect("同一科目各表一致", f"「{row['label']}」在{exp.name}与{summary.name}中应一致",
                                _v(match[c2]), _v(row[ce]), [self.loc(exp, row, ce), self.loc(summary, match, c2)],
                                unit=exp.unit or "万元")

    def _split_columns(self, exp: BudgetTable, total_row, summary: BudgetTable) -> None:
        "A two-sided table's 支出 columns named 基本支出 / 项目支出 (a 单位预算's table 1) agree with 支出总体's totals"
        srow = _row_where(summary, lambda lb: lb in ("合计", "总计"))
        if total_row is None or srow is None:
            return
        first, scol0 = exp.amount_columns[0], summary.amount_columns[0] if summary.amount_columns else None
        if scol0 is not None and exp.kind == TableKind.income_expenditure_summary:
            self.expect("同一科目各表一致", f"{exp.name}「{total_row['label']}」应等于{summary.name}的合计",
                        _v(srow[scol0]), _v(total_row[first]),
                        [self.loc(summary, srow, scol0), self.loc(exp, total_row, first)], None, exp.unit)
        for group in ("基本支出", "项目支出"):
            cols = [c for c in exp.amount_columns if group in c.split("/")]
            scol = next((c for c in summary.amount_columns if c.split("/")[0] == group), None)
            if not cols or scol is None:
                continue
            found = sum((_v(total_row[c]) for c in cols), Decimal(0))
            self.expect("同一科目各表一致", f"{exp.name}「{total_row['label']}」{group} 应等于{summary.name}的{scol}",
                        _v(srow[scol]), found,
                        [self.loc(summary, srow, scol)] + [self.loc(exp, total_row, c) for c in cols], None,
                        exp.unit)

    def basic_and_projects(self) -> None:
        "基本支出 tables agree with the 基本支出 column; 项目支出 total = 支出总体 项目支出; each project = its 绩效目标表"
        summary = self.doc.table(TableKind.expenditure_summary)
        gpb = self.doc.table(TableKind.gpb_expenditure)
        pairs = []
        for kind in (TableKind.gpb_basic_expenditure, TableKind.basic_expenditure):
            t = self.doc.table(kind)
            if t is not None and t.amount_columns:
                pairs.append((t, t.amount_columns[0]))
        for src, col_hint in ((gpb, "基本支出"), (summary, "基本支出")):
            if src is None:
                continue
            col = next((c for c in src.amount_columns if c.split("/")[0] == col_hint), None)
            total = _row_where(src, lambda lb: lb in ("合计", "总计"))
            if col is None or total is None:
                continue
            for t, c in pairs:
                trow = _row_where(t, lambda lb: lb in ("合计", "总计"))
                if trow is not None:
                    self.expect("基本支出各表一致", f"{t.name} 合计应等于{src.name}的{col}", _v(total[col]),
                                _v(trow[c]), [self.loc(src, total, col), self.loc(t, trow, c)], unit=t.unit or "万元")
        projects = self.doc.table(TableKind.project_expenditure)
        if projects is None or not projects.amount_columns:
            return
        pc = projects.amount_columns[0]
        ptotal = _row_where(projects, lambda lb: lb in ("合计", "总计"))
        if summary is not None and ptotal is not None:
            col = next((c for c in summary.amount_columns if c.startswith("项目支出")), None)
            srow = _row_where(summary, lambda lb: lb in ("合计", "总计"))
            if col and srow is not None:
                self.expect("项目支出一致", f"{projects.name} 合计应等于{summary.name}的项目支出", _v(srow[col]),
                            _v(ptotal[pc]), [self.loc(projects, ptotal, pc), self.loc(summary, srow, col)],
                            unit=projects.unit or "万元")
        perf = [p for p in self.doc.performance if p.kind == "project"]
        used: set[int] = set()
        for _, row in projects.frame.iterrows():
            if row["is_total"]:
                continue
            k = next((i for i, p in enumerate(perf) if i not in used and norm_key(p.name) == norm_key(row["label"])
                      and p.budget is not None and abs(p.budget - _v(row[pc])) <= AMOUNT_TOL), None)
            if k is None:
                k = next((i for i, p in enumerate(perf) if i not in used and norm_key(p.name) == norm_key(row["label"])), None)
            if k is None:
                continue
            used.add(k)
            p = perf[k]
            self.expect("项目=绩效目标表资金", f"项目「{row['label']}」应等于其绩效目标表的年度预算资金", _v(row[pc]),
                        _v(p.budget), [self.loc(projects, row, pc), f"项目支出绩效目标表「{p.name}」（第{p.budget_line}行）"])

    # --- narrative ----------------------------------------------------------------------------------------------
    def narrative(self) -> None:
        "Figures stated in 第三部分 agree with the tables"
        paras = [p for p in self.doc.paragraphs if p.part == "第三部分"]
        summary = self.doc.table(TableKind.expenditure_summary)
        inc = self.doc.table(TableKind.income_expenditure_summary, "收入")
        self._change_pairs(paras)
        self._plan_parts(paras)
        for p in paras:
            text = norm(p.text)
            m = re.search(r"收入预算" + NUM + r"万元", text)
            if m and inc is not None and not re.search(r"收入预算(增加|减少)", text):
                row = _row_where(inc, lambda lb: lb.endswith("收入合计") or lb.endswith("收入总计"))
                if row is not None:
                    c = inc.amount_columns[0]
                    self._said(p, "收入预算", m.group(1), _v(row[c]), [self.loc(inc, row, c)], inc.unit)
            m = re.search(r"支出预算" + NUM + r"万元.*?基本支出" + NUM + r"万元.*?项目支出" + NUM + r"万元", text)
            if m and summary is not None:
                total = _row_where(summary, lambda lb: lb in ("合计", "总计"))
                for g, col in zip((1, 2, 3), ("合计", "基本支出", "项目支出")):
                    c = next((x for x in summary.amount_columns if x.split("/")[0] == col), None)
                    if c and total is not None:
                        self._said(p, f"支出预算-{col}", m.group(g), _v(total[c]), [self.loc(summary, total, c)],
                                   summary.unit)
            self._signed_parts(p, text)
            self._stated_totals(p, text)
            self._code_lines(p, text)
            self._vehicle_parts(p, text)
            self._three_public(p, text)
            self._procurement(p, text)
            self._projects(p, text)
            self._stated_rate(p, text)

    def _said(self, p: Paragraph, what: str, stated: str, actual: Decimal, locs: list[str], unit: str = "") -> None:
        """A figure the narrative states (in the document's narrative unit) equals a table cell (in the table's unit).

        Compared in the table's unit: exact when the units agree, else within half of the last digit the text
        shows ('4,614万元' ↔ 46,140,000.00 元 within 5,000 元; '9,101.68万元' within 50 元)."""
        text_unit = self.doc.text_unit
        unit = unit or text_unit
        value = Decimal(stated.replace(",", ""))
        tol = self.tol
        if unit != text_unit and unit in UNIT_FACTORS and text_unit in UNIT_FACTORS:
            factor = UNIT_FACTORS[text_unit] / UNIT_FACTORS[unit]
            decimals = len(stated.split(".")[1]) if "." in stated else 0
            value = value * factor
            tol = max(self.tol, Decimal(5) * Decimal(10) ** (-decimals - 1) * factor)
        self.expect("说明与表一致", f"第三部分「{what}」{stated}{text_unit}与表中数不一致", actual, value,
                    locs + [_para_loc(p)], tol, unit)

    def _signed_parts(self, p: Paragraph, text: str) -> None:
        "'X增加A万元，其中B增加b万元，C减少c万元' → A = ±b ± c"
        m = re.search(r"(增加|减少)" + NUM + r"万元[，,]其中[:：]?(.*)", text)
        if not m:
            return
        total = Decimal(m.group(2).replace(",", "")) * (1 if m.group(1) == "增加" else -1)
        parts = re.findall(r"(增加|减少)" + NUM + r"万元", m.group(3).split("。")[0])
        if len(parts) < 2:
            return
        found = sum((Decimal(n.replace(",", "")) * (1 if s == "增加" else -1) for s, n in parts), Decimal(0))
        self.expect("说明内部一致", "第三部分增减额应等于其中各项增减之和", total, found, [_para_loc(p)])

    def _three_public(self, p: Paragraph, text: str) -> None:
        t = self.doc.table(TableKind.three_public)
        if t is None or t.frame.empty or "三公" not in p.section:
            return
        years = sorted({c.split("/")[0] for c in t.amount_columns})
        if not any(re.match(r"\d{4}年", y) for y in years):
            self._three_public_one_year(p, text, t)
            return
        if len(years) != 2:
            return
        prev, cur = years
        row = t.frame.iloc[0]
        items = [
            (r"经费预算共" + NUM + r"万元", "合计"),
            (r"因公出国[(（]境[)）]费(?:用)?" + NUM + r"万元", "因公出国"),
            (r"公务用车购置及运行(?:维护)?费" + NUM + r"万元", "公务用车购置及运行维护费/小计"),
            (r"公务用车购置费" + NUM + r"万元", "公务用车购置经费"),
            (r"公务用车运行维护费" + NUM + r"万元", "公务用车运行维护费"),
            (r"公务接待费" + NUM + r"万元", "公务接待费"),
        ]
        for rx, key in items:
            for m in re.finditer(rx, text):
                c_cur = next((c for c in t.amount_columns if c.startswith(cur) and key in norm_key(c)), None)
                c_prev = next((c for c in t.amount_columns if c.startswith(prev) and key in norm_key(c)), None)
                if c_cur is None:
                    continue
                self._said(p, f"三公-{key}", m.group(1), _v(row[c_cur]), [self.loc(t, row, c_cur)], t.unit)
                tail = text[m.end(): m.end() + 40]
                ch = re.match(r"[，,]?比上年(增加|减少)" + NUM + r"万元(?:[，,](?:增长|下降)" + NUM + "%)?", tail)
                if ch and c_prev is not None:
                    sign = 1 if ch.group(1) == "增加" else -1
                    change = _v(row[c_cur]) - _v(row[c_prev])
                    locs = [self.loc(t, row, c_cur), self.loc(t, row, c_prev), _para_loc(p)]
                    self.expect("说明与表一致", f"三公「{key}」比上年增减额", change,
                                sign * Decimal(ch.group(2).replace(",", "")), locs)
                    if ch.group(3) and _v(row[c_prev]):
                        rate = (change / _v(row[c_prev]) * 100).quantize(Decimal("0.01"))
                        self.expect("说明与表一致", f"三公「{key}」增长率", rate,
                                    sign * Decimal(ch.group(3)), locs, RATE_TOL, "%")
                break

    def _stated_totals(self, p: Paragraph, text: str) -> None:
        "Each figure of STATED_TOTALS the paragraph states equals its table cell"
        for st in STATED_TOTALS:
            m = re.search(st.pattern.replace("{NUM}", NUM), text)
            if not m:
                continue
            t = self.doc.table(st.kind, st.side)
            if t is None or not t.amount_columns:
                continue
            row = _row_where(t, lambda lb: lb.endswith(st.rows)) if st.rows else (
                t.frame.iloc[0] if not t.frame.empty else None)
            col = next((c for c in t.amount_columns if st.column in c), None) if st.column else t.amount_columns[0]
            if row is None or col is None:
                continue
            self._said(p, st.what, m.group(1), _v(row[col]), [self.loc(t, row, col)], t.unit)

    def _code_lines(self, p: Paragraph, text: str) -> None:
        "'“类-款-项”科目X万元' / '“类（类）款（款）项（项）”X万元' equals that 项's 合计 in the 一般公共预算 function table"
        t = self.doc.table(TableKind.gpb_expenditure)
        if t is None or not t.amount_columns:
            return
        m = re.match(r"^\d+[.．、]?[“\"]([^”\"]+)[”\"](?:科目)?" + NUM + "万元", text)
        if not m:
            return
        names = [norm_key(x) for x in re.split(r"[-－—]|[(（](?:类|款|项)[)）]", m.group(1)) if norm_key(x)]
        if len(names) < 2:
            return
        f = t.frame
        col = t.amount_columns[0]
        for _, row in f.iterrows():
            if row["is_total"] or norm_key(row["label"]) != names[-1]:
                continue
            chain, parent = [norm_key(row["label"])], row["parent_row"]
            while parent != -1 and parent in f.index:
                chain.insert(0, norm_key(f.loc[parent, "label"]))
                parent = f.loc[parent, "parent_row"]
            if chain[-len(names):] == names or chain == names[-len(chain):]:
                self._said(p, "-".join(names), m.group(2), _v(row[col]), [self.loc(t, row, col)], t.unit)
                return

    def _plan_parts(self, paras: list[Paragraph]) -> None:
        "'总预算X万，其中A万，B万…' (a project's 年度预算安排): X = A + B + …"
        by_section: dict[str, list[Paragraph]] = {}
        for p in paras:
            by_section.setdefault(p.section, []).append(p)
        for ps in by_section.values():
            text = norm("".join(p.text for p in ps))
            for m in re.finditer(r"总预算" + NUM + r"万元?[，,]其中[:：]?(.*?)(?:。|$)", text):
                parts = re.findall(NUM + r"万元?", re.split(r"[，,]?合计", m.group(2))[0])
                if len(parts) < 2:
                    continue
                found = sum((Decimal(x.replace(",", "")) for x in parts), Decimal(0))
                self.expect("说明内部一致", "年度预算安排的总预算应等于其中各项之和",
                            Decimal(m.group(1).replace(",", "")), found, [_para_loc(ps[0])], None,
                            self.doc.text_unit)

    def _vehicle_parts(self, p: Paragraph, text: str) -> None:
        "'共有车辆N辆，其中：…a辆、…b辆' / '购置车辆N辆，其中…': N = a + b + …"
        for m in re.finditer(r"车辆(\d+)辆[，,]其中[:：]?(.*?)(?:[；;。]|$)", text):
            parts = re.findall(r"(\d+)辆", m.group(2))
            if len(parts) >= 2:
                self.expect("说明内部一致", "车辆总数应等于其中各类车辆之和", Decimal(m.group(1)),
                            sum((Decimal(x) for x in parts), Decimal(0)), [_para_loc(p, m.group(0)[:40])],
                            Decimal(0), "辆")

    def _change_pairs(self, paras: list[Paragraph]) -> None:
        """财政拨款收入 and 财政拨款支出 balance in both years, so the text's two changes over last year are equal."""
        found: dict[str, tuple[Decimal, Paragraph]] = {}
        for p in paras:
            text = norm(p.text)
            for side, rx in (("收入", r"财政拨款收入" + NUM + r"万元[，,]?比\d{4}年预算(?:执行数)?(增加|减少|持平)(?:" + NUM + r"万元)?"),
                             ("支出", r"财政拨款支出预算" + NUM + r"万元[，,]?比\d{4}年预算(?:执行数)?(增加|减少|持平)(?:" + NUM + r"万元)?")):
                m = re.search(rx, text)
                if m and side not in found:
                    delta = Decimal(0) if m.group(2) == "持平" or not m.group(3) else Decimal(m.group(3).replace(",", ""))
                    found[side] = (-delta if m.group(2) == "减少" else delta, p, m.group(0))
        if len(found) == 2:
            (din, pin, qin), (dout, pout, qout) = found["收入"], found["支出"]
            self.expect("说明内部一致", "第三部分财政拨款收入与财政拨款支出比上年的增减额应相同", din, dout,
                        [_para_loc(pin, qin), _para_loc(pout, qout)], None, self.doc.text_unit)

    def _three_public_one_year(self, p: Paragraph, text: str, t: BudgetTable) -> None:
        "A “三公” table of one year only (no year columns): each item the text states equals its column"
        row = t.frame.iloc[0]
        for rx, path_word, leaf_word in THREE_PUBLIC_ITEMS:
            m = re.search(rx.replace("{NUM}", NUM), text)
            if not m:
                continue
            col = next((c for c in t.amount_columns if path_word in norm_key(c) and leaf_word in c.split("/")[-1]), None)
            if col is not None:
                self._said(p, f"三公-{leaf_word}", m.group(1), _v(row[col]), [self.loc(t, row, col)], t.unit)

    def _procurement(self, p: Paragraph, text: str) -> None:
        m = re.search(r"政府采购预算" + NUM + r"万元", text)
        if not m:
            return
        total = Decimal(m.group(1).replace(",", ""))
        t = self.doc.table(TableKind.procurement)
        if t is not None and t.amount_columns:
            row = _row_where(t, lambda lb: lb in ("合计", "总计"))
            if row is not None:
                c = t.amount_columns[0]
                self._said(p, "政府采购预算", m.group(1), _v(row[c]), [self.loc(t, row, c)], t.unit)
        parts = re.findall(r"政府采购(?:货物|工程|服务)预算" + NUM + r"万元", text)
        if parts:
            found = sum((Decimal(x.replace(",", "")) for x in parts), Decimal(0))
            self.expect("说明内部一致", "政府采购货物+工程+服务应等于政府采购预算", total, found, [_para_loc(p)])

    def _projects(self, p: Paragraph, text: str) -> None:
        m = re.search(r"项目支出" + r"(\d+)个[，,]预算资金" + NUM + r"万元", text)
        t = self.doc.table(TableKind.project_expenditure)
        if not m or t is None or not t.amount_columns:
            return
        rows = t.frame[~t.frame["is_total"]]
        self.expect("说明与表一致", "第三部分项目个数与项目支出预算情况表不一致", Decimal(len(rows)), Decimal(m.group(1)),
                    [f"{t.title}（第{t.line_start}-{t.line_end}行）", _para_loc(p)], Decimal(0), "个")
        total = _row_where(t, lambda lb: lb in ("合计", "总计"))
        if total is not None:
            c = t.amount_columns[0]
            self._said(p, "项目预算资金", m.group(2), _v(total[c]), [self.loc(t, total, c)], t.unit)

    def _stated_rate(self, p: Paragraph, text: str) -> None:
        "'安排X万元，较上年减少Y万元，下降Z%' → Z = Y / (X ∓ Y)"
        for m in re.finditer(r"安排" + NUM + r"万元[，,]较\d{4}年(?:预算)?(增加|减少)" + NUM + r"万元[，,](?:增长|下降)" + NUM + "%", text):
            x, y = Decimal(m.group(1).replace(",", "")), Decimal(m.group(3).replace(",", ""))
            prior = x - y if m.group(2) == "增加" else x + y
            if prior:
                rate = (y / prior * 100).quantize(Decimal("0.01"))
                self.expect("说明内部一致", "第三部分增减率应等于增减额÷上年数", rate, Decimal(m.group(4)), [_para_loc(p)],
                            RATE_TOL, "%")


def _row_where(t: BudgetTable, pred):
    for _, r in t.frame.iterrows():
        if pred(str(r["label"])):
            return r
    return None


def _para_loc(p: Paragraph, quote: str = "") -> str:
    where = f"第{p.page}页" if p.page else f"第{p.line_start}行"
    return f"{p.part} {p.section}（{where}）" + (f"：“{quote}”" if quote else "")


def audit(doc: BudgetDocument) -> AuditReport:
    "Check every identity; the report lists what does not reconcile"
    a = _Auditor(doc)
    for t in doc.tables:
        a.hierarchy(t)
        a.column_sums(t)
    a.same_code()
    a.two_sided()
    a.basic_and_projects()
    a.narrative()
    return AuditReport(a.findings, a.checks, list(doc.warnings))
