"""Planning helpers: which items a question names, which table it points at, how a follow-up inherits context."""

from __future__ import annotations

import re

from budget_qa.doccache import per_document
from budget_qa.types import BudgetDocument, TableKind
from tools.narrative import Statement, project_sections, statements
from index.tables import TITLE_ALIASES
from index.text import in_order, longest_first, norm_key
from tools.aliases import GENERIC_PAIRS, ITEM_ALIASES
from tools.resolve import UNDER_RE, bigrams, catalog, common_run, resolve, top_tier

from .understand import AVERAGE_RE, MEASURES, PURPOSE_RE, REFERENCE_RE, Understanding

# Words that frame a question but never name an item (removed before fuzzy matching, longest first).
FRAME_WORDS = sorted(
    """请问 我想知道 想知道 想问一下 想问 想了解 了解一下 告诉我 帮我查 帮我 查一下 查询 麻烦 能否 能不能 可以 一下
    两笔 两项 两个 两者 二者 这两 是多少钱 是多少 有多少 多少钱 多少个 多少项 多少 几个 几项 为什么 为何 什么原因 原因是什么 的原因 原因 怎么样 怎么 如何
    是什么意思 什么意思 是什么 指什么 什么是 啥是 咋回事 怎么回事 怎么搞的 哪些 哪个 哪一个 哪一项 哪项 哪一块 哪块 分别是 分别 一共 总共 合计 加起来 之和 相比 比较 对比
    增加了 减少了 增加 减少 增长 下降 变化 变动 多了 少了 占比 比例 比重 占 的 了 吗 呢 啊 呀 吧 么
    多大 来源 组成部分 构成 组成 部分 由 多少亿元 多少万元 多少元 几个亿 多少个亿 几亿 亿元 万元 亿 需要 准备 打算 要 今年 本年 去年 上年 上一年 一整年 一年 每年 全年 同比 预算数 预算安排 安排了 安排 花了 花 用了 用于 给了 钱 部门 本部门 局里 局 这个 那个 其中
    他们 她们 人家 咱们 我们 你们 该单位 该部门 本单位 那么 那 和 与 及 跟 还有 以及 最大 最多 最高 最少 最小 最低 排名 前 名 是 有 为 在 里 上 对 按 请 您 你 我""".split(),
    key=len,
    reverse=True,
)
SPLIT_RE = re.compile(r"(?:和|与|跟|及|以及|、|，|,|加上|还是|对比|相比|比较|vs\.?|versus|and)")
COMPARE_SPLIT_RE = re.compile(r"(?:和|与|跟|及|以及|、|，|,|还是|对比|相比|比较|减去|减掉|扣除|是|比(?!例|重|上年|去年|较)|vs\.?|versus|and)")
QUALIFIER_RE = (r"(?:局)?机关的?(?:和|与|加|及|、|跟)事业单位(?:的?都算上?|的)?|事业单位的?(?:和|与|加|及|、|跟)(?:局)?机关"
                r"(?:的?都算上?|的)?"
               r"|(?:局)?机关(?:多|高|大|少|低|小)?还是事业单位(?:多|高|大|少|低|小)?"
               r"|事业单位(?:多|高|大|少|低|小)?还是(?:局)?机关(?:多|高|大|少|低|小)?")
"""A scope that names both economic classes (机关 501–504 and 事业单位 505–506), not an item."""
BUDGET_AS_WHOLE = frozenset({"预算", "部门预算", "单位预算", "预算数", "预算总额", "总预算", "收支总预算", "全部预算"})
"""Leftover wordings that mean the whole budget, not an item."""
CATEGORY_WORDS = ("特定目标类", "其他运转类")
"""The two kinds of project (项目类别) a project table counts by."""
BY_CATEGORY_RE = re.compile(r"按(?:项目)?类别|分类别|各类别|(?:项目)?类别(?:分别|各)")
"""'项目支出按类别分各多少': the projects counted and added by each 项目类别."""

STANDARD_WHOLES = {"基本支出": "总支出", "项目支出": "总支出", "人员支出": "基本支出", "日常公用支出": "基本支出"}
"""The whole each standard half is part of in every 部门预算 (合计 = 基本 + 项目; 基本 = 人员 + 日常公用)."""

