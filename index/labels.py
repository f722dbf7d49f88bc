"""Everything a document can answer about, matched by meaning: its row labels, projects, subjects, embedded once.

A citizen says 请客吃饭 where the document says 公务接待费, or 职业年金 for a project named …职业年金记实资金. When no
wording of the question is found lexically, the assistant asks this index for the document's own words nearest in
meaning. The vectors are computed with the retrieval index's embedder and cached in memory and on disk under
``BUDGET_QA_HOME/labels`` (keyed by document hash, embedder and the label list), so a document pays once.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument

from .embed import Embedder

ACCEPT = 0.90
"""A nearest label at or above this cosine is taken on its own."""
AGREE = 0.85
"""Below ACCEPT, the top three must all name the same thing (one target) and reach this."""


@dataclass(frozen=True)
class Near:
    label: str
    score: float


class LabelIndex:
    "Cosine search over a fixed list of labels"

    def __init__(self, labels: list[str], vectors, embedder: Embedder):
        import numpy as np

        self.labels = labels
        m = np.asarray(vectors, dtype="float32")
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        self.matrix = m / np.where(norms == 0, 1, norms)
        self.embedder = embedder

    def nearest(self, phrase: str, k: int = 3) -> list[Near]:
        import numpy as np

        if not phrase or not self.labels:
            return []
        q = np.asarray(self.embedder.embed_query(phrase), dtype="float32")
        q = q / (np.linalg.norm(q) or 1)
        scores = self.matrix @ q
        top = np.argsort(-scores)[:k]
        return [Near(self.labels[i], float(scores[i])) for i in top]


_MEMORY: dict[str, LabelIndex] = {}
_LOCK = threading.Lock()


def label_index(doc: BudgetDocument, labels: list[str], embedder: Embedder,
                settings: Settings | None = None) -> LabelIndex:
    "The index of a document's labels, from memory, the disk cache, or embedded now"
    labels = sorted(set(labels))
    spec = getattr(embedder, "id", type(embedder).__name__)
    key = hashlib.sha256(json.dumps([doc.sha256, spec, labels], ensure_ascii=False).encode()).hexdigest()[:24]
    with _LOCK:
        hit = _MEMORY.get(key)
        if hit is not None:
            return hit
        path = Path(get_settings(settings).home) / "labels" / f"{key}.json"
        vectors = None
        try:
            vectors = json.loads(path.read_text(encoding="utf-8"))
            if len(vectors) != len(labels):
                vectors = None
        except (OSError, ValueError):
            vectors = None
        if vectors is None:
            vectors = embedder.embed_passages(labels) if labels else []
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps([[round(x, 6) for x in v] for v in vectors]), encoding="utf-8")
                tmp.replace(path)
            except OSError:
                pass  # a read-only home: the vectors stay in memory
        index = LabelIndex(labels, vectors, embedder)
        _MEMORY[key] = index
        return index


def choose(near: list[Near], same_thing) -> str | None:
    """The label to take, or None: the top one when it is close enough, or when the top three mean one thing
    (``same_thing(a, b)`` says whether two labels name the same item, e.g. an everyday word and its target)."""
    if not near:
        return None
    top = near[0]
    if top.score >= ACCEPT:
        return top.label
    if top.score >= AGREE and len(near) >= 3 and all(same_thing(top.label, n.label) for n in near[1:3]):
        return top.label
    return None
