"""The optional LLM path: the real OpenAILike client against a local scripted server; the number guard decides."""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from assistant.llm import LLMWriter
from budget_qa.settings import AnswerSettings, Settings
from tests.fakes.openai_server import FakeOpenAI, text, tool_call


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def _assistant(seed_doc, fake: FakeOpenAI) -> Assistant:
    settings = Settings(answer=AnswerSettings(llm_base_url=fake.base_url, llm_model="scripted", llm_api_key="x"))
    return Assistant(seed_doc, retriever=None, settings=settings, llm=LLMWriter.from_settings(settings))


def test_model_text_with_traced_numbers_is_used(seed_doc, fake):
    fake.enqueue([
        tool_call("change", item="三公经费"),
        text("2024年“三公”经费预算30.99万元[1]，比2023年的23.19万元[2]增加7.80万元，增长33.64%。"),
    ])
    a = _assistant(seed_doc, fake)
    answer = a.ask("三公经费为何增加")
    assert answer.text.startswith("2024年“三公”经费预算30.99万元[1]")
    assert a.llm.events == []
    first = fake.history[0]
    assert {t["function"]["name"] for t in first["tools"]} >= {"lookup", "change", "share"}
    assert any(m["role"] == "tool" for m in fake.history[1]["messages"]), "the tool result goes back to the model"


def test_invented_number_is_caught_and_the_deterministic_answer_stands(seed_doc, fake):
    fake.enqueue([text("三公经费是99.99万元[1]，增长了一倍。")])
    a = _assistant(seed_doc, fake)
    answer = a.ask("三公经费为何增加")
    assert "99.99" not in answer.text
    assert "30.99" in answer.text and "33.64%" in answer.text
    assert a.llm.events and "99.99" in a.llm.events[0]


def test_number_cited_to_the_wrong_source_is_caught(seed_doc, fake):
    # 23.19 is a real figure, but source [1] is the 2024 cell: the citation does not contain it
    fake.enqueue([text("三公经费2023年为23.19万元[1]。")])
    a = _assistant(seed_doc, fake)
    a.ask("三公经费为何增加")
    assert a.llm.events and "citations" in a.llm.events[0]


def test_model_errors_fall_back_to_the_deterministic_answer(seed_doc):
    settings = Settings(answer=AnswerSettings(llm_base_url="http://127.0.0.1:9/v1", llm_model="none"))
    a = Assistant(seed_doc, retriever=None, settings=settings, llm=LLMWriter.from_settings(settings))
    answer = a.ask("项目支出一共多少？")
    assert answer.status == "answered" and "48,626.00" in answer.text
    assert a.llm.events and a.llm.events[0].startswith("LLM error")


def test_without_the_setting_nothing_reaches_for_a_model(seed_path, monkeypatch):
    monkeypatch.delenv("BUDGET_QA_LLM_BASE_URL", raising=False)
    a = Assistant.load(seed_path, Settings(), retrieval=False)
    assert a.llm is None