# Everyday ways of asking for the whole budget, used when no item is named.
WHOLE_BUDGET = "收支总预算"
"""The standard name of a budget's grand total (收入总计 = 支出总计), the wording a question about the whole budget is
answered under."""
WHOLE_RE = re.compile(r"(?:这|那|该)?个?(?:部门|单位)?(?:预算)?(?:总额|总数|总盘子|盘子|规模|总量|总计|合计)?")


def names_whole_budget(wording: str) -> bool:
    "Whether a leftover wording means the budget as a whole ('总额', '这预算盘子', '部门预算'), not an item"
    key = norm_key(wording)
    return key in BUDGET_AS_WHOLE or (bool(key) and WHOLE_RE.fullmatch(key) is not None and key not in ("这", "那"))


TOTAL_WORDINGS: list[tuple[str, str]] = [
    (r"(?:总共|一共|全部|总)[^，。,]{0,6}收入|收入(?:总共|一共|总计|总额)", "总收入"),
    (r"(?:总共|一共|全部|总)[^，。,]{0,6}(?:支出|花)|支出(?:总共|一共|总额)|一共花|总共花", "总支出"),
    (r"(?:全年|全部|整体|总|一共|总共)[^，。,]{0,4}预算|预算(?:总额|总数|总盘子|一共|总共|合计)|(?:一共|总共)有?多少(?:钱的)?预算|"
     r"多少预算", WHOLE_BUDGET),  # the budget as a whole: its total (收入 = 支出)
]
ALL_MONEY_RE = re.compile(r"(?:一共|总共|总计|合计|全部|总的)(?:有|能花|能用|拿到|给了)?多少(?:钱|资金|经费)|一年(?:有|能花)多少钱")
"""'一共有多少钱': all the money, which is the whole budget when the question names nothing else."""
TABLE_HINTS: list[tuple[str, TableKind]] = [
    (r"机关(?:和|与|加|及|、|跟)事业|事业单位(?:和|与|加|及|、|跟)机关|经济分类|基本支出(?:里|中|当中)", TableKind.gpb_basic_expenditure),
    (r"项目支出(?:里|中|当中)", TableKind.project_expenditure),
    (r"项目(?!支出)|projects?\b(?! expenditure)", TableKind.project_expenditure),
    (r"采购|procurement", TableKind.procurement),
    (r"财政拨款(?:安排|收支)", TableKind.fiscal_summary),
    (r"三公", TableKind.three_public),
]


@per_document
def document_key(doc: BudgetDocument) -> str:
    "The document's whole text as one matching key (no whitespace, quotes or brackets), built once per document"
    return norm_key("".join(doc.lines) if doc.lines else "".join(p.text for p in doc.paragraphs))


@per_document
def vocabulary(doc: BudgetDocument) -> tuple[str, ...]:
    "Every wording that names something in the document: row labels, aliases, project and fund names"
    words = set(catalog(doc).keys) | {norm_key(k) for k in ITEM_ALIASES}
    words |= {norm_key(p.name) for p in doc.performance} | set(project_sections(doc))
    # a class label is also named by its stem: '卫生健康' for 卫生健康支出
    words |= {w[:-2] for w in words if w.endswith("支出") and len(w) >= 6}
    # and a 类 label of two fields by its first ('社会保障' for 社会保障和就业支出), which resolves to that row
    words |= {head for it in catalog(doc).items if it.level == "类" and it.keys and it.keys[0].endswith("支出")
              for head in [re.split(r"和|与", it.keys[0][:-2])[0]] if len(head) >= 4 and head != it.keys[0][:-2]}
    words = {w for w in words if len(w) >= 2 and w not in ("合计", "小计", "总计")}
    return tuple(longest_first(words))


