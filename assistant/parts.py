"""Questions with several parts become several questions, answered in order in the same conversation.

Two standard shapes of Chinese questions:
- an enumeration before 分别 / 各 / 各自 ("A、B各是多少", "A和B分别占多少"): one
  question per enumerated item, each with the shared prefix and predicate;
- several questions in a row, each ending in a question mark ("三公经费多少？比上年多多少？").
An enumeration is split only when every element names something in the document (a row, project, subject): 机关和
事业单位 name two readings of one item, and 2023年和2024年 two years of one, so they stay whole.
"""

from __future__ import annotations

import re

from budget_qa.types import BudgetDocument
from tools.aliases import GENERIC_PAIRS
from tools.resolve import resolve, sibling_row
from index.text import norm_key

from .plan import BUDGET_AS_WHOLE, QUALIFIER_RE, mentions, stated_subject, strip_frame, vocabulary
from .english import to_chinese
from .understand import EITHER_RE, INTENT_PATTERNS, MEASURES, PURPOSE_RE, REFERENCE_RE, REFERENCE_WORDS, language_of

EACH_RE = re.compile(r"(各自|分别|各)(?=是|为|有|占|花|安排|预算|多少|几|什么|怎么|比|在|要|的|\s|[?？]|$)")
TRAILING_NE_RE = re.compile(r"(?=呢[?？]?$)")
WHETHER_ANY_RE = re.compile(r"(?=(?:的钱|的预算|的经费|的资金|的拨款)?吗[?？]?$)")
"""'有A和B的钱吗': whether there is any of each."""
"""'A和B呢': a follow-up that enumerates asks the same of each."""
COUNTED_RE = re.compile(r"(?:这|那)?[两二三四五六七八九十几\d]+(?:项|块|个|部分|笔|类|种|样|行|栏|条)$")
SEPARATORS = ("、", "以及", "和", "与", "及", "跟", "还有")
PREFIX_END_RE = re.compile(r"^(.*(?:里|中|当中|之中|的|，|,|:|：|分成|分为|拆成|拆分为))(.+)$")
REFERENCE_PREFIX_RE = re.compile("^(" + "|".join(w for w in REFERENCE_WORDS if not w.startswith("那")) + ")(.+)$")
ENGLISH_AND_RE = re.compile(r"(?:,\s*and|\s+and)\s+(?=(?:how|what|which|why|when|where|is|are|does|do)\b)", re.I)
"""An English question that goes on with a second question ('…, and how much is it?')."""
QUESTION_MARK_RE = re.compile(r"(?<=[?？])|\n+|(?<=[\s，,；;：:])(?=[(（]?\d{1,2}[.、．)）]\s*[\u4e00-\u9fff])|"
                              r"(?:(?<=[少几么吗呢])|(?<=多少元)|(?<=多少万元))\s+(?![万元亿个])(?=[\u4e00-\u9fff]{2})")
"""Where one question of a message ends: a question mark, a line break ('1. …\n2. …'), the next number of a list
on one line ('问两个：1. …多少 2. …多少'), or a space after an asking word ('X多少元 Y多少元')."""
INTRO_RE = re.compile(r"^[^，,。？?]{0,10}[：:]$")
"""A part that only announces the questions after it ('问两个：', '两个问题:')."""
CLAIM_THEN_ASK_RE = re.compile(r"(?<=[吧吗嘛])[，,]\s*(?=[^，,]*(?:多少|几|什么|哪))")
"""'X有好几辆车吧，运行费多少？': a claim to check, then a question of its own."""
ASKS_RE = re.compile(r"多少|几|是什么|哪|(?i:\bhow (?:much|many)\b)")
SHARE_ASKED_RE = re.compile(r"占[^，,；;]*(?:多少|几|比例|比重|百分)")
FILLER_RE = re.compile(r"^(?:顺便|另外|此外|还有|再|我还想|还想|我想|然后)(?:问一?下|问问|请问|说一?下|想知道)?[，,：:\s]*(?=\S{2})")
"""Words that open a further question and ask nothing ('顺便问下', '另外')."""
YEAR_RE = re.compile(r"20\d{2}")
NUMBERING_RE = re.compile(r"^[(（]?(?:\d{1,2}|[一二三四五六七八九十])[.、．)）]\s*(?=\S)")
"""'1. ', '（2）', '三、': the number a part is listed with, not part of what it asks ('第二个呢' asks a place)."""
TOTAL_RE = re.compile(dict(INTENT_PATTERNS)["total"])


