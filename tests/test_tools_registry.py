"""FunctionTool wrappers (issue 3): one per operation, document bound, typed result kept, errors become text."""

from __future__ import annotations

from decimal import Decimal

from budget_qa.results import ToolResult
from tools import make_tools
from tools.registry import guarded


def test_every_operation_is_a_function_tool_without_the_document_parameter(seed_doc):
    tools = {t.metadata.name: t for t in make_tools(seed_doc)}
    assert set(tools) >= {"lookup", "breakdown", "total", "change", "share", "ratio", "compare", "rank", "count",
                          "convert_units", "performance", "organisation"}
    params = tools["lookup"].metadata.get_parameters_dict()["properties"]
    assert set(params) == {"item", "measure", "table"}
    assert "Args:" in tools["lookup"].metadata.description


def test_tool_call_returns_rendered_text_and_keeps_the_typed_result(seed_doc):
    tool = next(t for t in make_tools(seed_doc) if t.metadata.name == "change")
    out = tool.call(item="三公经费")
    r = out.raw_output
    assert isinstance(r, ToolResult)
    assert (r.tool, r.status, r.value, r.rate) == ("change", "ok", Decimal("7.80"), Decimal("33.64"))
    assert out.content == r.render(), "the text the model reads is the typed result rendered"
    assert "30.99 − 23.19 = 7.80 万元；7.80 ÷ 23.19 = 33.64%" in out.content


def test_unknown_error_becomes_error_text_not_an_exception():
    def broken(doc, item: str) -> ToolResult:
        raise KeyError(item)

    r = guarded(broken)(None, "x")
    assert r.status == "not_found" and r.message.startswith("Error: KeyError")
