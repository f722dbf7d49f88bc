"""One conversation with the seed's assistant per call (no retrieval), shared by the tests of follow-ups and parts."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def bot(seed_doc):
    "The seed document's assistant, built once per test module"
    from assistant.core import Assistant

    return Assistant.from_document(seed_doc, retrieval=False)


def talk(bot, *questions):
    "The answers of one conversation, in order"
    conv = bot.new_conversation()
    return [bot.ask(q, conv) for q in questions]
