"""Run a Q&A set through an assistant and score every turn.

Two ways in: an assistant object in process (``new_conversation()`` and ``ask(question, conversation) -> Answer``),
or the answers of ``budget-qa batch`` (one ``Answer.as_json()`` per line, keyed by ``id`` = ``case#turn``).
A crash or a missing answer fails its turn with the reason and the run goes on.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from budget_qa.types import BudgetDocument

from .cases import Case, CaseSet
from .evaluators import DEFAULT_EVALUATORS, EvalResult, Evaluator, evaluate_turn

REFUSAL = "not_in_document"
CITATION_EVALUATORS = ("cites-expected", "citations-verified")


class AssistantLike(Protocol):
    def new_conversation(self) -> Any: ...

    def ask(self, question: str, conversation: Any) -> Any: ...


@dataclass
class TurnResult:
    case: str
    category: str
    index: int
    """0-based position of the turn in its conversation."""
    question: str
    expected_status: str
    answer: dict
    latency_ms: float
    results: list[EvalResult] = field(default_factory=list)
    error: str = ""
    """The assistant's exception, when it raised instead of answering."""

    @property
    def id(self) -> str:
        return turn_id(self.case, self.index)

    @property
    def passed(self) -> bool:
        return not self.error and all(r.passed for r in self.results)

    @property
    def failures(self) -> list[EvalResult]:
        return [r for r in self.results if not r.passed]

    def result(self, evaluator: str) -> EvalResult | None:
        return next((r for r in self.results if r.evaluator == evaluator), None)


@dataclass
class CaseResult:
    name: str
    category: str
    turns: list[TurnResult]

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.turns)


def turn_id(case: str, index: int) -> str:
    "The batch id of a turn: 'case#1' for the first"
    return f"{case}#{index + 1}"


def error_answer(question: str, message: str) -> dict:
    "The batch contract of an answer that never came: status error, the reason as text"
    return {"question": question, "answer": f"Error: {message}", "status": "error", "figures": [], "citations": [],
            "suggestions": [], "chart": None, "latency_ms": 0.0}


def as_answer_dict(obj: Any) -> dict:
    "An Answer (or anything with as_json()) or an already serialised dict"
    if hasattr(obj, "as_json"):
        return obj.as_json()
    if isinstance(obj, dict):
        return obj
    raise TypeError(f"the assistant returned {type(obj).__name__!r}, not an Answer")


def _score(case: Case, index: int, answer: dict, latency_ms: float, doc: BudgetDocument,
           evaluators: tuple[Evaluator, ...], error: str = "") -> TurnResult:
    turn = case.turns[index]
    return TurnResult(case.name, case.category, index, turn.question, turn.expected.status, answer, latency_ms,
                      evaluate_turn(turn, answer, doc, evaluators), error)


def run_case(assistant: AssistantLike, case: Case, doc: BudgetDocument,
             evaluators: tuple[Evaluator, ...] = DEFAULT_EVALUATORS) -> CaseResult:
    "Ask a conversation's turns in one conversation; a crash fails that turn and the next turn is still asked"
    try:
        conversation = assistant.new_conversation()
    except Exception as e:  # noqa: BLE001
        msg = f"new_conversation() raised {type(e).__name__}: {e}"
        return CaseResult(case.name, case.category, [
            _score(case, i, error_answer(t.question, msg), 0.0, doc, evaluators, msg) for i, t in enumerate(case.turns)
        ])
    out = []
    for i, turn in enumerate(case.turns):
        t0 = time.perf_counter()
        try:
            answer, error = as_answer_dict(assistant.ask(turn.question, conversation)), ""
        except Exception as e:  # noqa: BLE001 — one bad answer must not stop the run
            error = f"{type(e).__name__}: {e}"
            answer = error_answer(turn.question, error)
        latency = (time.perf_counter() - t0) * 1000
        out.append(_score(case, i, answer, latency, doc, evaluators, error))
    return CaseResult(case.name, case.category, out)


