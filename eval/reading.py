"""How a reader reads an answer's text: the figures it states, with unit, direction, item and year.

The evaluators judge what a citizen reads, not what a figures list says. Each number of the text becomes a
``Stated`` token: its value as written (a real minus sign counts), the unit printed after it, the direction word that
governs it in its clause (增加/减少, 增长/下降 …), the text that names it (from the previous figure or the clause start),
and whether it sits inside shown arithmetic ("30.99 − 23.19 = 7.80") rather than in a sentence.

``expressions()`` finds the arithmetic of a text and ``holds()`` recomputes it with ``Decimal`` (a tiny
parser for + − × ÷ and parentheses; nothing is ever evaluated as code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation

from index.text import cn_number, in_order, norm_key

NUMBER_RE = re.compile(r"(?<![\d.])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
NOT_FIGURES_RE = re.compile(
    r"\[\d+(?:\s*[,，、]\s*\d+)*\]"                     # citation markers [1] [1,2]
    r"|第\s*\d+(?:\s*[-–~～]\s*\d+)?\s*[行页名项条]"       # source lines, pages, ranks: 第415行 第3页 第1名
    r"|(?:page|line)s?\s*\d+"                           # English source references
    r"|^\s*[-*•]?\s*\d{1,2}[.、)）](?!\d)",             # list enumerators at a line start
    re.M | re.I)
UNIT_RE = re.compile(r"\s*(%|个百分点|[万亿千]?元(?:/[^\s，。；,;、）)\]]{1,4})*|[万亿](?![\u4e00-\u9fff])|[万亿](?=[，,。；;、）)])|"
                     r"人次|个月|[个项家人辆次条倍年月天名]|yuan|percent)", re.I)
MONEY = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10_000), "亿元": Decimal(100_000_000), "yuan": Decimal(1)}
INCREASE = r"增加|增长|上升|提高|提升|增幅|多出|多了|(?<![最至])多(?=\s*[\d,.]|了)|increase[sd]?|grew|grow[sn]?|growth|rose|rise[sn]?|up by|higher|more than"
DECREASE = r"减少|下降|降低|压减|缩减|减幅|回落|少了|(?<![最至多])少(?=\s*[\d,.]|了)|decrease[sd]?|decline[sd]?|fell|fall[sn]?|dropp?e?d?|down by|reduced?|lower|less than"
DIRECTION_RE = re.compile(f"(?P<up>{INCREASE})|(?P<down>{DECREASE})", re.I)
CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n]")
SENTENCE_BREAK = re.compile(r"[。！？!?\n]")
QUOTED_RE = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』")
OPERATOR_RE = re.compile(r"^\s*(?:万元|亿元|元|%)?\s*[)）]?\s*[+\-−×÷*/=＝]\s*[(（]?\s*$")
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|year)", re.I)


def to_decimal(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None


def masked(text: str) -> str:
    "The text with citation markers, source lines and list enumerators blanked out (positions kept)"
    return NOT_FIGURES_RE.sub(lambda m: " " * len(m.group()), text or "")


@dataclass(frozen=True)
class Stated:
    "A number as the text states it"

    value: Decimal
    """As written: negative only with a minus sign."""
    unit: str
    start: int
    end: int
    direction: int
    """+1 an increase word governs it in its clause, −1 a decrease word, 0 none."""
    in_arithmetic: bool
    in_quote: bool
    """Inside quotation marks: the document's words, not the answer's claim."""
    near: str
    """The text that names it: from the previous number (or the clause start) up to it."""
    sentence: str
    """Its sentence up to it."""
    is_year: bool = False
    before_word: bool = False
    """Followed directly by a word that is not its unit ('50901 社会福利和救助', '4 处'): a code or a count, not an
    amount."""

    @property
    def sign(self) -> int:
        "The sign a reader takes: a minus sign, else the governing direction word (0: unsigned)"
        if self.value < 0:
            return -1
        return self.direction

    def in_unit(self, unit: str) -> Decimal | None:
        "The value in another money unit (5.35 亿元 → 53,500 万元); the value as stated when either unit is not money"
        if self.unit in MONEY and unit in MONEY:
            return self.value * MONEY[self.unit] / MONEY[unit]
        return self.value


def stated(text: str) -> list[Stated]:
    "Every number of a text, read as a reader reads it"
    text = text or ""
    plain = masked(text)
    matches = list(NUMBER_RE.finditer(plain))
    arithmetic = _in_arithmetic(plain, matches)
    quoted = [(q.start(), q.end()) for q in QUOTED_RE.finditer(plain)]
    out = []
    prev_end = 0
    for i, m in enumerate(matches):
        value = to_decimal(m.group())
        if value is None:
            continue
        um = UNIT_RE.match(plain, m.end())
        unit = um.group(1) if um else ""
        unit = {"percent": "%", "个百分点": "%", "万": "万元", "亿": "亿元"}.get(unit.lower(), unit)  # '1106.00万，'
        s = SENTENCE_BREAK.split(plain[: m.start()])[-1]
        clause = CLAUSE_BREAK.split(_bracketless(plain[: m.start()]))[-1]
        near = plain[max(prev_end, m.start() - len(clause)) : m.start()]
        directions = list(DIRECTION_RE.finditer(clause))
        direction = 0
        if directions:
            direction = 1 if directions[-1].group("up") else -1
        is_year = bool(YEAR_RE.match(plain, m.start())) and "." not in m.group()
        in_quote = any(a < m.start() < b for a, b in quoted)
        after = plain[(um.end() if um else m.end()) :].lstrip(" ")
        before_word = not unit and bool(re.match(r"[\u4e00-\u9fff]", after))
        out.append(Stated(value, "" if is_year else unit, m.start(), m.end(), direction, i in arithmetic, in_quote,
                          near, s, is_year, before_word))
        if not is_year:  # a year names the figure after it ('2024年预算 30.99'); it does not end its naming words
            prev_end = m.end() + (um.end() - m.end() if um else 0)
    return out


def _bracketless(text: str) -> str:
    "Commas inside brackets are not clause breaks: they are blanked (positions kept)"
    out, depth = [], 0
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        out.append(" " if depth and ch in "，,；;" else ch)
    return "".join(out)


def _in_arithmetic(text: str, matches: list[re.Match]) -> set[int]:
    "Indexes of the numbers joined to a neighbour by an operator (+ − × ÷ =)"
    out: set[int] = set()
    for i in range(len(matches) - 1):
        between = text[matches[i].end() : matches[i + 1].start()]
        if OPERATOR_RE.match(between):
            out |= {i, i + 1}
    return out


# ---------------------------------------------------------------------------------------------------- arithmetic

TOKEN_RE = re.compile(r"\s*(?:(?P<num>[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>万元|亿元|千元|元|%|倍)?"
                      r"|(?P<op>[+\-−×÷*/=＝])|(?P<lp>[(（])|(?P<rp>[)）]))")


@dataclass(frozen=True)
class Expression:
    "One chain of shown arithmetic: sides that must be equal ('a − b = c'), each a list of tokens"

    text: str
    sides: list[list[tuple[str, object]]]


def expressions(text: str) -> list[Expression]:
    "The arithmetic chains of a text that contain '=' (each a run of numbers, operators, parentheses and units)"
    plain = masked(text)
    out = []
    # NOTE: a line break ends a chain unless the next line goes on with a number; a list's '- ' bullet is no minus
    for chunk in re.split(r"\n(?![−\-]?\d)|[；;。，,：:（(](?![−\-\d])|(?<=[^\d\s+\-−×÷*/=＝(（)）%元倍])[)）]", plain):
        pos, tokens, start = 0, [], None
        while pos < len(chunk):
            m = TOKEN_RE.match(chunk, pos)
            if not m or m.end() == pos:
                out += _close_run(chunk, start, pos, tokens)
                tokens, start = [], None
                pos += 1
                continue
            if start is None:
                start = m.start()
            if m.group("num"):
                tokens.append(("num", (to_decimal(m.group("num")), m.group("unit") or "")))
            elif m.group("op"):
                tokens.append(("op", m.group("op").replace("＝", "=").replace("-", "−")))
            else:
                tokens.append(("paren", "(" if m.group("lp") else ")"))
            pos = m.end()
        out += _close_run(chunk, start, pos, tokens)
    return out


def _close_run(chunk: str, start, end: int, tokens: list) -> list[Expression]:
    "The chains of a run of tokens: cut where two operands touch ('5.35 亿元）（53,451.95 ÷ …'), parentheses balanced"
    out: list[Expression] = []
    if start is None:
        return out
    piece: list = []
    for t in tokens:
        if piece and _operand_end(piece[-1]) and _operand_start(t):
            out += _chain(chunk[start:end].strip(), piece)
            piece = []
        piece.append(t)
    out += _chain(chunk[start:end].strip(), piece)
    return out


def _operand_end(t) -> bool:
    return t[0] == "num" or t == ("paren", ")")


def _operand_start(t) -> bool:
    return t[0] == "num" or t == ("paren", "(")


def _matching(tokens: list) -> int:
    "Index of the bracket closing the one at 0"
    depth = 0
    for i, t in enumerate(tokens):
        depth += t == ("paren", "(")
        depth -= t == ("paren", ")")
        if depth == 0:
            return i
    return -1


def _chain(text: str, tokens: list) -> list[Expression]:
    depth, kept, opened = 0, [], []
    for t in tokens:
        if t == ("paren", "("):
            opened.append(len(kept))
            depth += 1
        elif t == ("paren", ")"):
            if not depth:
                break  # a closing bracket of the surrounding prose
            depth -= 1
            opened.pop()
        kept.append(t)
    if opened:  # an opening bracket of the prose ('8.60 万元（10.60 − 2.00 = 8.60'): the chain starts after it
        kept = [t for t in kept[opened[-1] + 1 :] if t[0] != "paren"] if depth else kept
    while len(kept) > 2 and kept[0] == ("paren", "(") and kept[-1] == ("paren", ")") and _matching(kept) == len(kept) - 1:
        kept = kept[1:-1]
    if not any(t == ("op", "=") for t in kept) or sum(k == "num" for k, _ in kept) < 2:
        return []
    sides, cur = [], []
    for t in kept:
        if t == ("op", "="):
            sides.append(cur)
            cur = []
        else:
            cur.append(t)
    sides.append(cur)
    if any(not any(k == "num" for k, _ in side) for side in sides):
        return []
    return [Expression(text, sides)]


class _Parser:
    "Recursive descent over one side: sum of products of (signed) factors; % means /100"

    def __init__(self, tokens: list):
        self.tokens, self.i = tokens, 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def expr(self) -> Decimal:
        v = self.term()
        while self.peek() in (("op", "+"), ("op", "−")):
            op = self.take()[1]
            v = v + self.term() if op == "+" else v - self.term()
        return v

    def term(self) -> Decimal:
        v = self.factor()
        while self.peek() in (("op", "×"), ("op", "*"), ("op", "÷"), ("op", "/")):
            op = self.take()[1]
            rhs = self.factor()
            v = v * rhs if op in "×*" else v / rhs
        return v

    def factor(self) -> Decimal:
        kind, val = self.take()
        if kind == "op" and val == "−":
            return -self.factor()
        if kind == "paren" and val == "(":
            v = self.expr()
            if self.take() != ("paren", ")"):
                raise ValueError("unbalanced parentheses")
            return v
        if kind == "num":
            number, unit = val
            return number / 100 if unit == "%" else number
        raise ValueError(f"unexpected {val!r}")


def side_value(side: list) -> Decimal:
    p = _Parser(side)
    v = p.expr()
    if p.i != len(side):
        raise ValueError("trailing tokens")
    return v


def _shown_precision(side: list) -> Decimal:
    "Half a unit of the last shown digit of a one-number side (7.80 → 0.005; 33.64% → 0.00005); 0 otherwise"
    nums = [v for k, v in side if k == "num"]
    if len(nums) != 1 or len(side) > 2:
        return Decimal(0)
    number, unit = nums[0]
    exp = number.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    half = Decimal(5).scaleb(-places - 1)
    return half / 100 if unit == "%" else half


def holds(e: Expression) -> tuple[bool, str]:
    "Whether every side of a chain has the same value, up to the rounding of the sides that show a rounded value"
    try:
        values = [side_value(s) for s in e.sides]
    except (ValueError, InvalidOperation, DivisionByZero, ZeroDivisionError) as err:
        return False, f"cannot read {e.text!r}: {err}"
    slack = sum((_shown_precision(s) for s in e.sides), Decimal(0)) + Decimal("0.000001")
    ref = values[0]
    for v in values[1:]:
        if abs(v - ref) > slack and not _rounds_equal(v, ref):
            return False, f"{e.text!r} does not hold: {_fmt(ref)} ≠ {_fmt(v)}"
    return True, ""


def _rounds_equal(a: Decimal, b: Decimal) -> bool:
    q = Decimal("0.01")
    return a.quantize(q, rounding=ROUND_HALF_UP) == b.quantize(q, rounding=ROUND_HALF_UP)


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


# ---------------------------------------------------------------------------------------------------- naming


LABEL_QUALIFIER_RE = re.compile(r"（([^（）]*)）")
"""A qualifier in a figure label is in full-width brackets; '(境)' in 因公出国(境)经费 is part of the name."""
GENERIC_WORDS = ("一般公共预算", "本年", "预算执行数", "执行数", "预算数", "预算", "合计", "小计", "总计", "支出总体", "变化额", "变化率", "的比重", "推算")
CHANGE_PHRASE = re.compile(r"(?:比上年|较上年|比去年|同比)?(?:增加|减少|增长|下降|增幅|降幅)(?:额|率|幅度|金额)?$")
"""A gold label's direction words ('比上年增加'); an answer's own change label ('X 2025年比2024年的变化') is not one."""


INCREASE_NAMES = ("增长", "增加", "increase", "growth", "rise", "grew", "went up")
DECREASE_NAMES = ("下降", "减少", "decrease", "fall", "fell", "drop", "went down")
"""The words that name a change by its direction alone, in either language."""


def change_item(label: str) -> list[str]:
    """The names a change's gold label has beside itself: the item it names before its direction ('收支预算比上年增加'
    → 收支预算), or, for a label that is only a direction or rate ('比上年增加', '增长率', '降幅'), the direction's
    words in Chinese and English; else none. The sign check reads the direction, so these name the figure (an English
    answer says 'an increase of' next to the item's name)."""
    said = (label or "").strip()
    item = CHANGE_PHRASE.sub("", said)
    if not item and said:  # '比上年增加', '降幅': that direction's words
        return list(DECREASE_NAMES if re.search(r"减少|下降|降", said) else INCREASE_NAMES)
    return [item] if item != said and len(norm_key(item)) >= 2 else []


SHARE_PHRASE = re.compile(r"(?:的)?(?:占[^占]*?)?(?:的)?(?:占比|比重|比例|份额)$")
SHARE_NAMES = ("占比", "比重", "比例", "share", "percent", "proportion")


def share_item(label: str) -> list[str]:
    """The names a share's gold label has beside itself: the item before its share words ('服务预算占比' → 服务预算),
    or, for a label that is only share words ('占比', '占支出总计比重'), the words any share is said with"""
    said = (label or "").strip()
    item = SHARE_PHRASE.sub("", said)
    if item == said or len(norm_key(item)) >= 2 and re.search(r"占[^占]{2,}", said):
        return []  # not a share's label, or one naming its whole as well ('X占W的比重'): read whole, as before
    return [item] if len(norm_key(item)) >= 2 else list(SHARE_NAMES)


SIDES_LABEL_RE = re.compile(r"^(.{2,24}?)(?:比|较)(.{2,24}?)(多出|多|少|高|低|大|小)(?:了|出)?(?:的)?(?:部分|金额|数额|差额)?$")
SIDE_LABEL_RE = re.compile(r"^(.{2,24}?)(多出|多|少|高出|高|低)(?:了)?$")
RATIO_LABEL_RE = re.compile(r"^(.{2,24}?)(?:为|是)(.{2,24}?)的(?:几|多少)?倍(?:数)?$")
MORE_WORDS = ("多", "高", "大")


def names_sides(sentence: str, label: str) -> bool | None:
    """A label that sets two named sides against each other ('A比B多', 'A为B的倍数'): whether the sentence up to the
    number sets the same sides in the same order and way ('P比Q多…', 'P是Q的'), a side named by the characters of the
    label's short name in order (区府办 in 区人民政府办公室); None for any other label"""
    key = norm_key(label or "")
    if (m := SIDES_LABEL_RE.match(key)) or (m := SIDE_LABEL_RE.match(key)):
        first, second, way = (m.group(1), m.group(2), m.group(3)) if m.re is SIDES_LABEL_RE else (m.group(1), "", m.group(2))
        more = way[0] in MORE_WORDS
        said = list(re.finditer(r"([^，,。；;：:]{2,60}?)比([^，,。；;]{2,60}?)(多|少|高|低|大|小)", norm_key(sentence)))
        if not said:
            return None  # no two sides set against each other: read as any other label
        return any(in_order(first, t.group(1)) and in_order(second, t.group(2)) and
                   not (second and in_order(second, t.group(1))) and (t.group(3) in MORE_WORDS) == more for t in said)
    if m := RATIO_LABEL_RE.match(key):
        t = re.search(r"([^，,。；;：:]{2,60}?)(?:是|为)([^，,。；;]{2,60}?)的$", norm_key(sentence))
        if not t:
            return None
        return in_order(m.group(1), t.group(1)) and in_order(m.group(2), t.group(2)) and \
            not in_order(m.group(2), t.group(1))
    return None


SUM_WORDS = re.compile(r"合计|总计|共计|一共|加起来|总共|in total|total|altogether", re.I)
DIFFERENCE_WORDS = re.compile(r"相差|差额|差距|差|多出|多|少|difference|gap|more|less", re.I)


def _core(text: str) -> str:
    "Generic words removed while at least 4 characters remain ('一般公共预算“三公”经费支出合计' → 三公经费支出)"
    core = norm_key(text)
    for w in GENERIC_WORDS:
        stripped = core.replace(w, "")
        left = len(re.sub(r"(?:19|20)\d{2}年度?", "", stripped))  # a year names no item
        if left >= 4 or (left >= 2 and len(core) < 4):
            core = stripped
    return core


def _label_core(part: str) -> str:
    "A label's name without its codes, its rank ('第1名 福利费 [30229]' → 福利费) and its bracketed qualifiers"
    return _core(LABEL_QUALIFIER_RE.sub("", re.sub(r"\[[\d\s]+\]|^\s*第\s*\d+\s*名\s*", "", part)))


OWNER_PREFIX_RE = re.compile(r"^[\u4e00-\u9fff]{2,20}?(?:局|委|委员会|办|办公室|厅|中心|政府)\s+(?=\S)")
"""A department's name before the item, set apart by a space (across departments: '区府办 三公经费')."""


def owner_item(label: str) -> list[str]:
    "A department's item named after its owner ('威海人社局 支出总计'): the item alone, which the answer names"
    m = OWNER_PREFIX_RE.match(label or "")
    return [label[m.end():]] if m and " + " not in label and " − " not in label else []


def owner_named(s: "Stated", label: str, text: str) -> bool:
    """Whether the stated number's line names the label's owner, by its short name's characters in order (区府办 in
    上海市普陀区人民政府办公室); a line naming no department is the answer's, whose first line names the one it is from"""
    m = OWNER_PREFIX_RE.match(label or "")
    if not m:
        return False
    owner = norm_key(label[: m.end()])
    line = norm_key(s.sentence.splitlines()[-1] if s.sentence else "")
    if not re.search(r"局|委|办公室|厅|政府", line):
        line = norm_key(text.splitlines()[0] if text else "")
    return in_order(owner, line)


ENGLISH_TERMS: dict[str, tuple[str, ...]] = {
    "reception": ("公务接待",), "hospitality": ("公务接待",), "abroad": ("因公出国",), "overseas": ("因公出国",),
    "vehicle": ("公务用车",), "car": ("公务用车",), "procurement": ("政府采购",), "three public": ("三公",),
    "basic expenditure": ("基本支出",), "basic spending": ("基本支出",), "project": ("项目",),
    "personnel": ("人员",), "housing": ("住房",), "pension": ("养老",), "medical": ("医疗",), "health": ("卫生健康",),
    "operating": ("机关运行", "公用"), "social security": ("社会保障",), "employment": ("就业",),
}
"""Budget terms an English label may name, in the documents' Chinese (the evaluator's own glossary)."""


def english_terms(label: str) -> list[str]:
    "The Chinese wordings of the budget terms an English label names ('reception fee change' → 公务接待)"
    low = (label or "").lower()
    return [w for en, zh in ENGLISH_TERMS.items() if re.search(rf"\b{en}", low) for w in zh]


YEARS_COMPARED_RE = re.compile(r"\s*(?:19|20)\d{2}\s*年?(?:比|较|对)(?:19|20)\d{2}\s*年?的?\s*")


def label_names(label: str) -> list[str]:
    """The names a reader may see for a figure label: for each addend of a sum label, its core without bracketed
    qualifiers, plus each qualifier that is a name of its own ('（金额合计）', '（机关）'), years and codes aside."""
    out: list[str] = []
    for part in (x for addend in re.split(r"\s[+−]\s", label or "") for x in _alternatives(addend)):
        core = _label_core(part)
        if len(core) >= 2:
            out.append(core)
        if (plain := _label_core(YEARS_COMPARED_RE.sub("", part))) != core and len(plain) >= 2:
            out.append(plain)  # 'X 2025年比2024年的增长率': X增长率, the years said elsewhere
        for q in (x for whole in LABEL_QUALIFIER_RE.findall(part) for x in re.split(r"[；;，,]", whole)):
            q = re.sub(r"(?:19|20)\d{2}年?度?|\d+|政府经济分类|[类款项]级", "", q)
            rest = re.sub("|".join(GENERIC_WORDS) + r"|年|度|[、/\s]", "", norm_key(q))
            if len(rest) >= 2 and not norm_key(q).endswith("表"):  # a name of its own, not a year, measure or table
                out.append(_core(q))
    return list(dict.fromkeys(out))


def _alternatives(part: str) -> list[str]:
    """'收入/支出总计': a label offering two names, the shorter sharing the longer's ending (收入总计, 支出总计); any
    other label is its own one name"""
    # NOTE: only 'A/B' + a total word, or the two sides' totals ('收入总计 / 支出总计'); '产出指标/数量指标/…' is a
    # path and 'X / 12', 'A / B' otherwise a division, neither is a choice
    sides = [x.strip() for x in re.split(r"\s/\s", part)]
    if len(sides) == 2 and "收入" in sides[0] and sides[0].replace("收入", "支出") == sides[1]:
        return sides
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,4})/([\u4e00-\u9fff]{2,4}(?:总计|合计|总额|预算))", part.strip())
    if not m:
        return [part]
    left, right = m.groups()
    return [left + right[len(left):] if len(left) < len(right) else left, right]