def mentions(doc: BudgetDocument, text: str, extra: tuple[str, ...] = ()) -> list[str]:
    "The document's own wordings (and everyday aliases, and ``extra`` words) found in the text, in text order"
    q = norm_key(text)
    vocab = set(vocabulary(doc))
    taken: list[tuple[int, int, str]] = []
    for w in longest_first(vocab | set(extra)):
        start = q.find(w)
        while start >= 0:
            end = start + len(w)
            if not any(s < end and start < e for s, e, _ in taken):
                end = _extend_alias(w, q, end, vocab)
                taken.append((start, end, q[start:end]))
            start = q.find(w, end)
    return [w for _, _, w in sorted(taken)]


def _extend_alias(word: str, q: str, end: int, vocab: set[str]) -> int:
    "'<口语词>+<标签余下部分>': an everyday word followed by the rest of a label it abbreviates extends to the whole wording"
    for target in ITEM_ALIASES.get(word, ()):
        t = norm_key(target)
        for e2 in range(len(q), end, -1):
            if t + q[end:e2] in vocab:
                return e2
    return end


def strip_frame(text: str, extra: tuple[str, ...] = ()) -> str:
    "The question without framing words, years and punctuation: what is left should name the item"
    q = AVERAGE_RE.sub("", norm_key(text))  # '平均每月': an operation, not part of the item
    q = re.sub(r"(哪个|谁)(多|大|高|少|小)|多(多少|出多少|出)|少多少|几倍|多少倍|的?比例|的?比重|(?:了)?(?:几|多少)成|几分之几|百分[比之几]*|的?(?:变化|增长|下降|增减)率|增幅|降幅|(?:变化)?幅度", "", q)
    q = re.sub(r"(?:比|较|与|和|同)(?:上年|去年|上一年|20\d{2}年?(?:预算(?:执行)?数?)?)(?:相比|比较|同期)?"
               r"(?:(?:多|少|高|低)(?:了|出)?(?:这么多|那么多|很多|不少|一些|点)?$)?", "", q)  # '比上年(多)'
    q = re.sub(r"20\d{2}年?(?:度)?", "", q)
    q = re.sub(r"(?:加|算|合|放|并)(?:在|到)?一(?:起|块儿?)|加起来|合起来|加总|之和", "", q)  # a sum's words
    q = re.sub(r"(?<=[\u4e00-\u9fff])[这那](?:一)?(?:块|部分|方面|块儿)", "", q)  # '医疗那块': the item, then a pointer
    q = re.sub(r"[?？!！。，,、:：;；\s]", "", q)
    if re.search(r"[\u4e00-\u9fff]", q):  # an English question's mapped terms: its English words frame them
        q = re.sub(r"[A-Za-z']+", "", q)
    for w in sorted(extra, key=len, reverse=True):
        q = q.replace(norm_key(w), "")
    for w in FRAME_WORDS:
        q = q.replace(w, "")
    return q


OFFICE_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:委员会|办公室|管理局|局|委|办|厅)")


def without_own_name(doc: BudgetDocument, text: str) -> str:
    "The text without the department's own name in short ('商务委' of 上海市普陀区商务委员会): it names no item"
    vocab = vocabulary(doc)
    for m in OFFICE_RE.finditer(text):
        name = m.group(0)
        for i in range(len(name) - 1):  # the shortest tail that abbreviates the department ('全年商务委' → '商务委')
            tail = name[i:]
            if len(tail) >= 3 and in_order(tail, doc.department) and not any(tail in w for w in vocab):
                text = text.replace(tail, " ", 1)
                break
    for place in re.findall(r"[\u4e00-\u9fff]{2,}?[省市区县]", doc.region or ""):  # '<本市>的<本局>': its own place too
        text = re.sub(re.escape(place[:-1]) + r"[省市区县]?的?", " ", text) if len(place) > 2 else text
    return text


