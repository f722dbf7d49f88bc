"""Which loaded document(s) a question is about: the department, region, year and level it names, else the
conversation's current document.

Names are read with the same grammar the single-document scope check uses (scope.ORG_RE, scope.PLACE_RE, the
abbreviation rule 人社局 ⊂ 人力资源和社会保障局) and matched against each document's own names, so a new document
needs no new words here. A name no loaded document owns makes the question ``absent`` — never another document's
figure. Questions over several documents are of two shapes: one department across its years (a change), and one
figure across departments (rank, total, list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from budget_qa.types import BudgetDocument
from index.catalog import CatalogEntry
from index.text import cn_number, longest_first

from . import scope
from .understand import understand

RouteKind = Literal["one", "years", "departments", "clarify", "absent"]
ACROSS_DEPARTMENTS_RE = re.compile(r"(?:哪个|哪些|哪家|哪一个|各个?|所有|每个|几个|全部|这些|这几个|(?:这)?[两二三四五六七八九十\d]个|各家)"
                                   r"(?:(?:20)?\d{2}年的?)?(?:部门|单位|局|委|机关|区|市)|哪家|谁家|(?:这)?[三四五六七八九十\d几]家|"
                                   r"部门(?:之间|间|排名|排序|对比|比较)|\b(?:which|each|all|every) (?:department|office)s?\b",
                                   re.I)
"""A question over the departments loaded: 哪个部门…最多, 各部门…合计."""
YEAR_RE = re.compile(r"20\d{2}\s*年?度?")
SHORT_YEAR_RE = re.compile(r"(?<![\d.])(\d{2})\s*年(?!度?[\d])")
BASE_YEAR_RE = re.compile(r"(?:比|较|跟|和|与|同|相对于|相较于?)\s*(?:20)?(\d{2}|20\d{2})\s*年")
"""The year a change is measured from ('较2024年增长'): the other year is the one after it."""
JOINED_RE = re.compile(r"[的之\s]?|'s?\s?")
"""What may stand between the parts of one name."""
TWO_YEARS_RE = re.compile(r"两年|两个年度|前后两年|两个年份|从\s*(?:20)?\d{2}\s*年?.{0,8}?到\s*(?:20)?\d{2}\s*年|"
                          r"year over year|between the two years|from 20\d\d to 20\d\d", re.I)
"""A comparison of the years themselves ('两年相比', '这两年差多少'): a change across years."""
COUNTED_DEPARTMENTS_RE = re.compile(r"([两二三四五六七八九十\d]+)(?:个(?:部门|单位|局|委)|家)")
"""'三个部门': how many departments the question means."""


def _count(numeral: str) -> int | None:
    return int(numeral) if numeral.isdigit() else cn_number(numeral)


YEARS_SIDE_BY_SIDE_RE = re.compile(r"年\s*(?:和|与|跟|、|及|至|到|比|对|较)\s*(?:20)?\d{2}\s*年|年[^，,。？?]{0,20}[，,；;]\s*"
                                   r"(?:那|那么)?(?:20)?\d{2}\s*年的?(?:呢|又是|是多少)|各|分别|哪|倍|翻|变化|增|减|差|"
                                   r"多了|少了|对比|比较|相比|\bvs\b|compare", re.I)
"""Words that set two named years side by side ('24年和25年', '分别', '翻了几倍'), not one year's figure in another's."""
WHICH_YEAR_RE = re.compile(r"哪(?:一)?年|\bwhich year\b", re.I)
"""'哪年的多': the years compared."""
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1,
                  "this year": 0, "last year": -1, "the year before": -1, "the previous year": -1, "previous year": -1,
                  "the prior year": -1, "prior year": -1, "next year": 1}
RELATIVE_RE = re.compile(r"(?<![比较与和跟同])(今年|本年|去年|上一年|上年|前年|明年)(?!度?相比|度?比)|"
                         r"(?<!than )(?<!to )(?<!with )(?<!over )(?<!from )(?<!since )(?<!on )(?<!vs )\b(this year|last year|the year before|the previous year|"
                         r"previous year|the prior year|prior year|next year)\b", re.I)
"""A year named relative to the current document's ('去年的三公经费'), not a comparison ('比去年')."""
UNIT_LEVEL_RE = re.compile(r"单位预算|本级预算|机关本级")
DEPARTMENT_LEVEL_RE = re.compile(r"部门预算(?!表)")
ORG_TAIL_RE = re.compile(r"(?:区府办|政府办|府办)")
OWN_ORG_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(委员会|办公室|管理局|局|委)(?=机关)")
"""'人社局机关运行经费': a department's name before 机关 (counted only when it is a loaded document's own)."""
"""Everyday names of a 人民政府办公室 that the organisation grammar (…办公室) does not end with."""


