"""The parser: a question → its typed query parts, each with the items it is about.

A question is read as written (normalised: Traditional characters, full width, homophone typos), split into parts,
and each part understood (operation words, measure, years; English mapped to Chinese), checked against the
document's scope, given its items (from its own wording, or from the conversation when it names none) and
recorded as a ``QueryPart``. The executor answers what the parser hands it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tools as T
from budget_qa.types import BudgetDocument
from index.text import norm_key

from . import scope
from .conversation import Conversation
from .economic import economic_class, split_by_class
from .english import to_chinese
from .normalize import normalize
from .parts import split as split_parts
from tools.aliases import GENERIC_PAIRS
from tools.resolve import common_run
from tools.describe import abbreviated, described

from .plan import (CATEGORY_WORDS, QUALIFIER_RE, document_key, glossary_terms, item_phrases, mentions, names_whole_budget,
                   stated_subject, statement_within, strip_frame, table_hint, table_short_name, vocabulary,
                   without_own_name, without_table_names)
from .query import INTENT_OPERATION, Operand, Query, QueryPart
from .understand import (AMOUNT_ASKED_RE, AVERAGE_RE, PERIODS, EITHER_RE, MEANING_RE, MEASURES, POINTING_RE, PURPOSE_RE,
                         REFERENCE_RE, Understanding, language_of, understand)

MAX_QUESTION_CHARS = 500


GENERIC_ITEMS = frozenset({"项目", "费用", "经费", "支出", "资金", "钱", "款", "开支", "花销"})
"""Nouns that name no item by themselves ('这个费用', '那个项目')."""


@dataclass
class Subject:
    "What a question part is about: its items and the table it points at"

    items: list[str]
    table: str | None
    inherited: list[str]
    """The conversation's items when the part took them from it (else empty)."""
    unsplit: str | None = None
    """The conversation's item, when the part asks one economic class of it and the document prints it whole."""


BARE_FOLLOWUP_RE = re.compile(r"(?:(?:按|用)?(?:同样|同一|一样的?|相同的?)口径(?:来?算)?[，,]?)?(?:那|那么)?[^，,？?。]{2,24}?"
                              r"(?:的|这块|那块)?(?:呢|的呢)[？?]?")
"""'X呢' (or '同样口径，X呢'): a new subject and nothing else, asking what was asked of the previous one."""

INSIDE_RE = r"(?:这一?(?:款|类|项|块|部分|级)|这个(?:科目|类别|款|类))?(?:里|中|当中|之中|下)"
"""After a name, what makes it the place a figure is looked for in ('X里', 'X这一款里')."""
WHICH_OF_TWO_RE = re.compile(r"^(?:那|那么)?(?:哪个|哪一个|哪项|哪一项|谁)(?:更)?(?:多|大|高|少|小|低)|^(?:相)?差(?:了)?多少|^(?:是)?几倍|"
                             r"^which (?:is|one is) (?:more|bigger|larger|less|smaller)", re.I)
"""'哪个多', '差多少' asked with nothing named: of the last two subjects of the conversation."""
BOTH_RE = re.compile(r"(?:这|那)?(?:两|俩)(?:个|项|者|笔|样|部分)|(?:这|那)俩|二者|两者|\bboth\b|\bthe two\b", re.I)
"""'这两个', '两者', 'both': the last two subjects of the conversation."""
NOT_AMOUNTS = ("performance", "definition", "reason", "duties", "organisation", "count", "rank", "chart",
               "out_of_scope", "greeting")
"""Operations that ask no amount of a row: a row described by its words is not what they are about."""
SEVERAL_ITEMS = ("total", "compare", "share", "ratio")
"""Operations over two or more items: one found word with rare words beside it may be the other item, not a row."""
PLURAL_RE = re.compile(r"(?:这|那)(?:几|些)(?:个|项|笔)?|它们|前(?:几|[二三四五两2-5])(?:个|项|名)")
"""'这几个', '它们', '前三个': every item a ranking listed."""


