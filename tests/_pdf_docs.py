"""The four real PDFs of the Shanghai 区级 template (data/real), each parsed once per test session."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
NAMES = ("putuo-gov-office-2025", "putuo-gov-office-2025-unit", "putuo-commerce-2025", "putuo-commerce-2025-unit")


@lru_cache(maxsize=None)
def parsed(name: str):
    from index import parse_document

    return parse_document(REAL / f"{name}.pdf")


@pytest.fixture
def pdf_doc():
    "pdf_doc('putuo-commerce-2025') → its BudgetDocument (parsed once per session)"
    return parsed
