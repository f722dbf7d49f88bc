"""Median time per call of each operation on the seed document: ``python -m tools.bench [path] [--runs N]``.

Goal: ≤ 5 ms per call on 2 cores. The document is parsed and indexed once, before timing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from budget_qa.settings import DEFAULT_DOCUMENT
from index import load_document

from . import ops
from .resolve import catalog, resolve

CALLS = {
    "resolve": lambda d: resolve(d, "公积金"),
    "lookup": lambda d: ops.lookup(d, "行政运行", "人员支出"),
    "lookup_ambiguous": lambda d: ops.lookup(d, "住房公积金"),
    "breakdown": lambda d: ops.breakdown(d, "社会保障和就业支出"),
    "total": lambda d: ops.total(d, ["因公出国(境)经费", "公务接待费"], table="三公"),
    "change_table": lambda d: ops.change(d, "三公经费"),
    "change_narrative": lambda d: ops.change(d, "基本支出"),
    "share": lambda d: ops.share(d, "行政运行"),
    "ratio": lambda d: ops.ratio(d, "项目支出", "基本支出"),
    "compare": lambda d: ops.compare(d, "行政运行", "社会保险经办机构"),
    "rank": lambda d: ops.rank(d, n=5),
    "count": lambda d: ops.count(d, category="特定目标类"),
    "convert_units": lambda d: ops.convert_units("12,345.67", "万元", "亿元"),
    "performance": lambda d: ops.performance(d, "定费不定编人员工资"),
    "organisation": lambda d: ops.organisation(d, "units"),
    "not_found": lambda d: ops.lookup(d, "火箭发射经费"),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DOCUMENT))
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    doc = load_document(args.path)
    catalog(doc)
    print(f"parse + index: {(time.perf_counter() - t0) * 1000:.1f} ms ({args.path})")
    worst = 0.0
    for name, call in CALLS.items():
        call(doc)  # warm-up
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            call(doc)
            times.append((time.perf_counter() - t) * 1000)
        med = statistics.median(times)
        worst = max(worst, med)
        print(f"{name:18s} median {med:7.3f} ms   p95 {sorted(times)[int(len(times) * 0.95)]:7.3f} ms")
    print(f"slowest median: {worst:.3f} ms ({'within' if worst <= 5 else 'OVER'} the 5 ms goal)")


if __name__ == "__main__":
    main()
