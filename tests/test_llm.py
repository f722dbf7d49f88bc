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


# Issue 11, item 7: numbers written in Chinese went past the guard as `answered`.
TRACED = "2024年“三公”经费预算30.99万元[1]，比2023年的23.19万元[2]增加7.80万元"


@pytest.mark.parametrize("claim", [
    pytest.param("，其中公务接待费壹元。", id="financial-numeral"),
    pytest.param("，另有九百九十九万元待安排。", id="chinese-wan-yuan"),
    pytest.param("，增长了一倍。", id="one-times"),
    pytest.param("，是上年的十倍。", id="ten-times"),
    pytest.param("，增加了一半。", id="half"),
    pytest.param("，增长三成。", id="tenths"),
    pytest.param("，增长百分之五十。", id="percent-words"),
    pytest.param("，增长５０%。", id="full-width-digits"),
])
def test_numbers_written_in_chinese_are_caught(seed_doc, fake, claim):
    fake.enqueue([tool_call("change", item="三公经费"), text(TRACED + claim)])
    a = _assistant(seed_doc, fake)
    answer = a.ask("三公经费为何增加")
    assert answer.text != TRACED + claim, "the untraced written-out number must not reach the user"
    assert "33.64%" in answer.text, "the deterministic answer stands"
    assert a.llm.events and "unsupported" in a.llm.events[0], a.llm.events


def test_traced_numbers_written_in_chinese_pass(seed_doc, fake):
    written = ("2024年“三公”经费预算三十点九九万元[1]，比2023年的二十三点一九万元[2]增加七点八万元，"
               "增长百分之三十三点六四。")
    fake.enqueue([tool_call("change", item="三公经费"), text(written)])
    a = _assistant(seed_doc, fake)
    assert a.ask("三公经费为何增加").text == written
    assert a.llm.events == []


def test_words_that_contain_numerals_are_not_numbers():
    from assistant.guard import numbers_in

    assert numbers_in("一般公共预算的“三公”经费统一管理，十分重要，其中一项为第一名") == set()
