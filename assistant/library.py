"""Several budgets in one assistant: each question goes to the document(s) it is about.

One ``Assistant`` per document answers every question about that document, exactly as it does alone. The library
adds what only several documents can answer, from the same per-document answers:
- a change across years: the department's figure from each year's own document, each cited to it, the change and
  the growth rate computed (tools.arith);
- a figure across departments: each department's figure with its citation, ranked or totalled, and the documents
  that lack the item named.
With one document loaded the library is that document's assistant.
"""

from __future__ import annotations

import gc
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from budget_qa.errors import BudgetQAError
from budget_qa.results import Citation, show
from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument
from index.catalog import CatalogEntry, LoadFailure, load_library
from tools import arith

from .across import Got, across_departments, across_years, say
from .answer import Answer, AnswerFigure
from .compose import merge
from .english import to_chinese
from .core import ANSWERS_KEPT, MAX_QUESTION_CHARS, Assistant, Conversation
from .normalize import normalize
from .parse import BOTH_RE
from .plan import WHOLE_BUDGET, mentions, names_whole_budget, strip_frame, vocabulary
from .query import Operand, Query, QueryPart
from .route import ACROSS_DEPARTMENTS_RE, Route, choose
from .understand import Understanding, understand

BARE_FOLLOWUP_RE = re.compile(r"^[那么的呢吗？?，,。\s]*(?:的)?(?:呢|怎么样|如何|情况呢|多少)?[？?。\s]*$")
SHARE_SUBJECT_RE = re.compile(r"([^，,。？?；;]{2,20}?)占([^，,。？?；;]{2,20}?)(?:的)?(?:比例|比重|占比|百分比|多少|几成|份额)")
"""'基本支出占总支出的比例': the part and the whole a share across documents is of."""
OWN_SHARE_RE = re.compile(r"([^，,。？?；;占]{2,20}?)(?:的)?(?:占比|比重)")
"""'项目支出占比', 'X的比重': a share of the whole the document sets it in."""
LEANING_RE = re.compile(r"一样|相同|这一?项|这个|那个|那份|这份|同一")
"""Words of a turn that point back at what the last one asked ('<某市><另一年>的呢，一样吗')."""
YEAR_WORDS_RE = re.compile(r"(?:20)?\d{2}\s*年度?(?:和|与|跟|、|及|至|到|比|对)?")
"""The years a question across years names ('24年和25年'): the documents, not the item."""
FIGURES_KEPT = 4096
"""How many (document, subject) figures a library keeps read (each is a small answer)."""
PART_BREAK_RE = re.compile(r"[？?；;]|其中")
"""Where a question across documents turns to another part ('X多多少？其中Y呢')."""
BOTH_DEPARTMENTS_RE = re.compile(BOTH_RE.pattern + r"|(?:两|俩)(?:家|个部门|个单位|部门)|它们|它俩", re.I)
"""'两家加起来', '它俩谁多': the two departments of the last two turns (when those name two items of one department,
'这两个' is the items: see ``_last_two_departments``)."""
CROSS_FRAME = ("是不是", "是否", "两个年度", "两年", "各自", "排序", "排个序", "排一下", "从大到小", "从小到大", "说说", "加一起", "谁的", "谁",
               "分别", "这一块", "这块", "方面", "情况", "它的", "它", "涨了", "涨", "大了", "小了", "降了", "高了", "低了",
               "多出", "多了", "少了", "排个序", "排一下", "它俩", "两家", "两个部门", "二者", "两者",
               "帮我算一下", "帮我算下", "帮我算算", "帮忙算", "算一下", "算下", "算算", "所以", "两年间", "这两年",
               "这一项", "这项", "这个数", "这个", "那份", "这份", "百分比", "预算里写的", "里写的", "写的", "份里")


@dataclass
class LibraryConversation:
    "A conversation over the library: its current document, and each document's own conversation"

    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    current: str | None = None
    by_document: dict[str, Conversation] = field(default_factory=dict)
    subject: str = ""
    """What the last cross-document question was about ('三公经费'), for '2025年呢？'."""
    last_question: str = ""
    last_kind: str = ""
    """How the last question was answered: 'one', 'years' or 'departments'."""
    last_ids: list[str] = field(default_factory=list)
    last_operation: str = ""
    """The wording of the last question across departments, whose operation (rank, total) a follow-up keeps."""
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def of(self, doc_id: str) -> Conversation:
        return self.by_document.setdefault(doc_id, Conversation())