EN_ORG_RE = re.compile(r"\b((?:[A-Za-z&]+\s+){1,5}?)(?:bureau|commission|committee|office|department|administration)\b",
                       re.I)
EN_ORG_WORDS: dict[str, str] = {
    "human resources": "人力资源", "hr": "人力资源", "social security": "社会保障", "commerce": "商务",
    "government": "政府", "finance": "财政", "financial": "财政", "education": "教育", "health": "卫生",
    "civil affairs": "民政", "public security": "公安", "transport": "交通", "agriculture": "农业",
    "environment": "环境", "ecology": "生态", "culture": "文化", "tourism": "旅游", "housing": "住房",
    "water": "水务", "science": "科学技术", "technology": "科学技术", "statistics": "统计", "audit": "审计",
    "justice": "司法", "emergency": "应急", "market": "市场监督", "veterans": "退役军人", "sports": "体育",
}
"""English words of department names and the Chinese stem a department's name holds ('commerce' → 商务)."""


@dataclass
class Route:
    kind: RouteKind
    ids: list[str] = field(default_factory=list)
    """The documents to answer from, in the order to show them (years ascending for ``years``)."""
    reason: str = ""
    """For ``absent`` / ``clarify``: why, as a key of assistant.across.PHRASES ('absent_name', 'clarify_none' …)."""
    args: dict = field(default_factory=dict)
    """What the reason names: the department or year not loaded, the documents to choose from."""
    rest: str = ""
    """For ``one``: the question as the chosen document should read it (a relative year made explicit); across
    documents: the question without its department and place names."""
    remainder: str = ""
    """The question without its department, place and year names: '2025年呢？' leaves '呢？'."""
    missing: list[str] = field(default_factory=list)
    """Names the question gives that no loaded document owns (reported alongside a cross-department answer)."""
    named: bool = False
    """Whether the question named a document (department, region, year or level) at all."""


@dataclass
class Mentions:
    "What a question names that picks documents"

    unknown: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    level: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    """Where the department and place names are in the text."""
    relative: list[tuple[int, int]] = field(default_factory=list)
    """Where a relative year ('去年') is, when it was read as a year of its own (not '比去年')."""
    base: list[int] = field(default_factory=list)
    """Years named as what a change is measured from ('比2024年')."""
    at: list[tuple[tuple[int, int], set[str]]] = field(default_factory=list)
    """Each department or place name with the documents it names, in the order found."""

    @property
    def owners(self) -> list[set[str]]:
        "Per department or place named: the ids of the documents it names"
        return [o for _, o in self.at]

    def named(self, span: tuple[int, int], owners: set[str]) -> None:
        self.spans.append(span)
        self.at.append((span, owners))

    def phrases(self, text: str) -> list[set[str]]:
        "Names written together ('普陀区商务委', 'X市的人社局') name one department: the documents all their parts name"
        out: list[tuple[int, set[str]]] = []
        for (start, end), owners in sorted(self.at, key=lambda x: x[0]):
            if out and JOINED_RE.fullmatch(text[out[-1][0]:start]):
                out[-1] = (end, out[-1][1] & owners)
            else:
                out.append((end, set(owners)))
        return [o for _, o in out]


def region_names(doc: BudgetDocument) -> list[str]:
    "'上海市普陀区' → ['普陀区', '普陀', '上海市', '上海']: each administrative part, with and without its suffix"
    parts = re.findall(r"[\u4e00-\u9fff]{2,}?[省市区县]", doc.region or "")
    out = []
    for p in reversed(parts):
        out += [p, p[:-1]] if len(p) > 2 else [p]
    return out


