"""Surface variation before understanding: Traditional characters, full-width forms, homophone typos.

Questions arrive as people type them: 預算總額 (Traditional), ３０ (full width), 三工经费 (a homophone typo of 三公经费),
财政拔款 (a look-alike of 拨).
``normalize(doc, question)`` returns the wording the rest of the assistant reads and the corrections it made, so the
query can show them ("三工经费 → 三公经费"). Typos are corrected only towards the document's own vocabulary, and only
for a run of characters that the document never uses (a real word of the document is never "corrected").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from budget_qa.doccache import per_document
from budget_qa.types import BudgetDocument

from .plan import document_key, vocabulary

MIN_TYPO_RUN = 2
MAX_TYPO_RUN = 8


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


LOOKALIKES = {"拔": "拨", "帐": "账", "侯": "候", "莱": "菜", "汽": "气"}
"""Characters typed for a look-alike of a budget word's ('财政拔款'): read as that character's sound."""


@functools.lru_cache(maxsize=4096)
def _syllable(ch: str) -> str:
    from pypinyin import lazy_pinyin

    ch = LOOKALIKES.get(ch, ch)
    return lazy_pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else ch


@dataclass
class Normalized:
    text: str
    """The question as the assistant reads it."""
    corrections: list[tuple[str, str]] = field(default_factory=list)
    """(as typed, as read) for each change a reader should see: Traditional → Simplified, typo → word."""


@dataclass
class _Sounds:
    "The document's vocabulary by sound: syllables → the words that sound so; pinyin spelt out, or its initials"

    by_sound: dict[tuple[str, ...], list[str]]
    by_spelling: dict[str, list[str]] = field(default_factory=dict)
    """'huiyifei' → 会议费"""
    by_initials: dict[str, list[str]] = field(default_factory=dict)
    """'gjj' → 公积金"""


@per_document
def _sounds(doc: BudgetDocument) -> _Sounds:
    sounds = _Sounds({})
    for w in vocabulary(doc):
        if MIN_TYPO_RUN <= len(w) <= MAX_TYPO_RUN and all("\u4e00" <= ch <= "\u9fff" for ch in w):
            syllables = tuple(_syllable(ch) for ch in w)
            sounds.by_sound.setdefault(syllables, []).append(w)
            sounds.by_spelling.setdefault("".join(syllables), []).append(w)
            sounds.by_initials.setdefault("".join(x[0] for x in syllables), []).append(w)
    return sounds


PINYIN_RUN_RE = re.compile(r"(?<![A-Za-z])[a-z]{2,24}(?![A-Za-z])")
VOWELS_RE = re.compile(r"[aeiouv]")


def _spelt_out(doc: BudgetDocument, text: str) -> tuple[str, list[tuple[str, str]]]:
    """A word of the document typed in pinyin inside a Chinese question ('huiyi费', '单位gjj'): read as that word,
    spelt out (with the characters typed after it) or by its initials (letters only, no vowel: never English)"""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text, []
    sounds, fixes = _sounds(doc), []

    def read(m: re.Match) -> str:
        run = m.group(0)
        if not VOWELS_RE.search(run):
            words = set(sounds.by_initials.get(run, [])) if len(run) >= 3 else set()
            if len(words) == 1:
                fixes.append((run, next(iter(words))))
                return next(iter(words))
            return run
        after = text[m.end(): m.end() + MAX_TYPO_RUN]
        for n in range(len(after), -1, -1):  # the longest word the spelling and the characters after it make
            if not all("\u4e00" <= ch <= "\u9fff" for ch in after[:n]):
                continue
            words = set(sounds.by_spelling.get(run + "".join(_syllable(ch) for ch in after[:n]), []))
            if len(words) == 1:
                word = next(iter(words))
                fixes.append((run, word[: len(word) - n]))
                return word[: len(word) - n]
        return run

    return PINYIN_RUN_RE.sub(read, text), fixes


def normalize(doc: BudgetDocument, question: str) -> Normalized:
    "Full width folded (NFKC), Traditional → Simplified, homophone typos of the document's words corrected"
    folded = unicodedata.normalize("NFKC", question or "")
    simplified = _t2s().convert(folded)
    typed = question or ""
    # NOTE: NFKC also turns the full-width question mark into '?'; only a change of characters is worth showing
    corrections = [(typed, simplified)] if re.sub(r"\W", "", simplified) != re.sub(r"\W", "", typed) else []
    spelt, readings = _spelt_out(doc, simplified)
    fixed, typos = _fix_homophones(doc, spelt)
    return Normalized(fixed, corrections + readings + typos)


def _fix_homophones(doc: BudgetDocument, text: str) -> tuple[str, list[tuple[str, str]]]:
    sounds = _sounds(doc)
    if not sounds.by_sound:
        return text, []
    syllables = [_syllable(ch) for ch in text]
    out, fixes, i = [], [], 0
    while i < len(text):
        done = False
        for n in range(min(MAX_TYPO_RUN, len(text) - i), MIN_TYPO_RUN - 1, -1):
            run = text[i : i + n]
            if not all("\u4e00" <= ch <= "\u9fff" for ch in run) or run in document_key(doc):
                continue
            key = document_key(doc)
            if n == 2 and 0 < i and i + n < len(text) and text[i - 1 : i + 1] in key and text[i + 1 : i + 3] in key:
                continue  # '支出经济': the run straddles two words of the document ('支出', '经济'), no typo
            words = [w for w in sounds.by_sound.get(tuple(syllables[i : i + n]), []) if w != run]
            if words:
                out.append(words[0])
                fixes.append((run, words[0]))
                i += n
                done = True
                break
        if not done:
            out.append(text[i])
            i += 1
    return "".join(out), fixes