def item_phrases(doc: BudgetDocument, u: Understanding, measure_words: tuple[str, ...] = ()) -> list[str]:
    """The items a question names: the document's wordings found in it; else the leftover wording(s).

    Compare / total / share questions may name several items ('A和B').
    """
    text = re.sub(QUALIFIER_RE, " ", without_table_names(doc, without_own_name(doc, u.text)))  # '机关和事业单位的X': X
    head, colon, listed = text.partition("：") if "：" in text else text.partition(":")
    if not colon and (m := re.match(r"^(.{1,12}?)(?:这块|这一块|这部分|这方面|方面)[，,]", text)):
        head, colon, listed = m.group(1), "，", text[m.end():]  # '某类这块，A、B、C合计': a heading, then the items
    if colon and len(mentions(doc, listed)) >= 2:
        text = listed  # '三项社保缴费：A、B、C加起来': the heading before the colon names no item of its own
    for w in measure_words:
        text = text.replace(w, " ")
    extra = tuple(name for name, _ in MEASURES) if u.has("share", "compare", "total", "ratio") and not measure_words else ()
    for name, rx in MEASURES if extra else ():  # '公用支出', '人员经费': a measure by any of its names
        text = re.sub(f"(?:{rx})(?:支出|经费)?", name, text, flags=re.I)
    found = mentions(doc, text, extra)
    core = strip_frame(text)
    if len(found) == 1 and found[0] in ITEM_ALIASES and core.startswith(norm_key(found[0])) and \
            len(core) > len(norm_key(found[0])) + 1 and (best := resolve(doc, core)) and best[0].score >= 0.9:
        found = [core]  # '公车的运行维护费': the everyday word and the words after it name one row
    if not u.has("share", "compare", "ratio", "rank"):  # 'X里Y占多少' names the whole and the part: keep both
        found = _children_named_with_parent(doc, found, text)
    several = u.has("compare", "total", "share", "ratio")
    listed = [p for p in text.split("、") if p.strip()] if u.has("total") else []  # 'A、B、C加起来': one piece each
    if (len(found) >= 2 and len(listed) <= len(found)) or not several:  # each listed piece named by a wording
        if found:
            return found
    if u.has("share") and "占" in text and len(found) < 2:
        named = []
        before, after = text.split("占", 1)
        for piece in (before, after):  # 'X占Y的比重': the part before 占, the whole after
            m = mentions(doc, piece, extra)
            rest = strip_frame(piece)
            if m:
                named.append(max(m, key=len))
            elif piece is after and names_whole_budget(re.sub(r"整个|整体|全部|全年|大概|大约|左右|差不多|全", "", rest)):
                named.append("总预算")  # '占全年预算的百分比': of the whole budget
            elif len(core := re.sub(r"^(?:光|单|仅|只)|这一?(?:项|块|笔)$", "", rest)) >= 2 and \
                    (best := resolve(doc, core)) and best[0].score >= 0.6:
                named.append(core)  # '光X这一项': X
        if len(named) == 2 or (named == ["总预算"] and REFERENCE_RE.search(before)):
            return named  # '它占整个预算多少': the whole named, the part referred back to
    if not found:  # after the share's two sides: 'X占全年预算的百分之多少' names X and the whole
        for rx, wording in TOTAL_WORDINGS:
            if re.search(rx, text):
                return [wording]
        anchored = re.sub(r"今年|全年|一年|本年|单位|部门|你们|他们|咱们|我们|人家", "", without_own_name(doc, text))
        if ALL_MONEY_RE.search(text) and anchored != without_own_name(doc, text) and \
                not re.search(r"[这那][两俩几些]|两个|两项|两者|它", text) and \
                len(strip_frame(ALL_MONEY_RE.sub("", anchored))) < 2:
            return [WHOLE_BUDGET]  # '今年<本局>一共有多少钱': nothing named but all the money
    if len(found) == 1 and SPLIT_RE.search(found[0]) and not u.has("compare", "ratio"):
        return found  # '对个人和家庭补助': the 和 is inside a name of the document, not between two items
    if u.has("compare", "total", "share", "ratio"):
        splitter = SPLIT_RE if not u.has("compare", "ratio") else COMPARE_SPLIT_RE
        pieces = [p for p in splitter.split(text) if p and p.strip()]
        if len(pieces) >= 2:
            named = []
            for piece in pieces:
                m = mentions(doc, piece, extra)
                if m:
                    named.append(max(m, key=len))
                else:
                    rest = strip_frame(piece)
                    if len(rest) >= 2 and (resolve(doc, rest) or any(norm_key(st.subject) == rest
                                                                      for st in statements(doc) if st.current)):
                        named.append(rest)  # a row, or a figure only the narrative states (机关运行经费)
            if len(named) >= 2:
                return named
    if found:
        return found
    rest = strip_frame(PURPOSE_RE.sub("", text.lower()) if PURPOSE_RE.search(text.lower()) else text)  # '…是给谁的'
    if rest in BUDGET_AS_WHOLE and measure_words and u.measure:
        return []  # '今年的项目支出预算': the column is the subject, 预算 only says it is budgeted
    if rest in BUDGET_AS_WHOLE:  # the budget as a whole, not a row named 预算…: '今年预算多少' asks its total;
        # '今年预算为什么比去年多' its change, which the change handler reads from the narrative
        return [WHOLE_BUDGET] if set(u.intents) <= {"total", "units"} else []
    best = resolve(doc, rest) if len(rest) >= 2 else []
    if best and best[0].score >= 0.75:
        return [rest]
    for i in range(1, min(4, len(rest) - 5)):  # '财政给<一个标签>': words before the label that name no part of it
        tail = resolve(doc, rest[i:])
        if tail and tail[0].score >= 0.75 and (not best or tail[0].item.label == best[0].item.label):
            return [rest[i:]]
    return []


