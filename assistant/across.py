"""Answers across documents, composed from each document's own figure: a change across years, a figure across
departments (listed, ranked, totalled, or two compared). Every number is a document's figure or arithmetic on them
(tools.arith, tools.difference), every figure cited to its own document; the sentences are in the question's language.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budget_qa.results import CANNOT_ANSWER, Citation, show
from index.catalog import CatalogEntry
from tools import arith, difference, ratio_of

from .answer import Answer, AnswerFigure
from .compose import Composer
from .understand import Understanding

UNIT_ORDER = ("元", "千元", "万元", "百万元", "亿元")
Got = tuple[AnswerFigure, list[Citation]]
"""A document's figure for the subject and the citations (each naming that document) it was read from."""

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "years": "{whose}{label}：{y1}年 {new}{m_new}，{y0}年 {old}{m_old}（各取自当年的预算文件）。",
        "converted": "换算：{conversion}。",
        "flat": "两年持平，变化为 0。",
        "change": "两年相比的变化：{label}{direction} {diff}{rate}。",
        "rate": "，{label}增长率 {rate}",
        "up": "增加", "down": "减少",
        "arithmetic": "计算：{arithmetic}。",
        "row": "- {who} {subject}：{value}{marks}{extra}。",
        "row_converted": "，折合 {value}（{conversion}）",
        "compare": "{a}比{b}多，{subject}差额 {diff}（{arithmetic}）：",
        "rank": "按{subject}比较已载入的{n}个部门，{top}{word}：",
        "most": "最多", "least": "最少",
        "total": "已载入的{n}个部门{subject}合计 {total}（{arithmetic}）：",
        "average": "平均每个部门 {mean}{marks}（{arithmetic}）。",
        "list": "已载入的{n}个部门的{subject}：",
        "lacking": "以下文件中没有找到这一项：{names}。",
        "not_loaded": "没有载入{names}的预算文件。",
        "none_has": CANNOT_ANSWER + "：已载入的文件中都没有找到{subject}。",
        "year_lacks": CANNOT_ANSWER + "：{missing}，无法计算两年的变化。",
        "lacks": "{name}中没有找到{subject}",
        "sep": "；",
        "absent_name": CANNOT_ANSWER + "：没有载入{name}的预算文件。已载入：{loaded}。",
        "absent_combination": CANNOT_ANSWER + "：已载入的文件中没有问题所说的部门和地区。已载入：{loaded}。",
        "absent_year": CANNOT_ANSWER + "：没有载入{year}年的相关预算，已载入的文件也没有说明{year}年的数。已载入：{loaded}。",
        "clarify_none": "已载入多份预算文件，请说明问的是哪个部门（哪一年）：{loaded}。",
        "clarify_many": "问题对应多个部门的预算，请说明是哪一个：{loaded}。",
        "clarify_count": "问题说的是{n}个部门，已载入的是{total}个：{loaded}。请说明是哪{n}个。",
        "source": "（据{name}）",
        "suggest": "{name}的三公经费是多少",
        "times": "{a}是{b}的 {value}{marks}（{arithmetic}）。",
        "years_times": "{label}：{y1}年是{y0}年的 {value}{marks}（{arithmetic}）。",
        "same": "{a}与{b}的{subject}相等，差额 {diff}（{arithmetic}）：",
    },
    "en": {
        "years": "{label} of {whose}: in {y1} {new}{m_new}; in {y0} {old}{m_old} (each from that year's budget).",
        "converted": "Converted: {conversion}.",
        "flat": "The two years are the same: a change of 0.",
        "change": "Change between the two years: {label} {direction} by {diff}{rate}.",
        "rate": "; {label} growth rate {rate}",
        "up": "increased", "down": "decreased",
        "arithmetic": "Arithmetic: {arithmetic}.",
        "row": "- {who} {subject}: {value}{marks}{extra}.",
        "row_converted": ", that is {value} ({conversion})",
        "compare": "{a} has more than {b}; the {subject} difference is {diff} ({arithmetic}):",
        "rank": "Comparing {subject} across the {n} departments loaded, {top} has the {word}:",
        "most": "most", "least": "least",
        "total": "{subject} of the {n} departments loaded totals {total} ({arithmetic}):",
        "average": "On average {mean}{marks} per department ({arithmetic}).",
        "list": "{subject} of the {n} departments loaded:",
        "lacking": "Not found in: {names}.",
        "not_loaded": "No budget of {names} is loaded.",
        "none_has": CANNOT_ANSWER + " (the documents do not say): none of the documents loaded has {subject}.",
        "year_lacks": CANNOT_ANSWER + " (the documents do not say): {missing}; the change cannot be computed.",
        "lacks": "{subject} is not found in {name}",
        "sep": "; ",
        "absent_name": CANNOT_ANSWER + " (the documents do not say): no budget of {name} is loaded. Loaded: {loaded}.",
        "absent_combination": CANNOT_ANSWER + " (the documents do not say): no document loaded is of that department "
                              "and place. Loaded: {loaded}.",
        "absent_year": CANNOT_ANSWER + " (the documents do not say): no budget of {year} is loaded, and no document "
                       "loaded states {year} figures. Loaded: {loaded}.",
        "clarify_none": "Several budgets are loaded; which department (and year) do you mean? {loaded}.",
        "clarify_many": "The question fits the budgets of several departments; which one do you mean? {loaded}.",
        "clarify_count": "The question speaks of {n} departments and {total} are loaded: {loaded}. Which {n} do you mean?",
        "times": "{a} over {b}: {value}{marks} ({arithmetic}).",
        "years_times": "{label}: the ratio of the two years is {value}{marks} ({y1} over {y0}: {arithmetic}).",
        "same": "{a} and {b} have the same {subject}: a difference of {diff} ({arithmetic}):",
        "source": "(From: {name})",
        "suggest": "What is the three public budget of {name}?",
    },
}


