"""Optional LLM reader: the model reads a question into the same typed ``Query`` the rule parser builds.

Used only when an LLM is configured (``settings.answer.llm_base_url``). The model is offered one FunctionTool,
``submit_query``, whose arguments are the query's parts: operations and operands by name, never values. The
arguments are checked strictly (the schema, each measure, each operand naming something in the document); a reading
that fails is ``None`` with the reason in ``events``, and the caller reads the question with the rules instead. The
query is executed like a parsed one (model_parts.py), so figures, citations and the number guard are shared.
"""

from __future__ import annotations

import logging
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from budget_qa.settings import Settings
from budget_qa.types import BudgetDocument
from index.text import norm_key
from tools.aliases import GENERIC_PAIRS
from tools.resolve import bigrams, catalog, resolve

from .conversation import Conversation
from .english import to_chinese
from .plan import document_key, mentions
from .prompts import READER_PROMPT, READER_TOOL
from .query import INTENT_OPERATION, OPERATION_ZH, Operand, Operation, Query, QueryPart
from .understand import MEASURES, understand

log = logging.getLogger(__name__)

TOOL_NAME = "submit_query"
MEASURE_NAMES = tuple(name for name, _ in MEASURES)
ROW_TOTALS = frozenset({"合计", "小计", "总计"})
"""Measures that mean the row's total, i.e. no measure."""
LABELS_PER_TABLE, PROJECTS_SHOWN = 8, 12
"""How much of the document the prompt lists (it stays bounded whatever the document's size)."""
RESOLVES = 0.75
"""The resolver's score at which a leftover wording names an item (as plan.item_phrases takes it)."""


class SubmittedOperand(BaseModel):
    "One thing a part works on, by name"

    model_config = ConfigDict(extra="forbid")

    item: str = Field(min_length=1, description="文件中的名称：表格行名、项目名称或说明中的事项（不写数值）")
    measure: str | None = Field(None, description=f"列：{'、'.join(MEASURE_NAMES)}；不填表示该行合计")
    year: int | None = Field(None, description="年度；不填表示文件的预算年度")
    scope: Literal["机关", "事业单位"] | None = Field(None, description="问题只问机关或只问事业单位时填写")


class SubmittedPart(BaseModel):
    "One part of the question"

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="这一部分问题的中文完整复述（保留原问题的用词）")
    operation: Operation
    operands: list[SubmittedOperand] = Field(default_factory=list)
    unit: Literal["元", "万元", "亿元"] | None = Field(None, description="问题要求的单位")
    per: Literal["月", "项"] | None = Field(None, description="average：每月或每项")
    top_n: int | None = Field(None, ge=1, le=50, description="rank：前几名")


class SubmittedQuery(BaseModel):
    "The arguments of submit_query: the question, read"

    model_config = ConfigDict(extra="forbid")

    parts: list[SubmittedPart] = Field(description="问题的各个部分，按提问顺序（问候、闲聊或不在范围内时为空）")
    outside: str | None = Field(None, description="问题不在本文件范围内（其他部门、地区、年度，或与预算无关）时写明原因")


