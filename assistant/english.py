"""English questions: standard budget terms mapped to the document's Chinese wording (plain data).

The pipeline runs on the Chinese wording; the answer is written back in English with the same figures and
citations (the document itself is Chinese, so quoted sources stay Chinese).
"""

from __future__ import annotations

import re

# Values are the wording a 部门预算 uses; the first English phrase of a wording is its gloss.
_TERMS: list[tuple[str, str]] = [
        ("total budget", "收支总预算"), ("total expenditure", "总支出"), ("total spending", "总支出"),
        ("overall budget", "收支总预算"), ("total income", "总收入"), ("total revenue", "总收入"),
        ("basic expenditure", "基本支出"), ("basic spending", "基本支出"),
        ("project expenditure", "项目支出"), ("project spending", "项目支出"), ("project budget", "项目支出"),
        ("basic budget", "基本支出"),
        ("basic and project spending", "基本支出和项目支出"), ("basic and project expenditure", "基本支出和项目支出"),
        ("basic and project budgets", "基本支出和项目支出"),
        ("personnel", "人员支出"), ("staff costs", "人员支出"), ("operating costs", "日常公用支出"),
        ("three public", "三公经费"), ("three official", "三公经费"), ("sangong", "三公经费"),
        ("official hospitality", "公务接待费"), ("hospitality", "公务接待费"), ("receptions", "公务接待费"),
        ("reception", "公务接待费"),
        ("overseas trips", "因公出国(境)经费"), ("overseas travel", "因公出国(境)经费"),
        ("overseas business trip money", "因公出国(境)经费"), ("overseas business trips", "因公出国(境)经费"),
        ("business trips abroad", "因公出国(境)经费"), ("trips overseas", "因公出国(境)经费"),
        ("growth rate", "增长率"), ("rate of growth", "增长率"), ("percentage increase", "增长率"),
        ("trips abroad", "因公出国(境)经费"), ("travel abroad", "因公出国(境)经费"),
        ("official vehicles", "公务用车"), ("official cars", "公务用车"),
        ("housing provident fund", "住房公积金"), ("provident fund", "住房公积金"),
        ("social security and employment", "社会保障和就业支出"), ("health", "卫生健康支出"),
        ("housing", "住房保障支出"), ("general public services", "一般公共服务支出"),
        ("science and technology", "科学技术支出"), ("education", "教育支出"),
        ("government procurement", "政府采购"), ("procurement", "政府采购"),
        ("budget units", "预算单位"), ("units", "预算单位"), ("duties", "职责"), ("responsibilities", "职责"),
        ("projects", "项目"), ("project", "项目"), ("administration", "行政运行"),
        ("pension insurance fund", "养老保险基金"), ("pension fund", "养老保险基金"), ("fund gap", "基金缺口"),
        ("shortfall", "缺口"), ("gap", "缺口"), ("pension", "养老保险"), ("training", "培训"), ("meetings", "会议费"), ("travel", "差旅费"),
        ("government fund budget", "政府性基金预算"), ("government funds", "政府性基金"),
        ("government fund", "政府性基金"), ("state capital", "国有资本经营"),
        ("fiscal appropriation", "财政拨款"), ("appropriations", "财政拨款"),
        ("cars", "公务用车"), ("car", "公务用车"), ("vehicles", "公务用车"), ("vehicle", "公务用车"),
        ("goods", "货物"), ("works", "工程"), ("services", "服务"), ("service", "服务"), ("exams", "考试"), ("examinations", "考试"),
        ("performance targets", "绩效目标"), ("performance target", "绩效目标"), ("targets", "绩效目标"),
        ("glossary", "名词解释"), ("running costs", "机关运行经费"), ("running cost", "机关运行经费"),
        ("salaries", "工资福利支出"), ("wages", "工资福利支出"), ("subordinate units", "下属单位"),
        ("small and medium-sized enterprises", "中小企业"), ("small and medium enterprises", "中小企业"),
        ("smes", "中小企业"), ("sme", "中小企业"), ("service center", "服务中心"), ("service centre", "服务中心"), ("supporting", "支持"), ("support for", "支持"),
        ("spending on projects", "项目支出"), ("for projects", "项目支出"), ("on projects", "项目支出"),
        ("social insurance agency", "社会保险经办机构"), ("social insurance agencies", "社会保险经办机构"),
        ("social insurance", "社会保险"), ("employment subsidies", "就业补助"), ("subsidies", "补贴"), ("subsidy", "补贴"), ("employment", "就业"),
        ("occupational annuity", "职业年金"), ("occupational annuities", "职业年金"),
        ("internal divisions", "内设机构"), ("internal departments", "内设机构"), ("internal organs", "内设机构"),
        ("divisions", "内设机构"), ("authorized staff", "编制"), ("staffing quota", "编制"), ("headcount", "编制"),
        ("public institutions", "事业单位"), ("public institution", "事业单位"),
        ("administrative units", "行政单位"), ("administrative unit", "行政单位"),
        ("retirees", "离退休"), ("retired staff", "离退休"), ("medical insurance", "医疗保险"),
        ("medical", "医疗"), ("office equipment", "办公设备"), ("equipment", "设备"), ("office expenses", "办公费"), ("printing", "印刷费"), ("utilities", "水电费"),
        ("property management", "物业管理费"), ("vehicle operation and maintenance", "公务用车运行维护费"), ("operation and maintenance", "运行维护费"),
        ("maintenance", "维修(护)费"), ("rent", "租赁费"),
        ("conferences", "会议费"), ("labor fees", "劳务费"), ("labour fees", "劳务费"),
        ("commissioned services", "委托业务费"), ("union dues", "工会经费"), ("heating", "取暖费"),
        ("vehicle purchase", "公务用车购置费"), ("vehicle operation", "公务用车运行维护费"),
        ("state-owned assets", "国有资产"), ("state assets", "国有资产"), ("fixed assets", "固定资产"),
        ("carried forward to next year", "结转下年"), ("carried over to next year", "结转下年"),
        ("carried forward from last year", "上年结转"), ("carried over from last year", "上年结转"),
        ("carried forward", "结转"), ("carryover", "结转"), ("buy", "购置"), ("buying", "购置"), ("purchase", "购置"), ("general public budget", "一般公共预算"),
        ("business income", "事业收入"), ("operating income", "经营收入"), ("other income", "其他收入"),
        ("capital expenditure", "资本性支出"), ("goods and services", "商品和服务支出"),
        ("subsidies to individuals and households", "对个人和家庭的补助"),
        ("subsidies to individuals", "对个人和家庭的补助"), ("wages and benefits", "工资福利支出"),
        ("basic salary", "基本工资"), ("allowances", "津贴补贴"), ("bonuses", "奖金"),
        ("performance pay", "绩效工资"), ("indicators", "绩效指标"), ("indicator", "绩效指标"),
        ("satisfaction", "满意度"), ("investment promotion", "招商"), ("consumption", "消费"),
        ("foreign trade", "外贸"), ("commerce", "商务"), ("innovation", "创新"),
        ("expenditure", "支出"), ("spending", "支出"), ("income", "收入"), ("revenue", "收入"),
        ("budget", "预算"),
]
EN_TERMS: list[tuple[str, str]] = sorted(_TERMS, key=lambda kv: len(kv[0]), reverse=True)
"""Longest phrase first."""
GLOSS: dict[str, str] = {}
for _en, _zh in _TERMS:
    GLOSS.setdefault(_zh, _en)


