"""Shared fixtures: a private BUDGET_QA_HOME per test, the seed and variant documents parsed once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from budget_qa import settings as settings_module

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "weihai-hrss-2024.txt"
VARIANT = ROOT / "tests" / "data" / "variant-haizhou-hrss-2025.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(autouse=True)
def budget_qa_home(tmp_path, monkeypatch):
    "Every test gets its own home so no index or cache leaks between tests"
    monkeypatch.setenv("BUDGET_QA_HOME", str(tmp_path / "home"))
    settings_module._cached.cache_clear()
    yield tmp_path / "home"
    settings_module._cached.cache_clear()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def variant_path() -> Path:
    return VARIANT


@pytest.fixture(scope="session")
def seed_doc():
    from index import load_document

    return load_document(SEED)


@pytest.fixture(scope="session")
def variant_doc():
    from index import load_document

    return load_document(VARIANT)