def _children_named_with_parent(doc: BudgetDocument, found: list[str], text: str) -> list[str]:
    "'<款>的<项>': a wording followed by one of its children's names is that child, one item"
    q = norm_key(text)
    out: list[str] = []
    for w in found:
        if out and re.search(re.escape(norm_key(out[-1])) + r"(?:" + UNDER_RE.pattern.lstrip("^") + r")?" +
                             re.escape(norm_key(w)), q):
            path = f"{out[-1]}的{w}"
            best = resolve(doc, path)  # the child scores in full only when it sits under the wording before it
            if best and norm_key(best[0].item.label) == norm_key(w) and best[0].score >= 1.0:
                alone = resolve(doc, w)
                same = alone and (alone[0].item.label, alone[0].item.code) == (best[0].item.label, best[0].item.code)
                out[-1] = w if same else path  # the parent's name only where it tells the child apart
                continue
        out.append(w)
    return out


def table_short_name(title: str) -> str:
    "'支出总体情况表' → '支出总体'; '收支总表' → '收支总'"
    return norm_key(re.sub(r"(预算情况表|情况表|预算表|明细表|表)$", "", norm_key(title)))


def without_table_names(doc: BudgetDocument, text: str) -> str:
    "The text with any table name it contains removed (a table named is a hint, not an item)"
    q = norm_key(text)
    names = {table_short_name(n) for t in doc.tables for n in (t.title, *TITLE_ALIASES.get(t.kind, ()))}
    for n in longest_first(names):
        q = re.sub(re.escape(n) + r"(?:预算)?(?:情况)?表", " ", q)
    return q


def table_hint(doc: BudgetDocument, text: str) -> str | None:
    "A table the question points at by standard vocabulary (机关/事业 → economic classification, 项目 → projects)"
    q = norm_key(text)
    named = []
    for t in doc.tables:
        for name in (t.title, *TITLE_ALIASES.get(t.kind, ())):
            short = table_short_name(name)
            if norm_key(name) in q or (len(short) >= 4 and short in q):
                named.append((len(short), t.title))
    if named:
        return max(named)[1]
    said = re.search(r"([\u4e00-\u9fff]{4,16})表", q)  # '基本支出经济分类表': a table named in words of its own
    if said:
        words = bigrams(said.group(1)) - {"预算", "部门", "单位"}
        scored = sorted(((len(words & bigrams(norm_key(n))) / max(1, len(words)), t.title)
                         for t in doc.tables for n in (t.title, t.kind.value if t.kind else t.title)), reverse=True)
        if scored and scored[0][0] >= 0.75 and (len(scored) < 2 or scored[1][1] == scored[0][1] or scored[1][0] < scored[0][0]):
            return scored[0][1]
    low = text.lower()
    for rx, kind in TABLE_HINTS:
        if re.search(rx, low):
            t = doc.table(kind)
            if t is not None:
                return t.title
    return None


