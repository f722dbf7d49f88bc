"""Statements of amounts and changes in the narrative (第三部分): '…16.80万元，比上年增加4.50万元，增长36.59%'.

Generic patterns only: a clause with an amount opens a statement about its subject; following clauses with
'比上年/较2023年 增加/减少 X万元', '增长/下降 Y%' or '与上年基本持平' complete it. A clause 'S增加X万元' is a statement
of its own about S with no current amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from budget_qa.doccache import per_document
from budget_qa.results import Citation
from budget_qa.types import BudgetDocument, Paragraph
from index.text import norm_key

from .aliases import BUYING_RE, THING_WORDS
from .arith import money

AMT = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
CLAUSE_RE = re.compile(r"(?:[^，,；;。]|(?<=\d),(?=\d))+")
SENTENCE_RE = re.compile(r"[^。]+。?")
LEAD_RE = re.compile(r"^(?:\d+[.．、]\s*|[（(][一二三四五六七八九十]+[）)]\s*)?(?:[^：:]{0,12}[：:])?\s*(?:其中[：:]?|包括)?\s*")
CHANGE_RE = re.compile(r"(?:(比上年|较上年|[比较]\d{4}年(?:预算)?(?:执行数|数)?))?(增加|减少)" + AMT + r"万元")
RATE_RE = re.compile(r"(增长|下降|增加|减少)" + AMT + r"%")
AMOUNT_RE = re.compile(AMT + r"(?:万元|万(?=[，,；;。、）)]|$))(?!(?:[（(]含[）)])?(?:以上|以下|以内)|的)")
"""An amount in 万元, also written '870.00万' before a break (a project's 年度预算安排)."""
SUBJECT_JUNK = re.compile(r"^(?:\d{4}年(?:度)?|本部门|本单位|部门)+|(?:预算)?(?:共|安排|为|合计|总额)+$")
PART = "第三部分"
COUNT_RE = re.compile(r"(\d+)\s*(辆|台[（(]套[)）]|台|套|个|家|项|人)(?=$|[、，,；;。：:）)])")
"""A count closing its clause ('共有车辆2辆', '执法执勤用车0辆', '行政单位1家'): the subject comes before it."""
NOTHING_BOUGHT_RE = re.compile(r"未(?:安排|计划)?(?:购置|购买|新增|新购)([^。；;，,]{2,30})")
COUNT_JUNK = re.compile(r"^(?:截至[^，,]*|本部门|本单位|部门|单位)?(?:共有|共计|合计|共|有)?")


@dataclass(frozen=True)
class Count:
    "A number of things the narrative states: '车辆2辆', '其中执法执勤用车0辆'"

    subject: str
    value: int
    unit: str
    paragraph: Paragraph
    quote: str
    """The sentence, verbatim."""
    buying: bool
    """Whether the sentence states what is to be bought ('安排购置车辆0辆'), not what is held."""

    def citation(self) -> Citation:
        return Citation(kind="narrative", line=self.paragraph.line_start, part=self.paragraph.part,
                        section=self.paragraph.section, quote=self.quote, page=self.paragraph.page)


@per_document
def counts(doc: BudgetDocument) -> list[Count]:
    "Every count the narrative states at the end of a clause, in reading order (cached per document)"
    out: list[Count] = []
    for p in doc.paragraphs:
        for sm in SENTENCE_RE.finditer(p.text):
            # '设备0台（件、套）': the counter's alternatives in brackets are one counter, not clauses of their own
            sentence = sm.group(0).strip()  # quoted as printed
            read = re.sub(r"([台套件])[（(][件台套、/]+[)）]", r"\1", sentence)
            for clause in re.split(r"[，,；;、]", read):
                m = COUNT_RE.search(clause.strip())
                if not m:
                    continue
                subject = re.sub(r"^.*(?:共有|共计)", "", COUNT_JUNK.sub("", _subject(clause.strip()[: m.start()])))
                if len(subject) >= 2 and not re.search(r"\d", subject[-1:]):
                    buying = BUYING_RE.search(sentence) is not None
                    out.append(Count(subject, int(m.group(1)), m.group(2), p, sentence, buying))
            # '预算未安排购置…大型设备': none to be bought, in the counter of the thing it names
            for m in NOTHING_BOUGHT_RE.finditer(sentence):
                unit = next((u for w, u in THING_WORDS.items() if w in m.group(1)), None)
                if unit:
                    out.append(Count(m.group(1), 0, unit, p, sentence, True))
    return out


@dataclass(frozen=True)
class Statement:
    subject: str
    """Normalised subject ('三公经费', '收入预算', '基本支出')."""
    current: Decimal | None
    direction: Literal["增加", "减少", "持平"] | None
    delta: Decimal | None
    rate: Decimal | None
    rate_direction: str
    paragraph: Paragraph
    quote: str
    """The sentence, verbatim."""
    basis: str = "预算"
    """What last year's figure is: '预算', or '预算执行数' when the change is stated against last year's outturn."""

    def citation(self) -> Citation:
        return Citation(kind="narrative", line=self.paragraph.line_start, part=self.paragraph.part,
                        section=self.paragraph.section, quote=self.quote, page=self.paragraph.page)

    @property
    def signed_delta(self) -> Decimal | None:
        if self.direction == "持平":
            return Decimal("0.00")
        if self.delta is None or self.direction is None:
            return None
        return self.delta if self.direction == "增加" else -self.delta


@per_document
def statements(doc: BudgetDocument) -> list[Statement]:
    "Every amount/change statement of the document's narrative, in reading order (cached per document)"
    out: list[Statement] = []
    for p in doc.paragraphs:
        if p.part == PART:
            out += paragraph_statements(p)
    # a subject stated with other amounts in other sections names something else in each ('项目总预算' of each
    # project's explanation): each is named by the heading of its own section that tells them apart
    places: dict[str, set] = {}
    for st in out:
        if st.current is not None:
            places.setdefault(st.subject, set()).add((st.paragraph.section, st.current))
    vague = {k: {sec for sec, _ in v} for k, v in places.items()
             if len({sec for sec, _ in v}) > 1 and len({amt for _, amt in v}) > 1}
    return [replace(st, subject=_owner(st.paragraph.section, vague[st.subject]) + st.subject)
            if st.subject in vague else st for st in out]


def _owner(section: str, others: set[str]) -> str:
    "The first heading of a section path that differs among the sections, as a project is named by it"
    paths = [o.split(" / ") for o in others]
    for i, head in enumerate(section.split(" / ")):
        if len({p[i] if i < len(p) else "" for p in paths}) > 1:
            return project_name(head)
    return ""


PROJECT_TITLE_TAIL = re.compile(r"(?:项目)?(?:经费)?(?:情况)?说明$|政策资金$|项目$")


def project_name(heading: str) -> str:
    "A project's short name from its explanation's heading: '科技创新专项（政策资金）经费情况说明' → '科技创新专项'"
    name = norm_key(re.sub(r"[（(][^）)]*[）)]", "", heading))
    while PROJECT_TITLE_TAIL.search(name):
        name = PROJECT_TITLE_TAIL.sub("", name)
    return name


@per_document
def project_sections(doc: BudgetDocument) -> dict[str, str]:
    """Per-project narrative sections ('<section> / 科技创新专项经费情况说明 / 一、项目概述'): the project's short name →
    its section path"""
    out: dict[str, str] = {}
    for p in doc.paragraphs:
        path = p.section.split(" / ")
        if len(path) == 3:
            name = project_name(path[1])
            if len(name) >= 2:
                out.setdefault(name, " / ".join(path[:2]))
    return out


def _subject(text: str) -> str:
    s = norm_key(LEAD_RE.sub("", text))
    s = re.sub(r"^.*安排的", "", s)
    prev = None
    while prev != s:
        prev, s = s, SUBJECT_JUNK.sub("", s)
    return s


def _sentences(text: str) -> list[str]:
    """The text's sentences; one that opens with a change and no subject ('与2024年预算持平，…', '比上年增加…') goes on
    with the sentence before it ('公务接待费1.00万元。与2024年预算持平'), quoted together"""
    out: list[str] = []
    for sm in SENTENCE_RE.finditer(text):
        sentence = sm.group(0).strip()
        first = CLAUSE_RE.match(sentence)
        head = first.group(0) if first else ""
        change = CHANGE_RE.search(head)
        at = change.start() if change else head.find("持平")
        if out and at >= 0 and not _subject(re.sub(r"^(?:[与比较]\d{4}年|[与比较]上年)\S*$", "", head[:at])):
            out[-1] += sentence
        else:
            out.append(sentence)
    return out


def paragraph_statements(p: Paragraph) -> list[Statement]:
    out: list[Statement] = []
    for sentence in _sentences(p.text):
        current: dict | None = None
        opened: list[dict] = []
        for clause in _clauses(sentence):
            change = CHANGE_RE.search(clause)
            rate = RATE_RE.search(clause)
            amount = AMOUNT_RE.search(clause)
            if change and not change.group(1) and _subject(clause[: change.start()]):
                current = {"subject": _subject(clause[: change.start()]), "current": None,
                           "direction": change.group(2), "delta": money(change.group(3)), "rate": None, "rd": "",
                           "basis": _basis(change.group(1))}
                opened.append(current)
            elif change and current is not None:
                current["direction"], current["delta"] = change.group(2), money(change.group(3))
                current["basis"] = _basis(change.group(1))
            elif amount and not rate:
                subject = _subject(clause[: amount.start()])
                if subject:
                    current = {"subject": subject, "current": money(amount.group(1)), "direction": None,
                               "delta": None, "rate": None, "rd": ""}
                    opened.append(current)
            if rate and current is not None:
                current["rate"], current["rd"] = Decimal(rate.group(2)).quantize(Decimal("0.01")), rate.group(1)
            if "持平" in clause and current is not None and current["direction"] is None:
                current["direction"] = "持平"
        for st in opened:
            out.append(Statement(st["subject"], st["current"], st["direction"], st["delta"], st["rate"], st["rd"],
                                 p, sentence, st.get("basis", "预算")))
    return out


def _basis(against: str | None) -> str:
    "Last year's figure a change is stated against: '比<上年>预算执行数增加…' → '预算执行数'"
    return "预算执行数" if against and "执行数" in against else "预算"


def _clauses(sentence: str) -> list[str]:
    """The sentence's clauses; a clause listing several amounts with 、 ('货物预算0万元、工程预算0万元、服务预算34万元')
    is one clause per amount"""
    out = []
    for cm in CLAUSE_RE.finditer(sentence):
        clause = cm.group(0).strip()
        pieces = clause.split("、")
        if len(AMOUNT_RE.findall(clause)) >= 2 and all(AMOUNT_RE.search(x) for x in pieces):
            out += [x.strip() for x in pieces]
        else:
            out.append(clause)
    return out