def run_set(assistant: AssistantLike, case_set: CaseSet, doc: BudgetDocument, *,
            evaluators: tuple[Evaluator, ...] = DEFAULT_EVALUATORS,
            on_case: Callable[[CaseResult], None] | None = None) -> list[CaseResult]:
    "Every conversation of a set, each in a fresh conversation"
    results = []
    for case in case_set.cases:
        r = run_case(assistant, case, doc, evaluators)
        results.append(r)
        if on_case:
            on_case(r)
    return results


# ------------------------------------------------------------------------------------------ the batch contract


def batch_requests(case_set: CaseSet) -> list[dict]:
    "The set as ``budget-qa batch`` input: one line per conversation, ``{id, turns: [question, ...]}``"
    return [{"id": c.name, "turns": [t.question for t in c.turns]} for c in case_set.cases]


def read_jsonl(path: str | Path) -> list[dict]:
    "One JSON object a line; blank lines skipped; a bad line is named"
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e.msg}") from None
    return out


def per_turn(answers: Iterable[dict]) -> list[dict]:
    """Batch output as one answer per turn: a conversation line ``{id, replies: [...]}`` becomes ``case#1``,
    ``case#2`` …; lines that already are answers (``Answer.as_json()``, with or without ``id``) pass through."""
    out: list[dict] = []
    for a in answers:
        if isinstance(a, dict) and isinstance(a.get("replies"), list):
            out += [{**r, "id": turn_id(str(a.get("id", "")), i)} for i, r in enumerate(a["replies"]) if isinstance(r, dict)]
        else:
            out.append(a)
    return out


def run_answers(answers: Iterable[dict], case_set: CaseSet, doc: BudgetDocument, *,
                evaluators: tuple[Evaluator, ...] = DEFAULT_EVALUATORS) -> list[CaseResult]:
    """Score the answers of a batch run (``budget-qa batch`` output, or one answer per line). Answers carrying an
    ``id`` ('case#turn') are matched by id; those without one are taken in the order of the set's turns. A turn with
    no answer fails with 'no answer in the batch output'."""
    answers = per_turn(answers)
    by_id = {a["id"]: a for a in answers if isinstance(a, dict) and a.get("id")}
    in_order = iter([a for a in answers if not (isinstance(a, dict) and a.get("id"))])
    results = []
    for case in case_set.cases:
        turns = []
        for i, turn in enumerate(case.turns):
            answer = by_id.get(turn_id(case.name, i)) or next(in_order, None)
            error = ""
            if answer is None:
                error = "no answer in the batch output"
                answer = error_answer(turn.question, error)
            elif answer.get("status") == "error":
                error = answer.get("answer") or answer.get("error") or "error"
            turns.append(_score(case, i, answer, float(answer.get("latency_ms") or 0.0), doc, evaluators, error))
        results.append(CaseResult(case.name, case.category, turns))
    return results


# ------------------------------------------------------------------------------------------------ aggregates


class CategoryScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cases: int
    passed: int
    accuracy: float


class Summary(BaseModel):
    "The figures of one run: accuracy per conversation (all its turns right), per turn, per category, and more"

    model_config = ConfigDict(extra="forbid")

    cases: int
    cases_passed: int
    accuracy: float
    turns: int
    turns_passed: int
    turn_accuracy: float
    categories: dict[str, CategoryScore]
    citation_turns: int
    """Turns expecting a citation."""
    citation_accuracy: float | None
    """Share of those whose citations are both expected and verified in the document."""
    refusals_expected: int
    refusals_given: int
    refusals_correct: int
    refusal_precision: float | None
    refusal_recall: float | None
    crashes: int
    evaluator_failures: dict[str, int]
    latency_p50_ms: float
    latency_p95_ms: float


