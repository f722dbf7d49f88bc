"""A question that asserts something and asks to confirm it is told first whether the figures agree.

Two kinds of claim, read by the standard grammar of such questions: a direction ('比上年减少了，对吧？') and a quantity
('占一半左右吧', '有几百万吧', '增长了33.64%，是吗'). The claim is compared with the figures the answer computed or
read — never with a number of the model's — and the verdict leads the answer ('不对：…' / '是的：…').
"""

from __future__ import annotations

import re
from decimal import Decimal

from budget_qa.results import show

from .compose import Composer
from .understand import Understanding

DECREASE_WORDS = r"减少|下降|降低|少了|压减|decrease|fell|drop|lower|less"
DIRECTION_RE = re.compile(r"(?:增加|增长|上升|提高|多了|涨|减少|下降|降低|少了|压减)了?[^。？?]{0,6}?"
                          r"(?:对吧|是吧|是吗|对吗|吧|是不是|对不对|没错吧|没错吗)|是不是(?:增加|增长|减少|下降)了?|"
                          r"\b(?:increased|decreased|went (?:up|down)|rose|fell)\b[^?]{0,20}(?:right|correct|isn't it|didn't it)",
                          re.I)
"""A question that states a direction and asks to confirm it."""
CONFIRM_RE = re.compile(r"吧|吗|是不是|对不对|是否|没错|right\b|correct|isn't it|is it")
FRACTIONS = {"一半": Decimal(50), "一大半": Decimal(60), "大半": Decimal(60), "三分之一": Decimal("33.33"),
             "四分之一": Decimal(25), "三分之二": Decimal("66.67")}
TENTHS_RE = re.compile(r"([一二三四五六七八九])成")
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
BELOW_RE = re.compile(r"不到|少于|低于|不足|不超过|以下|less than|under|below")
ABOVE_RE = re.compile(r"超过|多于|高于|以上|不止|至少|more than|over|above|at least")
ROUGH_RE = re.compile(r"左右|大概|大约|差不多|约|将近|接近|上下|about|around|roughly|nearly")
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%|百分之(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)")
MONEY_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|元)")
MAGNITUDE_RE = re.compile(r"(几|十几|几十)(百万|千万|十万|万|亿)")
MAGNITUDES = {"万": Decimal(1), "十万": Decimal(10), "百万": Decimal(100), "千万": Decimal(1000), "亿": Decimal(10000)}
"""Money words in 万元."""


def check(c: Composer, u: Understanding, text: str) -> None:
    "Lead the answer with the verdict on the claim the question makes, if it makes one"
    if not _direction(c, u, text):
        _quantity(c, u, text)


def _direction(c: Composer, u: Understanding, text: str) -> bool:
    m = DIRECTION_RE.search(text)
    if not m:
        return False
    claimed = -1 if re.search(DECREASE_WORDS, m.group(0)) else 1
    change = next((f for f in c.figures if "变化额" in f.label or "change" in f.label.lower()), None)
    if change is None or change.value == 0:
        return False
    actual = 1 if change.value > 0 else -1
    name = re.sub(r"（[^（）]*）$", "", change.label)
    word = ("增加" if actual > 0 else "减少") if u.language == "zh" else ("increased" if actual > 0 else "decreased")
    if u.language == "zh":
        c.lines.insert(0, f"{'不对' if claimed != actual else '是的'}：{name}比上年{word} {show(abs(change.value), change.unit)}。")
    else:
        c.lines.insert(0, f"{'No' if claimed != actual else 'Yes'}: {name} {word} by {show(abs(change.value), change.unit)} on last year.")
    return True


def claimed_share(text: str) -> tuple[Decimal, Decimal] | None:
    "The percentage a question claims, as a range: '一半左右' → (40, 60), '33.64%' → (33.635, 33.645), '三成' → (25, 35)"
    rough = ROUGH_RE.search(text) is not None
    for word, value in FRACTIONS.items():
        if word in text:
            return _around(value, Decimal(10) if rough else Decimal(5))
    m = TENTHS_RE.search(text)
    if m:
        return _around(Decimal(CN_DIGITS[m.group(1)] * 10), Decimal(5))
    m = PERCENT_RE.search(text)
    if m:
        g = m.group(1) or m.group(2)
        value = Decimal(g) if g[0].isdigit() else Decimal(_cn_number(g))
        return _around(value, Decimal(5) if rough else Decimal("0.005"))
    return None


def claimed_money(text: str) -> tuple[Decimal, Decimal] | None:
    "The amount a question claims in 万元, as a range: '几百万' → (200, 999.99), '100万' → (99.995, 100.005)"
    m = MAGNITUDE_RE.search(text)
    if m:
        unit = MAGNITUDES[m.group(2)]
        low, high = {"几": (2, 9.9999), "十几": (11, 19.9999), "几十": (20, 99.9999)}[m.group(1)]
        return Decimal(str(low)) * unit, Decimal(str(high)) * unit
    m = MONEY_RE.search(text)
    if not m:
        return None
    value = Decimal(m.group(1)) * {"亿元": 10000, "亿": 10000, "万元": 1, "万": 1, "元": Decimal("0.0001")}[m.group(2)]
    rough = ROUGH_RE.search(text) is not None
    return _around(value, value / 10 if rough else Decimal("0.005"))


def _bounded(text: str, claim: tuple[Decimal, Decimal] | None) -> tuple[Decimal, Decimal] | None:
    "'不到一成' is below it, '超过一半' above it: the claim's range opened on one side"
    if claim is None:
        return None
    middle = (claim[0] + claim[1]) / 2
    if BELOW_RE.search(text):
        return Decimal("-Infinity"), middle
    if ABOVE_RE.search(text):
        return middle, Decimal("Infinity")
    return claim


def _cn_number(text: str) -> int:
    "'二十五' → 25, '十五' → 15, '八' → 8 (numbers below a hundred written in characters)"
    digits = {**CN_DIGITS, "两": 2}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


def _around(value: Decimal, slack: Decimal) -> tuple[Decimal, Decimal]:
    return value - slack, value + slack


def _quantity(c: Composer, u: Understanding, text: str) -> bool:
    "'占一半左右吧', '有几百万吧': the share or the amount the answer found, against the claim"
    if not CONFIRM_RE.search(text):
        return False
    share = _bounded(text, claimed_share(text))
    if share is not None:
        found = next((f for f in c.figures if f.unit == "%"), None)
        claim = share
    else:
        claim = _bounded(text, claimed_money(text))
        found = next((f for f in c.figures if f.unit in ("万元", "元", "亿元")), None)
        if claim is not None and found is not None and found.unit != "万元":
            factor = {"元": Decimal("0.0001"), "亿元": Decimal(10000)}[found.unit]
            claim = (claim[0] / factor, claim[1] / factor)
    if claim is None or found is None:
        return False
    right = claim[0] <= found.value <= claim[1]
    name = found.label if found.unit == "%" else re.sub(r"（[^（）]*）$", "", found.label)
    shown = show(found.value, found.unit) if found.unit != "%" else f"{found.value:.2f}%"
    if u.language == "zh":
        c.lines.insert(0, f"{'是的' if right else '不对'}：{name}为 {shown}。")
    else:
        c.lines.insert(0, f"{'Yes' if right else 'No'}: {name} is {shown}.")
    return True
