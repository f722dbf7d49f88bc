"""A question that asserts something and asks to confirm it is told first whether the figures agree.

Two kinds of claim, read by the standard grammar of such questions: a direction ('比上年减少了，对吧？') and a quantity
('占一半左右吧', '有几百万吧', '增长了50%，是吗', '有8辆车吧'). Numbers written in words are read by the guard's
``normalise_numbers`` (one reader of written numbers). A claim is a range — as precise as it is written ('31万' is
30.5–31.5, '33.64%' is 33.635–33.645), wider when rough ('左右', '多'), open on one side when bounded ('不到', '超过')
— compared with the figures the answer computed or read, never with a number of a model's. The verdict leads the
answer ('不对：…' / '是的：…').
"""

from __future__ import annotations

import re
from decimal import Decimal

from budget_qa.results import show

from .compose import Composer
from .guard import normalise_numbers
from .understand import COMPARISON_CLAIM, DECREASE_WORDS, HOW_COME_CHANGED, INCREASE_WORDS, Understanding

CHANGE_WORDS = INCREASE_WORDS + "|" + DECREASE_WORDS
DECREASE_CLAIM = DECREASE_WORDS + r"|decrease|fell|drop|lower|less|cut|reduc|go down|went down|fall"
DIRECTION_RE = re.compile(rf"(?:{CHANGE_WORDS})了?[^。？?]{{0,12}}?"
                          r"(?:对吧|是吧|吗|吧|是不是|对不对|没错|是这样)|"
                          rf"(?:是不是|是否|有没有|真的)[^。？?，,]{{0,10}}?(?:{CHANGE_WORDS})|"
                          rf"(?:{CHANGE_WORDS})了[，,]?\s*(?:这是)?(?:为什么|为何|为啥|怎么回事|什么原因)|"
                          r"\b(?:increased|decreased|went (?:up|down)|rose|fell|cut|grew)\b[^?]{0,20}(?:right|correct|isn't it|didn't it|true)|"
                          r"\b(?:is it true|did|was|has|have)\b[^?]{0,40}\b(?:increase|decrease|go up|go down|rise|fall|cut|grow|drop|higher|lower|more|less)",
                          re.I)
"""A question that states a direction and asks to confirm it."""
WHY_DIRECTION_RE = re.compile(rf"(?:为什么|为何|为啥)[^，。？?,]{{0,15}}?(?:{CHANGE_WORDS}|比(?:去年|上年)(?:多|少|高|低))|"
                              + HOW_COME_CHANGED)
"""'为什么X减少了': a why that takes a direction for granted; corrected when the figures go the other way."""
HOW_MUCH_DIRECTION_RE = re.compile(rf"比(?:去年|上年|上一年|\d{{4}}年)(?:{CHANGE_WORDS}|多|少)了?(?:多少|几)")
"""'X比上年少了多少': a how-much that takes a direction for granted; corrected the same way."""
CONFIRM_RE = re.compile(r"吧|吗|是不是|对不对|是否|没错|right\b|correct|isn't it|is it")
"""Words that ask to confirm what the question states."""
ASSERTING_RE = re.compile(r"吧|是不是|对不对|没错|应该|肯定|一定|right\b|correct|isn't it")
"""Words that make a question a claim to confirm (not a plain '…吗')."""
ABOVE_RE = re.compile(r"超过|多于|高于|以上|不止|至少|不少于|不低于|more than|over|above|at least")
BELOW_RE = re.compile(r"不到|(?<!不)少于|(?<!不)低于|不足|不超过|以下|至多|less than|under|below")
ROUGH_RE = re.compile(r"左右|大概|大约|差不多|约|将近|接近|上下|about|around|roughly|nearly")
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)%(多)?")
MONEY_RE = re.compile(r"(\d+(?:\.\d+)?)(多)?(亿元|亿|万元|万|元)(多)?")
MAGNITUDE_RE = re.compile(r"(几|十几|几十)(百万|千万|十万|万|亿)")
MAGNITUDES = {"万": Decimal(1), "十万": Decimal(10), "百万": Decimal(100), "千万": Decimal(1000), "亿": Decimal(10000)}
"""Money words in 万元."""
TO_WAN = {"亿元": Decimal(10000), "亿": Decimal(10000), "万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001")}

