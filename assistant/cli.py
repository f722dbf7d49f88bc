"""The budget-qa command line: verbs over one document (``--doc PATH``, default the bundled one) or a library of them
(``--doc`` repeated, ``--library DIR`` for every budget in a folder).

``--doc`` may come before or after the verb: ``budget-qa --doc F check`` and ``budget-qa check --doc F`` are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import IO, Any, Iterator

from budget_qa.errors import BudgetQAError
from budget_qa.settings import get_settings
from budget_qa.types import BudgetDocument
from index import audit, load_document

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def library_paths(args) -> tuple[list[Path], Path | None]:
    "The documents the command names: every --doc, and the folder of --library (default: the bundled document)"
    docs = list(getattr(args, "doc", None) or [])
    folder = getattr(args, "library", None)
    return (docs or ([] if folder else [Path(get_settings().document)])), folder


def _doc(args) -> BudgetDocument:
    "The one document a single-document verb (tables, table, summary) works on"
    paths, folder = library_paths(args)
    if folder is not None or len(paths) > 1:
        raise BudgetQAError("this command reads one document: give a single --doc")
    return load_document(paths[0])


def terminal_width() -> int:
    "The terminal's width in cells (COLUMNS, else the terminal, else 100 when output is not a terminal)"
    return shutil.get_terminal_size((100, 24)).columns


def render_table(title: str, header: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
                 width: int | None = None) -> str:
    """A text table that measures East Asian characters as two cells and wraps to ``width``

    Args:
        title: printed above the table.
        header: column titles.
        rows: cell texts.
        numeric: indexes of right-aligned columns.
        width: cells per line (default: the terminal's).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SQUARE, show_lines=False, title_justify="left", expand=False)
    for i, h in enumerate(header):
        table.add_column(h, justify="right" if i in numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*r)
    console = Console(width=width or terminal_width(), record=True, file=open(os.devnull, "w"), color_system=None,
                      emoji=False, markup=False, highlight=False)
    console.print(table)
    return "".join(line.rstrip() + "\n" for line in console.export_text().splitlines())


def cmd_tables(args) -> int:
    doc = _doc(args)
    rows = [
        {"kind": t.kind.name, "title": t.name, "rows": len(t.frame), "columns": len(t.amount_columns),
         "lines": f"{t.line_start}-{t.line_end}", "pages": list(t.pages), "unit": t.unit, "note": t.note}
        for t in doc.tables
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    level = "单位" if doc.level == "单位" else "部门"
    if any(r["pages"] for r in rows):  # a PDF: where each table is, by page
        print(render_table(f"{doc.department} {doc.year}年{level}预算  {len(doc.tables)} 张表",
                           ["表", "行", "列", "页", "单位", "说明"],
                           [[r["title"], str(r["rows"]), str(r["columns"]), _pages(r["pages"]), r["unit"] or "",
                             r["note"] or ""] for r in rows], numeric={1, 2}), end="")
        return 0
    print(render_table(f"{doc.department} {doc.year}年{doc.kind_name}（单位：{doc.unit}）  {len(doc.tables)} 张表",
                       ["表", "行", "列", "原文行", "说明"],
                       [[r["title"], str(r["rows"]), str(r["columns"]), r["lines"], r["note"] or ""] for r in rows],
                       numeric={1, 2}), end="")
    return 0


def _pages(pages: list[int]) -> str:
    "[14, 15] → '第14-15页'; [] → ''"
    if not pages:
        return ""
    lo, hi = min(pages), max(pages)
    return f"第{lo}页" if lo == hi else f"第{lo}-{hi}页"


def _where(t) -> str:
    "Where a table is: its pages in a PDF, its lines in a text export"
    return _pages(t.pages) or f"第{t.line_start}-{t.line_end}行"


def _find_table(doc: BudgetDocument, name: str):
    from index.text import norm_key

    exact = [t for t in doc.tables if norm_key(t.name) == norm_key(name) or t.kind.name == name]
    if exact:
        return exact
    return [t for t in doc.tables if norm_key(name) in norm_key(t.name)]


def cmd_table(args) -> int:
    doc = _doc(args)
    found = _find_table(doc, args.name)
    if not found:
        names = "、".join(t.name for t in doc.tables)
        raise BudgetQAError(f"没有名为 {args.name!r} 的表。可选：{names}")
    for t in found:
        frame = t.frame[["code", "label"] + t.amount_columns].copy()
        for c in t.amount_columns:
            frame[c] = frame[c].map(lambda v: "" if v is None else f"{v:.2f}")
        if args.csv:
            sys.stdout.write(frame.to_csv(index=False))
        elif not len(frame):
            print(f"{t.name}（单位：{t.unit}，{_where(t)}）\n（空表）{t.note}")
        else:
            header = ["编码", "科目/项目", *t.amount_columns]
            rows = [[str(v) if v is not None else "" for v in r] for r in frame.itertuples(index=False)]
            print(render_table(f"{t.name}（单位：{t.unit}，{_where(t)}）", header, rows,
                               numeric=set(range(2, len(header)))), end="")
    return 0


def cmd_check(args) -> int:
    "The audit of every document named: one report each; a file that cannot be read is reported and the rest go on"
    from index.catalog import load_library

    paths, folder = library_paths(args)
    if len(paths) == 1 and folder is None:
        return _check_one(load_document(paths[0]), args.json)
    loaded, failures = load_library(paths, folder)
    status = 0
    reports = []
    for entry, doc in loaded:
        if not args.json:
            print(f"== {entry.id}（{Path(entry.source).name}）")
        code = _check_one(doc, args.json, reports)
        status = max(status, code)
        if not args.json:
            print()
    for f in failures:
        if args.json:
            reports.append({"document": f.path, "error": f.message})
        else:
            print(f"== {f.path}\n错误：{f.message}\n")
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=1))
    return EXIT_UNREADABLE if failures else status


