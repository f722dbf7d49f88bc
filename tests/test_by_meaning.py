"""Wording the document never uses is read by meaning, with the document's own labels (issue 10, issue 14).

Aliases written for our own eval questions were removed; an everyday word (请客吃饭) now reaches 公务接待费 through
the embedder the retrieval index already ships, and the answer shows how it was read.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant


@pytest.fixture(scope="module")
def bot(seed_path, tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("BUDGET_QA_HOME", str(tmp_path_factory.mktemp("home")))
    from budget_qa import settings as settings_module

    settings_module._cached.cache_clear()
    return Assistant.load(seed_path)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_an_everyday_word_reaches_the_document_label_and_says_so(bot):
    a = bot.ask("请客吃饭的钱占三公经费的多少？")
    assert a.status == "answered"
    assert [f.value for f in a.figures if f.unit == "%"] == [Decimal("46.43")]
    assert ("请客吃饭", "接待费") in a.query.corrections
    assert "“请客吃饭”读作“接待费”" in a.understood


def test_a_word_the_document_uses_is_not_reread(bot):
    a = bot.ask("机关运行经费为什么减少？")
    assert a.query.corrections == []
    assert any(f.value == Decimal("-1.52") for f in a.figures), [f.value for f in a.figures]


def test_nonsense_is_not_matched_to_some_label(bot):
    a = bot.ask("asdf随便问问")
    assert a.status in ("not_in_document", "clarify") and not a.figures


def test_a_follow_up_in_everyday_words_keeps_the_topic(bot):
    conv = bot.new_conversation()
    assert bot.ask("三公经费今年多少？", conv).figures[0].value == Decimal("30.99")
    a = bot.ask("其中请客吃饭的呢？", conv)
    assert [f.value for f in a.figures][:1] == [Decimal("14.39")], a.text