def mentions(text: str, docs: dict[str, BudgetDocument], current_year: int | None) -> Mentions:
    "The departments, places, years and level a question names, with the documents each one names"
    m = Mentions()
    unknown: list[tuple[int, int]] = []  # the spans of organisations no document owns
    for match in list(scope.ORG_RE.finditer(text)) + list(ORG_TAIL_RE.finditer(text)) + list(OWN_ORG_RE.finditer(text)):
        name = _org_name(match)
        span = (match.end() - len(name), match.end())
        if not name or any(s <= span[0] < e or s < span[1] <= e for s, e in m.spans):
            continue
        owners = {i for i, d in docs.items() if _owns(d, name)}
        region = _region_before(text, span[0], name, docs)
        if owners and region and not any(region[0] in (docs[i].region or "") for i in owners):
            owners, name, span = set(), text[region[1]: span[1]], (region[1], span[1])  # '<某区>人力资源和社会保障局':
            # a department of a place whose documents are not that department's: not loaded
        if owners:
            m.named(span, owners)
        elif not _region_only(name, docs) and match.re is not OWN_ORG_RE:
            m.unknown.append(name)
            m.spans.append(span)
            unknown.append((min(match.start(), span[0]), max(match.end(), span[1])))
    taken: list[tuple[int, int]] = list(unknown)  # '<某区>人社局' not loaded: its <某区> names no document either
    for name in longest_first(n for d in docs.values() for n in region_names(d)):
        for hit in re.finditer(re.escape(name), text):
            if not any(s <= hit.start() < e for s, e in taken):  # '普陀区' once, not again as '普陀'
                taken.append(hit.span())
                m.named(hit.span(), {j for j, other in docs.items() if name in (other.region or "")})
    for match in scope.PLACE_RE.finditer(text):
        name = scope.NOT_A_NAME.sub("", scope.FUNCTION_CHARS.sub("", match.group(1)))
        place = name + match.group(2)
        if len(name) >= 2 and not _region_only(place, docs) and not _region_only(name, docs) \
                and not any(scope.is_own(d, place) for d in docs.values()):  # a row's wording ('…保险市级') too
            m.unknown.append(place)
    _english_mentions(text, docs, m)
    m.years = list(understand(text).years)
    known = {d.year for d in docs.values()} | {d.year - 1 for d in docs.values()}
    for short in SHORT_YEAR_RE.finditer(text):  # '25年比24年': two-digit years of the documents loaded
        year = 2000 + int(short.group(1))
        if year in known and year not in m.years:
            m.years.append(year)
            m.spans.append(short.span())
    m.base = sorted({int(b) if len(b) == 4 else 2000 + int(b) for b in BASE_YEAR_RE.findall(text)})
    if not m.years and current_year is not None:
        for rel in RELATIVE_RE.finditer(text):
            said = rel.group(1) or rel.group(2)
            m.years.append(current_year + RELATIVE_YEARS[said.lower()])
            m.relative.append(rel.span(1) if rel.group(1) else rel.span(2))
    level = UNIT_LEVEL_RE.search(text) or DEPARTMENT_LEVEL_RE.search(text)
    if level:
        m.level = "单位" if level.re is UNIT_LEVEL_RE else "部门"
        m.spans.append(level.span())
    return m


def _english_mentions(text: str, docs: dict[str, BudgetDocument], m: Mentions) -> None:
    "Departments and places named in English: 'the Putuo commerce commission', 'Weihai HR bureau'"
    low = text.lower()
    if not re.search(r"[a-z]{3}", low):
        return
    for i, d in docs.items():
        for name in region_names(d):
            if len(name) >= 2 and not name.endswith(("省", "市", "区", "县")):
                spelled = _pinyin(name)
                for hit in re.finditer(rf"\b{spelled}\b", low):
                    if hit.span() not in m.spans:
                        m.named(hit.span(), {j for j, other in docs.items() if name in (other.region or "")})
    for match in EN_ORG_RE.finditer(text):
        words = match.group(1).lower()
        stems = [zh for en, zh in EN_ORG_WORDS.items() if re.search(rf"\b{en}\b", words)]
        if not stems:
            continue
        owners = {i for i, d in docs.items() if all(st in d.department for st in stems)}
        if owners:
            m.named(match.span(), owners)
        else:
            m.unknown.append(match.group(0).strip())
            m.spans.append(match.span())


def _region_before(text: str, start: int, name: str, docs: dict[str, BudgetDocument]) -> tuple[str, int] | None:
    """A loaded document's place named right before an organisation's name, joined to it by words of one name
    ('<某区>' in '<某区>人力资源和社会保障局'): the place and where it starts; None when the name carries a place of its
    own, or another organisation or a break stands between them ('<某区>商务委和<某市>人社局')"""
    places = longest_first(n for d in docs.values() for n in region_names(d))
    if any(p in name for p in places):
        return None
    for p in places:
        at = text.rfind(p, max(0, start - len(p) - 10), start)
        if at >= 0 and not re.search(r"[局委办厅院所站队中心，,、；;。？?\s的比与跟及或同对向从到里占为了是在有吗呢吧个]",
                                     text[at + len(p): start]):
            return p, at
    return None


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).lower()


