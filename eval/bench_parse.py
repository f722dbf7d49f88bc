"""Benchmark: parsing and auditing a document (medians of repeated runs). `python -m eval.bench_parse [--doc PATH]`"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from budget_qa.settings import get_settings
from index import audit, parse_document


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--doc", type=Path, default=None)
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args(argv)
    path = args.doc or get_settings().document
    parse_times, audit_times = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        doc = parse_document(path)
        t1 = time.perf_counter()
        report = audit(doc)
        t2 = time.perf_counter()
        parse_times.append(t1 - t0)
        audit_times.append(t2 - t1)
    cells = sum(len(t.cells()) for t in doc.tables)
    print(f"document {path} sha256 {doc.sha256[:12]}: {len(doc.tables)} tables, {cells} amount cells, "
          f"{len(doc.paragraphs)} paragraphs, {len(doc.performance)} 绩效目标表")
    print(f"parse  median {statistics.median(parse_times) * 1000:.1f} ms over {args.runs} runs (goal ≤ 500 ms)")
    print(f"audit  median {statistics.median(audit_times) * 1000:.1f} ms; {report.checks} identities, "
          f"{len(report.findings)} findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
