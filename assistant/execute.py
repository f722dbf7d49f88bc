"""The executor: which handler answers a question part, and what the question asks on top of its figures (another
unit, an average per month or per item, whether a stated direction holds).

Handlers live by topic — figures.py (values, sums, ranks, counts), compare.py (changes, shares, ratios,
differences), narrative.py (reasons, purposes, definitions, passages), organisation.py and projects.py — and say
their results through a Composer. Each returns a status ('answered', 'clarify') or None when it cannot answer.
"""

from __future__ import annotations

import calendar
import re
from decimal import ROUND_HALF_UP, Decimal

import tools as T
from budget_qa.results import Citation, show
from budget_qa.types import BudgetDocument, TableKind
from index.text import norm_key
from tools.resolve import common_run

from .compare import Comparisons
from . import premise
from .compose import Composer, bare_label
from .conversation import Conversation
from .figures import Figures
from .guard import normalise_numbers
from .main_part import MainPart, claims_main_part
from .narrative import Narrative
from .organisation import Organisation
from .parse import GENERIC_ITEMS
from .plan import BUDGET_AS_WHOLE, BY_CATEGORY_RE, CATEGORY_WORDS, WHOLE_BUDGET, stated_for, stated_subject, strip_frame, without_own_name
from .projects import Projects
from .source import Source
from .understand import AVERAGE_RE, INTENT_PATTERNS, PERIODS, POINTING_RE, PURPOSE_RE, Understanding

NARRATED_RE = re.compile(r"编制说明|文字说明|说明(?:里|中|部分)|正文(?:里|中)")
"""A question that asks for the figure as the narrative states it."""
PERFORMANCE_ASKED_RE = re.compile(
    r"谁|实施单位|负责单位|哪个单位|哪家单位|目标|指标|多少(?:人|卷|家|次|场|个|期|条|项)|几(?:家|人|次|场|个)|标准|"
    r"(?:招|补|补贴|培训|发放|完成|覆盖|服务|接待|举办|组织|开展|稽核|检查|评审|鉴定|资助|扶持)多少|年度预算")
"""A question about a named project that asks for its targets, standards or implementer rather than its amount."""
PERFORMANCE_RE = re.compile(dict(INTENT_PATTERNS)["performance"])
DEFINITION_WORDS_RE = re.compile(r"什么是|是什么意思|什么意思|指什么|指的是|含义|定义|包括什么|都包括")


PROJECTS_ABOUT_RE = re.compile(r"(?:相关|有关|方面|涉及|关于)的?项目|项目(?:里|中)?(?:有哪些|都有(?:哪些|啥|什么)|是哪些)|"
                               r"哪些项目(?:跟|和|与|同)[^，,。？?]{2,10}?(?:相关|有关)")
"""'养老保险相关的项目有哪些': the projects whose names contain a word."""


