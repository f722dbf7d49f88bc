"""Open or build the Chroma collection of a document's chunks.

The collection name is keyed by document hash + embedding id + ``CHUNKER_VERSION``: an unchanged document
reopens without embedding anything, a changed document, model or chunker builds a new collection (stale
versions of the same document are dropped). A missing, half-built or corrupt store is rebuilt with a
warning in the log, never a crash. ``BUDGET_QA_CHROMA_URL`` (or ``settings.index.chroma_url``), as
``host:port``, switches from the embedded ``PersistentClient`` under ``<home>/chroma`` to a Chroma server.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from budget_qa.errors import IndexBuildError
from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument

from .chunk import CHUNKER_VERSION, Chunk, chunk_document
from .embed import Embedder, chroma_embedding_function, get_embedder, llama_embedding

log = logging.getLogger("budget_qa.index")

CHROMA_URL_ENV = "BUDGET_QA_CHROMA_URL"
ClientKind = Literal["persistent", "http"]
LOCK_TIMEOUT = 900.0
"""Seconds to wait for another process's build of the same home (a first build takes ~15–60 s)."""


@dataclass
class ChunkIndex:
    """A document's chunks, opened in Chroma, with the embedder that built them."""

    doc: BudgetDocument
    chunks: list[Chunk]
    embedder: Embedder
    client: Any
    """The ``chromadb`` client (persistent or HTTP)."""
    collection: Any
    """The ``chromadb`` Collection."""
    vector_index: Any
    """llama-index ``VectorStoreIndex`` over the collection."""
    name: str
    client_kind: ClientKind
    built: bool
    """True when this call embedded the chunks; False when an existing collection was reopened."""
    seconds: float
    """Wall time of open-or-build (excluding imports)."""
    reason: str = ""
    """Why it was built: 'new', 'rebuild requested', or what was wrong with the store."""
    by_key: dict[str, Chunk] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {c.key: c for c in self.chunks}

    def close(self) -> None:
        "Release the Chroma client (the next open_index starts a fresh one)"
        _close(self.client)


def collection_name(doc_sha256: str, embedder_id: str) -> str:
    "Chroma collection name for a document version, embedding model and chunker version"
    emb = hashlib.sha1(embedder_id.encode()).hexdigest()[:8]
    return f"bq-{doc_sha256[:16]}-{emb}-c{CHUNKER_VERSION}"


def chroma_url(settings: Settings | None = None) -> str:
    "The Chroma server address, '' for the embedded store"
    return get_settings(settings).index.chroma_url or os.environ.get(CHROMA_URL_ENV, "")


def store_path(settings: Settings | None = None) -> Path:
    return Path(get_settings(settings).home) / "chroma"


def open_index(
    doc: BudgetDocument,
    *,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    rebuild: bool = False,
) -> ChunkIndex:
    """Reopen the document's collection if it is complete, else (re)build it.

    Raises:
        IndexBuildError: the Chroma server cannot be reached, or the store cannot be rebuilt.
    """
    settings = get_settings(settings)
    embedder = embedder or get_embedder(settings)
    t0 = time.perf_counter()
    chunks = chunk_document(doc, settings)
    if not chunks:
        raise IndexBuildError(f"document {doc.source!r} has no narrative, glossary or goal text to index")
    name = collection_name(doc.sha256, embedder.id)
    url = chroma_url(settings)
    # NOTE: one open-or-build at a time per home (issue 11, item 2): two first builds on the same store used to drop
    # each other's half-built collection. The second waits, then reopens what the first built. The lock is the
    # kernel's (flock), so a process killed during a build releases it.
    with build_lock(settings):
        return _open_or_build(doc, chunks, name, url, settings, embedder, rebuild, t0)


def lock_path(settings: Settings | None = None) -> Path:
    return Path(get_settings(settings).home) / "index.lock"


