"""Small hand-built BudgetDocuments for the index tests (no parser, no tables)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from budget_qa.types import BudgetDocument, GlossaryEntry, ListItem, Paragraph, PerformanceTable, Section

THREE_PUBLIC = (
    "2024年通过一般公共预算财政拨款安排的“三公”经费预算共30.99万元，比上年增加7.80万元，增长33.64%。"
    "主要原因是根据上级及单位工作安排，今年公务出国活动增加，因此出国费用增加。"
)
RECEPTION = (
    "3. 公务接待费14.39万元，比上年减少0.80万元，下降5.27%，主要原因是根据2024年省考试计划，"
    "人事考试中心公务接待活动减少。"
)
PROCUREMENT = "2024年政府采购预算129.11万元，其中：政府采购货物预算15.21万元，政府采购服务预算113.90万元。"
INCREASE_REASON = "3. 收支预算增加的主要原因，2024年对企业职工基本养老保险和机关事业单位基本养老保险分担增多。"
RUNNING_COSTS = "2024年本部门机关运行经费安排119.5万元，较2023年预算减少1.52万元，下降1.26%。主要原因是：在职人数减少。"
SCOPE = "威海市人力资源和社会保障局部门预算包括：局机关预算、局属事业单位预算。"
GOAL = (
    "<p>为加强青年人才引进，为我市企业和省内外高校毕业生搭建有效合作沟通平台，吸引更多毕业生来威就业创业。"
    "2024年计划组织高校学子威海行活动不少于3场。</p>"
)
POLICY = "主要政策任务：对 2024 年符合领取条件的参保人全额提供基础养老金以及对参保人当年度的缴费按比例给予补贴。"


def make_doc(*, extra: str = "", paragraphs: list[Paragraph] | None = None) -> BudgetDocument:
    "A small 部门预算 with every chunk kind; ``extra`` changes its text (and so its hash)"
    paras = paragraphs or [
        Paragraph(SCOPE, 67, 67, "第一部分", "二、机构设置情况"),
        Paragraph(INCREASE_REASON, 619, 619, "第三部分", "一、预算收支增减变化情况说明"),
        Paragraph(THREE_PUBLIC, 623, 623, "第三部分", "二、“三公”经费支出情况"),
        Paragraph(RECEPTION, 631, 631, "第三部分", "二、“三公”经费支出情况"),
        Paragraph(RUNNING_COSTS, 635, 635, "第三部分", "三、机关运行经费情况"),
        Paragraph(PROCUREMENT + extra, 639, 639, "第三部分", "四、政府采购情况"),
        Paragraph("本表不应被索引。", 300, 300, "第二部分", "收支总体情况表"),
    ]
    glossary = {
        "基本支出": GlossaryEntry("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和日常公用支出。", 1267),
        "项目支出": GlossaryEntry("项目支出", "指在基本支出之外为完成特定任务和事业发展目标所发生的支出。", 1269),
        "上年结转": GlossaryEntry("上年结转", "指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。", 1265),
    }
    duties = [
        ListItem(3, "负责促进就业创业工作。拟订统筹城乡就业创业发展规划和政策。", 41, 41),
        ListItem(5, "组织实施劳动保障监察，协调劳动者维权工作，依法查处违法案件；", 45, 45),
    ]
    units = [ListItem(1, "威海市人力资源和社会保障局", 71, 71), ListItem(6, "威海市人事考试中心", 76, 76)]
    performance = [
        PerformanceTable("fund", "居民养老保险市级财政补助资金", "威海市人力资源和社会保障局", "", Decimal("8137"), None,
                         "为加快建立统筹城乡的社会养老保险制度，推进基本公共服务均等化。", POLICY, [], 687, 703),
        PerformanceTable("project", "高校学子威海行活动经费", "威海市人力资源和社会保障局", "威海市人力资源和社会保障局",
                         Decimal("30.00"), Decimal("30.00"), GOAL, "", [], 1069, 1083),
    ]
    sections = [
        Section("第一部分", "一、主要职责", 35),
        Section("第一部分", "二、机构设置情况", 65),
        Section("第三部分", "六、绩效目标情况说明", 649),
        Section("第三部分", "（二）部门主管专项资金的绩效目标表", 655),
        Section("第三部分", "(三) 部门预算项目绩效目标表", 720),
    ]
    body = "|".join(p.text for p in paras) + extra
    return BudgetDocument(
        department="威海市人力资源和社会保障局",
        year=2024,
        unit="万元",
        source="/nonexistent/small-hrss-2024.txt",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        title="2024年威海市人力资源和社会保障局部门预算",
        tables=[],
        paragraphs=paras,
        sections=sections,
        duties=duties,
        units=units,
        glossary=glossary,
        performance=performance,
        line_count=1280,
    )
