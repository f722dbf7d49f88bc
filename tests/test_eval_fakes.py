"""Fakes for the eval tests (issue 7): an assistant replaying canned Answers, and builders of cited answers.

Imported by the other tests/test_eval_*.py files; its own tests check the fakes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from assistant.answer import NOT_IN_DOCUMENT, Answer, AnswerFigure
from budget_qa.results import Citation, show
from budget_qa.types import BudgetDocument
from eval.evaluators import table_cells

Reply = Answer | BaseException | Callable[[str, int], Answer]


class FakeAssistant:
    """Replays canned replies by question: an Answer, an exception to raise, or a function of (question, conversation).
    Unknown questions are refused. Records every conversation opened and every (conversation, question) asked."""

    def __init__(self, replies: dict[str, Reply] | None = None):
        self.replies = dict(replies or {})
        self.conversations: list[int] = []
        self.history: list[tuple[int, str]] = []

    def new_conversation(self) -> int:
        self.conversations.append(len(self.conversations) + 1)
        return self.conversations[-1]

    def ask(self, question: str, conversation: int) -> Answer:
        self.history.append((conversation, question))
        reply = self.replies.get(question)
        if reply is None:
            return refusal(question)
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            return reply(question, conversation)
        return reply


def cell_citation(doc: BudgetDocument, table: str, row: str | None, column: str | None) -> tuple[Decimal | None, Citation]:
    "The one cell a (table, row, column) names, as the tools cite it"
    cells = table_cells(doc, table, row, column)
    assert len(cells) == 1, f"{table}/{row}/{column} names {len(cells)} cells"
    value, ref = cells[0]
    name = f"{ref.table_title}（{ref.side}）" if ref.side else ref.table_title
    return value, Citation(kind="table", table=name, row_label=ref.row_label, row_code=ref.row_code or "",
                           column=ref.column, line=ref.line)


def narrative_citation(doc: BudgetDocument, contains: str) -> Citation:
    "The sentence of the narrative containing a text, cited as the narrative tool cites it"
    for p in doc.paragraphs:
        for sentence in re.findall(r"[^。]+。?", p.text):
            if contains in sentence:
                return Citation(kind="narrative", line=p.line_start, part=p.part, section=p.section,
                                quote=sentence.strip())
    raise AssertionError(f"no sentence contains {contains!r}")


def read_answer(question: str, label: str, value: Decimal, citation: Citation, *, unit: str = "万元",
                text: str | None = None) -> Answer:
    "A one-figure answer read from one source, cited [1]"
    shown = show(value, unit)
    return Answer(question=question, text=text or f"{label}为 {shown}[1]。", status="answered",
                  figures=[AnswerFigure(label=label, value=value, unit=unit, shown=shown, citations=[1])],
                  citations=[citation])


def refusal(question: str) -> Answer:
    return Answer(question=question, text=f"{NOT_IN_DOCUMENT}。", status="not_in_document")


def test_fake_assistant_replays_raises_and_refuses_unknown_questions():
    bot = FakeAssistant({"a": refusal("a"), "b": RuntimeError("boom")})
    conv = bot.new_conversation()
    assert bot.ask("a", conv).status == "not_in_document"
    assert bot.ask("unknown", conv).status == "not_in_document", "unknown questions are refused"
    try:
        bot.ask("b", conv)
    except RuntimeError as e:
        assert str(e) == "boom"
    else:
        raise AssertionError("a canned exception is raised")
    assert bot.history == [(1, "a"), (1, "unknown"), (1, "b")]


def test_cell_citation_finds_the_pivoted_three_public_cell(seed_doc):
    value, c = cell_citation(seed_doc, "一般公共预算“三公”经费支出情况表", "2024年预算数", "公务接待费")
    assert value == Decimal("14.39")
    assert c.column == "2024年预算数/公务接待费"
