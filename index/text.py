"""Text helpers shared by every parser: normalisation, amounts, Chinese numerals."""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from budget_qa.types import CENT

AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}$")
"""An amount as tables print it: digits with thousands commas and 1-2 decimals (12,345.67; 0.10)."""
AMOUNT_TOKEN_RE = re.compile(r"(?<![\d.,])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}(?![\d.])")
INT_OR_AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ORDINAL_RE = re.compile(r"^([一二三四五六七八九十]+)、\s*")
PAREN_ORDINAL_RE = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*")
QUOTES = "“”‘’\"'「」『』"


_SUPPLEMENT_RADICALS = dict(zip("⺠⺰⻅⻆⻈⻉⻋⻐⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
                                "民纟见角讠贝车钅长门青韦页风飞食饣马鱼鸟卤麦黄黾齐齿龙龟"))
_RADICAL_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
_SC_KANGXI = {"\u2f3e": "户"}
"""Kangxi radicals whose Simplified-Chinese glyph is not their NFKC ideograph (DOOR is drawn 户, not 戶)."""


def unify_radical(ch: str) -> str:
    """A CJK radical code point as the ideograph it stands for ('⼈' → '人', '⻔' → '门'), else ``ch``.

    Some PDF writers (Chromium's Skia among them) map a glyph that a CJK font shares between a radical and an
    ideograph back to the lower code point, the radical, so extracted text reads '⼈⼒资源' for 人力资源."""
    if len(ch) != 1 or not any(lo <= ord(ch) <= hi for lo, hi in _RADICAL_RANGES):
        return ch
    if ch in _SUPPLEMENT_RADICALS:
        return _SUPPLEMENT_RADICALS[ch]
    if ch in _SC_KANGXI:
        return _SC_KANGXI[ch]
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


def norm(text: str) -> str:
    "NFKC-normalise and drop all whitespace (PDF exports break Chinese words with spaces)"
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


_KEY_DROP = re.compile(r"[()\[\]【】《》" + QUOTES + "]")


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return _KEY_DROP.sub("", norm(text))


def norm_key(text: str) -> str:
    "A matching key: norm() without quotes and brackets (memoised: labels and question pieces recur)"
    return _key(text or "")


def longest_first(words) -> list[str]:
    "Distinct words, longest first, ties in a fixed order (a set's order changes with the hash seed from run to run)"
    return sorted(set(words), key=lambda w: (-len(w), w))


def clean_text(text: str) -> str:
    "Trim, drop HTML paragraph tags the export left, and join spaces that sit between CJK characters"
    text = re.sub(r"</?p>", "", text or "").strip()
    return re.sub(r"(?<=[\u4e00-\u9fff，。、；：])\s+(?=[\u4e00-\u9fff，。、；：])", "", text)


def parse_amount(cell: str) -> Decimal | None:
    "An amount cell as Decimal to the cent, or None when the cell is blank or not an amount"
    s = (cell or "").strip().replace("−", "-")
    if not s or not INT_OR_AMOUNT_RE.match(s):
        return None
    try:
        return Decimal(s.replace(",", "")).quantize(CENT)
    except InvalidOperation:
        return None


def is_amount(cell: str) -> bool:
    return bool(AMOUNT_RE.match((cell or "").strip()))


def cn_number(text: str) -> int | None:
    "Chinese numeral up to 99 (一, 十, 十三, 二十一) → int"
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def strip_ordinal(label: str) -> tuple[str, bool]:
    "Remove a leading 一、 / （一） ordinal; return the rest and whether one was there"
    for rx in (ORDINAL_RE, PAREN_ORDINAL_RE):
        m = rx.match(label)
        if m:
            return label[m.end():], True
    return label, False


def in_order(short: str, name: str) -> bool:
    "Whether the characters of ``short`` occur in ``name`` in order (人社局 in 人力资源和社会保障局)"
    it = iter(name)
    return all(ch in it for ch in short)
