"""The command line as a newcomer meets it (issue 11): batch input that is not clean, --doc after the verb, the chat
prompt and commands, wide tables in a terminal, and `serve` started without an import cycle."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from assistant import cli
from tests.fakes.assistant import EchoAssistant

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def echo(seed_doc, monkeypatch):
    "The CLI verbs answer with the echo assistant (the real one is exercised in test_hostile.py)"
    fake = EchoAssistant(seed_doc)
    monkeypatch.setattr(cli, "_assistant", lambda args: fake)
    return fake


def _replies(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# --- batch (item 1) ---------------------------------------------------------------------------------------------
def test_batch_answers_the_good_lines_when_a_line_is_not_utf8(echo, tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "gbk", "turns": ["\xc8\xfd\xb9\xab"]}\n'       # 三公 in GBK: not UTF-8
                     + '{"id": "ok", "turns": ["三公经费是多少", "其中呢"]}\n'.encode()
                     + b"\xff\xfe\x00garbage\n"
                     + '{"id": "last", "turns": ["项目支出"]}\n'.encode())
    assert cli.main(["batch", str(path)]) == 0
    replies = _replies(capsys.readouterr().out)
    assert [r["id"] for r in replies] == ["gbk", "ok", "3", "last"] or [r["id"] for r in replies] == ["1", "ok", "3",
                                                                                                        "last"]
    bad = [r["replies"][0] for r in replies if r["id"] not in ("ok", "last")]
    assert all(b["status"] == "error" for b in bad)
    assert "line 1" in bad[0]["answer"] and "line 3" in bad[1]["answer"] and "UTF-8" in bad[0]["answer"]
    assert all(str(path) in b["answer"] for b in bad), "the message names the input file"
    assert "--doc" not in " ".join(b["answer"] for b in bad), "the input file is not blamed on --doc"
    assert [r["status"] for r in replies[1]["replies"]] == ["answered", "answered"]
    assert echo.asked == ["三公经费是多少", "其中呢", "项目支出"]


def test_batch_goes_on_after_a_lone_surrogate_in_an_id(echo, tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "\\ud800", "turns": ["\\udc00问"]}\n{"id": "after", "turns": ["项目支出"]}\n',
                    encoding="utf-8")
    assert cli.main(["batch", str(path)]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")  # the output is valid UTF-8 text
    replies = _replies(out)
    assert [r["id"] for r in replies] == ["\ufffd", "after"]
    assert replies[0]["replies"][0]["status"] == "answered"


def test_batch_on_a_missing_file_names_the_file(echo, tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    assert cli.main(["batch", str(missing)]) == cli.EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert str(missing) in err and "--doc" not in err


# --- --doc after the verb (item 10) -----------------------------------------------------------------------------
def test_check_accepts_doc_after_the_verb(seed_path, capsys):
    assert cli.main(["check", "--doc", str(seed_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"] == str(seed_path)


@pytest.mark.parametrize("argv", [
    pytest.param(["--doc", "a.txt", "tables"], id="before"),
    pytest.param(["tables", "--doc", "a.txt"], id="after"),
    pytest.param(["ask", "问题", "--doc", "a.txt"], id="after-ask"),
    pytest.param(["--doc", "a.txt", "serve"], id="before-serve"),
])
def test_doc_may_come_before_or_after_the_verb(argv):
    assert cli.build_parser().parse_args(argv).doc == [Path("a.txt")]


def test_doc_may_be_given_several_times_and_with_a_library():
    args = cli.build_parser().parse_args(["ask", "问题", "--doc", "a.txt", "--doc", "b.pdf", "--library", "lib"])
    assert cli.library_paths(args) == ([Path("a.txt"), Path("b.pdf")], Path("lib"))


def test_a_single_document_verb_refuses_several_documents(seed_path, capsys):
    assert cli.main(["tables", "--doc", str(seed_path), "--doc", str(seed_path)]) == cli.EXIT_UNREADABLE
    assert "single --doc" in capsys.readouterr().err


# --- chat (item 11) ---------------------------------------------------------------------------------------------
def test_chat_has_a_prompt_help_new_and_quit(echo, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("/help\n三公经费\n其中呢\n/new\n项目支出\n/quit\n不会被问到\n"))
    assert cli.chat_loop(echo, interactive=True) == 0
    out = capsys.readouterr().out
    assert out.count(cli.PROMPT) >= 5, "a prompt before every line typed"
    assert "/new" in out and "/quit" in out and "/help" in out, "/help lists the commands"
    assert echo.asked == ["三公经费", "其中呢", "项目支出"], "commands are not questions; /quit ends the chat"
    assert "第2问：三公经费|其中呢" in out and "第1问：项目支出" in out, "/new forgets the conversation"


def test_chat_says_when_a_command_is_unknown(echo):
    out = io.StringIO()
    cli.chat_loop(echo, iter(["/frobnicate", "三公"]), out)
    assert "未知命令 '/frobnicate'" in out.getvalue() and echo.asked == ["三公"]


def test_chat_keeps_a_bounded_history(echo):
    from assistant.server import TURNS_KEPT

    conversations = []
    real_new = echo.new_conversation
    echo.new_conversation = lambda: conversations.append(real_new()) or conversations[-1]
    cli.chat_loop(echo, iter(f"问{i}" for i in range(TURNS_KEPT + 15)), io.StringIO())
    assert len(conversations[0].answers) == TURNS_KEPT


# --- tables (item 15) -------------------------------------------------------------------------------------------
def test_wide_table_fits_the_terminal_with_chinese_columns_aligned(seed_path, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["--doc", str(seed_path), "table", "财政拨款收支总体情况表"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines and max(cell_len(line) for line in lines) <= 80, "no line is wider than the terminal"
    tables: list[list[str]] = []  # a two-sided table prints two grids
    for line in lines:
        if line.startswith("┌"):
            tables.append([])
        if line.startswith(("│", "┌", "├", "└")):
            tables[-1].append(line)
    assert len(tables) == 2
    for grid in tables:
        columns = {tuple(i for i, _ in _cell_positions(line)) for line in grid}
        assert len(columns) == 1, f"every row has its borders at the same cells: {columns}"


def _cell_positions(line: str) -> list[tuple[int, str]]:
    "(display cell, character) of each column border in a line"
    out, at = [], 0
    for ch in line:
        if ch in "│┬┼┴┌┐├┤└┘":
            out.append((at, ch))
        at += cell_len(ch)
    return out


def test_tables_lists_every_table(seed_path, seed_doc, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "100")
    assert cli.main(["tables", "--doc", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert all(t.name[:8] in out for t in seed_doc.tables)


# --- serve and the import direction (issue 10) -------------------------------------------------------------------
def test_assistant_package_never_imports_the_app():
    "Dependencies point one way: app.py → assistant/ (a cycle made `import app` inside assistant/server.py)"
    offenders = []
    for path in sorted((ROOT / "assistant").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            offenders += [f"{path.name}: import {n}" for n in names if n.split(".")[0] == "app"]
    assert not offenders, offenders


def test_serve_runs_the_app_program_with_the_chosen_options():
    from assistant.server import serve_argv

    args = cli.build_parser().parse_args(["serve", "--doc", "d.txt", "--port", "8001"])
    argv = serve_argv(args)
    assert argv[1:3] == ["-m", "app"] and argv[3:] == ["--host", "127.0.0.1", "--port", "8001", "--doc", "d.txt"]


def test_serve_verb_starts_the_ui_and_api(request, tmp_path):
    "`budget-qa serve` hands over to app.py (exec) and serves /api/health and the page on the chosen port"
    import os
    import subprocess
    import sys
    import time

    import httpx
    from test_app_live import free_port, index_home

    port = free_port()
    env = {**os.environ, "BUDGET_QA_HOME": str(index_home(request.config))}
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=tmp_path,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline, health = time.monotonic() + 240, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert health and health["status"] == "ok", log.read_text()[-2000:]
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
    finally:
        proc.terminate()
        proc.wait(15)


def test_answers_show_how_the_question_was_understood(seed_doc, tmp_path, monkeypatch, capsys):
    "Issue 10: `ask`/`chat` print the '理解为：…' line, `batch` passes `understood` and `query` through"
    from assistant.query import Query

    class Understanding(EchoAssistant):
        def ask(self, question, conversation=None):
            answer = super().ask(question, conversation)
            return answer.model_copy(update={"query": Query(question=question, outside="别的部门")})

    fake = Understanding(seed_doc)
    monkeypatch.setattr(cli, "_assistant", lambda args: fake)
    assert cli.main(["ask", "财政局的三公经费"]) == 0
    assert capsys.readouterr().out.startswith("理解为：不在本文件范围内（别的部门）")
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "turns": ["财政局的三公经费"]}\n', encoding="utf-8")
    assert cli.main(["batch", str(path)]) == 0
    reply = _replies(capsys.readouterr().out)[0]["replies"][0]
    assert reply["understood"].startswith("理解为") and reply["query"]["outside"] == "别的部门"