def split(doc: BudgetDocument, text: str) -> list[list[str]]:
    """The parts of a question, in order: groups asked one after the other (a later group may lean on an earlier one:
    'X一共多少，其中A和B各多少'), each a list of parallel parts that share the context the group starts from."""
    parts, heading = [], ""
    for q in (q.strip() for p in QUESTION_MARK_RE.split(text) for q in CLAIM_THEN_ASK_RE.split(p) if q.strip()):
        if INTRO_RE.match(q):  # '问两个：' announces the questions; '三公经费：' names what they are asked of
            heading = "" if re.search(r"问|请|麻烦|想知道|帮我|以下|如下|几个|两个|三个", q) else q.rstrip("：: ")
            continue
        q = FILLER_RE.sub("", NUMBERING_RE.sub("", q)) or q
        parts.append(heading + q if heading and not _subjects(doc, q) else q)
    parts = [p for p in parts if re.search(r"[\u4e00-\u9fffA-Za-z]{2,}", p)] or [text]
    named = [_subjects(doc, p) for p in parts]
    own = [bool(EACH_RE.search(p)) and bool(_enumeration(doc, p)) for p in parts]  # 'A和B各多少': names its own
    # a later part naming no subject but a year of its own ('…？2023年呢？') is a follow-up of the one before
    another_year = [i > 0 and not n and bool(YEAR_RE.search(p)) and YEAR_RE.findall(p) != YEAR_RE.findall(parts[0])
                    for i, (p, n) in enumerate(zip(parts, named))]
    columns = {name for name, _ in MEASURES}
    offers = any(i > 0 and EITHER_RE.search(p) and n and n <= columns for i, (p, n) in enumerate(zip(parts, named)))
    # a part with a subject of its own is a question of its own ('X多少？其中服务类占几成？' names 服务类 beside X); so is
    # a later part asking an operation of its own of the same subject ('X多少钱？用途是什么？'), answered after it
    # the first part stands alone when it asks an amount or states a claim to check ('有8辆车吧，运行费多少？')
    # a later part leaning on the one before asks an operation of its own ('…各多少？两个加起来呢？'), and so does an
    # amount asked of what a definition or purpose question named ('X指的是啥？今年这个经费预算多少')
    asks = [not n and (_own_operation(p) or i == 0 and bool(ASKS_RE.search(p) or re.search(r"[吧吗嘛][?？]?$", p))
                       or i > 0 and own[i - 1] and bool(SET_COMPARE_RE.match(p))
                       or i > 0 and (leans_on_before(p) and not _own_operation(parts[i - 1]) or
                                     ASKS_RE.search(p) and (WORDS_OPERATION_RE.search(parts[i - 1].lower()) or
                                                            REFERENCE_RE.search(p))))
            and not (i > 0 and REASON_RE.search(p) and CHANGE_RE.search(parts[i - 1]))
            for i, (p, n) in enumerate(zip(parts, named))]  # '…增加还是减少？原因是什么': one change with its reason
    # a later part asking an operation the part before does not ('A和B各多少？B占多大比例') is a question of its own
    new_op = [i > 0 and bool(new := _operations(p) - _operations(parts[i - 1])) and
              (bool(n) or bool(new & {"breakdown", "definition"})) and  # its own subject, or a breakdown of the one before
              not (REASON_RE.search(p) and CHANGE_RE.search(parts[i - 1]))  # a change, then its reason: one question
              for i, (p, n) in enumerate(zip(parts, named))]
    # parts naming the same subject asking different operations are questions of their own ('什么是X？X预算多少？')
    asked = [_operations(p) or ({"value"} if ASKS_RE.search(p) else set()) for p in parts]
    differs = [bool(n) and (any(0 <= j < len(parts) and j != i and bool(named[j]) and asked[j] != asked[i]
                                for j in (i - 1, i + 1)) or  # 'X多少 Y多少 Y占X百分之几': X's amount, then its share
                            any(j != i and bool(named[j] & n) and asked[j] != asked[i] and bool(asked[i])
                                for j in range(len(parts))))
               for i, n in enumerate(named)]
    standing = [mine or later or op or new or dif or bool(n and (n - set().union(*(o for o in named if o is not n))))
                for n, mine, later, op, new, dif in zip(named, own, another_year, asks, new_op, differs)]
    if len(parts) > 1 and offers:
        parts = [text]  # '…？是基本支出还是项目支出？': the later part offers readings of the first
    elif len(parts) > 1 and not all(standing) and any(
            SET_COMPARE_RE.match(p) or BOTH_WORDS_RE.search(p) for p, ok in zip(parts, standing) if not ok):
        parts = [text]  # 'A多少？B多少？哪个多': the comparison is of all the parts before it
    elif len(parts) > 1 and not all(standing):
        joined: list[str] = []
        for i, (p, ok) in enumerate(zip(parts, standing)):
            if joined and not (ok and all(standing[:i])):
                joined[-1] += p  # '几倍？多多少': a later question leaning on the one before is asked with it
            else:
                joined.append(p)
        parts = joined
    parts = [q for p in parts for q in ENGLISH_AND_RE.split(p) if q.strip()]  # '…budget, and how much of it is …'
    groups: list[list[str]] = []
    heads: list[str] = []  # the items the last enumeration named, for a later part asking the same of each
    listed: tuple[str, list[str]] = ("", [])  # the last enumeration: its prefix and its items
    place = ""  # where the last enumeration's items are ('三公经费里A、B、C分别多少'): what its total is of
    for p in parts:
        for clause in _asking_clauses(doc, p):
            # an English enumeration ('A and B respectively') is read in the document's wording, and stays English
            english = language_of(clause) == "en"
            zh = to_chinese(clause) if english else clause
            each = EACH_LEANING_RE.match(zh)
            if each and heads and not _enumerated(doc, zh)[1]:
                groups.append([f"{h}{zh[each.end('lead'):]}" for h in heads])  # 'A和B各多少？分别占总支出多少？'
                continue
            if SET_COMPARE_RE.match(zh) and len(heads) >= 2 and not _enumerated(doc, zh)[1]:
                groups.append([listed[0] + "和".join(listed[1]) + zh])  # 'A和B各多少？哪个多？': the items compared
                continue
            if len(listed[1]) >= 3 and re.match(r"(?:这[两三四五几]?[项个笔]?)?(?:合计|一共|总共|加起来|加在一起|共计)", zh) and \
                    not mentions(doc, zh) and not CHANGE_RE.search(zh):
                groups.append([listed[0] + "、".join(listed[1]) + "合计多少"])  # 'A、B、C各多少，合计多少': all three added
                # (two are added by the later part leaning on the conversation's last two subjects)
                continue
            if place and re.match(r"(?:总数|总额|总共|合计|一共|整体|总的)", zh) and not mentions(doc, zh):
                zh = clause = place + zh  # '…分别是多少，另外总数比去年多了多少': the total of that place
            prefix, elements, _ = _enumerated(doc, zh)
            heads = [f"{prefix}{e}" for e in elements] or heads
            listed = (prefix, elements) if elements else listed
            place = re.sub(r"(?:里面?|中|当中|之中|里头)$", "", prefix) if elements else place
            groups.append(_enumeration(doc, zh) or [clause])
    return groups


