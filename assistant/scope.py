"""Is a question about this document at all? Checked against the document's own metadata, never a list of places.

A budget answers for one department (and its budget units), one region and one year (with last year's figures
where the document states them). A question naming another department, another place or another year gets
``not_in_document`` with the reason — never this document's figure. Organisations and places are recognised by the
standard endings of Chinese administrative names (…局, …委员会, …市, …区) and compared with the document's
department, units and region: an abbreviation is the document's own when its characters appear, in order, in one
of those names (人社局 ⊂ 人力资源和社会保障局).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from budget_qa.types import BudgetDocument
from index.text import in_order, norm_key

from .plan import document_key, vocabulary

ORG_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(委员会|办公室|管理局|局|(?<!大)厅|委(?![托员派])|集团)(?!机关)")
FUNCTION_CHARS = re.compile(r".*(?:[的了是在有要多少几吗呢吧啊么和与及或跟归管问说个把被给对向从到里中占比为想就帮查看我请]|知道|纳入|列入|属于|关于|对于|包括|包含|根据|按照|"
                            r"这块|这部分|方面|这事|这个事|记得|觉得|听说|以为|认为|看到|发现|据说|好像|感觉)")
"""Characters that end a phrase: an organisation's name is what follows the last of them."""
PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,5}?)(省|市|区|县)(?:的|里|人民政府|政府|级)?"
                      r"(?=[\u4e00-\u9fff]{0,8}?(?:局|委|办|厅|政府|预算|三公|部门|财政|支出|收入|经费))")
NOT_A_NAME = re.compile(r"^(?:本|这个|这|该|那个|那|此|你们|贵|我们|咱们|各|哪个|哪些|什么|所属|下属|二级|全|整个|市直|区级|市级|县级|省级|"
                        r"今年|去年|明年|本年|上年|当年|20\d\d年?)+")
GENERIC_ORGS = ("单位", "部门", "机关", "事业单位", "预算单位", "主管部门")
ENGLISH_PLACE_RE = re.compile(r"\bin\s+([A-Z][a-z]{2,})\b|"
                              r"\b([A-Z][a-z]{2,})(?:'s)?\s+(?:city|district|county|province|municipal)\b|"
                              r"\b([A-Z][a-z]+(?:'[a-z]+)?)'s\s")  # '<Place>'s budget', apostrophe names too: whose budget
LATER_RE = re.compile(r"明年|后年|下一年|下年度|next year")
UNMODELLED_RE = re.compile(r"决算|实际(?:花|支出|执行)|执行率|结余多少|(?<!预算)编制数|人员编制|编制人数|在职人员|工作人员|在编|"
                           r"多少(?:个)?(?:人在|员工|职工|干部)|人均工资")
"""What a 部门预算 never holds: final accounts, execution, staff numbers."""
NEVER_HELD: list[tuple[str, str]] = [
    (r"什么(?:牌子|品牌|型号|车型)|哪(?:个|种|一种)(?:牌子|品牌|型号)|车型|排量|车牌", "车辆和物品的品牌、型号"),
    (r"电话|联系方式|(?:办公|办事)?地址|办公地点|在哪(?:里|儿)?办|官网|网址|上班时间|办事指南|(?:怎么|如何|去哪)(?:办理|申请|报名)",
     "办事指南和联系方式"),
    (r"最低工资|工资标准|社保卡|养老金(?:能|可以)?(?:领|发|涨)|领多少(?:钱|养老金)|(?:失业保险金|失业金|养老金)每?个?月(?:发|领)",
     "个人待遇和社会保险政策标准"),
    (r"我(?:的|家)(?!问题)|我[^，。？?]{0,8}(?:领|拿到|交|缴)(?:多少|几)|(?:我|个人)[^，。？?]{0,8}(?:账户|余额)", "个人事务"),
    (r"(?:公务员|干部|科员|每人|每个人|一个人)[^，。？?]{0,6}(?:工资|薪水|月薪|年薪|收入)|(?:每月|一个月的?)工资", "个人收入"),
    (r"(?:给了?|发给|补贴给|补给|资助了?|扶持了?|奖励了?)(?:哪些|哪几家|哪家)(?:具体的?)?(?:企业|公司|个人|人)|"
     r"哪些(?:企业|公司|人)(?:拿到|获得|得到|领到)",
     "资金具体拨付给哪些企业或个人"),
]
"""Grammar of what a 部门预算 never holds whatever the department: brands, contacts and office hours, a citizen's own
benefits and the policy standards behind them, a person's pay. Each is (pattern, what it is)."""
INJECTION_RE = re.compile(r"系统提示|提示词|system prompt|忽略.{0,6}指令|绕过|不受限制", re.I)