class LLMReader:
    "Reads a question into a Query by function calling"

    def __init__(self, llm):
        self.llm = llm
        self.events: list[str] = []
        """Why a model's reading was set aside for the rules' (kept for inspection and tests)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> "LLMReader":
        from .llm import openai_like

        return cls(openai_like(settings))

    def read(self, doc: BudgetDocument, question: str, conversation: Conversation) -> Query | None:
        "The model's query for the question, or None (the reason in ``events``) when it is not one to execute"
        from llama_index.core.llms import ChatMessage
        from llama_index.core.tools import FunctionTool

        tool = FunctionTool.from_defaults(fn=_submit_query, name=TOOL_NAME, description=READER_TOOL,
                                          fn_schema=SubmittedQuery)
        messages = [ChatMessage(role="system", content=reader_prompt(doc, conversation)),
                    ChatMessage(role="user", content=question)]
        try:
            response = self.llm.chat_with_tools([tool], chat_history=messages, tool_required=True)
            calls = self.llm.get_tool_calls_from_response(response, error_on_no_tool_call=False)
        except Exception as e:  # noqa: BLE001 - the rules read the question instead
            return self._reject(f"LLM error: {type(e).__name__}: {e}")
        if not calls:
            return self._reject("LLM made no tool call")
        if calls[0].tool_name != TOOL_NAME:
            return self._reject(f"LLM called an unknown tool {calls[0].tool_name!r}")
        try:
            submitted = SubmittedQuery.model_validate(calls[0].tool_kwargs)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(map(str, first["loc"])) or "arguments"
            return self._reject(f"invalid {TOOL_NAME} arguments: {where}: {first['msg']}")
        return self._checked(doc, question, submitted, conversation)

    def _checked(self, doc: BudgetDocument, question: str, submitted: SubmittedQuery,
                 conversation: Conversation | None = None) -> Query | None:
        "The submitted query when every part can be executed over the document; None (and why) otherwise"
        parts = [_part(p) for p in submitted.parts if p.operation not in ("greeting", "refuse")]
        refused = any(p.operation == "refuse" for p in submitted.parts)
        outside = submitted.outside or ("这不是关于本部门预算的问题" if refused else None)
        years = {o.year for p in parts for o in p.operands if o.year} | {y for p in parts
                                                                         for y in understand(p.text).years}
        other = sorted(y for y in years if y not in (doc.year, doc.year - 1))
        if other and not outside:  # the model named a year the document does not hold
            outside = f"文件只有{doc.year}年的预算（部分项目有{doc.year - 1}年对比数），没有{other[0]}年的数据"
        query = Query(question=question, parts=parts, outside=outside, reader="llm")
        if outside:
            return query
        if not parts:
            return self._reject(f"LLM submitted no parts (operations: {[p.operation for p in submitted.parts]})")
        for o in (o for p in parts for o in p.operands):
            if o.measure is not None and o.measure not in MEASURE_NAMES:
                return self._reject(f"unknown measure {o.measure!r}")
            if not names_something(doc, o.item):
                return self._reject(f"operand {o.item!r} names nothing in the document")
            if not grounded(o.item, question, conversation.items if conversation else []):
                return self._reject(f"operand {o.item!r} is not what the question or the conversation names")
        return query

    def _reject(self, why: str) -> None:
        log.warning("the model's reading was set aside for the rules': %s", why)
        self.events.append(why)
        return None


def _submit_query(**arguments) -> str:
    "Never run: the arguments are the model's reading, validated as SubmittedQuery"
    return "ok"


def _part(p: SubmittedPart) -> QueryPart:
    operands = [Operand(item=o.item.strip(), measure=None if o.measure in ROW_TOTALS else o.measure, year=o.year,
                        scope=o.scope) for o in p.operands]
    return QueryPart(text=p.text.strip(), operation=p.operation, operands=operands, unit=p.unit, per=p.per,
                     top_n=p.top_n)


def grounded(item: str, question: str, conversation_items: list[str]) -> bool:
    """Whether an operand is what the user named: a pair of its characters that is not generic in the question (an
    English one with its terms mapped), or the conversation's topic. '火星探测经费是多少' read as 三公经费 is not."""
    if any(norm_key(item) == norm_key(i) for i in conversation_items):
        return True
    pairs = bigrams(norm_key(item))
    shared = pairs & (bigrams(norm_key(to_chinese(question))) | bigrams(norm_key(question)))
    return bool(shared - GENERIC_PAIRS)  # '那接待呢' names 公务接待费; 经费 alone names nothing


def names_something(doc: BudgetDocument, wording: str) -> bool:
    """Whether a wording names something of the document: one of its own wordings (or an everyday alias of one), a
    row the resolver finds, or words its text contains (a narrative subject, a column, a unit)"""
    key = norm_key(wording)
    if len(key) < 2:
        return False
    if key in mentions(doc, wording) or key in document_key(doc):
        return True
    best = resolve(doc, wording)
    return bool(best) and best[0].score >= RESOLVES


def reader_prompt(doc: BudgetDocument, conv: Conversation) -> str:
    "The system prompt: the document, a bounded list of what it answers, the conversation, the operations"
    labels: dict[int, list[str]] = {}
    seen: set[str] = set()
    for it in catalog(doc).items:  # a label shown for one table is not repeated for the next
        shown = labels.setdefault(id(it.table), [])
        if not it.is_total and len(shown) < LABELS_PER_TABLE and it.label not in seen:
            shown.append(it.label)
            seen.add(it.label)
    contents = "\n".join(f"- {t.title}{f'（{t.side}）' if t.side else ''}：{'、'.join(labels.get(id(t), [])) or '（空表）'}"
                         for t in doc.tables)
    projects = [p.name for p in doc.performance[:PROJECTS_SHOWN]]
    context = "（无，这是第一个问题）"
    if conv.items:
        context = f"上一问关于：{'、'.join(conv.items)}" + (f"；列：{conv.measure}" if conv.measure else "") + (
            f"；操作：{INTENT_OPERATION.get(conv.intent, conv.intent)}" if conv.intent else "")
    operations = "\n".join(f"- {op}：{zh}" for op, zh in OPERATION_ZH.items() if op not in ("greeting", "refuse"))
    return READER_PROMPT.format(document=f"{doc.department}{doc.year}年{doc.document_type}", year=doc.year,
                                prior=doc.year - 1, contents=contents, context=context, operations=operations,
                                projects=f"（如：{'、'.join(projects)}）" if projects else "",
                                measures="、".join(MEASURE_NAMES))
