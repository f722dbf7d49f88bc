"""The two economic classes of a budget: 机关 (政府预算支出经济分类 501–504) and 事业单位 (505–506).

A question that names one of them keeps only that class's readings or figures.
"""

from __future__ import annotations

import re

GOV_AGENCY = ("501", "502", "503", "504")
"""政府预算支出经济分类: 501-504 are 机关 classes, 505-506 are 对事业单位 classes (national standard)."""
GOV_INSTITUTION = ("505", "506")
AGENCY_RE = re.compile(r"机关(?!运行|事业)")
INSTITUTION_RE = re.compile(r"(?<!机关)事业单位|(?<!机关)事业(?=的|那|这|部分|口径)")


def economic_class(question: str) -> str | None:
    """'机关' or '事业单位' when the question keeps one economic class (501–504 vs 505–506), else None. Words that only
    contain them (机关运行经费, 机关事业单位, 事业运行) do not."""
    agency, institution = bool(AGENCY_RE.search(question)), bool(INSTITUTION_RE.search(question))
    if agency == institution:
        return None
    return "机关" if agency else "事业单位"


def _of_class(things: list, question: str, text_of) -> list | None:
    """The things (readings, figures) of 机关 or of 事业单位 when the question says which, by the economic code in
    ``text_of(thing)`` (501–504 vs 505–506); None when the question keeps both"""
    kept = economic_class(question)
    if kept is None:
        return None
    prefixes = GOV_AGENCY if kept == "机关" else GOV_INSTITUTION
    return [x for x in things if re.search(r"\b(?:" + "|".join(prefixes) + r")(?:\d\d)?\b", text_of(x))]


def by_agency(cands: list, question: str) -> list:
    "Keep the readings of 机关 or of 事业单位 when the question says which"
    return _of_class(cands, question, lambda x: x.detail) or []


def agency_figures(figures: list, question: str) -> list:
    "The figures of 机关 or of 事业单位 rows when the question says which (by the economic code in their label)"
    if not any(re.search(r"\b5\d\d(?:\d\d)?\b", f.label) for f in figures):
        return figures
    kept = _of_class(figures, question, lambda f: f.label)
    return figures if kept is None else kept


def class_of(detail: str) -> str | None:
    "'机关' or '事业单位' by the 政府经济分类 code a reading's detail carries (50202 → 机关, 50502 → 事业单位), else None"
    m = re.search(r"\b(50[1-6])(?:\d\d)?\b", detail)
    if not m:
        return None
    return "机关" if m.group(1) in GOV_AGENCY else "事业单位"


def both_classes(cands: list) -> list[tuple[str, str, list]] | None:
    """The readings of a row the economic table lists once for 机关 and once for 事业单位 (and the same again in its
    twin table): (label, class, readings of that figure) per class, when every reading is one of those and each
    class states one figure; None otherwise"""
    groups: dict[tuple[str, str], list] = {}
    for x in cands:
        kind = class_of(x.detail)
        if kind is None:
            return None
        groups.setdefault((x.label, kind), []).append(x)
    if len({kind for _, kind in groups}) < 2 or any(len({x.value for x in g}) > 1 for g in groups.values()):
        return None
    if any({kind for label2, kind in groups if label2 == label} != {"机关", "事业单位"} for label, _ in groups):
        return None  # every row in both classes ('水电费': 水费 and 电费, each of 机关 and of 事业单位), else no sum
    order = {"机关": 0, "事业单位": 1}
    return [(label, kind, g) for (label, kind), g in sorted(groups.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))]


def split_by_class(doc, item: str) -> bool:
    "Whether the rows a wording names carry both economic classes (a 机关 row and a 事业单位 row of one item)"
    from tools.resolve import resolve

    codes = {m.item.gov_code[:3] for m in resolve(doc, item)[:12] if m.score >= 0.75 and m.item.gov_code}
    return bool(codes & set(GOV_AGENCY)) and bool(codes & set(GOV_INSTITUTION))
