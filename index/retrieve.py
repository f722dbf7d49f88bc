"""Hybrid passage retrieval: dense (Chroma via llama-index) + BM25 over CJK character tokens, fused by RRF.

The default llama-index BM25 scores Chinese at zero (English stemmer, ``\\w\\w+`` tokens), so BM25 here
tokenises CJK characters one by one and ASCII words/numbers whole, without stemming.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from budget_qa.errors import BudgetQAError
from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument

from .chunk import CHUNK_KINDS, Chunk
from .embed import Embedder
from .store import ChunkIndex, open_index

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")
DenseVia = Literal["chroma", "llama-index"]
"""How the dense query runs: straight to the Chroma collection (fast) or through a llama-index retriever."""

CJK_TOKEN_PATTERN = r"(?u)[\u4e00-\u9fff]|[A-Za-z0-9]+(?:\.[0-9]+)?"
"""CJK unigrams, ASCII words and decimal numbers: llama-index BM25 defaults (an English stemmer, \\w\\w+ tokens) score
every Chinese query 0, and unigrams ranked the right passage first on our paraphrase probe."""
_TOKEN = re.compile(CJK_TOKEN_PATTERN)
QUERY_CACHE_SIZE = 256


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    """Fused RRF score in hybrid mode; cosine-derived similarity (dense) or BM25 score otherwise."""
    dense_rank: int | None = None
    """1-based rank among dense candidates, None if not among them (or dense not run)."""
    bm25_rank: int | None = None
    """1-based rank among BM25 candidates with a positive score, None otherwise."""


class Retriever:
    """Search a document's passages.

    >>> r = Retriever.open(doc)                       # builds or reopens the Chroma index
    >>> r.search("三公经费为什么增加", k=3, kind="paragraph")[0].chunk.cite()
    """

    def __init__(
        self,
        index: ChunkIndex,
        *,
        mode: Mode = "hybrid",
        settings: Settings | None = None,
        dense_via: DenseVia = "chroma",
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.index = index
        self.mode: Mode = mode
        self.dense_via: DenseVia = dense_via
        self.settings = get_settings(settings)
        self._bm25 = _bm25_retriever(index.chunks)
        self._corpus_ids = [entry["node_id"] for entry in self._bm25.corpus]
        self._masks: dict[tuple, list[int] | None] = {}
        self._query_vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()
        """Guards the BM25 retriever's per-query settings and the query cache (a UI may search concurrently)."""

    @classmethod
    def open(
        cls,
        doc: BudgetDocument,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        mode: Mode = "hybrid",
    ) -> Retriever:
        "Open (or build) the document's index and return a retriever over it"
        return cls(open_index(doc, settings=settings, embedder=embedder), mode=mode, settings=settings)

    @property
    def chunks(self) -> list[Chunk]:
        return self.index.chunks

    def search(
        self,
        query: str,
        k: int | None = None,
        kind: str | Iterable[str] | None = None,
        section: str | None = None,
        *,
        mode: Mode | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first.

        Args:
            query: the question, in Chinese.
            k: how many hits; default ``settings.retrieval.top_k``.
            kind: only chunks of this kind (or kinds): paragraph, glossary, duty, unit, goal, policy.
            section: only chunks whose section path, or its first heading, equals this.
            mode: 'dense', 'bm25' or 'hybrid'; default the retriever's mode.
        """
        k = k or self.settings.retrieval.top_k
        mode = mode or self.mode
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        kinds = _kinds(kind)
        if not query.strip() or not self._any_match(kinds, section):
            return []
        n = max(self.settings.retrieval.candidates, k)
        dense = self._dense(query, n, kinds, section) if mode in ("dense", "hybrid") else []
        sparse = self._sparse(query, n, kinds, section) if mode in ("bm25", "hybrid") else []
        dense_rank = {key: i for i, (key, _) in enumerate(dense, 1)}
        bm25_rank = {key: i for i, (key, _) in enumerate(sparse, 1)}
        if mode == "dense":
            scored = dense
        elif mode == "bm25":
            scored = sparse
        else:
            rrf_k = self.settings.retrieval.rrf_k
            fused: dict[str, float] = {}
            for ranks in (dense_rank, bm25_rank):
                for key, rank in ranks.items():
                    fused[key] = fused.get(key, 0.0) + 1.0 / (rrf_k + rank)
            big = n + 1
            scored = sorted(
                fused.items(),
                key=lambda kv: (-kv[1], dense_rank.get(kv[0], big), bm25_rank.get(kv[0], big)),
            )
        by_key = self.index.by_key
        hits = [
            Hit(by_key[key], float(score), dense_rank.get(key), bm25_rank.get(key))
            for key, score in scored
            if key in by_key
        ]
        return hits[:k]

    def timed_search(self, query: str, **kwargs) -> tuple[list[Hit], float]:
        "search() and its wall time in seconds, with the query-vector cache emptied first"
        self.clear_cache()
        t0 = time.perf_counter()
        hits = self.search(query, **kwargs)
        return hits, time.perf_counter() - t0

    def clear_cache(self) -> None:
        "Forget cached query vectors"
        with self._lock:
            self._query_vectors.clear()

    def _query_vector(self, query: str) -> list[float]:
        # NOTE: callers often search one question several times with different filters; embed it once.
        with self._lock:
            vec = self._query_vectors.get(query)
            if vec is not None:
                self._query_vectors.move_to_end(query)
                return vec
        vec = self.index.embedder.embed_query(query)
        with self._lock:
            self._query_vectors[query] = vec
            if len(self._query_vectors) > QUERY_CACHE_SIZE:
                self._query_vectors.popitem(last=False)
        return vec

    # ------------------------------------------------------------------------------------------ methods

    def _dense(self, query: str, n: int, kinds: tuple[str, ...], section: str | None) -> list[tuple[str, float]]:
        vec = self._query_vector(query)
        if self.dense_via == "llama-index":
            from llama_index.core.schema import QueryBundle

            retriever = self.index.vector_index.as_retriever(similarity_top_k=n, filters=_filters(kinds, section))
            bundle = QueryBundle(query_str=query, embedding=vec)
            return [(nws.node.node_id, float(nws.score or 0.0)) for nws in retriever.retrieve(bundle)]
        # NOTE: the same query straight to the collection, asking only for ids and distances: llama-index's
        # ChromaVectorStore fetches and parses every node (~4 ms of a ~25 ms budget). Same ranking, same scores.
        res = self.index.collection.query(
            query_embeddings=[vec], n_results=n, where=_where(kinds, section), include=["distances"]
        )
        return [(key, math.exp(-dist)) for key, dist in zip(res["ids"][0], res["distances"][0])]

    def _sparse(self, query: str, n: int, kinds: tuple[str, ...], section: str | None) -> list[tuple[str, float]]:
        if not _TOKEN.search(query):
            return []
        bm25 = self._bm25
        with self._lock:
            bm25.similarity_top_k = min(n, len(self._corpus_ids))
            # NOTE: BM25Retriever takes filters only at construction; set its weight mask per query instead.
            bm25.corpus_weight_mask = self._mask(kinds, section)
            try:
                results = bm25.retrieve(query)
            finally:
                bm25.corpus_weight_mask = None
        return [(nws.node.node_id, float(nws.score)) for nws in results if (nws.score or 0.0) > 0.0]

    def _mask(self, kinds: tuple[str, ...], section: str | None) -> list[int] | None:
        if not kinds and not section:
            return None
        key = (kinds, section)
        if key not in self._masks:
            by_key = self.index.by_key
            self._masks[key] = [int(_matches(by_key[i], kinds, section)) for i in self._corpus_ids]
        return self._masks[key]

    def _any_match(self, kinds: tuple[str, ...], section: str | None) -> bool:
        return not (kinds or section) or any(_matches(c, kinds, section) for c in self.index.chunks)


def _kinds(kind: str | Iterable[str] | None) -> tuple[str, ...]:
    if kind is None:
        return ()
    kinds = (kind,) if isinstance(kind, str) else tuple(kind)
    unknown = [x for x in kinds if x not in CHUNK_KINDS]
    if unknown:
        raise BudgetQAError(f"unknown chunk kind {unknown[0]!r}; expected one of {', '.join(CHUNK_KINDS)}")
    return tuple(sorted(kinds))


def _matches(chunk: Chunk, kinds: tuple[str, ...], section: str | None) -> bool:
    if kinds and chunk.kind not in kinds:
        return False
    return not section or section in (chunk.section, chunk.top_section)


def _filters(kinds: tuple[str, ...], section: str | None):
    from llama_index.core.vector_stores.types import FilterCondition, MetadataFilter, MetadataFilters

    parts: list = []
    if len(kinds) == 1:
        parts.append(MetadataFilter(key="kind", value=kinds[0]))
    elif kinds:
        parts.append(MetadataFilter(key="kind", value=list(kinds), operator="in"))
    if section:
        parts.append(
            MetadataFilters(
                filters=[
                    MetadataFilter(key="section", value=section),
                    MetadataFilter(key="top_section", value=section),
                ],
                condition=FilterCondition.OR,
            )
        )
    return MetadataFilters(filters=parts) if parts else None


def _where(kinds: tuple[str, ...], section: str | None) -> dict | None:
    "The Chroma ``where`` clause equivalent to ``_filters``"
    parts: list[dict] = []
    if kinds:
        parts.append({"kind": kinds[0]} if len(kinds) == 1 else {"kind": {"$in": list(kinds)}})
    if section:
        parts.append({"$or": [{"section": section}, {"top_section": section}]})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _bm25_retriever(chunks: list[Chunk]):
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = [
        TextNode(id_=c.key, text=c.search_text, metadata={"kind": c.kind}, excluded_embed_metadata_keys=["kind"])
        for c in chunks
    ]
    return BM25Retriever.from_defaults(
        nodes=nodes,
        similarity_top_k=len(nodes),
        token_pattern=CJK_TOKEN_PATTERN,
        skip_stemming=True,
        language="en",
    )
