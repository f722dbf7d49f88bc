"""The eval report: what was run on what (document hash, embedding model, settings), the figures, every failure.

``EvalReport`` serialises to JSON (``--json``) and renders markdown (``--report FILE.md``) so runs compare.
"""

from __future__ import annotations

import hashlib
import platform
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from budget_qa.types import BudgetDocument

from .cases import DEFAULT_TOLERANCE, CaseSet
from .harness import CaseResult, Summary, summarize

SECRET_WORDS = ("key", "token", "secret", "password")


class Failure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    case: str
    category: str
    question: str
    expected_status: str
    status: str
    reasons: list[str] = Field(description="'evaluator: reason' for each failing evaluator")
    answer: str = Field(description="the answer text, cut at 400 characters")


class RunInfo(BaseModel):
    "Enough to tell two runs apart: set, document, assistant, embedding and settings"

    model_config = ConfigDict(extra="forbid")

    set: str
    set_path: str
    set_sha256: str
    set_written_for: str
    document: str
    document_sha256: str
    department: str
    year: int
    assistant: str
    embedding: str
    settings: dict
    evaluators: list[str]
    default_tolerance: str
    latency_source: str
    started_at: str
    seconds: float
    python: str


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run: RunInfo
    summary: Summary
    threshold: float | None = None
    gate_passed: bool | None = None
    retrieval: dict | None = None
    failures: list[Failure]

    def to_markdown(self) -> str:
        return render_markdown(self)


def safe_settings(settings) -> dict:
    "Settings as JSON with anything secret-looking left out"
    if settings is None:
        return {}
    data = settings.model_dump(mode="json") if hasattr(settings, "model_dump") else dict(settings)
    return _scrub(data)


def _scrub(data):
    if isinstance(data, dict):
        return {k: ("***" if any(w in k.lower() for w in SECRET_WORDS) and v else _scrub(v)) for k, v in data.items()}
    return data


