"""The HTTP API for staff tools, and the ``serve`` command.

``POST /api/ask`` with ``{"question": str, "session_id": str?}`` returns the answer (``Answer.as_json()``) plus
``session_id`` and ``turn``. Session ids are issued by the server only (omit ``session_id`` to start a
conversation, send back the one you got to continue it); an id the server does not hold is answered with
``404 unknown_session``. ``GET /api/health`` says what is loaded. ``GET /openapi.json`` is the schema and
``GET /docs`` a page made from it, served from this machine.

Every error has one shape, ``{"error": {"code": str, "message": str}}`` (plus ``session_id`` when a session is
known), and never echoes the request. Statuses: 400 ``invalid_json``, 404 ``unknown_session`` / ``not_found``,
405 ``method_not_allowed``, 413 ``body_too_large``, 422 ``invalid_request`` / ``empty_question`` /
``question_too_long``, 500 ``internal`` / ``document_error``.

The chat UI (app.py) mounts itself next to these routes; this module never imports it.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import secrets
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from budget_qa.errors import BudgetQAError
from budget_qa.results import Citation
from budget_qa.types import BudgetDocument
from index.catalog import CatalogEntry, entry_of

from .answer import Answer, AnswerFigure, AnswerStatus, ChartSpec
from .query import Query

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
MAX_QUESTION_CHARS = 2000
MAX_BODY_BYTES = 16 * 1024
"""A request body larger than this is refused with 413 before it is read (a 2,000-character question is ≤ 8 KB)."""
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
SESSION_TOKEN_BYTES = 18
"""Random bytes of a server-issued session id (144 bits, 24 URL-safe characters)."""
SESSION_CAPACITY = 2000
TURNS_KEPT = 20
"""Answers kept per conversation: follow-ups need the last turns only, so a long session stays small."""
API_PREFIX = "/api/"

ErrorCode = Literal["invalid_json", "unknown_session", "not_found", "method_not_allowed", "body_too_large",
                    "invalid_request", "empty_question", "question_too_long", "internal", "document_error",
                    "unknown_document"]


class AssistantLike(Protocol):
    "What the UI and the API need from an assistant (assistant.core.Assistant, or a fake in tests)"

    doc: BudgetDocument

    def new_conversation(self) -> Any: ...

    def ask(self, question: str, conversation: Any = None) -> Answer: ...


# --- the contract -----------------------------------------------------------------------------------------------
class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "三公经费为何增加"}, {"question": "其中项目支出呢", "session_id": "3hQpX0vY9d2mKf7LrT1wZa8N"}]})

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          description=f"the question, 1–{MAX_QUESTION_CHARS} characters")
    session_id: str | None = Field(None, pattern=SESSION_ID_PATTERN,
                                   description="the session_id of an earlier reply, to continue that conversation; "
                                               "omit it to start a new one")
    document: str | None = Field(None, max_length=200,
                                 description="a catalog id from GET /api/documents: answer from that document (the "
                                             "conversation stays on it until a question names another); omit it to let "
                                             "the question choose")


class CitationOut(Citation):
    "A numbered source as the API returns it"

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(description="the number used as [n] in the answer text")
    text: str = Field(description="the citation in one line, as shown to users")


class AskResponse(BaseModel):
    "One answer: Answer.as_json() plus the session it belongs to"

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "question": "三公经费为何增加", "status": "answered",
        "answer": "2024年“三公”经费预算为16.80万元[1]，比上年增加4.50万元，增长36.59%[2]。…",
        "figures": [{"label": "“三公”经费 2024年", "value": "16.80", "unit": "万元", "shown": "16.80 万元",
                     "basis": "read", "computation": "", "citations": [1]}],
        "citations": [{"n": 1, "text": "一般公共预算“三公”经费支出情况表 / 合计 / 2024年预算数/合计（第415行）",
                       "kind": "table", "line": 415, "table": "一般公共预算“三公”经费支出情况表", "row_label": "合计",
                       "row_code": "", "column": "2024年预算数/合计", "part": "", "section": "", "quote": ""}],
        "suggestions": ["公务接待费是多少"], "chart": None, "latency_ms": 12.5, "language": "zh",
        "session_id": "3hQpX0vY9d2mKf7LrT1wZa8N", "turn": 1}]})

    question: str
    answer: str = Field(description="the reply; [n] refers to citations[n-1]")
    status: AnswerStatus = Field(description="answered: figures or quotes from the document; clarify: the question "
                                             "is ambiguous and the reply asks which reading; not_in_document: the "
                                             "document does not say; error: the question could not be processed")
    figures: list[AnswerFigure] = Field(description="every figure in the answer, with its arithmetic and citations")
    citations: list[CitationOut]
    suggestions: list[str] = Field(description="follow-up questions to offer")
    chart: ChartSpec | None = None
    latency_ms: float
    language: Literal["zh", "en"]
    query: Query | None = Field(None, description="what the question was understood to ask, part by part")
    understood: str = Field("", description="the same in one line, as shown to users: '理解为：…'")
    documents: list[str] = Field(default_factory=list, description="catalog ids of the documents the answer used")
    session_id: str = Field(description="send it back to continue this conversation")
    turn: int = Field(description="questions asked in this session so far, this one included")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: ErrorCode
    message: str = Field(description="for people; never contains the request")


class ErrorResponse(BaseModel):
    "Every error of the API"

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"error": {"code": "unknown_session", "message": "没有这个会话（可能已过期）。请不带 session_id 重新提问。"}}]})

    error: ErrorDetail
    session_id: str | None = None


class HealthResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["ok"]
    department: str
    year: int
    document: str = Field(description="file name of the loaded document")
    sha256: str
    tables: int
    sessions: int = Field(description="conversations held now")
    session_capacity: int
    turns_kept: int = Field(description="answers kept per conversation")
    documents: int = Field(1, description="budget documents loaded (GET /api/documents lists them)")
    warnings: list[str] = Field(default_factory=list, description="documents that could not be loaded, and why")
    parser_warnings: list[str] = Field(default_factory=list,
                                       description="what the parser noticed in the loaded documents (BudgetDocument."
                                                   "warnings: a table without header row, a unit other than declared)")


def _parser_warnings(assistant: Any) -> list[str]:
    "The parser's warnings of every loaded document, each prefixed with its file name"
    docs = list(getattr(assistant, "docs", {}).values()) or [assistant.doc]
    return [f"{Path(d.source).name}: {w}" for d in docs for w in getattr(d, "warnings", [])]


def catalog_of(assistant: Any) -> list[CatalogEntry]:
    "The catalog of what is loaded (one entry for a one-document assistant without a catalog)"
    catalog = getattr(assistant, "catalog", None)
    if catalog is not None:
        return list(catalog)
    return [entry_of(assistant.doc, Path(assistant.doc.source).stem)]


def error(status: int, code: ErrorCode, message: str, session_id: str | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    "The one error shape of the API"
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if session_id:
        body["session_id"] = session_id
    return JSONResponse(body, status_code=status, headers=headers)


# --- sessions ---------------------------------------------------------------------------------------------------
@dataclass
class Session:
    id: str
    conversation: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Serialises the turns of one conversation: two requests with the same id never interleave."""
    turns: int = 0
    last_used: float = field(default_factory=time.monotonic)


