"""Understanding a question: intent, years, measure, unit, top-N, follow-up markers, scope.

Plain rules over the question text; the items a question names are found by the tools' resolver (plan.py).
Nothing here knows the seed document: vocabulary is the standard 部门预算 vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Intent = Literal[
    "value", "breakdown", "change", "share", "ratio", "rank", "count", "compare", "reason", "definition",
    "organisation", "duties", "performance", "units", "chart", "total", "greeting", "out_of_scope",
]

EN_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
EN_COUNT_RE = re.compile(r"\b(?:the )?(two|three|four|five|six|seven|eight|nine|ten|\d+) (?:largest|biggest|highest|"
                         r"smallest|lowest|most|least|top)\b")
"""'the three largest items': how many a ranking lists, in English."""
CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

INCREASE_WORDS = r"增加|增长|上升|提高|多了|涨|增多|上调|翻番|翻倍|变多"
DECREASE_WORDS = r"减少|下降|降低|少了|压减|压缩|削减|缩减|砍|下调|缩水|变少|减了|降了"
"""The words that state a direction of change (the change operation's and a claim's one vocabulary)."""
HOW_COME_CHANGED = (r"(?:咋|怎么)[^，。？?,]{0,15}?(?:(?:还|又|会|就|突然|一下子?)(?:" + INCREASE_WORDS + "|" + DECREASE_WORDS
                    + r"|翻)|(?:" + INCREASE_WORDS + "|" + DECREASE_WORDS + r"|翻)了|(?:比|较)(?:去年|上年|上一年)(?:多|少|高|低))")
"""'怎么还增加了', 'X咋比去年多': how come it changed — not '怎么压缩三公经费', which asks how to."""

COMPARISON_CLAIM = (r"比(?!上年|去年|上一年|前年|\d{4}年)[^，,。？?]{1,20}?(?P<dir>多|少|高|低|大|小)了?[，,]?\s*"
                    r"(?:对吧|吧|吗|嘛|是吧|是不是|对不对|没错)")
"""'A比B多，对吧': a claim of which of two figures is the larger (a comparison to make, and a claim to judge)."""

# (intent, patterns) — order matters only for the primary intent, which the visible query names; all matches are kept.
# A change comes before ratio and share: the executor answers '下降了百分之几' and '是上年的几倍' as a change.
INTENT_PATTERNS: list[tuple[Intent, str]] = [
    ("chart", r"画|图表|柱状图|饼图|chart|plot|draw|构成图"),
    ("reason", r"为什么|为何|为啥|咋回事|" + HOW_COME_CHANGED + r"|(?:" + INCREASE_WORDS + "|" + DECREASE_WORDS +
     r"|翻|%)[^。？?]{0,15}(?:什么情况|啥情况)|怎么(?:会)?(?:是|只有|才|没有?)(?=[\d零0一二三四五六七八九十几多少空]|安排)|怎么回事|怎么搞的|咋(?:会|就)?(?:多|少|涨|降)|原因|怎么会|从哪(?:里|儿)?(?:出|挪|调|来)|哪来的|资金来源|是因为[^，。？?]{1,20}(?:吧|吗|么)|why|reason"),
    ("definition", r"(?<!为)什么是|^(?!.*(?:原因|理由|为什么|用途|目的|作用|依据|金额|名称|名字|标准|内容|构成|组成|变化|变动|情况|结构|明细|来源|去向|科目|哪|最|多少|几))[^，,。；;]{2,24}?(?<!的)是什么[?？]?$|啥叫|什么叫|何为|何谓|是什么意思|什么意思|指什么|指的是|是啥|啥是|含义|定义|界定|解释一?下|解释解释|说人话|通俗(?:点|地|一点)?(?:讲|说|解释)|是哪[两三]|(?:包括|包含)哪些(?:钱|开支|费用|内容)|(?:包括|包含)哪些[?？]?$|(?:包括|包含)(?:什么|啥)|都(?:包括|包含)|是个(?:什么|啥)|是?(?:什么|啥)东西|啥玩意|什么钱|what (?:is|are|does) .*(?:mean|stand)|what (?:exactly )?counts as|what (?:exactly )?(?:is|are) (?:the )?['\x22“‘]|refer(?:s|red)? to|what exactly (?:is|are)|what (?:is|are) (?:included|covered) (?:in|by)|definition|meaning of|"
     r"^\s*what(?:'s| is| are) (?!the\b|this\b|that\b|it\b|its\b|our\b|your\b)[a-z][a-z\s'-]{2,40}\?*\s*$"),
    ("duties", r"职责|职能|负责(?:什么|啥)|管(?:什么|啥)|干什么的|归.{0,8}管|管不管|负不负责|归谁管|谁来管|是.{0,6}负责的吗|管哪些|负责哪(?:些|几)|"
               r"(?:局|委|办|部门)(?:负责|管)[^，。？?多少]{0,12}(?:吗|的吗)|是不是.{0,8}(?:局|委|办|部门)管|duties|responsibilit|\bwhat (?:does|do) (?:the |this |that )?(?:bureau|department|office|commission|agency) do\b|\b(?:main )?functions of (?:the |this )?(?:bureau|department|office|commission)\b"),
    ("organisation", r"预算单位|下属单位|(?<!是)属于.{0,8}(?:局|委|办|部门|单位)(?:的|吗)|隶属|什么机构|哪个机构|哪些机构|二级预算单位|二级单位|哪些单位|几个单位|(?:单位|部门)都?有谁|单位有(?:哪些|哪几|几个|几家|多少)|机构设置|所属单位|包括哪些单位|units? (?:of|in)|which units|subordinate"),
    ("performance", r"绩效(?!工资)|指标|目标|实施单位|谁来实施|谁负责|计划|打算|要(?!花|用|给|拨|钱)[\u4e00-\u9fff]{1,3}(?:多少|几)|performance|target|indicator|implement"),
    ("count", r"多少个(?!亿|百分点|点)|(?<!哪)几个(?!亿|百分点|点)|(?<!哪)几项|多少项|多少条|几辆|多少辆|几台|(?<!要)几家|多少家|几名|数量|how many(?! percentage)|number of|(?:是|有|共|一共|总共)\s*\d+\s*(?:个|项|家)(?=[\u4e00-\u9fff]{0,6}?(?:吧|吗|嘛|对吧|是不是|对不对|没错))"),
    ("rank", r"最大|最多|最高|最少|最小|最低|最贵|最便宜|最花钱|最烧钱|排名|排序|排个序|排一下|从大到小|从高到低|从多到少|从小到大|从低到高|从少到多|前\s*\d+|前[一二三四五六七八九十两]+|top\s*\d*|largest|biggest|smallest|highest|lowest|rank|\b(?:gets?|receives?|spends?|has|have|with)\s+the\s+(?:most|least)\b|\bthe\s+(?:most|least)\s+(?:money|funding|budget)\b"),
    ("change", INCREASE_WORDS + "|" + DECREASE_WORDS + r"|降幅|涨幅|增幅|增速|变化|变动|增减|多花|少花|比上年|比去年|同比|较上年|上一年|前一年|上年|去年|2\d{3}年.*(?:和|与|比|相比|对比).*2\d{3}年|(?:跟|和|与|同|较|比)\s*20\d\d\s*年?(?:预算)?(?:数)?(?:相比|比较|对比|比)|\b(?:change[sd]?|increase[sd]?|decrease[sd]?|grow|grew|grown|go(?:ne)? up|went up|go(?:ne)? down|went down|rise|rose|risen|fall|fell|fallen|dropped|cut|reduced?|reduction|slashed|compared? (?:with|to) (?:last|the previous) year|compared? (?:with|to) 20\d\d|last year|previous year|prior year|year[- ]on[- ]year|yoy|than (?:in )?20\d\d)\b"),
    ("ratio", r"几倍|多少倍|倍数|times (?:as|larger|bigger)"),
    ("share", r"占比|占.*(?:比例|比重|多少|百分|几成|一半|大半|[一二三四五六七八九]成|[三四]分之|%|几个点|多少个点)|比例|比重|百分之几|百分比|share|percentage|proportion|what percent"),
    ("compare", COMPARISON_CLAIM + r"|比较|对比|相比|减去|减掉|扣除|(?:多|高|大)还是.{1,10}(?:多|高|大)|(?:少|低|小)还是.{1,10}(?:少|低|小)|哪个多|哪个大|谁多|谁大|(?:哪个|谁|哪家|哪年|哪一年)(?:的)?(?:预算|钱)?更?(?:多|大|高|少|小|低)|差多少|差距|相差|多多少|少多少|多出|(?:多|少)(?:安排|花|给|拨|用|出)了?多少|compare|versus|\bvs\b|difference between|\bwhich\b[^?]{0,30}\b(?:more|less|bigger|larger|higher|greater|smaller|lower)\b|\b(?:bigger|larger|higher|greater|smaller|lower) than"),
    ("breakdown", r"构成|组成|明细|分项|包括哪些|由哪些|有哪些|分别是|各项|各类|细分|哪[几两三四五六七八九十]+(?:项|块|部分|类|个方面|种)|"
                  r"来自哪|从哪(?:里|儿)?来的|来源(?:是|有|都)|分(?:成|为)哪|(?<!部)分哪几|(?:怎么|如何|怎样)(?:分|分配|安排的|拆)|分配(?:情况|给)|拆分|拆成|投向|(?:花|用)在?哪些(?:方面|地方)|(?:花|用)在?哪(?:了|儿|里)|(?:钱)?都?去哪(?:了|儿)|每(?:一)?(?:块|项|部分)|breakdown|break(?:s)? down|composed|consist|made up of|made of|composition|split (?:into|by)|\bsplit\b|components"),
    ("total", r"合计|一共|总共|总额|共计|总计|相加|(?:算|加|合|放|并)(?:在|到)?一(?:起|块儿?|堆)|共(?:花|需|要|安排|支出|用)|合共|总和|加总|汇总|(?<![一总])共(?:是|有)?多少|算在一起|放在一起|算到一起|加起来|(?<![增追参附叠外新更])加上?(?![班挂快强大入工倍])(?=[\u4e00-\u9fff（(“])|加一起|加在一起|加一块|加到一起|合在一起|之和|合起来|total|sum|altogether|in all|combined|together|add(?:s|ed)? up|plus"),
    ("units", r"折合|换算|换成|转成|折成|等于多少(?:亿|元)|多少亿|多少元|是多少钱|用(?:元|万元|亿元)(?:表示|说|算|来说)|in yuan|in 亿|convert"),
    ("greeting", r"^(你好|您好|hi|hello|谢谢|多谢|thanks|thank you)[!！。.\s]*$"),
]

OUT_OF_SCOPE = [
    (r"天气|气温|下雨|weather", "天气"),
    (r"写.{0,4}诗|作诗|诗歌|poem|唱.{0,2}歌|讲.{0,2}笑话|joke", "创作"),
    (r"股票|基金收益|理财|投资建议|贷款利率|该不该|应不应该|建议我|should i|invest", "个人建议"),
    (r"绕过|逃避|规避|偷逃|怎么不交|不受限制", "规避缴费或越权请求"),
    (r"(?:局长|处长|科长|主任|书记|某人|员工|职工)[^，。？?]{0,6}(?:工资|薪水|薪酬|收入|月薪|年薪|年终奖|奖金)|"
     r"(?:我|(?<!其)他|她|个人)(?:们)?的?(?:工资|薪水|薪酬|收入|月薪|年薪|年终奖|奖金)|(?:我|他|她)(?:一个月|一年|每月)?(?:能)?(?:拿|挣|赚)|"
     r"salary of|how much does .* earn", "个人收入"),
    (r"彩票|足球|比赛结果|电影|菜谱|recipe|movie|football", "与预算无关"),
]

REFERENCE_WORDS = ("这里面", "这里头", "这里", "里面", "其中", "它们", "它的", "它", "该项的", "该项", "这项的", "这项", "此项",
                   "这笔钱", "这笔", "这个的", "这个", "这些", "那笔", "那个", "那么", "那", "上述", "该")
"""Words that refer back to what the conversation was about ('它的基本支出', '这里头公用经费', '那项目支出呢'), longest
first: the one list the parser, the splitter and the follow-up markers read."""
ENGLISH_REFERENCE = r"\b(?:it|its|of it|of that|of this)\b"
REFERENCE_RE = re.compile("|".join(REFERENCE_WORDS) + r"|呢|^其(?!他)|" + ENGLISH_REFERENCE)
"""A back-reference anywhere in a question."""
POINTING_RE = re.compile(r"那个|这个|那项|这项|那笔|这笔|此项|该项|上述|它们|它|\b(?:it|that one|this one)\b", re.I)
"""Words that point at one thing said before; opening a conversation they point at nothing."""
FOLLOWUP_MARKERS = (ENGLISH_REFERENCE + r"|^(" + "|".join(REFERENCE_WORDS) + r"|同样|then|and|what about|how about)"
                    r"|呢[？?]?$|去年|上年|占多少|占比多少|怎么算|^为什么[？?]?$|原因呢|^谁|^(?:这|此)?占|又(?:是|有|花|占|为)"
                    r"|^(?:那|再)?(?:换成|换算成|折合成?|转成|折成|用(?:元|万元|亿元))")

AVERAGE_RE = re.compile(r"(?P<month>平均(?:到|下来|算下来)?(?:每|一)(?:个)?月|每(?:个)?月平均|月均|一个月平均|每个月|一个月(?=合|摊|能|大概|约)|平摊到每个?月|"
                        r"按月(?:发|算|分|平均|摊)|每月(?=是|有|能|发|大概|约|多少|平均)|"
                        r"分摊到每个?月|per month|monthly|a month)|"
                        r"(?P<item>平均(?:下来|到|算下来)?每(?:个|一)?(?:项目|项|个)|每(?:个)?项目平均|平均一个项目|平摊到每个?项目|"
                        r"平均一个(?=(?:是)?多少|能有|有多少)|"
                        r"per project|per item)|"
                        r"(?P<quarter>每(?:个|一)?季度?|季均|一个季度|按季度?平均|per quarter|quarterly|each quarter)|"
                        r"(?P<week>每(?:个|一)?(?:周|星期|礼拜)|周均|一(?:周|星期)|per week|weekly|each week)|"
                        r"(?P<day>每(?:一)?(?:天|日)|日均|一天|平均(?:每)?天|per day|daily|each day)|"
                        r"(?P<person>人均|平均每(?:个|一)?人|每(?:个|一)?人平均|平摊到每个?人|per person|per capita|each person)")
"""An average asked: over the months (quarters, weeks, days) of the year, or over the items counted."""
PERIODS = {"month": (12, "月", "per month"), "quarter": (4, "季度", "per quarter"), "week": (52, "周", "per week"),
           "day": (0, "天", "per day")}
"""Each period an average may be over: how many a budget year holds (days: the year's own, or as many as the question
says), its word and its English."""
PURPOSE_RE = re.compile(r"干什么|干啥|干嘛|干吗|做什么|干(?:些|点)(?:什么|啥)|做(?:些|点)(?:什么|啥)|发(?:什么|给谁|给哪些)|补(?:贴)?什么|用途|用于(?:什么|哪)|用来|拿来|(?:花|用|投|投入|使用)(?:在|到|于)(?:了)?(?:哪|什么|啥)|安排(?:在|到|于)(?:了)?(?:哪些|什么|啥)(?:事情?|方面|地方|用途)|(?:主要)?(?:开支|支出|花|负担)(?:些|的是)?(?:什么|啥|哪些)(?:钱|费用|开支)?[?？]?$|派什么用|作什么用|做什么用|有什么用|给(?:谁|哪些人|什么人)(?:用|花|的)|支付(?:哪些|什么|啥)|解决(?:什么|啥|哪些)问题|(?:目的|作用)是(?:什么|啥)|(?:达到|实现|起到)(?:什么|啥|哪些)(?:目的|效果|目标|作用)|起(?:什么|啥)作用|是管(?:什么|啥)的|管啥的|按(?:什么|啥|哪些)(?:比例|规定)?(?:交|缴|计)的|what\b.*\bfor\s*[?.]?$|used for|purpose")
"""A question about what money or a thing is used for."""

MEANING_RE = re.compile(r"^[，,]?(?:说的)?是(?:什么|啥)(?:东西)?[？?]?$|(?<!我)理解(?!得|的对|正确|没错|对)|区别|区分|不同|不一样|哪几|含义|意思|指(?:的)?(?:是|哪|啥|什么)|说的是(?:什么|啥)|\bmean|stand for|explain|defin")
"""Words that ask what a term means or covers, whatever the sentence around them."""
AMOUNT_ASKED_RE = re.compile(r"多少|几(?!种|类|样|项|方面)|金额|钱|数额|how much|how many|amount")
"""Words that ask for an amount (a question about what a term means asks none)."""

EITHER_RE = re.compile(r"还是|或者|或是|\bor\b")
"""'A还是B': the question offers alternatives; each is answered."""

UNIT_PATTERNS = [(r"亿元|多少个?亿|几个?亿|in 亿|hundred million|100 million|100m\b|billion", "亿元"), (r"(?<![万亿])元(?!/)|多少块|in yuan|\byuan\b", "元"),
                 (r"多少万(?!亿)|(?:换成|换算成|折合成?|转成|折成|用|按|以)万元?|in 万元|ten thousand yuan|10,?000 yuan|10k yuan", "万元")]
MEASURES = [
    ("人员支出", r"人员支出|人员经费|人头费|人员(?=那块|这块|部分|的钱)|personnel"),
    ("日常公用支出", r"日常公用|公用经费|公用支出|办公经费|公用(?=那块|这块|部分|的钱)|running cost|operating"),
    ("基本支出", r"基本支出|基本经费|basic expenditure"),
    ("项目支出", r"项目支出|项目经费|project expenditure"),
]


@dataclass
class Understanding:
    question: str
    text: str
    """The question normalised (NFKC, spaces collapsed)."""
    language: Literal["zh", "en"]
    intents: list[Intent]
    years: list[int] = field(default_factory=list)
    measure: str | None = None
    unit: str | None = None
    top_n: int | None = None
    ascending: bool = False
    followup: bool = False
    inherited: bool = False
    """The intent came from the previous turn ('公务接待费呢？' after a sum)."""
    measure_inherited: bool = False
    """The measure came from the previous turn ('事业运行呢？' after 行政运行's 基本支出)."""
    out_of_scope: str | None = None
    measures: list[str] = field(default_factory=list)
    """Every column the question names ('算基本支出还是项目支出': both)."""
    later: bool = False
    """A later part of a question with several ('X总共多少？基本支出、项目支出分别是多少': the columns of X)."""
    enumerated: bool = False
    """One of the parts an enumeration asks in parallel ('基本支出、项目支出分别是多少')."""
    shown: list = field(default_factory=list)
    """Figures of the previous answer the question refers to ('这两个一共多少' after a ranking), with their citations."""
    readings: bool = False
    """The items are the rows a described item may be (each answered, labelled as a reading)."""

    @property
    def primary(self) -> Intent:
        return self.intents[0] if self.intents else "value"

    def has(self, *intents: Intent) -> bool:
        return any(i in self.intents for i in intents)


def normalise(question: str) -> str:
    text = unicodedata.normalize("NFKC", question or "")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    return re.sub(r"\s+", " ", text).strip()


def language_of(text: str) -> Literal["zh", "en"]:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "en" if latin > 3 * max(cjk, 1) else "zh"


def understand(question: str) -> Understanding:
    "The intent and parameters of a question (no items: those come from the resolver)"
    text = normalise(question)
    low = text.lower()
    intents: list[Intent] = [name for name, rx in INTENT_PATTERNS if re.search(rx, low)]
    if "reason" in intents and "change" not in intents:
        intents.append("change")
    if "share" in intents and "占" not in low and re.search(r"(?:和|与|跟|同)[^，,。？?]{1,12}?(?:之间)?的?比例", low):
        intents[intents.index("share")] = "ratio"  # 'A和B的比例': the one against the other, not a part of a whole
    if "rank" in intents and "definition" in intents and re.search(r"(?:最|第)[^，,。？?]{0,8}(?:是啥|是什么)", low):
        intents.remove("definition")  # '最大的一块是啥': which one, not what a term means
    if "share" in intents and "performance" in intents and "占" in low:
        intents.remove("share")  # '有绩效目标的项目资金占…多少': a share, of a figure the performance words name
        intents.insert(0, "share")
    if "definition" in intents and re.search(r"\b(?:budget|allocation|funding|amount)\b|\bhow much\b|\bin yuan\b|"
                                              r"\bexpressed in\b", low) and \
            not re.search(r"\bmean|\bstand for|\bdefin|\brefer|\bcounts? as|\binclud|\bcover", low):
        intents.remove("definition")  # 'what is the “三公” budget in yuan': an amount asked, not what a term means
    u = Understanding(question=question, text=text, language=language_of(text), intents=intents)
    u.years = sorted({int(y) for y in re.findall(r"(20\d{2})\s*(?:年|\b)", text)})
    for rx, unit_name in UNIT_PATTERNS:
        if re.search(rx, low):
            u.unit = unit_name
            break
    u.measures = [name for name, rx in MEASURES if re.search(rx, low)]
    u.measure = u.measures[0] if u.measures else None
    m = re.search(r"(?:前|top\s*)(\d+|[一二三四五六七八九十两])", low) or EN_COUNT_RE.search(low) or (
        re.search(r"(\d+|[二三四五六七八九十两])\s*(?:个|项|名|大)", low) if any(i == "rank" for i in intents) else None)
    if m:
        g = m.group(1)
        u.top_n = int(g) if g.isdigit() else CN_NUM.get(g) or EN_NUM.get(g)
    u.ascending = bool(re.search(r"最少|最小|最低|最便宜|从小到大|从低到高|从少到多|smallest|lowest|least", low))
    u.followup = bool(re.search(FOLLOWUP_MARKERS, low.strip()))
    for rx, why in OUT_OF_SCOPE:
        if re.search(rx, low):
            u.out_of_scope = why
            break
    return u
