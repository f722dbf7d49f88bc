"""Optional LLM writer: a llama-index function-calling loop (OpenAILike) over the same tools.

Used only when ``BUDGET_QA_ANSWER__LLM_BASE_URL`` (or ``BUDGET_QA_LLM_BASE_URL``) is set. The model plans tool calls
and writes the text; the text then passes the number guard (assistant/guard.py). When the guard fails, or the model
errs, the deterministic answer is returned and the event is logged. Model-written code is never executed: the model
can only call the registered FunctionTools with arguments.
"""

from __future__ import annotations

import json
import logging
import os

from budget_qa.results import Citation, ToolResult
from budget_qa.settings import Settings
from budget_qa.types import BudgetDocument

from .answer import Answer, AnswerFigure
from .guard import check_numbers
from .prompts import CONTEXT_TEMPLATE, SYSTEM_PROMPT

log = logging.getLogger(__name__)
MAX_ROUNDS = 4


def openai_like(settings: Settings):
    "The OpenAI-compatible function-calling client the settings name (the writer's and the reader's)"
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as e:  # pragma: no cover - a plain dependency
        raise RuntimeError('pip install -e "."  (llama-index-llms-openai-like is missing)') from e
    a = settings.answer
    return OpenAILike(
        model=a.llm_model or "default",
        api_base=a.llm_base_url,
        api_key=a.llm_api_key or os.environ.get("BUDGET_QA_LLM_API_KEY", "none"),
        is_chat_model=True,
        is_function_calling_model=True,
        context_window=32000,
        tokenizer=None,
        max_retries=0,
        timeout=30.0,
    )


class LLMWriter:
    def __init__(self, llm):
        self.llm = llm
        self.events: list[str] = []
        """Why an LLM answer was replaced (kept for inspection and tests)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> "LLMWriter":
        return cls(openai_like(settings))

    def rewrite(self, doc: BudgetDocument, question: str, draft: Answer) -> Answer:
        "The model's answer if every number in it traces to a tool figure or cited passage, else ``draft``"
        from llama_index.core.llms import ChatMessage

        from tools import make_tools

        tools = {t.metadata.name: t for t in make_tools(doc)}
        citations = list(draft.citations)
        figures = list(draft.figures)
        sources = "\n".join(f"[{i}] {c.describe()}" for i, c in enumerate(citations, 1)) or "（无）"
        fig_text = "\n".join(f"- {f.label}：{f.shown}" + (f"（计算：{f.computation}）" if f.computation else "")
                             + "".join(f"[{n}]" for n in f.citations) for f in figures) or "（无）"
        messages = [
            ChatMessage(role="system", content=SYSTEM_PROMPT),
            ChatMessage(role="user", content=CONTEXT_TEMPLATE.format(question=question, sources=sources,
                                                                     figures=fig_text)),
        ]
        text = ""
        try:
            for _ in range(MAX_ROUNDS):
                response = self.llm.chat_with_tools(list(tools.values()), chat_history=messages)
                calls = self.llm.get_tool_calls_from_response(response, error_on_no_tool_call=False)
                messages.append(response.message)
                if not calls:
                    text = response.message.content or ""
                    break
                for call in calls:
                    result = _run(tools, call.tool_name, call.tool_kwargs)
                    rendered = _number(result, citations, figures)
                    messages.append(ChatMessage(role="tool", content=rendered,
                                                additional_kwargs={"tool_call_id": call.tool_id, "name": call.tool_name}))
        except Exception as e:  # noqa: BLE001 - the deterministic answer stands
            return self._fallback(draft, f"LLM error: {type(e).__name__}: {e}")
        if not text.strip():
            return self._fallback(draft, "LLM gave no text")
        figure_texts = [f"{f.shown} {f.computation}" for f in figures]
        by_citation: dict[int, list[str]] = {}
        for f in figures:
            for n in f.citations:
                by_citation.setdefault(n, []).append(f"{f.shown} {f.computation}")
        verdict = check_numbers(text, figure_texts, citations, by_citation)
        if not verdict.ok:
            return self._fallback(draft, verdict.reason)
        return draft.model_copy(update={"text": text.strip(), "citations": citations, "figures": figures})

    def _fallback(self, draft: Answer, why: str) -> Answer:
        log.warning("LLM answer replaced by the deterministic one: %s", why)
        self.events.append(why)
        return draft


def _run(tools: dict, name: str, kwargs: dict) -> ToolResult | str:
    tool = tools.get(name)
    if tool is None:
        return f"Error: unknown tool {name!r}; available: {', '.join(tools)}"
    try:
        output = tool.call(**(kwargs if isinstance(kwargs, dict) else json.loads(kwargs)))
    except Exception as e:  # noqa: BLE001 - shown to the model
        return f"Error: {type(e).__name__}: {e}"
    return output.raw_output if isinstance(output.raw_output, ToolResult) else str(output.content)


def _number(result: ToolResult | str, citations: list[Citation], figures: list[AnswerFigure]) -> str:
    "Register a tool result's citations and figures; render it for the model with their [n] numbers"
    if isinstance(result, str):
        return result
    numbers = []
    for c in result.citations:
        if c not in citations:
            citations.append(c)
        numbers.append(citations.index(c) + 1)
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    if result.value is not None:
        figures.append(AnswerFigure(label=result.label, value=result.value, unit=result.unit, shown=result.shown,
                                    basis=result.basis or "read", computation=result.computation, citations=numbers))
    for f in result.figures:
        figures.append(AnswerFigure(label=f.label, value=f.value, unit=f.unit, shown=f.shown, basis=f.basis,
                                    citations=numbers))
    return f"{result.render()}\n出处编号：{marks or '（无）'}"