class Executor:
    "Runs a question part's handlers over one document (and its retrieval index)"

    def __init__(self, doc: BudgetDocument, retriever=None):
        self.doc = doc
        self.source = Source(doc, retriever)
        self.organisation = Organisation(self.source)
        self.projects = Projects(self.source)
        self.narrative = Narrative(self.source, self.projects)
        self.figures = Figures(self.source, self.narrative, self.organisation)
        self.comparisons = Comparisons(self.source, self.figures, self.narrative)
        self.main_part = MainPart(self.source)

    def finish(self, c: Composer, u: Understanding, text: str, status: str) -> None:
        "What the question asks on top of its figures: another unit, an average, whether its premise holds"
        self._average(c, u, text)
        self._convert(c, u)
        if status == "answered":
            premise.check(c, u, text, last_year=self._last_year)

    def _last_year(self, label: str, value):
        """The year before of the figure answered (label and value), as the change tool reads it (a FigureRef with its
        citations): only when this year's figure there is the one answered, so the item is the same; else None"""
        r = T.change(self.doc, bare_label(label))
        if not r.ok or len(r.figures) < 2 or r.figures[1].value is None or r.figures[0].value != value:
            return None
        return r.figures[1]

    def dispatch(self, c: Composer, u: Understanding, items: list[str], table: str | None, conv: Conversation,
                 text: str) -> str | None:
        "Answer a part by the first handler that fits it: its status, or None when nothing in the document answers"
        empty = self._empty_table(text) if len(items) <= 1 and not u.has(
            "definition", "total", "compare", "share", "ratio", "rank", "chart") else None
        if empty is None and u.followup and u.has("reason") and conv.table:  # '为什么是空的' after an empty table
            empty = next((t for t in self.doc.tables if t.title == conv.table and t.note and self._is_empty(t)), None)
        if empty is not None:  # '政府性基金预算有钱吗', '…表怎么是空的': the empty table's note, not a sum or a meaning
            cite = Citation(kind="table", table=empty.title, row_label="注", line=empty.line_end,
                            column=empty.amount_columns[0] if empty.amount_columns else "")
            unit = empty.unit or self.doc.text_unit
            m = c.figure(f"{empty.title}合计", Decimal("0.00"), unit, [cite])
            c.say(f"没有安排：{empty.title}是空表，合计 {show(Decimal('0.00'), unit)}{m}。文件注明：{empty.note.strip('（）()')}"
                  if u.language == "zh" else f"Nothing is budgeted: {empty.title} is empty, total "
                                             f"{show(Decimal('0.00'), unit)}{m}. Its note: {empty.note}")
            return "answered"
        if len(items) == 1 and norm_key(items[0]) in GENERIC_ITEMS and not u.intents and not u.measure:
            return self._generic_readings(c, u, items[0])  # '经费有多少': the readings a budget-wide word has
        if u.has("chart"):
            return self._chart(c, u, items, text)
        if NARRATED_RE.search(text) and not u.has("change", "reason", "share", "ratio", "compare", "rank", "count"):
            st = self.figures.as_narrated(c, u, items)
            if st:
                return st
        if claims_main_part(text):
            st = self.main_part.check(c, u, text)  # '三公经费主要花在公务接待上吧': the largest part, checked
            if st:
                return st
        st = self.main_part.largest(c, u, text)  # 'X应该是最大的一块吧': X against the rows beside it
        if st:
            return st
        average = AVERAGE_RE.search(text.lower())
        if average and average.group("item") and not items:
            st = self.narrative.stated_average(c, u, text)  # '编了绩效目标的项目平均每个多少钱': one sentence says both
            if st:
                return st
            if "项目" in average.group(0) and self.doc.table(TableKind.project_expenditure) is not None:
                items.append("项目支出")  # '平均每个项目多少钱': all project spending over the projects listed
        target = re.search(r"目标|指标|计划", text) and self.projects.indicator_asked(text, items, conv)
        stated = self.narrative.stated_count(text) if not u.has("rank", "share", "change") and not target else None
        if stated is not None:  # '局里有几辆车', '有没有应急保障用车', '有8辆车吧'
            items[:] = [stated.subject]  # the conversation's topic: '干啥用的' next asks about it
            return self.narrative.count(c, u, stated, text)
        st = self.organisation.fact(c, u, text)  # '是什么级别', '挂了哪些牌子', '和谁合署办公'
        if st:
            return st
        if re.search(r"内设机构|科室|处室|哪个科(?!目)|哪一个科(?!目)|哪个处|(?:几|多少)个(?:科|处)|设了几个", text) or \
                self.organisation.body_named(text):
            st = self.organisation.bodies(c, u, text)
            if st:
                return st
            if not T.internal_bodies(self.doc).ok and not items:  # '有哪些科室' where 机构设置 lists budget units only
                c.say("文件的机构设置部分没有列出内设机构（科室、处室），只列出了纳入预算编制范围的预算单位。"
                      if u.language == "zh" else "The document does not list internal divisions; its 机构设置 lists "
                                                 "the budget units only.")
                return "not_in_document"
        if u.has("total"):
            names = self.projects.budgets_named(text)
            if names:
                st = self.projects.budgets_total(c, u, names)
                if st:
                    return st
            funds = self.projects.funds_named(text)
            if funds:  # 'A基金跟B补助加起来': funds only their 绩效目标表 state
                return self.projects.funds_total(c, u, funds)
        alike = self.projects.alike(text) if not items and not u.followup and not u.has(
            "performance", "purpose", "reason", "definition", "count", "rank", "duties", "organisation") else []
        if alike:  # '创新专项预算多少': 科技创新专项 and 商业创新专项, each with its budget
            st = self.projects.readings(c, u, alike, strip_frame(text) or text)
            if st:
                return st
        project = self.projects.named(text, conv, u)
        parts = self.projects.parts_named(project, text) if project is not None else []
        if parts and not u.has("performance", "purpose", "reason", "definition") and \
                not (u.has("total", "compare") and len(parts) < 2):  # a sum of parts it names only one of: not this
            items[:] = [st.subject for st in parts]  # '…专项里A和B合计', '…占整个专项的比例': its budget's parts
            return self.projects.parts(c, u, project, parts)
        if project is not None and items and norm_key(items[0]) not in norm_key(project) and \
                any(norm_key(st.subject) == norm_key(items[0]) for st in T.statements(self.doc)):
            project = None  # '…专项中支持X有多少': a figure its budget sentence states, not the project's account
        if project is not None:
            st = self.projects.project(c, u, project, items, text)
            if st:
                return st
        if self._asks_definition(u, text) and not u.has("count", "rank", "share", "compare", "total", "ratio"):
            st = self.narrative.definition(c, u, items, text)
            if st:
                return st
        rest = re.sub(r"钱|花|都|哪|了|在|些|方面|地方|支出|总|全部|所有", "", strip_frame(without_own_name(self.doc, text)))
        if u.has("breakdown") and not items and not rest and re.search(r"钱|花|支出", text) and not conv.items:
            items.append("总支出")  # '<本单位>的钱都花哪了': all of its spending, by what it is spent on
        elif u.has("breakdown") and not items and re.search(r"收入|来自哪|从哪(?:里|儿)?来", text):
            items.append("收入")  # '收入都来自哪里': all of its income, by source
        if u.has("breakdown") and not items and u.measure:
            items.append(u.measure)  # '基本支出由哪些部分组成': the column asked is the whole
        breakdown = u.has("breakdown") and items and PURPOSE_RE.search(text.lower()) and \
            self.figures.breakdown(c, u, items, table)
        if breakdown:  # '三公经费花在哪些方面': its parts, as the tables or its sentence break it down
            return breakdown
        if PURPOSE_RE.search(text.lower()) and not u.has("count", "rank", "share", "compare", "total", "ratio"):
            st = self.narrative.purpose(c, u, items, text)
            if st:
                return st
            if items and not u.has("duties", "breakdown") and not re.search(r"多少|几|哪些方面|哪了|哪儿|how much|how many",
                                                                        text.lower()):
                st = self.narrative.definition(c, u, items, text, near=False)  # what the glossary says it covers
                if st:
                    return st
                c.say(f"文件没有说明{items[0]}的具体用途。" if u.language == "zh"
                      else f"The document does not say what {items[0]} is used for.")
                return "not_in_document"  # a purpose asked, none stated: said plainly, not its amount instead
        if u.has("duties") and not (items and POINTING_RE.search(text)) and not (
                PURPOSE_RE.search(text.lower()) and (items or self.projects.performance_names(text))):
            # '它是干什么的', '<某项资金>是干什么的': the item's purpose; '人社局是干什么的': the duties
            return self.organisation.answer(c, u, "duties", text)
        implements = re.search(r"实施|落实|执行|承担|负责|谁(?:来)?(?:做|办|管)", text)  # '…费用由哪个单位实施': the fund's
        # 实施单位 in its 绩效目标表, not a unit whose name shares a word with the fund
        if self.organisation.implementer_in(text) and re.search(r"属于|(?:是不是|是否|是).{0,8}(?:单位|部门|下属|局|委|办)|包括|包含|纳入|在.{0,12}(?:里|中|内|范围)(?:面|头)?吗|"
                                                         r"哪个.{0,3}(?:单位|机构)|哪家|归哪", text) \
                and not re.search(r"项目|多少", text) and not (implements and re.search(r"费|经费|资金|专项", text)
                                                              and self.projects.performance_names(text)):
            return self.organisation.answer(c, u, "units", text)  # '人事考试中心是本部门的单位吗？'

        if u.has("organisation") and not self.projects.performance_names(text):
            return self.organisation.answer(c, u, "units", text)
        st = self.projects.with_indicator(c, u, text)  # '哪些项目有满意度指标'
        if st:
            return st
        asked = self.projects.indicator_asked(text, items, conv)
        if self.organisation.implementer_in(text) and re.search(r"项目", text) and not asked:
            st = self.figures.count(c, u, items, table, text)  # '人事考试中心有几个项目' (an indicator asked of
            if st:  # the project named: not a count of its implementer's projects)
                return st
        if asked:
            st = self.projects.performance(c, u, items, text, conv, target=asked)
            if st:
                return st
        named = self.projects.performance_names(text) or (
            conv.items and (u.followup or len(re.sub(r"\W", "", text)) <= 12) and self.projects.performance_names(conv.items[0]))
        bare = text
        for p in named or ():
            bare = bare.replace(p.name, " ")  # '企业离休人员按机关标准发放差额资金有多少': the name's 标准 asks nothing
            n, run = common_run(norm_key(p.implementer or ""), bare)
            if n >= 4:
                bare = bare.replace(run, " ")  # '社会保险事业中心实施的…': which table, not which indicator
        # a project only the 绩效目标表 names (no table row) is answered from there, whatever is asked of it
        only_here = named and not u.has("reason") and not any(m.score >= 0.75 for i in items for m in T.resolve(self.doc, i)[:1]) and \
            bool(self.projects.performance_names(text))
        exact = [p for p in named or () if norm_key(p.name) in norm_key(text)]  # not a run of words such as 运行维护费
        indicator = bool(exact) and bool(self.projects.indicators_asked(exact, bare, exact[0].name))  # '…什么时候结束'
        if named and (only_here or indicator or u.has("performance") and (u.inherited or PERFORMANCE_RE.search(bare)) or PERFORMANCE_ASKED_RE.search(bare)):
            st = self.projects.performance(c, u, items, text, conv)
            if st:
                return st
        if u.has("count") or ((any(w in text for w in CATEGORY_WORDS) or BY_CATEGORY_RE.search(text)) and not u.has("share")) or (
                self.organisation.implementer_in(text) and re.search(r"项目", text)):
            st = self.figures.count(c, u, items, table, text)
            if st:
                return st
        if u.has("rank"):
            return self.figures.rank(c, u, items, table, conv)
        if re.search(r"百分点|percentage points?", text.lower()) and (u.has("share") or "占" in text):
            st = self.comparisons.share_points(c, u, items, table)  # a share's change: in percentage points
            if st:
                return st
        no_prior = False
        unit = self.organisation.implementer_in(text) if u.has("change") and not items else None
        if unit and unit not in norm_key(self.doc.department):
            c.say(f"文件只说明了整个{self.doc.kind_name}比上年的变化，没有单列{unit}的上年数，无法回答它的增减。"
                  if u.language == "zh" else f"The document states last year's comparison for the whole budget only; "
                  f"it gives no figure of last year for {unit}.")
            return "not_in_document"  # a unit's own change: a 部门预算 compares the department as a whole
        if u.has("reason") or u.has("change"):
            st = self.comparisons.change(c, u, items, table, text)
            if st:
                return st
            no_prior = u.has("change") and not u.has("reason")
        if u.has("ratio") and self.doc.year - 1 in u.years and not u.has("change"):
            u.intents.insert(0, "change")  # '<今年的X>是2024年预算的几倍': this year's figure over last year's
            st = self.comparisons.change(c, u, items[:1], table, text)
            if st:
                return st
        if u.has("ratio") and len(items) >= 2:
            st = self.comparisons.ratio(c, u, items, table)
            if st:
                return st
        if u.has("ratio") or u.has("compare") and len(items) < 2:
            st = self.comparisons.narrative_pair(c, u)  # two figures only the narrative states
            if st:
                return st
        if u.has("share"):
            st = self.comparisons.narrative_share(c, u, conv, items)
            if st:
                return st
        if u.has("share") and items:
            st = self.comparisons.share(c, u, items, table)
            if st:
                return st
        if u.has("compare") and len(items) >= 2:
            st = self.comparisons.compare(c, u, items, table)
            if st == "answered" and re.search(r"\bdifference between\b", u.question, re.I):
                self.narrative.definition(c, u, items, " ".join(items), near=False)  # the other reading: what each is
            return st
        if u.has("compare") and len(items) == 1:
            st = self.comparisons.compare_readings(c, u, items[0], table)
            if st:
                return st
        joined = re.search(r"和|与|及|跟|、|加上|加起来|之和|合起来|\+|and|plus|(?<![增追参附叠外新更])加(?=[\u4e00-\u9fff（(“])|"
                           r"两个|两项|两笔|两者|二者|together|combined|both|the two", text)
        if u.has("total") and u.shown:
            return self.figures.shown_total(c, u)
        if u.has("total") and joined:
            st = self.figures.stated_sum(c, u, items, text)  # figures the narrative states, named in the question
            if st:
                return st
        if u.has("total") and items and ((len(items) >= 2 and joined) or u.inherited
                                         or re.search(r"机关.{0,4}事业|加起来|加一块|加一起|加在一起|加到一起|合在一起|合起来|之和|总共|一共|合计|总计"
                                                      r"|加总|汇总|共计|总和", text)):
            st = self.figures.total(c, u, items, table)
            if st:
                return st
        if PROJECTS_ABOUT_RE.search(text) and not u.has("count", "rank", "share", "change", "reason"):
            st = self.figures.projects_about(c, u, text)  # '养老保险相关的项目有哪些': the projects named so
            if st:
                return st
        if u.has("breakdown") and items:
            st = self.figures.breakdown(c, u, items, table)
            if st:
                return st
        if not items and u.measure:
            items.append(u.measure)  # in place: the column asked is the conversation's topic from now on
            u.measure = None
        if items or stated_subject(self.doc, [], u.text, conv.items) is not None:
            st = self.figures.values(c, u, items, table, conv)
            if not st and u.years == [self.doc.year - 1] and items and norm_key(items[0]) in BUDGET_AS_WHOLE:
                u.intents.insert(0, "change")  # '2024年的预算总额': last year's, as the narrative's change gives it
                st = self.comparisons.change(c, u, items[:1], table, text)
            if st and no_prior and not any(f.basis != "read" for f in c.figures):  # this year's figure only
                c.say(f"文件没有给出{items[0]}的上年数，无法与上年比较。" if u.language == "zh"
                      else f"The document gives no figure of last year for {items[0]}, so no change can be computed.")
                st = "not_in_document"  # what was asked (last year's figure, a change) the document does not give
            if st:
                return st
            if items and u.years and self.doc.year not in u.years:
                return None  # another year's figure the document does not state: no passage of this year instead
        return self._stated_named(c, u, text) or self.narrative.passages(c, u, text) or \
            self.figures.rows_containing(c, u, text)

    def _stated_named(self, c: Composer, u: Understanding, text: str) -> str | None:
        """An amount asked in words of a figure only the narrative states ('绩效目标覆盖了多少项目资金' → 编报绩效目标的
        项目…涉及项目预算资金): most of the question's character pairs in that figure's words"""
        if not re.search(r"多少|几|how much", text.lower()):
            return None
        st = stated_for(self.doc, re.sub(r"覆盖|包括|包含|了", "", text))
        if st is None:
            return None
        m = c.figure(st.subject, st.current, self.doc.text_unit, [st.citation()])
        c.say(f"{st.subject}（{self.doc.year}年）为 {show(st.current, self.doc.text_unit)}{m}。" if u.language == "zh"
              else f"{st.subject} ({self.doc.year}): {show(st.current, self.doc.text_unit)}{m}.")
        self.source.quote(c, u, st.paragraph.part, st.paragraph.section, st.paragraph.line_start, st.quote, "passage")
        return "answered"

    @staticmethod
    def _asks_definition(u: Understanding, text: str) -> bool:
        "A definition question; '为什么是0' asks a reason (its '什么是' is not '什么是X')"
        if not u.has("definition"):
            return False
        if PURPOSE_RE.search(text.lower()) and not re.search(r"意思|含义|定义|名词解释|指什么|\bmean", text):
            return False  # '用途是啥': what it is for, not what the word means
        if u.has("reason") and "为什么是" in text:
            return bool(DEFINITION_WORDS_RE.search(text.replace("为什么", "")))
        return True

    def _generic_readings(self, c: Composer, u: Understanding, word: str) -> str | None:
        "A word that names no item by itself ('经费', '钱'): the budget-wide figures it may mean, each labelled, and a question"
        found = [(name, r) for name in (WHOLE_BUDGET, "三公经费", "机关运行经费")
                 if (r := T.lookup(self.doc, name)).ok and r.value is not None]
        if not found:
            return None
        c.say(f"“{word}”没有指明是哪一项，文件中常用的几种口径是：" if u.language == "zh"
              else f"“{word}” does not say which figure; the budget-wide ones are:")
        for name, r in found:
            c.say(f"- {r.label}：{r.shown}{c.result_figure(r)}")
        c.say("请问您指的是哪一项？" if u.language == "zh" else "Which one do you mean?")
        return "clarify"

    def _empty_table(self, text: str):
        """An empty table (with its 注: no rows, or only a total with nothing in it) that the question asks about by
        its standard name or its title, with or without 支出/预算 (with or without its 支出)"""
        q = norm_key(text).replace("的", "")  # '政府性基金的支出': the table's words with a 的 between
        for t in (t for t in self.doc.tables if t.note):  # only a table with a 注 can be an empty one
            if not self._is_empty(t):
                continue
            for name in {t.title, t.kind.value if t.kind is not None else t.title}:
                stem = norm_key(re.sub(r"^\d{4}年度?(?:部门|单位|预算单位)?|(?:功能分类)?(?:预算)?(?:情况表|表)$", "", name))
                if "收入" in q and "支出" in stem:
                    continue  # '…拨款收入多少': the income row, not the spending table's note
                if any(len(w) >= 4 and w in q for w in {stem, stem.replace("预算", ""), re.sub(r"支出$", "", stem)}):
                    return t
        return None

    @staticmethod
    def _is_empty(t) -> bool:
        "No amount in any cell (rows or none, blank or 0)"
        return not any(v not in (None, 0) and v == v for col in t.amount_columns for v in t.frame[col].tolist())

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

    def _convert(self, c: Composer, u: Understanding) -> None:
        "A unit the user asked for (元, 亿元): convert the answer's first money figure, showing the factor"
        if not u.unit or any(f.unit == u.unit for f in c.figures):
            return
        money = [f for f in c.figures if f.unit in ("万元", "元", "亿元") and f.unit != u.unit]
        # an average asked in another unit ('平均每月多少元'): the average is the figure asked, not its year's total
        computed = [f for f in money if f.basis == "computed"]
        f = next((f for f in computed if "平均" in f.label), None) or \
            next((f for f in computed if " + " in f.label or "合计" in f.label), None) or \
            (money[0] if money else None)  # an average or a sum asked in another unit: that figure
        if f is None:
            return
        conv = T.convert_units(str(f.value), f.unit, u.unit)
        if conv.ok and conv.value is not None:
            cites = [c.citations[n - 1] for n in f.citations if 0 < n <= len(c.citations)]
            shown_from = f"{f.computation}；" if f.basis == "computed" and f.computation else ""  # a sum: its addends
            m = c.figure(f"{f.label}（{u.unit}）", conv.value, u.unit, cites, basis="computed",
                         computation=shown_from + conv.computation)
            name = re.sub(r"\s*\[\d+\]", "", bare_label(f.label))  # the converted figure says whose it is
            if conv.computation.endswith(conv.shown) and "（" in conv.shown:  # a rounded result: said rounded first
                exact = conv.computation[: -len(conv.shown)] + conv.shown.split("（", 1)[0].strip()
                rounded = show(conv.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), u.unit)
                c.say(f"{name}折合约 {rounded}（{exact}）{m}。" if u.language == "zh"
                      else f"{name} is about {rounded} ({exact}){m}.")
            else:
                c.say(f"{name}折合 {conv.shown}（{conv.computation}）{m}。" if u.language == "zh"
                      else f"{name} is {conv.shown} ({conv.computation}){m}.")

    def _average(self, c: Composer, u: Understanding, text: str) -> None:
        "平均每月 / 每个项目: the answer's first money figure spread over 12 months or over its counted items"
        m = AVERAGE_RE.search(text.lower())
        if not m or any(f.basis == "computed" and "平均" in f.label for f in c.figures):
            return  # none asked, or a handler computed it already
        money = [f for f in c.figures if f.unit in ("万元", "元", "亿元")]
        prior = str(self.doc.year - 1)
        if re.search(r"去年|上年|上一年|last year", text.lower()):  # '去年平均每月呢': last year's figure, spread
            money = [f for f in money if prior in f.label] or money
        else:
            money = [f for f in money if f.basis != "derived" and prior not in f.label] or \
                [f for f in money if f.basis != "derived"]
        named = [Decimal(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*万", normalise_numbers(text))]
        money = next((f for f in money if f.unit == "万元" and f.value in named), None) or (money[0] if money else None)
        if money is None:  # the amount the question names ('12831万元那笔…人均多少'), else the first one answered
            return
        period = next((k for k in PERIODS if m.group(k)), None)
        if not period and "项目" in m.group(0) and "项目" not in money.label:
            spent = T.lookup(self.doc, "项目支出")  # per project: the projects' money, not the whole budget's
            if spent.ok and spent.value is not None:
                mark = c.result_figure(spent)
                c.say(f"{spent.label}为 {spent.shown}{mark}。" if u.language == "zh"
                      else f"{spent.label}: {spent.shown}{mark}.")
                money = c.figures[-1]
        if period:
            per, word, english = PERIODS[period]
            what = (f"每{word}", english)
            if period == "day":
                stated = re.search(r"(\d{3})\s*天", text)
                per = int(stated.group(1)) if stated else (366 if calendar.isleap(self.doc.year) else 365)
        elif m.group("person"):  # per person: the people the question counts ('按7116人算'), else a count of 人
            said = re.search(r"(\d+)\s*(?:个)?人(?!次)", normalise_numbers(text))
            people = int(said.group(1)) if said else next((int(f.value) for f in c.figures if f.unit == "人" and f.value),
                                                          None)
            if not people:
                return
            per, what = people, ("每人", "per person")
        else:
            count = next((f for f in c.figures if f.unit in ("个", "项")), None)
            if count is None and "项目" in m.group(0):  # the projects the projects table lists
                n = T.count(self.doc)
                if n.ok and n.value:
                    mn = c.figure(n.label, n.value, "个", n.citations[:1], basis="computed", computation=n.computation)
                    count = c.figures[-1]
                    c.say(f"{n.label}：{n.value} 个{mn}。" if u.language == "zh"
                          else f"{n.label}: {n.value}{mn}.")
            if count is None or not count.value:
                return
            per, what = int(count.value), ("每项", "per item")
        value, unit, first = money.value, money.unit, ""
        asked_unit = u.unit or ("元" if unit == "万元" and money.value < per else None)  # under 1 万元 each: in 元
        if asked_unit and asked_unit != unit:  # '一天合多少元': the amount in the unit asked, then divided (no rounding first)
            conv = T.convert_units(str(value), unit, asked_unit)
            value, unit, first = conv.value, asked_unit, f"{conv.computation}；"
        r = T.average(str(value), per, unit, label=f"{money.label}（{what[0]}平均）")
        r = r.model_copy(update={"computation": first + (r.computation or "")}) if first and r.ok else r
        if r.ok and r.value is not None:
            cites = [c.citations[n - 1] for n in money.citations if 0 < n <= len(c.citations)]
            mm = c.figure(r.label, r.value, r.unit, cites, basis="computed", computation=r.computation)
            name = bare_label(money.label)
            c.say(f"{name}{what[0]}平均 {r.shown}{mm}（{r.computation}）。" if u.language == "zh"
                  else f"On average {name} is {r.shown} {what[1]}{mm} ({r.computation}).")
