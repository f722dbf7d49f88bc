"""``budget-qa eval`` / ``python -m eval``: run Q&A sets through the assistant and report.

    python -m eval                                  # the seed set, on the document it was written for
    python -m eval --set variant --report out.md    # another set; a markdown report
    python -m eval --set seed --doc PATH --json     # a set on another document; JSON on stdout
    python -m eval --set seed --questions > q.jsonl # batch input: id, conversation, question per line
    python -m eval --set seed --answers a.jsonl     # score `budget-qa batch` output instead of asking

Exit status: 0 done, 1 accuracy under ``--fail-under``, 2 unusable set, document or assistant.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .cases import CaseSet, CaseSetError, available_sets, load_set

EXIT_BELOW = 1
EXIT_UNUSABLE = 2
REPO_ROOT = Path(__file__).resolve().parent.parent

AssistantFactory = Callable[[Path], Any]


class EvalError(Exception):
    "Shown to the user as one line: the set, document or assistant cannot be used"


def add_eval_parser(subparsers) -> argparse.ArgumentParser:
    "Add the `eval` verb to a parent CLI's subparsers (budget-qa); it runs `run_eval(args)`"
    p = subparsers.add_parser("eval", help="run Q&A sets through the assistant and report accuracy",
                              description=__doc__.splitlines()[0])
    _arguments(p)
    p.set_defaults(func=run_eval)
    return p


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="sets", action="append", metavar="NAME",
                   help=f"a set name ({', '.join(available_sets())}) or a YAML path; repeatable (default: seed)")
    # NOTE: dest differs from budget-qa's global --doc so a subparser default cannot overwrite it.
    p.add_argument("--doc", dest="eval_doc", type=Path, default=None,
                   help="the budget document (default: the one the set was written for)")
    p.add_argument("--json", action="store_true", help="print the report(s) as JSON")
    p.add_argument("--report", type=Path, default=None, metavar="FILE.md", help="write a markdown report")
    p.add_argument("--answers", type=Path, default=None, metavar="FILE.jsonl",
                   help="score these batch answers (Answer.as_json() lines with id 'case#turn') instead of asking")
    p.add_argument("--questions", action="store_true", help="print the set as batch input JSONL and exit")
    p.add_argument("--category", action="append", default=None, help="only these categories (repeatable)")
    p.add_argument("--limit", type=int, default=None, help="only the first N conversations")
    p.add_argument("--no-retrieval", dest="retrieval", action="store_false",
                   help="skip the retrieval metrics (recall@k, MRR) in the report")
    p.add_argument("--fail-under", type=float, default=None, metavar="RATE",
                   help="exit 1 when accuracy is below RATE (0-1), e.g. the CI threshold 0.90")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    _arguments(p)
    return p


def main(argv: list[str] | None = None, *, assistant_factory: AssistantFactory | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_eval(args, assistant_factory=assistant_factory)


def run_eval(args: argparse.Namespace, *, assistant_factory: AssistantFactory | None = None) -> int:
    "The eval verb; returns the exit status"
    try:
        return _run(args, assistant_factory)
    except (EvalError, CaseSetError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as e:
        from budget_qa.errors import BudgetQAError

        if isinstance(e, BudgetQAError):
            print(f"错误：{e}", file=sys.stderr)
            return EXIT_UNUSABLE
        raise


def _run(args, factory: AssistantFactory | None) -> int:
    from .evaluators import DEFAULT_EVALUATORS
    from .harness import batch_requests, read_jsonl, retrieval_metrics, run_answers, run_set
    from .report import build_report

    sets = [_select(load_set(name), args) for name in (args.sets or ["seed"])]
    if args.questions:
        for cs in sets:
            for line in batch_requests(cs):
                print(json.dumps(line, ensure_ascii=False))
        return 0
    if args.answers and len(sets) > 1:
        raise EvalError("--answers scores one set: give one --set")
    global_doc = getattr(args, "doc", None)  # budget-qa's global --doc, when run as its verb
    reports = []
    for cs in sets:
        if cs.documents and not args.eval_doc:
            paths = [resolve_document(cs, name) for name in cs.documents]
            doc_path, doc, scored = library_documents(paths)
        else:
            doc_path = args.eval_doc or (global_doc[0] if isinstance(global_doc, list) else global_doc) or resolve_document(cs)
            paths = [Path(doc_path)]
            from index import load_document

            doc = scored = load_document(doc_path)
        started, t0 = datetime.now(timezone.utc), time.perf_counter()
        progress = None if args.quiet else _progress(cs)
        if args.answers:
            try:
                answers = read_jsonl(args.answers)
            except (OSError, ValueError) as e:
                raise EvalError(f"cannot read answers {str(args.answers)!r}: {e}") from None
            results, assistant, latency = run_answers(answers, cs, scored), f"batch answers {args.answers}", "answer latency_ms"
            settings = None
        else:
            bot = (factory or default_assistant)(Path(doc_path)) if len(paths) == 1 else default_library(paths)
            results = run_set(bot, cs, scored, on_case=progress)
            assistant, latency = f"{type(bot).__module__}.{type(bot).__qualname__}", "wall clock per ask() in process"
            settings = getattr(bot, "settings", None)
        if progress:
            print(file=sys.stderr)
        if settings is None:
            from budget_qa.settings import get_settings

            settings = get_settings()
        retrieval = None
        if args.retrieval and len(paths) == 1:
            try:
                retrieval = retrieval_metrics(doc, settings)
            except Exception as e:  # noqa: BLE001 — retrieval figures are a part of the report, not a reason to lose it
                retrieval = {"error": f"{type(e).__name__}: {e}"}
        reports.append(build_report(
            results, cs, doc, assistant=assistant, settings=settings, evaluators=[e.name for e in DEFAULT_EVALUATORS],
            latency_source=latency, started_at=started, seconds=time.perf_counter() - t0,
            threshold=args.fail_under, retrieval=retrieval,
        ))
    if args.report:
        args.report.write_text("\n\n".join(r.to_markdown() for r in reports), encoding="utf-8")
    if args.json:
        data = [r.model_dump(mode="json") for r in reports]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1))
    else:
        for r in reports:
            print(_short(r))
    below = args.fail_under is not None and any(r.summary.accuracy < args.fail_under for r in reports)
    return EXIT_BELOW if below else 0


def _select(cs: CaseSet, args) -> CaseSet:
    cases = [c for c in cs.cases if not args.category or c.category in args.category]
    if args.limit is not None:
        cases = cases[: args.limit]
    if not cases:
        raise EvalError(f"set {cs.name!r}: no conversation left after --category/--limit")
    return cs.model_copy(update={"cases": cases})


def resolve_document(cs: CaseSet, name: str | None = None) -> Path:
    "A document a set was written for: next to the set, in data/ or tests/data/; else the configured one"
    from budget_qa.settings import get_settings

    name = name or cs.document
    if not name:
        return Path(get_settings().document)
    here = Path(cs.path).parent if cs.path else Path.cwd()
    for p in (here / name, REPO_ROOT / name, REPO_ROOT / "data" / name, REPO_ROOT / "tests" / "data" / name):
        if p.is_file():
            return p
    configured = Path(get_settings().document)
    if configured.name == name:
        return configured
    raise EvalError(f"set {cs.name!r} was written for {name!r}, which is not in data/ or tests/data/: give --doc PATH")


def library_documents(paths: list[Path]):
    "A library set's documents: (first path, first document, {catalog id: document}) as the assistant names them"
    from index.catalog import load_library

    loaded, failures = load_library(paths)
    if failures:
        raise EvalError("; ".join(f"{f.path}: {f.message}" for f in failures))
    return paths[0], loaded[0][1], {e.id: d for e, d in loaded}


def default_library(paths: list[Path]):
    "The real assistant over several documents (assistant.library.Library.load)"
    from assistant.library import Library

    return Library.load(paths)


def default_assistant(doc_path: Path):
    "The real assistant on a document (assistant.core.Assistant.load)"
    try:
        from assistant.core import Assistant
    except ModuleNotFoundError as e:
        if e.name in ("assistant.core", "assistant"):
            raise EvalError("the assistant (assistant.core) is not available; score a batch run with "
                            "--answers FILE.jsonl instead") from None
        raise
    return Assistant.load(doc_path)


def _progress(cs: CaseSet):
    total = len(cs.cases)
    done = [0]

    def tick(result) -> None:
        done[0] += 1
        sys.stderr.write("." if result.passed else "F")
        if done[0] % 50 == 0 or done[0] == total:
            sys.stderr.write(f" {done[0]}/{total}\n" if done[0] % 50 == 0 else f" {done[0]}/{total}")
        sys.stderr.flush()

    return tick


def _short(r) -> str:
    s = r.summary
    pct = lambda x: "—" if x is None else f"{x * 100:.1f}%"  # noqa: E731
    lines = [
        f"{r.run.set}: accuracy {pct(s.accuracy)} ({s.cases_passed}/{s.cases} conversations), "
        f"turns {pct(s.turn_accuracy)} ({s.turns_passed}/{s.turns}), citations {pct(s.citation_accuracy)}, "
        f"refusal P/R {pct(s.refusal_precision)}/{pct(s.refusal_recall)}, "
        f"latency p50/p95 {s.latency_p50_ms:.0f}/{s.latency_p95_ms:.0f} ms, crashes {s.crashes}",
        "  " + "  ".join(f"{k} {v.passed}/{v.cases}" for k, v in s.categories.items()),
        f"  document {Path(r.run.document).name} sha256 {r.run.document_sha256[:12]} · embedding {r.run.embedding or '—'}",
    ]
    if r.retrieval and "modes" in r.retrieval:
        lines.append("  retrieval " + "  ".join(f"{m} R@1 {v['recall1']:.2f} R@3 {v['recall3']:.2f} MRR {v['mrr']:.2f}"
                                                for m, v in r.retrieval["modes"].items()))
    for f in r.failures:
        lines.append(f"  FAIL {f.id}: " + " | ".join(f.reasons))
    return "\n".join(lines)