class Library:
    def __init__(self, assistants: dict[str, Assistant], entries: dict[str, CatalogEntry],
                 failures: list[LoadFailure] = ()):
        if not assistants:
            raise BudgetQAError("no budget document could be loaded: "
                                + "; ".join(f"{f.path}: {f.message}" for f in failures))
        self.assistants = assistants
        self.entries = entries
        self.failures = list(failures)
        self.docs = {i: a.doc for i, a in assistants.items()}
        self._figures: dict[tuple[str, str], Got | None] = {}
        """Each document's figure for a subject, as ``_figure`` read it (the documents do not change)."""
        self._figures_lock = threading.Lock()

    @classmethod
    def load(cls, paths: list[Path] | None = None, folder: Path | None = None, settings: Settings | None = None, *,
             retrieval: bool = True, embedder=None) -> "Library":
        "Every document of ``paths`` and ``folder`` (default: the configured document), each with its own index"
        settings = get_settings(settings)
        loaded, failures = load_library(list(paths or ([] if folder else [settings.document])), folder)
        assistants: dict[str, Assistant] = {}
        for entry, doc in loaded:
            assistants[entry.id] = Assistant.from_document(doc, settings, retrieval=retrieval, embedder=embedder)
        # NOTE: parsed documents and what is worked out from them live as long as the process: a library holds millions
        # of their objects. Worked out now and frozen, the collector stops walking them (with 204 documents full
        # collections took ~0.5 s each; freezing the documents alone left the caches built later to be walked).
        if len(assistants) > 1:
            for assistant in assistants.values():
                assistant.warm()
        gc.collect()
        gc.freeze()
        return cls(assistants, {e.id: e for e, _ in loaded}, failures)

    # --- what the UI, the API and the CLI need -----------------------------------------------------------------
    @property
    def doc(self) -> BudgetDocument:
        "The first document (what a one-document caller shows)"
        return next(iter(self.docs.values()))

    @property
    def catalog(self) -> list[CatalogEntry]:
        return list(self.entries.values())

    def document(self, doc_id: str) -> BudgetDocument:
        return self.docs[doc_id]

    def find(self, name: str) -> str | None:
        "The catalog id a caller means: an id, a file name, or the document's name"
        for i, e in self.entries.items():
            if name in (i, Path(e.source).name, e.name):
                return i
        return None

    def new_conversation(self) -> LibraryConversation | Conversation:
        return Conversation() if len(self.assistants) == 1 else LibraryConversation()

    # --- asking -------------------------------------------------------------------------------------------------
    def ask(self, question: str, conversation=None, document: str | None = None) -> Answer:
        "Answer one turn; ``document`` (a catalog id) pins the conversation to that document"
        if len(self.assistants) == 1:
            only = next(iter(self.assistants))
            conv = conversation.of(only) if isinstance(conversation, LibraryConversation) else conversation
            answer = next(iter(self.assistants.values())).ask(question, conv)
            answer.documents = [only]
            return answer
        conv = conversation if isinstance(conversation, LibraryConversation) else LibraryConversation()
        started = time.perf_counter()
        with conv.lock:
            if document is not None:
                if document not in self.entries:
                    raise BudgetQAError(f"no document {document!r} is loaded")
                conv.current = document
            answer = self._ask(question, conv)
            answer.latency_ms = round((time.perf_counter() - started) * 1000, 2)
            conv.answers.append(answer)
            del conv.answers[:-ANSWERS_KEPT]
        return answer

    def _ask(self, question: str, conv: LibraryConversation) -> Answer:
        text = normalize(self.docs[conv.current or next(iter(self.docs))], question[:MAX_QUESTION_CHARS]).text
        language = understand(text).language
        route = choose(text, self.entries, self.docs, conv.current)
        if route.kind in ("one", "clarify") and not route.named and conv.last_kind in ("years", "departments") \
                and understand(text).followup and _subject(route.remainder):
            # '那公务接待费呢' after a comparison across documents: the same comparison, of this item
            route = Route(conv.last_kind, ids=list(conv.last_ids), rest=route.remainder, remainder=route.remainder)
        names_none = route.remainder.strip() == text.strip()  # no department, place or year named
        pair = self._last_two_departments(conv) if names_none and BOTH_DEPARTMENTS_RE.search(text) and \
            understand(text).has("total", "compare", "ratio") else []
        if pair and conv.subject:  # '两家加起来呢' after one department's figure, then another's: both, across
            route = Route("departments", ids=pair, rest=conv.subject, remainder=conv.subject)
        if route.kind in ("one", "years", "departments") and conv.last_question and _bare(route):
            return self._again(question, conv, route)  # '2025年呢？', '那商务委呢？': the last question, elsewhere
        if route.kind == "absent":
            return self._note(question, language, route, "not_in_document")
        if route.kind == "clarify":
            conv.last_question = route.remainder  # asked again once the user says which document
            return self._note(question, language, route, "clarify")
        if route.kind == "one":
            doc_id = route.ids[0]
            conv.current = doc_id
            answer = self._one(question, route.rest or question, doc_id, conv)
            if answer.status == "not_in_document":
                answer = self._in_sibling(question, route.rest or question, doc_id, conv) or answer
            if answer.status == "not_in_document" and route.named and conv.last_question and \
                    (understand(text).followup or LEANING_RE.search(route.remainder)) and \
                    len(_subject(LEANING_RE.sub("", route.remainder))) < 2:
                again = self._one(question, conv.last_question, doc_id, conv)  # '那2024年那份里写的是多少',
                if again.status == "answered":  # '<某市><某年>这一项呢': the last question, asked of this document
                    conv.last_kind = "one"
                    return again
            if answer.status == "answered":
                conv.last_question, conv.last_kind = route.remainder, "one"
                conv.subject = _subject(route.remainder) or conv.subject
            return answer
        conv.subject = _subject(route.rest) or conv.subject
        conv.last_question = route.remainder if _subject(route.remainder) else conv.subject + route.remainder
        conv.last_kind, conv.last_ids = route.kind, list(route.ids)
        if route.kind == "years":
            conv.current = route.ids[-1]
            if not conv.subject:  # '比上年增加多少' with nothing named: the newest document's own statements
                return self._one(question, question, route.ids[-1], conv)
            return self._years(question, language, route, conv)
        return self._departments(question, text, language, route, conv)

    def _one(self, question: str, text: str, doc_id: str, conv: LibraryConversation) -> Answer:
        answer = self.assistants[doc_id].ask(text, conv.of(doc_id))
        answer.question = question
        return self._stamped(answer, [doc_id])

    def _in_sibling(self, question: str, text: str, doc_id: str, conv: LibraryConversation) -> Answer | None:
        """What one budget of a department does not say, the other budget of the same department and year may (a
        单位预算 lists the internal divisions its 部门预算 leaves out): that one's answer, stamped with its name"""
        for other in self.entries:
            if other != doc_id and self._dept(other) == self._dept(doc_id) and \
                    self.entries[other].year == self.entries[doc_id].year:
                answer = self._one(question, text, other, conv)
                if answer.status == "answered":
                    conv.current = other
                    return answer
        return None

    def _again(self, question: str, conv: LibraryConversation, route: Route) -> Answer:
        "The previous question asked again of the document(s) this one names"
        conv.subject = _subject(conv.last_question) or conv.subject
        if route.kind == "one" and conv.last_kind == "years":  # the same change, another year
            doc = route.ids[0]
            chain = [i for i in self.entries if self._dept(i) == self._dept(doc)
                     and self.entries[i].year in (self.entries[doc].year - 1, self.entries[doc].year)]
            if len(chain) == 2:
                route = Route("years", ids=sorted(chain, key=lambda i: self.entries[i].year), rest=conv.last_question)
                conv.current = route.ids[-1]
                return self._years(question, understand(question).language, route, conv)
            conv.current = doc
            return self._one(question, conv.last_question, doc, conv)
        if route.kind == "years" and conv.subject:  # '和2024年比增长多少' after a figure: that figure, across the years
            conv.current, conv.last_kind, conv.last_ids = route.ids[-1], "years", list(route.ids)
            return self._years(question, understand(question).language,
                               Route("years", ids=route.ids, rest=conv.subject + route.remainder), conv)
        conv.current = route.ids[0]
        answer = self._one(question, conv.last_question, route.ids[0], conv)
        if answer.status == "not_in_document":  # what this department's 部门预算 leaves out, its 单位预算 may say
            answer = self._in_sibling(question, conv.last_question, route.ids[0], conv) or answer
        return answer

    # --- across documents ---------------------------------------------------------------------------------------
    def _figure(self, doc_id: str, subject: str, count: bool = False) -> Got | None:
        """The document's headline figure for the subject (its own answer to 'X是多少'), with that answer's citations;
        read once per document and subject (choosing the wording asks it too), the last FIGURES_KEPT kept"""
        key = (doc_id, subject, count)
        with self._figures_lock:
            if key in self._figures:
                return self._figures[key]
        got = self._read_figure(doc_id, subject, count)  # read outside the lock: other conversations go on meanwhile
        with self._figures_lock:
            self._figures[key] = got
            while len(self._figures) > FIGURES_KEPT:
                self._figures.pop(next(iter(self._figures)))
        return got

    def _read_figure(self, doc_id: str, subject: str, count: bool = False) -> Got | None:
        if count:  # '公务用车各几辆': the number of things the document states, not an amount of money
            answer = self.assistants[doc_id].ask(f"{subject}有多少个", Conversation())
            counted = [f for f in answer.figures if f.unit not in arith.UNIT_FACTORS and f.unit not in ("%", "倍")]
            return _got(doc_id, answer, counted[0] if counted else None)
        if "占" in subject:  # a share: the document's own computation of it, with the arithmetic shown there
            asked = f"{subject}是多少" if subject.endswith("占比") else f"{subject}的比重是多少"
            answer = self.assistants[doc_id].ask(asked, Conversation())
            share = [f for f in answer.figures if f.unit == "%"]
            return _got(doc_id, answer, share[-1] if share else None)
        answer = self.assistants[doc_id].ask(f"{subject}是多少", Conversation())
        if answer.status == "clarify":
            return self._rows_of_one_item(doc_id, answer)
        figure = next((f for f in answer.figures if f.unit != "%" and f.basis == "read"), None) or \
            next((f for f in answer.figures if f.unit != "%"), None)
        return _got(doc_id, answer, figure)

    @staticmethod
    def _rows_of_one_item(doc_id: str, answer: Answer) -> Got | None:
        """An item printed in several rows of one table (one project, two implementing units): the rows added, each
        cited, as the item's figure in that document; None when the readings are of different items or tables"""
        rows = [f for f in answer.figures if f.basis == "read" and f.unit != "%"]
        names = {re.sub(r"（.*$", "", f.label) for f in rows}
        tables = {re.sub(r"^[^（]*（([^；）]*).*$", r"\1", f.label) for f in rows}
        if len(rows) < 2 or len(names) != 1 or len(tables) != 1 or len({f.unit for f in rows}) != 1:
            return None
        total, computation = arith.sum_text([f.value for f in rows], rows[0].unit)
        cites = [c for f in rows for c in _cites(doc_id, answer, f)]
        figure = AnswerFigure(label=f"{names.pop()}（{len(rows)}行合计）", value=total, unit=rows[0].unit,
                              shown=show(total, rows[0].unit), basis="computed", computation=computation)
        return figure, cites

    def _years(self, question: str, language: str, route: Route, conv: LibraryConversation) -> Answer:
        subjects = self._subjects(route) or [conv.subject]
        old_id, new_id = route.ids
        count = _counted(understand(route.rest))
        answers = [across_years(question, language, subject, (self.entries[old_id], self._figure(old_id, subject, count)),
                                (self.entries[new_id], self._figure(new_id, subject, count))) for subject in subjects]
        answer = merge(question, answers) if len(answers) > 1 else answers[0]
        answer.query = self._query(question, route, "change", subjects)
        return self._stamped(answer, route.ids, already=True)

    def _departments(self, question: str, text: str, language: str, route: Route, conv: LibraryConversation) -> Answer:
        subjects = self._subjects(route) or [conv.subject]
        u = understand(text)
        if not u.has("rank", "total", "compare", "ratio") and conv.last_operation:
            u = understand(conv.last_operation)  # '那公务接待费呢' after a ranking: ranked too
        else:
            conv.last_operation = text
        answers, used = [], []
        for subject in subjects:
            got = [(self.entries[i], self._figure(i, subject, _counted(u))) for i in route.ids]
            answer, ids = across_departments(question, language, subject, u, got, route.missing)
            answers.append(answer)
            used += [i for i in ids if i not in used]
        answer = merge(question, answers) if len(answers) > 1 else answers[0]
        operation = "rank" if u.has("rank") else "sum" if u.has("total") else \
            "difference" if u.has("compare") and len(used) == 2 else "ratio" if u.has("ratio") and len(used) == 2 \
            else "value"
        answer.query = self._query(question, route, operation, subjects)
        return self._stamped(answer, used, already=True)

    def _subjects(self, route: Route) -> list[str]:
        """What a question across documents asks about, one per part when its parts name items of their own ('X比去年
        多多少？其中Y多了多少'), as the documents word them"""
        share = SHARE_SUBJECT_RE.search(route.rest) if understand(route.rest).has("share") else None
        if share and (part := _subject(share.group(1))) and (of := _subject(share.group(2))):
            return [f"{part}占{of}"]  # '基本支出占总支出的比例': each document's own share, computed there
        own = OWN_SHARE_RE.search(route.rest) if understand(route.rest).has("share") and "占" not in \
            route.rest.replace("占比", "") else None
        if own and (part := _subject(own.group(1))):
            return [f"{part}占比"]  # '哪个部门项目支出占比最高': of the whole each document takes it from
        whole = self._named(route.ids, _subject(route.rest), route.rest)
        pieces = [p for p in PART_BREAK_RE.split(route.rest) if p.strip()]
        named = list(dict.fromkeys(x for p in pieces if len(x := self._named(route.ids, _subject(p), p)) >= 2))
        return named if len(named) >= 2 else [whole] if whole else []

    # --- helpers ------------------------------------------------------------------------------------------------
    def _last_two_departments(self, conv: LibraryConversation) -> list[str]:
        "The documents of the last two departments the conversation answered from one at a time, oldest first"
        last = conv.answers[-1] if conv.answers else None
        if last is not None and last.status == "answered" and len(last.documents) == 2 and \
                self._dept(last.documents[0]) != self._dept(last.documents[1]):
            return list(last.documents)  # '两个部门谁多' after the two were totalled: the same two
        two = conv.answers[-2:]  # the last two turns, each answered from one document of its own department
        if len(two) == 2 and all(a.status == "answered" and len(a.documents) == 1 for a in two) and \
                self._dept(two[0].documents[0]) != self._dept(two[1].documents[0]):
            return [two[0].documents[0], two[1].documents[0]]
        return []

    def _named(self, ids: list[str], subject: str, said: str) -> str:
        """The subject as the documents word it: the one wording of theirs the question holds (X of 'X各是多少，没有的
        也说一下' once its frame words are stripped), else the subject as it is (two wordings, or none, are left to each
        document's own reading)"""
        if not subject or subject == WHOLE_BUDGET or any(subject in vocabulary(self.docs[i]) for i in ids):
            return subject
        if any(self._figure(i, subject) is not None for i in ids):
            return subject  # a wording some document answers as it is ('政府采购服务预算')
        read = self._read_item(ids[-1], said)
        if read:
            return read  # the item as a document's own reading of the question finds it
        found = {w for i in ids for text in (subject, said) for w in mentions(self.docs[i], text)}
        longest = max(found, key=len, default="")
        return longest if longest and all(w in longest for w in found) and len(longest) >= 2 else subject

    def _read_item(self, doc_id: str, said: str) -> str:
        "The one item a document's own parser reads in the wording (its years aside), or ''"
        parser = self.assistants[doc_id].parser
        u, zh_text = parser.understand(YEAR_WORDS_RE.sub("", said))
        items = parser.subject(u, zh_text, Conversation()).items
        return items[0] if len(items) == 1 else ""

    def _dept(self, doc_id: str) -> tuple[str, str]:
        return self.entries[doc_id].whose

    def _stamped(self, answer: Answer, ids: list[str], already: bool = False) -> Answer:
        "The answer with the documents it used, each citation naming its document"
        if not already:
            answer.citations = [c.model_copy(update={"document": ids[0]}) for c in answer.citations]
            if answer.status == "answered":
                answer.text = say(answer.language, "source", name=self.entries[ids[0]].name) + "\n" + answer.text
        answer.documents = list(ids)
        if answer.query is not None:
            answer.query.document = "；".join(self.entries[i].name for i in ids)
        return answer

    def _note(self, question: str, language: str, route: Route, status: str) -> Answer:
        "A refusal or a question back: what is not loaded, or which documents to choose from"
        among = [self.entries[i] for i in route.ids] or list(self.entries.values())
        loaded = say(language, "sep").join(e.name for e in among)
        text = say(language, route.reason, loaded=loaded, **route.args)
        suggestions = [say(language, "suggest", name=e.name.split(" ")[0]) for e in among[:2]] if status == "clarify" else []
        answer = Answer(question=question, text=text, status=status, suggestions=suggestions, language=language)
        answer.query = Query(question=question, read_as=question, language=language,
                             outside=text if status != "clarify" else None, document=loaded)
        return answer

    def _query(self, question: str, route: Route, operation: str, subjects: list[str]) -> Query:
        q = Query(question=question, read_as=route.rest or question,
                  document="；".join(self.entries[i].name for i in route.ids))
        for subject in subjects:
            q.parts.append(QueryPart(text=route.rest or question, operation=operation,
                                     operands=[Operand(item=subject, document=self.entries[i].name,
                                                       year=self.entries[i].year) for i in route.ids]))
        return q