Range = tuple[Decimal, Decimal]


def check(c: Composer, u: Understanding, text: str, last_year=None) -> None:
    """Lead the answer with the verdict on the claims the question makes, if it makes any (and none leads it yet).
    ``last_year(label, value)`` gives the answered figure's year before (a FigureRef: label, value, unit, citations),
    when the document has it for the same item: a claimed amount that is last year's is said to be, cited."""
    if c.lines and c.lines[0].startswith(("是的：", "不对：", "没有：", "Yes:", "No:")):
        return  # a handler checked the claim already ('…主要是买货物的吧': the largest part)
    verdicts = [v for v in (_direction(c, u, text), _quantity(c, u, text, last_year), _comparison(c, u, text))
                if v is not None]
    asked_whether = False
    if not verdicts and (nothing := _nothing(c, u, text)) is not None:
        verdicts = [nothing]
        asked_whether = not ASSERTING_RE.search(text)  # '今年打算买车吗': a question, not a claim to correct
    if not verdicts:
        return
    right = all(ok for ok, _ in verdicts)
    wrong = "没有" if asked_whether else "不对"
    lead = ("是的" if right else wrong) if u.language == "zh" else ("Yes" if right else "No")
    c.lines.insert(0, f"{lead}：{'；'.join(s for _, s in verdicts)}。" if u.language == "zh"
                   else f"{lead}: {'; '.join(s for _, s in verdicts)}.")


def _change(c: Composer):
    return next((f for f in c.figures if "变化额" in f.label or "change" in f.label.lower()), None)


def _direction(c: Composer, u: Understanding, text: str) -> tuple[bool, str] | None:
    m = DIRECTION_RE.search(text)
    if re.search(INCREASE_WORDS, text) and re.search(DECREASE_WORDS, text) or re.search(r"还是|\bor\b", text, re.I) \
            or re.match(r"\s*(?:why|how)\b", text, re.I) or \
            re.search(r"\bhow (?:much|far|many)\b|\bby (?:how|what)\b|\bwhat (?:percentage|percent|share|rate)\b", text, re.I):
        return None  # '增加还是减少', 'higher or lower', 'why did it rise': a question, not a claim
    change = _change(c)
    why = None if m else WHY_DIRECTION_RE.search(text) or HOW_MUCH_DIRECTION_RE.search(text)
    if not (m or why) or change is None or change.value == 0:
        return None
    said = re.sub(r"(?:多少|几)$", "", (m or why).group(0))  # the claim without the how-much ('少多少': 少)
    claimed = -1 if re.search(DECREASE_CLAIM + r"|比(?:去年|上年|上一年|\d{4}年)少", said) else 1
    actual = 1 if change.value > 0 else -1
    if why and claimed == actual:
        return None  # a why (or how much) whose direction holds asks for the reason (amount), not a verdict
    name = re.sub(r"（[^（）]*）$", "", change.label)
    word = ("增加" if actual > 0 else "减少") if u.language == "zh" else ("increased" if actual > 0 else "decreased")
    said = f"{name}比上年{word} {show(abs(change.value), change.unit)}" if u.language == "zh" else \
        f"{name} {word} by {show(abs(change.value), change.unit)} on last year"
    return claimed == actual, said


COMPARISON_CLAIM_RE = re.compile(COMPARISON_CLAIM)


