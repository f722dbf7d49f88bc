"""Projects: what each project's 经费情况说明 says under each heading, and its 绩效目标表 (targets, 实施单位, goal)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import tools as T
from budget_qa.results import Citation, show
from index.text import norm_key
from tools.arith import share_text, sum_text
from tools.aliases import GENERIC_PAIRS
from tools.indicators import covering, find_indicators, unit_asked
from tools.resolve import bigrams, catalog, common_run

from .compose import Composer
from .conversation import Conversation
from .source import Topic
from .understand import PURPOSE_RE, Understanding

INDICATOR_VALUE_RE = re.compile(r"^\s*[≤≥=<>＜＞≦≧]*\s*(?P<value>\d[\d,]*(?:\.\d+)?)\s*"
                                r"(?P<unit>(?:%|[万亿千]?元|人次|个月|万人|[个项家人辆次条倍年月天名户期卷笔场所])(?:/[\u4e00-\u9fff]{1,2})*)?\s*$")
"""A performance indicator's target: '≥50人', '≤400万元/户', '100%'."""
PROJECT_TOPICS: tuple[tuple[str, str], ...] = (
    (r"立项依据|依据|根据什么|根据哪些|政策文件", "立项依据"),
    (r"目的|效果|作用|意义|为了什么", "项目概述"),  # what the money is meant to achieve, before '这笔钱' asks an amount
    (r"实施主体|谁(?:来)?(?:实施|负责|承担|做)|哪个单位|主体", "实施主体"),
    (r"实施周期|周期|多久|多长时间|期限|什么时候|起止|时间", "实施周期"),
    (r"实施方案|怎么(?:实施|做|开展|落实)|如何(?:实施|开展|落实)|方案|流程", "实施方案"),
    (r"绩效目标|绩效|目标|指标", "绩效目标"),
    (r"年度预算|预算安排|总预算|预算|多少钱|多少|金额|资金|钱", "年度预算"),
    (r"概述|是什么|干什么|做什么|内容|目的|介绍|主要", "项目概述"),
)
"""The headings of a per-project 经费情况说明 (一、项目概述 … 七、绩效目标) and the words that ask for each."""
INDICATOR_SCORE = 9.0
"""How well an indicator must match a question that does not name its project (tools/indicators.py scores)."""
CLAUSE_RE = re.compile(r"[？?，,；;。]")
INDICATOR_KIND_RE = re.compile(r"哪些(?:项目|资金)[^，,。？?]{0,4}?(?:有|设了?|设置了?|包含|含)(?P<a>[\u4e00-\u9fff]{2,6}?)(?:类)?指标|"
                               r"(?:有|设了?|设置了?|含)(?P<b>[\u4e00-\u9fff]{2,6}?)(?:类)?指标的(?:项目|资金)")
"""'哪些项目有满意度指标', '设了成本指标的项目有哪些': the projects with an indicator of that kind."""
"""Where a question's clauses end (each may ask for another indicator)."""
PROJECT_WORDS_RE = re.compile(r"经费|项目|专项|资金|这笔钱|project|fund")
"""A question about a project calls it by what it is."""


