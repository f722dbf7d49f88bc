"""The model reads the question into the typed Query by function calling (issue 10); the deterministic executor
answers it, so the figures and citations are the rule path's. The real OpenAILike client talks to a scripted server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import pytest

from assistant.core import Assistant
from assistant.llm import LLMWriter
from assistant.llm_read import LLMReader
from assistant.query import Operation
from budget_qa.settings import AnswerSettings, Settings
from tests.fakes.openai_server import FakeOpenAI, raw_tool_call, text, tool_call


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def _settings(fake: FakeOpenAI) -> Settings:
    return Settings(answer=AnswerSettings(llm_base_url=fake.base_url, llm_model="scripted", llm_api_key="x"))


def _assistant(seed_doc, fake: FakeOpenAI, *, writer: bool = False) -> Assistant:
    "An assistant whose questions the model reads (and, with ``writer``, whose answers it rewrites)"
    settings = _settings(fake)
    return Assistant(seed_doc, retriever=None, settings=settings, reader=LLMReader.from_settings(settings),
                     llm=LLMWriter.from_settings(settings) if writer else None)


def _reading(*parts: dict, outside: str | None = None) -> dict:
    "A scripted submit_query call"
    return tool_call("submit_query", parts=list(parts), outside=outside)


def _part(text: str, operation: str, *items: str | dict, **fields) -> dict:
    operands = [{"item": i} if isinstance(i, str) else i for i in items]
    return {"text": text, "operation": operation, "operands": operands, **fields}


def test_model_reading_is_executed_with_the_documents_figure_and_citation(seed_doc, fake):
    fake.enqueue([_reading(_part("三公经费是多少", "value", "三公经费"))])
    a = _assistant(seed_doc, fake)
    answer = a.ask("三公经费一年花多少钱？")
    assert answer.status == "answered", answer.text
    assert a.reader.events == []
    assert answer.query is not None and answer.query.reader == "llm", "the query shown is the model's"
    assert [p.operation for p in answer.query.parts] == ["value"]
    assert answer.as_json()["query"]["reader"] == "llm"
    assert [f.shown for f in answer.figures] == ["30.99 万元"], "the figure is the table's, read by the executor"
    assert "30.99 万元[1]" in answer.text
    assert "三公" in answer.citations[0].table and answer.citations[0].column.startswith("2024年")


def test_two_parts_are_answered_in_order(seed_doc, fake):
    fake.enqueue([_reading(_part("公务接待费是多少", "value", "公务接待费"),
                           _part("三公经费比上年增加了多少", "change", "三公经费"))])
    answer = _assistant(seed_doc, fake).ask("公务接待费多少？三公经费比去年涨了多少？")
    assert answer.status == "answered", answer.text
    assert answer.text.index("14.39") < answer.text.index("30.99") < answer.text.index("7.80"), answer.text
    assert [p.operation for p in answer.query.parts] == ["value", "change"]
    assert answer.understood == "理解为：查数：公务接待费；与上年比较：三公经费"


def test_an_item_the_document_does_not_have_falls_back_to_the_rules(seed_doc, fake):
    fake.enqueue([_reading(_part("火星探测经费是多少", "value", "火星探测经费"))])
    a = _assistant(seed_doc, fake)
    answer = a.ask("三公经费是多少")
    assert answer.status == "answered" and "30.99" in answer.text, "the rules read the question instead"
    assert answer.query.reader == "rules"
    assert a.reader.events and "火星探测经费" in a.reader.events[0], a.reader.events


@dataclass(frozen=True)
class Bad:
    reply: dict
    reason: str
    """A word of the reason recorded in reader.events."""


BAD_READINGS = [
    pytest.param(Bad(text("三公经费是30.99万元。"), "no tool call"), id="no-tool-call"),
    pytest.param(Bad(raw_tool_call("submit_query", "这不是JSON"), "parts"), id="garbage-arguments"),
    pytest.param(Bad(_reading(_part("三公经费是多少", "guess", "三公经费")), "operation"), id="unknown-operation"),
    pytest.param(Bad(_reading(_part("三公经费是多少", "value", {"item": "三公经费", "value": 99.99})), "value"),
                 id="operand-with-a-number"),
    pytest.param(Bad(_reading(_part("三公经费是多少", "value", {"item": "三公经费", "measure": "奖金池"})),
                     "measure"), id="unknown-measure"),
    pytest.param(Bad(tool_call("lookup", item="三公经费"), "unknown tool"), id="another-tool"),
    pytest.param(Bad(_reading(), "no parts"), id="no-parts"),
]


@pytest.mark.parametrize("bad", BAD_READINGS)
def test_a_reading_that_does_not_check_out_falls_back_to_the_rules(seed_doc, fake, bad):
    fake.enqueue([bad.reply])
    a = _assistant(seed_doc, fake)
    answer = a.ask("三公经费是多少")
    assert answer.status == "answered" and "30.99 万元" in answer.text, answer.text
    assert "99.99" not in answer.text
    assert answer.query.reader == "rules"
    assert len(a.reader.events) == 1 and bad.reason in a.reader.events[0], a.reader.events


def test_another_department_is_refused_whatever_the_model_reads(seed_doc, fake):
    fake.enqueue([_reading(_part("三公经费是多少", "value", "三公经费"))])
    answer = _assistant(seed_doc, fake).ask("威海市财政局今年的三公经费是多少")
    assert answer.status == "not_in_document", answer.text
    assert "30.99" not in answer.text and not answer.figures
    assert answer.query.reader == "llm" and answer.query.outside, "the scope check on the question's wording decides"


def test_a_year_the_document_does_not_hold_is_outside(seed_doc, fake):
    fake.enqueue([_reading(_part("2019年三公经费是多少", "value", {"item": "三公经费", "year": 2019}))])
    answer = _assistant(seed_doc, fake).ask("那一年的三公经费是多少")
    assert answer.status == "not_in_document", answer.text
    assert "2019" in answer.query.outside and not answer.figures


def test_the_model_is_offered_exactly_the_submit_query_tool(seed_doc, fake):
    fake.enqueue([_reading(_part("三公经费是多少", "value", "三公经费"))])
    _assistant(seed_doc, fake).ask("三公经费是多少")
    request = fake.history[0]
    assert [t["function"]["name"] for t in request["tools"]] == ["submit_query"]
    assert request["tool_choice"] == "required"
    schema = request["tools"][0]["function"]["parameters"]
    part = schema["$defs"]["SubmittedPart"]["properties"]
    assert part["operation"]["enum"] == list(get_args(Operation))
    assert "value" not in schema["$defs"]["SubmittedOperand"]["properties"], "operands carry names, not numbers"
    system = request["messages"][0]["content"]
    assert "威海市人力资源和社会保障局2024年部门预算" in system and "公务接待费" in system


def test_the_conversation_reaches_the_model_and_the_follow_up_is_answered(seed_doc, fake):
    fake.enqueue([_reading(_part("三公经费是多少", "value", "三公经费")),
                  _reading(_part("公务接待费是多少", "value", "公务接待费"))])
    a = _assistant(seed_doc, fake)
    conv = a.new_conversation()
    a.ask("三公经费是多少", conv)
    answer = a.ask("那接待呢", conv)
    assert "14.39 万元" in answer.text, answer.text
    assert "上一问关于：三公经费" in fake.history[1]["messages"][0]["content"]
    assert conv.items == ["公务接待费"]


def test_the_writer_still_rewrites_the_answer_to_a_model_reading(seed_doc, fake):
    fake.enqueue([_reading(_part("三公经费是多少", "value", "三公经费")),
                  text("今年“三公”经费预算是30.99万元[1]。")])
    a = _assistant(seed_doc, fake, writer=True)
    answer = a.ask("三公经费是多少")
    assert answer.text == "今年“三公”经费预算是30.99万元[1]。"
    assert answer.query.reader == "llm" and a.reader.events == [] and a.llm.events == []


@pytest.mark.parametrize("configured", [pytest.param(True, id="configured"), pytest.param(False, id="unset")])
def test_the_reader_is_built_only_when_an_llm_is_configured(seed_doc, fake, monkeypatch, configured):
    monkeypatch.delenv("BUDGET_QA_LLM_BASE_URL", raising=False)
    a = Assistant.from_document(seed_doc, _settings(fake) if configured else Settings(), retrieval=False)
    assert (a.reader is not None) == configured and (a.llm is not None) == configured


@pytest.mark.parametrize("question", ["火星探测经费是多少", "局长的年终奖多少"])
def test_an_operand_the_question_never_named_sets_the_reading_aside(seed_doc, fake, question):
    # the model swaps in a real item of the document for something the user did not ask about
    fake.enqueue([_reading(_part(question, "value", "三公经费"))])
    a = _assistant(seed_doc, fake)
    answer = a.ask(question)
    assert answer.query.reader == "rules"
    assert "30.99" not in answer.text
    assert a.reader.events and "not what the question" in a.reader.events[0]
