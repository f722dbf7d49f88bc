"""The CI gate of issue 7: the seed set through the real assistant must reach the committed threshold.

A regression in answers, citations or refusals lowers accuracy and fails `make test`. Raise
eval/thresholds.py:SEED_ACCURACY when the assistant measures better; never lower it.
"""

from __future__ import annotations

import pytest

from budget_qa import settings as settings_module
from eval.cases import load_set
from eval.harness import run_set, summarize
from eval.report import failures_of
from eval.thresholds import SEED_ACCURACY

try:
    from assistant.core import Assistant
except ModuleNotFoundError as e:  # only the module itself missing; a broken dependency inside it must fail loudly
    if e.name != "assistant.core":
        raise
    Assistant = None


@pytest.mark.skipif(Assistant is None, reason="assistant.core is not importable yet: the gate runs once it exists")
def test_seed_accuracy_meets_the_committed_threshold(seed_path, seed_doc, monkeypatch):
    # NOTE: deterministic path only; an LLM endpoint configured in the environment must not take part in CI.
    for var in ("BUDGET_QA_ANSWER__LLM_BASE_URL", "BUDGET_QA_ANSWER__LLM_MODEL", "BUDGET_QA_ANSWER__LLM_API_KEY",
                "BUDGET_QA_LLM_BASE_URL", "BUDGET_QA_LLM_MODEL", "BUDGET_QA_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    settings_module._cached.cache_clear()
    results = run_set(Assistant.load(seed_path), load_set("seed"), seed_doc)
    s = summarize(results)
    failures = "\n".join(f"  {f.id}: {' | '.join(f.reasons)}" for f in failures_of(results)[:40])
    per_category = ", ".join(f"{k} {v.passed}/{v.cases}" for k, v in s.categories.items())
    assert s.accuracy >= SEED_ACCURACY, (
        f"seed accuracy {s.accuracy:.1%} ({s.cases_passed}/{s.cases}) is below the threshold {SEED_ACCURACY:.0%}\n"
        f"per category: {per_category}\nfailures (first 40):\n{failures}")
    assert s.crashes == 0, f"{s.crashes} turn(s) crashed:\n{failures}"