def qualifier_score(text: str, label: str) -> int:
    """How much of a label's own qualifiers (its economic class, its 实施单位) the text shows: a tie-breaker. A composite
    label (a sum, a difference, a share) counts its best part only, so it never outscores the figures it is made of."""
    t = norm_key(text)
    if not t:
        return 0
    best = 0
    for part in re.split(r"\s[+−÷]\s|占(?=.+的比重$)", label or ""):
        core = _label_core(part)
        rest = t.replace(core, " ") if core else t  # a qualifier inside the item's own name ('机关事业单位…') is no sign
        total = 0
        for n in label_names(part):
            run = _common_run(n, rest)
            if n != core and (run == len(n) and run >= 2 or run >= 4):
                total += run
        best = max(best, total)
    return best


def table_names(label: str) -> list[str]:
    "The tables a figure label names in its qualifiers ('公务接待费（一般公共预算基本支出情况表；…）')"
    return [norm_key(q) for whole in LABEL_QUALIFIER_RE.findall(label or "") for q in re.split(r"[；;，,]", whole)
            if norm_key(q).endswith("表")]


def table_score(text: str, label: str) -> int:
    "How well a stretch of text names the table of a label: the longest run shared with one of its table names"
    t = norm_key(text)
    return max((_common_run(n, t) for n in table_names(label)), default=0) if t else 0


