"""Parse 绩效目标表: project tables (项目名称 …) and special-fund tables (专项资金名称 …), whose layouts differ."""

from __future__ import annotations

import re
from decimal import Decimal

from budget_qa.types import Indicator, PerformanceTable

from .text import clean_text, norm, parse_amount

STARTS = {"项目名称": "project", "专项资金名称": "fund"}
LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标")
ROW_LEADS = ("绩效指标", "年度绩效指标")
VALUE_RE = re.compile(r"^(≥|≤|>=|<=|=|>|<|＞|＜)\s*(\d+(?:\.\d+)?)\s*(.*)$")


def parse_value(text: str) -> tuple[str, Decimal | None, str]:
    "'≥3000 人次' → ('≥', Decimal('3000'), '人次'); a qualitative target ('健全') → ('', None, '')"
    t = norm(text).replace(">=", "≥").replace("<=", "≤").replace("＞", ">").replace("＜", "<")
    m = VALUE_RE.match(t)
    if not m:
        return "", None, ""
    return m.group(1), Decimal(m.group(2)), m.group(3)


def find_performance(lines: list[str], start: int, end: int) -> list[PerformanceTable]:
    "Every 绩效目标表 between 0-based line indexes start..end"
    starts = [i for i in range(start, end) if "\t" in lines[i] and norm(lines[i].split("\t")[0]) in STARTS]
    tables = []
    for n, i in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        rows: list[tuple[int, list[str]]] = []
        for j in range(i, stop):
            raw = lines[j]
            if "\t" in raw:
                rows.append((j + 1, raw.rstrip("\n").split("\t")))
            elif raw.strip() and rows and norm(raw) not in ("项目支出绩效目标表",):
                if not raw.strip().startswith("主要政策任务"):
                    break
                rows.append((j + 1, [raw.strip()]))
        tables.append(_parse_one(STARTS[norm(lines[i].split("\t")[0])], rows))
    return tables


def _after(cells: list[str], key: str) -> str:
    "The first non-empty cell after the cell whose normalised text starts with key"
    for k, c in enumerate(cells):
        if norm(c).startswith(key):
            return next((x.strip() for x in cells[k + 1:] if x.strip()), "")
    return ""


def _parse_one(kind: str, rows: list[tuple[int, list[str]]]) -> PerformanceTable:
    t = PerformanceTable(kind=kind, name="", department="", implementer="", budget=None, budget_fiscal=None,
                         overall_goal="", policy_tasks="", indicators=[], line_start=rows[0][0], line_end=rows[-1][0])
    in_indicators = False
    l1 = l2 = ""
    for line, cells in rows:
        first = norm(cells[0])
        joined = norm("".join(cells))
        if first in STARTS:
            t.name = clean_text(_after(cells, first))
        elif first == "主管部门":
            t.department = norm(_after(cells, "主管部门"))
            t.implementer = norm(_after(cells, "实施单位"))
        elif first.startswith("年度预算资金") or "年度预算资金总额" in joined:
            key = "年度预算资金总额" if "年度预算资金总额" in joined else first
            t.budget = parse_amount(_after(cells, key))
            t.budget_line = line
        elif "其中" in joined and "财政拨款" in joined and not in_indicators:
            t.budget_fiscal = parse_amount(next((c for c in cells if parse_amount(c) is not None), ""))
        elif first.startswith("年度总体") :
            t.overall_goal = clean_text(_after(cells, first))
        elif first.startswith("主要政策任务"):
            t.policy_tasks = clean_text(re.sub(r"^主要政策任务[:：]", "", cells[0].strip()))
        elif "一级指标" in joined and "三级指标" in joined:
            in_indicators = True
        elif in_indicators:
            vals = [c.strip() for c in cells if c.strip()]
            if vals and norm(vals[0]) in ROW_LEADS:
                vals = vals[1:]
            if len(vals) < 2:
                continue
            value, level3, lead = vals[-1], vals[-2], [norm(v) for v in vals[:-2]]
            for name in lead:
                if name in LEVEL1:
                    if name != l1:
                        l2 = ""
                    l1 = name
                else:
                    l2 = name
            op, number, unit = parse_value(value)
            t.indicators.append(Indicator(l1, l2, clean_text(level3), norm(value), op, number, unit, line))
    return t