def glossary_terms(doc: BudgetDocument, text: str) -> list[str]:
    "The glossary's terms a text names, in the order it names them (a term inside a longer named one left out)"
    q = norm_key(text)

    def named(term: str) -> bool:  # '基本支出' names the entry 基本支出预算: its name without the generic 预算
        k = norm_key(term)
        return bool(k) and (k in q or (k.endswith("预算") and len(k) >= 6 and k[:-2] in q))

    found = [t for t in doc.glossary if named(t)]
    found = [t for t in found if not any(t != o and norm_key(t) in norm_key(o) for o in found)]
    return sorted(found, key=lambda t: q.find(norm_key(t).removesuffix("预算")))


def stated_subject(doc: BudgetDocument, items: list[str], text: str,
                   conv_items: list[str] | tuple[str, ...] = ()) -> Statement | None:
    "A figure the narrative states for a wording more specific than any table row (政府采购货物预算)"
    q = norm_key(text)
    if re.search(r"[\u4e00-\u9fff]", q):
        q = re.sub(r"[A-Za-z']+", "", q)  # an English question's mapped terms, without the English between them
    longest = max((len(norm_key(i)) for i in items), default=0)
    stated = [st for st in statements(doc) if st.current is not None and len(norm_key(st.subject)) >= 4]
    direct = [st for st in stated if _names_subject(q, st.subject) and len(norm_key(st.subject)) > longest
              and all(norm_key(i) in norm_key(st.subject) for i in items)]  # more specific than the items
    if direct:
        best = max(direct, key=lambda st: len(st.subject))
        inside = re.search(re.escape(norm_key(best.subject)) + r"(?:里面|里头|里|中|当中|之中)(.{2,})", q)
        if inside and (own := statement_within(doc, best.subject, inside.group(1))) is not None and own is not best:
            return own  # '政府采购预算里给中小企业预留了多少': the figure stated inside the one named
        return best
    if not items and (own := _distinctive_subject(doc, stated, q)) is not None:
        return own  # '进博会的钱' names 进博会推进专项 by a run of it no other wording of the document has
    place = items[0] if len(items) == 1 and len(norm_key(items[0])) <= 4 and not conv_items else None  # a short
    # wording, no row's own, asked afresh (a follow-up's short word leans on its topic below)
    if place and not any(m.score >= 0.9 and not m.item.is_total for m in resolve(doc, place)[:1]) and \
            (own := statement_within(doc, place, without_own_name(doc, q))) is not None and \
            norm_key(place) in norm_key(own.subject):
        return own  # '有没有工程类采购': a short wording of a place and a word of one of its stated parts
    if items and all(names_whole_budget(i) for i in items) and (own := _sentence_subject(stated, q)) is not None:
        return own  # '编报了绩效目标的项目一共涉及多少预算资金': the sentence that says it, not the whole budget
    inherited = bool(conv_items) and [norm_key(i) for i in items] == [norm_key(i) for i in conv_items]
    short = len(re.sub(r"[A-Za-z\s?!.,']", "", q)) <= 12  # an English follow-up's words are not counted
    vague = bool(items) and not inherited and not mentions(doc, items[0]) and \
        len(top_tier(resolve(doc, items[0]))) > 2  # '服务' names 20 rows; '一般公共服务' is a label's own wording
    if items and not inherited and any(norm_key(st.subject) == norm_key(items[0]) for st in stated):
        return None  # a subject the narrative states by that name is its own ('机关运行经费呢' after 三公)
    within = bool(items) and not inherited and len(norm_key(items[0])) <= 4 and \
        any(norm_key(items[0]) in norm_key(i) for i in conv_items)  # '服务类采购多少' after 政府采购预算: a word of it
    if not (conv_items and short and (REFERENCE_RE.search(q) or inherited or vague or within)):
        return None  # only a short follow-up looks inside the topic ('货物类呢' after '政府采购')
    own = [w for w in mentions(doc, text) if norm_key(w) not in {norm_key(i) for i in conv_items}]
    if own and not (vague or within):
        return None  # '购房补贴呢' names a row of its own: the table's figure, not a sentence about it
    return next((st for place in conv_items if (st := statement_within(doc, place, q) or statement_beside(doc, place, q))
                 is not None), None)


