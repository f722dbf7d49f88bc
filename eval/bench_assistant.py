"""Benchmark: the assistant's warm latency over a Q&A set, cold `budget-qa ask`, and memory with the index loaded.

`python -m eval.bench_assistant [--set seed] [--cold-runs 3]` prints medians and p95 (goals: warm p95 ≤ 100 ms,
cold ask ≤ 5 s with a built index, RSS ≤ 400 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from budget_qa.settings import get_settings
from eval.cases import load_set


def rss_mb() -> float:
    "Resident memory of this process in MB (Linux /proc)"
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--set", default="seed")
    p.add_argument("--cold-runs", type=int, default=3)
    args = p.parse_args(argv)
    from assistant.core import Assistant

    t0 = time.perf_counter()
    assistant = Assistant.load()
    load_s = time.perf_counter() - t0
    cases = load_set(args.set).cases
    for case in cases:  # warm-up pass: every query embedding and table catalog once
        conv = assistant.new_conversation()
        for turn in case.turns:
            assistant.ask(turn.question, conv)
    latencies = []
    for case in cases:
        conv = assistant.new_conversation()
        for turn in case.turns:
            t = time.perf_counter()
            assistant.ask(turn.question, conv)
            latencies.append((time.perf_counter() - t) * 1000)
    print(f"document sha256 {assistant.doc.sha256[:12]}, embedding {get_settings().index.embedding}, "
          f"home {get_settings().home}")
    print(f"load (parse + open index) {load_s:.2f} s")
    print(f"warm latency over {len(latencies)} turns: median {statistics.median(latencies):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms (goal p95 ≤ 100 ms)")
    print(f"RSS with the index loaded: {rss_mb():.0f} MB (goal ≤ 400 MB)")
    exe = Path(sys.executable).with_name("budget-qa")
    cold = []
    for _ in range(args.cold_runs):
        t = time.perf_counter()
        subprocess.run([str(exe), "ask", "三公经费为何增加"], check=True, capture_output=True, env=dict(os.environ))
        cold.append(time.perf_counter() - t)
    print(f"cold `budget-qa ask` with a built index: median {statistics.median(cold):.2f} s over {len(cold)} runs "
          "(goal ≤ 5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