def percentile(values: list[float], pct: float) -> float:
    "Nearest-rank percentile (p50 of [1, 2, 3, 4] is 2); 0.0 for no values"
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def summarize(results: list[CaseResult]) -> Summary:
    turns = [t for c in results for t in c.turns]
    cats: dict[str, list[CaseResult]] = {}
    for c in results:
        cats.setdefault(c.category, []).append(c)
    cited = [t for t in turns if t.result("cites-expected") and t.result("cites-expected").reason != "no citation expected"]
    cited_ok = [t for t in cited if all((r := t.result(n)) is None or r.passed for n in CITATION_EVALUATORS)]
    expected_ref = [t for t in turns if t.expected_status == REFUSAL]
    given_ref = [t for t in turns if t.answer.get("status") == REFUSAL]
    correct_ref = [t for t in given_ref if t.expected_status == REFUSAL]
    failures: dict[str, int] = {}
    for t in turns:
        for r in t.failures:
            failures[r.evaluator] = failures.get(r.evaluator, 0) + 1
    latencies = [t.latency_ms for t in turns if not t.error]
    n_cases, n_ok = len(results), sum(c.passed for c in results)
    return Summary(
        cases=n_cases, cases_passed=n_ok, accuracy=_ratio(n_ok, n_cases) or 0.0,
        turns=len(turns), turns_passed=sum(t.passed for t in turns),
        turn_accuracy=_ratio(sum(t.passed for t in turns), len(turns)) or 0.0,
        categories={k: CategoryScore(cases=len(v), passed=sum(c.passed for c in v),
                                     accuracy=_ratio(sum(c.passed for c in v), len(v)) or 0.0) for k, v in cats.items()},
        citation_turns=len(cited), citation_accuracy=_ratio(len(cited_ok), len(cited)),
        refusals_expected=len(expected_ref), refusals_given=len(given_ref), refusals_correct=len(correct_ref),
        refusal_precision=_ratio(len(correct_ref), len(given_ref)), refusal_recall=_ratio(len(correct_ref), len(expected_ref)),
        crashes=sum(1 for t in turns if t.error),
        evaluator_failures=dict(sorted(failures.items())),
        latency_p50_ms=round(percentile(latencies, 50), 1), latency_p95_ms=round(percentile(latencies, 95), 1),
    )


# ------------------------------------------------------------------------------------------------- retrieval


def retrieval_metrics(doc: BudgetDocument, settings=None, cases_path: str | Path | None = None) -> dict:
    """Recall@1/@3 and MRR per retrieval mode on the retrieval set written for this document (``eval.retrieval_bench``),
    over the index the assistant uses (reopened, built if missing). ``{"skipped": reason}`` when there is no set."""
    import yaml

    from . import retrieval_bench as rb

    path = Path(cases_path) if cases_path else rb.SEED_CASES
    if not path.exists():
        return {"skipped": f"no retrieval set {str(path)!r}"}
    written_for = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("document", "")
    if written_for and written_for != Path(doc.source).name:
        return {"skipped": f"the retrieval set {path.name!r} was written for {written_for!r}, not {Path(doc.source).name!r}"}
    from budget_qa.settings import get_settings
    from index.retrieve import MODES, Retriever
    from index.store import open_index

    settings = get_settings(settings)
    cases = rb.load_cases(path)
    index = open_index(doc, settings=settings)
    retriever = Retriever(index, settings=settings)
    modes = {}
    for mode in MODES:
        r = rb.evaluate(retriever, cases, mode, repeat=1)
        modes[mode] = {"recall1": round(r.recall1, 4), "recall3": round(r.recall3, 4), "mrr": round(r.mrr, 4),
                       "p50_ms": round(r.p50_ms, 1), "p95_ms": round(r.p95_ms, 1), "misses": r.misses}
    return {"cases_file": str(path), "cases": len(cases), "embedding": index.embedder.id, "collection": index.name,
            "gold_not_found": rb.check_gold(index.chunks, cases), "modes": modes}
