"""Deterministic budget query tools: every figure in an answer comes from here, cited and with its arithmetic."""

from budget_qa.results import CANNOT_ANSWER, Candidate, Citation, Fact, Figure, ToolResult

from .narrative import Count, Statement, counts, project_sections, statements
from .ops import (
    average, breakdown, change, difference, implementer_of, compare, convert_units, count, internal_bodies, lookup, organisation, performance, rank, ratio, ratio_of, share, total,
)
from .registry import make_tools
from .resolve import Item, Match, resolve, resolve_measure, resolve_tables, sibling_row

__all__ = [
    "CANNOT_ANSWER", "Candidate", "Citation", "Count", "Fact", "Figure", "Item", "Match", "Statement", "ToolResult",
    "counts", "project_sections",
    "average", "breakdown", "difference", "implementer_of", "internal_bodies", "change", "compare", "convert_units", "count", "lookup", "make_tools", "organisation",
    "performance", "rank", "ratio", "ratio_of", "resolve", "resolve_measure", "resolve_tables", "share", "sibling_row",
    "statements", "total",
]