def _comparison(c: Composer, u: Understanding, text: str) -> tuple[bool, str] | None:
    "'A比B多吧': the first figure answered (A, as asked) against the second (B)"
    m = COMPARISON_CLAIM_RE.search(text)
    read = [f for f in c.figures if f.basis != "computed" and f.unit in TO_WAN]
    if not m or len(read) < 2 or read[0].unit != read[1].unit or read[0].value == read[1].value:
        return None
    a, b = read[0], read[1]
    more = a.value > b.value
    claimed_more = m.group("dir") in "多高大"
    name_a, name_b = (re.sub(r"（[^（）]*）$", "", f.label) for f in (a, b))
    said = f"{name_a}{'多于' if more else '少于'}{name_b}" if u.language == "zh" else \
        f"{name_a} is {'more' if more else 'less'} than {name_b}"
    return more == claimed_more, said


def claimed_share(text: str) -> Range | None:
    "The percentage a question claims: '一半左右' → (40, 60), '33.64%' → (33.635, 33.645), '三成' → (25, 35)"
    m = PERCENT_RE.search(normalise_numbers(text))
    if not m:
        return None
    value = Decimal(m.group(1))
    if ROUGH_RE.search(text):
        return value - 10, value + 10
    if re.search(r"半|成|(?<!百)分之", text) and "%" not in text:  # '一半', '三成': words that are never exact
        return _bounded(text, (value - 5, value + 5))
    if m.group(2):  # '30%多'
        return value, value + 10
    return _bounded(text, _as_written(value, m.group(1)))


def claimed_money(text: str) -> Range | None:
    "The amount a question claims, in 万元: '几百万' → (200, 999.99…), '31万' → (30.5, 31.5), '3亿多' → (30000, 40000)"
    m = MAGNITUDE_RE.search(text)
    if m:
        unit = MAGNITUDES[m.group(2)]
        low, high = {"几": (2, 10), "十几": (11, 20), "几十": (20, 100)}[m.group(1)]
        return _bounded(text, (Decimal(low) * unit, Decimal(high) * unit))
    m = MONEY_RE.search(normalise_numbers(text))
    if not m:
        return None
    factor = TO_WAN[m.group(3)]
    value = Decimal(m.group(1))
    if m.group(2) or m.group(4):  # '3亿多', '100多万': up to the next step of the leading digit
        step = Decimal(10) ** (len(m.group(1).split(".")[0]) - 1)
        return _bounded(text, (value * factor, (value + step) * factor))
    if ROUGH_RE.search(text):
        return _bounded(text, (value * factor * Decimal("0.9"), value * factor * Decimal("1.1")))
    low, high = _as_written(value, m.group(1))
    return _bounded(text, (low * factor, high * factor))


def claimed_count(text: str, unit: str) -> Range | None:
    "The number of things a question claims in a unit ('8辆' → (8, 8), '十几辆' → (11, 19), '二十辆' → (20, 20))"
    unit = "个家项所" if unit in "个家项所" else unit  # units and items are counted in any of these words
    if re.search(r"十几\s*[" + re.escape(unit) + "]", text):
        return Decimal(11), Decimal(19)
    if re.search(r"几十\s*[" + re.escape(unit) + "]", text):
        return Decimal(20), Decimal(99)
    if re.search(r"好几\s*[" + re.escape(unit) + "]", text):  # '好几辆': several
        return Decimal(3), Decimal(9)
    m = re.search(r"(\d+)\s*[" + re.escape(unit) + "]", normalise_numbers(text))
    return _bounded(text, (Decimal(m.group(1)), Decimal(m.group(1)))) if m else None


def _as_written(value: Decimal, written: str) -> Range:
    "A number as precise as it is written: half a unit of its last digit either side"
    places = len(written.split(".")[1]) if "." in written else 0
    half = Decimal(5) / Decimal(10) ** (places + 1)
    return value - half, value + half


