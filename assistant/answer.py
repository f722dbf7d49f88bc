"""The answer object: what the assistant returns to the CLI, the UI, the HTTP API and the eval harness."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from budget_qa.results import CANNOT_ANSWER, Citation

from .query import Query

AnswerStatus = Literal["answered", "clarify", "not_in_document", "error"]
NOT_IN_DOCUMENT = CANNOT_ANSWER


class AnswerFigure(BaseModel):
    "A figure shown in the answer: always from a tool, with its arithmetic and numbered citations"

    model_config = ConfigDict(extra="forbid")

    label: str
    value: Decimal
    unit: str = "万元"
    shown: str = Field(description="as printed in the answer text, e.g. '16.80 万元', '36.59%'")
    basis: str = Field("read", description="read | computed | derived")
    computation: str = Field("", description="the arithmetic, e.g. '16.80 − 12.30 = 4.50 万元'")
    citations: list[int] = Field(default_factory=list, description="numbers into Answer.citations (1-based)")


class ChartSpec(BaseModel):
    "A bar chart the UI can draw: one series of labelled values"

    model_config = ConfigDict(extra="forbid")

    title: str
    unit: str = "万元"
    labels: list[str]
    values: list[Decimal]
    series: list[str] = Field(default_factory=list, description="optional series name per bar (e.g. year)")


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    text: str = Field(description="the reply, citations referenced as [1], [2] …")
    status: AnswerStatus
    figures: list[AnswerFigure] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list, description="numbered [1].. in order")
    suggestions: list[str] = Field(default_factory=list, description="two or three follow-up questions")
    chart: ChartSpec | None = None
    latency_ms: float = 0.0
    language: Literal["zh", "en"] = "zh"
    query: Query | None = Field(None, description="what the question was understood to ask, part by part")
    documents: list[str] = Field(default_factory=list, description="catalog ids of the documents the answer used")

    @property
    def understood(self) -> str:
        "The one line shown with the answer: '理解为：…'"
        return self.query.describe() if self.query else ""

    def as_json(self) -> dict:
        "The batch / HTTP contract: answer, status, figures, citations, latency_ms (+ suggestions, chart)"
        data = self.model_dump(mode="json")
        data["answer"] = data.pop("text")
        data["understood"] = self.understood
        data["citations"] = [
            {"n": i, "text": c.describe(), **c.model_dump(mode="json")} for i, c in enumerate(self.citations, 1)
        ]
        return data