def _name_in(t: str, name: str) -> bool:
    if name in t:
        return True
    run = 4
    return len(name) > run and any(name[i : i + run] in t for i in range(len(name) - run + 1))


def _common_run(a: str, b: str) -> int:
    "Length of the longest run of characters the two strings share"
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def naming_score(text: str, label: str) -> int:
    """How well a stretch of text names a label: the longest run it shares with one of the label's names (runs under
    2 characters, or partial runs under 4, count 0); sum and difference labels also take 合计 / 相差 words."""
    score = 0
    for read, named in _canon_pairs(text, label or ""):
        score = max(score, _naming_score(norm_key(read), named))
    return score


def _naming_score(t: str, label: str) -> int:
    if not t:
        return 0
    score = 0
    for n in label_names(label):
        for seen in (t, _generic_free(t)):  # a name's core drops 预算 ('二级单位'); so does the text it is read in
            run = _common_run(n, seen)
            if run == len(n) and run >= 2 or run >= 4:
                score = max(score, run)
    if (" + " in (label or "") and SUM_WORDS.search(t)) or (" − " in (label or "") and DIFFERENCE_WORDS.search(t)):
        score = max(score, 2)
    return score


def names(text: str, label: str) -> bool:
    "Whether a stretch of text names the item of a label (a name of it, or a run of 4+ characters of one)"
    t = norm_key(_total_words(text))
    if not t:
        return False
    counted = COUNTED_SUM_RE.fullmatch(norm_key(label or ""))
    said = re.search(r"([两二三四五六七八九十\d]+)(?:项|个|笔|家)", t)
    if (" + " in (label or "") or counted and (not said or _count(said.group(1)) == _count(counted.group(1)))) and \
            SUM_WORDS.search(t):
        return True  # 'A + B', '三项合计': a sum named by its sum word (and the same count, when the text says one)
    if " − " in (label or "") and DIFFERENCE_WORDS.search(t):
        return True
    return any(_name_in(seen, want) for read, named in _canon_pairs(text, label or "") for n in label_names(named)
               for want in _sides(norm_key(n)) for t in _sides(norm_key(read)) for seen in (t, _generic_free(t)))


