"""The budget-qa command line: verbs over one document (``--doc PATH``, default the bundled one)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from budget_qa.errors import BudgetQAError
from budget_qa.settings import get_settings
from budget_qa.types import BudgetDocument
from index import audit, load_document

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def _doc(args) -> BudgetDocument:
    return load_document(args.doc or get_settings().document)


def cmd_tables(args) -> int:
    doc = _doc(args)
    rows = [
        {"kind": t.kind.name, "title": t.name, "rows": len(t.frame), "columns": len(t.amount_columns),
         "lines": f"{t.line_start}-{t.line_end}", "note": t.note}
        for t in doc.tables
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{doc.department} {doc.year}年部门预算（单位：{doc.unit}）  {len(doc.tables)} 张表")
    for r in rows:
        note = f"  {r['note']}" if r["note"] else ""
        print(f"  {r['title']:<24}\t{r['rows']} 行 × {r['columns']} 列\t第{r['lines']}行{note}")
    return 0


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
        else:
            print(f"{t.name}（单位：{t.unit}，第{t.line_start}-{t.line_end}行）")
            print(frame.to_string(index=False) if len(frame) else f"（空表）{t.note}")
    return 0


def cmd_check(args) -> int:
    doc = _doc(args)
    report = audit(doc)
    if args.json:
        print(json.dumps({"document": doc.source, "sha256": doc.sha256, "checks": report.checks,
                          "findings": [f.as_dict() for f in report.findings]}, ensure_ascii=False, indent=1))
    else:
        print(f"审核 {doc.department} {doc.year}年部门预算：共核对 {report.checks} 项勾稽关系，发现 {len(report.findings)} 处不一致。")
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
    from .core import Assistant

    return Assistant.load(args.doc)


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.as_json(), ensure_ascii=False))
        return
    print(answer.text)
    if answer.citations:
        print("\n出处：")
        for i, c in enumerate(answer.citations, 1):
            print(f"  [{i}] {c.describe()}")
    if answer.suggestions:
        print("\n您还可以问：" + "；".join(answer.suggestions))


def cmd_ask(args) -> int:
    assistant = _assistant(args)
    answer = assistant.ask(" ".join(args.question))
    _print_answer(answer, args.json)
    return 0 if answer.status != "error" else 1


def cmd_chat(args) -> int:
    assistant = _assistant(args)
    conv = assistant.new_conversation()
    print(f"{assistant.doc.department} {assistant.doc.year}年部门预算问答。输入问题，空行或 Ctrl-D 退出。")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        if question in ("/new", "/reset"):
            conv = assistant.new_conversation()
            print("（已开始新的对话）")
            continue
        _print_answer(assistant.ask(question, conv), args.json)
        print()
    return 0


def cmd_batch(args) -> int:
    "One JSON line per conversation in, one JSON line per conversation out; a bad line never stops the batch"
    assistant = _assistant(args)
    source = sys.stdin if str(args.file) == "-" else open(args.file, encoding="utf-8")
    with source:
        for n, line in enumerate(source, 1):
            if not line.strip():
                continue
            item = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("turns"), list):
                    raise ValueError("each line must be an object with 'turns': [str, ...]")
                conv = assistant.new_conversation()
                replies = []
                for turn in item["turns"]:
                    answer = assistant.ask(str(turn), conv)
                    data = answer.as_json()
                    replies.append({k: data[k] for k in ("answer", "status", "figures", "citations", "latency_ms",
                                                         "suggestions")})
                out = {"id": str(item.get("id", n)), "replies": replies}
            except Exception as e:  # noqa: BLE001 - the batch goes on
                ident = item.get("id", n) if isinstance(item, dict) else n
                out = {"id": str(ident), "replies": [{"answer": f"Error: line {n}: {e}", "status": "error",
                                                      "figures": [], "citations": [], "latency_ms": 0.0}]}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def cmd_index(args) -> int:
    "Build (or reopen) the retrieval index of the document"
    import time

    from index.retrieve import Retriever

    doc = _doc(args)
    t0 = time.perf_counter()
    r = Retriever.open(doc)
    print(f"索引就绪：{len(r.chunks)} 段，用时 {time.perf_counter() - t0:.1f} 秒（{get_settings().home}）")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budget-qa", description="Answers questions about a 部门预算 with computed, cited figures")
    p.add_argument("--doc", type=Path, default=None, help="the budget document (default: the bundled one)")
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
    s = sub.add_parser("chat", help="a conversation in the terminal (keeps context; /new starts over)")
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
    except Exception:
        if _called_from_test():
            raise
        print("内部错误；请用 --doc 指定的文件和命令报告此问题。", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