def gloss(text: str) -> str:
    "'Terms: 养老保险 = pension; …' for the document's wordings an English answer shows, or ''"
    found = [(zh, en) for zh, en in sorted(GLOSS.items(), key=lambda kv: -len(kv[0])) if zh in text]
    kept = [(zh, en) for zh, en in found if not any(zh != other and zh in other for other, _ in found)]
    return "Terms: " + "; ".join(f"{zh} = {en}" for zh, en in kept[:6]) if kept else ""


def to_chinese(question: str) -> str:
    "The English question with budget terms replaced by the document's wording (other words kept)"
    text = re.sub(r"\b(total|overall)\s+(?:20\d\d\s+)", r"\1 ", question, flags=re.IGNORECASE)  # 'total 2024 budget'
    # 'total budgeted expenditure': the participle adds nothing a budget's figure is not
    text = re.sub(r"\b(?:budgeted|planned|allocated|approved)\s+(?=[a-z])", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:the year before|a year earlier|the year prior)\b", "last year", text, flags=re.IGNORECASE)
    # 'in yuan rather than 10k-yuan units': units of money, not the budget units of the organisation
    text = re.sub(r"\b(?:10k|10,000|ten[- ]thousand|wan)[- ]yuan\s+units?\b", "万元", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(yuan|rmb|currency|money)\s+units?\b", r"\1", text, flags=re.IGNORECASE)
    for en, zh in EN_TERMS:
        # a plural is the same term; a Chinese character next to the word ends it too ('goods和service各多少')
        text = re.sub(rf"(?<![A-Za-z]){re.escape(en)}(?:e?s)?(?![A-Za-z])", zh, text, flags=re.IGNORECASE)
    # 'how much does it get from the general public budget': money received from a source is that source's income
    text = re.sub(r"\b(?:gets?|receives?|received|got)\b[^\u4e00-\u9fff?]{0,16}?\bfrom (?:the )?"
                  r"(一般公共预算|政府性基金预算|国有资本经营预算|财政拨款)",
                  lambda m: m.group(1) + ("收入" if m.group(1) == "财政拨款" else "拨款收入"), text, flags=re.IGNORECASE)
    # 'project expenditure rather than basic expenditure': the contrast names no second item of the question
    text = re.sub(r"\b(?:rather than|instead of)\s+(?:the\s+)?[\u4e00-\u9fff（）()]+", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"(?<=[费出])\s+(?:fees?|expenses?|costs?|budgets?|funds?|funding|money)\b|(?<=[费出])\s+预算|\bthe\s+(?=[\u4e00-\u9fff])", "", text,
                  flags=re.IGNORECASE)  # 'the 公务接待费 fee': the English noun the term already says
    # 'basic expenditure and (to) project expenditure': two of the document's wordings joined, as Chinese joins them
    text = re.sub(r"(?<=[\u4e00-\u9fff）)])\s*,?\s*(?:and|&|plus)\s+(?:(?:to|for|on|of|the)\s+)*(?=[\u4e00-\u9fff])",
                  "和", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[\u4e00-\u9fff）)]),\s*(?=[\u4e00-\u9fff])", "、", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?:any|some|new|more)\s+(?=[\u4e00-\u9fff])", "", text, flags=re.I)  # '购置 any 公务用车'
    # 'how does that split between A and B': the split of what was just named ('它的' A和B)
    text = re.sub(r"\b(?:how (?:is|are|was|does|do|did)\s+)?(?:that|it|this)\s+(?=(?:split|divided|shared|allocated)\s+"
                  r"(?:between|among)\b)", "它的 ", text, flags=re.IGNORECASE)
    # 'how is the money split between A and B': each of the two and its share; 'break down X: A versus B' likewise
    text = re.sub(r"\b(?:how (?:is|are|was)\s+)?(?:the\s+)?(?:money|funds?|预算|支出)?\s*(?:split|divided|shared|allocated)\s+"
                  r"(?:between|among)\s+(([\u4e00-\u9fff（）()]+)和([\u4e00-\u9fff（）()]+))[^?]*",
                  _halves(r"\2和\3分别是多少，各占多少", first=2), text, flags=re.IGNORECASE)
    text = re.sub(r"\bbreak(?:s|ing)?\s+(?:the\s+)?(?:\d{4}\s+)?(?:[\u4e00-\u9fff]+\s+)?down\s+(?:into|by)\s+(?:[A-Za-z-]+\s+)*?"
                  r"([\u4e00-\u9fff（）()]+)\s+(?:versus|vs\.?|against|and)\s+(?:[A-Za-z-]+\s+)*?([\u4e00-\u9fff（）()]+)[^?]*",
                  _halves(r"\1和\2分别是多少，各占多少"), text, flags=re.IGNORECASE)  # 'break the spending down into A vs B'
    text = re.sub(r"\b(?:break(?:s|ing)?\s+down|(?:give|show)(?: me)? (?:a|the) breakdown of)\s+(?:the\s+)?"
                  r"([\u4e00-\u9fff（）()]+)[^:：\u4e00-\u9fff]*[:：]\s*(?:[A-Za-z-]+\s+)*?([\u4e00-\u9fff（）()]+)\s+"
                  r"(?:versus|vs\.?|against|and)\s+(?:[A-Za-z-]+\s+)*?([\u4e00-\u9fff（）()]+)[^?]*",
                  _halves(r"\2和\3分别是多少，各占\1的比重是多少", first=2), text, flags=re.IGNORECASE)  # 'break down X:
    # A versus B'
    text = re.sub(r"\b(?:actually\s+)?(?:own|have|has|possess)\s+any\b", "有没有", text, flags=re.IGNORECASE)  # 'own any cars'
    text = re.sub(r"\bbreak(?:s|ing)?\s+down\s+(?:the\s+)?([\u4e00-\u9fff（）()][\u4e00-\u9fff（）()\s]*?)\s+into\s+"
                  r"([\u4e00-\u9fff（）()]+(?:、[\u4e00-\u9fff（）()]+)*和[\u4e00-\u9fff（）()]+)[^?]*",
                  lambda m: "".join(m.group(1).split()) + f"分成{m.group(2)}各多少", text, flags=re.IGNORECASE)
    # 'break X down into A, B and C': each part of X
    text = _share_grammar(text)
    text = re.sub(r"(支出|收入|经费|费)\s*\1", r"\1", text)  # 'science and technology spending': one 支出
    # 'within X (X), which …': inside X, as 'X里' says it (a term glossed in brackets once)
    text = re.sub(r"\b(?:within|among|inside)\s+([\u4e00-\u9fff“”]+)\s*(?:[(（]\1[)）])?(?=[\s,])", r"\1里",
                  text, flags=re.IGNORECASE)
    return re.sub(r"\brespectively\b", "分别", text, flags=re.IGNORECASE)