def _count(numeral: str) -> str:
    "A count written in digits ('四' → '4', '十二' → '12'); digits as they are"
    n = cn_number(numeral)
    return str(n) if n is not None else numeral


def _sides(text: str) -> list[str]:
    "A total of both sides (收支总计) names the 收入总计 and the 支出总计, which a balanced budget makes one figure"
    if "收支总计" not in text:
        return [text]
    return [text, text.replace("收支总计", "收入总计"), text.replace("收支总计", "支出总计")]


COUNTED_SUM_RE = re.compile(r"([两二三四五六七八九十\d]+)(?:项|个|笔|家)(?:部门|单位|项目)?的?(?:之?和|合计|总计|加总|共计)")


def _canon_pairs(text: str, label: str) -> list[tuple[str, str]]:
    """The text and the label read the same way, each way a reader may read them: with a side's budget named alone
    taken as its total (收入预算 → 收入总计) and without (a label's '2025年支出预算' beside a text's '财政拨款支出预算')"""
    return list(dict.fromkeys([(_total_words(text), _total_words(label)),
                               (_total_words(text, budgets=False), _total_words(label, budgets=False))]))


def _total_words(text: str, budgets: bool = True) -> str:
    """A grand total named one way: 支出/收入 总合计 or 总体合计 are 总计, 收支总预算 or 收支预算总计 is 收支总计 (本年…合计
    is not: it leaves out 上年结转)
    (a 合计 alone may be any row's own total, and a
    column's bracketed qualifier names the column: '项目支出（支出总体合计）' is 项目支出); an average per month, day or
    person named one way: 月均 is 每月平均. Read before brackets are dropped."""
    text = re.sub(r"(基本支出|项目支出|人员支出|人员经费|日常公用支出|公用支出|公用经费)\s*[（(][^（）()]*[）)]", r"\1", text)
    text = re.sub(r"(?<!基本)(?<!项目)(?<!人员)(?<!公用)(支出|收入)(?:总体合计|总合计)", r"\1总计", text)
    text = re.sub(r"收支(?:总预算|预算总计|预算总额|总额)", "收支总计", text)  # the budget as a whole: both sides
    # a side's (or both sides') budget named alone, not as part of a longer name (基本支出预算, 基金收入预算)
    if budgets:
        text = re.sub(r"(?:(?<=^)|(?<=[\s，,：:（(])|(?<=\d年)|(?<=\d年度))(收入|支出|收支)预算(?!执行|表|总表|数|单位)",
                      r"\1总计", text)  # alone, or after this year's number: not '上年…', '二级单位…', '某项目的…'

    text = re.sub(r"平均(?:每一?个?|一个)(?:项目|项)|每一?个?(?:项目|项)平均|(?<!支出)项目平均|项均", "每项平均", text)
    return re.sub(r"平均每(月|天|日|人)|每(月|天|日|人)平均|([月日人])均",
                  lambda m: f"每{m.group(1) or m.group(2) or m.group(3)}平均", text)


def _generic_free(text: str) -> str:
    "The text without the generic words a label's core drops ('二级预算单位' → '二级单位')"
    return re.sub("|".join(GENERIC_WORDS), "", text)


def label_year(label: str, default: int | None) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", label or "")
    return int(m.group(1)) if m else default


def year_near(s: Stated, text: str) -> int | None:
    "The year a reader attaches to a number: the last year written in its clause before it"
    clause = CLAUSE_BREAK.split(_bracketless(masked(text)[: s.start]))[-1]
    years = YEAR_RE.findall(clause)
    return int(years[-1]) if years else None