def _org_name(match: re.Match) -> str:
    if match.re is ORG_TAIL_RE:
        return match.group(0)
    prefix = scope.NOT_A_NAME.sub("", scope.FUNCTION_CHARS.sub("", match.group(1)))
    if len(prefix) < 2 or prefix in scope.GENERIC_ORGS or any(prefix.endswith(g) for g in scope.GENERIC_ORGS):
        return ""
    return prefix + match.group(2)


def _owns(doc: BudgetDocument, name: str) -> bool:
    "Whether an organisation's name is the document's own (its department, a unit, an abbreviation of either)"
    core = re.sub(r"^.{1,6}?(?:省|市|区|县)", "", name) or name
    if core != name and not any(p in name for p in region_names(doc)):
        return False  # 'A市人社局' is not B市's
    tails = [core[i:] for i in range(max(1, len(core) - 1))]
    return any(scope.is_own_name(doc, t) for t in tails if len(t) >= 2)


def _region_only(name: str, docs: dict[str, BudgetDocument]) -> bool:
    return any(name in (d.region or "") for d in docs.values())


def choose(text: str, entries: dict[str, CatalogEntry], docs: dict[str, BudgetDocument], current: str | None) -> Route:
    """The documents a question is about, given the conversation's current document (if any)"""
    cur = entries.get(current) if current else None
    m = mentions(text, docs, cur.year if cur else None)
    route = _choose(text, m, entries, current)
    route.remainder = _without(text, m.spans + m.relative + [y.span() for y in YEAR_RE.finditer(text)])
    return route


def _choose(text: str, m: Mentions, entries: dict[str, CatalogEntry], current: str | None) -> Route:
    cur = entries.get(current) if current else None
    u = understand(text)
    several = u.has("change", "rank", "total", "compare", "ratio", "breakdown") or bool(
        ACROSS_DEPARTMENTS_RE.search(text) or TWO_YEARS_RE.search(text) or WHICH_YEAR_RE.search(text)
        or len(set(m.years)) >= 2 and (u.has("compare", "ratio") or YEARS_SIDE_BY_SIDE_RE.search(text)))
    named = bool(m.owners or m.unknown or m.level or m.years)
    ids = list(entries)
    phrases = m.phrases(text)
    groups = _groups(phrases)
    for owners in groups:
        ids = [i for i in ids if i in owners]
    several_named = len(phrases) > 1 and not set.intersection(*phrases)
    # '<一个部门>包括哪些单位': the units of the one department named, not a question across departments
    one_named = bool(m.owners) and not m.unknown and len({_dept(entries[i]) for i in ids}) == 1
    over_all = bool(ACROSS_DEPARTMENTS_RE.search(text)) and not one_named
    across = several and bool(over_all or several_named or m.unknown and m.owners)
    if m.unknown and (not ids or not m.owners or not across):  # never another department's figure
        return Route("absent", reason="absent_name", args={"name": m.unknown[0]}, named=True)
    if not ids:
        return Route("absent", reason="absent_combination", named=True)
    if not m.owners and not m.unknown and cur is not None and not ACROSS_DEPARTMENTS_RE.search(text):
        ids = [i for i in ids if _dept(entries[i]) == _dept(cur)]
    year_ids = _by_year(ids, m.years, entries)
    if m.years and not year_ids:
        if m.relative:  # '去年' with no such document: the current document's own prior-year statements
            year_ids, m.years, m.relative = ([current] if current else ids), [], []
        else:
            return Route("absent", reason="absent_year", args={"year": m.years[0]}, named=True)
    ids = year_ids
    if m.level:
        ids = [i for i in ids if entries[i].level == m.level] or ids
    if not m.owners and not over_all and (len(set(m.years)) >= 2 or TWO_YEARS_RE.search(text)):
        # '24年到25年增加了多少', '两年各多少': the one department with a budget of each year (of two years)
        having = {_dept(entries[i]) for i in ids if (years := {entries[j].year for j in entries if _dept(entries[j])
                                                              == _dept(entries[i])}) >= set(m.years) and len(years) >= 2}
        if len(having) == 1:
            ids = [i for i in ids if _dept(entries[i]) in having]
    if several and (over_all or several_named and len({_dept(entries[i]) for i in ids}) > 1):
        latest = max(entries[i].year for i in ids)
        pick = [i for i in ids if m.years or entries[i].year == latest]
        first_named = {i: min((span[0] for span, owners in m.at if i in owners), default=len(text)) for i in pick}
        chosen = sorted(_one_per_department(pick, entries), key=lambda i: first_named[i])
        counted = COUNTED_DEPARTMENTS_RE.search(text)
        if counted and not m.owners and (n := _count(counted.group(1))) and n < len(chosen):
            return Route("clarify", reason="clarify_count", args={"n": n, "total": len(chosen)}, ids=chosen,
                         named=True)  # '三个部门' of four loaded: which three
        return Route("departments", ids=chosen, rest=_without(text, m.spans), missing=m.unknown, named=True)
    if not m.owners and cur is None and len({_dept(entries[i]) for i in ids}) > 1:
        return Route("clarify", reason="clarify_none", ids=list(entries))
    depts = {_dept(entries[i]) for i in ids}
    if len(depts) > 1:
        return Route("clarify", reason="clarify_many", ids=ids, named=named)
    dept = depts.pop()
    # '24年和25年各…', '哪年多': two years set side by side ('2025年预算中2024年的X' is one year's figure)
    two_years = len(set(m.years)) >= 2 and (u.has("compare", "ratio") or bool(YEARS_SIDE_BY_SIDE_RE.search(text))) or \
        bool(WHICH_YEAR_RE.search(text))
    years_compared = u.has("change") or TWO_YEARS_RE.search(text) or two_years
    if several and years_compared and not u.has("reason"):
        chain = _years_of(dept, entries, ids if len(m.years) >= 2 else None, m.level)
        if len(chain) >= 2:
            newest = max(entries[i].year for i in ids) if m.years else None
            if m.years and set(m.years) <= set(m.base):  # '较2024年增长多少': from 2024 to the year after it
                newest = max(m.base) + 1
            chain = [i for i in chain if newest is None or entries[i].year <= newest]
            if len(chain) >= 2:
                return Route("years", ids=chain[-2:], rest=_without(text, m.spans), named=named)
    one = _prefer(ids, entries, current if not m.years or (cur and cur.year in m.years) else None)
    return Route("one", ids=[one], rest=_resolve_relative(text, m, entries[one].year), named=named)