def _bounded(text: str, claim: Range) -> Range:
    "'不到一成' is below it, '超过一半' above it: the claim's range opened on one side"
    middle = (claim[0] + claim[1]) / 2
    if BELOW_RE.search(text):
        return Decimal("-Infinity"), middle
    if ABOVE_RE.search(text):
        return middle, Decimal("Infinity")
    return claim


def _quantity(c: Composer, u: Understanding, text: str, last_year=None) -> tuple[bool, str] | None:
    "'占一半左右吧', '有几百万吧', '增长了50%吧', '多了20万吧': the figure the claim is about, against the claim"
    if not CONFIRM_RE.search(text):
        return None
    changed = DIRECTION_RE.search(text) is not None  # a claim about a change is about the change's figures
    claim = claimed_share(text)
    if claim is not None:
        rates = [f for f in c.figures if f.unit == "%"]
        found = next((f for f in rates if "变化率" in f.label or "rate" in f.label.lower()), None) if changed else None
        found = found or (rates[0] if rates else None)
    else:
        claim = claimed_money(text)
        money = [f for f in c.figures if f.unit in TO_WAN]
        found = (_change(c) if changed else None) or (money[0] if money else None)
        if claim is not None and found is not None:
            factor = TO_WAN[found.unit]
            claim = (claim[0] / factor, claim[1] / factor)
        elif claim is None:
            found = None  # no amount claimed: a number of things, if any, below
    if claim is None and found is None:  # '有5个二级单位吧': a number of things the answer counted
        counted = [f for f in c.figures if f.unit and f.unit not in TO_WAN and f.unit not in ("%", "倍")]
        found = next((f for f in counted if claimed_count(text, f.unit[0]) is not None), None)
        claim = claimed_count(text, found.unit[0]) if found is not None else None
    if claim is None or found is None:
        return None
    value = abs(found.value) if changed else found.value
    name = found.label if found.unit == "%" or changed else re.sub(r"（[^（）]*）$", "", found.label)
    shown = f"{found.value:.2f}%" if found.unit == "%" else show(found.value, found.unit)
    said = f"{name}为 {shown}" if u.language == "zh" else f"{name} is {shown}"
    holds = claim[0] <= value <= claim[1]
    before = last_year(found.label, found.value) if last_year and not holds and not changed and found.unit in TO_WAN \
        else None
    if before is not None and claim[0] <= before.value <= claim[1]:  # a claim of this year that is last year's figure
        m = c.figure(before.label, before.value, before.unit, list(before.citations))
        said += (f"；{before.label}为 {show(before.value, before.unit)}{m}" if u.language == "zh"
                 else f"; {before.label} was {show(before.value, before.unit)}{m}")
    return holds, said


NEGATED_RE = re.compile(r"没|不|无|未|\bno\b|\bnot\b|n't", re.I)


def _nothing(c: Composer, u: Understanding, text: str) -> tuple[bool, str] | None:
    """'今年买新公车了吧', '接待费应该不少吧' when nothing is budgeted: the claim that there is some, against a zero
    ('没买新车吧' claims none: right)"""
    if not CONFIRM_RE.search(text) or claimed_share(text) is not None or claimed_money(text) is not None or \
            u.has("change", "compare") or _change(c) is not None:
        return None  # '上级补助收入比上年少吗': a comparison, not a claim that something is budgeted
    money = [f for f in c.figures if f.unit in TO_WAN and f.basis == "read"]
    if not money or money[0].value != 0:
        return None
    name = re.sub(r"（[^（）]*）$", "", money[0].label)
    said = f"{name}为 {show(money[0].value, money[0].unit)}，没有安排" if u.language == "zh" else \
        f"{name} is {show(money[0].value, money[0].unit)}: nothing is budgeted"
    zero = re.search(r"(?:是|为|就|只有)\s*(?:0|零)(?![.\d]*[1-9])", normalise_numbers(text))  # '因公出国费是0，…吧'
    return bool(zero or NEGATED_RE.search(text.replace("不少", ""))), said
