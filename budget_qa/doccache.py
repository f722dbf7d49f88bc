"""One bounded cache for what is worked out once per parsed document: item catalogs, vocabularies, narrative
statements, the sounds of its words.

Keyed by the document object (its id, checked for identity, so a document parsed again is a new entry) and
least-recently used: a library keeps up to DOCUMENTS_CACHED documents' worth, the most recently asked.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Callable, TypeVar

T = TypeVar("T")

DOCUMENTS_CACHED = 256
"""Documents whose derived data is kept per cached function (~0.7 MB per document for the item catalog)."""


def per_document(fn: Callable[..., T]) -> Callable[..., T]:
    "Cache ``fn(doc)`` per document object, least recently used first out"
    cache: OrderedDict[int, tuple[object, T]] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def cached(doc) -> T:
        key = id(doc)
        with lock:
            hit = cache.get(key)
            if hit is not None and hit[0] is doc:
                cache.move_to_end(key)
                return hit[1]
        value = fn(doc)
        with lock:
            cache[key] = (doc, value)
            while len(cache) > DOCUMENTS_CACHED:
                cache.popitem(last=False)
        return value

    cached.cache_clear = cache.clear  # type: ignore[attr-defined]
    return cached
