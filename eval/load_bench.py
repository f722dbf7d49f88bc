"""Load benchmark of the HTTP API: concurrent clients asking `POST /api/ask` for a fixed time.

Run: ``python -m eval.load_bench [--url URL] [--clients 20] [--duration 60] [--doc PATH] [--json]``

Without ``--url`` it starts ``python app.py`` on a free port of 127.0.0.1 (BUDGET_QA_HOME as set) and stops it
afterwards, sampling the server's resident memory (RSS) every half second. Each client keeps one conversation for
the whole run (the session id the server issues on its first question) and loops over: a question about its own
subject (a 项 row of the expenditure table), the follow-up '其中项目支出呢', then standalone questions. Checked on
every reply: HTTP 200, the client's session id, the turn number counting only this client's questions, and the
follow-up answered about this client's subject (another client's subject in it is a leak).
Prints requests, errors, leaks, throughput, latency p50/p95/p99, the longest session (turns), the answers the
server keeps per session and the server's RSS; exits 1 when there were errors or leaks.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.charts import head_column
from budget_qa.settings import get_settings
from budget_qa.types import BudgetDocument, TableKind

ROOT = Path(__file__).resolve().parent.parent
STANDALONE = ["三公经费为何增加", "画出各类支出构成", "金额最大的5个项目是哪些", "基本支出和项目支出各占多少"]
FOLLOW_UP = "其中项目支出呢"
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 300.0


@dataclass(frozen=True)
class Subject:
    label: str
    project: str
    """Its 项目支出 as printed (e.g. '13,140.00'), which the follow-up answer must show."""


@dataclass
class ClientStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    """Follow-ups answered about no client's subject: a quality problem, not a leak."""
    turns: int = 0
    """Questions answered in this client's one session."""


def subjects(doc: BudgetDocument) -> list[Subject]:
    "项 rows of the expenditure table with a label of their own and both 基本支出 and 项目支出"
    t = doc.table(TableKind.expenditure_summary)
    basic, project = head_column(t, "基本支出"), head_column(t, "项目支出")
    counts = t.frame["label"].value_counts()
    rows = t.frame[(t.frame["level"] == "项") & t.frame[basic].notna() & t.frame[project].notna()]
    return [Subject(r["label"], f"{r[project]:,.2f}") for _, r in rows.iterrows() if counts[r["label"]] == 1]


def run_client(url: str, k: int, subject: Subject, everyone: list[Subject], deadline: float,
               stats: ClientStats) -> None:
    session: str | None = None  # issued by the server on the first question
    turn = 0
    script = [f"{subject.label}的支出是多少", FOLLOW_UP, *STANDALONE[k % len(STANDALONE):], *STANDALONE[:k % len(STANDALONE)]]
    others = [s.label for s in everyone if s.label != subject.label and subject.label not in s.label]
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as c:
        while time.monotonic() < deadline:
            for question in script:
                if time.monotonic() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    r = c.post("/api/ask", json={"question": question, **({"session_id": session} if session else {})})
                    body = r.json()
                except (httpx.HTTPError, ValueError) as e:
                    stats.errors.append(f"{session} {question!r}: {type(e).__name__}: {e}")
                    continue
                stats.latencies_ms.append((time.perf_counter() - started) * 1000)
                if r.status_code != 200 or body.get("status") == "error":
                    stats.errors.append(f"{session} {question!r}: HTTP {r.status_code} {str(body)[:200]}")
                    continue
                turn += 1
                stats.turns = turn
                session = session or body.get("session_id")
                if body.get("session_id") != session or body.get("turn") != turn:
                    stats.leaks.append(f"{session} turn {turn}: got {body.get('session_id')} turn {body.get('turn')}")
                    turn = body.get("turn") or turn
                if question == FOLLOW_UP:
                    text = body.get("answer", "")
                    if any(o in text for o in others):
                        stats.leaks.append(f"{session} ({subject.label}): {text[:120]!r}")
                    elif subject.label not in text or subject.project not in text:
                        stats.wrong.append(f"{session} ({subject.label}, {subject.project}): {text[:120]!r}")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def rss_mb(pid: int) -> float | None:
    "Resident memory of a process in MB (Linux /proc), None when unknown"
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


