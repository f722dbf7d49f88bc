"""Every example button of the chat UI asks a question the real assistant answers right (issue 11, item 12).

Each example goes through the chat handler its button triggers, on the bundled document, and must come back
answered, with a figure and a citation, and with the right figures (read from the document by hand).
"""

from __future__ import annotations

import pytest

import app


@pytest.fixture(scope="module")
def chat(request):
    from assistant.core import Assistant
    from budget_qa import settings as settings_module
    from test_app_live import index_home

    mp = pytest.MonkeyPatch()
    mp.setenv("BUDGET_QA_HOME", str(index_home(request.config)))
    settings_module._cached.cache_clear()
    try:
        yield app.ChatHandlers(Assistant.load())
    finally:
        mp.undo()
        settings_module._cached.cache_clear()


EXPECTED = {
    "三公经费为何增加": ["30.99", "23.19", "7.80", "33.64%", "公务出国活动增加"],
    "今年部门预算支出总额是多少": ["53,451.95"],
    "基本支出和项目支出各占多少": ["4,825.95", "48,626.00", "9.03%", "90.97%"],
    "金额最大的5个项目是哪些": ["21,933.00", "12,831.00", "4,770.00", "3,358.00", "3,315.00"],
    "画出各类支出构成": ["747.59", "52,019.22", "292.37", "392.77"],
}
KNOWN_WRONG: dict[str, str] = {}
"""Example questions answered wrong today, with the issue that tracks them (none)."""


def test_every_example_button_has_an_expected_answer():
    assert set(EXPECTED) == set(app.EXAMPLES), "a new example button needs its expected figures here"


@pytest.mark.parametrize("question", [
    pytest.param(q, id=q, marks=[pytest.mark.xfail(reason=KNOWN_WRONG[q], strict=True)] if q in KNOWN_WRONG else [])
    for q in app.EXAMPLES
])
def test_example_question_is_answered_right(chat, question):
    *_, final = chat.respond(question, [], None, [])
    answer = final[3][-1]
    assert answer.status == "answered", answer.text
    assert answer.figures and answer.citations, "a figure and a citation"
    bubble = final[0][-1]["content"]
    missing = [shown for shown in EXPECTED[question] if shown not in answer.text]
    assert not missing, f"{missing} missing from {answer.text!r}"
    assert "来源" in bubble, "the bubble lists its sources"
    if question.startswith("画"):
        assert answer.chart is not None and 'class="bqa-chart"' in bubble