def file_sha256(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def failures_of(results: list[CaseResult]) -> list[Failure]:
    out = []
    for c in results:
        for t in c.turns:
            if t.passed:
                continue
            reasons = [f"crash: {t.error}"] if t.error else []
            reasons += [f"{r.evaluator}: {r.reason}" for r in t.failures]
            out.append(Failure(id=t.id, case=t.case, category=t.category, question=t.question,
                               expected_status=t.expected_status, status=str(t.answer.get("status")),
                               reasons=reasons, answer=str(t.answer.get("answer") or "")[:400]))
    return out


def build_report(results: list[CaseResult], case_set: CaseSet, doc: BudgetDocument, *, assistant: str,
                 settings=None, embedding: str = "", evaluators: list[str] | None = None,
                 latency_source: str = "wall clock per ask() in process", started_at: datetime | None = None,
                 seconds: float = 0.0, threshold: float | None = None, retrieval: dict | None = None) -> EvalReport:
    summary = summarize(results)
    started = started_at or datetime.now(timezone.utc)
    run = RunInfo(
        set=case_set.name, set_path=case_set.path, set_sha256=file_sha256(case_set.path),
        set_written_for=case_set.document, document=doc.source, document_sha256=doc.sha256,
        department=doc.department, year=doc.year, assistant=assistant,
        embedding=embedding or getattr(getattr(settings, "index", None), "embedding", ""),
        settings=safe_settings(settings), evaluators=evaluators or [], default_tolerance=str(DEFAULT_TOLERANCE),
        latency_source=latency_source, started_at=started.isoformat(timespec="seconds"), seconds=round(seconds, 2),
        python=platform.python_version(),
    )
    gate = None if threshold is None else summary.accuracy >= threshold
    return EvalReport(run=run, summary=summary, threshold=threshold, gate_passed=gate, retrieval=retrieval,
                      failures=failures_of(results))


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def render_markdown(r: EvalReport) -> str:
    s, run = r.summary, r.run
    lines = [
        f"# budget-qa eval — {run.set}",
        "",
        f"{run.department} {run.year}年部门预算 · {s.cases} conversations, {s.turns} turns · {run.started_at} · {run.seconds:.1f} s",
        "",
        "| | |",
        "|---|---|",
        f"| document | `{run.document}` |",
        f"| document sha256 | `{run.document_sha256}` |",
        f"| set | `{run.set_path}` (sha256 `{run.set_sha256[:16]}`, written for `{run.set_written_for or '—'}`) |",
        f"| assistant | `{run.assistant}` |",
        f"| embedding | `{run.embedding or '—'}` |",
        f"| evaluators | {', '.join(run.evaluators)} (default tolerance {run.default_tolerance}) |",
        f"| python | {run.python} |",
        "",
        "## Results",
        "",
        "| metric | value |",
        "|---|---|",
        f"| **accuracy** (conversations with every turn right) | **{_pct(s.accuracy)}** ({s.cases_passed}/{s.cases}) |",
        f"| turn accuracy | {_pct(s.turn_accuracy)} ({s.turns_passed}/{s.turns}) |",
        f"| citation accuracy (expected source cited and verified) | {_pct(s.citation_accuracy)} of {s.citation_turns} turns |",
        f"| refusal precision | {_pct(s.refusal_precision)} ({s.refusals_correct}/{s.refusals_given}) |",
        f"| refusal recall | {_pct(s.refusal_recall)} ({s.refusals_correct}/{s.refusals_expected}) |",
        f"| latency p50 / p95 | {s.latency_p50_ms:.0f} / {s.latency_p95_ms:.0f} ms ({run.latency_source}) |",
        f"| crashes | {s.crashes} |",
    ]
    if r.threshold is not None:
        lines.append(f"| gate | accuracy ≥ {_pct(r.threshold)}: {'PASS' if r.gate_passed else 'FAIL'} |")
    lines += ["", "## Per category", "", "| category | conversations | passed | accuracy |", "|---|---:|---:|---:|"]
    for name, c in s.categories.items():
        lines.append(f"| {name} | {c.cases} | {c.passed} | {_pct(c.accuracy)} |")
    if s.evaluator_failures:
        lines += ["", "## Failing turns by evaluator", "", "| evaluator | turns |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in s.evaluator_failures.items()]
    lines += ["", "## Retrieval", ""]
    lines += _retrieval_md(r.retrieval)
    lines += ["", f"## Failures ({len(r.failures)})", ""]
    for f in r.failures:
        lines.append(f"### `{f.id}` ({f.category}) — {f.question}")
        lines.append("")
        lines.append(f"expected status `{f.expected_status}`, got `{f.status}`")
        lines.append("")
        lines += [f"- {reason}" for reason in f.reasons]
        answer = f.answer.replace("\n", " ").strip()
        lines += ["", f"> {answer}" if answer else "> (empty answer)", ""]
    lines += ["## Settings", "", "```json", _json(run.settings), "```", ""]
    return "\n".join(lines)


def _retrieval_md(ret: dict | None) -> list[str]:
    if not ret:
        return ["not run (`--no-retrieval`)"]
    if "skipped" in ret:
        return [f"skipped: {ret['skipped']}"]
    if "error" in ret:
        return [f"failed: {ret['error']}"]
    out = [f"`{Path(ret['cases_file']).name}` ({ret['cases']} cases) · embedding `{ret['embedding']}` · "
           f"collection `{ret['collection']}`", "",
           "| mode | recall@1 | recall@3 | MRR | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|---:|"]
    for mode, m in ret["modes"].items():
        out.append(f"| {mode} | {m['recall1']:.3f} | {m['recall3']:.3f} | {m['mrr']:.3f} | {m['p50_ms']:.1f} | {m['p95_ms']:.1f} |")
    if ret.get("gold_not_found"):
        out += ["", f"gold passage not found for: {', '.join(ret['gold_not_found'])}"]
    return out


def _json(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)
