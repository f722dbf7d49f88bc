"""Benchmark: parsing and auditing documents — cold and cached medians and peak RSS per document.

`python -m eval.bench_parse` measures the seed (text export and its PDF rendering) and the four real PDFs; `--doc PATH` (repeatable) measures others.
Each document runs in its own process so its peak RSS is its own. Cold = parse from the file's bytes (no cache);
cached = load_document with a warm cache under a temporary BUDGET_QA_HOME (the in-process memo cleared each run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from budget_qa.settings import REPO_ROOT, get_settings

GOAL_COLD_S = 3.0
"""Issue 12: ≤ 3 s cold for a 30-page PDF on a 2-core machine."""


def default_docs() -> list[Path]:
    "The seed (its text export and its PDF rendering) and the four real PDFs"
    seed_pdf = REPO_ROOT / "tests" / "data" / "weihai-hrss-2024.pdf"
    return [get_settings().document, *([seed_pdf] if seed_pdf.exists() else []),
            *sorted((REPO_ROOT / "data" / "real").glob("*.pdf"))]


def measure(path: Path, runs: int) -> dict:
    "Run in a child process: cold and cached parse times, audit time, peak RSS"
    os.environ["BUDGET_QA_HOME"] = tempfile.mkdtemp(prefix="bench-parse-")
    from budget_qa import settings as settings_module

    settings_module._cached.cache_clear()
    from index import audit, load_document, parse_document
    from index import parse as parse_module

    cold, cached, audit_times = [], [], []
    doc = None
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = parse_document(path)
        cold.append(time.perf_counter() - t0)
    load_document(path)  # fills the on-disk cache
    for _ in range(runs):
        parse_module._load_cached.cache_clear()
        t0 = time.perf_counter()
        load_document(path)
        cached.append(time.perf_counter() - t0)
    for _ in range(max(1, runs // 2)):
        t0 = time.perf_counter()
        report = audit(doc)
        audit_times.append(time.perf_counter() - t0)
    return {
        "path": str(path), "sha": doc.sha256[:12], "format": doc.source_format, "pages": doc.page_count,
        "tables": len(doc.tables), "cells": sum(len(t.cells()) for t in doc.tables),
        "paragraphs": len(doc.paragraphs), "cold_ms": statistics.median(cold) * 1000,
        "cold_max_ms": max(cold) * 1000, "cached_ms": statistics.median(cached) * 1000,
        "audit_ms": statistics.median(audit_times) * 1000, "checks": report.checks, "findings": len(report.findings),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--doc", type=Path, action="append", default=None, help="a document to measure (repeatable)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # child mode
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.runs)))
        return 0
    rows = []
    for path in args.doc or default_docs():
        out = subprocess.run([sys.executable, "-m", "eval.bench_parse", "--one", str(path), "--runs", str(args.runs)],
                             capture_output=True, text=True, cwd=REPO_ROOT)
        if out.returncode != 0:
            print(f"{path}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            return 1
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'document':34} {'fmt':4} {'pages':>5} {'tables':>6} {'cells':>5} {'cold ms':>8} {'max':>6} "
          f"{'cached ms':>9} {'audit ms':>8} {'checks':>6} {'find':>4} {'peak RSS MB':>11}")
    for r in rows:
        print(f"{Path(r['path']).name[:34]:34} {r['format']:4} {r['pages']:>5} {r['tables']:>6} {r['cells']:>5} "
              f"{r['cold_ms']:>8.0f} {r['cold_max_ms']:>6.0f} {r['cached_ms']:>9.1f} {r['audit_ms']:>8.0f} "
              f"{r['checks']:>6} {r['findings']:>4} {r['peak_rss_mb']:>11.0f}")
    slow = [r for r in rows if r["format"] == "pdf" and r["cold_ms"] / 1000 * 30 / max(r["pages"], 1) > GOAL_COLD_S]
    print(f"medians of {args.runs} runs; goal: cold ≤ {GOAL_COLD_S:.0f} s for a 30-page PDF (scaled per page): "
          + ("met" if not slow else f"missed by {', '.join(Path(r['path']).name for r in slow)}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