class RssSampler:
    "Samples a process's RSS on a background thread: at start, peak and last"

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.start = rss_mb(pid)
        self.peak = self.last = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            now = rss_mb(self.pid)
            if now is not None:
                self.last = now
                self.peak = max(self.peak or 0.0, now)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(2)


def bench(url: str, doc: BudgetDocument, clients: int, duration: float) -> dict:
    everyone = subjects(doc)
    if not everyone:
        raise SystemExit("no 项 row with both 基本支出 and 项目支出 to ask about")
    stats = [ClientStats() for _ in range(clients)]
    deadline = time.monotonic() + duration
    started = time.perf_counter()
    threads = [threading.Thread(target=run_client, args=(url, k, everyone[k % len(everyone)], everyone, deadline, s))
               for k, s in enumerate(stats)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies = [x for s in stats for x in s.latencies_ms]
    errors = [x for s in stats for x in s.errors]
    leaks = [x for s in stats for x in s.leaks]
    wrong = [x for s in stats for x in s.wrong]
    try:
        health = httpx.get(f"{url}/api/health", timeout=10).json()
    except (httpx.HTTPError, ValueError):
        health = {}
    return {
        "url": url, "document": doc.source, "sha256": doc.sha256, "clients": clients, "duration_s": round(elapsed, 1),
        "requests": len(latencies), "errors": len(errors), "leaks": len(leaks), "wrong_follow_ups": len(wrong),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1), "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "longest_session_turns": max((s.turns for s in stats), default=0),
        "turns_kept_per_session": health.get("turns_kept"), "sessions_held": health.get("sessions"),
        "examples": {"errors": errors[:3], "leaks": leaks[:3], "wrong_follow_ups": wrong[:3]},
    }


def start_server(doc: Path | None, log) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)]
    if doc:
        cmd += ["--doc", str(doc)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"server did not start (see {log.name})")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.load_bench", description=__doc__.split("\n")[0])
    p.add_argument("--url", help="a running server (default: start `python app.py` on a free port)")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--duration", type=float, default=60.0, help="seconds")
    p.add_argument("--doc", type=Path, default=None, help="the budget document (default: the bundled one)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    args = p.parse_args(argv)

    from index import load_document

    doc = load_document(args.doc or get_settings().document)
    proc = None
    with tempfile.NamedTemporaryFile("w", prefix="budget-qa-bench-", suffix=".log", delete=False) as log:
        try:
            url = args.url
            if not url:
                proc, url = start_server(args.doc, log)
                with RssSampler(proc.pid) as rss:
                    report = bench(url.rstrip("/"), doc, args.clients, args.duration)
                report["server_rss_mb"] = {k: round(v) if v is not None else None
                                           for k, v in (("start", rss.start), ("peak", rss.peak), ("end", rss.last))}
            else:
                report = bench(url.rstrip("/"), doc, args.clients, args.duration)
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{report['clients']} clients × {report['duration_s']} s against {report['url']}/api/ask")
        print(f"requests {report['requests']}  errors {report['errors']}  leaks {report['leaks']}  "
              f"wrong follow-ups {report['wrong_follow_ups']}  throughput {report['throughput_rps']} req/s")
        print(f"latency p50 {report['p50_ms']} ms  p95 {report['p95_ms']} ms  p99 {report['p99_ms']} ms  "
              f"max {report['max_ms']} ms")
        print(f"longest session {report['longest_session_turns']} turns; the server keeps "
              f"{report['turns_kept_per_session']} answers per session and holds {report['sessions_held']} sessions")
        if "server_rss_mb" in report:
            m = report["server_rss_mb"]
            print(f"server RSS start {m['start']} MB  peak {m['peak']} MB  end {m['end']} MB")
        for kind, examples in report["examples"].items():
            for e in examples:
                print(f"  {kind}: {e}")
    return 1 if report["errors"] or report["leaks"] else 0


if __name__ == "__main__":
    sys.exit(main())
