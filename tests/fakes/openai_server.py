"""A small OpenAI-compatible HTTP server that replays scripted replies (tool calls or text), for tests.

The real llama-index OpenAILike client talks to it over HTTP on 127.0.0.1, so the LLM path is exercised end to end
without any model. Every request is recorded in ``history``.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def tool_call(name: str, **arguments) -> dict:
    "A scripted reply that calls one tool"
    return {"tool_calls": [{"name": name, "arguments": arguments}]}


def raw_tool_call(name: str, arguments: str) -> dict:
    "A scripted reply that calls one tool with arguments sent as written (e.g. not JSON)"
    return {"tool_calls": [{"name": name, "arguments": arguments}]}


def text(content: str) -> dict:
    "A scripted reply with final text"
    return {"content": content}


class FakeOpenAI:
    def __init__(self) -> None:
        self.script: list[dict] = []
        self.history: list[dict] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with owner._lock:
                    owner.history.append(body)
                    reply = owner.script.pop(0) if owner.script else {"content": "（脚本已用完）"}
                data = json.dumps(_completion(reply, body.get("model", "fake"))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def enqueue(self, replies: list[dict]) -> None:
        with self._lock:
            self.script.extend(replies)

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _completion(reply: dict, model: str) -> dict:
    message: dict = {"role": "assistant", "content": reply.get("content")}
    finish = "stop"
    if reply.get("tool_calls"):
        message["tool_calls"] = [
            {"id": f"call_{i}", "type": "function",
             "function": {"name": c["name"], "arguments": c["arguments"] if isinstance(c["arguments"], str)
                          else json.dumps(c["arguments"], ensure_ascii=False)}}
            for i, c in enumerate(reply["tool_calls"])
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