def statement_beside(doc: BudgetDocument, place: str, text: str) -> Statement | None:
    """The one amount stated in the sentence that names a place, asked after it ('编报绩效目标的项目11个，涉及项目预算资金
    6626万元' → '涉及多少钱'): the figure whose subject shares a word with the question, else the sentence's only one"""
    where = norm_key(place)
    if len(where) < 4 or any(m.score >= 0.9 for m in resolve(doc, place)[:1]):
        return None  # a table row is asked after by its own figures, not a sentence's
    beside = [st for st in statements(doc) if st.current is not None and where in norm_key(st.quote)
              and norm_key(st.subject) != where]
    if len({st.quote for st in beside}) != 1:
        return None
    asked = bigrams(norm_key(text)) - GENERIC_PAIRS
    named = [st for st in beside if any(p in norm_key(st.subject) for p in asked)]
    if len(named) == 1:
        return named[0]
    return beside[0] if len(beside) == 1 else None




FUNCTION_CHARS = r"[的是了吗呢吧么啊呀那这个些哪几多少一共都也还就]"
"""Characters of a question's grammar, not of what it names: pairs with them are not words to match."""


def _sentence_subject(stated: list[Statement], q: str) -> Statement | None:
    """The amount of the one sentence whose words cover the question's (four fifths of its pairs of characters beyond
    the generic ones, at least four): of its amounts, the one whose subject shares the most pairs with the question"""
    asked = {p for p in bigrams(q) if re.fullmatch(r"[\u4e00-\u9fff]{2}", p) and not re.search(FUNCTION_CHARS, p)} - \
        GENERIC_PAIRS
    if len(asked) < 4:
        return None
    covering = {st.quote for st in stated if 5 * len(asked & bigrams(norm_key(st.quote))) >= 4 * len(asked)}
    if len(covering) != 1:
        return None
    quote, = covering
    told = [(len(asked & bigrams(norm_key(st.subject))), st) for st in stated if st.quote == quote]
    best = max(n for n, _ in told)
    top = [st for n, st in told if n == best]
    return top[0] if best >= 2 and len(top) == 1 else None


def _distinctive_subject(doc: BudgetDocument, stated: list[Statement], q: str) -> Statement | None:
    """The one stated subject the question names by a run of at least three characters (and two fifths of the
    subject) that no other subject and no table wording contains"""
    vocab = vocabulary(doc)
    own = norm_key(f"{doc.title}{doc.kind_name}{doc.department}{WHOLE_BUDGET}") + "".join(BUDGET_AS_WHOLE)
    found = []
    for st in stated:
        key = norm_key(st.subject)
        n, run = common_run(q, key)
        generic = all(run[i: i + 2] in GENERIC_PAIRS for i in range(0, len(run) - 1, 2)) and len(run) % 2 == 0
        if n >= 3 and 5 * n >= 2 * len(key) and re.fullmatch(r"[\u4e00-\u9fff]+", run) and not generic and \
                not any(run in norm_key(o.subject) for o in stated if norm_key(o.subject) != key) and \
                not any(run in w for w in vocab) and run not in own:  # '单位预算' names the document
            found.append(st)
    return found[0] if len({norm_key(st.subject) for st in found}) == 1 else None


def statement_within(doc: BudgetDocument, place: str, text: str) -> Statement | None:
    """A figure the narrative states inside a place, named by a word of its own: '服务类' in 政府采购 → 政府采购服务预算
    (a subject sharing a run of four characters with the place, or stated in a section the place names; and a pair
    of characters with the rest of the text)"""
    where = norm_key(place)
    rest = norm_key(text).replace(where, " ")
    words = {rest[i: i + 2] for i in range(len(rest) - 1)} - GENERIC_PAIRS
    words = {w for w in words if re.fullmatch(r"[\u4e00-\u9fff]{2}", w) and w not in where}
    scored = []
    vocab = set(vocabulary(doc))
    for st in statements(doc):
        subject = norm_key(st.subject)
        inside = common_run(where, subject)[0] >= min(4, len(where)) or (
            where in norm_key(st.paragraph.section) and subject not in vocab)  # a table's wording: the table's
        if st.current is None or subject == where or len(where) < 2 or not inside:  # by its wording or its section
            continue
        hit = sum(w in subject for w in words)
        if hit:
            scored.append((hit, st))
    if not scored:
        return None
    best = max(h for h, _ in scored)
    top = [st for h, st in scored if h == best]
    return top[0] if len({t.subject for t in top}) == 1 else None