def _subject(text: str) -> str:
    """What a question over several documents asks about: the words left when names, years and frames are removed
    (an English question: its budget terms, in the documents' Chinese)"""
    if understand(text).language == "en":
        said = "".join(re.findall(r"[\u4e00-\u9fff（）()“”]+", to_chinese(text)))
        if not said and re.search(r"\b(?:total|budget)\b", text, re.I):
            return WHOLE_BUDGET  # "Weihai's 2025 total": the whole budget
        text = said
    subject = strip_frame(ACROSS_DEPARTMENTS_RE.sub("", text), extra=CROSS_FRAME)
    subject = re.sub(r"从(.*?)到", r"\1", subject)  # '从2024年到2025年' once its years are gone
    subject = re.sub(r"平均(?:每(?:家|个部门|个单位|个|部门))?|(?:每家|每个部门)平均", "", subject)  # an average of the figures
    subject = re.sub(r"(?:各自?|都|分别)?(?:有)?(?:几|多少)[辆个家项台名人套](?![\u4e00-\u9fff]*(?:费|资金|支出|经费))|"
                     r"^[个辆家台套](?=[\u4e00-\u9fff]{2})", "", subject)  # '各几辆', '多少个项目': a count, of what follows
    subject = re.sub(r"^(?:到|至|没有?|无|不)|翻了?(?:一|几|两)?(?:番|倍)|翻了?$", "", subject)  # '到X', '没有X', 'X翻了一番'
    subject = re.sub(r"^(?:比|较|不比)|(?:不?比|较|同|差|多|少|变|更|大|小|高|低|\d|万元|万|亿元|亿|元|各自|各|变了?没)+$", "",
                     subject)
    subject = re.sub(r"^(.{2,}?)(?:跟|和|与|同)?\1$", r"\1", subject)  # 'A的X跟B的X': X, once
    if not re.search(r"[\u4e00-\u9fff]", subject):  # 'And ?' once its year is gone: English words that name nothing
        subject = re.sub(r"\b(?:and|or|but|so|then|what|about|how|the|of|in|for|it|its|that|this)\b|\W", "", subject,
                         flags=re.I)
    return WHOLE_BUDGET if names_whole_budget(subject) else subject  # '总额', '预算盘子': the whole budget


def _cites(doc_id: str, answer: Answer, figure: AnswerFigure) -> list[Citation]:
    "The citations an answer's figure points at, each naming the document it came from"
    return [answer.citations[n - 1].model_copy(update={"document": doc_id}) for n in figure.citations
            if 0 < n <= len(answer.citations)]


def _got(doc_id: str, answer: Answer, figure: AnswerFigure | None) -> Got | None:
    "A document's answered figure with its citations, or None when it answered none"
    if answer.status != "answered" or figure is None:
        return None
    return figure, _cites(doc_id, answer, figure)


def _counted(u: Understanding) -> bool:
    "Whether a question across documents asks a number of things ('各几辆'), not an amount or a multiple ('how many times')"
    return u.has("count") and not u.has("ratio") and \
        bool(re.search(r"(?:几|多少)\s*[个辆家项台名人套](?!(?:(?:20)?\d{2}年的?)?(?:部门|单位|局|委|办|城市|市|区))|how many(?! times)", u.text, re.I))


def _bare(route: Route) -> bool:
    "A turn that only names another document: '2025年呢？', '那商务委的呢'"
    return route.named and not _subject(route.remainder)