@contextmanager
def build_lock(settings: Settings | None = None, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    "The cross-process lock held while the index of this home is opened or built"
    from filelock import FileLock, Timeout

    path = lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise IndexBuildError(f"another process has held {str(path)!r} for {timeout:.0f} s while building the index; "
                              "try again when it has finished") from None
    try:
        yield
    finally:
        lock.release()


def _open_or_build(doc: BudgetDocument, chunks: list[Chunk], name: str, url: str, settings: Settings,
                   embedder: Embedder, rebuild: bool, t0: float) -> ChunkIndex:
    client, kind = _client(settings, url)
    ef = chroma_embedding_function(embedder)

    reason = "rebuild requested" if rebuild else ""
    collection = None
    if not rebuild:
        try:
            collection = client.get_collection(name, embedding_function=ef)
        except Exception as e:  # NotFoundError, or an unreadable store
            if _is_not_found(e):
                reason = "new"
            elif kind == "http":
                raise IndexBuildError(f"Chroma server {url!r} failed to open collection {name!r}: {e}") from e
            else:
                reason = f"collection unreadable ({type(e).__name__}: {e})"
                try:  # drop just this collection; wipe the whole store only if that fails too
                    client.delete_collection(name)
                except Exception:  # noqa: BLE001
                    client = _reset_store(client, settings, reason)
        if collection is not None:
            problem = _check(collection, chunks, embedder)
            if problem:
                reason = problem
                collection = None

    if collection is None:
        if reason == "new":
            log.info("building index %s for %s with %s (%d chunks)", name, doc.source, embedder.id, len(chunks))
        else:
            log.warning("rebuilding index %s: %s", name, reason)
        try:
            collection = _build(client, name, doc, chunks, embedder, ef)
        except IndexBuildError:
            raise
        except Exception as e:
            if kind == "http":
                raise IndexBuildError(f"cannot build collection {name!r} on Chroma server {url!r}: {e}") from e
            # NOTE: a store that opens but fails on write (e.g. damaged segment files) is wiped once.
            reason = f"{reason}; store failed on write ({type(e).__name__}: {e})"
            log.warning("rebuilding index %s from an empty store: %s", name, reason)
            client = _reset_store(client, settings, reason)
            collection = _build(client, name, doc, chunks, embedder, ef)
        _drop_stale(client, doc, name)
        built = True
    else:
        built = False

    vector_index = _vector_index(collection, embedder)
    return ChunkIndex(
        doc=doc,
        chunks=chunks,
        embedder=embedder,
        client=client,
        collection=collection,
        vector_index=vector_index,
        name=name,
        client_kind=kind,
        built=built,
        seconds=time.perf_counter() - t0,
        reason=reason if built else "",
    )


# ------------------------------------------------------------------------------------------------ internals


def _client(settings: Settings, url: str) -> tuple[Any, ClientKind]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        host, port = _parse_url(url)
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
            client.heartbeat()
        except Exception as e:
            raise IndexBuildError(f"cannot reach the Chroma server at {url!r}: {e}") from e
        return client, "http"
    path = store_path(settings)
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings), "persistent"
    except Exception as e:
        reason = f"store at {str(path)!r} unreadable ({type(e).__name__}: {e})"
        log.warning("deleting and rebuilding the Chroma store: %s", reason)
        _wipe(path)
        try:
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings), "persistent"
        except Exception as e2:
            raise IndexBuildError(f"cannot create a Chroma store at {str(path)!r}: {e2}") from e2


def _parse_url(url: str) -> tuple[str, int]:
    rest = url.split("://", 1)[-1].rstrip("/")
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise IndexBuildError(f"Chroma URL {url!r} must be host:port, e.g. '127.0.0.1:8000'")
    return host, int(port)


def _is_not_found(e: Exception) -> bool:
    return type(e).__name__ in ("NotFoundError", "InvalidCollectionException") or "does not exist" in str(e)