class Parser:
    "Reads questions about one document"

    def __init__(self, doc: BudgetDocument):
        self.doc = doc

    def query(self, question: str) -> tuple[Query, list[list[str]]]:
        "The question's query (no parts yet) and its parts' wordings, in groups answered from one context"
        normal = normalize(self.doc, question[:MAX_QUESTION_CHARS])
        query = Query(question=question, read_as=normal.text, corrections=normal.corrections,
                      document=f"{self.doc.department} {self.doc.year}年{self.doc.kind_name}")
        text = normal.text
        if language_of(text) == "zh" and re.search(r"[A-Za-z]{3,}", text):
            text = to_chinese(text)  # '政府采购 total多少 goods和service各多少': English terms inside Chinese, mapped
        return query, split_parts(self.doc, text)

    def understand(self, text: str) -> tuple[Understanding, str]:
        "A part understood, and its wording in Chinese (an English question's terms mapped)"
        u = understand(text)
        zh_text = to_chinese(u.text) if u.language == "en" else u.text
        if u.language == "en":
            u = _reunderstand(u, zh_text)
        whole = self._place_as_whole(zh_text)
        if whole != zh_text:
            language, question = u.language, u.question
            zh_text, u = whole, (_reunderstand(u, whole) if u.language == "en" else understand(whole))
            u.language, u.question = language, question
        if not u.has("definition") and self._asks_meaning(zh_text):
            u.intents.insert(0, "definition")
        return u, zh_text

    def _place_as_whole(self, text: str) -> str:
        """'X里Y占总额的比例' → 'X里Y占X的比例': the place named before is the whole, when
        the part is a wording the document has (else the part would be lost and the place's share answered)"""
        m = PLACE_WHOLE_RE.search(text)
        if not m or not (place := strip_frame(m.group("place"))):
            return text
        part = strip_frame(m.group("part"))
        if not part or not (mentions(self.doc, part) or any(x.score >= 0.8 for x in T.resolve(self.doc, part)[:1]) or
                            statement_within(self.doc, place, part) is not None):
            return text
        return text[: m.start("whole")] + place + text[m.end("whole"):]

    def _asks_meaning(self, text: str) -> bool:
        """Whether a question asks what glossary terms mean or cover, in any words, and no amount: '使用非财政拨款结余
        怎么理解', '上年结转跟结转下年有啥区别' (the terms' own words, such as 上年, ask nothing)"""
        terms = glossary_terms(self.doc, text)
        if not terms:
            return False
        rest = norm_key(text)
        for t in terms:  # '基本支出' names the term 基本支出预算 too
            rest = rest.replace(norm_key(t), "，").replace(norm_key(t).removesuffix("预算"), "，")
        return bool(MEANING_RE.search(rest.lower())) and not AMOUNT_ASKED_RE.search(rest.lower()) and \
            not understand(rest).has("change", "share", "rank", "compare", "ratio", "total", "reason")

    def subject(self, u: Understanding, zh_text: str, conv: Conversation) -> Subject:
        "The items a part names, or the conversation's when it refers back; and the table it points at"
        context: tuple[str, ...] = ()
        if u.measure and re.search(f"(?:{dict(MEASURES)[u.measure]})[\u4e00-\u9fff]{{0,10}}表", zh_text.lower()) and \
                len(re.findall(dict(MEASURES)[u.measure], zh_text.lower())) == 1:
            u.measure = None  # '基本支出经济分类表里': a word of the table's name, not a column asked for
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
            st = stated_subject(self.doc, [], u.text)
            if st is not None:
                items = [st.subject]
        if len(items) == 1 and not context and not u.has(*NOT_AMOUNTS):  # '工资' said of a row it is part of
            said = without_table_names(self.doc, without_own_name(self.doc, u.text))
            readings = (described(self.doc, said, items[0]) if not u.has(*SEVERAL_ITEMS) else []) or \
                abbreviated(self.doc, said, items[0])  # an operation over several items names each: none described
            u.readings = len(readings) >= 2  # several rows fit the description equally: each is answered, labelled
            items = readings or items
        if len(items) == 1 and not context:
            items += self._within(items[0], zh_text)
        conv_items = list(conv.items)
        kept = economic_class(zh_text)
        of_class = bool(kept and conv.items and u.followup and
                        all(norm_key(i) in ("机关", "事业单位", "单位", "行政单位") for i in items) and
                        not any(norm_key(kept) in norm_key(i) for i in conv.items) and
                        any(self._sibling(conv.items[0], w) == w for w in items or [kept]) and  # no row of that name
                        split_by_class(self.doc, conv.items[0]))  # and the item is printed per class
        if of_class:
            items = []  # '机关的呢' after 住房公积金: the same item, of one economic class (the part's scope), read
            # where the classes are told apart, not in the table the item was read from before
        elif kept and conv.items and u.followup and not strip_frame(re.sub(r"机关|事业单位|单位|部分", "", zh_text)) and \
                all(self._sibling(conv.items[0], w) == w for w in items or [kept]):  # no sibling row of that name
            return Subject([], None, [], unsplit=conv.items[0])  # '机关的呢' after an item not printed per class
        if u.followup or REFERENCE_RE.search(zh_text):
            items = [self._sibling(conv.items[0], w) if conv.items else w for w in items[:1]] + items[1:]
        own_items = list(items)
        items = self._with_context(u, items, conv, zh_text)
        conv_items = conv_items if items and items != own_items and items == conv_items else []
        leans = u.followup and (not own_items or bool(conv_items))  # a part naming its own subject starts afresh
        recalled = not own_items and len(items) >= 2 and items == conv.recent[-2:]  # '这两个': each from its own table
        table = table_hint(self.doc, zh_text) or (conv.table if leans and conv.table and not recalled and not of_class
                                                  else None)
        if not table and u.followup and conv.table and own_items and REFERENCE_RE.search(zh_text) and \
                any(m.score >= 0.9 for m in T.resolve(self.doc, own_items[0], table=conv.table)[:1]):
            table = conv.table  # '那一般公共服务呢' after a row of the procurement table: the same table's row
        if table and u.has("compare") and any(norm_key(i) == table_short_name(table) for i in items):
            table = None  # '比基本支出多多少': the word names the item, not the table whose short name it is
        row = self._column_share(u, items, zh_text) or self._topic_column_share(u, items, zh_text, conv)
        if row:  # '一般公共服务支出里，项目支出占多少': a column's share of its row's own total (part and whole: X)
            return Subject([row, row], table, conv_items)
        rows = [i for i in items if column_named(i) is None]
        if u.has("compare") and len(u.measures) == 2 and len(rows) == 1 and \
                all(self._carries(rows, m) for m in u.measures):
            return Subject(rows, table, conv_items)  # 'X的基本支出和项目支出哪个大': two columns of the row X
        place = len(items) >= 2 and re.search(re.escape(norm_key(items[0])) + INSIDE_RE + r"(?:的|，|,)?",
                                               norm_key(zh_text)) and self._contains_rows(items[0])
        if place and len(items) == 2 and table_hint(self.doc, items[1]) and not table_hint(self.doc, items[0]):
            return Subject(items[:1], table_hint(self.doc, items[1]), conv_items)  # 'X里面采购多少': row X of that table
        if (table and len(items) >= 2 and re.match(r"^(政府采购|财政拨款|三公|基本支出|项目支出)", norm_key(items[0]))
                and not u.has("share", "compare", "ratio", "total")) or place:
            items = items[1:]  # 'X里的Y', 'X里，Y': the first wording names where to look
        return Subject(items, table, conv_items)

    def part(self, text: str, u: Understanding, items: list[str], inherited_items: list[str], zh_text: str,
             conv_items: list[str] = ()) -> QueryPart:
        "The typed part of the query the dispatcher is about to execute"
        scope_word = economic_class(zh_text)
        year = next((y for y in u.years if y != self.doc.year), None)
        operation = INTENT_OPERATION.get(u.primary, "value")
        rest = strip_frame(re.sub(PURPOSE_RE, "", zh_text.lower()))
        named = items or (len(rest) >= 4 and any(rest in w for w in vocabulary(self.doc)))  # '<某项资金>是干什么的'
        if PURPOSE_RE.search(zh_text.lower()) and not (u.has("duties") and not named):  # '人社局是干什么的': duties
            operation = "purpose"
        average = AVERAGE_RE.search(zh_text.lower())
        if average and operation in ("value", "sum", "convert", "performance"):
            operation = "average"  # '平均每月多少钱': the figure spread over the months (or the items counted)
        inherited = (["items"] if inherited_items else []) + (["operation"] if u.inherited else []) + (
            ["measure"] if u.measure_inherited else [])
        st = stated_subject(self.doc, items, u.text, conv_items)
        named = [st.subject] if st is not None else items  # a narrative subject more specific than the items
        operands = [Operand(item=i, measure=u.measure, year=year, scope=scope_word) for i in named]
        if operation == "share" and len(operands) == 2 and operands[0].item == operands[1].item:
            operands[1].measure = None  # a column's share of its own row's total
        if len(operands) == 1 and len(u.measures) >= 2 and EITHER_RE.search(zh_text):  # 'X算基本支出还是项目支出'
            operands = [operands[0].model_copy(update={"measure": m}) for m in u.measures]
        if operation == "difference" and len(operands) == 1 and len(u.measures) == 2:  # two columns of one row
            operands = [operands[0].model_copy(update={"measure": m}) for m in u.measures]
        if not operands and u.measure:  # '<列名>是多少': the measure is the subject
            operands = [Operand(item=u.measure, year=year, scope=scope_word)]
        per = next((word for k, (_, word, _) in PERIODS.items() if average.group(k)),
                   "人" if average and average.group("person") else "项") \
            if average and operation == "average" else None
        return QueryPart(text=text, operation=operation, unit=u.unit, top_n=u.top_n, inherited=inherited,
                         operands=operands, per=per)

    def carried(self, u: Understanding, zh_text: str, conv: Conversation) -> str:
        """The wording of a part that repeats the previous part's purpose question of its own subject ('X呢' after
        'Y是干什么用的'): the purpose words added, as the executor reads them; else the wording as it was"""
        if conv.intent != "purpose" or not u.followup or u.intents or u.measure or PURPOSE_RE.search(zh_text.lower()) \
                or AMOUNT_ASKED_RE.search(zh_text.lower()) \
                or len(strip_frame(zh_text)) > 12 or not mentions(self.doc, zh_text) and \
                stated_subject(self.doc, [], zh_text) is None:
            return zh_text
        u.inherited = True
        return zh_text + "，用于什么"

    def _speaks_of_document(self, text: str) -> bool:
        "Whether any pair of Chinese characters of the text occurs in the document (or the text is English)"
        key = norm_key(text)
        if re.search(r"[A-Za-z]{3,}", key) and not re.search(r"[\u4e00-\u9fff]", key):
            return True
        pairs = {key[i : i + 2] for i in range(len(key) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", key[i : i + 2])}
        # the department's own name is in every line of the document: its words ('区政府…停车怎么收费') do not make a
        # question about the budget; neither do pairs with a function character ('施的')
        own = norm_key(f"{self.doc.department}{self.doc.region}")
        return any(p in document_key(self.doc) for p in pairs - GENERIC_PAIRS
                   if not set(p) <= set(own) and not re.search(r"[的是了吗呢吧么那这个]", p))

    def _within(self, place: str, text: str) -> list[str]:
        "'X里（的）Y多少': Y, a wording the document resolves, asked inside X (the place the first wording names)"
        m = re.search(re.escape(norm_key(place)) + INSIDE_RE + r"(?:的|，|,)?(.+)$", norm_key(text))
        rest = strip_frame(m.group(1)) if m else ""
        if len(rest) < 2 or norm_key(place) in rest or any(re.search(rx, rest) for _, rx in MEASURES):
            return []
        best = T.resolve(self.doc, rest) if self._contains_rows(place) else []
        if best and best[0].score >= 0.6:
            return [rest]
        if not any(norm_key(place) in norm_key(name) for name in T.project_sections(self.doc)):
            return []
        st = statement_within(self.doc, place, text)  # a figure a project's account states ('…专项中支持X')
        return [st.subject] if st is not None and common_run(norm_key(st.subject), rest)[0] >= 3 else []

    def _column_share(self, u: Understanding, items: list[str], text: str) -> str | None:
        """'X里/X的 <列> 占多少', or '其中<列>占多少' after X, with no whole named: the row X whose column (人员支出,
        项目支出 …) is asked, or None; the column is set as the measure"""
        if not u.has("share") or "占" not in text:
            return None
        if len(items) == 1 and u.measure:  # '社会保障和就业支出中人员经费占多少': the column named by a measure word
            items = items + [u.measure]
        if len(items) != 2:
            return None
        columns = [column_named(i) for i in items]
        if sum(c is not None for c in columns) != 1:
            return None  # none, or '基本支出里人员支出占多少': a column of a column, the standard whole (compare.share)
        row, column = (items[1], columns[0]) if columns[0] else (items[0], columns[1])
        if mentions(self.doc, text.split("占", 1)[1]) or not self._carries([row], column):
            return None
        named_before = re.search(re.escape(norm_key(row)) + r"(?:里|中|当中|之中|的|，|,)", norm_key(text))
        if not named_before and not (norm_key(row) not in norm_key(text) and REFERENCE_RE.search(text)):
            return None  # neither 'X里<列>' nor '其中<列>' after X
        u.measure = column
        return row

    def _topic_column_share(self, u: Understanding, items: list[str], text: str, conv: Conversation) -> str | None:
        """'<列>占几成' right after the topic's columns were asked ('X的基本支出和项目支出各多少'), no whole named: that
        column's share of the topic X (the row), or None; the column is set as the measure"""
        said = items[0] if len(items) == 1 else u.measure if not items else None
        column = column_named(said) if said else None
        if not (u.has("share") and column and conv.measure and conv.items and "占" in text) or \
                mentions(self.doc, text.split("占", 1)[1]) or self._whole(conv.items) or \
                not self._carries(conv.items[:1], column):
            return None
        u.measure = column
        return conv.items[0]

    def _whole(self, items: list[str]) -> bool:
        "Whether the items name the budget's grand total (its 基本支出 column is simply 基本支出)"
        best = T.resolve(self.doc, items[0])[:1] if items else []
        return bool(best) and best[0].item.is_total and best[0].score >= 0.9

    def _carries(self, items: list[str], measure: str) -> bool:
        "Whether a row the items name has a column of the measure (劳动保障监察 has 项目支出; 公务接待费 has not)"
        rx = dict(MEASURES).get(measure, re.escape(measure))  # '人员支出' is printed 人员经费 in some templates
        return any(re.search(rx, column) for i in items for m in T.resolve(self.doc, i)[:8] if m.score >= 0.9
                   for column in (m.item.measures or {}))

    def _splits_by(self, item: str, measure: str) -> bool:
        "Whether the row the item names first has the measure as one of its columns besides its total"
        best = T.resolve(self.doc, item)[:1]
        return bool(best) and best[0].score >= 0.9 and any(
            measure in column and column != best[0].item.default_measure for column in best[0].item.measures or {})

    def _contains_rows(self, wording: str) -> bool:
        "Whether a wording names something with parts (a table, a total, a row with children), i.e. a place to look"
        matches = T.resolve(self.doc, wording)
        return not matches or matches[0].item.is_total or bool(matches[0].item.children) or \
            bool(table_hint(self.doc, wording))

    def _sibling(self, before: str, word: str) -> str:
        "'事业单位的呢' after 行政单位医疗: the sibling row (事业单位医疗), else the word as said"
        return T.sibling_row(self.doc, before, word) or word

    def _names_whole_budget(self, text: str) -> bool:
        "The question says the whole budget outright: 整个/全部/总 or the department's own name, then 预算"
        own = without_own_name(self.doc, text)
        rest = re.sub(r"整个|整体|全部|全", "", strip_frame(own))
        return bool(re.search(r"整个|整体|全部|总预算|预算总", text) or own != text) and names_whole_budget(rest) \
            and not REFERENCE_RE.search(own)

    def _with_context(self, u: Understanding, items: list[str], conv: Conversation, text: str) -> list[str]:
        "A follow-up that names no item of its own refers to the previous one; a new item starts a new topic"
        if u.later and not items and not u.measure:
            u.followup = True  # '项目支出是指什么？今年安排了多少': a later part with no subject of its own leans on before
        if not items and conv.intent == "rank" and not u.has("rank") and re.search(r"第[二三四五2-5]", text):
            u.intents.insert(0, "rank")  # '第二个呢' after a ranking: the next place of the same ranking
            u.inherited = True
            return list(conv.items)
        if not conv.items:
            if conv.measure and u.followup and not items and not u.measure:
                return [conv.measure]  # 'what does 基本支出 mean' → 'how much is it': the column was the topic
            if conv.focus and u.followup and u.has("share") and items and "占" in text and \
                    not any(norm_key(i) in norm_key(text).split("占", 1)[0] for i in items):
                return [conv.focus, *items]  # '哪一项最多？占总支出多少？': the item ranked first, of the whole named
            if conv.measure and u.followup and not u.intents and conv.intent in ("change", "reason") and \
                    (items or u.measure) and BARE_FOLLOWUP_RE.fullmatch(norm_key(text)):
                u.intents += ["change"] if conv.intent == "change" else ["reason", "change"]
                u.inherited = True  # '项目支出呢' after 基本支出's change on last year: 项目支出's change
            return items
        if not items and not u.intents and AMOUNT_ASKED_RE.search(text.lower()) and \
                conv.intent not in ("count", "organisation", "duties") and strip_frame(text) in ("", "具体", "金额", "数额"):
            u.followup = True  # '多少钱？' after a topic: the amount of that topic
        if not items and not u.intents and not u.measure and (not u.followup or len(strip_frame(text)) >= 6) and \
                not self._speaks_of_document(text) and not PURPOSE_RE.search(text.lower()):
            return items  # '呜啦啦 12345', '那它的吉祥物叫啥' after a topic: nothing of it is about the budget
        if not items and self._names_whole_budget(text):
            u.followup = False
            return items  # '整个<本单位>去年的预算': the budget as a whole, whatever the topic was
        if not items and (len(re.sub(r"\W", "", u.text)) <= 8 or len(strip_frame(re.sub(QUALIFIER_RE, "", text))) <= 3
                          or not u.measure and REFERENCE_RE.search(text)):
            u.followup = True  # '为什么？', '机关和事业单位各…？', '我问的是X实施的那个': they refer back
        last = conv.shown
        ranked = [f for f in (last.figures if last else []) if re.match(r"第\d+名", f.label)]
        if not items and conv.intent == "rank" and len(ranked) >= 2 and u.has("total") and \
                (BOTH_RE.search(text) or PLURAL_RE.search(text)):
            u.followup = True  # '这两个一共多少' after a ranking: the figures it listed, as shown
            u.shown = [(f, [last.citations[n - 1] for n in f.citations if 0 < n <= len(last.citations)])
                       for f in (ranked[:2] if BOTH_RE.search(text) else ranked)]
            return [re.sub(r"^第\d+名\s*", "", f.label) for f, _ in u.shown]
        if items and len(conv.recent) >= 2 and BOTH_RE.search(text) and u.has("total") and \
                not any(norm_key(i) in map(norm_key, conv.recent[-2:]) for i in items):
            u.followup = True
            return conv.recent[-2:] + items  # '把这俩再加上C，总共多少' after A, then B: A, B and C
        if not items and len(conv.recent) >= 2 and (BOTH_RE.search(text) or u.followup and u.primary == "total" or
                                                     u.primary in ("compare", "ratio") and WHICH_OF_TWO_RE.search(text)):
            u.followup = True
            return conv.recent[-2:]  # '两个加起来多少' after A, then B: A and B
        if not items and conv.intent == "rank" and conv.focus and (
                POINTING_RE.search(text) or u.has("share") or u.later and AMOUNT_ASKED_RE.search(text.lower())):
            return [conv.focus]  # '它是干什么的', '占多少' after '最大的是哪个': the item ranked first
        if items and conv.intent == "rank" and conv.focus and len(ranked) == 1 and u.has("share") and "占" in text and \
                not any(norm_key(i) in norm_key(text).split("占", 1)[0] for i in items):
            u.followup = True
            return [conv.focus, *items]  # '它占商品和服务支出的多少' after '里面哪一项最多': the first, of the whole named
        own = [i for i in items if norm_key(i) not in {norm_key(x) for x in conv.items}]
        if len(own) == 1 and re.search(re.escape(norm_key(own[0])) + r"(?:这一?块|这部分)?(?:里|中|当中|里面)的?"
                                       r"(?:那个|那项|那笔|那一项)(?=[，,。？?呢吧]|$)",
                                       norm_key(text)) and table_hint(self.doc, own[0]):
            u.followup = True  # '我说的是三公经费里的那个': the topic, read in the table the place names
            return list(conv.items)
        if u.has("compare") and len(own) == 1 and len(items) == 1 and \
                re.match(r"^(?:那|它|这|这笔钱|这个)?(?:比|较|跟|和|与)" + re.escape(norm_key(own[0])), norm_key(text)):
            u.followup = u.inherited = True  # '比住房公积金多多少' after 购房补贴: the topic against the item named
            return [conv.focus or conv.items[0], own[0]]
        category = next((w for w in CATEGORY_WORDS if w in text), None)
        if category:
            u.intents.insert(0, "count")
            return items or conv.items
        column_of_topic = (u.later or u.enumerated) and not items and u.measure and not u.intents and \
            (u.enumerated or re.search(r"分别|各自|各|其中", text)) and \
            self._carries(conv.items, u.measure) and not self._whole(conv.items)  # an enumeration of its columns
        if column_of_topic:
            u.followup = True  # 'X总共多少？基本支出、项目支出分别是多少': the columns of X
        if not u.followup:
            return items
        columns = {name for name, _ in MEASURES}
        if not items and u.measure and REFERENCE_RE.search(text) and not u.intents and conv.intent == "share" and \
                len(conv.items) >= 2 and conv.items[0] in columns and u.measure != conv.items[0]:
            u.intents.append("share")  # '公用经费呢' after 人员经费's share of X: the other column's share of X
            u.inherited, u.followup = True, False  # the whole named again, from its own table as the question would
            measure, u.measure = u.measure, None
            return [measure, conv.items[1]]
        if not items and u.measure and (not (REFERENCE_RE.search(text) or column_of_topic) or
                                        not self._carries(conv.items, u.measure) or self._whole(conv.items)):
            # a column of the whole budget is the column
            if REFERENCE_RE.search(text) and not u.intents and conv.intent in ("change", "reason", "share"):
                u.intents.append(conv.intent)  # '其中基本支出呢' after a change: the same operation of that column
                u.inherited = True
            return items  # '去年<X>是多少', '项目支出呢' after an item without that column: the measure is the subject
        narrowing = re.search(r"只算|只看|仅|单算", text)  # '只算机关的呢' narrows the previous sum to one reading
        own_operation = PURPOSE_RE.search(text.lower())  # '干啥用的' asks its own operation of the previous topic
        money_asked = re.search(r"费|钱|预算|资金|金额|元", text) and conv.intent == "count"  # '这些车的运行费多少'
        if u.intents == ["units"] and conv.intent in ("total", "compare", "average", "change") and not items:
            u.intents.append(conv.intent)  # '换成万元' after a sum: the sum, converted
            u.inherited = True
        if not u.intents and conv.intent and conv.intent not in ("value", "definition", "total", "purpose") and \
                not narrowing and not money_asked and \
                not own_operation:  # a sum's operation is not what one item asked after it wants ('其中服务多少')
            u.intents.append(conv.intent)  # type: ignore[arg-type]  # '公务接待费呢？' repeats the operation
            if conv.intent == "reason":
                u.intents.append("change")
            u.inherited = True
        if not items or (not own and not u.has("definition")):
            if not u.intents and conv.intent and conv.intent != "purpose" and not own_operation and \
                    not (conv.intent == "definition" and AMOUNT_ASKED_RE.search(text.lower())):
                u.intents.append(conv.intent)  # type: ignore[arg-type]  # '这个经费多少' after its meaning: the amount
            if re.search(r"去年|上年|上一年|last year", text) and not u.has("reason"):
                u.intents.insert(0, "change")
            if u.measure is None and not u.has("change") and conv.measure and (
                    not u.has("share") or ("占" in text and REFERENCE_RE.search(text))):
                u.measure = conv.measure  # '占它的比例呢' after X's 项目支出: that column's share of X
            return conv.items
        if u.measure is None and conv.measure and not u.has("change") and own and BARE_FOLLOWUP_RE.fullmatch(
                norm_key(text)) and self._splits_by(own[0], conv.measure):
            u.measure, u.measure_inherited = conv.measure, True  # '事业运行呢' after 行政运行's 基本支出: that column
        if u.has("share") and "占" in text and own:
            before, after = norm_key(text).split("占", 1)
            if any(norm_key(o) in before for o in own) and any(norm_key(o) in after for o in own):
                return own  # '那A占B的比例': the question names its part and its whole
        if u.has("share") and u.followup and own:
            if u.inherited or (conv.intent == "share" and len(conv.items) >= 2):  # '<另一项>(占多少)呢' after a
                # share: a new part of the same whole
                return own[:1] + conv.items[1:2]
            column = conv.items and any(re.fullmatch(rx, norm_key(conv.items[0])) for _, rx in MEASURES)
            base = conv.items[:1] if column or not conv.focus else [conv.focus]  # a column topic: its own wording
            after = norm_key(text).split("占", 1)[1] if "占" in text else ""
            inside = re.search(r"在(.+?)(?:里|中|当中|之中)(?:面|头)?占", norm_key(text))
            if inside and any(norm_key(o) in inside.group(1) for o in own):
                return base + own  # '在全部项目支出里占多少': the whole named before 占
            if after and not any(norm_key(o) in after or o == "总预算" for o in own):  # 总预算: '占整个预算
                return own + base  # '其中人员支出占多少': the part named, of the previous topic
            return base + own  # '它占总支出多少': the previous topic, of the whole named
        return items

    def dangling(self, u: Understanding, items: list[str], conv: Conversation, text: str) -> str | None:
        """The words of a back-reference with nothing to refer to ('那个项目去年多少', '它增加了吗' opening a
        conversation): the reference and the noun after it, or None. 'This department/budget' refers to the document."""
        if any(norm_key(i) not in GENERIC_ITEMS for i in items) or u.measure or conv.answers or conv.items or \
                conv.focus:
            return None
        m = POINTING_RE.search(text)
        if not m or re.match(r"(?:个|项|笔)?(?:部门|单位|局|委|办|文件|预算|机关|机构)", text[m.end():]):
            return None
        words = m.group(0) + re.match(r"(?:[\u4e00-\u9fff]{0,2}?(?:项目|费用|经费|支出|资金|钱|款))?",
                                      text[m.end():]).group(0)
        rest = strip_frame(text.replace(words, " "))
        doc_text = document_key(self.doc)
        if any(rest[i : i + 3] in doc_text for i in range(len(rest) - 2)):
            return None  # it names something of the document after all ('这个统筹外项目…'), which its handler finds
        return words

    def outside(self, u: Understanding, text: str) -> str | None:
        "Why a part is outside the document (another department, region or year; not about the budget), or None"
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


PLACE_WHOLE_RE = re.compile(r"(?P<place>[\u4e00-\u9fff“”]{2,16}?)(?:这一?块|这部分)?(?:里面|里头|里|中|当中|之中)的?"
                            r"(?P<part>[^，,。？?]{2,20}?)占(?P<whole>总额|总数|总量|合计|总计|全部|整体|总体|总的)")
"""'X里Y占总额': the whole is X's own total."""


def input_problem(question: str) -> str | None:
    "What is wrong with the input before it is read as a question (empty, too long, no words), or None"
    text = (question or "").strip()
    if not text:
        return "请输入一个关于部门预算的问题，例如：“三公经费为什么增加？”"
    if len(text) > 5 * MAX_QUESTION_CHARS:
        return f"问题太长（{len(text)}字）。请用一两句话提问（{MAX_QUESTION_CHARS}字以内）。"
    visible = re.sub(r"[\s\W_]", "", text)
    if not visible or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text):
        return "没有看懂这个问题。请用中文或英文提问，例如：“支出预算总额是多少？”"
    return None


def column_named(item: str) -> str | None:
    "The column (measure) an item phrase is the name of ('项目支出', '基本支出合计'), or None for a row"
    key = re.sub(r"(?:合计|总计|小计)$", "", norm_key(item))
    return next((name for name, rx in MEASURES if re.fullmatch(rx, key)), None)


def _measure_words(u: Understanding) -> tuple[str, ...]:
    "The words of the question that named its measure ('公用经费' for 日常公用支出)"
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