def say(language: str, key: str, **values) -> str:
    return PHRASES["en" if language == "en" else "zh"][key].format(**values)


def short_label(label: str, subject: str) -> str:
    "A figure's label without its table or year in brackets: '公务接待费（一般公共预算“三公”经费支出情况表）' → '公务接待费'"
    return re.sub(r"[（(][^（）()]*(?:20\d\d年|表)[^（）()]*[）)]", "", label) or subject


def in_unit(figure: AnswerFigure, unit: str) -> tuple[Decimal, str]:
    "The figure in another money unit, with the conversion shown ('' when none was needed)"
    return arith.in_unit(figure.value, figure.unit, unit)


def across_years(question: str, language: str, subject: str, old: tuple[CatalogEntry, Got | None],
                 new: tuple[CatalogEntry, Got | None]) -> Answer:
    "One department's figure in two years, each from its own document: both figures, the change and the growth rate"
    missing = [e for e, g in (old, new) if g is None]
    if missing:
        lacks = say(language, "sep").join(say(language, "lacks", name=e.name, subject=subject) for e in missing)
        return Answer(question=question, text=say(language, "year_lacks", missing=lacks), status="not_in_document",
                      language=language)
    (e0, (old_f, old_c)), (e1, (new_f, new_c)) = old, new
    c = Composer(question, language)
    unit = old_f.unit
    new_value, conversion = in_unit(new_f, unit)
    ch = arith.change(new_value, old_f.value, unit)
    y0, y1 = e0.year, e1.year
    label = short_label(new_f.label, subject)
    m_new = c.figure(f"{y1}年{label}", new_f.value, new_f.unit, new_c, basis=new_f.basis, computation=new_f.computation)
    m_old = c.figure(f"{y0}年{label}", old_f.value, old_f.unit, old_c, basis=old_f.basis, computation=old_f.computation)
    shares = unit == "%"  # two shares: their difference in points (no rate of a rate), with the divisions shown
    change_text = difference(new_value, old_f.value, unit, label).computation if shares else ch.text
    c.figure(f"{label} {y1}年比{y0}年的变化", ch.diff, unit, new_c + old_c, basis="computed",
             computation="；".join(x for x in (new_f.computation, old_f.computation, change_text) if x) if shares
             else change_text)
    if ch.rate is not None and not shares:
        c.figure(f"{label} {y1}年比{y0}年的增长率", ch.rate, "%", new_c + old_c, basis="computed", computation=ch.text)
    c.say(say(language, "years", whose=e1.name.split(" ")[0], label=label, y1=y1, y0=y0, m_new=m_new, m_old=m_old,
              new=show(new_f.value, new_f.unit), old=show(old_f.value, old_f.unit)))
    if conversion:
        c.say(say(language, "converted", conversion=conversion))
    if ch.diff == 0:
        c.say(say(language, "flat"))
    else:
        rate = say(language, "rate", label=label, rate=arith.fmt_rate(ch.rate)) if ch.rate is not None and not shares else ""
        c.say(say(language, "change", label=label, direction=say(language, "up" if ch.diff > 0 else "down"),
                  diff=show(abs(ch.diff), unit), rate=rate))
    added = [f"{y}年 {f.computation}" for y, f in ((y1, new_f), (y0, old_f)) if f.basis == "computed" and f.computation]
    c.say(say(language, "arithmetic", arithmetic="；".join(added + [change_text])))  # a year's rows added, then the change
    if TIMES_RE.search(question) and old_f.value:
        bare = re.sub(r"\s*\[\d+\]", "", label)  # its code aside: a number between the two names misleads a reader
        (a, va), (b, vb) = ((y1, new_value), (y0, old_f.value)) if not _older_first(question, y0, y1) else \
            ((y0, old_f.value), (y1, new_value))  # 'A年是B年的几倍': A ÷ B; else the later year over the earlier
        _times(c, language, f"{bare} {a}年是{b}年的倍数", va, vb, new_c + old_c, "years_times", label=bare, y1=a, y0=b)
    return c.answer("answered")


