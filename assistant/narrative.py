"""Answers in the document's own words: reasons, purposes, definitions and passages, quoted and cited.

Figures appear here only as support (a project's annual budget beside its goal); the quote is the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import tools as T
from budget_qa.results import ToolResult, show
from budget_qa.types import TableKind
from index.text import longest_first, norm_key
from tools.aliases import BUYING_RE, COUNTERS, GENERIC_PAIRS, ITEM_ALIASES, THING_WORDS
from tools.resolve import bigrams

from .compose import Composer, sentence_with
from .plan import base_label, document_key, glossary_terms, mentions, strip_frame, without_own_name
from .projects import Projects
from .source import Topic
from .premise import CONFIRM_RE, claimed_count
from .understand import PURPOSE_RE, Understanding

SHORT_PARAGRAPH = 240
"""Characters up to which a paragraph holding a purpose sentence is quoted whole."""
PURPOSE_WORDS_RE = re.compile(r"主要用于|用于|主要是|用来|主要用途|专门用于")
"""How a budget's narrative says what something is for."""
REASON_WORDS_RE = re.compile(r"根据|由于|因为|为了|鉴于|原因")
"""Words that make a sentence naming a project say why it is budgeted so."""


@dataclass
class Narrative(Topic):
    "Answers quoted from the narrative and the glossary"

    projects: Projects

    def reason(self, c: Composer, u: Understanding, r: ToolResult, item: str, text: str) -> bool:
        """Quote the reason the narrative gives, from the paragraph the figure was reconciled with, or by retrieval;
        False (and said) when the document gives none"""
        lines = [x.line for x in r.citations if x.kind == "narrative"]
        paras = [p for p in self.doc.paragraphs if p.line_start in lines]
        # the cited paragraphs, then the reason their section gives ('收支预算增加的主要原因…')
        sections = {p.section for p in paras}
        later = [p for p in self.doc.paragraphs if p.section in sections and p.line_start > min(lines, default=0)]
        direction = r"增加|增长|增多|上升" if (r.value or 0) > 0 else r"减少|下降|降低" if (r.value or 0) < 0 else \
            r"持平|不变|未变|一致|相同"  # an unchanged figure: only a sentence saying why it stayed the same
        later = [p for p in later if re.search(direction, sentence_with(p.text, "原因"))]  # same direction only
        for p in paras + later:
            if "原因" in p.text:
                self.source.quote(c, u, p.part, p.section, p.line_start, sentence_with(p.text, "原因"), "reason")
                return True
        p = self._reason_paragraph(item, base_label(r.label))
        if p is not None and re.search(direction, sentence_with(p.text, "原因")):  # a reason for this direction
            self.source.quote(c, u, p.part, p.section, p.line_start, sentence_with(p.text, "原因"), "reason")
            return True
        c.say("文件没有说明变化的原因。" if u.language == "zh" else "The document does not give a reason.")
        return False

    def _reason_paragraph(self, *wordings: str):
        "The narrative paragraph that gives a reason ('原因') about the item: by retrieval, else by shared wording"
        hit = self.source.search(" ".join(wordings), kind="paragraph", must=("原因",), about=" ".join(wordings))
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

    def _sentence_naming(self, name: str):
        "A narrative sentence (not a performance table's) naming the project in full with a reason word, or None"
        key = norm_key(name)
        for p in self.doc.paragraphs:
            if p.part != "第三部分" or p.section.startswith("绩效目标表") or key not in norm_key(p.text):
                continue
            sentence = sentence_with(p.text, name)
            if key in norm_key(sentence) and REASON_WORDS_RE.search(sentence):
                return p, sentence
        return None

    def reason_only(self, c: Composer, u: Understanding, item: str, text: str, goal_only: bool = False) -> str | None:
        """A why-question with no two-year figure: a project's own goal, else the narrative's reason (a purpose asked:
        the goal only — a reason for a change says nothing of what the money is for)"""
        names = self.projects.performance_names(text) or [x for x in self.doc.performance if norm_key(item) in norm_key(x.name)]
        if not names and not goal_only:
            p = self._reason_paragraph(item)
            if p is not None:
                self.source.quote(c, u, p.part, p.section, p.line_start, sentence_with(p.text, "原因"), "reason")
                return "answered"
        if names and not goal_only and (said := self._sentence_naming(names[0].name)) is not None:
            p, sentence = said  # '根据以前年度绩效评价结果，优化X等项目支出预算安排': the narrative's own why
            self.source.quote(c, u, p.part, p.section, p.line_start, sentence, "reason")
        if names and names[0].overall_goal:
            t = names[0]
            r = T.performance(self.doc, t.name)
            if r.value is not None:
                mm = c.figure(f"{t.name}（年度预算资金）", r.value, r.unit, r.citations)
                c.say(f"{t.name}年度预算资金 {show(r.value, r.unit)}{mm}。" if u.language == "zh"
                      else f"{t.name}: annual budget {show(r.value, r.unit)}{mm}.")
            goal_line = next((ln for ln in range(t.line_start, t.line_end + 1)
                              if t.overall_goal[:12] in self.source.line(ln)), t.line_start)
            m = self.source.cite_passage(c, "第三部分", f"绩效目标表：{t.name}", goal_line, t.overall_goal)
            c.say(f"{t.name}的年度目标写道：“{t.overall_goal}”{m}" if u.language == "zh"
                  else f"The goal of {t.name} reads: “{t.overall_goal}”{m}")
            return "answered"
        if not goal_only and not names:  # '为什么要列X': no reason is written, but what X pays for is
            return self.purpose(c, u, [item], text)
        return None

    def purpose(self, c: Composer, u: Understanding, items: list[str], text: str) -> str | None:
        """What money or a thing is used for: the narrative sentence that names the item with a purpose word
        (主要用于, 用于, 主要是 …), else a project's own goal"""
        items = [re.sub(r"\s*\[\d+\]", "", i) for i in items]  # '一般行政管理事务 [2010302]': its words, not its code
        items = [self._row_named(i) for i in items]  # '养老保险缺口补助': the row it shortens, in the document's words
        words = longest_first(norm_key(w) for w in [*items, *mentions(self.doc, text)] if len(norm_key(w)) >= 2)
        words += [norm_key(t) for w in list(words) for t in ITEM_ALIASES.get(w, ())]
        asked = bigrams(strip_frame(PURPOSE_RE.sub("", re.sub(r"平时|一般|主要|[这那]?[一两二三四五六七八九十几\d]+[辆台笔项]|单位的?",
                                                                 "", without_own_name(self.doc, text)))))
        best, found = None, []
        named = mentions(self.doc, text)  # the question names the document's own wording: that wording, not its pairs
        for p in self.doc.paragraphs:
            for sentence in re.split(r"(?<=[。；;])", p.text):
                if not PURPOSE_WORDS_RE.search(sentence):
                    continue
                key = norm_key(sentence)
                hits = [w for w in words if w in key]
                # no word of the document in the question ('公务车'): most of its character pairs in the sentence
                overlap = len(asked & bigrams(key)) / len(asked) if asked and not hits and not named else 0
                if hits or overlap >= 0.5:
                    # the item asked first ('商贸事务的事业运行': the 事业运行 line, not another line of 商贸事务), then
                    # the most of the question's words, then the shortest sentence
                    own = any(norm_key(i) in key for i in items)
                    score = (own, sum(len(w) for w in hits) if hits else overlap, -len(sentence))
                    found.append((score, p, sentence.strip()))
                    if best is None or score > best[0]:
                        best = (score, p, sentence.strip())
        lines = [(p, x) for sc, p, x in found if best and sc[:2] == best[0][:2] and sc[0] and re.match(r"\d+[.、．]", x)]
        if len(lines) >= 2:  # a class whose every line says what it is for ('一般公共服务支出…主要用来干什么'): each
            c.say(f"{items[0]}下各科目的用途：" if u.language == "zh" else f"What each line under {items[0]} is for:")
            for p, x in lines[:8]:
                c.say(f"- “{x}”{self.source.cite_passage(c, p.part, p.section, p.line_start, x)}")
            return "answered"
        if best is not None:
            _, p, sentence = best
            if len(p.text) <= SHORT_PARAGRAPH and not sentence.startswith(p.text[:8]):
                sentence = p.text.strip()  # a short paragraph is quoted whole: its subject is named before ('共有车辆2辆')
            m = self.source.cite_passage(c, p.part, p.section, p.line_start, sentence)
            c.say(f"文件说明的用途：“{sentence}”{m}" if u.language == "zh" else f"The document says what it is for: “{sentence}”{m}")
            return "answered"
        return self.reason_only(c, u, items[0], text, goal_only=True) if items else None

    def _row_named(self, item: str) -> str:
        "The label of the row a shortened wording names (resolved with confidence), else the wording as it is"
        if norm_key(item) in document_key(self.doc):
            return item
        best = T.resolve(self.doc, item)[:1]
        return re.sub(r"\s*\[\d+\]", "", best[0].item.label) if best and best[0].score >= 0.75 else item

    def stated_count(self, text: str) -> T.Count | None:
        """The count the narrative states that a question asks for: in the unit it asks (几辆, 多少家) or about a thing
        it asks whether there is (有没有应急保障用车), held or to be bought as it says; best by the subject's wording,
        the sentence's first count (its total) on a tie"""
        asked = COUNT_ASKED_RE.search(text.lower())
        if asked and not asked.group("unit") and re.search(r"预算|钱|经费|费用|资金|元", text):
            return None  # '有没有设备购置预算': an amount of money, which a table row states, not a count of things
        claim = next((c for c in sorted(THING_COUNTERS) + list("个家项人名") if claimed_count(text, c)), None) \
            if CONFIRM_RE.search(text) else None  # '有8辆车吧'
        whether = not asked and not claim and BUYING_RE.search(text) and \
            re.search(r"吗|么|没有|是否|会不会|要不要|打不打算|有无|(.)不\1", text)  # '今年打算买大型设备吗', '买不买'
        thing = next((u for w, u in THING_WORDS.items() if w in text), None)
        if not asked and not claim and not (whether and thing):
            return None
        unit = asked.group("unit") if asked else (claim or thing)
        unit = next((u for w, u in THING_WORDS.items() if w in text), unit)  # '有多少台车', '有车吗': vehicles
        buying = bool(BUYING_RE.search(text))
        q = bigrams(norm_key(text))
        scored = []
        kinds = {u for w, u in THING_WORDS.items() if w in text}  # '设备有几台': devices, never the vehicles' count
        for k in T.counts(self.doc):
            if k.buying != buying or (unit and unit not in COUNTERS.get(k.unit[0], (k.unit[0],))) or \
                    (kinds and k.unit[0] not in kinds):
                continue
            words = bigrams(norm_key(k.subject))
            scored.append((len(words & q) / max(len(words), 1), k))
        best = max((s for s, _ in scored), default=0.0)
        if whether and not asked:  # 'will it buy X吗': only a count whose subject the question names beyond the thing
            thing_pairs = {b for w in THING_WORDS if w in text for b in bigrams(w)}
            own = [(s, k) for s, k in scored if (bigrams(norm_key(k.subject)) - thing_pairs) & q]
            if own:
                return max(own, key=lambda x: x[0])[1]
            # '今年打算买车吗': the sentence's total of things to buy, named by the thing alone ('…安排购置车辆0辆')
            if not re.search(r"(?:买|购置|购买|新购|添置)(?:新的?|大型的?|公)?(?:" + "|".join(THING_WORDS) + ")", text):
                return None  # '要买办公设备吗': a thing of its own kind, which a row names
            return next((k for _, k in scored if any(w in k.subject for w in THING_WORDS if w in text)), None)
        if best >= 0.5:
            return next(k for s, k in scored if s == best)
        core = strip_frame(re.sub(r"\d+\s*[个项家]", "", COUNT_ASKED_RE.sub("", without_own_name(self.doc, text.lower()))))
        naming = [k for _, k in scored if len(core) >= 2 and core in norm_key(k.subject)]
        if (asked or claim) and len(naming) == 1 and self.doc.table(TableKind.project_expenditure) is None:
            return naming[0]  # '有几个项目' with no project table: the one count the narrative states of them
        things = [k for _, k in scored if k.unit[0] in THING_COUNTERS]
        named = any(sc > 0 and k.unit[0] in THING_COUNTERS for sc, k in scored)  # 'how many 公务用车'
        if not things or not (unit in THING_COUNTERS or asked and "how many" in asked.group(0) and named):
            return None  # '几个', '多少人' count anything: only a count naming the thing answers
        return things[0]  # '几辆公务车': a counter that names its kind of thing; the total its sentence states first

    def stated_average(self, c: Composer, u: Understanding, text: str) -> str | None:
        """'编报绩效目标的项目平均每个多少钱': the amount a sentence states for the things it counts, divided by their
        number — both read from that one sentence, which the question names by a word of its own"""
        q = bigrams(norm_key(text)) - GENERIC_PAIRS
        best = None
        for k in T.counts(self.doc):
            if k.unit not in ("个", "项") or not k.value:
                continue
            amounts = [st for st in T.statements(self.doc) if st.quote == k.quote and st.current]
            score = len(q & bigrams(norm_key(k.subject)))
            if len(amounts) == 1 and score and (best is None or score > best[0]):
                best = (score, k, amounts[0])
        if best is None:
            return None
        _, k, st = best
        unit = self.doc.text_unit
        r = T.average(str(st.current), k.value, unit, label=f"{k.subject}（每{k.unit}平均）")
        if not r.ok or r.value is None:
            return None
        cite = [k.citation()]
        mc = c.figure(k.subject, Decimal(k.value), k.unit, cite)
        ma = c.figure(st.subject, st.current, unit, cite)
        m = c.figure(r.label, r.value, r.unit, cite, basis="computed", computation=r.computation)
        if u.language == "zh":
            c.say(f"{k.subject}共 {k.value} {k.unit}{mc}，{st.subject} {show(st.current, unit)}{ma}，"
                  f"平均每{k.unit} {r.shown}{m}（{r.computation}）。")
        else:
            c.say(f"{k.subject}: {k.value}{mc}; {st.subject}: {show(st.current, unit)}{ma}; on average {r.shown} "
                  f"each{m} ({r.computation}).")
        self.source.quote(c, u, k.paragraph.part, k.paragraph.section, k.paragraph.line_start, k.quote, "passage")
        return "answered"

    def count(self, c: Composer, u: Understanding, k: T.Count, text: str) -> str:
        "A stated count as a figure, the sentence quoted; a number the question claims is checked first"
        m = c.figure(k.subject, Decimal(k.value), k.unit, [k.citation()])  # a claimed number: premise.check
        if u.language == "zh":
            c.say(f"{k.subject}{k.value}{k.unit}{m}" + ("（没有）" if k.value == 0 else "") + "。")
        else:
            c.say(f"{k.subject}: {k.value} {k.unit}{m}" + (" (none)" if k.value == 0 else "") + ".")
        self.source.quote(c, u, k.paragraph.part, k.paragraph.section, k.paragraph.line_start, k.quote, "passage")
        return "answered"

    def definition(self, c: Composer, u: Understanding, items: list[str], text: str, near: bool = True) -> str | None:
        """The glossary's entry for the terms asked; else the entry that names the item; else (``near``) the nearest
        entry by retrieval, said to be the nearest"""
        terms = glossary_terms(self.doc, text)
        if terms:
            for term in terms[:3]:  # 'A跟B有啥区别': each term named, in turn
                e = self.doc.glossary[term]
                m = self.source.cite_passage(c, "第四部分", "名词解释", e.line, f"{e.term}：{e.definition}")
                c.say(f"{e.term}：{e.definition}{m}" if u.language == "zh" else
                      f"The document's glossary defines {e.term} as: “{e.definition}”{m}")
            return "answered"
        if items and re.search(r"名词解释|术语表|glossary", text, re.I):  # asked of the glossary, which has no entry
            c.say(f"文件的名词解释中没有“{items[0]}”这一条。" if u.language == "zh" else
                  f"The document's glossary has no entry for {items[0]}.")
            return "not_in_document"
        about = " ".join(items) or text
        hit = self.source.search(text, kind="glossary", about=about) if near else None
        if hit is None:
            hit = self._glossary_mention(items)
        if hit is not None:
            quote = sentence_with(hit.text, *items) if items else hit.text
            entry = norm_key(hit.text.split("：")[0]) if "：" in hit.text[:20] else ""
            asked = norm_key(items[0]) if items else ""
            defines = re.search(re.escape(norm_key(items[0])) + r"[”\"]?(?:：|:|是指|指|反映|是|主要|包括|用于)", norm_key(quote)) \
                if items else None
            if asked and entry and asked not in entry and entry not in asked and not defines \
                    and not bigrams(asked) & bigrams(norm_key(quote)):
                return None  # an entry that shares no word with the term: not its meaning at all
            if asked and entry and asked not in entry and entry not in asked and not defines:
                # the nearest entry, said to be so (an entry's sentence that defines the item is its definition)
                c.say(f"名词解释中没有单独解释“{items[0]}”，相关的解释是：" if u.language == "zh" else
                      f"The glossary has no entry of its own for {items[0]}; the related entry reads:")
            m = self.source.cite_passage(c, hit.part, hit.section, hit.line_start, quote)
            c.say(f"{quote}{m}" if u.language == "zh" else f"The document says: “{quote}”{m}")
            return "answered"
        return None

    def _glossary_mention(self, items: list[str]):
        "A glossary entry whose definition names the item (公务接待费 is defined inside “三公”经费)"
        for e in self.doc.glossary.values():
            for item in items:
                if len(item) >= 3 and norm_key(item) in norm_key(e.definition):
                    return _Passage("第四部分", "名词解释", e.line, f"{e.term}：{e.definition}")
        return None

    def passages(self, c: Composer, u: Understanding, text: str, must_digit: bool = False) -> str | None:
        "No table figure answers: quote the passage that does, if one clearly does"
        must_digit = must_digit or bool(re.search(r"多少|几|how (?:much|many)", text.lower()))  # an amount needs a number
        if any(w.lower() not in document_key(self.doc).lower() for w in re.findall(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])", text)):
            return None  # 'GDP多少': a term the document never uses is not answered by a passage about something else
        found = mentions(self.doc, text)
        if not found and not strip_frame(text):
            return None  # '多少钱' with nothing named: no passage answers it
        phrase = " ".join(found + [t for w in found for t in ITEM_ALIASES.get(w, ())]) or text
        hit = self.source.search(text, about=phrase, digit=must_digit)
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
        self.source.quote(c, u, hit.part, hit.section, hit.line_start, quote, "passage")
        return "answered"


THING_COUNTERS = frozenset("辆台套部")
"""Counters that name the kind of thing they count (辆: vehicles; 台/套: equipment), unlike 个, 家, 人, 项."""
COUNT_ASKED_RE = re.compile(r"(?:几|多少)\s*(?P<unit>辆|台|套|部|个|家|项|人|名|位)|how many|有没有|有无|是否有|有.{0,10}吗|"
                            r"(?:车辆?|设备)(?:数量|情况|数)")
"""A question asking how many of something there are, or whether there is any."""


@dataclass(frozen=True)
class _Passage:
    part: str
    section: str
    line_start: int
    text: str
    title: str = ""