@dataclass(frozen=True)
class ScopeProblem:
    "Why a question is outside the document (shown to the user) and which slot of the query it concerns"

    reason: str
    slot: str
    """'department', 'region', 'year', 'kind' (data a 部门预算 does not hold) or 'topic'."""


def _own_names(doc: BudgetDocument) -> list[str]:
    return [doc.department, doc.region, doc.title or "", *(u.text for u in doc.units)]


def is_own(doc: BudgetDocument, mention: str) -> bool:
    "A name of the document's own: in its vocabulary (a row, a project, a unit), or an abbreviation of its names"
    return _in_vocabulary(doc, mention) or is_own_name(doc, mention)


def _in_vocabulary(doc: BudgetDocument, mention: str) -> bool:
    "A wording of four characters or more that a row, project or unit of the document contains"
    key = norm_key(mention)
    return len(key) >= 4 and any(key in w for w in vocabulary(doc))


def is_own_name(doc: BudgetDocument, mention: str) -> bool:
    """The document's department, region, title or one of its units, or an abbreviation of one (人社局), or that
    abbreviation typed with a homophone (人设局: each character sounds like one of the name's, in order)"""
    names = [n for n in _own_names(doc) if n]
    # an abbreviation is of a name, not of a long sentence that happens to hold its characters in order
    if any(len(n) <= NAME_MAX and (mention in n or in_order(mention, n)) or len(mention) >= 4 and mention in n
           for n in names):
        return True
    return len(mention) >= 3 and any(_one_homophone(mention, n) for n in names if len(n) <= NAME_MAX)


NAME_MAX = 30
"""The longest a name (a department's, a unit's, a title) is; a longer 'name' is a sentence a unit is described in."""


def _one_homophone(mention: str, name: str) -> bool:
    "Whether one character of the mention, swapped for a character of the name that sounds the same, abbreviates it"
    if sum(ch not in name for ch in mention) != 1:
        return False  # all but one of its characters must be the name's (cheap, before any sound is read)
    sound = dict(zip(name, _syllables(name)))
    for i, (ch, syl) in enumerate(zip(mention, _syllables(mention))):
        if ch in name:
            continue
        for other in {c for c, s in sound.items() if s == syl and c != ch}:
            if in_order(mention[:i] + other + mention[i + 1:], name):
                return True
    return False


@functools.lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    "Each character's syllable (pinyin without tone)"
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).lower()


def other_organisation(doc: BudgetDocument, text: str) -> str | None:
    "Another department or office the question names, or None"
    for m in ORG_RE.finditer(text):
        prefix = NOT_A_NAME.sub("", FUNCTION_CHARS.sub("", m.group(1)))  # '那X局', '这个X局': X局
        if len(prefix) < 2 or prefix in GENERIC_ORGS or any(prefix.endswith(g) for g in GENERIC_ORGS):
            continue
        name = prefix + m.group(2)
        # the name may run on from a place ('X市某局'): the place is checked on its own
        core = re.sub(r"^.{1,5}?(?:省|市|区|县)", "", name) or name
        # '一长串话+本局简称': the name is the shortest tail that is the document's own, if any
        tails = [core[i:] for i in range(len(core) - len(m.group(2)) - 1)]
        if any(_in_vocabulary(doc, t) for t in tails[:1]) or _in_vocabulary(doc, name):
            continue  # the document's own wording ('其他政府办公厅(室)及相关机构事务支出' names a row)
        # an abbreviation of the document's names: the shortest tail that is one ('上海X局' is not '…海X局' of 'Y海市')
        own = next((i for i in reversed(range(len(tails))) if is_own(doc, tails[i])), None)
        if own is None and not is_own(doc, name):
            return core
        if own and _names_elsewhere(doc, core[:own]):
            return core  # '烟台人社局': the document's kind of office, of another place
        before = re.search(r"([\u4e00-\u9fff]{2,4})的$", text[: m.start()] + m.group(1)[: -len(prefix)])
        lead = NOT_A_NAME.sub("", before.group(1)) if before else ""
        if lead and lead not in GENERIC_ORGS and _names_elsewhere(doc, lead):
            return f"{lead}的{name}"  # '<别处>的<同类机关>': the same, with 的 between the place and the office
    return None


NOT_A_PLACE = frozenset("一下 一个 这边 那边 我们 咱们 你们 他们 她们 请问 麻烦 现在 今年 去年 明年 全市 本市 我市 市里 "
                        "省里 区里 贵局 本局 咱市 咱们市 上级 下级 同级 基层".split())
"""Words that may stand before an office's name and name no place."""