class SessionStore:
    """The API's conversations by server-issued id, bounded and expiring when idle.

    Two least-recently-used segments: sessions with one turn so far, and returning sessions (two turns or more).
    A flood of new sessions evicts only other new sessions, never a conversation in progress; each segment drops
    its least recently used session first.
    """

    def __init__(self, assistant: AssistantLike, capacity: int = SESSION_CAPACITY, idle_seconds: float = 4 * 3600,
                 new_share: float = 0.25):
        self.assistant = assistant
        self.capacity = capacity
        self.idle_seconds = idle_seconds
        self.new_capacity = max(1, round(capacity * new_share))
        self.returning_capacity = max(1, capacity - self.new_capacity)
        self._new: OrderedDict[str, Session] = OrderedDict()
        self._returning: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def create(self) -> Session:
        "A new conversation under a fresh unguessable id"
        session = Session(secrets.token_urlsafe(SESSION_TOKEN_BYTES), self.assistant.new_conversation())
        with self._lock:
            self._expire(time.monotonic())
            self._new[session.id] = session
            while len(self._new) > self.new_capacity:
                self._new.popitem(last=False)
        return session

    def get(self, session_id: str) -> Session | None:
        "The session with this id, or None when the server does not hold it (never issued, expired or evicted)"
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            for segment in (self._returning, self._new):
                session = segment.get(session_id)
                if session is not None:
                    segment.move_to_end(session_id)
                    session.last_used = now
                    return session
        return None

    def record_turn(self, session: Session) -> None:
        "A session that came back for a second turn moves to the returning segment"
        with self._lock:
            if session.turns >= 2 and self._new.pop(session.id, None) is not None:
                self._returning[session.id] = session
                while len(self._returning) > self.returning_capacity:
                    self._returning.popitem(last=False)

    def _expire(self, now: float) -> None:
        for segment in (self._new, self._returning):
            while segment:
                oldest = next(iter(segment.values()))
                if now - oldest.last_used <= self.idle_seconds:
                    break
                segment.popitem(last=False)

    def __contains__(self, session_id: str) -> bool:
        return session_id in self._new or session_id in self._returning

    def __len__(self) -> int:
        return len(self._new) + len(self._returning)