def _reset_store(client: Any, settings: Settings, reason: str) -> Any:
    "Delete the embedded store directory and return a client on a fresh one"
    log.warning("deleting the Chroma store at %s: %s", store_path(settings), reason)
    _close(client)
    _wipe(store_path(settings))
    new_client, _ = _client(settings, "")
    return new_client


def _close(client: Any) -> None:
    try:
        client.close()
    except Exception:  # noqa: BLE001 - a broken client may fail to close; we discard it anyway
        pass
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _wipe(path: Path) -> None:
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)


def chunks_fingerprint(chunks: list[Chunk]) -> str:
    "Hash of the chunk keys: catches a chunker change that forgot to bump CHUNKER_VERSION"
    return hashlib.sha1("\n".join(sorted(c.key for c in chunks)).encode()).hexdigest()[:16]


def _check(collection: Any, chunks: list[Chunk], embedder: Embedder) -> str:
    "Why an existing collection cannot be reused, or ''"
    try:
        meta = collection.metadata or {}
        if meta.get("complete") != "yes":
            return "previous build did not finish"
        if meta.get("chunks_sha") != chunks_fingerprint(chunks):
            return "the chunks changed since the collection was built"
        count = collection.count()
        if count != len(chunks):
            return f"collection holds {count} chunks, expected {len(chunks)}"
        probe = collection.get(limit=1, include=["embeddings"])
        vec = probe["embeddings"][0]
        if len(vec) != embedder.dim:
            return f"stored vectors have {len(vec)} dimensions, embedder {embedder.id!r} has {embedder.dim}"
        collection.query(query_embeddings=[vec], n_results=1, include=[])
    except Exception as e:
        return f"collection unreadable ({type(e).__name__}: {e})"
    return ""


def _build(client: Any, name: str, doc: BudgetDocument, chunks: list[Chunk], embedder: Embedder, ef: Any) -> Any:
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    try:
        client.delete_collection(name)
    except Exception:  # noqa: BLE001 - absent is fine
        pass
    meta = {
        "hnsw:space": "cosine",
        "doc_sha256": doc.sha256,
        "source": str(doc.source),
        "embedder": embedder.id,
        "chunker": CHUNKER_VERSION,
        "chunks": len(chunks),
        "chunks_sha": chunks_fingerprint(chunks),
        "complete": "no",
    }
    collection = client.create_collection(name, embedding_function=ef, metadata=meta)
    store = ChromaVectorStore(chroma_collection=collection)
    # NOTE: llama-index embeds the nodes through our BaseEmbedding adapter, in batches.
    VectorStoreIndex(
        [_node(c) for c in chunks],
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=llama_embedding(embedder),
        show_progress=False,
    )
    meta = {k: v for k, v in meta.items() if not k.startswith("hnsw:")}
    collection.modify(metadata={**meta, "complete": "yes"})
    return client.get_collection(name, embedding_function=ef)


def _node(chunk: Chunk):
    from llama_index.core.schema import TextNode

    meta = chunk.metadata()
    return TextNode(
        id_=chunk.key,
        text=chunk.search_text,
        metadata=meta,
        excluded_embed_metadata_keys=list(meta),
        excluded_llm_metadata_keys=list(meta),
    )


def _vector_index(collection: Any, embedder: Embedder):
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    return VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=collection), embed_model=llama_embedding(embedder)
    )


def _drop_stale(client: Any, doc: BudgetDocument, keep: str) -> None:
    "Delete collections of older versions of the same document file"
    try:
        for col in client.list_collections():
            meta = col.metadata or {}
            if col.name != keep and col.name.startswith("bq-") and meta.get("source") == str(doc.source):
                if meta.get("doc_sha256") != doc.sha256:
                    log.info("dropping stale index %s of %s", col.name, doc.source)
                    client.delete_collection(col.name)
    except Exception as e:  # noqa: BLE001 - cleanup is best effort
        log.info("could not drop stale indexes: %s", e)