HALVES = frozenset({"基本支出", "项目支出", "人员支出", "日常公用支出"})
"""The standard halves a budget or its basic spending splits into (合计 = 基本 + 项目; 基本 = 人员 + 日常公用)."""


def _halves(template: str, first: int = 1):
    "A rewrite applied only when the two things split are standard halves; any other split is left as said"
    def apply(m: re.Match) -> str:
        if {m.group(first), m.group(first + 1)} <= HALVES:
            return m.expand(template)
        return m.group(0)
    return apply


_SHARE_WORD = r"(?:share|percentage|proportion|percent|part|fraction)"
_WHOLE = {"the total": "总支出", "total": "总支出", "the whole": "总支出", "预算": "总支出", "the whole 预算": "总支出",
          "the overall 预算": "总支出", "all 支出": "总支出", "everything": "总支出"}
"""A share's whole in English, read after the terms are mapped ('the budget' is 预算 by then)."""
_POINTER = {"it": "它", "that": "它", "this": "它", "they": "它们", "those": "它们", "these": "它们"}


def _share_grammar(text: str) -> str:
    """English puts a share's whole first ('what share of W is P', 'P's share of W', 'P as a share of W'); Chinese
    says 'P占W的比重', which the parser reads. 'it'/'that' as P points back, as 它 does."""
    def said(part: str, whole: str) -> str:
        part, whole = part.strip(" ?.,"), whole.strip(" ?.,")
        each = "分别" if re.search(r"\s*\brespectively$", part, re.I) else ""
        part = re.sub(r"\s*\brespectively$", "", part, flags=re.I)
        part = _POINTER.get(part.lower(), part)
        whole = _WHOLE.get(whole.lower(), whole)
        whole = "总" + whole if whole in ("支出", "收入") else whole  # 'of spending': all of it
        return f"{part}{each}占{whole}的比重是多少"

    # NOTE: '(?!...)' keeps 'the' out of the part: 'what share of W is the P' is the same P
    text = re.sub(rf"\b(?:what|which) {_SHARE_WORD} of ([^,?]+?) (?:is|are|was|were|does|do|did) (?:the )?([^,?]+?)"
                  r"(?: (?:account|make|take|represent|come)s?(?: up)?(?: for)?)?\s*(?=[?,.]|$)",
                  lambda m: said(m.group(2), m.group(1)), text, flags=re.IGNORECASE)
    text = re.sub(rf"\b(?:within|of|in|out of) ([^,?]+?),\s*(?:what|which) {_SHARE_WORD} (?:is|are|goes to|is spent on) "
                  r"(?:the )?([^,?]+?)\s*(?=[?,.]|$)", lambda m: said(m.group(2), m.group(1)), text, flags=re.IGNORECASE)
    text = re.sub(rf"\b(?:what|which) {_SHARE_WORD} of ([^,?]+?) (?:goes|go|went|is spent|was spent|are spent|is used) (?:to|on|for) ([^,?]+?)\s*(?=[?,.]|$)",
                  lambda m: said(m.group(2), m.group(1)), text, flags=re.IGNORECASE)
    text = re.sub(rf"\b(?:what is |what's )?(?:the )?([^,?]+?)(?:'s| as a) {_SHARE_WORD} of ([^,?]+?)\s*(?=[?,.]|$)",
                  lambda m: said(m.group(1), m.group(2)), text, flags=re.IGNORECASE)
    return text