SET_COMPARE_RE = re.compile(r"(?:那|那么)?(?:它们|两者|二者|这两个|这两项|这几项)?(?:哪个|哪一个|哪项|哪一项|谁)(?:更|最)?"
                            r"(?:多|大|高|少|小|低)|(?:它们|两者|二者)?(?:相)?差(?:了)?多少")
"""A later part comparing the items an enumeration named ('…各多少？哪个多？'): one question over all of them."""
EACH_LEANING_RE = re.compile(r"(?P<lead>(?:那|那么)?(?:它们|这两项|这两个|两者|二者|这几项)?(?:分别|各自|各)?)"
                             r"(?=占|比(?:去年|上年|上一年)|较上年|同比)")
"""A later part asking a share or a change with no subject of its own, after an enumeration: asked of each item."""


REASON_RE = re.compile(dict(INTENT_PATTERNS)["reason"])
CHANGE_RE = re.compile(dict(INTENT_PATTERNS)["change"], re.I)
OWN_OPERATION_RE = re.compile(dict(INTENT_PATTERNS)["reason"] + "|" + dict(INTENT_PATTERNS)["definition"] + "|" +
                              PURPOSE_RE.pattern + r"|[几多少]+(?:辆|台|套|家|人|名|次)|有没有|打算买|要买|购置")
