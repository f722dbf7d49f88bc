"""The operations as llama-index FunctionTools bound to one document (the model sees ``ToolResult.render()``)."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable

from llama_index.core.tools import FunctionTool

from budget_qa.results import ToolResult
from budget_qa.types import BudgetDocument

from . import ops

OPERATIONS: tuple[Callable[..., ToolResult], ...] = (
    ops.lookup, ops.breakdown, ops.total, ops.change, ops.share, ops.ratio, ops.compare, ops.rank, ops.count,
    ops.performance, ops.organisation,
)


def guarded(fn: Callable[..., ToolResult]) -> Callable[..., ToolResult]:
    "Turn an unexpected exception into a ToolResult whose text starts with 'Error:' so the chat can continue"

    @functools.wraps(fn)
    def run(*args, **kwargs) -> ToolResult:
        try:
            return fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 — shown to the model, the chat goes on
            return ToolResult(tool=fn.__name__, status="not_found", message=f"Error: {type(e).__name__}: {e}")

    # NOTE: resolve the string annotations in the tool's own module, so the schema builder sees real types
    run.__annotations__ = typing.get_type_hints(fn)
    run.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    return run


def make_tools(doc: BudgetDocument) -> list[FunctionTool]:
    "One FunctionTool per operation, with ``doc`` bound; convert_units needs no document"
    tools = [FunctionTool.from_defaults(fn=guarded(fn), name=fn.__name__, partial_params={"doc": doc})
             for fn in OPERATIONS]
    tools.append(FunctionTool.from_defaults(fn=guarded(ops.convert_units), name="convert_units"))
    return tools