def _check_one(doc: BudgetDocument, as_json: bool, into: list | None = None) -> int:
    report = audit(doc)
    if as_json:
        data = {"document": doc.source, "sha256": doc.sha256, "checks": report.checks,
                "findings": [f.as_dict() for f in report.findings], "warnings": list(doc.warnings)}
        if into is None:
            print(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            into.append(data)
    else:
        print(f"审核 {doc.department} {doc.year}年{'单位' if doc.level == '单位' else '部门'}预算：共核对 {report.checks} 项勾稽关系，"
              f"发现 {len(report.findings)} 处不一致。")
        for w in doc.warnings:  # what the parser noticed (not findings: the exit status does not change)
            print(f"解析提示：{w}")
        for i, f in enumerate(report.findings, 1):
            print(f"\n[{i}] {f.rule}：{f.message}")
            print(f"    应为 {f.expected} {f.unit}，实为 {f.found} {f.unit}，差额 {f.difference} {f.unit}")
            for loc in f.locations:
                print(f"    - {loc}")
    return 0 if report.clean else EXIT_FINDINGS


def cmd_summary(args) -> int:
    "What `make run` shows until a UI is wired: document summary and audit"
    cmd_tables(args)
    doc = _doc(args)
    print(f"主要职责 {len(doc.duties)} 项；预算单位 {len(doc.units)} 个；名词解释 {len(doc.glossary)} 条；绩效目标表 {len(doc.performance)} 张")
    print()
    return cmd_check(args)


def _assistant(args):
    "The assistant over the documents named (a library; with one document, that document's assistant)"
    from .library import Library

    paths, folder = library_paths(args)
    library = Library.load(paths, folder)
    for f in library.failures:
        print(f"警告：未能载入 {f.path}：{f.message}", file=sys.stderr)
    return library


def _print_answer(answer, as_json: bool, out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    if as_json:
        print(json.dumps(answer.as_json(), ensure_ascii=False), file=out)
        return
    understood = answer.understood
    if understood:
        print(understood, file=out)
    print(answer.text, file=out)
    if answer.citations:
        print("\n出处：", file=out)
        for i, c in enumerate(answer.citations, 1):
            print(f"  [{i}] {c.describe()}", file=out)
    if answer.suggestions:
        print("\n您还可以问：" + "；".join(answer.suggestions), file=out)


def cmd_ask(args) -> int:
    assistant = _assistant(args)
    answer = assistant.ask(" ".join(args.question))
    _print_answer(answer, args.json)
    return 0 if answer.status != "error" else 1


PROMPT = "问> "
CHAT_HELP = """命令：
  /help   显示本说明
  /new    开始新的对话（忘记上文）
  /quit   退出（也可按 Ctrl-D）
其他输入都当作关于预算的问题。↑/↓ 翻看以前的问题，←/→ 编辑。"""
QUIT = ("/quit", "/exit", "/q")


def _line_editing(history_file: Path) -> bool:
    "Arrow-key editing and history across sessions (readline), when this Python has it"
    try:
        import readline
    except ImportError:  # pragma: no cover - e.g. Windows without pyreadline
        return False
    import atexit

    try:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        readline.read_history_file(history_file)
    except OSError:
        pass
    readline.set_history_length(1000)
    atexit.register(lambda: _save_history(readline, history_file))
    return True


def _save_history(readline, path: Path) -> None:
    try:
        readline.write_history_file(path)
    except OSError:
        pass


def chat_loop(assistant, lines: Iterator[str] | None = None, out: IO[str] | None = None, *, as_json: bool = False,
              interactive: bool | None = None) -> int:
    """The terminal conversation: a prompt, /help, /new, /quit; questions keep their context until /new.

    Args:
        assistant: answers the questions.
        lines: the user's input lines (default: the terminal, with line editing and history).
        out: where replies go (default: stdout).
        as_json: print each answer as one JSON line.
        interactive: show the prompt (default: when stdin is a terminal).
    """
    from .server import trim_history

    out = out or sys.stdout
    if interactive is None:
        interactive = lines is None and sys.stdin.isatty()
    if lines is None:
        if interactive:
            _line_editing(Path(get_settings().home) / "chat_history")
        lines = _input_lines(PROMPT if interactive else "")
    conv = assistant.new_conversation()
    if not as_json:
        print(f"{assistant.doc.department} {assistant.doc.year}年{assistant.doc.kind_name}问答。输入问题后回车；/help 查看命令，"
              "/quit 或 Ctrl-D 退出。", file=out)
    for line in lines:
        question = line.strip()
        if not question:
            continue
        command = question.lower()
        if command in QUIT:
            break
        if command in ("/help", "/?", "/h"):
            print(CHAT_HELP, file=out)
            continue
        if command in ("/new", "/reset"):
            conv = assistant.new_conversation()
            print("（已开始新的对话）", file=out)
            continue
        if command.startswith("/"):
            print(f"未知命令 {question!r}。/help 查看命令。", file=out)
            continue
        answer = assistant.ask(question, conv)
        trim_history(conv)
        _print_answer(answer, as_json, out)
        if not as_json:
            print(file=out)
    return 0


def _input_lines(prompt: str) -> Iterator[str]:
    "Lines typed at the prompt until Ctrl-D (Ctrl-C cancels the line being typed)"
    while True:
        try:
            yield input(prompt)
        except EOFError:
            print()
            return
        except KeyboardInterrupt:
            print()
            continue


def cmd_chat(args) -> int:
    return chat_loop(_assistant(args), as_json=args.json)


BATCH_FIELDS = ("answer", "status", "figures", "citations", "latency_ms", "suggestions")
BATCH_OPTIONAL = ("understood", "query", "documents")
"""Passed through when the answer has them (what the question was understood to ask)."""


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _clean(value: Any) -> Any:
    "A decoded JSON value with lone surrogates replaced (U+FFFD), so it can be written as UTF-8"
    if isinstance(value, str):
        return _SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _error_reply(ident: str, message: str) -> dict:
    return {"id": ident, "replies": [{"answer": f"Error: {message}", "status": "error", "figures": [],
                                      "citations": [], "latency_ms": 0.0, "suggestions": []}]}


def batch_lines(assistant, source: IO[bytes], name: str) -> Iterator[dict]:
    """One reply object per non-blank input line. Lines are read as bytes and decoded one at a time, so a line that
    is not UTF-8, not JSON or not a conversation gets a reply with status ``error`` naming the file and the line,
    and the batch goes on."""
    for n, raw in enumerate(source, 1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        item = None
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise ValueError(f"not UTF-8 text (byte {e.start + 1}); JSON Lines input must be UTF-8") from None
            item = _clean(json.loads(line))
            if not isinstance(item, dict) or not isinstance(item.get("turns"), list):
                raise ValueError("each line must be an object with 'turns': [str, ...]")
            conv = assistant.new_conversation()
            replies = []
            pinned = item.get("document")
            for turn in item["turns"]:
                answer = assistant.ask(str(turn), conv, document=str(pinned)) if pinned else assistant.ask(str(turn), conv)
                pinned = None  # the first turn sets the conversation's document; later turns may move on
                data = answer.as_json()
                replies.append({k: data.get(k) for k in BATCH_FIELDS}
                               | {k: data[k] for k in BATCH_OPTIONAL if data.get(k)})
            yield {"id": str(item.get("id", n)), "replies": replies}
        except Exception as e:  # noqa: BLE001 - the batch goes on
            ident = str(item.get("id", n)) if isinstance(item, dict) else str(n)
            yield _error_reply(ident, f"{name} line {n}: {e}")


def cmd_batch(args) -> int:
    "One JSON line per conversation in, one JSON line per conversation out; a bad line never stops the batch"
    name = "stdin" if str(args.file) == "-" else repr(str(args.file))
    if str(args.file) == "-":
        source = sys.stdin.buffer
    else:
        try:
            source = open(args.file, "rb")
        except OSError as e:
            raise BudgetQAError(f"cannot read the batch input {name}: {e.strerror or e}") from None
    assistant = _assistant(args)
    with source:
        for out in batch_lines(assistant, source, name):
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def cmd_index(args) -> int:
    "Build (or reopen) the retrieval index of the document"
    import time

    from index.retrieve import Retriever

    from index.catalog import load_library

    paths, folder = library_paths(args)
    loaded, failures = load_library(paths, folder)
    for entry, doc in loaded:
        t0 = time.perf_counter()
        r = Retriever.open(doc)
        print(f"{entry.id}：索引就绪，{len(r.chunks)} 段，用时 {time.perf_counter() - t0:.1f} 秒（{get_settings().home}）")
    for f in failures:
        print(f"错误：{f.path}：{f.message}", file=sys.stderr)
    return EXIT_UNREADABLE if failures else 0


DOC_HELP = "a budget document, PDF or text export (repeatable; default: the bundled one)"
LIBRARY_HELP = "a folder: load every budget (*.pdf, *.txt) in it"


def add_document_options(parser: argparse.ArgumentParser, default=None) -> None:
    "--doc (repeatable) and --library, on the program or on a verb"
    parser.add_argument("--doc", type=Path, action="append", default=default, help=DOC_HELP)
    parser.add_argument("--library", type=Path, default=default, metavar="DIR", help=LIBRARY_HELP)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budget-qa", description="Answers questions about a 部门预算 with computed, cited figures")
    add_document_options(p)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("tables", help="list the tables found")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_tables)
    s = sub.add_parser("table", help="print one table")
    s.add_argument("name", help="title or part of it, e.g. 支出总体情况表")
    s.add_argument("--csv", action="store_true", help="CSV instead of a text table")
    s.set_defaults(func=cmd_table)
    s = sub.add_parser("check", help="audit the document's identities (exit 1 when something does not reconcile)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_check)
    s = sub.add_parser("summary", help="the document summary and its audit")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_summary)
    s = sub.add_parser("ask", help="answer one question")
    s.add_argument("question", nargs="+")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ask)
    s = sub.add_parser("chat", help="a conversation in the terminal (keeps context; /help, /new, /quit)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_chat)
    s = sub.add_parser("batch", help="answer conversations from a JSONL file: {id, turns:[...]} per line")
    s.add_argument("file", help="JSONL file, or - for stdin")
    s.set_defaults(func=cmd_batch)
    s = sub.add_parser("index", help="build or reopen the retrieval index")
    s.set_defaults(func=cmd_index)
    from .server import add_serve_parser

    add_serve_parser(sub)
    # NOTE: eval/ sits above the assistant (it drives it); the CLI entry point is the one place that wires it.
    from eval.cli import add_eval_parser

    add_eval_parser(sub)
    # NOTE: every verb accepts --doc after it too; SUPPRESS keeps a global --doc given before the verb (issue 11,
    # item 10). A verb with its own --doc (serve, eval) keeps it.
    for verb in sub.choices.values():
        if not any("--doc" in a.option_strings for a in verb._actions):
            add_document_options(verb, default=argparse.SUPPRESS)
    return p


def _called_from_test() -> bool:
    return "pytest" in sys.modules


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BudgetQAError as e:
        print(f"错误：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as e:
        if _called_from_test():
            raise
        print(f"内部错误（{type(e).__name__}）。请报告所用的命令及其输入文件。", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