"""Operations a later part can ask of the subject before it, or of a thing it names by its counter: why, what it
means, what it is for, how many (辆, 台 …), whether there is any."""


WORDS_OPERATION_RE = re.compile(dict(INTENT_PATTERNS)["reason"] + "|" + dict(INTENT_PATTERNS)["definition"] + "|" +
                                PURPOSE_RE.pattern)
"""Operations answered in words (why, what it means, what it is for): an amount asked after one is asked of it."""


def _operations(part: str) -> set[str]:
    "The operations a part asks that a part before it could not have asked too (share, change, ratio, rank, why …)"
    found = {name for name, rx in INTENT_PATTERNS if re.search(rx, part.lower())}
    return found & {"share", "change", "ratio", "rank", "reason", "definition", "count", "breakdown"}


def _own_operation(part: str) -> bool:
    return bool(OWN_OPERATION_RE.search(part.lower()))


LEANING_RE = re.compile(dict(INTENT_PATTERNS)["reason"] + "|" + dict(INTENT_PATTERNS)["definition"] + "|" +
                        PURPOSE_RE.pattern + r"|^(?:那|它|其)?(?:在[^占]{1,12}(?:里|中|当中))?占|"
                        r"^(?:那|这)?(?:两个|两项|二者|两者|它们|这些)?(?:加起来|合计|一共|总共|加在一起|合起来)|"
                        r"^(?:那|它)?(?:比(?:去年|上年|上一年)|较上年|同比)")
"""…or what share it is of a whole ('在X里占几成')."""


def leans_on_before(part: str) -> bool:
    "A later part that asks why, what it means or what it is for, of the subject the part before it named"
    return bool(LEANING_RE.search(part.lower()))


def _subjects(doc: BudgetDocument, part: str) -> set[str]:
    """What a part names: the document's wordings, a listed sub-figure by its own word (货物 of 政府采购货物预算), a
    measure (人员支出), else the row its wording resolves to ('运行维护费多少' → the 公务用车 row)"""
    found = set(mentions(doc, part)) | {w for i in range(len(part) - 1) if (w := part[i: i + 2]) not in GENERIC_PAIRS
                                        and _sub_figure(doc, w)}
    found |= {name for name, rx in MEASURES if re.search(rx, part)}
    if not found and not REFERENCE_RE.search(part):  # '它…？' refers back: no subject of its own
        from tools.resolve import resolve

        core = strip_frame(part)
        best = resolve(doc, core) if len(core) >= 3 and core not in BUDGET_AS_WHOLE else []
        if best and best[0].score >= 0.85:
            found.add(best[0].item.label)
        elif (st := stated_subject(doc, [], part)) is not None:
            found.add(st.subject)  # a figure only the narrative states ('机关运行经费多少')
    return found