def trim_history(conversation: Any, keep: int = TURNS_KEPT) -> None:
    "Keep only the last ``keep`` answers a conversation remembers"
    # NOTE: the assistant's Conversation appends every Answer to `answers` and reads none back for follow-ups
    # (its context is in its other fields); bounded here until the conversation bounds itself (issue 11, item 3).
    answers = getattr(conversation, "answers", None)
    if isinstance(answers, list) and len(answers) > keep:
        del answers[:-keep]


def ask_in_session(assistant: AssistantLike, session: Session, question: str, keep: int = TURNS_KEPT,
                   document: str | None = None) -> dict:
    "One turn of a session: the answer as JSON with the session id and the turn number"
    with session.lock:
        if document:
            answer = assistant.ask(question, session.conversation, document=document)
        else:
            answer = assistant.ask(question, session.conversation)
        trim_history(session.conversation, keep)
        session.turns += 1
        turn = session.turns
    data = answer.as_json()
    data["session_id"] = session.id
    data["turn"] = turn
    return data


# --- request hygiene --------------------------------------------------------------------------------------------
class StrictJSONBody:
    """ASGI middleware for /api/: a body over ``limit`` bytes is refused with 413 (read no further), and a body that
    is not strict JSON (bad UTF-8, NaN/Infinity, lone surrogates, syntax) with 400, before any handler runs."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX) or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _send_error(scope, receive, send, 413, "body_too_large",
                              f"请求体过大：最多 {self.limit} 字节。")
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_error(scope, receive, send, 413, "body_too_large",
                                  f"请求体过大：最多 {self.limit} 字节。")
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        problem = json_problem(body) if body else None
        if problem:
            await _send_error(scope, receive, send, 400, "invalid_json", problem)
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def json_problem(body: bytes) -> str | None:
    "Why a request body is not strict JSON text, or None"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"请求体不是 UTF-8 文本（第 {e.start} 字节）。"

    def no_constant(name: str):
        raise ValueError(f"JSON 不允许 {name}")

    try:
        value = json.loads(text, parse_constant=no_constant)
    except ValueError as e:
        message = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        return f"请求体不是合法的 JSON：{message}。"
    if _has_lone_surrogate(value):
        return "请求体含有孤立的 UTF-16 代理码（如 \\ud800），不是合法的 Unicode 文本。"
    return None


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


async def _send_error(scope, receive, send, status: int, code: ErrorCode, message: str) -> None:
    await error(status, code, message)(scope, receive, send)


def _validation_error(exc: RequestValidationError) -> JSONResponse:
    "A 422 that names the field and the problem, never the input"
    errors = exc.errors()
    for e in errors:
        if tuple(e.get("loc", ()))[-1:] == ("question",):
            if e.get("type") == "string_too_long":
                return error(422, "question_too_long", f"问题过长：最多 {MAX_QUESTION_CHARS} 个字，请缩短后再问。")
            if e.get("type") == "string_too_short":
                return error(422, "empty_question", "问题不能为空。")
    parts = []
    for e in errors[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return error(422, "invalid_request", "请求不符合接口：" + "；".join(parts))


# --- the app ----------------------------------------------------------------------------------------------------
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "invalid_json: not UTF-8, not JSON, NaN/Infinity or a lone surrogate"},
    404: {"model": ErrorResponse, "description": "unknown_session: the session_id was never issued or has expired"},
    405: {"model": ErrorResponse, "description": "method_not_allowed"},
    413: {"model": ErrorResponse, "description": f"body_too_large: the body exceeds {MAX_BODY_BYTES} bytes"},
    422: {"model": ErrorResponse,
          "description": "empty_question, question_too_long, or invalid_request (unknown or mistyped field)"},
    500: {"model": ErrorResponse, "description": "internal or document_error"},
}


def create_api(assistant: AssistantLike, sessions: SessionStore | None = None) -> FastAPI:
    "The FastAPI app with /api/ask, /api/health, /openapi.json and a self-contained /docs"
    sessions = sessions if sessions is not None else SessionStore(assistant)
    api = FastAPI(title="budget-qa", version="1", docs_url=None, redoc_url=None,
                  description="部门预算问答的 HTTP 接口：每个数字由程序从预算文件读取或计算，并标明出处。"
                              "Every error is `{\"error\": {\"code\", \"message\"}}`.")
    api.state.sessions = sessions
    api.add_middleware(StrictJSONBody)

    @api.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError):
        return _validation_error(exc)

    @api.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            return error(405, "method_not_allowed", f"{request.method} 不适用于 {request.url.path}。",
                         headers=exc.headers)
        if exc.status_code == 404:
            return error(404, "not_found", f"没有这个接口：{request.url.path}")
        return error(exc.status_code, "invalid_request", str(exc.detail))

    @api.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception):
        log.exception("request to %s failed", request.url.path)
        return error(500, "internal", "内部错误，请稍后再试。")

    # NOTE: plain `def` handlers run in the server's thread pool, so slow answers do not block other requests.
    @api.post("/api/ask", response_model=None, summary="Ask a question",
              responses={200: {"model": AskResponse, "description": "the answer"}, **ERROR_RESPONSES})
    def ask(request: AskRequest) -> JSONResponse:
        question = request.question.strip()
        if not question:
            return error(422, "empty_question", "问题不能为空。")
        if request.session_id is None:
            session = sessions.create()
        else:
            session = sessions.get(request.session_id)
            if session is None:
                return error(404, "unknown_session", "没有这个会话（可能已过期）。请不带 session_id 重新提问，"
                                                     "服务器会发给你新的 session_id。")
        ids = {e.id for e in catalog_of(assistant)}
        if request.document is not None and request.document not in ids:
            return error(404, "unknown_document", f"没有载入 id 为 {request.document!r} 的文件；GET /api/documents 列出已载入的文件。",
                         session.id)
        try:
            data = ask_in_session(assistant, session, question, document=request.document)
        except BudgetQAError as e:
            return error(500, "document_error", str(e), session.id)
        except Exception:
            if _called_from_test():
                raise
            log.exception("answering a question failed")
            return error(500, "internal", "内部错误，请稍后再试。", session.id)
        sessions.record_turn(session)
        return JSONResponse(data)

    @api.get("/api/health", response_model=HealthResponse, summary="What is loaded")
    def health() -> HealthResponse:
        doc = assistant.doc
        failures = getattr(assistant, "failures", [])
        return HealthResponse(status="ok", department=doc.department, year=doc.year, document=Path(doc.source).name,
                              sha256=doc.sha256, tables=len(doc.tables), sessions=len(sessions),
                              session_capacity=sessions.capacity, turns_kept=TURNS_KEPT,
                              documents=len(catalog_of(assistant)),
                              warnings=[f"{f.path}: {f.message}" for f in failures],
                              parser_warnings=_parser_warnings(assistant))

    @api.get("/api/documents", response_model=list[CatalogEntry], summary="The budget documents loaded")
    def documents() -> list[CatalogEntry]:
        return catalog_of(assistant)

    # NOTE: the UI is mounted at "/" and would answer any other /api/ path or method with its own 404 page.
    def not_allowed(allow: str):
        def handler(request: Request) -> JSONResponse:
            return error(405, "method_not_allowed", f"{request.method} 不适用于 {request.url.path}；请用 {allow}。",
                         headers={"Allow": allow})
        return handler

    others = ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"]
    api.add_api_route("/api/ask", not_allowed("POST"), methods=others, include_in_schema=False)
    for path in ("/api/health", "/api/documents"):
        api.add_api_route(path, not_allowed("GET, HEAD"), methods=["POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                          include_in_schema=False)

    @api.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                   include_in_schema=False)
    def unknown(rest: str, request: Request) -> JSONResponse:
        return error(404, "not_found", f"没有这个接口：{request.url.path}")

    @api.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_html(api.openapi()))

    return api


def docs_html(schema: dict) -> str:
    "The API reference as one page, from the OpenAPI schema (FastAPI's /docs would load its scripts from a CDN)"
    e = html.escape
    out = [f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{e(schema['info']['title'])} API"
           "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
           "pre{background:#f4f4f5;padding:.6em;overflow-x:auto}code{background:#f4f4f5}</style></head><body>",
           f"<h1>{e(schema['info']['title'])} HTTP API</h1><p>{e(schema['info'].get('description', ''))}</p>",
           "<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a></p>"]
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            out.append(f"<h2><code>{method.upper()} {e(path)}</code> — {e(op.get('summary', ''))}</h2>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                out.append(f"<p>Request body: {_schema_link(body)}</p>")
            out.append("<table border='1' cellpadding='4' style='border-collapse:collapse'><tr><th>status</th>"
                       "<th>meaning</th><th>body</th></tr>")
            for status, resp in op.get("responses", {}).items():
                content = resp.get("content", {}).get("application/json", {}).get("schema")
                out.append(f"<tr><td>{e(status)}</td><td>{e(resp.get('description', ''))}</td>"
                           f"<td>{_schema_link(content) if content else ''}</td></tr>")
            out.append("</table>")
    out.append("<h2>Models</h2>")
    for name, model in schema.get("components", {}).get("schemas", {}).items():
        out.append(f"<h3 id='{e(name)}'>{e(name)}</h3>")
        if model.get("description"):
            out.append(f"<p>{e(model['description'])}</p>")
        rows = []
        for prop, spec in model.get("properties", {}).items():
            required = "required" if prop in model.get("required", []) else ""
            rows.append(f"<tr><td><code>{e(prop)}</code></td><td>{e(_type_of(spec))}</td><td>{required}</td>"
                        f"<td>{e(spec.get('description', ''))}</td></tr>")
        if rows:
            out.append("<table border='1' cellpadding='4' style='border-collapse:collapse'><tr><th>field</th>"
                       "<th>type</th><th></th><th>meaning</th></tr>" + "".join(rows) + "</table>")
        if model.get("enum"):
            out.append(f"<p>One of: {e(', '.join(map(str, model['enum'])))}</p>")
        for example in model.get("examples", []):
            out.append(f"<p>Example:</p><pre>{e(json.dumps(example, ensure_ascii=False, indent=1))}</pre>")
    out.append("</body></html>")
    return "".join(out)


def _schema_link(schema: dict) -> str:
    ref = schema.get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return f"<a href='#{html.escape(name)}'>{html.escape(name)}</a>" if name else html.escape(_type_of(schema))


def _type_of(spec: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " | ".join(_type_of(s) for s in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list[{_type_of(spec.get('items', {}))}]"
    if "enum" in spec:
        return " | ".join(repr(v) for v in spec["enum"])
    if "const" in spec:
        return repr(spec["const"])
    return str(spec.get("type", "any"))


def _called_from_test() -> bool:
    return "pytest" in sys.modules


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
    s.add_argument("--doc", type=Path, action="append", default=argparse.SUPPRESS,
                   help="a budget document (repeatable; default: the bundled one)")
    s.add_argument("--library", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                   help="a folder: load every budget (*.pdf, *.txt) in it")
    s.set_defaults(func=cmd_serve)
    return s


def serve_argv(args) -> list[str]:
    "The command that runs the UI + API program (app.py) for these `serve` arguments"
    argv = [sys.executable, "-m", "app", "--host", args.host, "--port", str(args.port)]
    for doc in getattr(args, "doc", None) or []:
        argv += ["--doc", str(doc)]
    if getattr(args, "library", None):
        argv += ["--library", str(args.library)]
    return argv


def cmd_serve(args) -> int:
    "Replace this process with the UI + API program"
    # NOTE: app.py sits above assistant/ and imports it; running it as a program (not importing it) keeps the
    # dependencies one way: app.py → assistant/ (issue 10).
    argv = serve_argv(args)
    os.execv(argv[0], argv)
    return 0  # pragma: no cover - execv does not return


__all__ = ["AskRequest", "AskResponse", "ErrorResponse", "HealthResponse", "RunningServer", "SessionStore",
           "create_api"]
