"""The typed query: what the assistant understood a question to ask, made visible before anything is computed.

Every answer carries its ``Query`` (``Answer.query``): the wording it read (after folding Traditional characters and
typos), the document it is about, and one ``QueryPart`` per part of the question — the operation, its operands
(item, measure, year, scope) and which slots came from the conversation. ``describe()`` is the one line shown to the
user as "理解为：…", so a citizen sees what was answered and can rephrase.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Operation = Literal[
    "value", "sum", "difference", "change", "share", "ratio", "average", "rank", "count", "list", "convert",
    "definition", "reason", "purpose", "duties", "organisation", "performance", "chart", "greeting", "refuse",
]

INTENT_OPERATION: dict[str, Operation] = {
    "value": "value", "total": "sum", "compare": "difference", "change": "change", "share": "share",
    "ratio": "ratio", "rank": "rank", "count": "count", "breakdown": "list", "units": "convert",
    "definition": "definition", "reason": "reason", "duties": "duties", "organisation": "organisation",
    "performance": "performance", "chart": "chart", "greeting": "greeting", "out_of_scope": "refuse",
}
"""The understanding's intents, named as operations of the query."""

OPERATION_ZH: dict[str, str] = {
    "value": "查数", "sum": "求和", "difference": "比较差额", "change": "与上年比较", "share": "占比", "ratio": "倍数",
    "average": "平均", "rank": "排序", "count": "计数", "list": "构成明细", "convert": "单位换算", "definition": "名词解释",
    "reason": "原因", "purpose": "用途", "duties": "职责", "organisation": "机构", "performance": "绩效目标",
    "chart": "画图", "greeting": "问候", "refuse": "不在文件范围内",
}


class Operand(BaseModel):
    "One thing an operation works on"

    model_config = ConfigDict(extra="forbid")

    item: str = Field(description="the item as the question names it (a row, project, narrative subject)")
    measure: str | None = Field(None, description="the column: 基本支出, 人员支出 … (None: the row's total)")
    year: int | None = None
    scope: str | None = Field(None, description="机关 or 事业单位 when the question keeps one economic class")
    document: str | None = Field(None, description="the document the operand is read from, when several are loaded")


class QueryPart(BaseModel):
    "One part of a question, answered in order"

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the wording of this part")
    operation: Operation
    operands: list[Operand] = Field(default_factory=list)
    unit: str | None = Field(None, description="the unit asked for (元, 万元, 亿元)")
    per: str | None = Field(None, description="average: per 月 / per 项")
    top_n: int | None = None
    inherited: list[str] = Field(default_factory=list,
                                 description="slots taken from the conversation: 'items', 'operation', 'measure'")

    def describe(self, language: str = "zh") -> str:
        items = "、".join(_operand_text(o) for o in self.operands) or ("（整个文件）" if language == "zh" else "(the document)")
        op = OPERATION_ZH.get(self.operation, self.operation) if language == "zh" else self.operation
        extra = []
        if self.unit:
            extra.append(f"单位 {self.unit}" if language == "zh" else f"in {self.unit}")
        if self.per:
            extra.append(f"每{self.per}" if language == "zh" else f"per {self.per}")
        if self.top_n:
            extra.append(f"前 {self.top_n}" if language == "zh" else f"top {self.top_n}")
        if self.inherited:
            extra.append(("沿用上文：" if language == "zh" else "from the conversation: ") + "、".join(self.inherited))
        tail = f"（{'；'.join(extra)}）" if extra and language == "zh" else (f" ({'; '.join(extra)})" if extra else "")
        return f"{op}：{items}{tail}" if language == "zh" else f"{op}: {items}{tail}"


def _operand_text(o: Operand) -> str:
    bits = [o.item]
    if o.scope and not (o.item or "").startswith(o.scope):  # '事业单位医疗' says its class already
        bits.insert(0, o.scope)
    if o.measure:
        bits.append(f"/{o.measure}")
    if o.document:
        bits.insert(0, f"{o.document}：")
    elif o.year:
        bits.append(f"（{o.year}年）")
    return "".join(bits)


class Query(BaseModel):
    "The whole question, understood"

    model_config = ConfigDict(extra="forbid")

    question: str
    read_as: str = Field("", description="the wording after folding Traditional characters, full width and typos")
    corrections: list[tuple[str, str]] = Field(default_factory=list, description="(as typed, as read)")
    language: Literal["zh", "en"] = "zh"
    document: str = Field("", description="the document the question is answered from: department, year, type")
    parts: list[QueryPart] = Field(default_factory=list)
    outside: str | None = Field(None, description="why the question is outside the document, when it is")
    reader: Literal["rules", "llm"] = Field("rules", description="who read the question into this query: the rule "
                                            "parser, or the model by function calling (assistant/llm_read.py)")

    def describe(self) -> str:
        "The one line shown to the user: '理解为：…'"
        zh = self.language == "zh"
        if self.outside:
            body = (f"不在本文件范围内（{self.outside}）" if zh else f"outside this document ({self.outside})")
        else:
            body = "；".join(p.describe(self.language) for p in self.parts) if zh else \
                "; ".join(p.describe(self.language) for p in self.parts)
        fixes = "".join(f"（“{a}”读作“{b}”）" if zh else f" (read “{a}” as “{b}”)" for a, b in self.corrections[:2]
                        if len(a) <= 20)
        return (f"理解为：{body}{fixes}" if zh else f"Understood as: {body}{fixes}") if body else ""