def _asking_clauses(doc: BudgetDocument, text: str) -> list[str]:
    """'X多少，其中A多少，B多少' / 'X多少，占…比例是多少，比去年变化多少': three questions after commas, each asking an
    amount and naming its own subject or leaning on the first; else the standard shapes of ``_clauses``"""
    pieces = [x for x in re.split(r"[，,；;]", text) if x.strip()]
    changes = [x for x in pieces if CHANGE_RE.search(x)]  # one change, leaning on the first ('…，比去年变化多少')
    if len(pieces) >= 3 and all(ASKS_RE.search(x) for x in pieces) and \
            (not changes or len(changes) == 1 and changes[0] != pieces[0] and EACH_LEANING_RE.match(changes[0])) and \
            all(_names_something(doc, re.sub(r"^其中|多少|是多少|[?？]", "", x)) or leans_on_before(x) for x in pieces[1:]):
        first = mentions(doc, pieces[0])
        return [pieces[0]] + [f"{first[0]}{x}" if len(first) == 1 and EACH_LEANING_RE.match(x) and not mentions(doc, x)
                              else x for x in pieces[1:]]  # each leaning part asked of the first part's subject
    if len(pieces) == 2 and ASKS_RE.search(pieces[0]) and leans_on_before(pieces[1]) and \
            not CHANGE_RE.search(pieces[0]) and not _own_operation(pieces[0]):
        return pieces  # 'X多少钱，在全部项目支出里占多少': the amount, then a share leaning on it
    if len(pieces) == 2 and EACH_RE.search(pieces[0]) and ASKS_RE.search(pieces[0]) and not EACH_RE.search(pieces[1]) \
            and ASKS_RE.search(pieces[1]) and _subjects(doc, pieces[1]):
        return pieces  # 'A和B分别多少，A占C多少': each, then a question naming its own subject
    if len(pieces) == 2 and all(SHARE_ASKED_RE.search(x) for x in pieces) and \
            (one := _subjects(doc, pieces[0])) and (two := _subjects(doc, pieces[1])) and not two <= one:
        return pieces  # '人员经费占基本支出的比例，公用经费占多少': the same operation of another subject
    clauses = _clauses(text)
    return clauses if len(clauses) > 1 else _questions_in_a_row(doc, pieces) or clauses


WHETHER_RE = re.compile(r"有没有|是否|有无|是不是")
BOTH_WORDS_RE = re.compile(r"两者|二者|两个|两项|它们|这俩|相抵|合计|一共|加起来")
"""A part about all the parts before it ('两者相抵净增多少', '加起来呢'), not only the one just before."""


def _questions_in_a_row(doc: BudgetDocument, pieces: list[str]) -> list[str]:
    """'X多少，有没有Y', 'X多少，由哪个单位实施，计划几项': questions joined by commas, each asking something of its
    own (its own subject or an operation of its own: whether, why, who, how many); a leading 'X里' is where each
    later one asks; [] when the commas join one question"""
    place = ""
    if len(pieces) >= 3 and re.search(r"(?:里|中|当中|方面|这块)$", pieces[0]) and not ASKS_RE.search(pieces[0]):
        place, pieces = pieces[0], pieces[1:]  # '收入预算里，A增加多少，B减少多少'
    if not 2 <= len(pieces) <= 4 or EACH_RE.search("".join(pieces)) or \
            not all(ASKS_RE.search(x) or _own_operation(x) for x in pieces):
        return []
    if not all(_names_something(doc, x) or WORDS_OPERATION_RE.search(x) or WHETHER_RE.search(x) or
               (leans_on_before(x) and not CHANGE_RE.search(x)) or
               (ASKS_RE.search(x) and len(strip_frame(x)) < 2 and WORDS_OPERATION_RE.search(pieces[0]))
               for x in pieces[1:]):  # 'X是什么，今年多少，为什么增加': an amount asked of what a definition named
        return []
    return [place + x for x in pieces]


