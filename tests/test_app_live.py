"""The HTTP API of a running `python app.py` over the real assistant on the bundled document (issue 6)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240.0
"""Seconds for the server to answer /api/health; the first run also builds the retrieval index (~40 s)."""
HTTP_TIMEOUT = 30.0
OUTBOUND = "OUTBOUND"

# Runs app.py as __main__ with an audit hook that logs every connection or name lookup for another machine.
GUARDED_MAIN = f"""
import socket, sys, runpy
LOCAL = {{'127.0.0.1', '::1', 'localhost', '0.0.0.0', None, ''}}
def watch(event, args):
    if event == 'socket.connect' and isinstance(args[1], tuple) and args[1][0] not in LOCAL:
        print('{OUTBOUND} connect', args[1], file=sys.stderr, flush=True)
    elif event == 'socket.getaddrinfo' and args[0] not in LOCAL:
        print('{OUTBOUND} lookup', args[0], file=sys.stderr, flush=True)
sys.addaudithook(watch)
sys.argv = ['app.py'] + sys.argv[1:]
runpy.run_path({str(ROOT / "app.py")!r}, run_name='__main__')
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@contextmanager
def live_server(home: Path, log_dir: Path, timeout: float = START_TIMEOUT):
    """`python app.py` on a free port of 127.0.0.1, stopped afterwards: yields (url, log path).

    ``home`` is its BUDGET_QA_HOME; tests pass pytest's cache dir so the index is built once, not per run.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BUDGET_QA_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    log_path = log_dir / f"server-{port}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-c", GUARDED_MAIN, "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
                try:
                    if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not up within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
            yield url, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def index_home(config) -> Path:
    "A BUDGET_QA_HOME that outlives the test run (pytest's cache), so the retrieval index is built only once"
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("budget-qa-home"))
    # NOTE: under `-p no:cacheprovider` there is no cache: one home for this run, in the temp directory.
    home = getattr(config, "_budget_qa_home", None)
    if home is None:
        import shutil
        import tempfile

        home = config._budget_qa_home = Path(tempfile.mkdtemp(prefix="budget-qa-test-home-"))
        config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))
    return home


@pytest.fixture(scope="module")
def live_and_log(request, tmp_path_factory):
    with live_server(index_home(request.config), tmp_path_factory.mktemp("live")) as running:
        yield running


@pytest.fixture(scope="module")
def live(live_and_log):
    return live_and_log[0]


@pytest.fixture
def client(live):
    with httpx.Client(base_url=live, timeout=HTTP_TIMEOUT) as c:
        yield c


def test_live_health_names_the_bundled_document(client, seed_doc):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["sha256"] == seed_doc.sha256 and body["document"] == "weihai-hrss-2024.txt"


def test_live_answer_explains_the_three_public_increase_with_citations(client):
    body = client.post("/api/ask", json={"question": "三公经费为何增加"}).json()
    assert body["status"] == "answered", body
    for shown in ("30.99", "7.80", "33.64%"):
        assert shown in body["answer"], f"{shown} missing from {body['answer']!r}"
    kinds = {c["kind"] for c in body["citations"]}
    assert kinds == {"table", "narrative"}, "the table cells and the document's own explanation are cited"
    assert any(c["line"] and "三公" in c["table"] for c in body["citations"] if c["kind"] == "table")
    assert all(f"[{c['n']}]" in body["answer"] for c in body["citations"]), "every citation is referenced"


def test_live_chart_question_returns_a_chart(client, seed_doc):
    body = client.post("/api/ask", json={"question": "画出各类支出构成"}).json()
    t = seed_doc.table("支出总体情况表")
    assert body["chart"]["labels"] == list(t.frame[t.frame["level"] == "类"]["label"])


def follow_up_subjects(doc, n: int) -> list[tuple[str, str]]:
    "(label, 项目支出 as printed) of 项 rows with a distinct label and both 基本支出 and 项目支出: one per client"
    t = doc.table("支出总体情况表")
    counts = t.frame["label"].value_counts()
    rows = t.frame[(t.frame["level"] == "项") & t.frame["基本支出"].notna() & t.frame["项目支出"].notna()]
    out = [(r["label"], f"{r['项目支出']:,.2f}") for _, r in rows.iterrows() if counts[r["label"]] == 1]
    assert len(out) >= n, out
    return out[:n]


def test_live_sessions_resolve_follow_ups_in_their_own_conversation(live, seed_doc):
    subjects = follow_up_subjects(seed_doc, 5)

    def converse(subject: tuple[str, str]) -> list[str]:
        label, project = subject
        others = [s for s, _ in subjects if s != label]
        with httpx.Client(base_url=live, timeout=HTTP_TIMEOUT) as c:
            first = c.post("/api/ask", json={"question": f"{label}的支出是多少"}).json()
            follow = c.post("/api/ask", json={"question": "其中项目支出呢", "session_id": first["session_id"]}).json()
        problems = []
        if follow["session_id"] != first["session_id"] or follow["turn"] != 2:
            problems.append(f"{label}: session {first['session_id']} → {follow['session_id']} turn {follow['turn']}")
        if label not in follow["answer"] or project not in follow["answer"]:
            problems.append(f"{label}: expected {project} in {follow['answer']!r}")
        if any(o in follow["answer"] for o in others):
            problems.append(f"{label}: another client's subject in {follow['answer']!r}")
        return problems

    with ThreadPoolExecutor(len(subjects)) as pool:
        problems = [p for ps in pool.map(converse, subjects) for p in ps]
    assert not problems, problems


def test_live_server_never_reaches_outside_the_machine(client, live_and_log):
    "No analytics, version check, hub lookup or telemetry: not one connection or DNS lookup for another host"
    client.get("/")
    client.get("/config")
    client.post("/api/ask", json={"question": "三公经费为何增加"})
    time.sleep(1.0)  # a version check or analytics call would run on a background thread
    outbound = [line for line in live_and_log[1].read_text().splitlines() if line.startswith(OUTBOUND)]
    assert not outbound, outbound
