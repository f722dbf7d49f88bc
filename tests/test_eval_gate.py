"""The CI gate of issue 7: the Q&A sets through the real assistant must reach the committed thresholds.

A regression in answers, citations or refusals lowers accuracy and fails `make test`. Raise the thresholds in
eval/thresholds.py when the assistant measures better; never lower them below FLOOR.
"""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from budget_qa import settings as settings_module
from eval.cases import load_set
from eval.harness import run_set, summarize
from eval.report import failures_of
from eval.thresholds import FLOOR, SEED_ACCURACY, VARIANT_ACCURACY

LLM_VARIABLES = ("BUDGET_QA_ANSWER__LLM_BASE_URL", "BUDGET_QA_ANSWER__LLM_MODEL", "BUDGET_QA_ANSWER__LLM_API_KEY",
                 "BUDGET_QA_LLM_BASE_URL", "BUDGET_QA_LLM_MODEL", "BUDGET_QA_LLM_API_KEY")


def test_thresholds_are_not_below_the_floor():
    assert FLOOR <= SEED_ACCURACY <= 1 and FLOOR <= VARIANT_ACCURACY <= 1


@pytest.mark.parametrize(
    "set_name, path_fixture, doc_fixture, threshold",
    [
        pytest.param("seed", "seed_path", "seed_doc", SEED_ACCURACY, id="seed"),
        pytest.param("variant", "variant_path", "variant_doc", VARIANT_ACCURACY, id="variant"),
    ],
)
def test_accuracy_meets_the_committed_threshold(set_name, path_fixture, doc_fixture, threshold, request, monkeypatch):
    # NOTE: deterministic path only; an LLM endpoint configured in the environment must not take part in CI.
    for var in LLM_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    settings_module._cached.cache_clear()
    path, doc = request.getfixturevalue(path_fixture), request.getfixturevalue(doc_fixture)
    results = run_set(Assistant.load(path), load_set(set_name), doc)
    s = summarize(results)
    failures = "\n".join(f"  {f.id}: {' | '.join(f.reasons)}" for f in failures_of(results)[:40])
    per_category = ", ".join(f"{k} {v.passed}/{v.cases}" for k, v in s.categories.items())
    assert s.accuracy >= threshold, (
        f"{set_name} accuracy {s.accuracy:.1%} ({s.cases_passed}/{s.cases}) is below the threshold {threshold:.0%}\n"
        f"per category: {per_category}\nfailures (first 40):\n{failures}")
    assert s.crashes == 0, f"{s.crashes} turn(s) crashed:\n{failures}"


def test_library_accuracy_meets_the_committed_threshold(monkeypatch):
    "The tuned library set, all its documents loaded at once (issue 13)"
    from assistant.library import Library
    from eval.cli import library_documents, resolve_document
    from eval.thresholds import LIBRARY_ACCURACY

    for var in LLM_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    settings_module._cached.cache_clear()
    cs = load_set("library")
    paths = [resolve_document(cs, name) for name in cs.documents]
    _, _, docs = library_documents(paths)
    results = run_set(Library.load(paths, retrieval=False), cs, docs)
    s = summarize(results)
    failures = "\n".join(f"  {f.id}: {' | '.join(f.reasons)}" for f in failures_of(results)[:40])
    assert FLOOR <= LIBRARY_ACCURACY
    assert s.accuracy >= LIBRARY_ACCURACY, f"library accuracy {s.accuracy:.1%} is below {LIBRARY_ACCURACY:.0%}\n{failures}"
    assert s.crashes == 0, failures
