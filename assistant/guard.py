"""The number guard: every number in model-written text must trace to a tool figure or a cited passage.

Used on any LLM-written answer before it is shown; the deterministic answer replaces text that fails.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from budget_qa.results import Citation

NUMBER_RE = re.compile(r"(?<![\d.])[-−]?\d[\d,]*(?:\.\d+)?")
MARKER_RE = re.compile(r"\[(\d+)\]")
SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]?")

# Chinese numerals, financial forms (壹贰叁…) included, with 点 for decimals.
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億"
_CN_NUMBER = f"[{_CN_DIGITS}][{_CN_DIGITS}点]*"
# A Chinese numeral is a number when a quantity follows it (or it has 点): '三公', '一般', '统一', '十分' are words.
_CN_QUANTITY_RE = re.compile(
    rf"(?<!第)(?P<num>(?:{_CN_NUMBER})?)(?P<unit>万元|亿元|万|亿|元|倍|成|个|项|人|辆|家|%|％)")
_CN_DECIMAL_RE = re.compile(rf"(?<!第)[{_CN_DIGITS}]+点[{_CN_DIGITS}]+")
_PERCENT_WORDS_RE = re.compile(rf"百分之(?P<num>{_CN_NUMBER}|\d+(?:\.\d+)?)")
_HALF_RE = re.compile(r"(?:一|1)半|半数|减半|过半|大半")
_CN_TENTHS_RE = re.compile(rf"(?<!第)(?P<n>{_CN_NUMBER})成(?P<m>[一二三四五六七八九])")
_TENTHS_RE = re.compile(r"(?P<n>\d+(?:\.\d+)?)成(?P<m>\d)?")
_TIMES_RE = re.compile(r"(?P<n>\d[\d,]*(?:\.\d+)?)倍")

logging.getLogger("cn2an").setLevel(logging.ERROR)


def _cn_to_number(text: str) -> str | None:
    import cn2an

    try:
        return format(Decimal(str(cn2an.cn2an(text, "smart"))).normalize(), "f")
    except Exception:  # noqa: BLE001 - not a numeral after all: left as words
        return None


def normalise_numbers(text: str) -> str:
    """The text with every written-out quantity in digits: Chinese numerals (壹元 → 1元, 九百九十九万元 → 999万元,
    十二点五 → 12.5), 百分之… → …%, N成 → N×10%, 一半/半数 → 50%, full-width digits → ASCII.
    A bare 一 before a measure word (一项, 一个) is an article, not a count, and stays."""
    text = unicodedata.normalize("NFKC", text or "")

    def percent(m: re.Match) -> str:
        num = m.group("num")
        value = num if num[0].isdigit() else _cn_to_number(num)
        return f"{value}%" if value is not None else m.group(0)

    def quantity(m: re.Match) -> str:
        num, unit = m.group("num"), m.group("unit")
        if not num or (num == "一" and unit in ("个", "项", "人", "辆", "家")):
            return m.group(0)
        if unit == "元" and num[-1] in "万亿萬億" and len(num) > 1:  # '九百九十九万元' reads as 999 万元
            value = _cn_to_number(num[:-1])
            if value is not None:
                return f"{value}{num[-1]}{unit}"
        value = _cn_to_number(num)  # '两亿三千万元' reads as 230000000 元
        return f"{value}{unit}" if value is not None else m.group(0)

    def decimal(m: re.Match) -> str:
        return _cn_to_number(m.group(0)) or m.group(0)

    def cn_tenths(m: re.Match) -> str:
        n, extra = _cn_to_number(m.group("n")), _cn_to_number(m.group("m"))
        return f"{n}成{extra}" if n is not None and extra is not None else m.group(0)

    text = _PERCENT_WORDS_RE.sub(percent, text)
    text = _CN_TENTHS_RE.sub(cn_tenths, text)
    text = _HALF_RE.sub("50%", text)
    text = _CN_QUANTITY_RE.sub(quantity, text)
    text = _CN_DECIMAL_RE.sub(decimal, text)

    def tenths(m: re.Match) -> str:
        value = Decimal(m.group("n")) * 10 + Decimal(m.group("m") or 0)
        return f"{format(value.normalize(), 'f')}%"

    return _TENTHS_RE.sub(tenths, text)


def numbers_in(text: str) -> set[Decimal]:
    "Every number in a text as Decimal (written-out numbers included, commas dropped, citation markers [n] ignored)"
    out: set[Decimal] = set()
    for tok in NUMBER_RE.findall(MARKER_RE.sub(" ", normalise_numbers(text))):
        try:
            out.add(Decimal(tok.replace(",", "").replace("−", "-")).normalize())
        except InvalidOperation:
            continue
    return {abs(x) for x in out} | out


def _multiples(text: str) -> list[Decimal]:
    "The N of every 'N倍' in a text"
    return [Decimal(m.group("n").replace(",", "")) for m in _TIMES_RE.finditer(normalise_numbers(text))]


def _multiple_ok(n: Decimal, allowed: set[Decimal]) -> bool:
    "'N倍' is right when N is a traced ratio, or the traced change is N × 100% ('增长一倍' = +100%)"
    return n in allowed or (n * 100) in allowed or (n > 1 and (n - 1) * 100 in allowed)


@dataclass
class GuardResult:
    ok: bool
    unsupported: list[str] = field(default_factory=list)
    """Numbers in the text that no tool figure or cited passage contains."""
    miscited: list[str] = field(default_factory=list)
    """Sentences citing [n] whose numbers are not in source n nor in a figure citing n."""

    @property
    def reason(self) -> str:
        parts = []
        if self.unsupported:
            parts.append("unsupported numbers: " + ", ".join(self.unsupported))
        if self.miscited:
            parts.append("citations that do not contain their figures: " + " | ".join(self.miscited))
        return "; ".join(parts)


def check_numbers(text: str, figure_texts: list[str], citations: list[Citation],
                  figure_citations: dict[int, list[str]] | None = None) -> GuardResult:
    """Trace every number of ``text``.

    Args:
        text: the model-written answer.
        figure_texts: the shown values and arithmetic of the tool figures.
        citations: the numbered sources ([1] is citations[0]).
        figure_citations: citation number → shown values / arithmetic of the figures citing it.
    """
    allowed = set()
    for t in figure_texts:
        allowed |= numbers_in(t)
    source_numbers = {i: numbers_in(_source_text(c)) for i, c in enumerate(citations, 1)}
    for nums in source_numbers.values():
        allowed |= nums
    multiples = _multiples(text)
    unsupported = sorted({_fmt(n) for n in numbers_in(text) if n not in allowed and n >= 0 and n not in multiples}
                         | {f"{_fmt(n)}倍" for n in multiples if not _multiple_ok(n, allowed)})
    miscited: list[str] = []
    for sentence in SENTENCE_RE.findall(text or ""):
        cited = [int(k) for k in MARKER_RE.findall(sentence)]
        if not cited:
            continue
        ok_numbers = set()
        for k in cited:
            ok_numbers |= source_numbers.get(k, set())
            for t in (figure_citations or {}).get(k, []):
                ok_numbers |= numbers_in(t)
        times = _multiples(sentence)
        bad = [n for n in numbers_in(sentence) if n >= 0 and n not in ok_numbers and n not in times]
        bad += [n for n in times if not _multiple_ok(n, ok_numbers)]
        if bad or any(k > len(citations) for k in cited):
            miscited.append(sentence.strip())
    return GuardResult(ok=not unsupported and not miscited, unsupported=unsupported, miscited=miscited)


def _source_text(c: Citation) -> str:
    "What a source says: its table, row, column (years) and quote; not its line number or row code (provenance)"
    quote = LIST_ORDINAL_RE.sub("", c.quote or "")  # '1. 因公出国…': a list's ordinal is no figure of the source
    return " ".join([c.table, c.row_label, c.column, c.part, c.section, quote])


LIST_ORDINAL_RE = re.compile(r"^\s*(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）])\s*")


def _fmt(n: Decimal) -> str:
    return format(n, "f")
