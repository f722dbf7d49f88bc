"""What a conversation remembers between turns."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from .answer import Answer


@dataclass
class Conversation:
    "What a follow-up question can refer back to"

    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    items: list[str] = field(default_factory=list)
    measure: str | None = None
    intent: str | None = None
    table: str | None = None
    focus: str | None = None
    """The label of the last single figure answered (e.g. the top project), for '占…的比例呢'."""
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        self.items, self.measure, self.intent, self.table, self.focus = [], None, None, None, None

    def context(self) -> tuple:
        "What a follow-up can refer to, as a value (answers aside)"
        return list(self.items), self.measure, self.intent, self.table, self.focus

    def restore(self, context: tuple) -> None:
        items, self.measure, self.intent, self.table, self.focus = context
        self.items = list(items)