def _clauses(text: str) -> list[str]:
    """'X一共多少，其中A和B各多少': a clause that asks, then a 其中 clause that enumerates what it is made of;
    'X多少，2023年又是多少': a clause that asks, then the same asked of another year; 'A多少，另外B…': two questions"""
    m = re.search(r"[，,；;]\s*(?=(?:另外|此外|顺便|再问))", text)
    if m and ASKS_RE.search(text[: m.start()]) and ASKS_RE.search(text[m.end():]):
        return [text[: m.start()], FILLER_RE.sub("", text[m.end():]) or text[m.end():]]
    m = re.search(r"[，,；;]\s*(?=(?:那|而)?(?:20\d{2}|去年|上年|今年)\s*年?[^，,]{0,6}(?:又|呢|是多少|多少))", text)
    if m and ASKS_RE.search(text[: m.start()]) and set(YEAR_RE.findall(text[m.end():])) != set(YEAR_RE.findall(text[: m.start()])):
        return [text[: m.start()], text[m.end():]]  # the first clause's year (or none: this year's), then another
    m = re.search(r"[，,；;]\s*(?=(?:那|那么)?(?:这)?(?:两个|两项|二者|两者|它们|三个|三项|几个|几项)?"
                  r"(?:加起来|加在一起|合计|一共|总共|加一块|合起来)[^，,；;]{0,8}$)", text)
    if m and EACH_RE.search(text[: m.start()]):
        return [text[: m.start()], text[m.end() :]]  # 'A和B各多少，两个加起来呢': each, then their sum
    m = re.search(r"[，,；;]\s*(?=(?:" + SET_COMPARE_RE.pattern + r")[^，,；;]{0,6}$)", text)
    if m and EACH_RE.search(text[: m.start()]):
        return [text[: m.start()], text[m.end() :]]  # 'A和B各多少，哪个多': each, then the two compared
    m = re.search(r"[，,；;\s]\s*(?=其中)", text) or re.search(r"[，,；;\s]\s*(?=[^，,；;\s]{2,16}(?:各自|分别|各)[^，,；;]*$)", text)
    if not m or not ASKS_RE.search(text[: m.start()]) or not EACH_RE.search(text[m.end() :]):
        return [text]  # 'X一共多少，(其中)A和B各多少': the whole asked, then each of its parts
    return [text[: m.start()], text[m.end() :]]


def _enumeration(doc: BudgetDocument, text: str) -> list[str]:
    "One question per item an enumeration names ('A和B各多少' → 'A多少', 'B多少'), or [] when it names none"
    prefix, elements, predicate = _enumerated(doc, text)
    return [f"{prefix}{e}{predicate}" for e in elements]


def _enumerated(doc: BudgetDocument, text: str) -> tuple[str, list[str], str]:
    "The shared prefix, the items and the shared predicate of an enumeration (no items: not one)"
    m = EACH_RE.search(text) or TRAILING_NE_RE.search(text) or \
        (WHETHER_ANY_RE.search(text) if re.match(r"^(?:今年|本年)?(?:有没有|有|安排了?)", text) else None)
    if not m:
        return "", [], ""
    if m.re is not EACH_RE and TOTAL_RE.search(text) or \
            m.re is WHETHER_ANY_RE and (CHANGE_RE.search(text) or ASKS_RE.search(text)):
        return "", [], ""  # 'A和B，两项共多少呢': one sum of the items, not a question per item
    head, predicate = text[: m.start()], text[m.end() :] if m.re is EACH_RE else text[m.start() :]
    *rows, last = re.split(r"[，,]", head)
    if rows and any(re.fullmatch(rf"(?:的)?(?:{rx})(?:的)?", last.strip()) for _, rx in MEASURES):
        head, predicate = "，".join(rows), last.strip() + predicate  # 'A和B这两行，项目支出各是多少': the column of each
    head = COUNTED_RE.sub("", head.rstrip()).rstrip("，,的")
    if re.search(QUALIFIER_RE, head) or re.search(r"20\d{2}\s*年?\s*(?:和|与|、|及)\s*20\d{2}", head):
        return "", [], ""  # 机关和事业单位 / 2023年和2024年: readings of one item
    pieces = _pieces(doc, head)
    if len(pieces) < 2:
        return "", [], ""
    prefix, first = "", pieces[0]
    pm = REFERENCE_PREFIX_RE.match(first) or PREFIX_END_RE.match(first)
    if pm and (pm.re is REFERENCE_PREFIX_RE or mentions(doc, pm.group(2)) or mentions(doc, pm.group(1))):
        prefix, first = pm.group(1), pm.group(2)  # '这里面A和B各多少': each asked of what 这里面 refers to
    elements = [first, *pieces[1:]]
    # 'A的X和Y', 'AX和Y': a later element that names no row by itself is the first one's sibling (公务用车 + 运行维护费)
    elements = [e if i == 0 or _names_row(doc, e) else (sibling_row(doc, first, e) or e) for i, e in enumerate(elements)]
    said = next((w for w in sorted(mentions(doc, elements[-1]), key=len, reverse=True)
                 if norm_key(elements[-1]).startswith(norm_key(w))), None)
    rest = elements[-1][len(said):] if said and elements[-1].startswith(said) else ""
    if rest.strip() and re.match(r"(?:的|跟|和|与|同|比|较|在|今年|去年|上年|这)", rest):
        elements[-1], predicate = said, rest + predicate  # 'A和B跟上年比分别…': the words after B are asked of each
    if not all(_names_something(doc, e) or _states(doc, prefix, e) for e in elements):
        return "", [], ""
    return prefix, elements, predicate


