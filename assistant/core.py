"""The assistant: understand → plan → execute (tools, retrieval) → compose. One Assistant per document.

Every figure in an answer comes from a tool result (tools/) or is quoted from a cited passage; this module only
chooses which tools to call and writes the sentences around their results.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from pathlib import Path

import tools as T
from budget_qa.errors import BudgetQAError
from budget_qa.results import CANNOT_ANSWER, Citation, ToolResult, show
from budget_qa.settings import Settings, get_settings
from budget_qa.types import BudgetDocument, TableKind
from index import load_document
from index.text import norm_key
from tools.aliases import ITEM_ALIASES
from tools.resolve import bigrams, catalog, to_candidate

from .answer import Answer
from . import scope
from .compose import Composer, merge, sentence_with
from .english import to_chinese
from .normalize import normalize
from .parts import split as split_parts
from .query import INTENT_OPERATION, Operand, Query, QueryPart
from .plan import QUALIFIER_RE, document_key, item_phrases, mentions, strip_frame, table_hint
from .understand import MEASURES, Understanding, understand

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
ANSWERS_KEPT = 20
"""Answers a conversation remembers (for the UI's sources panel); older ones are dropped."""
PURPOSE_RE = re.compile(r"干什么|干啥|做什么|用途|用于(?:什么|哪)|用来|拿来|花在(?:哪|什么)|用在(?:哪|什么)|派什么用|what .*\bfor\b|used for|purpose")
"""A question about what money or a thing is used for."""
INDICATOR_VALUE_RE = re.compile(r"^\s*[≤≥=<>＜＞≦≧]*\s*(?P<value>\d[\d,]*(?:\.\d+)?)\s*"
                                r"(?P<unit>(?:%|[万亿千]?元|人次|个月|万人|[个项家人辆次条倍年月天名户期卷笔场所])(?:/[\u4e00-\u9fff]{1,2})*)?\s*$")
"""A performance indicator's target: '≥50人', '≤400万元/户', '100%'."""
AVERAGE_RE = re.compile(r"(?P<month>平均每(?:个)?月|每(?:个)?月平均|月均|平均一个月|一个月平均|每个月|per month|monthly)|"
                        r"(?P<item>平均每(?:个|一)?(?:项目|项|个)|每(?:个)?项目平均|平均一个项目|per project|per item)")
DECREASE_WORDS = r"减少|下降|降低|少了|压减|decrease|fell|drop|lower|less"
PREMISE_RE = re.compile(r"(?:增加|增长|上升|提高|多了|涨|减少|下降|降低|少了|压减)了?[^。？?]{0,6}?"
                        r"(?:对吧|是吧|是吗|对吗|吧|是不是|对不对|没错吧|没错吗)|是不是(?:增加|增长|减少|下降)了?|"
                        r"\b(?:increased|decreased|went (?:up|down)|rose|fell)\b[^?]{0,20}(?:right|correct|isn't it|didn't it)",
                        re.I)
"""A question that states a direction and asks to confirm it."""
PURPOSE_WORDS_RE = re.compile(r"主要用于|用于|主要是|用来|主要用途|专门用于")
"""How a budget's narrative says what something is for."""
CATEGORY_WORDS = ("特定目标类", "其他运转类")
PROJECT_TOPICS: tuple[tuple[str, str], ...] = (
    (r"立项依据|依据|根据什么|根据哪些|政策文件", "立项依据"),
    (r"实施主体|谁(?:来)?(?:实施|负责|承担|做)|哪个单位|主体", "实施主体"),
    (r"实施周期|周期|多久|多长时间|期限|什么时候|起止|时间", "实施周期"),
    (r"实施方案|怎么(?:实施|做|开展|落实)|如何(?:实施|开展|落实)|方案|流程", "实施方案"),
    (r"绩效目标|绩效", "绩效目标"),
    (r"年度预算|预算安排|总预算|预算|多少钱|多少|金额|资金|钱", "年度预算"),
    (r"概述|是什么|干什么|做什么|内容|目的|介绍|主要", "项目概述"),
)
"""The headings of a per-project 经费情况说明 (一、项目概述 … 七、绩效目标) and the words that ask for each."""
PROJECT_TITLE_TAIL = re.compile(r"(?:项目)?(?:经费)?(?:情况)?说明$|政策资金$|项目$")
STANDARD_WHOLES = {"基本支出": "总支出", "项目支出": "总支出", "人员支出": "基本支出", "日常公用支出": "基本支出"}
"""The whole each standard half is part of in every 部门预算 (合计 = 基本 + 项目; 基本 = 人员 + 日常公用)."""


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


class Assistant:
    def __init__(self, doc: BudgetDocument, *, retriever=None, settings: Settings | None = None, llm=None):
        self.doc = doc
        self.settings = get_settings(settings)
        self.retriever = retriever
        self.llm = llm
        self.years = {doc.year, doc.year - 1}

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
        llm = None
        if settings.answer.llm_base_url:
            from .llm import LLMWriter

            llm = LLMWriter.from_settings(settings)
        return cls(doc, retriever=retriever, settings=settings, llm=llm)

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
        bad = _input_problem(question)
        if bad:
            return Answer(question=question, text=bad, status="clarify",
                          suggestions=self._starter_questions())
        normal = normalize(self.doc, question[:MAX_QUESTION_CHARS])
        query = Query(question=question, read_as=normal.text, corrections=normal.corrections,
                      document=f"{self.doc.department} {self.doc.year}年{self.doc.document_type}")
        answers = []
        for group in split_parts(self.doc, normal.text):
            before = conv.context()
            for text in group:  # parallel parts share the context their group starts from, not each other's
                conv.restore(before)
                answers.append(self._ask_part(text, question, conv, query))
        answer = answers[0] if len(answers) == 1 else merge(question, answers)
        answer.query = query
        return answer

    def _ask_part(self, text: str, question: str, conv: Conversation, query: Query) -> Answer:
        "One part of a question: understood, checked against the document, planned, executed, composed"
        u = understand(text)
        query.language = u.language
        zh_text = to_chinese(u.text) if u.language == "en" else u.text
        if u.language == "en":
            u = _reunderstand(u, zh_text)
        c = Composer(question, u.language)
        if u.primary == "greeting" and len(u.text) < 12:
            c.say(self._intro(u))
            c.suggestions = self._starter_questions()
            return c.answer("answered")
        refusal = self._out_of_scope(u, zh_text)
        if refusal:
            conv.reset()
            query.outside = refusal
            return self._refuse(c, refusal)
        context: tuple[str, ...] = ()
        if u.measure and re.search(re.escape(u.measure) + r"(?:里|中|当中|下)", zh_text):
            context, u.measure = (u.measure,), None  # 'X里的Y': a place to look, not a column
        if context:
            items = item_phrases(self.doc, u, context)
        elif u.has("share", "compare", "total", "ratio") and u.measure:
            items = item_phrases(self.doc, u)  # 'A占总支出': the measure word names an item here
            if any(norm_key(u.measure) in norm_key(i) for i in items):
                u.measure = None
        else:
            items = item_phrases(self.doc, u, _measure_words(u))
        if not items and not u.measure:  # a wording only the narrative uses ('机关运行经费') is its own subject
            st = self._statement([], u.text, Conversation())
            if st is not None:
                items = [st.subject]
        conv_items = list(conv.items)
        own_items = list(items)
        items = self._with_context(u, items, conv, zh_text)
        conv_items = conv_items if items and items != own_items and items == conv_items else []
        table = table_hint(self.doc, zh_text) or (conv.table if u.followup and conv.table else None)
        place = len(items) >= 2 and re.search(re.escape(norm_key(items[0])) + r"(?:里|中|当中|之中|下)(?:的|，|,)?",
                                               norm_key(zh_text)) and self._contains_rows(items[0])
        if (table and len(items) >= 2 and re.match(r"^(政府采购|财政拨款|三公|基本支出|项目支出)", norm_key(items[0]))
                and not u.has("share", "compare", "ratio", "total")) or place:
            items = items[1:]  # 'X里的Y', 'X里，Y': the first wording names where to look
        query.parts.append(self._part(text, u, items, conv_items, zh_text))
        status = self._dispatch(c, u, items, table, conv, zh_text)
        if status is None:
            return self._refuse(c, "文件中没有找到与问题相关的内容")
        self._convert(c, u)
        self._average(c, u, text)
        if status == "answered":
            self._premise(c, u, text)
        conv.items, conv.measure, conv.intent = items or conv.items, u.measure, u.primary
        conv.table = self._table_of(c) or table
        c.suggestions = self._suggest(u, items, query.parts[-1] if query.parts else None)
        answer = c.answer(status)
        if self.llm is not None and status in ("answered", "clarify"):
            answer = self.llm.rewrite(self.doc, question, answer)
        return answer

    def _part(self, text: str, u: Understanding, items: list[str], inherited_items: list[str], zh_text: str) -> QueryPart:
        "The typed part of the query the dispatcher is about to execute"
        scope_word = economic_class(zh_text)
        year = next((y for y in u.years if y != self.doc.year), None)
        operation = INTENT_OPERATION.get(u.primary, "value")
        if PURPOSE_RE.search(zh_text.lower()):
            operation = "purpose"
        inherited = (["items"] if inherited_items else []) + (["operation"] if u.inherited else [])
        st = self._statement(items, u.text, Conversation())
        named = [st.subject] if st is not None else items  # a narrative subject more specific than the items
        operands = [Operand(item=i, measure=u.measure, year=year, scope=scope_word) for i in named]
        if not operands and u.measure:  # '<列名>是多少': the measure is the subject
            operands = [Operand(item=u.measure, year=year, scope=scope_word)]
        return QueryPart(text=text, operation=operation, unit=u.unit, top_n=u.top_n, inherited=inherited,
                         operands=operands)

    def _speaks_of_document(self, text: str) -> bool:
        "Whether any pair of Chinese characters of the text occurs in the document (or the text is English)"
        key = norm_key(text)
        if re.search(r"[A-Za-z]{3,}", key) and not re.search(r"[\u4e00-\u9fff]", key):
            return True
        return any(key[i : i + 2] in document_key(self.doc) for i in range(len(key) - 1)
                   if re.fullmatch(r"[\u4e00-\u9fff]{2}", key[i : i + 2]))

    def _contains_rows(self, wording: str) -> bool:
        "Whether a wording names something with parts (a table, a total, a row with children), i.e. a place to look"
        matches = T.resolve(self.doc, wording)
        return not matches or matches[0].item.is_total or bool(matches[0].item.children) or \
            bool(table_hint(self.doc, wording))

    # --- context ------------------------------------------------------------------------------------------------
    def _with_context(self, u: Understanding, items: list[str], conv: Conversation, text: str) -> list[str]:
        "A follow-up that names no item of its own refers to the previous one; a new item starts a new topic"
        if not conv.items:
            return items
        if not items and not u.intents and not u.measure and not u.followup and not self._speaks_of_document(text):
            return items  # '呜啦啦 12345' after a topic is not a follow-up: nothing of it is about the budget
        if not items and (len(re.sub(r"\W", "", u.text)) <= 8 or len(strip_frame(re.sub(QUALIFIER_RE, "", text))) <= 3):
            u.followup = True  # '为什么？', '机关和事业单位各…？': elliptic questions refer back
        own = [i for i in items if norm_key(i) not in {norm_key(x) for x in conv.items}]
        category = next((w for w in CATEGORY_WORDS if w in text), None)
        if category:
            u.intents.insert(0, "count")
            return items or conv.items
        if not u.followup:
            return items
        if not items and u.measure and not re.search(r"其中|呢|那", text):
            return items  # '去年<X>是多少': the measure is this question's own subject
        narrowing = re.search(r"只算|只看|仅|单算", text)  # '只算机关的呢' narrows the previous sum to one reading
        if not u.intents and conv.intent and conv.intent not in ("value", "definition") and not narrowing:
            u.intents.append(conv.intent)  # type: ignore[arg-type]  # '公务接待费呢？' repeats the operation
            if conv.intent == "reason":
                u.intents.append("change")
            u.inherited = True
        if not items or (not own and not u.has("definition")):
            if not u.intents and conv.intent:
                u.intents.append(conv.intent)  # type: ignore[arg-type]
            if re.search(r"去年|上年|上一年|last year", text) and not u.has("reason"):
                u.intents.insert(0, "change")
            if u.measure is None and not u.has("change") and conv.measure and not u.has("share"):
                u.measure = conv.measure
            return conv.items
        if u.has("share") and u.followup and own:
            if u.inherited:  # '<另一项>呢' after a share: a new part of the same whole
                return own[:1] + conv.items[1:2]
            base = [conv.focus] if conv.focus else conv.items[:1]
            return base + own
        return items

    # --- dispatch -----------------------------------------------------------------------------------------------
    def _dispatch(self, c: Composer, u: Understanding, items: list[str], table: str | None, conv: Conversation,
                  text: str) -> str | None:
        empty = self._empty_table(text)
        if empty is not None:
            cite = Citation(kind="table", table=empty.title, row_label="注", line=empty.line_end)
            m = c.cite([cite])
            c.say(f"{empty.title}是空表：{empty.note.strip('（）()')}{m}" if u.language == "zh"
                  else f"{empty.title} is empty: {empty.note}{m}")
            return "answered"
        if u.has("chart"):
            return self._chart(c, u, items, text)
        if re.search(r"内设机构|科室|处室|哪个科|哪一个科|哪个处", text) or self._body_named(text):
            st = self._bodies(c, u, text)
            if st:
                return st
        project = self._project_named(text, conv, u)
        if project is not None:
            st = self._project(c, u, project, items, text)
            if st:
                return st
        if u.has("definition") and not u.has("count", "rank", "share", "compare", "total", "ratio"):
            st = self._definition(c, u, items, text)
            if st:
                return st
        if PURPOSE_RE.search(text.lower()) and not u.has("count", "rank", "share", "compare", "total", "ratio"):
            st = self._purpose(c, u, items, text)
            if st:
                return st
        if u.has("duties"):
            return self._organisation(c, u, "duties", text)
        if self._implementer_in(text) and re.search(r"属于|是不是|是否|吗|包括", text) and not re.search(r"项目|多少", text):
            return self._organisation(c, u, "units", text)  # '人事考试中心是本部门的单位吗？'

        if u.has("organisation") and not self._performance_names(text):
            return self._organisation(c, u, "units", text)
        if self._implementer_in(text) and re.search(r"项目", text):
            st = self._count(c, u, items, table, text)
            if st:
                return st
        named = self._performance_names(text) or (
            conv.items and (u.followup or len(re.sub(r"\W", "", text)) <= 12) and self._performance_names(conv.items[0]))
        if named and (u.has("performance") or re.search(
                r"谁|实施|负责|哪个单位|哪家单位|目标|指标|多少(?:人|卷|家|次|场|个|期|条|项)|几(?:家|人|次|场|个)|标准|"
                r"(?:招|补|补贴|培训|发放|完成|覆盖|服务|接待|举办|组织|开展|稽核|检查|评审|鉴定|资助|扶持)多少|年度预算",
                text)):
            st = self._performance(c, u, items, text, conv)
            if st:
                return st
        if u.has("count") or (any(w in text for w in CATEGORY_WORDS) and not u.has("share")) or (
                self._implementer_in(text) and re.search(r"项目", text)):
            st = self._count(c, u, items, table, text)
            if st:
                return st
        if u.has("rank"):
            return self._rank(c, u, items, table, conv)
        if u.has("reason") or u.has("change"):
            st = self._change(c, u, items, table, text)
            if st:
                return st
        if u.has("ratio") and len(items) >= 2:
            st = self._ratio(c, u, items, table)
            if st:
                return st
        if u.has("share") and items:
            st = self._share(c, u, items, table)
            if st:
                return st
        if u.has("compare") and len(items) >= 2:
            return self._compare(c, u, items, table)
        if u.has("compare") and len(items) == 1:
            st = self._compare_readings(c, u, items[0], table)
            if st:
                return st
        joined = re.search(r"和|与|及|跟|、|加上|加起来|之和|合起来|\+|and|plus", text)
        if u.has("total") and items and ((len(items) >= 2 and joined) or u.inherited
                                         or re.search(r"机关.{0,4}事业|加起来|之和|总共|一共|合计|总计", text)):
            st = self._total(c, u, items, table)
            if st:
                return st
        if u.has("breakdown") and items:
            st = self._breakdown(c, u, items, table)
            if st:
                return st
        if not items and u.measure:
            items = [u.measure]
            u.measure = None
        if items or self._statement([], u.text, conv) is not None:
            st = self._values(c, u, items, table, conv)
            if st:
                return st
            if items and u.years and self.doc.year not in u.years:
                return None  # another year's figure the document does not state: no passage of this year instead
        return self._passages(c, u, text) or self._rows_containing(c, u, text)

    def _rows_containing(self, c: Composer, u: Understanding, text: str) -> str | None:
        "A broad word ('养老方面'): the rows whose label contains it, to choose from — better than a refusal"
        word = re.sub(r"(方面|领域|相关|有关|这块|这一块)$", "", strip_frame(text))
        if len(word) < 2:
            return None
        summary = self.doc.table(TableKind.expenditure_summary)
        cands = [to_candidate(m, m.item.default_measure) for m in T.resolve(self.doc, word, threshold=0.2, limit=40)
                 if word in norm_key(m.item.label) and (summary is None or m.item.table is summary)]
        if not cands:
            return None
        r = ToolResult(tool="lookup", status="ambiguous", label=f"“{word}”", candidates=cands[:8])
        return self._readings(c, u, r)

    # --- handlers -------------------------------------------------------------------------------------------------
    def _statement(self, items: list[str], text: str, conv: Conversation):
        "A figure the narrative states for a wording more specific than any table row (政府采购货物预算)"
        q = norm_key(text)
        longest = max((len(norm_key(i)) for i in items), default=0)
        stated = [st for st in T.statements(self.doc) if st.current is not None and len(norm_key(st.subject)) >= 4]
        direct = [st for st in stated if _names_subject(q, st.subject) and len(norm_key(st.subject)) > longest
                  and all(norm_key(i) in norm_key(st.subject) for i in items)]  # more specific than the items
        if direct:
            return max(direct, key=lambda st: len(st.subject))
        if conv.items and len(q) <= 12 and re.search(r"其中|呢|那", q):  # '其中<一类>呢' after '政府采购'
            rest = [w for w in re.findall(r"[\u4e00-\u9fff]{2}", re.sub(r"其中|那|呢", "", q)) if w != "多少"]
            near = [st for st in stated if any(norm_key(i) in norm_key(st.subject) for i in conv.items)
                    and any(w in norm_key(st.subject) for w in rest)]
            if near:
                return near[0]
        return None

    def _values(self, c: Composer, u: Understanding, items: list[str], table: str | None, conv: Conversation) -> str | None:
        st = self._statement(items, u.text, conv)
        if st is not None and u.years and self.doc.year not in u.years:
            st = None  # the statement is this year's figure; another year's is asked
        if st is not None:
            if norm_key(st.subject) in norm_key(u.text):
                if not items:
                    items.append(st.subject)  # the conversation's topic for follow-ups
            else:
                items[:] = list(conv.items)  # '其中<一类>呢': the topic stays 政府采购
            p = st.paragraph
            cite = Citation(kind="narrative", part=p.part, section=p.section, line=p.line_start, quote=st.quote,
                            page=p.page)
            same = T.lookup(self.doc, st.subject)
            cites = (same.citations[:2] + [cite]) if same.ok and same.value == st.current else [cite]
            unit = self.doc.narrative_unit or "万元"
            m = c.figure(st.subject, st.current, unit, cites)
            c.say(f"{st.subject}（{self.doc.year}年）为 {show(st.current, unit)}{m}。" if u.language == "zh"
                  else f"{st.subject} ({self.doc.year}): {show(st.current, unit)}{m}.")
            return "answered"
        measure = u.measure
        if measure is None and u.years and min(u.years) == self.doc.year - 1:
            measure = f"{self.doc.year - 1}年预算数"
        statuses = []
        several = bool(re.search(r"和|与|及|、|分别|各", u.text))
        for item in items[:4]:
            if statuses and not several and statuses[-1] is not None:
                break  # 'X方面（口语的说法）': later words explain the first item
            if measure and measure.startswith(str(self.doc.year - 1)):
                prior = self._prior_year(c, u, item, table)
                r = T.lookup(self.doc, item, measure=measure, table=table) if not prior else None
                # a year the document states for some items only: never this year's figure in its place
                statuses.append(prior or (self._say_result(c, u, r) if r.ok else None))
                continue
            r = T.lookup(self.doc, item, measure=measure, table=table)
            if r.status == "not_found" and table:
                r = T.lookup(self.doc, item, measure=measure)
            if r.status == "not_found" and measure:
                r = T.lookup(self.doc, f"{item}{measure}")
            statuses.append(self._say_result(c, u, r))
            if r.ok:
                conv.focus = r.label
        if "clarify" in statuses:
            return "clarify"
        if "answered" in statuses:
            return "answered"
        return None

    def _prior_year(self, c: Composer, u: Understanding, item: str, table: str | None) -> str | None:
        "Last year's figure: a published prior-year column, or derived from a narrative '比上年增加X' statement"
        r = T.change(self.doc, item, table=table)
        if not r.ok or len(r.figures) < 2:
            return None
        prev = r.figures[1]
        m = c.figure(prev.label, prev.value, prev.unit, prev.citations, basis=prev.basis, computation=r.computation)
        derived = "（由文件文字说明推算：" + r.computation.split("；")[0] + "）" if r.basis == "derived" else ""
        c.say(f"{prev.label}为 {prev.shown}{m}{derived}。" if u.language == "zh" else f"{prev.label}: {prev.shown}{m}.")
        return "answered"

    def _say_result(self, c: Composer, u: Understanding, r: ToolResult) -> str | None:
        "A lookup-like result as a sentence (or the readings of an ambiguous wording)"
        if r.status == "ambiguous":
            return self._readings(c, u, r)
        if not r.ok or r.value is None:
            return None
        marks = c.result_figure(r)
        period = self._period(r)
        if u.language == "en":
            c.say(f"{r.label}{period}: {r.shown}{marks}.")
        else:
            c.say(f"{r.label}{period}为 {r.shown}{marks}。")
        if r.basis == "derived" or r.message:
            c.say(f"（{r.message}）" if r.message else "")
        return "answered"

    def _convert(self, c: Composer, u: Understanding) -> None:
        "A unit the user asked for (元, 亿元): convert the answer's first money figure, showing the factor"
        if not u.unit or any(f.unit == u.unit for f in c.figures):
            return
        f = next((f for f in c.figures if f.unit in ("万元", "元", "亿元") and f.unit != u.unit), None)
        if f is None:
            return
        conv = T.convert_units(str(f.value), f.unit, u.unit)
        if conv.ok and conv.value is not None:
            cites = [c.citations[n - 1] for n in f.citations if 0 < n <= len(c.citations)]
            m = c.figure(f"{f.label}（{u.unit}）", conv.value, u.unit, cites, basis="computed",
                         computation=conv.computation)
            c.say(f"折合 {conv.shown}（{conv.computation}）{m}。" if u.language == "zh"
                  else f"That is {conv.shown} ({conv.computation}){m}.")

    def _average(self, c: Composer, u: Understanding, text: str) -> None:
        "平均每月 / 每个项目: the answer's first money figure spread over 12 months or over its counted items"
        m = AVERAGE_RE.search(text.lower())
        if not m:
            return
        money = next((f for f in c.figures if f.unit in ("万元", "元", "亿元") and f.basis != "derived"), None)
        if money is None:
            return
        if m.group("month"):
            per, what = 12, ("每月", "per month")
        else:
            count = next((f for f in c.figures if f.unit in ("个", "项")), None)
            if count is None or not count.value:
                return
            per, what = int(count.value), ("每项", "per item")
        r = T.average(str(money.value), per, money.unit, label=f"{money.label}（{what[0]}平均）")
        if r.ok and r.value is not None:
            cites = [c.citations[n - 1] for n in money.citations if 0 < n <= len(c.citations)]
            mm = c.figure(r.label, r.value, r.unit, cites, basis="computed", computation=r.computation)
            name = re.sub(r"（[^（）]*）$", "", money.label)
            c.say(f"{name}{what[0]}平均 {r.shown}{mm}（{r.computation}）。" if u.language == "zh"
                  else f"On average {r.shown} {what[1]}{mm} ({r.computation}).")

    def _premise(self, c: Composer, u: Understanding, text: str) -> None:
        "A question that asserts a direction ('增加了吧') is told first whether the figures agree"
        m = PREMISE_RE.search(text)
        if not m:
            return
        claimed = -1 if re.search(DECREASE_WORDS, m.group(0)) else 1
        change = next((f for f in c.figures if "变化额" in f.label or "change" in f.label.lower()), None)
        if change is None or change.value == 0:
            return
        actual = 1 if change.value > 0 else -1
        name = re.sub(r"（[^（）]*）$", "", change.label)
        word = ("增加" if actual > 0 else "减少") if u.language == "zh" else ("increased" if actual > 0 else "decreased")
        if u.language == "zh":
            lead = "不对" if claimed != actual else "是的"
            c.lines.insert(0, f"{lead}：{name}比上年{word} {show(abs(change.value), change.unit)}。")
        else:
            lead = "No" if claimed != actual else "Yes"
            c.lines.insert(0, f"{lead}: {name} {word} by {show(abs(change.value), change.unit)} on last year.")

    def _readings(self, c: Composer, u: Understanding, r: ToolResult) -> str:
        """Every reading of an ambiguous wording, labelled. When one table publishes a single figure for it and ranks
        first (e.g. the “三公” table for 出国经费), that reading is the answer and the others follow as context."""
        cands = [x for x in r.candidates if x.value is not None]
        cands = _by_agency(cands, u.text) or cands
        totals = _column_total(cands, u.text)
        cands = totals or cands
        if len({x.value for x in cands}) == 1 and cands:
            only = cands[0]
            if totals:  # the column is the subject: '日常公用支出（…合计）'
                only = only.model_copy(update={"label": only.column.split("/")[-1],
                                               "column": f"{only.label}，{only.column}"})
            m = c.figure(f"{only.label}（{only.table}）", only.value, only.unit, [self._cand_cite(x) for x in cands])
            c.say(f"{only.label}（{only.table}，{only.column}）为 {show(only.value, only.unit)}{m}。" if u.language == "zh"
                  else f"{only.label} ({only.table}, {only.column}): {show(only.value, only.unit)}{m}.")
            return "answered"
        tables = list(dict.fromkeys(x.table for x in cands))
        first = [x for x in cands if x.table == tables[0]] if tables else []
        primary = first[0] if len(tables) > 1 and len({x.value for x in first}) == 1 else None
        name = r.label.strip("“”")
        if primary is not None:
            m = c.figure(f"{primary.label}（{primary.table}）", primary.value, primary.unit, [self._cand_cite(primary)])
            if u.language == "en":
                c.say(f"{primary.label} ({primary.table}, {primary.column}): {show(primary.value, primary.unit)}{m}.")
                c.say(f"“{name}” also appears elsewhere in the document with other amounts:")
            else:
                c.say(f"{primary.label}（{primary.table}，{primary.column}）为 {show(primary.value, primary.unit)}{m}。")
                c.say(f"文件中“{name}”还出现在以下位置（口径不同）：")
        else:
            c.say(f"“{name}”在文件中有 {len(cands)} 处，数值不同，请问您指的是哪一个？" if u.language == "zh"
                  else f"{name} appears {len(cands)} times in the document with different amounts. Which one do you mean?")
        shown = [x for x in cands if x is not primary]
        same = {(x.label, x.table, x.detail) for x in shown}
        for i, cand in enumerate(shown, 1):
            plain = re.sub(r"\d{5,}\s*", "", cand.detail)
            if len(same) < len(shown) and (who := T.implementer_of(self.doc, cand.label, cand.value)):
                plain = f"{plain}；实施单位：{who}" if plain else f"实施单位：{who}"  # two projects, one name
            # the figure's label tells the readings apart as the listed line does (table, economic class, level)
            m = c.figure(f"{cand.label}（{cand.table}{'；' + plain if plain else ''}）", cand.value, cand.unit,
                         [self._cand_cite(cand)])
            detail = f"（{plain}）" if plain else ""
            code = f" [{cand.code}]" if cand.code else ""
            c.say(f"{i}. {cand.table}：{cand.label}{code}{detail}，{cand.column}：{show(cand.value, cand.unit)}{m}")
        return "answered" if primary is not None else "clarify"

    def _period(self, r: ToolResult) -> str:
        years = re.findall(r"(20\d{2})年", r.label)
        return "" if years else f"（{self.doc.year}年预算）"

    def _change(self, c: Composer, u: Understanding, items: list[str], table: str | None, text: str) -> str | None:
        if not items and u.measure:
            items = [u.measure]
        if not items:
            st = self._statement([], u.text, conv=Conversation())
            broad = re.search(r"总|预算|收支", text) or (u.has("change") and not u.has("reason"))
            items = [st.subject] if st is not None else (["总支出"] if broad else [])  # '今年比去年多花了多少
        if not items:
            return self._reason_only(c, u, strip_frame(text), text) if u.has("reason") else None
        r = T.change(self.doc, items[0], table=table)
        if r.status == "ambiguous":
            return self._readings(c, u, r)
        if not r.ok:
            if u.has("reason"):
                return self._reason_only(c, u, items[0], text)
            return None
        self._say_change(c, u, r)
        if u.has("ratio"):  # '本年是上年的几倍': this year's figure over last year's
            now, before = (r.figures + [None, None])[:2]
            if now is not None and before is not None and before.value:
                q = T.ratio_of(now.value, before.value, f"{now.label} ÷ {before.label}")
                if q.ok:
                    m = c.figure(q.label, q.value, q.unit, now.citations + before.citations, basis="computed",
                                 computation=q.computation)
                    c.say(f"今年是上年的 {q.shown}{m}（{q.computation}）。" if u.language == "zh"
                          else f"This year is {q.shown} last year's{m} ({q.computation}).")
        self._driver(c, u, items[0], r)
        if u.has("reason"):
            self._reason(c, u, r, items[0], text)
        return "answered"

    def _say_change(self, c: Composer, u: Understanding, r: ToolResult) -> None:
        cur, prev = (r.figures + [None, None])[:2]
        marks_cur = c.sub_figure(cur) if cur else ""
        marks_prev = (c.figure(prev.label, prev.value, prev.unit, prev.citations, basis=prev.basis,
                               computation=r.computation) if prev else "")
        marks = c.result_figure(r, label=f"{_base_label(r.label)}（变化额）")
        if r.rate is not None:
            c.figure(f"{_base_label(r.label)}（变化率）", r.rate, "%", r.citations, basis="computed",
                     computation=r.computation)
        y, py = self.doc.year, self.doc.year - 1
        up = r.value is not None and r.value > 0
        same = r.value is not None and r.value == 0
        rate = f"，{'增长' if up else '下降'} {abs(r.rate):.2f}%" if r.rate is not None and not same else ""
        basis = "（上年数由文字说明推算）" if r.basis == "derived" else ""
        if u.language == "en":
            verb = "an increase of" if up else ("unchanged:" if same else "a decrease of")
            growth = "growth" if up else "a fall"
            c.say(f"{_base_label(r.label)}: {y} budget {cur.shown if cur else ''}{marks_cur}, {py} budget "
                  f"{prev.shown if prev else ''}{marks_prev}; {verb} {show(abs(r.value), r.unit)}"
                  + (f", {growth} of {abs(r.rate):.2f}%" if r.rate is not None and not same else "") + f"{marks}.")
            c.say(f"Calculation: {r.computation}")
            return
        if same:
            c.say(f"{_base_label(r.label)}：{y}年预算 {cur.shown}{marks_cur}，{py}年预算 {prev.shown}{marks_prev}，与上年持平。")
        else:
            c.say(f"{_base_label(r.label)}：{y}年预算 {cur.shown if cur else ''}{marks_cur}，{py}年预算 "
                  f"{prev.shown if prev else ''}{marks_prev}{basis}，比上年{'增加' if up else '减少'} "
                  f"{show(abs(r.value), r.unit)}{rate}{marks}。")
        c.say(_calc(u, r.computation))

    def _driver(self, c: Composer, u: Understanding, item: str, r: ToolResult) -> None:
        "Which part changed most (when the item has parts with both years)"
        b = T.breakdown(self.doc, item)
        if not b.ok or len(b.figures) < 2:
            return
        best = None
        for f in b.figures:
            ch = T.change(self.doc, f.label)
            if ch.ok and ch.value is not None and ch.basis != "derived":
                if best is None or abs(ch.value) > abs(best.value):
                    best = ch
        if best is None or not best.value:
            return
        m = c.result_figure(best, label=f"{_base_label(best.label)}（变化额）")
        verb = "增加" if best.value > 0 else "减少"
        if u.language == "en":
            c.say(f"The largest change is in {_base_label(best.label)}: {'an increase of' if best.value > 0 else 'a decrease of'} "
                  f"{show(abs(best.value), best.unit)} ({best.computation}){m}.")
        else:
            c.say(f"其中变化最大的是{_base_label(best.label)}：{verb} {show(abs(best.value), best.unit)}"
                  f"（{best.computation}）{m}。")

    def _reason(self, c: Composer, u: Understanding, r: ToolResult, item: str, text: str) -> None:
        "Quote the reason the narrative gives, from the paragraph the figure was reconciled with, or by retrieval"
        lines = [x.line for x in r.citations if x.kind == "narrative"]
        paras = [p for p in self.doc.paragraphs if p.line_start in lines]
        # the cited paragraphs, then the reason their section gives ('收支预算增加的主要原因…')
        sections = {p.section for p in paras}
        later = [p for p in self.doc.paragraphs if p.section in sections and p.line_start > min(lines, default=0)]
        direction = r"增加|增长|增多|上升" if (r.value or 0) > 0 else r"减少|下降|降低"
        later = [p for p in later if re.search(direction, sentence_with(p.text, "原因"))]  # same direction only
        for p in paras + later:
            if "原因" in p.text:
                self._quote(c, u, p.part, p.section, p.line_start, sentence_with(p.text, "原因"), "reason")
                return
        p = self._reason_paragraph(item, _base_label(r.label))
        if p is not None:
            self._quote(c, u, p.part, p.section, p.line_start, sentence_with(p.text, "原因"), "reason")
        else:
            c.say("文件没有说明变化的原因。" if u.language == "zh" else "The document does not give a reason.")

    def _reason_paragraph(self, *wordings: str):
        "The narrative paragraph that gives a reason ('原因') about the item: by retrieval, else by shared wording"
        hit = self._search(" ".join(wordings), kind="paragraph", must=("原因",), about=" ".join(wordings))
        if hit is not None:
            inside = [p for p in self.doc.paragraphs
                      if hit.line_start <= p.line_start <= hit.line_end and "原因" in p.text]
            return inside[0] if inside else hit
        best, best_score = None, 0.0
        for w in wordings:
            target = bigrams(norm_key(w))
            for p in self.doc.paragraphs:
                if "原因" not in p.text or not target:
                    continue
                score = len(target & bigrams(norm_key(p.text))) / len(target)
                if score > best_score:
                    best, best_score = p, score
        return best if best_score >= 0.5 else None

    @cached_property
    def _source_lines(self) -> list[str]:
        "The document's lines, whitespace and tags removed, for locating a quote (the text export's or the PDF's)"
        return [re.sub(r"</?p>|\s", "", x) for x in self.doc.lines]

    def _line(self, n: int) -> str:
        "Source line n (1-based)"
        return self._source_lines[n - 1] if 0 < n <= len(self._source_lines) else ""

    def _paragraph_at(self, line: int):
        return next((p for p in self.doc.paragraphs if p.line_start <= line <= p.line_end), None)

    def _reason_only(self, c: Composer, u: Understanding, item: str, text: str) -> str | None:
        "A why-question with no two-year figure: a project's own goal, else the narrative's reason"
        names = self._performance_names(text) or [x for x in self.doc.performance if norm_key(item) in norm_key(x.name)]
        if not names:
            p = self._reason_paragraph(item)
            if p is not None:
                self._quote(c, u, p.part, p.section, p.line_start, sentence_with(p.text, "原因"), "reason")
                return "answered"
        if names and names[0].overall_goal:
            t = names[0]
            r = T.performance(self.doc, t.name)
            if r.value is not None:
                mm = c.figure(f"{t.name}（年度预算资金）", r.value, r.unit, r.citations)
                c.say(f"{t.name}年度预算资金 {show(r.value, r.unit)}{mm}。" if u.language == "zh"
                      else f"{t.name}: annual budget {show(r.value, r.unit)}{mm}.")
            goal_line = next((ln for ln in range(t.line_start, t.line_end + 1)
                              if t.overall_goal[:12] in self._line(ln)), t.line_start)
            m = self._cite_passage(c, "第三部分", f"绩效目标表：{t.name}", goal_line, t.overall_goal)
            c.say(f"{t.name}的年度目标写道：“{t.overall_goal}”{m}" if u.language == "zh"
                  else f"The goal of {t.name} reads: “{t.overall_goal}”{m}")
            return "answered"
        return None

    def _purpose(self, c: Composer, u: Understanding, items: list[str], text: str) -> str | None:
        """What money or a thing is used for: the narrative sentence that names the item with a purpose word
        (主要用于, 用于, 主要是 …), else a project's own goal"""
        words = sorted({norm_key(w) for w in [*items, *mentions(self.doc, text)] if len(norm_key(w)) >= 2}, key=len,
                       reverse=True)
        words += [norm_key(t) for w in list(words) for t in ITEM_ALIASES.get(w, ())]
        asked = bigrams(strip_frame(PURPOSE_RE.sub("", re.sub(r"平时|一般|主要|那辆|这辆|那笔|这笔|单位的?", "", text))))
        best = None
        for p in self.doc.paragraphs:
            for sentence in re.split(r"(?<=[。；;])", p.text):
                if not PURPOSE_WORDS_RE.search(sentence):
                    continue
                key = norm_key(sentence)
                hit = next((w for w in words if w in key), None)
                # no word of the document in the question ('公务车'): most of its character pairs in the sentence
                overlap = len(asked & bigrams(key)) / len(asked) if asked and not hit else 0
                if hit or overlap >= 0.5:
                    score = (len(hit) if hit else overlap, -len(sentence))
                    if best is None or score > best[0]:
                        best = (score, p, sentence.strip())
        if best is not None:
            _, p, sentence = best
            m = self._cite_passage(c, p.part, p.section, p.line_start, sentence)
            c.say(f"文件说明的用途：“{sentence}”{m}" if u.language == "zh" else f"The document says what it is for: “{sentence}”{m}")
            return "answered"
        return self._reason_only(c, u, items[0], text) if items else None

    def _cand_cite(self, cand) -> Citation:
        "A reading's cell as the table prints it (row, column, page), not as the resolver named it"
        for it in catalog(self.doc).items:
            if it.table_name == cand.table and it.label == cand.label and it.line == cand.line and \
                    cand.column in it.measures:
                return it.citation(cand.column)
        return Citation(kind="table", table=cand.table, row_label=cand.label, row_code=cand.code, column=cand.column,
                        line=cand.line)

    def _cite_passage(self, c: Composer, part: str, section: str, line: int, quote: str) -> str:
        "A quoted passage's marker; its citation names the page of a PDF (第N页)"
        page = next((p.page for p in self.doc.paragraphs if p.line_start <= line <= p.line_end), 0)
        return c.cite([Citation(kind="narrative", part=part, section=section, line=line, quote=quote, page=page or 0)])

    def _quote(self, c: Composer, u: Understanding, part: str, section: str, line: int, quote: str, why: str) -> None:
        m = self._cite_passage(c, part, section, line, quote)
        lead = {"reason": ("文件说明的原因：", "The document gives this reason: "),
                "passage": ("文件原文：", "The document says: "),
                "definition": ("", "")}[why]
        c.say(f"{lead[0] if u.language == 'zh' else lead[1]}“{quote}”{m}")

    def _share(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        category = next((w for w in CATEGORY_WORDS if w in u.text), None)
        if category:  # '<某类>项目占项目支出的比例'
            items = [category] + [i for i in items if category not in i][-1:]
        measure = u.measure
        if measure and len(items) == 1 and STANDARD_WHOLES.get(measure) == norm_key(items[0]):
            items, measure = [measure, items[0]], None  # '公用经费占基本支出': the column is the part, the row its whole
        part, whole = items[0], (items[1] if len(items) > 1 else None)
        if whole is not None and _is_whole(part) and not _is_whole(whole):
            part, whole = whole, part  # 'what share of the total goes to X'

        r = _retry_ambiguous(lambda t: T.share(self.doc, part, whole, measure=measure, table=t), table)
        standard = STANDARD_WHOLES.get(norm_key(part))
        if whole is None and r.status == "not_found" and standard:  # '基本支出占多少': of the whole it is half of
            r = _retry_ambiguous(lambda t: T.share(self.doc, part, standard, measure=measure, table=t), table)
        if r.status == "ambiguous":
            return self._readings(c, u, r)
        if not r.ok or r.value is None:
            return None
        a, b = (r.figures + [None, None])[:2]
        ma = c.sub_figure(a) if a else ""
        mb = c.sub_figure(b) if b else ""
        m = c.result_figure(r)
        if u.language == "en":
            c.say(f"{r.label}: {r.shown}{m} ({r.computation}).")
        else:
            c.say(f"{a.label if a else part} {a.shown if a else ''}{ma}，{b.label if b else ''} {b.shown if b else ''}{mb}，"
                  f"占比 {r.shown}{m}。")
            c.say(_calc(u, r.computation))
        return "answered"

    def _ratio(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = _retry_ambiguous(lambda t: T.ratio(self.doc, items[0], items[1], measure=u.measure, table=t), table)
        if not r.ok or r.value is None:
            return None
        a, b = (r.figures + [None, None])[:2]
        ma, mb = (c.sub_figure(a) if a else ""), (c.sub_figure(b) if b else "")
        m = c.result_figure(r)
        times = T.ratio_of(a.value, b.value, f"{a.label} ÷ {b.label}（倍数）")
        times.citations = r.citations
        mt = c.result_figure(times) if times.ok else ""
        c.say(f"{a.label} {a.shown}{ma}，{b.label} {b.shown}{mb}；前者是后者的 {times.shown}{mt}（{r.shown}{m}）。"
              if u.language == "zh" else f"{a.label}: {a.shown}{ma}; {b.label}: {b.shown}{mb}; {times.shown}{mt} "
                                         f"({r.shown}{m}).")
        c.say(_calc(u, times.computation))
        diff = T.compare(self.doc, items[0], items[1], measure=u.measure, table=table)
        if diff.ok and diff.value is not None and re.search(r"多出|多多少|相差|差多少", u.text):
            md = c.result_figure(diff, label=f"{a.label} − {b.label}")
            c.say(f"相差 {show(abs(diff.value), diff.unit)}（{diff.computation}）{md}。")
        return "answered"

    def _compare(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = _retry_ambiguous(lambda t: T.compare(self.doc, items[0], items[1], measure=u.measure, table=t), table)
        if r.status == "ambiguous":
            return self._readings(c, u, r)
        if not r.ok:
            return None
        a, b = (r.figures + [None, None])[:2]
        ma, mb = (c.sub_figure(a) if a else ""), (c.sub_figure(b) if b else "")
        m = c.result_figure(r, label=f"{a.label if a else items[0]} − {b.label if b else items[1]}")
        if u.language == "en":
            c.say(f"{a.label}: {a.shown}{ma}; {b.label}: {b.shown}{mb}. Difference: {r.computation}{m}.")
        else:
            more = a.label if r.value and r.value > 0 else b.label
            c.say(f"{a.label} {a.shown}{ma}，{b.label} {b.shown}{mb}；{more}更多，相差 {show(abs(r.value), r.unit)}{m}。")
            c.say(_calc(u, r.computation))
        return "answered"

    def _compare_readings(self, c: Composer, u: Understanding, item: str, table: str | None) -> str | None:
        "'两个X差多少': one wording with exactly two amounts in one table; the difference of the larger and the smaller"
        r = T.lookup(self.doc, item, measure=u.measure, table=table)
        cands = [x for x in r.candidates if x.value is not None] if r.status == "ambiguous" else []
        tables = {x.table for x in cands}
        if len(cands) != 2 or len(tables) != 1 or cands[0].value == cands[1].value:
            return None
        big, small = sorted(cands, key=lambda x: x.value, reverse=True)
        labels = [f"{x.label}（{x.table}；{x.detail}）" if x.detail else f"{x.label}（{x.table}）" for x in (big, small)]
        if labels[0] == labels[1]:  # nothing but their place tells them apart
            labels = [f"{lab[:-1]}；第{x.page}页）" if getattr(x, "page", 0) else f"{lab[:-1]}；第{x.line}行）"
                      for lab, x in zip(labels, (big, small))]
        marks = [c.figure(lab, x.value, x.unit, [self._cand_cite(x)]) for lab, x in zip(labels, (big, small))]
        d = T.difference(big.value, small.value, big.unit, f"{labels[0]} − {labels[1]}")
        md = c.figure(d.label, d.value, d.unit, [self._cand_cite(big), self._cand_cite(small)], basis="computed",
                      computation=d.computation)
        if u.language == "en":
            c.say(f"{labels[0]}: {show(big.value, big.unit)}{marks[0]}; {labels[1]}: {show(small.value, small.unit)}"
                  f"{marks[1]}. Difference: {d.shown}{md} ({d.computation}).")
        else:
            c.say(f"“{item}”有两项：{labels[0]} {show(big.value, big.unit)}{marks[0]}，{labels[1]} "
                  f"{show(small.value, small.unit)}{marks[1]}；相差 {d.shown}{md}。")
            c.say(_calc(u, d.computation))
        return "answered"

    def _total(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = T.total(self.doc, list(dict.fromkeys(items)), measure=u.measure, table=table, all_matches=True)
        if not r.ok or r.value is None or len(r.figures) < 2:
            return None  # one addend is a plain value
        scoped = _agency_figures(r.figures, u.text)
        if len(scoped) < len(r.figures):  # the question names 机关 or 事业单位: only that class's rows add up
            if len(scoped) < 2:
                return None
            r = T.total(self.doc, [f.label for f in scoped], measure=u.measure, table=table)
            if not r.ok or r.value is None:
                return None
        for f in r.figures:
            c.sub_figure(f)
        m = c.result_figure(r)
        name = _sum_name([f.label for f in r.figures])
        total = (f"{name}合计 {r.shown}{m}：{r.computation}。" if u.language == "zh"
                 else f"Total of {name}: {r.shown}{m} ({r.computation}).")
        each = re.search(r"分别|各自|各是|各为|各多少|respectively|each", u.text)
        if not each:  # '一共多少': the sum first; '分别多少': the parts first, then their sum
            c.say(total)
        for f in r.figures:
            c.say(f"- {f.label}：{f.shown}{c.cite(f.citations)}")
        if each:
            c.say(total)
        return "answered"

    def _breakdown(self, c: Composer, u: Understanding, items: list[str], table: str | None) -> str | None:
        r = T.breakdown(self.doc, items[0], measure=u.measure, table=table)
        if r.status == "ambiguous":
            return self._readings(c, u, r)
        if not r.ok:
            return None
        m = c.result_figure(r)
        c.say(f"{r.label}：{r.shown}{m}，由以下各项构成：" if u.language == "zh" else f"{r.label}: {r.shown}{m}, made up of:")
        for f in r.figures:
            share = f"，占 {f.share:.2f}%" if f.share is not None else ""
            c.say(f"- {f.label}：{f.shown}{share}{c.sub_figure(f)}")
        if r.computation:
            c.say(_calc(u, r.computation))
        return "answered"

    def _rank(self, c: Composer, u: Understanding, items: list[str], table: str | None, conv: Conversation) -> str | None:
        n = u.top_n or (1 if re.search(r"最(大|多|高|少|小|低)的?(?!.{0,3}几)", u.text)
                        or re.search(r"\bthe (largest|biggest|highest|smallest|lowest)\b(?! \d)", u.question.lower())
                        else 5)
        level = ("款" if re.search(r"款", u.text) else "项" if re.search(r"(?<!目)项级|[“\"]项[”\"]", u.text)
                 else ("类" if re.search(r"类(?!型)", u.text) and "项目类" not in u.text else None))
        second = re.search(r"第([二三四五])", u.text)
        if second and not u.top_n:
            n = max(n, {"二": 2, "三": 3, "四": 4, "五": 5}[second.group(1)])
        if table is None and level is not None:
            summary = self.doc.table(TableKind.expenditure_summary)
            table = summary.title if summary is not None else None

        def ranked(measure):
            return T.rank(self.doc, table=table or _project_table(self.doc), n=n,
                          order="bottom" if u.ascending else "top", level=level, measure=measure)

        r = ranked(u.measure)
        if not r.ok and u.measure:
            r = ranked(None)  # '前N名': the measure word named the table, not a column
        if not r.ok:
            return None  # type: ignore[return-value]
        c.say(f"{r.label}：" if u.language == "zh" else f"{r.label}:")
        for f in r.figures:
            c.say(f"- {f.label}：{f.shown}{c.sub_figure(f)}")
        if len(r.figures) >= 1:
            conv.focus = _strip_rank(r.figures[0].label)
            if u.has("share"):  # '最大的是什么？占多少？'
                sh = T.share(self.doc, conv.focus, table=table or _project_table(self.doc))
                if sh.ok and sh.value is not None:
                    m = c.result_figure(sh)
                    c.say(f"{sh.label}：{sh.shown}{m}（{sh.computation}）" if u.language == "zh"
                          else f"{sh.label}: {sh.shown}{m} ({sh.computation})")
        return "answered"

    def _empty_table(self, text: str):
        "An empty table (with its 注) that the question asks about, e.g. 政府性基金预算支出"
        q = norm_key(text)
        for t in self.doc.tables:
            if t.frame.empty and t.note:
                stem = norm_key(re.sub(r"(情况表|表)$", "", t.title))
                if stem in q or stem.replace("预算", "") in q:
                    return t
        return None

    def _implementer_in(self, text: str) -> str | None:
        "A budget unit the question names (without its city prefix): '社会保险事业中心'"
        q = norm_key(text)
        for unit in self.doc.units:
            name = norm_key(unit.text)
            short = name.split("市", 1)[1] if "市" in name[:6] else name
            if len(short) >= 4 and short in q:
                return short
        return None

    def _count(self, c: Composer, u: Understanding, items: list[str], table: str | None, text: str) -> str | None:
        unit = self._implementer_in(text)
        if unit and re.search(r"项目", text):
            r = T.count(self.doc, implementer=unit, table=_project_table(self.doc))
            if r.ok and r.value is not None:
                return self._say_count(c, u, r, listing=True)
        if re.search(r"单位", text) and not re.search(r"项目", text):
            return self._organisation(c, u, "units", text)
        if re.search(r"职责|职能", text):
            return self._organisation(c, u, "duties", text)
        categories = [w for w in CATEGORY_WORDS if w in text]
        if not re.search(r"项目|project", text) and not categories:
            return self._passages(c, u, text, must_digit=True)
        status = None
        for category in categories or [None]:
            r = T.count(self.doc, category=category, table=_project_table(self.doc))
            if r.ok and r.value is not None:
                status = self._say_count(c, u, r, listing=len(categories) == 1)
        return status

    def _say_count(self, c: Composer, u: Understanding, r: ToolResult, listing: bool) -> str:
        m = c.result_figure(r)
        c.say(f"{r.label}：{r.shown}{m}。" if u.language == "zh" else f"{r.label}: {r.shown}{m}.")
        amounts = re.search(r"金额合计[^=]*=\s*([\d,\.]+)", r.computation)
        if amounts:
            value = Decimal(amounts.group(1).replace(",", ""))
            unit = r.figures[0].unit if r.figures else (self.doc.narrative_unit or "万元")
            mm = c.figure(f"{r.label}（金额合计）", value, unit, r.citations, basis="computed", computation=r.computation)
            c.say(f"{re.sub(r'的项目数$', '', r.label)}金额合计 {show(value, unit)}{mm}。")
        if listing:
            for f in r.figures[:12]:
                c.say(f"- {f.label}：{f.shown}{c.sub_figure(f)}")
        return "answered"

    def _organisation(self, c: Composer, u: Understanding, topic: str, text: str) -> str:
        if topic == "duties" and not re.search(r"哪些|几项|多少|列出|全部|所有|主要职责|duties", text):
            hit = self._search(text, kind="duty")
            if hit is not None:
                self._quote(c, u, hit.part, hit.section, hit.line_start, hit.text, "passage")
                return "answered"
        r = T.organisation(self.doc, topic)  # type: ignore[arg-type]
        if not r.ok:
            return None  # type: ignore[return-value]
        m = c.result_figure(r)
        c.say(f"{r.label}{m}：" if u.language == "zh" else f"{r.label}{m}:")
        for fact in r.facts:
            c.say(f"{fact.label}. {fact.text}{c.cite(fact.citations, 1)}")
        return "answered"

    @cached_property
    def _internal_bodies(self) -> ToolResult:
        return T.internal_bodies(self.doc)

    def _body_named(self, text: str):
        "The internal body (内设机构) a question names ('法律事务科负责哪些工作'), if any"
        q = norm_key(text)
        names = [f for f in self._internal_bodies.facts if len(norm_key(re.sub(r"（.*?）", "", f.text))) >= 3
                 and norm_key(re.sub(r"（.*?）", "", f.text)) in q]
        return max(names, key=lambda f: len(f.text)) if names else None

    def _bodies(self, c: Composer, u: Understanding, text: str) -> str | None:
        "The 内设机构 of 机构设置: one body's paragraph, the body that does something, or how many and which"
        r = self._internal_bodies
        if not r.ok:
            return None
        body = self._body_named(text)
        asks_which = re.search(r"哪个科|哪一个科|哪个处|哪个部门|谁负责|由谁", text)
        if body is None and asks_which:
            duties = [f for f in r.facts if len(f.citations[0].quote) > len(f.text) + 4]
            qg = bigrams(norm_key(re.sub(r"哪个科|哪一个科|哪个处|哪个部门|谁负责|由谁|负责|是|的|[？?]", "", text)))
            scored = sorted(((len(qg & bigrams(norm_key(f.citations[0].quote))), f) for f in duties),
                            key=lambda x: -x[0])
            body = scored[0][1] if scored and scored[0][0] >= 2 else None
        if body is not None and len(body.citations[0].quote) > len(body.text) + 4:
            cite = body.citations[0]
            self._quote(c, u, cite.part, cite.section, cite.line, cite.quote, "passage")
            return "answered"
        if body is not None:
            return None
        m = c.result_figure(r)
        names = "、".join(f.text for f in r.facts)
        c.say(f"内设机构共 {int(r.value)} 个{m}" + (f"：{names}" if names else "") + "。" if u.language == "zh" else
              f"Internal bodies: {int(r.value)}{m}" + (f": {names}" if names else "") + ".")
        return "answered"

    @cached_property
    def _projects(self) -> dict[str, str]:
        """Per-project narrative sections ('项目经费情况说明 / 科技创新专项经费情况说明 / 一、项目概述'): the project's
        short name ('科技创新专项') → its section path"""
        out: dict[str, str] = {}
        for p in self.doc.paragraphs:
            path = p.section.split(" / ")
            if len(path) == 3:
                name = norm_key(path[1])
                while PROJECT_TITLE_TAIL.search(name):
                    name = PROJECT_TITLE_TAIL.sub("", name)
                if len(name) >= 2:
                    out.setdefault(name, " / ".join(path[:2]))
        return out

    def _project_named(self, text: str, conv: Conversation, u: Understanding) -> str | None:
        "The project (of the per-project explanations) a question names, or the conversation's when it refers back"
        if not self._projects:
            return None
        q = norm_key(text)
        exact = [n for n in self._projects if n in q]
        if exact:
            return max(exact, key=len)
        qg = bigrams(q)
        scored = sorted(((len(bigrams(n) & qg) / len(bigrams(n)), len(bigrams(n) & qg), n) for n in self._projects),
                        reverse=True)
        if scored and scored[0][0] >= 0.6 and scored[0][1] >= 4:
            return scored[0][2]
        topic = any(re.search(rx, text) for rx, _ in PROJECT_TOPICS[:5])
        if conv.items and conv.items[0] in self._projects and topic and (u.followup or len(q) <= 12):
            return conv.items[0]
        return None

    def _project(self, c: Composer, u: Understanding, project: str, items: list[str], text: str) -> str | None:
        "What a project's 经费情况说明 says under the heading the question asks for (its amount stated as a figure)"
        path = self._projects[project]
        topic = next((h for rx, h in PROJECT_TOPICS if re.search(rx, text)), None)
        paras = [p for p in self.doc.paragraphs if p.section.startswith(path + " / ")]
        wanted = [h for h in ((topic,) if topic else ("项目概述", "年度预算"))]
        shown = False
        for heading in wanted:
            for p in (p for p in paras if heading in p.section.split(" / ")[-1]):
                m = self._cite_passage(c, p.part, p.section, p.line_start, p.text)
                if heading == "年度预算":
                    total = re.search(r"总预算\s*(\d[\d,]*(?:\.\d+)?)\s*万", p.text)
                    if total:
                        value = Decimal(total.group(1).replace(",", ""))
                        unit = self.doc.narrative_unit or "万元"
                        mark = c.figure(f"{project}年度预算", value, unit, [c.citations[-1]])
                        c.say(f"{project}{self.doc.year}年度预算为 {show(value, unit)}{mark}。")
                c.say(f"{p.section.split(' / ')[-1]}：“{p.text}”{m}")
                shown = True
        if not shown:
            return None
        items[:] = [project]
        return "answered"

    def _performance_names(self, text: str) -> list:
        "绩效目标表 the question names: exactly, or by most of the name's wording ('乡村人才振兴技能提升培训')"
        q = norm_key(text)
        exact = [p for p in self.doc.performance if norm_key(p.name) in q]
        if exact:
            return exact
        qg = bigrams(q)
        scored = []
        for p in self.doc.performance:
            name = norm_key(re.sub(r"(经费|资金|费用|费)$", "", p.name))
            g = bigrams(name)
            if g:
                # most of the name, or a distinctive run of it ('三支一扶', '创业担保贷款市级贴息')
                run, text_run = _common_run(name, q)
                distinctive = run >= 4 and sum(text_run in norm_key(x.name) for x in self.doc.performance) <= 2
                scored.append((max(len(g & qg) / len(g), 0.75 + run / 100 if distinctive else 0.0), p))
        best = max((s for s, _ in scored), default=0.0)
        return [p for s, p in scored if s >= 0.75 and s >= best - 0.001]

    def _performance(self, c: Composer, u: Understanding, items: list[str], text: str, conv: Conversation) -> str | None:
        names = self._performance_names(text)
        if not names and conv.items:
            names = self._performance_names(conv.items[0])
        target = names[0].name if names else (items[0] if items else (conv.items[0] if conv.items else None))
        if not target:
            return None
        r = T.performance(self.doc, target)
        if r.status == "not_found" or not r.facts:
            return None  # an ambiguous name keeps every table's facts, labelled by 实施单位
        want_unit = re.search(r"谁|实施|负责|哪个单位|哪家单位|implement", text)
        want_goal = re.search(r"总体目标|做什么|干什么|goal", text)
        words = bigrams(norm_key(re.sub(r"谁|实施|负责|多少|要|是|的|吗|呢|？|\?|" + re.escape(target), "", text)))
        facts = r.facts
        picked = []
        for f in facts:
            if want_unit and "实施单位" in f.label:
                picked.append(f)
            elif want_goal and "年度总体目标" in f.label:
                picked.append(f)
        if not picked:
            words -= bigrams(norm_key(target))
            money = bool(re.search(r"多少钱|标准|成本|花多少|每人|每个人|一个人|人均|补(?:贴|助)?多少", text))
            scored = sorted(((len(words & bigrams(norm_key(f.label.split("/")[-1])))
                              + 2 * _unit_asked(f.text, text) + 2 * (money and "元" in f.text), f)
                             for f in facts if "/" in f.label), key=lambda x: -x[0])
            picked = [f for s, f in scored[:3] if s >= 2]
            if len(picked) > 1 and scored[0][0] >= scored[1][0] + 2:
                picked = picked[:1]
        if not picked:
            picked = [f for f in facts if "实施单位" in f.label or "年度预算资金" in f.label] + \
                     [f for f in facts if "/" in f.label][:4]
        if r.value is not None:  # a project's targets come with its budget, stated (a figure is only listed if said)
            m = c.figure(f"{target}（年度预算资金）", r.value, r.unit, r.citations)
            c.say(f"{target}年度预算资金 {show(r.value, r.unit)}{m}。" if u.language == "zh"
                  else f"{target}: annual budget {show(r.value, r.unit)}{m}.")
        c.say(f"{target}：" if u.language == "zh" else f"{target}:")
        for f in picked:
            target_value = INDICATOR_VALUE_RE.match(f.text)
            if target_value:  # a numeric target is a figure of the answer, checked like any other
                value = Decimal(target_value.group("value").replace(",", ""))
                marks = c.figure(f.label.replace(target + " ", ""), value, target_value.group("unit") or "",
                                 f.citations[:1])
            else:
                marks = c.cite(f.citations, 1)
            c.say(f"- {f.label.replace(target + ' ', '')}：{f.text}{marks}")
        items[:] = [target]  # the conversation's topic is the project, whatever wording named it
        return "answered"

    def _definition(self, c: Composer, u: Understanding, items: list[str], text: str) -> str | None:
        q = norm_key(text)
        terms = sorted((t for t in self.doc.glossary if norm_key(t) and norm_key(t) in q), key=len, reverse=True)
        if terms:
            e = self.doc.glossary[terms[0]]
            m = self._cite_passage(c, "第四部分", "名词解释", e.line, f"{e.term}：{e.definition}")
            c.say(f"{e.term}：{e.definition}{m}")
            return "answered"
        about = " ".join(items) or text
        hit = self._search(text, kind="glossary", about=about)
        if hit is None:
            hit = self._glossary_mention(items)
        if hit is not None:
            quote = sentence_with(hit.text, *items) if items else hit.text
            m = self._cite_passage(c, hit.part, hit.section, hit.line_start, quote)
            c.say(f"{quote}{m}")
            return "answered"
        return None

    def _glossary_mention(self, items: list[str]):
        "A glossary entry whose definition names the item (公务接待费 is defined inside “三公”经费)"
        for e in self.doc.glossary.values():
            for item in items:
                if len(item) >= 3 and item in e.definition:
                    return _Passage("第四部分", "名词解释", e.line, f"{e.term}：{e.definition}")
        return None

    def _passages(self, c: Composer, u: Understanding, text: str, must_digit: bool = False) -> str | None:
        "No table figure answers: quote the passage that does, if one clearly does"
        must_digit = must_digit or bool(re.search(r"多少|几|how (?:much|many)", text.lower()))  # an amount needs a number
        found = mentions(self.doc, text)
        phrase = " ".join(found + [t for w in found for t in ITEM_ALIASES.get(w, ())]) or text
        hit = self._search(text, about=phrase, digit=must_digit)
        if hit is None:
            return None
        keyword = next((w for w in re.findall(r"[\u4e00-\u9fff]{2}", phrase) if w in hit.text), "")
        quote = sentence_with(hit.text, keyword) if keyword else hit.text
        asks_money = re.search(r"多少钱|花了?多少|有多少钱|how much", text.lower()) and not re.search(r"多少(人|个|辆|次|家)", text)
        parts = re.split(r"[，,；;。]", quote)
        near = {j for i, x in enumerate(parts) if not keyword or keyword in x for j in (i, i + 1)}
        clauses = [parts[j] for j in sorted(near) if j < len(parts)] or [quote]  # the keyword's clause and the next
        if asks_money and not any("元" in x for x in clauses):
            return None  # a passage that names the thing but gives no money for it does not answer 'how much'
        self._quote(c, u, hit.part, hit.section, hit.line_start, quote, "passage")
        return "answered"

    def _chart(self, c: Composer, u: Understanding, items: list[str], text: str) -> str | None:
        try:
            from . import charts
        except ImportError:
            return None
        cited = charts.cited_chart_for(self.doc, text)
        if cited is None:
            return None
        spec = cited.spec
        c.chart = spec
        c.say(f"图：{spec.title}（单位：{spec.unit}）" if u.language == "zh" else f"Chart: {spec.title} ({spec.unit})")
        for i, (label, value) in enumerate(zip(spec.labels, spec.values)):
            series = f"（{spec.series[i]}）" if i < len(spec.series) and spec.series[i] else ""
            marks = c.figure(f"{label}{series}", value, spec.unit, cited.citations[i] if i < len(cited.citations) else [])
            c.say(f"- {label}{series}：{show(value, spec.unit)}{marks}")
        return "answered"

    # --- retrieval --------------------------------------------------------------------------------------------------
    def _search(self, query: str, kind: str | None = None, must: tuple[str, ...] = (), about: str | None = None,
                digit: bool = False):
        "The best passage that contains the required words and shares enough wording with ``about``"
        if self.retriever is None:
            return None
        hits = self.retriever.search(query, k=8, kind=kind)
        core = strip_frame(about) if about else ""
        target = (set(core) if len(core) <= 3 else bigrams(core)) if core else set()
        for h in hits:
            chunk = h.chunk
            if must and not all(w in chunk.text for w in must):
                continue
            if digit and not re.search(r"\d", chunk.text):
                continue
            if target:
                body = norm_key(chunk.text + chunk.title)
                overlap = len(target & (set(body) if len(core) <= 3 else bigrams(body))) / max(1, len(target))
                agreed = h.dense_rank == 1 and h.bm25_rank == 1  # both retrievers put it first
                if overlap < 0.34 and not agreed:
                    continue
            return chunk
        return None

    # --- scope ------------------------------------------------------------------------------------------------------
    def _out_of_scope(self, u: Understanding, text: str) -> str | None:
        problem = scope.check(self.doc, text + (" " + u.text if u.language == "en" else ""), u.years, u.out_of_scope,
                              prior_year=bool(T.statements(self.doc)) or self._has_prior_year())
        if problem:
            return problem.reason
        if scope.is_injection(text) and not mentions(self.doc, text):
            return "这不是关于本部门预算的问题"
        return None

    def _has_prior_year(self) -> bool:
        "Whether a table of the document has a column of last year"
        return any(str(self.doc.year - 1) in c for t in self.doc.tables for c in t.amount_columns)

    def _refuse(self, c: Composer, reason: str) -> Answer:
        c.lines = []
        c.figures = []
        c.citations = []
        if c.language == "en":
            c.say(f"{CANNOT_ANSWER} (the document does not say): {reason}. This document is the {self.doc.year} "
                  f"department budget of {self.doc.department}; ask about its income, expenditure, “三公” spending, "
                  f"procurement, projects or performance targets.")
        else:
            c.say(f"{CANNOT_ANSWER}：{reason}。本文件是{self.doc.department}{self.doc.year}年部门预算，可以回答其中的收支总额、"
                  f"各项支出、“三公”经费、政府采购、项目及绩效目标等问题。")
        c.suggestions = self._starter_questions()
        return c.answer("not_in_document")

    # --- small texts ------------------------------------------------------------------------------------------------
    def _intro(self, u: Understanding) -> str:
        return (f"您好！我可以回答{self.doc.department}{self.doc.year}年部门预算的问题，每个数字都注明出处。"
                if u.language == "zh" else
                f"Hello! I answer questions about the {self.doc.year} department budget of {self.doc.department}, "
                "with every figure cited.")

    def _starter_questions(self) -> list[str]:
        "Questions any 部门预算 answers, worded neutrally (no assumption about this document's figures)"
        return [f"{self.doc.year}年的支出预算总额是多少？", "“三公”经费和上年相比有什么变化？", "金额最大的项目是哪一个？"]

    def _suggest(self, u: Understanding, items: list[str], part: QueryPart | None = None) -> list[str]:
        "Follow-ups about the item this answer was about (the query's operand), each a question the tools answer"
        item = part.operands[0].item if part is not None and part.operands else (items[0] if items else "")
        item = re.sub(r"\s*\[[\d\s]+\]", "", item)
        if not item or len(norm_key(item)) < 2:
            return self._starter_questions()
        if u.has("rank", "count"):
            return ["项目支出总额是多少？", "“三公”经费和上年相比有什么变化？", f"{item}占总支出的比例是多少？"]
        if u.has("change", "reason"):
            return [f"{item}占总支出的比例是多少？", "金额最大的项目是哪一个？", "基本支出和项目支出各是多少？"]
        return [f"{item}占总支出的比例是多少？", "基本支出和项目支出各是多少？", "金额最大的项目是哪一个？"]

    def _table_of(self, c: Composer) -> str | None:
        for f in c.figures:
            for n in f.citations:
                cite = c.citations[n - 1] if 0 < n <= len(c.citations) else None
                if cite is not None and cite.kind == "table":
                    return re.sub(r"（(收入|支出)）$", "", cite.table)
        return None


# --- helpers ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Passage:
    part: str
    section: str
    line_start: int
    text: str
    title: str = ""


GOV_AGENCY = ("501", "502", "503", "504")
"""政府预算支出经济分类: 501-504 are 机关 classes, 505-506 are 对事业单位 classes (national standard)."""
GOV_INSTITUTION = ("505", "506")


def _of_class(things: list, question: str, text_of) -> list | None:
    """The things (readings, figures) of 机关 or of 事业单位 when the question says which, by the economic code in
    ``text_of(thing)`` (501–504 vs 505–506); None when the question keeps both"""
    kept = economic_class(question)
    if kept is None:
        return None
    prefixes = GOV_AGENCY if kept == "机关" else GOV_INSTITUTION
    return [x for x in things if re.search(r"\b(?:" + "|".join(prefixes) + r")(?:\d\d)?\b", text_of(x))]


def _by_agency(cands: list, question: str) -> list:
    "Keep the readings of 机关 or of 事业单位 when the question says which"
    return _of_class(cands, question, lambda x: x.detail) or []


def _names_subject(question: str, subject: str) -> bool:
    """Whether a question names a narrative subject: its wording, or its characters in order with at most two others
    between ('X里的<一类>' names 政府采购货物预算; the trailing 预算 may be left out). A wording that is only part of
    a measure's name ('支出预算' inside '基本支出预算') does not count."""
    key = norm_key(subject)
    at = question.find(key)
    if at >= 0:
        for name, _ in MEASURES:
            m = question.find(name)
            if m >= 0 and name != key and m < at + len(key) and at < m + len(name) and not key.startswith(name):
                return False
        return True
    core = re.sub(r"预算$", "", key)
    if len(core) < 5:
        return False
    pattern = ".{0,2}".join(map(re.escape, core))
    return re.search(pattern, question) is not None


def _column_total(cands: list, question: str) -> list:
    """'<列名>是多少': the question names a column, not a row; of the rows read in that column, the table's
    total row answers it"""
    columns = {x.column for x in cands}
    if len(columns) != 1:
        return []
    leaf = norm_key(next(iter(columns)).split("/")[-1])
    if not leaf or leaf not in norm_key(question):
        return []
    return [x for x in cands if norm_key(x.label) in ("合计", "总计") or norm_key(x.label).endswith("合计")]


def _sum_name(labels: list[str]) -> str:
    "What a sum adds up, for its headline: the labels without codes and qualifiers, each named once ('差旅费')"
    bare = [re.sub(r"\s*\[[\d\s]+\]|（[^（）]*）|\([^()]*\)", "", x).strip() for x in labels]
    return "、".join(dict.fromkeys(b for b in bare if b))


AGENCY_RE = re.compile(r"机关(?!运行|事业)")
INSTITUTION_RE = re.compile(r"(?<!机关)事业单位|(?<!机关)事业(?=的|那|这|部分|口径)")


def economic_class(question: str) -> str | None:
    """'机关' or '事业单位' when the question keeps one economic class (501–504 vs 505–506), else None. Words that only
    contain them (机关运行经费, 机关事业单位, 事业运行) do not."""
    agency, institution = bool(AGENCY_RE.search(question)), bool(INSTITUTION_RE.search(question))
    if agency == institution:
        return None
    return "机关" if agency else "事业单位"


def _agency_figures(figures: list, question: str) -> list:
    "The figures of 机关 or of 事业单位 rows when the question says which (by the economic code in their label)"
    if not any(re.search(r"\b5\d\d(?:\d\d)?\b", f.label) for f in figures):
        return figures
    kept = _of_class(figures, question, lambda f: f.label)
    return figures if kept is None else kept


def _calc(u: Understanding, computation: str) -> str:
    return f"计算：{computation}" if u.language == "zh" else f"Calculation: {computation}"


def _common_run(a: str, b: str) -> tuple[int, str]:
    "The longest run of characters two strings share, and its length"
    best, end = 0, 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, end = cur[j], j
        prev = cur
    return best, b[end - best:end]


def _unit_asked(value_text: str, question: str) -> bool:
    "Whether the indicator's unit (人次, 卷, 家 …) is the one the question asks about"
    unit = re.sub(r"^[≥≤=<>]*[\d.]+", "", value_text).strip()
    return bool(unit) and unit != "%" and unit[0] in question


def _is_whole(wording: str) -> bool:
    return bool(re.search(r"总|合计|全部|所有", wording))


def _retry_ambiguous(call, table: str | None) -> ToolResult:
    "Run a two-item tool; when a wording is ambiguous across tables, read it in the first candidate's table"
    r = call(table)
    if r.status == "not_found" and table is not None:
        r = call(None)  # the table hint was wrong for this pair
    if r.status == "ambiguous" and table is None and r.candidates:
        again = call(re.sub(r"（(收入|支出)）$", "", r.candidates[0].table))
        if again.ok:
            return again
    return r




def _input_problem(question: str) -> str | None:
    text = (question or "").strip()
    if not text:
        return "请输入一个关于部门预算的问题，例如：“三公经费为什么增加？”"
    if len(text) > 5 * MAX_QUESTION_CHARS:
        return f"问题太长（{len(text)}字）。请用一两句话提问（{MAX_QUESTION_CHARS}字以内）。"
    visible = re.sub(r"[\s\W_]", "", text)
    if not visible or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text):
        return "没有看懂这个问题。请用中文或英文提问，例如：“支出预算总额是多少？”"
    return None


def _measure_words(u: Understanding) -> tuple[str, ...]:
    from .understand import MEASURES

    if not u.measure:
        return ()
    rx = dict(MEASURES)[u.measure]
    return tuple(m.group(0) for m in re.finditer(rx, u.text.lower()))


def _reunderstand(u: Understanding, zh_text: str) -> Understanding:
    "An English question after its terms were mapped to Chinese: keep the English intents, add the Chinese ones"
    z = understand(zh_text)
    z.language = "en"
    z.question = u.question
    z.intents = list(dict.fromkeys(u.intents + z.intents))
    z.years = u.years or z.years
    z.top_n = u.top_n or z.top_n
    z.out_of_scope = u.out_of_scope or z.out_of_scope
    return z


def _base_label(label: str) -> str:
    return re.sub(r"\s*20\d{2}年比20\d{2}年的变化$", "", label)


def _strip_rank(label: str) -> str:
    return re.sub(r"^第\d+名\s*", "", re.sub(r"（[^（）]*类）$", "", label))


def _project_table(doc: BudgetDocument) -> str | None:
    t = doc.table(TableKind.project_expenditure)
    return t.title if t else None


def _under_pytest() -> bool:
    import sys

    return "pytest" in sys.modules
