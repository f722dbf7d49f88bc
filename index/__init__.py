"""Parsing the budget document into a typed model, the audit, and (retrieval) the Chroma index."""

from .audit import AuditReport, Finding, audit
from .parse import load_document, parse_document
from .tables import table_kind

__all__ = ["AuditReport", "Finding", "audit", "load_document", "parse_document", "table_kind"]