def _names_row(doc: BudgetDocument, wording: str) -> bool:
    "Whether a wording names a row of the document by itself (its whole label, or the label's own alias)"
    best = resolve(doc, wording)[:1]
    return bool(best) and best[0].score >= 0.9


def _pieces(doc: BudgetDocument, head: str) -> list[str]:
    "The head split at 、 (or else at 和/与/及 …), never inside a name of the document that contains the separator"
    for sep in SEPARATORS:
        if sep not in head:
            continue
        protected = [w for w in vocabulary(doc) if sep in w and w in norm_key(head)]
        if protected:
            continue
        pieces = [p.strip() for p in head.split(sep) if p.strip()]
        if len(pieces) >= 2:  # a piece split further only when each of its own pieces names something ('A及B' may be
            # one name the question words differently from the document: 公务用车购置及运行费)
            return [q for p in pieces for q in (_split_named(doc, p) or [p])] if sep == "、" else pieces
    return _adjacent(doc, head)


def _split_named(doc: BudgetDocument, piece: str) -> list[str]:
    sub = _pieces(doc, piece)
    return sub if sub and all(_names_something(doc, x) for x in sub) and not _names_row(doc, piece) else []


def _adjacent(doc: BudgetDocument, head: str) -> list[str]:
    "'<名称甲><名称乙>各多少': names of the document (or its measures) written one after another, without a separator"
    key = norm_key(head)
    found = mentions(doc, key, tuple(name for name, _ in MEASURES))
    if len(found) < 2 or norm_key("".join(found)) != key[key.find(norm_key(found[0])):]:
        return []
    return found


def _names_something(doc: BudgetDocument, element: str) -> bool:
    "A row, project or subject of the document, or one of its measures (人员支出 is a column, not a row)"
    if mentions(doc, element) or any(re.search(rx, element) for _, rx in MEASURES) or _sub_figure(doc, element):
        return True
    from tools import statements

    e = norm_key(element)  # a figure only the narrative states ('机关运行经费'), named whole
    if len(e) >= 4 and any(norm_key(st.subject) == e for st in statements(doc) if st.current is not None):
        return True
    return len(e) >= 2 and _resolves(doc, element)


def _sub_figure(doc: BudgetDocument, element: str) -> bool:
    "A word of a figure the narrative lists under a whole ('货物' of 政府采购货物预算), asked after that whole"
    from tools import statements

    from .plan import parent_statement

    e = norm_key(element)
    return len(e) >= 2 and any(e in norm_key(st.subject) and parent_statement(doc, st) is not None
                               for st in statements(doc) if st.current is not None)


def _states(doc: BudgetDocument, prefix: str, element: str) -> bool:
    "'X里' + '货物': the narrative states a figure for a subject naming both (政府采购货物预算)"
    from tools import statements

    named = [norm_key(w) for w in mentions(doc, prefix)] if prefix else []
    e = norm_key(element)
    return bool(named) and any(e in norm_key(st.subject) and any(n in norm_key(st.subject) for n in named)
                               for st in statements(doc) if st.current is not None)


def _resolves(doc: BudgetDocument, element: str) -> bool:
    from tools.resolve import resolve

    best = resolve(doc, element)
    return bool(best) and best[0].score >= 0.6
