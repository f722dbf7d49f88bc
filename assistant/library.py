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

import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budget_qa.errors import BudgetQAError
from budget_qa.results import CANNOT_ANSWER, Citation, show
from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument
from index.catalog import CatalogEntry, LoadFailure, load_library
from tools import arith, difference

from .answer import Answer, AnswerFigure
from .compose import Composer
from .english import to_chinese
from .core import ANSWERS_KEPT, MAX_QUESTION_CHARS, Assistant, Conversation
from .normalize import normalize
from .plan import strip_frame
from .query import Operand, Query, QueryPart
from .route import ACROSS_DEPARTMENTS_RE, Route, choose
from .understand import understand

UNIT_ORDER = ("元", "千元", "万元", "百万元", "亿元")
BARE_FOLLOWUP_RE = re.compile(r"^[那么的呢吗？?，,。\s]*(?:的)?(?:呢|怎么样|如何|情况呢|多少)?[？?。\s]*$")
CROSS_FRAME = ("两个年度", "两年", "各自", "排序", "排个序", "排一下", "从大到小", "从小到大", "说说", "加一起", "谁的", "谁",
               "分别", "这一块", "这块", "方面", "情况", "它的", "它", "涨了", "涨", "大了", "小了", "降了", "高了", "低了",
               "多出", "多了", "少了", "排个序", "排一下")


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

    @classmethod
    def load(cls, paths: list[Path] | None = None, folder: Path | None = None, settings: Settings | None = None, *,
             retrieval: bool = True, embedder=None) -> "Library":
        "Every document of ``paths`` and ``folder`` (default: the configured document), each with its own index"
        settings = get_settings(settings)
        loaded, failures = load_library(list(paths or ([] if folder else [settings.document])), folder)
        assistants: dict[str, Assistant] = {}
        for entry, doc in loaded:
            assistants[entry.id] = Assistant.from_document(doc, settings, retrieval=retrieval, embedder=embedder)
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
        route = choose(text, self.entries, self.docs, conv.current)
        if route.kind in ("one", "clarify") and not route.named and conv.last_kind in ("years", "departments") \
                and understand(text).followup and _subject(route.remainder):
            # '那公务接待费呢' after a comparison across documents: the same comparison, of this item
            route = Route(conv.last_kind, ids=list(conv.last_ids), rest=route.remainder, remainder=route.remainder)
        if route.kind in ("one", "years", "departments") and conv.last_question and _bare(route):
            return self._again(question, conv, route)  # '2025年呢？', '那商务委呢？': the last question, elsewhere
        if route.kind == "absent":
            return self._note(question, route, "not_in_document")
        if route.kind == "clarify":
            conv.last_question = route.remainder  # asked again once the user says which document
            return self._note(question, route, "clarify")
        if route.kind == "one":
            doc_id = route.ids[0]
            conv.current = doc_id
            answer = self._one(question, route.rest or question, doc_id, conv)
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
            return self._years(question, route, conv)
        return self._departments(question, text, route, conv)

    def _one(self, question: str, text: str, doc_id: str, conv: LibraryConversation) -> Answer:
        answer = self.assistants[doc_id].ask(text, conv.of(doc_id))
        answer.question = question
        return self._stamped(answer, [doc_id])

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
                return self._years(question, route, conv)
            conv.current = doc
            return self._one(question, conv.last_question, doc, conv)
        conv.current = route.ids[0]
        return self._one(question, conv.last_question, route.ids[0], conv)

    # --- across documents ---------------------------------------------------------------------------------------
    def _figure(self, doc_id: str, subject: str, conv: LibraryConversation) -> tuple[AnswerFigure, list[Citation]] | None:
        "The document's headline figure for the subject (its own answer to 'X是多少'), with that answer's citations"
        answer = self.assistants[doc_id].ask(f"{subject}是多少", Conversation())
        if answer.status != "answered":
            return None
        figure = next((f for f in answer.figures if f.unit not in ("%",) and f.basis == "read"), None) or \
            next((f for f in answer.figures if f.unit not in ("%",)), None)
        if figure is None:
            return None
        cites = [answer.citations[n - 1].model_copy(update={"document": doc_id}) for n in figure.citations
                 if 0 < n <= len(answer.citations)]
        return figure, cites

    def _years(self, question: str, route: Route, conv: LibraryConversation) -> Answer:
        subject = _subject(route.rest) or conv.subject
        old_id, new_id = route.ids
        c = Composer(question)
        got = {i: self._figure(i, subject, conv) for i in route.ids}
        missing = [i for i, g in got.items() if g is None]
        if missing:
            return self._note(question, Route("absent", reason=f"{CANNOT_ANSWER}：" + "；".join(
                f"{self.entries[i].name}中没有找到{subject}" for i in missing) + "，无法计算两年的变化。"), "not_in_document")
        (old_f, old_c), (new_f, new_c) = got[old_id], got[new_id]
        unit = old_f.unit
        new_value, conversion = self._in_unit(new_f, unit)
        ch = arith.change(new_value, old_f.value, unit)
        y0, y1 = self.entries[old_id].year, self.entries[new_id].year
        label = re.sub(r"[（(][^（）()]*(?:20\d\d年|表)[^（）()]*[）)]", "", new_f.label) or subject
        m_new = c.figure(f"{y1}年{label}", new_f.value, new_f.unit, new_c)
        m_old = c.figure(f"{y0}年{label}", old_f.value, old_f.unit, old_c)
        c.figure(f"{label} {y1}年比{y0}年的变化", ch.diff, unit, new_c + old_c, basis="computed", computation=ch.text)
        if ch.rate is not None:
            c.figure(f"{label} {y1}年比{y0}年的增长率", ch.rate, "%", new_c + old_c, basis="computed", computation=ch.text)
        whose = self.entries[new_id].name.split(" ")[0]
        c.say(f"{whose}{label}：{y1}年 {show(new_f.value, new_f.unit)}{m_new}，{y0}年 {show(old_f.value, old_f.unit)}{m_old}"
              f"（各取自当年的预算文件）。")
        if conversion:
            c.say(f"换算：{conversion}。")
        if ch.diff == 0:
            c.say(f"两年持平，变化为 0。")
        else:
            direction = "增加" if ch.diff > 0 else "减少"
            rate = f"，{label}增长率 {arith.fmt_rate(ch.rate)}" if ch.rate is not None else ""
            c.say(f"两年相比的变化：{label}{direction} {show(abs(ch.diff), unit)}{rate}。")
        c.say(f"计算：{ch.text}。")
        answer = c.answer("answered")
        answer.query = self._query(question, route, "change", subject)
        return self._stamped(answer, route.ids, already=True)

    def _departments(self, question: str, text: str, route: Route, conv: LibraryConversation) -> Answer:
        subject = _subject(route.rest) or conv.subject
        u = understand(text)
        if not u.has("rank", "total", "compare") and conv.last_operation:
            u = understand(conv.last_operation)  # '那公务接待费呢' after a ranking: ranked too
        else:
            conv.last_operation = text
        c = Composer(question)
        rows: list[tuple[str, Decimal, AnswerFigure, list[Citation], str]] = []
        lacking: list[str] = []
        got = {i: self._figure(i, subject, conv) for i in route.ids}
        lacking = [self.entries[i].name for i, g in got.items() if g is None]
        # NOTE: documents print in different units (元 tables, 万元 narratives); they are compared in the smallest,
        # to which every conversion is exact.
        units = [g[0].unit for g in got.values() if g is not None and g[0].unit in arith.UNIT_FACTORS]
        unit = min(units, key=UNIT_ORDER.index) if units else "万元"
        for i, g in got.items():
            if g is not None:
                value, conversion = self._in_unit(g[0], unit)
                rows.append((i, value, g[0], g[1], conversion))
        if not rows:
            return self._note(question, Route("absent", reason=f"{CANNOT_ANSWER}：已载入的文件中都没有找到{subject}。"),
                              "not_in_document")
        descending = not u.ascending
        if u.has("rank") or u.has("compare"):
            rows.sort(key=lambda r: r[1], reverse=descending)
        for i, value, figure, cites, conversion in rows:
            who = self.entries[i].name
            marks = c.figure(f"{who} {subject}", figure.value, figure.unit, cites)
            if conversion:
                c.figure(f"{who} {subject}（{unit}）", value, unit, cites, basis="computed", computation=conversion)
            extra = f"，折合 {show(value, unit)}（{conversion}）" if conversion else ""
            c.say(f"- {who} {subject}：{show(figure.value, figure.unit)}{marks}{extra}。")
        if u.has("compare") and not u.has("rank") and len(rows) == 2:
            (a, va, *_), (b, vb, *_) = rows
            d = difference(va, vb, unit, label=f"{subject}差额")
            c.figure(d.label, d.value, d.unit, rows[0][3] + rows[1][3], basis="computed", computation=d.computation)
            c.lines.insert(0, f"{self.entries[a].name}比{self.entries[b].name}多，{subject}差额 {d.shown}"
                              f"（{d.computation}）：")
        elif u.has("rank") and len(rows) > 1:
            top = rows[0]
            word = "最少" if u.ascending else "最多"
            c.lines.insert(0, f"按{subject}比较已载入的{len(rows)}个部门，{self.entries[top[0]].name}{word}：")
        elif u.has("total"):
            total, expr = arith.sum_text([r[1] for r in rows], unit)
            conversions = "；".join(r[4] for r in rows if r[4])
            c.figure(f"{len(rows)}个部门{subject}合计", total, unit, [x for r in rows for x in r[3]],
                     basis="computed", computation=(conversions + "；" if conversions else "") + expr)
            c.lines.insert(0, f"已载入的{len(rows)}个部门{subject}合计 {show(total, unit)}（{expr}）：")
        else:
            c.lines.insert(0, f"已载入的{len(rows)}个部门的{subject}：")
        if lacking:
            c.say("以下文件中没有找到这一项：" + "；".join(lacking) + "。")
        if route.missing:
            c.say("没有载入" + "、".join(route.missing) + "的预算文件。")
        answer = c.answer("answered")
        operation = "rank" if u.has("rank") else "sum" if u.has("total") else \
            "difference" if u.has("compare") and len(rows) == 2 else "value"
        answer.query = self._query(question, route, operation, subject)
        return self._stamped(answer, [r[0] for r in rows], already=True)

    # --- helpers ------------------------------------------------------------------------------------------------
    def _in_unit(self, figure: AnswerFigure, unit: str) -> tuple[Decimal, str]:
        if figure.unit == unit or figure.unit not in arith.UNIT_FACTORS or unit not in arith.UNIT_FACTORS:
            return figure.value, ""
        value, text = arith.convert(figure.value, figure.unit, unit)
        return value, text

    def _dept(self, doc_id: str) -> tuple[str, str]:
        e = self.entries[doc_id]
        return e.region, e.department

    def _stamped(self, answer: Answer, ids: list[str], already: bool = False) -> Answer:
        "The answer with the documents it used, each citation naming its document"
        if not already:
            answer.citations = [c.model_copy(update={"document": ids[0]}) for c in answer.citations]
            if answer.status == "answered":
                answer.text = f"（据{self.entries[ids[0]].name}）\n{answer.text}"
        answer.documents = list(ids)
        if answer.query is not None:
            answer.query.document = "；".join(self.entries[i].name for i in ids)
        return answer

    def _note(self, question: str, route: Route, status: str) -> Answer:
        answer = Answer(question=question, text=route.reason, status=status,
                        suggestions=[f"{e.name.split(' ')[0]}的三公经费是多少" for e in list(self.entries.values())[:2]]
                        if status == "clarify" else [])
        answer.query = Query(question=question, read_as=question, outside=route.reason if status != "clarify" else "",
                             document="；".join(e.name for e in self.entries.values()))
        return answer

    def _query(self, question: str, route: Route, operation: str, subject: str) -> Query:
        q = Query(question=question, read_as=route.rest or question,
                  document="；".join(self.entries[i].name for i in route.ids))
        q.parts.append(QueryPart(text=route.rest or question, operation=operation,
                                 operands=[Operand(item=subject, document=self.entries[i].name, year=self.entries[i].year)
                                           for i in route.ids]))
        return q


def _subject(text: str) -> str:
    """What a question over several documents asks about: the words left when names, years and frames are removed
    (an English question: its budget terms, in the documents' Chinese)"""
    if understand(text).language == "en":
        text = "".join(re.findall(r"[\u4e00-\u9fff（）()“”]+", to_chinese(text)))
    subject = strip_frame(ACROSS_DEPARTMENTS_RE.sub("", text), extra=CROSS_FRAME)
    return re.sub(r"^(?:比|较)|(?:比|较|同|差)$", "", subject)


def _bare(route: Route) -> bool:
    "A turn that only names another document: '2025年呢？', '那商务委的呢'"
    return route.named and not _subject(route.remainder)