def parent_statement(doc: BudgetDocument, part: Statement) -> Statement | None:
    """The whole a stated sub-figure belongs to: the nearest figure stated before it in its paragraph, at least as
    large, whose subject (its 预算 aside) the sub-figure's contains ('政府采购预算…，其中：…政府采购服务预算…'), or
    that its sentence lists it under ('项目总预算1410.00万，其中…800.00万')"""
    before = None
    for st in statements(doc):
        if st is part:
            return before
        if st.paragraph is not part.paragraph or st.current is None or part.current is None:
            continue
        core = re.sub(r"预算$", "", norm_key(st.subject))
        at, of = _position(st), _position(part)
        listed = st.quote == part.quote and 0 <= at < st.quote.find("其中", at) < of  # 'X…，其中A…，B…'
        if st.current >= part.current and st.subject != part.subject and (
                len(core) >= 2 and core in norm_key(part.subject) or listed):
            before = st
    return None


def _position(st: Statement) -> int:
    "Where a statement's figure is in its sentence: its subject, or (a subject named after its section) its amount"
    at = st.quote.find(st.subject)
    if at < 0 and st.current is not None:
        at = next((i for i in (st.quote.find(f"{st.current}"), st.quote.find(f"{st.current:,}")) if i >= 0), -1)
    return at


def _names_subject(question: str, subject: str) -> bool:
    """Whether a question names a narrative subject: its wording, or its characters in order with at most two others
    between ('X里的<一类>' names 政府采购货物预算; the trailing 预算 may be left out). A wording that is only part of
    a measure's name ('支出预算' inside '基本支出预算') does not count."""
    key = norm_key(subject)
    at = question.find(key)
    if at >= 0:
        for name, _ in MEASURES:
            m = question.find(name)
            if m >= 0 and name != key and m < at + len(key) and at < m + len(name) and not key.startswith(name):
                return False
        return True
    core = re.sub(r"预算$", "", key)
    if len(core) >= 4 and core in question:
        return True  # '政府采购总共多少': the subject without its trailing 预算, word for word
    if len(core) < 5:
        return False
    pattern = ".{0,2}".join(map(re.escape, core))
    # 'X预算中<一类>': the place's own 预算 is no word between the subject's characters
    return any(re.search(pattern, q) is not None for q in (question, question.replace("预算", "")))


def base_label(label: str) -> str:
    return re.sub(r"\s*20\d{2}年比20\d{2}年的变化$", "", label)


def stated_for(doc: BudgetDocument, piece: str) -> Statement | None:
    "The narrative statement a piece of the question names: most of the piece's character pairs in its subject"
    key = bigrams(re.sub(r"^(?:有|含有|带有|带)|是多少|有多少|多少|的?(?:比例|比重|占比)|几成|百分之几|几个点|请问|的|了|是|[?？。，,]", "",
                         norm_key(piece)))
    if len(key) < 2:
        return None
    best, best_score = None, (0.0, 0.0)
    for st in statements(doc):
        if st.current is None:
            continue
        said = st.subject
        if re.match(r"涉及|其中|包括|共计", said):  # '…的项目11个，涉及项目预算资金6626万元': named by the clause before
            at = st.quote.find(said)
            said = re.split(r"[，,；;。]", st.quote[:at].rstrip("，,"))[-1] + said if at > 0 else said
        subject = bigrams(norm_key(said))
        common = len(key & subject)
        score = (common / len(key), common / max(1, len(subject)))
        if score[0] >= 0.65 and score > best_score:
            best, best_score = st, score
    return best