def _older_first(question: str, y0: int, y1: int) -> bool:
    "Whether the question sets the earlier year first in 'A是B的几倍' ('2024年的X是2025年的几倍')"
    at = {y: min((i for i in (question.find(f"{y}年"), question.find(f"{y % 100}年")) if i >= 0), default=-1)
          for y in (y0, y1)}
    return at[y0] >= 0 and at[y1] >= 0 and at[y0] < at[y1] and bool(re.search(r"(?:是|为)[^，。？?]{0,30}倍", question))


TIMES_RE = re.compile(r"倍|翻了?(?:一|几|两)?番|\btimes\b|\bdoubled?\b", re.I)
"""'翻了几倍', '是几倍': the ratio of the two figures is asked too."""


def _times(c: Composer, language: str, named: str, va: Decimal, vb: Decimal, cites: list[Citation], phrase: str,
           **words) -> None:
    "The one figure as a multiple of the other (the figure ``named``), with the division shown, said by the phrase"
    cent = Decimal("0.01")
    r = ratio_of(va.quantize(cent), vb.quantize(cent), label=named)
    if not r.ok or r.value is None:
        return
    marks = c.figure(named, r.value, "倍", cites, basis="computed", computation=r.computation)
    c.say(say(language, phrase, value=r.shown, marks=marks, arithmetic=r.computation, **words))


AVERAGE_RE = re.compile(r"平均|\baverage\b|\bmean\b", re.I)
"""'平均每家多少': the departments' figures added and divided by their number."""
PERIOD_RE = re.compile(r"每(?:月|年|天|日|周|季)|per (?:month|year|day|week|quarter)", re.I)
"""An average over time ('平均每月'), which a department's yearly figure is not divided into here."""


