"""The hostile classes of issue 11 replayed through the HTTP API and `budget-qa batch`.

Each class was reproduced against the previous version: huge bodies echoed back, lone surrogates and NaN answered
with 500 and a reset connection, two error shapes, 404 for a wrong method, client-chosen session ids shared and
flushed, unbounded history, Markdown from one user rendered in the chat, and a batch ended by one bad line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import app
from assistant.server import (MAX_BODY_BYTES, MAX_QUESTION_CHARS, TURNS_KEPT, RunningServer, SessionStore,
                              create_api)
from tests.fakes.assistant import EchoAssistant

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-test-SECRET-4f1c9e"


@pytest.fixture(scope="module")
def fake(seed_doc):
    return EchoAssistant(seed_doc)


@pytest.fixture(scope="module")
def server(fake):
    "The whole app (UI mounted at /) over the echo assistant"
    with RunningServer(app.create_server(fake), port=0) as running:
        yield running


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def assert_error(r: httpx.Response, status: int, code: str) -> dict:
    "The one error shape: {'error': {'code', 'message'}} (+ session_id), JSON, with this status and code"
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) <= {"error", "session_id"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code, body
    return body


# --- item 4: body size, question length, no echo -------------------------------------------------------------------
def test_a_huge_body_is_refused_before_it_is_read(client):
    body = json.dumps({"question": "三" * 1_000_000}).encode()
    r = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert_error(r, 413, "body_too_large")
    assert len(r.content) < 1000, "the reply never echoes the body"


def test_a_huge_chunked_body_without_length_is_refused(client):
    def chunks():
        yield b'{"question": "'
        for _ in range(200):
            yield "三".encode() * 1000
        yield b'"}'

    r = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413, "body_too_large")


def test_a_long_question_gets_a_clear_message_without_the_question(client):
    question = ("公务接待费" * (MAX_QUESTION_CHARS // 5 + 1))[: MAX_QUESTION_CHARS + 1]
    assert len(json.dumps({"question": question}, ensure_ascii=False).encode()) < MAX_BODY_BYTES
    r = client.post("/api/ask", content=json.dumps({"question": question}, ensure_ascii=False).encode(),
                    headers={"content-type": "application/json"})
    body = assert_error(r, 422, "question_too_long")
    assert str(MAX_QUESTION_CHARS) in body["error"]["message"] and "公务接待费公务接待费" not in r.text


def test_a_malformed_field_is_named_but_not_echoed(client):
    r = client.post("/api/ask", json={"question": "三公", "extra": "<script>alert(1)</script>" * 10})
    body = assert_error(r, 422, "invalid_request")
    assert "extra" in body["error"]["message"] and "<script>" not in r.text


# --- item 5: surrogates, NaN, bad JSON, methods ----------------------------------------------------------------------
@pytest.mark.parametrize("raw", [
    pytest.param(b'{"question": "\\ud800"}', id="lone-surrogate"),
    pytest.param(b'{"question": "ok", "session_id": "\\udfff\\udfff\\udfff\\udfff\\udfff\\udfff\\udfff\\udfff"}',
                 id="surrogate-session"),
    pytest.param(b'{"question": NaN}', id="nan"),
    pytest.param(b'{"question": Infinity}', id="infinity"),
    pytest.param(b'{"question": "\xff\xfe"}', id="not-utf8"),
    pytest.param(b'{"question": ', id="truncated"),
    pytest.param(b"question=hello", id="form-encoded"),
])
def test_bodies_that_are_not_strict_json_get_400(client, raw):
    r = client.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert_error(r, 400, "invalid_json")


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_wrong_methods_on_ask_are_405(client, method):
    r = client.request(method, "/api/ask")
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"


def test_unknown_api_paths_are_json_404(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.post("/api/health"), 405, "method_not_allowed")


# --- item 6: server-issued sessions, no hijack, no flush ------------------------------------------------------------
def test_a_client_cannot_choose_or_guess_a_session_id(client):
    assert_error(client.post("/api/ask", json={"question": "问", "session_id": "alice"}), 422, "invalid_request")
    guessed = client.post("/api/ask", json={"question": "问", "session_id": "a" * 24})
    assert_error(guessed, 404, "unknown_session")


def test_issued_session_ids_are_unguessable_and_continue_only_their_conversation(client):
    first = client.post("/api/ask", json={"question": "甲一"}).json()
    other = client.post("/api/ask", json={"question": "乙一"}).json()
    sid = first["session_id"]
    assert len(sid) >= 24 and sid != other["session_id"]
    second = client.post("/api/ask", json={"question": "甲二", "session_id": sid}).json()
    assert second["turn"] == 2 and second["answer"] == "第2问：甲一|甲二"


def test_a_flood_of_new_sessions_does_not_evict_a_conversation_in_progress(seed_doc):
    store = SessionStore(EchoAssistant(seed_doc), capacity=40)
    api = create_api(store.assistant, store)
    with RunningServer(api, port=0) as running, httpx.Client(base_url=running.url, timeout=30) as c:
        sid = c.post("/api/ask", json={"question": "甲一"}).json()["session_id"]
        c.post("/api/ask", json={"question": "甲二", "session_id": sid})
        for i in range(200):
            c.post("/api/ask", json={"question": f"洪水{i}"})
        r = c.post("/api/ask", json={"question": "甲三", "session_id": sid})
        assert r.status_code == 200 and r.json()["turn"] == 3, r.text
        assert len(store) <= 40


def test_returning_sessions_are_evicted_least_recently_used_first(seed_doc):
    store = SessionStore(EchoAssistant(seed_doc), capacity=8, new_share=0.25)
    sessions = []
    for _ in range(store.returning_capacity + 1):
        s = store.create()
        s.turns = 2
        store.record_turn(s)
        sessions.append(s)
        if len(sessions) == 2:
            store.get(sessions[0].id)  # the first one is used again: the second is now the least recent
    assert sessions[0].id in store and sessions[1].id not in store
    assert all(s.id in store for s in sessions[2:])


# --- item 3: bounded history ------------------------------------------------------------------------------------------
def test_one_session_keeps_a_bounded_number_of_turns(seed_doc):
    fake = EchoAssistant(seed_doc)
    store = SessionStore(fake)
    with RunningServer(create_api(fake, store), port=0) as running, \
            httpx.Client(base_url=running.url, timeout=30) as c:
        sid = c.post("/api/ask", json={"question": "问0"}).json()["session_id"]
        for i in range(1, TURNS_KEPT * 3):
            last = c.post("/api/ask", json={"question": f"问{i}", "session_id": sid}).json()
        assert last["turn"] == TURNS_KEPT * 3
        health = c.get("/api/health").json()
    assert len(store.get(sid).conversation.answers) == TURNS_KEPT
    assert health["turns_kept"] == TURNS_KEPT


# --- item 9: what one user types is text for everyone ----------------------------------------------------------------
@pytest.mark.parametrize("typed", [
    pytest.param("![p](http://203.0.113.9/pixel.png)", id="image"),
    pytest.param("<img src=http://203.0.113.9/x.png>", id="html-image"),
    pytest.param("[点我](javascript:alert(1))", id="link"),
    pytest.param("<http://203.0.113.9/a.png>", id="autolink"),
])
def test_user_text_is_shown_as_plain_text(fake, typed):
    from markdown_it import MarkdownIt

    *_, final = app.ChatHandlers(fake).respond(typed, [], None, [])
    question, answer = (MarkdownIt("commonmark").render(m["content"]) for m in final[0][-2:])
    shown = typed.replace("<", "&lt;").replace(">", "&gt;")
    assert "<img" not in question and "<a " not in question, question
    assert shown in question, "the user sees exactly what they typed"
    assert shown in answer and "<img" not in answer and "<a " not in answer, "an answer that echoes it is text too"


# --- the API description matches what it returns --------------------------------------------------------------------
def test_openapi_publishes_the_answer_and_error_models(client):
    schema = client.get("/openapi.json").json()
    ask = schema["paths"]["/api/ask"]["post"]
    ok = ask["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/AskResponse")
    for status in ("400", "404", "405", "413", "422", "500"):
        assert ask["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    models = schema["components"]["schemas"]
    assert set(models["AskResponse"]["properties"]["status"]["enum"]) == {"answered", "clarify", "not_in_document",
                                                                         "error"}
    assert models["AskRequest"]["examples"] and models["AskResponse"]["examples"]
    reply = client.post("/api/ask", json={"question": "三公"}).json()
    assert set(models["AskResponse"]["required"]) <= set(reply), "every documented field is returned"


# --- batch with the real assistant ------------------------------------------------------------------------------------
def test_batch_survives_every_hostile_line_and_never_shows_a_key_or_traceback(tmp_path, request):
    from test_app_live import index_home

    lines = [
        b"\xff\xfe\x00 not text\n",                                                   # not UTF-8, first
        '{"id": "gbk", "turns": ["三公经费"]}\n'.encode("gbk"),                        # GBK Chinese
        b'{"id": "\\ud800", "turns": ["\\udc00 \xe4\xb8\x89\xe5\x85\xac\xe7\xbb\x8f\xe8\xb4\xb9"]}\n',  # surrogates
        b'{"id": "nan", "turns": [NaN]}\n',
        b"[1, 2, 3]\n",
        b'{"id": "noturns"}\n',
        ('{"id": "long", "turns": ["' + "三" * 50_000 + '"]}\n').encode(),
        '{"id": "md", "turns": ["![p](http://203.0.113.9/p.png) 三公经费是多少"]}\n'.encode(),
        b"\n",
        '{"id": "good", "turns": ["三公经费是多少", "其中公务接待费呢"]}\n'.encode(),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"".join(lines))
    env = {**os.environ, "BUDGET_QA_HOME": str(index_home(request.config)), "BUDGET_QA_LLM_BASE_URL":
           "http://127.0.0.1:9/v1", "BUDGET_QA_LLM_MODEL": "none", "BUDGET_QA_LLM_API_KEY": SECRET}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "batch", str(path)], cwd=ROOT, env=env,
                          capture_output=True, timeout=600)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err[-2000:]
    replies = [json.loads(line) for line in out.splitlines()]
    assert len(replies) == 9, "one reply per non-blank line, in order"
    by_id = {r["id"]: r["replies"] for r in replies}
    assert by_id["1"][0]["status"] == "error" and "line 1" in by_id["1"][0]["answer"]
    assert str(path) in by_id["1"][0]["answer"]
    assert by_id["good"][0]["status"] == "answered" and "30.99" in by_id["good"][0]["answer"]
    assert [r["status"] for r in by_id["good"]] == ["answered", "answered"]
    assert by_id["\ufffd"][0]["status"] != "error", "a lone surrogate is replaced, the question answered"
    assert "Traceback" not in out + err and SECRET not in out + err


def test_the_chat_refuses_an_overlong_question_with_a_message(fake):
    asked = len(fake.asked)
    *_, final = app.ChatHandlers(fake).respond("三" * (MAX_QUESTION_CHARS + 1), [], None, [])
    answer = final[3][-1]
    assert answer.status == "error" and str(MAX_QUESTION_CHARS) in answer.text
    assert len(fake.asked) == asked, "the assistant is not asked"
