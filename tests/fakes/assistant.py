"""A fake assistant with the real one's interface (doc, new_conversation, ask), for the CLI and API tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from assistant.answer import Answer


@dataclass
class EchoConversation:
    number: int
    questions: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    """Grows by one Answer per turn, as the real Conversation does."""


class EchoAssistant:
    "Answers every question with the conversation so far: shows which conversation a question landed in"

    def __init__(self, doc):
        self.doc = doc
        self.asked: list[str] = []
        self._count = 0
        self._lock = threading.Lock()

    def new_conversation(self) -> EchoConversation:
        with self._lock:
            self._count += 1
            return EchoConversation(self._count)

    def ask(self, question: str, conversation: EchoConversation | None = None) -> Answer:
        conversation = conversation or self.new_conversation()
        conversation.questions.append(question)
        with self._lock:
            self.asked.append(question)
        answer = Answer(question=question, status="answered", suggestions=["再问一个"],
                        text=f"第{len(conversation.questions)}问：{'|'.join(conversation.questions)}")
        conversation.answers.append(answer)
        return answer
