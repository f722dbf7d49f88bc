"""Everyday words → the wording every 部门预算 uses (the national function and economic classifications, the
“三公” items). Plain data: no document's own rows, projects or units live here — those are matched from the loaded
document itself (its labels by distinctive character runs, bigrams and sound).

A key found inside the user's wording is replaced by each of its targets (every variant is scored).
"""

from __future__ import annotations

import re

ITEM_ALIASES: dict[str, tuple[str, ...]] = {
    "三公": ("三公经费",),
    "出国经费": ("因公出国(境)经费", "因公出国(境)费用"),
    "出国费用": ("因公出国(境)经费", "因公出国(境)费用"),
    "出国费": ("因公出国(境)经费", "因公出国(境)费用"),
    "出国": ("因公出国(境)",),
    "出境": ("因公出国(境)",),
    "公车": ("公务用车",),
    "公务车": ("公务用车",),
    "单位的车": ("公务用车",),
    "车辆": ("公务用车",),
    "用车": ("公务用车",),
    "买车": ("公务用车购置",),
    "买公车": ("公务用车购置",),
    "新公车": ("公务用车购置",),
    "新车": ("公务用车购置",),
    "养车": ("公务用车运行维护费", "公务用车运行费"),
    "购车": ("公务用车购置",),
    "购置公务用车": ("公务用车购置",),
    "购买公务用车": ("公务用车购置",),
    "买公务用车": ("公务用车购置",),
    "接待费": ("公务接待费",),
    "接待": ("公务接待费",),
    "招待费": ("公务接待费",),
    "招待": ("公务接待费",),
    "科技": ("科学技术",),
    "养老保险费": ("基本养老保险缴费",),  # 经济分类 30108, as people say it
    "医疗保险费": ("基本医疗保险缴费",),  # 30110
    "医保费": ("基本医疗保险缴费",),
    "请客吃饭": ("公务接待费",),
    "请客": ("公务接待费",),
    "吃请": ("公务接待费",),
    "公积金": ("住房公积金",),
    "社保经办": ("社会保险经办机构",),
    "社保中心": ("社会保险经办机构",),
    "社保": ("社会保险", "社会保障和就业"),  # the 类 208 by its stem (issue 12), or a 社会保险 row
    "工资": ("工资福利支出", "基本工资"),
    "医保": ("基本医疗保险", "医疗"),
    "就业补贴": ("就业补助",),
    "仲裁": ("劳动人事争议调解仲裁",),
    "劳动监察": ("劳动保障监察",),
    "采购": ("政府采购",),
    "运转经费": ("机关运行经费",),
    "办公经费": ("办公费", "办公经费"),
    "水电费": ("水费", "电费"),
    "差旅": ("差旅费",),
    "开会": ("会议费",),
    "出差": ("差旅费",),
    "培训": ("培训费",),
    "政府拨款": ("财政拨款",),
    "财政给的钱": ("财政拨款",),
    "总收入": ("收入总体", "收入总计"),
    "总支出": ("支出总体", "支出总计"),
    "支出预算": ("支出总体", "支出总计"),
    "全部支出": ("支出总体", "支出总计"),
    "所有支出": ("支出总体", "支出总计"),
    "总开支": ("支出总体", "支出总计"),
    "收入预算": ("收入总体", "收入总计"),
    "总预算": ("支出总体", "支出总计"),
    "部门预算": ("支出总体", "支出总计"),
    "预算总额": ("支出总体", "支出总计"),
    "养老保险补助": ("对机关事业单位基本养老保险基金的补助", "财政对企业职工基本养老保险基金的补助"),
    "企业养老": ("企业职工基本养老保险", "企业职工养老保险"),
}

VERB_OBJECT: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(?:买|购买|新买|添置|添购|购置)(.{2,})$"), r"\1购置"),  # '买办公设备' → the class 办公设备购置
)
"""Everyday verb–object wordings → the noun phrase the economic classification prints (its order reversed)."""

MEASURE_ALIASES: dict[str, tuple[str, ...]] = {
    "总额": ("合计",),
    "总数": ("合计",),
    "总共": ("合计",),
    "一共": ("合计",),
    "全部": ("合计",),
    "总计": ("合计",),
    "合计": ("合计",),
    "小计": ("合计",),
    "预算数": ("合计",),
    "预算": ("合计",),
    "金额": ("合计",),
    "多少钱": ("合计",),
    "人头费": ("人员支出",),
    "人员经费": ("人员支出",),
    "公用经费": ("日常公用支出",),
    "公用支出": ("日常公用支出",),
    "运转": ("基本支出",),
    "项目经费": ("项目支出",),
    "政府拨款": ("财政拨款",),
}

MEASURE_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"人员支出", "人员经费"}),
    frozenset({"日常公用支出", "公用经费", "公用支出"}),
)
"""Column names that mean the same in every 部门预算 (山东 prints 人员支出, 上海 prints 人员经费)."""

TOTAL_WORDS = frozenset({"合计", "总计", "小计", "预算数"})
"""Column leaves that mean 'the whole row'."""

RELATIVE_YEARS: dict[str, int] = {"上年": -1, "去年": -1, "上一年": -1, "前一年": -1, "今年": 0, "本年": 0,
                                  "当年": 0, "明年": 1, "前年": -2}

FILLER = ("请问", "是多少", "有多少", "多少钱", "多少", "一共", "总共", "花了", "花多少", "安排了", "安排", "一年", "每年",
          "是什么", "有哪些", "情况", "呢", "吗", "？", "?", "。", "的")
"""Question words removed from an item's wording before matching (the longest first)."""

TABLE_ALIASES: dict[str, tuple[str, ...]] = {
    "三公": ("一般公共预算三公经费支出情况表",),
    "采购": ("政府采购预算表",),
    "项目": ("项目支出预算情况表",),
    "经济分类": ("一般公共预算基本支出情况表", "基本支出预算情况表"),
    "功能分类": ("支出总体情况表", "一般公共预算支出情况表"),
    "收入": ("收入总体情况表",),
    "支出": ("支出总体情况表",),
}


COUNTERS: dict[str, tuple[str, ...]] = {
    "个": ("个", "家", "所"), "家": ("家", "个"), "人": ("人", "名", "位"), "名": ("名", "人", "位"),
    "次": ("次", "场", "回"), "场": ("场", "次"), "辆": ("辆", "部", "台"), "台": ("台", "套"), "套": ("套", "台"),
}
"""Measure words: a document's counter → the counters a question may ask it by ('多少家单位' asks a count in 个;
'多少台车' a count in 辆)."""
THING_WORDS: dict[str, str] = {"车": "辆", "设备": "台"}
"""Things a 部门预算's asset statement counts, by the word that names them and the counter they are counted in."""
BUYING_RE = re.compile(r"购置|购买|新购|新增|买")
"""Words of a statement (or a question) about what is to be bought rather than held."""
GENERIC_PAIRS = frozenset("多少 有多 是多 少钱 一年 今年 预算 资金 经费 项目 标准 数量 成本 比例 占比 比重 其中 那个 一类 安排 金额 "
                          "总共 一共 支出 费用 专项 项资 两笔 合起 起来".split())
"""Character pairs too common in questions and labels to tell one thing from another."""