def _resolve_relative(text: str, m: Mentions, year: int) -> str:
    "The question as the chosen document reads it: '去年的X' asked of last year's document is its own year's X"
    out = text
    for s, e in sorted(m.relative, reverse=True):
        out = out[:s] + f"{year}年" + out[e:]
    return out


def _groups(owners: list[set[str]]) -> list[set[str]]:
    "Names that name the same documents count once; names of different departments widen (A和B: either)"
    if len(owners) <= 1:
        return owners
    merged: set[str] = set()
    for o in owners:
        merged |= o
    inter = set.intersection(*owners)
    return [inter] if inter else [merged]


def _by_year(ids: list[str], years: list[int], entries: dict[str, CatalogEntry]) -> list[str]:
    "The documents of the years named; else those that state the year as their prior year"
    if not years:
        return ids
    own = [i for i in ids if entries[i].year in years]
    if own:
        return own
    return [i for i in ids if entries[i].year - 1 in years]


def _years_of(dept: tuple, entries: dict[str, CatalogEntry], among: list[str] | None, level: str | None) -> list[str]:
    "The department's documents of consecutive years, oldest first (one per year, the 部门 level preferred)"
    by_year: dict[int, str] = {}
    for i, e in sorted(entries.items(), key=lambda kv: kv[1].level != (level or "部门")):
        if _dept(e) == dept and (among is None or i in among):
            by_year.setdefault(e.year, i)
    years = sorted(by_year)
    if len(years) >= 2 and years[-1] - years[-2] == 1:
        return [by_year[y] for y in years]
    return []


def _one_per_department(ids: list[str], entries: dict[str, CatalogEntry]) -> list[str]:
    "A department's consolidated (部门) budget stands for it; its 单位 budget only when it is the one loaded"
    out: dict[tuple, str] = {}
    for i in sorted(ids, key=lambda i: entries[i].level != "部门"):
        out.setdefault(_dept(entries[i]), i)
    return list(out.values())


def _prefer(ids: list[str], entries: dict[str, CatalogEntry], current: str | None) -> str:
    if current in ids:
        return current
    return sorted(ids, key=lambda i: (entries[i].level != "部门", -entries[i].year))[0]


def _dept(e: CatalogEntry) -> tuple[str, str]:
    return e.whose


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    keep = [ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans)]
    return re.sub(r"^(?:的|之)", "", "".join(keep).strip())
