"""What a conversation remembers between turns."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from .answer import Answer


RECENT_KEPT = 4


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
    recent: list[str] = field(default_factory=list)
    """The subjects of the last turns, latest last, one each: '这两个加起来' adds the last two."""
    answers: list[Answer] = field(default_factory=list)
    shown: Answer | None = None
    """The answer to the last part answered (of this question, or of the turn before): the figures '这两个' means."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        self.items, self.measure, self.intent, self.table, self.focus = [], None, None, None, None
        self.recent = []

    def context(self) -> tuple:
        "What a follow-up can refer to, as a value (answers aside)"
        return list(self.items), self.measure, self.intent, self.table, self.focus, list(self.recent)

    def restore(self, context: tuple) -> None:
        items, self.measure, self.intent, self.table, self.focus, recent = context
        self.items, self.recent = list(items), list(recent)

    def remember(self, items: list[str]) -> None:
        "A turn's subject: it becomes the topic, and the one before it stays in ``recent``"
        self.items = list(items) or self.items
        if len(items) == 1 and (not self.recent or self.recent[-1] != items[0]):
            self.recent = [*self.recent, items[0]][-RECENT_KEPT:]