def _names_elsewhere(doc: BudgetDocument, lead: str) -> bool:
    "Whether the words before the document's own kind of office name a place of its own (烟台 before 人社局)"
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", lead) or lead in NOT_A_PLACE or FUNCTION_CHARS.match(lead):
        return False
    return not is_own(doc, lead) and not any(lead in n for n in _own_names(doc) if n)

COMMON_WORDS = frozenset("超市 菜市 夜市 股市 社区 园区 小区 景区 辖区 片区 校区 厂区 矿区 灾区".split())
"""Common words ending in 市/区 (超市, 社区, 园区), not the end of a place's name."""


def other_place(doc: BudgetDocument, text: str) -> str | None:
    "Another province, city, district or county the question names, or None"
    for m in PLACE_RE.finditer(text):
        name = NOT_A_NAME.sub("", FUNCTION_CHARS.sub("", m.group(1)))  # '…是某市': the place, not the phrase before
        if len(name) < 2:
            continue
        place = name + m.group(2)
        if text[m.end(2): m.end(2) + 1] == "场" or name[-1] + m.group(2) in COMMON_WORDS:
            continue  # '菜市场', '超市', '社区', '园区': a common word, not a place's name
        rest = norm_key(text[m.start(2):])
        if name in document_key(doc) and any(len(k) >= 4 and k[0] == m.group(2) and rest.startswith(k[:6])
                                             for k in map(norm_key, vocabulary(doc))):
            continue  # '安排区政府督查…经费': words of the document, then a name of it beginning with 区
        if not is_own(doc, place) and not is_own(doc, name):
            return place
    own = {_pinyin(re.sub(r"[省市区县]", "", n)) for n in (doc.region, *re.findall(r"[\u4e00-\u9fff]{2,}?[市区县]", doc.region or ""))
           if n}
    for m in ENGLISH_PLACE_RE.finditer(text):
        said = m.group(1) or m.group(2) or m.group(3) or ""
        name = said.lower()
        if name and not any(name in o or o.startswith(name) for o in own if o) and name not in ENGLISH_WORDS:
            return said
    return None

ENGLISH_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                           "october", "november", "december", "yuan", "rmb", "general", "detail", "details",
                           "the", "this", "that", "what", "which", "how", "total", "budget", "department", "bureau",
                           "office", "government", "expenditure", "income", "spending", "procurement", "projects",
                           "project", "last", "next", "year", "why", "chinese", "english", "commission", "district",
                           "city", "county", "province", "municipal", "people", "agency", "unit", "center", "centre",
                           "committee", "administration", "organisation", "organization", "team"})

def check(doc: BudgetDocument, text: str, years: list[int], topic_problem: str | None = None,
          prior_year: bool = True) -> ScopeProblem | None:
    """The reason a question is outside the document, or None.

    Args:
        text: the question (Chinese, after normalisation; English is checked for place names too).
        years: the years the question names.
        topic_problem: a reason found by understanding (weather, poems, personal advice …).
        prior_year: whether the document states last year's figures.
    """
    if topic_problem:
        return ScopeProblem(f"这个问题（{topic_problem}）不在部门预算文件的范围内", "topic")
    known = {doc.year} | ({doc.year - 1} if prior_year else set())
    span = f"{doc.year}年的预算" + (f"（部分项目有{doc.year - 1}年对比数）" if prior_year else "")
    if LATER_RE.search(text.lower()):
        return ScopeProblem(f"文件只有{span}，没有以后年度的数据", "year")
    other_years = [y for y in years if y not in known]
    if other_years:
        return ScopeProblem(f"文件只有{span}，没有{other_years[0]}年的数据", "year")
    if UNMODELLED_RE.search(text):
        return ScopeProblem(f"{doc.kind_name}文件只列预算安排，没有决算、执行或人员编制数据", "kind")
    held = next((what for rx, what in NEVER_HELD if re.search(rx, text)), None)
    if held:
        return ScopeProblem(f"{doc.kind_name}文件只列本部门的收支安排，不包含{held}", "kind")
    place = other_place(doc, text)
    if place:
        return ScopeProblem(f"文件是{_whose(doc)}的{doc.kind_name}，不包含{place}的数据", "region")
    org = other_organisation(doc, text)
    if org:
        return ScopeProblem(f"文件是{_whose(doc)}的{doc.kind_name}，不包含{org}的数据", "department")
    return None

def _whose(doc: BudgetDocument) -> str:
    return doc.department if not doc.region or doc.department.startswith(doc.region) else doc.region + doc.department

def is_injection(text: str) -> bool:
    "A request to ignore instructions or reveal the prompt (refused when it asks about nothing in the document)"
    return bool(INJECTION_RE.search(text))