@dataclass
class Projects(Topic):
    "Answers from the per-project explanations and the performance target tables"

    @cached_property
    def _sections(self) -> dict[str, str]:
        "The per-project explanations: short name ('科技创新专项') → section path"
        return T.project_sections(self.doc)

    @cached_property
    def _other_pairs(self) -> frozenset[str]:
        "Character pairs of every row and unit name of the document: a project's own word has none of them"
        return frozenset(b for k in [*catalog(self.doc).keys, *(norm_key(x.text) for x in self.doc.units)]
                         for b in bigrams(k))

    def named(self, text: str, conv: Conversation, u: Understanding) -> str | None:
        "The project (of the per-project explanations) a question names, or the conversation's when it refers back"
        if not self._sections:
            return None
        q = norm_key(text)
        exact = [n for n in self._sections if n in q]
        if exact:
            return max(exact, key=len)
        qg = bigrams(q)
        scored = sorted(((len(bigrams(n) & qg) / len(bigrams(n)), len(bigrams(n) & qg), n) for n in self._sections),
                        reverse=True)
        if scored and scored[0][0] >= 0.6 and scored[0][1] >= 4:
            return scored[0][2]
        # a word of one project's name that no other project, row or unit of the document has (a short name of the project)
        own = {n: (bigrams(norm_key(n)) - GENERIC_PAIRS) & qg for n in self._sections}
        distinct = [n for n, pairs in own.items()
                    if any(not any(b in bigrams(norm_key(m)) for m in self._sections if m != n)
                           and b not in self._other_pairs for b in pairs)]
        if len(distinct) == 1 and PROJECT_WORDS_RE.search(text):
            return distinct[0]
        topic = any(re.search(rx, text) for rx, _ in PROJECT_TOPICS[:5])
        if conv.items and conv.items[0] in self._sections and topic and (u.followup or len(q) <= 12):
            return conv.items[0]
        return None

    def project(self, c: Composer, u: Understanding, project: str, items: list[str], text: str) -> str | None:
        "What a project's 经费情况说明 says under the heading the question asks for (its amount stated as a figure)"
        path = self._sections[project]
        topic = next((h for rx, h in PROJECT_TOPICS if re.search(rx, text)), None)
        paras = [p for p in self.doc.paragraphs if p.section.startswith(path + " / ")]
        wanted = [h for h in ((topic,) if topic else ("项目概述", "年度预算"))]
        shown = False
        for heading in wanted:
            for p in (p for p in paras if heading in p.section.split(" / ")[-1]):
                m = self.source.cite_passage(c, p.part, p.section, p.line_start, p.text)
                if heading == "年度预算":
                    total = re.search(r"总预算\s*(\d[\d,]*(?:\.\d+)?)\s*万", p.text)
                    if total:
                        value = Decimal(total.group(1).replace(",", ""))
                        unit = self.doc.text_unit
                        mark = c.figure(f"{project}年度预算", value, unit, [c.citations[-1]])
                        c.say(f"{project}{self.doc.year}年度预算为 {show(value, unit)}{mark}。")
                        if u.has("breakdown"):  # '分成哪几块': the parts the same paragraph states, each as a figure
                            for st in T.statements(self.doc):
                                if st.paragraph.line_start == p.line_start and st.current is not None \
                                        and st.current <= value and "总预算" not in st.subject:
                                    sub = c.figure(st.subject, st.current, unit, [c.citations[-1]])
                                    c.say(f"- {st.subject}：{show(st.current, unit)}{sub}")
                c.say(f"{p.section.split(' / ')[-1]}：“{p.text}”{m}")
                shown = True
        if not shown:
            return None
        items[:] = [project]
        return "answered"

    def parts_named(self, project: str, text: str) -> list[T.Statement]:
        """The parts of a project's budget the question names ('…专项里<某一块>多少'): figures its 年度预算
        paragraph states besides the total, each by its name or that name without its leading verb (支持…)"""
        path = self._sections[project]
        q = norm_key(text)
        return [st for st in T.statements(self.doc)
                if st.current is not None and st.paragraph.section.startswith(path + " / ") and "总预算" not in st.subject
                and any(len(k) >= 4 and k in q for k in {norm_key(st.subject),
                                                           re.sub(r"^(?:支持|用于|安排)", "", norm_key(st.subject))})]

    def parts(self, c: Composer, u: Understanding, project: str, parts: list) -> str:
        """The parts of a project's budget a question names: each as its paragraph states it; their sum when a total
        is asked of two or more; each one's share of the project's total when a share is asked"""
        unit = self.doc.text_unit
        whole = next((st for st in T.statements(self.doc) if st.paragraph is parts[0].paragraph
                      and "总预算" in st.subject and st.current), None)
        found = []
        for st in parts:
            cite = st.citation()
            found.append((st.subject, st.current, cite, c.figure(st.subject, st.current, unit, [cite])))
        if u.has("total") and len(found) >= 2:
            return _say_sum(c, u, found, unit, " + ".join(n for n, _, _, _ in found), "合计" if u.language == "zh"
                            else "")
        for name, value, cite, m in found:
            c.say(f"{name}：{show(value, unit)}{m}" if u.language == "zh" else f"{name}: {show(value, unit)}{m}")
            if u.has("share", "ratio") and whole is not None:
                share, how = share_text(value, whole.current)
                mw = c.figure(f"{project}年度预算", whole.current, unit, [whole.citation()])
                ms = c.figure(f"{name}占{project}的比重", share, "%", [cite, whole.citation()], basis="computed",
                              computation=how)
                c.say(f"{project}年度预算 {show(whole.current, unit)}{mw}，{name}占 {share:.2f}%{ms}（{how}）。"
                      if u.language == "zh" else f"{project}'s budget: {show(whole.current, unit)}{mw}; {name} is "
                                                 f"{share:.2f}%{ms} of it ({how}).")
        return "answered"

    def budgets_named(self, text: str) -> list[str]:
        """The per-project explanations a sum names: each by its name or a 4-character run of it ('贸易高质量'), or all
        of them ('所有专项', '四个项目')"""
        q = norm_key(text)
        named = [n for n in self._sections
                 if n in q or any(n[i: i + 4] in q for i in range(len(n) - 3) if "专项" not in n[i: i + 4])]
        if len(named) < 2 and re.search(r"(?:所有|全部|各个?|这些|这几个|[二两三四五六七八九十\d]+个)(?:专项|项目)", q):
            named = list(self._sections)
        return named if len(named) >= 2 else []

    def budgets_total(self, c: Composer, u: Understanding, names: list[str]) -> str | None:
        "The annual budgets of several projects, each from its 年度预算安排 paragraph, and their sum"
        unit = self.doc.text_unit
        found = []
        for name in names:
            budget = self._budget_of(name)
            if budget is None:
                return None  # one project states no budget: no partial sum
            p, value = budget
            m = self.source.cite_passage(c, p.part, p.section, p.line_start, p.text)
            found.append((name, value, c.citations[-1], m))
        for name, value, cite, _ in found:
            c.figure(f"{name}年度预算", value, unit, [cite])
        return _say_sum(c, u, found, unit, " + ".join(f"{n}年度预算" for n, _, _, _ in found),
                        f"{self.doc.year}年度预算合计")

    def _budget_of(self, name: str):
        "A project's 年度预算安排 paragraph and the 总预算 it states, or None"
        path = self._sections[name]
        p = next((p for p in self.doc.paragraphs if p.section.startswith(path + " / ")
                  and "年度预算" in p.section.split(" / ")[-1] and re.search(r"总预算\s*\d", p.text)), None)
        if p is None:
            return None
        return p, Decimal(re.search(r"总预算\s*(\d[\d,]*(?:\.\d+)?)", p.text).group(1).replace(",", ""))

    def alike(self, text: str) -> list[str]:
        """Two or more projects a wording names equally and none by its full name ('创新专项': 科技创新专项 and
        商业创新专项): the readings to answer side by side"""
        q = norm_key(text)
        if not self._sections or any(n in q for n in self._sections):
            return []
        qg = bigrams(q) - GENERIC_PAIRS
        scored = {n: len((bigrams(n) - GENERIC_PAIRS) & qg) for n in self._sections}
        best = max(scored.values(), default=0)
        tied = [n for n, k in scored.items() if k == best]
        return tied if best >= 2 and len(tied) >= 2 and len(tied) < len(scored) else []

    def readings(self, c: Composer, u: Understanding, names: list[str], said: str) -> str | None:
        "Each project a wording may mean, with the budget its explanation states, each cited"
        found = [(n, b) for n in names if (b := self._budget_of(n)) is not None]
        if len(found) < 2:
            return None
        zh = u.language == "zh"
        c.say(f"“{said}”可能指以下{len(found)}个专项（文件中各有说明）：" if zh
              else f"“{said}” may mean any of {len(found)} projects the document explains:")
        for name, (p, value) in found:
            m = self.source.cite_passage(c, p.part, p.section, p.line_start, p.text)
            mark = c.figure(f"{name}年度预算", value, self.doc.text_unit, [c.citations[-1]])
            c.say(f"- {name}：{self.doc.year}年度总预算 {show(value, self.doc.text_unit)}{mark}")
        return "answered"

    def funds_named(self, text: str) -> list:
        """The 绩效目标表 a sum names one by one ('A基金跟B补助加起来'), when none of them is a row of the budget
        tables (those are summed from the tables): two or more, else none"""
        named: list = []
        for piece in re.split(r"和|与|及|、|跟|以及|加上", text):
            pairs = bigrams(norm_key(piece)) - GENERIC_PAIRS
            scored = sorted(((len(pairs & (bigrams(norm_key(t.name)) - GENERIC_PAIRS)), i) for i, t in
                             enumerate(self.doc.performance)), reverse=True)
            if scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                best = self.doc.performance[scored[0][1]]  # the table whose name shares the most of the piece
                if best not in named:
                    named.append(best)
        if len(named) < 2 or any(m.score >= 0.9 for t in named for m in T.resolve(self.doc, t.name)[:1]):
            return []
        return named if all(t.budget is not None for t in named) else []

    def funds_total(self, c: Composer, u: Understanding, tables: list) -> str:
        "The 年度预算资金 of several 绩效目标表, each cited to its table, and their sum"
        unit = "万元"
        found = []
        for t in tables:
            cite = Citation(kind="table", table="项目支出绩效目标表" if t.kind == "project" else "专项资金绩效目标表",
                            row_label=t.name, column="年度预算资金", line=t.budget_line or t.line_start)
            found.append((t.name, t.budget, cite, c.figure(f"{t.name}（年度预算资金）", t.budget, unit, [cite])))
        return _say_sum(c, u, found, unit, " + ".join(n for n, _, _, _ in found), "年度预算资金合计")

    def with_indicator(self, c: Composer, u: Understanding, text: str) -> str | None:
        "'哪些项目有满意度指标': the 绩效目标表 with an indicator of that kind, each with its first such indicator, cited"
        m = INDICATOR_KIND_RE.search(text)
        if not m or len(word := m.group("a") or m.group("b")) < 2:
            return None
        hits = [(t, found) for t in self.doc.performance
                if (found := [i for i in t.indicators if word in i.level1 + i.level2 + i.level3])]
        if not hits:
            return None
        c.say(f"设有“{word}”类绩效指标的项目（绩效目标表）共 {len(hits)} 个：" if u.language == "zh"
              else f"{len(hits)} performance tables have a “{word}” indicator:")
        for t, found in hits:
            i = found[0]
            cite = Citation(kind="table", table="项目支出绩效目标表" if t.kind == "project" else "专项资金绩效目标表",
                            row_label=i.level3, column="指标值", line=i.line)
            unit = f"（{t.implementer}）" if t.implementer else ""
            c.say(f"- {t.name}{unit}：{i.level1}/{i.level2}/{i.level3} {i.value_text}{c.cite([cite], 1)}")
        return "answered"

    def indicators_asked(self, tables: list, text: str, target: str) -> list[str]:
        "The indicators of those 绩效目标表 each clause of the question asks for, by wording or unit, best first"
        wanted: list[str] = []
        for clause in CLAUSE_RE.split(text):
            hits = [h for h in find_indicators(self.doc, clause, target) if any(h.table is t for t in tables)]
            counted = hits and unit_asked(hits[0].indicator.unit, clause) and not hits[0].indicator.unit.startswith(
                ("元", "万元", "%"))  # '多少人次' names its indicator; '多少钱' might be any of them
            alone = hits and hits[0].own and (len(hits) == 1 or hits[1].score <= hits[0].score - 1) and \
                re.search(r"什么时候|啥时候|何时|多久|截止|when|how long", clause)  # '什么时候结束': an indicator says when
            if hits and (hits[0].own >= 2 or counted or alone or re.search(r"标准|成本|单价|人均|每人|每个人", clause)):
                wanted += [h.indicator.level3 for h in covering(hits)]
        return list(dict.fromkeys(wanted))

    def _indicators_named(self, facts: list, text: str, target: str) -> list:
        "The facts of the indicators the question asks for, in the order asked"
        tables = [t for t in self.doc.performance if any(f.label.startswith(t.name) for f in facts)]
        wanted = self.indicators_asked(tables, text, target)
        return sorted((f for f in facts if "/" in f.label and f.label.split("/")[-1] in wanted),
                      key=lambda f: wanted.index(f.label.split("/")[-1]))

    def performance_names(self, text: str) -> list:
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
                run, text_run = common_run(name, q)
                distinctive = run >= 4 and sum(text_run in norm_key(x.name) for x in self.doc.performance) <= 2
                scored.append((max(len(g & qg) / len(g), 0.75 + run / 100 if distinctive else 0.0), p))
        best = max((s for s, _ in scored), default=0.0)
        return [p for s, p in scored if s >= 0.75 and s >= best - 0.001]

    def indicator_asked(self, text: str, items: list[str], conv: Conversation) -> str | None:
        """The project whose performance indicator the question asks for without naming the project ('考试巡视人员劳务费
        标准是多少'): a strong match, more specific than any table row the question names"""
        hits = find_indicators(self.doc, text, conv.items[0] if conv.items else "")
        targeted = bool(re.search(r"目标|指标", text))  # '…数量目标是多少': an indicator asked by name
        if not hits or hits[0].own < 2 or (hits[0].score < INDICATOR_SCORE and not ((hits[0].asked or targeted)
                                                                                and hits[0].own >= 3)):
            return None
        q = bigrams(norm_key(text))
        rows = max((len(bigrams(norm_key(m.item.label)) & q) for i in items for m in T.resolve(self.doc, i)[:1]),
                   default=0)
        if hits[0].own <= rows:
            return None
        clauses = [x for x in CLAUSE_RE.split(text) if x.strip()]
        if len(clauses) < 2:
            return hits[0].table.name
        fit: dict[int, float] = {}  # several clauses: the table whose indicators answer most of them
        for clause in clauses:
            best: dict[int, float] = {}
            for h in find_indicators(self.doc, clause, conv.items[0] if conv.items else ""):
                best[id(h.table)] = max(best.get(id(h.table), 0.0), h.score)
            for key, score in best.items():
                fit[key] = fit.get(key, 0.0) + score
        return max(self.doc.performance, key=lambda t: (fit.get(id(t), 0.0), t is hits[0].table)).name

    def performance(self, c: Composer, u: Understanding, items: list[str], text: str, conv: Conversation,
                    target: str | None = None) -> str | None:
        names = [] if target else self.performance_names(text)
        if not target and not names and conv.items:
            names = self.performance_names(conv.items[0])
        target = target or (names[0].name if names else (items[0] if items else (conv.items[0] if conv.items else None)))
        if not target:
            return None
        r = T.performance(self.doc, target)
        if r.status == "not_found" or not r.facts:
            return None  # an ambiguous name keeps every table's facts, labelled by 实施单位
        want_unit = re.search(r"谁|实施|负责|哪个单位|哪家单位|implement", text)
        want_goal = re.search(r"总体目标|目标是什么|goal", text) or PURPOSE_RE.search(text.lower())  # '是干嘛的'
        words = bigrams(norm_key(re.sub(r"谁|实施|负责|多少|要|是|的|吗|呢|？|\?|" + re.escape(target), "", text)))
        facts = r.facts
        picked = []
        for f in facts:
            if want_unit and "实施单位" in f.label:
                picked.append(f)
            elif want_goal and "年度总体目标" in f.label:
                picked.append(f)
        if not picked:
            picked = self._indicators_named(facts, text, target)
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


def _say_sum(c: Composer, u: Understanding, found: list, unit: str, total_label: str, heading: str) -> str:
    "Several (name, value, citation, marks) summed: the total with its arithmetic, then each addend with its marks"
    total, computation = sum_text([v for _, v, _, _ in found], unit)
    mt = c.figure(total_label, total, unit, [x[2] for x in found], basis="computed", computation=computation)
    names = [n for n, _, _, _ in found]
    c.say(f"{'、'.join(names)}{heading} {show(total, unit)}{mt}：{computation}。" if u.language == "zh"
          else f"Total annual budget of {', '.join(names)}: {show(total, unit)}{mt} ({computation}).")
    for name, value, _, m in found:
        c.say(f"- {name}：{show(value, unit)}{m}")
    return "answered"


def _unit_asked(value_text: str, question: str) -> bool:
    "Whether the indicator's unit (人次, 卷, 家 …) is the one the question asks about"
    unit = re.sub(r"^[≥≤=<>]*[\d.]+", "", value_text).strip()
    return bool(unit) and unit != "%" and unit[0] in question
