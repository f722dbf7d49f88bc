"""The assistant: parse → execute (tools, retrieval) → compose. One Assistant per document.

Every figure in an answer comes from a tool result (tools/) or is quoted from a cited passage. The parser
(parse.py) turns a question into typed query parts, the executor (execute.py and its topic handlers) calls the
tools, and the composer (compose.py) writes the sentences, numbers the citations and merges the parts' answers.
With an LLM configured, the model reads the question into the same query first (llm_read.py, model_parts.py).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from budget_qa.errors import BudgetQAError
from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument
from index import load_document

from .answer import Answer
from .compose import Composer, bare_label, merge
from .conversation import RECENT_KEPT, Conversation
from .execute import Executor
from .model_parts import scoped, understanding_of
from .parse import MAX_QUESTION_CHARS, Parser, input_problem
from .parts import leans_on_before
from .query import Query, QueryPart
from .replies import ask_referent, follow_ups, intro, refuse, starter_questions
from .understand import Understanding, language_of

log = logging.getLogger(__name__)

ANSWERS_KEPT = 20
"""Answers a conversation remembers (for the UI's sources panel); older ones are dropped."""

__all__ = ["ANSWERS_KEPT", "MAX_QUESTION_CHARS", "Assistant", "Conversation"]


class Assistant:
    def __init__(self, doc: BudgetDocument, *, retriever=None, settings: Settings | None = None, llm=None,
                 reader=None):
        self.doc = doc
        self.settings = get_settings(settings)
        self.retriever = retriever
        self.llm = llm
        self.reader = reader
        """Reads questions into queries by function calling (llm_read.LLMReader); None: the rules alone."""
        self.parser = Parser(doc)
        self.executor = Executor(doc, retriever)

    def warm(self) -> None:
        """Work out now what a first question would: the item catalog, the vocabulary and its sounds, the statements,
        the stated counts and the indicator catalog"""
        from tools.indicators import find_indicators
        from tools.narrative import counts, statements
        from tools.resolve import catalog

        from .normalize import normalize
        from .plan import document_key, vocabulary

        catalog(self.doc), statements(self.doc), counts(self.doc), vocabulary(self.doc), document_key(self.doc)
        find_indicators(self.doc, "")
        normalize(self.doc, "三公经费是多少")

    @classmethod
    def load(cls, doc_path: str | Path | None = None, settings: Settings | None = None, *, retrieval: bool = True,
             embedder=None) -> "Assistant":
        "Parse the document and open (or build) its retrieval index"
        settings = get_settings(settings)
        return cls.from_document(load_document(doc_path or settings.document), settings, retrieval=retrieval,
                                 embedder=embedder)

    @classmethod
    def from_document(cls, doc: BudgetDocument, settings: Settings | None = None, *, retrieval: bool = True,
                      embedder=None) -> "Assistant":
        "An assistant for a parsed document, with its retrieval index opened (or built)"
        settings = get_settings(settings)
        retriever = None
        if retrieval:
            from index.retrieve import Retriever

            retriever = Retriever.open(doc, settings=settings, embedder=embedder)
        llm = reader = None
        if settings.answer.llm_base_url:
            from .llm import LLMWriter
            from .llm_read import LLMReader

            llm, reader = LLMWriter.from_settings(settings), LLMReader.from_settings(settings)
        return cls(doc, retriever=retriever, settings=settings, llm=llm, reader=reader)

    def new_conversation(self) -> Conversation:
        return Conversation()

    # ------------------------------------------------------------------------------------------------------------
    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        "Answer one question (a turn of the conversation, whose context it updates)"
        conv = conversation or Conversation()
        started = time.perf_counter()
        with conv.lock:
            try:
                answer = self._ask(question, conv)
            except BudgetQAError as e:
                answer = Answer(question=question, text=f"抱歉，无法回答：{e}", status="error")
            except Exception as e:  # a failing question must not end the conversation
                log.exception("question failed: %r", question)
                if _under_pytest():
                    raise
                answer = Answer(question=question, text=f"抱歉，处理这个问题时出错了（{type(e).__name__}）。请换个说法再问。",
                                status="error")
            answer.latency_ms = round((time.perf_counter() - started) * 1000, 2)
            conv.answers.append(answer)
            del conv.answers[:-ANSWERS_KEPT]  # follow-ups read the context fields, not old answers (issue 11, item 3)
        return answer

    def _ask(self, question: str, conv: Conversation) -> Answer:
        bad = input_problem(question)
        if bad:
            return Answer(question=question, text=bad, status="clarify", suggestions=starter_questions(self.doc))
        query, groups = self.parser.query(question)
        read = self.reader.read(self.doc, question, conv) if self.reader is not None else None
        if read is not None:
            return self._ask_read(read, query, conv)
        answers = []
        for group in groups:
            before = conv.context()
            named: list[str] = []
            for text in group:  # parallel parts share the context their group starts from, not each other's
                conv.restore(before)
                answers.append(self._ask_part(text, question, conv, query, later=bool(answers),
                                              enumerated=len(group) > 1))
                conv.shown = answers[-1]
                named += [i for i in conv.items[:1] if i not in named]
            if len(named) >= 2:
                conv.recent = named[-RECENT_KEPT:]  # 'A和B各多少，两个加起来呢': both are what came before

        answer = answers[0] if len(answers) == 1 else merge(question, answers)
        answer.query = query
        return answer

    def _ask_part(self, text: str, question: str, conv: Conversation, query: Query, later: bool = False,
                  enumerated: bool = False) -> Answer:
        """One part of a question: understood, checked against the document, planned, executed, composed. A later
        part of the same message ('X多少钱？用途是什么？') goes on from the one before, as a follow-up does."""
        u, zh_text = self.parser.understand(text)
        u.followup = u.followup or (later and leans_on_before(text))
        u.later, u.enumerated = later, enumerated
        if u.language == "zh" and language_of(question) == "en":
            u.language = "en"  # a part of an English question read in the document's wording is answered in English
        query.language = u.language
        c = Composer(question, u.language)
        if u.primary == "greeting" and len(u.text) < 12:
            c.say(intro(self.doc, u))
            c.suggestions = starter_questions(self.doc)
            return c.answer("answered")
        refusal = self.parser.outside(u, zh_text)
        if refusal:
            conv.reset()
            query.outside = refusal
            return refuse(self.doc, c, refusal)
        zh_text = self.parser.carried(u, zh_text, conv)
        subject = self.parser.subject(u, zh_text, conv)
        query.parts.append(self.parser.part(text, u, subject.items, subject.inherited, zh_text, conv.items))
        if subject.unsplit:
            c.say(f"文件没有把“{subject.unsplit}”分机关和事业单位列示，只有它的合计数。" if u.language == "zh" else
                  f"The document does not split “{subject.unsplit}” between 机关 and 事业单位; it gives its total only.")
            return c.answer("not_in_document")
        pointing = self.parser.dangling(u, subject.items, conv, text)
        if pointing:
            return ask_referent(self.doc, c, pointing)
        return self._execute(c, u, subject.items, subject.table, text, zh_text, conv, query.parts[-1])

    def _ask_read(self, read: Query, rules: Query, conv: Conversation) -> Answer:
        """A query the model read: refused when the question's wording is outside the document (whatever the model
        says), else each part executed as a parsed one is"""
        query = scoped(self.parser, read, rules)
        answers, before = [], conv.context()
        for part in [] if query.outside else query.parts:  # the parts share the context the question starts from
            conv.restore(before)
            pu, items, table, text = understanding_of(self.doc, part, query.language)
            c = Composer(query.question, query.language)
            answers.append(self._execute(c, pu, items, table, text, text, conv, part))
        if query.outside:
            conv.reset()
            answers = [refuse(self.doc, Composer(query.question, query.language), query.outside)]
        answer = answers[0] if len(answers) == 1 else merge(query.question, answers)
        answer.query = query
        return answer

    def _execute(self, c: Composer, u: Understanding, items: list[str], table: str | None, text: str, zh_text: str,
                 conv: Conversation, part: QueryPart) -> Answer:
        "A part understood and within the document: executed, composed, remembered (and rewritten by the LLM)"
        if items and items != conv.items:
            conv.focus = None  # a new subject: the last figure answered was about the previous one
        status = self.executor.dispatch(c, u, items, table, conv, zh_text)
        if status is None:
            return refuse(self.doc, c, "文件中没有找到与问题相关的内容" if u.language == "zh"
                          else "nothing in the document is about this question")
        self.executor.finish(c, u, text, status)
        focus = conv.focus
        answered = [f for f in c.figures if f.basis != "computed"]
        if focus is None and len(answered) == 1:
            focus = bare_label(answered[0].label)  # the one figure this turn read: what '它' means next
        conv.remember(items)
        conv.focus, conv.measure = focus, u.measure
        conv.intent = "purpose" if part.operation == "purpose" else u.primary
        conv.table = c.first_table() or table
        c.suggestions = c.suggestions or follow_ups(self.doc, u, items, part)
        answer = c.answer(status)
        if self.llm is not None and status in ("answered", "clarify"):
            answer = self.llm.rewrite(self.doc, c.question, answer)
        return answer


def _under_pytest() -> bool:
    import sys

    return "pytest" in sys.modules
