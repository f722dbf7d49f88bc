"""The harness fails wrong answers (issue 14): right answers, mutated the way a careless writer would, must fail.

Two levels: crafted answers (each mutation of one right answer fails, with the evaluator that catches it), and the
seed set's answers recorded from the real assistant, where at most 10% of the passing turns a mutation applies to
may still pass. The harness is trusted only as far as this test reaches.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answer import Answer, AnswerFigure
from eval.cases import Expected, ExpectedFigure, Turn, load_set
from eval.evaluators import evaluate_turn
from eval.mutate import MUTATIONS, survivors

from test_eval_fakes import cell_citation

THREE_PUBLIC = "一般公共预算“三公”经费支出情况表"


@pytest.fixture()
def change_answer(seed_doc) -> tuple[Turn, dict]:
    "A right answer on the 三公 change: both years, the change and the rate, each cited"
    v24, c24 = cell_citation(seed_doc, THREE_PUBLIC, "2024年预算数", "合计")
    v23, c23 = cell_citation(seed_doc, THREE_PUBLIC, "2023年预算数", "合计")
    calc = "30.99 − 23.19 = 7.80 万元；7.80 ÷ 23.19 = 33.64%"
    answer = Answer(
        question="三公经费比上年变化多少？", status="answered", citations=[c24, c23],
        text="“三公”经费：2024年预算 30.99 万元[1]，2023年预算 23.19 万元[2]，比上年增加 7.80 万元，增长 33.64%[1][2]。\n"
             f"计算：{calc}",
        figures=[AnswerFigure(label="“三公”经费", value=v24, shown="30.99 万元", citations=[1]),
                 AnswerFigure(label="“三公”经费（2023年预算数）", value=v23, shown="23.19 万元", citations=[2]),
                 AnswerFigure(label="“三公”经费（变化额）", value=Decimal("7.80"), shown="7.80 万元", basis="computed",
                              computation=calc, citations=[1, 2]),
                 AnswerFigure(label="“三公”经费（变化率）", value=Decimal("33.64"), unit="%", shown="33.64%",
                              basis="computed", computation=calc, citations=[1, 2])]).as_json()
    turn = Turn(question="三公经费比上年变化多少？", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("7.80"), label="三公"), ExpectedFigure(value=Decimal("33.64"), unit="%", label="三公")]))
    return turn, answer


def _failing(turn: Turn, answer: dict, doc) -> list[str]:
    return [r.evaluator for r in evaluate_turn(turn, answer, doc) if not r.passed]


def test_the_right_answer_passes(change_answer, seed_doc):
    turn, answer = change_answer
    assert _failing(turn, answer, seed_doc) == []


@pytest.mark.parametrize(("mutation", "caught_by"), [
    pytest.param("flip-direction", "figures", id="flip-direction"),
    pytest.param("append-false-claim", "no-unsupported", id="append-false-claim"),
    pytest.param("bare-numbers", "figures", id="bare-numbers"),
    pytest.param("drop-citations", "citations-verified", id="drop-citations"),
    pytest.param("swap-figures", "text-agrees", id="swap-figures"),
])
def test_each_mutation_of_a_right_answer_fails(mutation, caught_by, change_answer, seed_doc):
    turn, answer = change_answer
    mutated = MUTATIONS[mutation](answer)
    assert mutated is not None, f"{mutation} applies to this answer"
    failing = _failing(turn, mutated, seed_doc)
    assert caught_by in failing, f"{mutation} passed {caught_by}; failing: {failing}"


def test_rotated_labels_in_a_list_fail(seed_doc):
    turn = Turn(question="人员支出和日常公用支出各多少？", expected=Expected(status="answered"))
    answer = Answer(question=turn.question, status="answered",
                    text="- 人员支出：4,544.75 万元\n- 日常公用支出：281.20 万元",
                    figures=[AnswerFigure(label="人员支出", value=Decimal("4544.75"), shown="4,544.75 万元"),
                             AnswerFigure(label="日常公用支出", value=Decimal("281.20"), shown="281.20 万元")]).as_json()
    assert "text-agrees" not in _failing(turn, answer, seed_doc)
    assert "text-agrees" in _failing(turn, MUTATIONS["rotate-labels"](answer), seed_doc)


def test_arithmetic_that_does_not_hold_fails(change_answer, seed_doc):
    turn, answer = change_answer
    answer["answer"] = answer["answer"].replace("7.80 ÷ 23.19", "7.80 ÷ 30.99")
    assert "arithmetic" in _failing(turn, answer, seed_doc)


def test_a_quotation_not_in_the_document_fails(change_answer, seed_doc):
    turn, answer = change_answer
    answer["answer"] += "\n文件说明的原因：“主要原因是出国活动大幅减少，费用压缩”"
    assert "quotes" in _failing(turn, answer, seed_doc)


def test_a_refusal_that_does_not_say_so_fails(seed_doc):
    turn = Turn(question="明天天气？", expected=Expected(status="not_in_document"))
    answer = Answer(question=turn.question, status="not_in_document", text="2024").as_json()
    assert "status" in _failing(turn, answer, seed_doc)


def test_a_result_computed_from_the_asked_figure_fails(seed_doc):
    "issue 14: '机关工资福利支出' answered with 机关 + 事业单位 passed because 1,326.12 was among the addends"
    turn = Turn(question="机关工资福利支出多少？", expected=Expected(status="answered", figures=[
        ExpectedFigure(value=Decimal("1326.12"))]))
    calc = "1,326.12 + 3,146.44 = 4,472.56 万元"
    answer = Answer(question=turn.question, status="answered", text=f"合计 4,472.56 万元：{calc}。\n"
                    "- 工资福利支出（501 机关工资福利支出）：1,326.12 万元\n- 工资福利支出（505 对事业单位经常性补助）：3,146.44 万元",
                    figures=[AnswerFigure(label="工资福利支出（501 机关工资福利支出）", value=Decimal("1326.12"), shown="1,326.12 万元"),
                             AnswerFigure(label="工资福利支出（505 对事业单位经常性补助）", value=Decimal("3146.44"), shown="3,146.44 万元"),
                             AnswerFigure(label="工资福利支出 + 工资福利支出", value=Decimal("4472.56"), shown="4,472.56 万元",
                                          computation=calc)]).as_json()
    failing = evaluate_turn(turn, answer, seed_doc)
    figures = next(r for r in failing if r.evaluator == "figures")
    assert not figures.passed and "the answer's result is 4472.56" in figures.reason


# ------------------------------------------------------------------------------------------ the recorded seed set

MAX_SURVIVORS = 0.10
"""Issue 14: at most 10% of the mutated passing turns may still pass, for each mutation."""

KNOWN_WEAK: dict[str, str] = {}
"""Mutations the harness does not yet fail often enough, with the issue that tracks them (none)."""


@pytest.fixture(scope="module")
def recorded_seed(seed_path, seed_doc):
    "The seed set answered by the real assistant, as `budget-qa batch` lines"
    from assistant.core import Assistant

    bot = Assistant.load(seed_path)
    lines = []
    for case in load_set("seed").cases:
        conv = bot.new_conversation()
        lines.append({"id": case.name, "replies": [bot.ask(t.question, conv).as_json() for t in case.turns]})
    return lines


@pytest.fixture(scope="module")
def seed_survivors(recorded_seed, seed_doc):
    return survivors(recorded_seed, load_set("seed"), seed_doc)


@pytest.mark.parametrize("mutation", [
    pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WEAK[name])] if name in KNOWN_WEAK else [])
    for name in MUTATIONS
])
def test_mutated_seed_answers_fail(mutation, seed_survivors):
    applied, still = seed_survivors[mutation]
    assert applied >= 10, f"{mutation} applied to only {applied} passing turns: the test proves little"
    assert len(still) <= MAX_SURVIVORS * applied, (
        f"{mutation}: {len(still)}/{applied} mutated passing turns still pass: {still[:10]}")


@pytest.mark.parametrize("claim", [
    pytest.param("另外“987.65”万元也在预算里。", id="an-invented-number-in-quote-marks"),
    pytest.param("另外比上年增加九百八十七万元，增长百分之四十。", id="numbers-written-in-chinese"),
])
def test_an_unsupported_number_in_disguise_fails(claim, change_answer, seed_doc):
    turn, answer = change_answer
    answer["answer"] += "\n" + claim
    assert "no-unsupported" in _failing(turn, answer, seed_doc)


def test_a_refusal_must_say_it_cannot_answer_not_just_use_a_negative(seed_doc):
    turn = Turn(question="火星局的经费？", expected=Expected(status="not_in_document"))
    answer = Answer(question=turn.question, status="not_in_document", text="这不是本局的，火星局经费为100万元").as_json()
    assert "status" in _failing(turn, answer, seed_doc)
