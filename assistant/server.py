"""The HTTP API for staff tools and the ``serve`` command.

``POST /api/ask`` with ``{"question": str, "session_id": str?}`` returns the answer object (``Answer.as_json()``) plus
``session_id`` and ``turn``; the same session id continues the same conversation. ``GET /api/health`` says what is
loaded. The chat UI (app.py) is mounted next to these routes on the same server.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from budget_qa.errors import BudgetQAError
from budget_qa.types import BudgetDocument

from .answer import Answer

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
MAX_QUESTION_CHARS = 2000
SESSION_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"


class AssistantLike(Protocol):
    "What the UI and the API need from an assistant (assistant.core.Assistant, or a fake in tests)"

    doc: BudgetDocument

    def new_conversation(self) -> Any: ...

    def ask(self, question: str, conversation: Any = None) -> Answer: ...


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    session_id: str | None = Field(None, pattern=SESSION_ID_PATTERN,
                                   description="continue this conversation; omitted = start a new one")


@dataclass
class Session:
    id: str
    conversation: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Serialises the turns of one conversation: two requests with the same id never interleave."""
    turns: int = 0
    last_used: float = field(default_factory=time.monotonic)


class SessionStore:
    "The API's conversations by session id: bounded (least recently used dropped first) and expiring when idle"

    def __init__(self, assistant: AssistantLike, capacity: int = 2000, idle_seconds: float = 4 * 3600):
        self.assistant = assistant
        self.capacity = capacity
        self.idle_seconds = idle_seconds
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> Session:
        "The session with this id, or a new one (with this id, or a fresh random one)"
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            sid = session_id or uuid.uuid4().hex
            session = self._sessions.get(sid)
            if session is None:
                session = Session(sid, self.assistant.new_conversation())
                self._sessions[sid] = session
                while len(self._sessions) > self.capacity:
                    self._sessions.popitem(last=False)
            self._sessions.move_to_end(sid)
            session.last_used = now
            return session

    def _expire(self, now: float) -> None:
        while self._sessions:
            oldest = next(iter(self._sessions.values()))
            if now - oldest.last_used <= self.idle_seconds:
                break
            self._sessions.popitem(last=False)

    def __len__(self) -> int:
        return len(self._sessions)


def ask_in_session(assistant: AssistantLike, session: Session, question: str) -> dict:
    "One turn of a session: the answer as JSON with the session id and the turn number"
    with session.lock:
        answer = assistant.ask(question, session.conversation)
        session.turns += 1
        turn = session.turns
    data = answer.as_json()
    data["session_id"] = session.id
    data["turn"] = turn
    return data


def create_api(assistant: AssistantLike, sessions: SessionStore | None = None) -> FastAPI:
    "The FastAPI app with /api/ask and /api/health (no /docs: its page would load scripts from a CDN)"
    sessions = sessions if sessions is not None else SessionStore(assistant)
    api = FastAPI(title="budget-qa", docs_url=None, redoc_url=None)
    api.state.sessions = sessions

    # NOTE: plain `def` handlers run in the server's thread pool, so slow answers do not block other requests.
    @api.post("/api/ask")
    def ask(request: AskRequest):
        question = request.question.strip()
        if not question:
            return JSONResponse({"error": "问题不能为空"}, status_code=422)
        session = sessions.get(request.session_id)
        try:
            return ask_in_session(assistant, session, question)
        except BudgetQAError as e:
            return JSONResponse({"error": str(e), "session_id": session.id}, status_code=400)
        except Exception:
            log.exception("answering %r failed", question)
            return JSONResponse({"error": "内部错误，请稍后再试", "session_id": session.id}, status_code=500)

    @api.get("/api/health")
    def health():
        doc = assistant.doc
        return {"status": "ok", "department": doc.department, "year": doc.year, "document": Path(doc.source).name,
                "sha256": doc.sha256, "tables": len(doc.tables), "sessions": len(sessions)}

    return api


# --- running a server -------------------------------------------------------------------------------------------
class RunningServer:
    "A uvicorn server on a background thread (tests, the load benchmark); stop() shuts it down"

    def __init__(self, app: FastAPI, host: str = DEFAULT_HOST, port: int = 0, timeout: float = 30.0):
        import socket

        import uvicorn

        if port == 0:
            with socket.socket() as s:
                s.bind((host, 0))
                port = s.getsockname()[1]
        self.url = f"http://{host}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                    timeout_graceful_shutdown=5))
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{port}", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"server on {self.url} did not start within {timeout:.0f} s")
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    "Add the `serve` verb (chat UI + HTTP API) to the budget-qa command line"
    s = subparsers.add_parser("serve", help="the chat UI and HTTP API on http://127.0.0.1:7860 (what `make run` starts)")
    s.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    # NOTE: SUPPRESS keeps `budget-qa --doc X serve` working: a default here would overwrite the global --doc.
    s.add_argument("--doc", type=Path, default=argparse.SUPPRESS, help="the budget document (default: the bundled one)")
    s.set_defaults(func=cmd_serve)
    return s


def cmd_serve(args) -> int:
    "Load the assistant and serve the UI and the API until interrupted"
    # NOTE: app.py sits above assistant/ (it builds the UI); only this verb needs it, so it is imported here.
    import app

    app.serve(host=args.host, port=args.port, doc=getattr(args, "doc", None))
    return 0