def across_departments(question: str, language: str, subject: str, u: Understanding,
                       got: list[tuple[CatalogEntry, Got | None]], not_loaded: list[str]) -> tuple[Answer, list[str]]:
    """Each department's figure with its citation, ranked, totalled or two compared; the documents without the item
    named. Returns the answer and the ids of the documents it used."""
    lacking = [e.name for e, g in got if g is None]
    found = [(e, g) for e, g in got if g is not None]
    if not found:
        return Answer(question=question, text=say(language, "none_has", subject=subject), status="not_in_document",
                      language=language), []
    # NOTE: documents print in different units (元 tables, 万元 narratives); they are compared in the smallest, to
    # which every conversion is exact.
    units = [g[0].unit for _, g in found if g[0].unit in arith.UNIT_FACTORS]
    others = {g[0].unit for _, g in found}  # a share (%) or a count (个, 辆) of each: in that unit
    unit = min(units, key=UNIT_ORDER.index) if units else others.pop() if len(others) == 1 else "万元"
    rows = [(e, *in_unit(g[0], unit), g[0], g[1]) for e, g in found]  # (entry, value, conversion, figure, cites)
    if u.has("rank", "compare"):  # a ratio alone keeps the order the question names them in ('A是B的几倍': A ÷ B)
        rows.sort(key=lambda r: r[1], reverse=not u.ascending)
    c = Composer(question, language)
    for e, value, conversion, figure, cites in rows:
        marks = c.figure(f"{e.name} {subject}", figure.value, figure.unit, cites, basis=figure.basis,
                         computation=figure.computation)  # a share a document computed carries its division
        if conversion:
            c.figure(f"{e.name} {subject}（{unit}）", value, unit, cites, basis="computed", computation=conversion)
        extra = say(language, "row_converted", value=show(value, unit), conversion=conversion) if conversion else \
            f"（{figure.computation}）" if figure.unit == "%" and figure.computation else ""  # a share's division
        c.say(say(language, "row", who=e.name, subject=subject, value=show(figure.value, figure.unit), marks=marks,
                  extra=extra))
    if u.has("compare", "ratio") and not u.has("rank") and len(rows) == 2:
        (a, va, conv_a, _, ca), (b, vb, conv_b, _, cb) = rows
        if u.has("compare"):  # 'A和B谁多，多多少': the larger first (sorted), the difference
            d = difference(va, vb, unit, label=f"{subject}差额")
            conversions = "；".join(x for x in (conv_a, conv_b) if x)  # a side in another unit: read, then converted
            c.figure(d.label, d.value, d.unit, ca + cb, basis="computed",
                     computation=(conversions + "；" if conversions else "") + d.computation)
            c.lines.insert(0, say(language, "compare" if d.value else "same", a=a.name, b=b.name, subject=subject,
                                  diff=d.shown, arithmetic=d.computation))
        else:
            c.lines.insert(0, say(language, "list", subject=subject, n=len(rows)))
        if TIMES_RE.search(question) and vb:
            a_said, b_said = f"{a.name} {subject}", f"{b.name} {subject}"
            _times(c, language, f"{a_said}是{b_said}的倍数", va, vb, ca + cb, "times", a=a_said, b=b_said)
    elif (u.has("rank", "total") or AVERAGE_RE.search(question)) and len(rows) > 1:
        lead = []
        if (u.has("total") or AVERAGE_RE.search(question)) and unit != "%":  # '加起来一共多少？哪家最多？'
            total, expr = arith.sum_text([r[1] for r in rows], unit)
            conversions = "；".join(r[2] for r in rows if r[2])
            c.figure(f"{len(rows)}个部门{subject}合计", total, unit, [x for r in rows for x in r[4]],
                     basis="computed", computation=(conversions + "；" if conversions else "") + expr)
            lead.append(say(language, "total", subject=subject, n=len(rows), total=show(total, unit), arithmetic=expr))
            if AVERAGE_RE.search(question) and not PERIOD_RE.search(question):  # '平均每家多少': the sum over the departments
                mean, division = arith.divide_text(total, Decimal(len(rows)), unit)
                mm = c.figure(f"{len(rows)}个部门{subject}平均", mean, unit, [x for r in rows for x in r[4]],
                              basis="computed", computation=division)
                shown = show(mean, unit) if unit in arith.UNIT_FACTORS or mean == mean.to_integral_value() else \
                    f"{mean:.2f} {unit}"  # a count's average keeps its cents (23.50 个)
                lead.append(say(language, "average", subject=subject, n=len(rows), mean=shown, marks=mm,
                                arithmetic=division))
        if u.has("rank"):
            lead.append(say(language, "rank", subject=subject, n=len(rows), top=rows[0][0].name,
                            word=say(language, "least" if u.ascending else "most")))
        if u.has("rank") and u.has("compare") and len(rows) > 2:  # '哪个最少？跟最多的差多少': the two ends
            (a, va, _, _, ca), (b, vb, _, _, cb) = max(rows, key=lambda r: r[1]), min(rows, key=lambda r: r[1])
            d = difference(va, vb, unit, label=f"{subject}差额")
            c.figure(d.label, d.value, d.unit, ca + cb, basis="computed", computation=d.computation)
            c.say(say(language, "compare" if d.value else "same", a=a.name, b=b.name, subject=subject, diff=d.shown,
                      arithmetic=d.computation).rstrip("：:") + ("。" if language == "zh" else "."))
        c.lines[0:0] = lead
    else:
        c.lines.insert(0, say(language, "list", subject=subject, n=len(rows)))
    if lacking:
        c.say(say(language, "lacking", names=say(language, "sep").join(lacking)))
    if not_loaded:
        c.say(say(language, "not_loaded", names="、".join(not_loaded)))
    return c.answer("answered"), [r[0].id for r in rows]
