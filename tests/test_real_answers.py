"""Answers on the real Shanghai 区级 PDFs by kind of question (issue 12): table columns in 元, the “三公”/机关运行经费
table in 万元, per-project explanations, narrative changes — each figure exact and cited with its page."""

from __future__ import annotations

from _pdf_docs import ask, figure_valued as _figure  # noqa: F401 - ask is a fixture


def test_a_column_under_基本支出_of_table_1_is_read_in_yuan_with_its_page(ask):
    # putuo-gov-office-2025-unit.pdf page 8: 二、社会保障和就业支出 人员经费 3,948,399.28 (表内单位元)
    a, = ask("putuo-gov-office-2025-unit", "社会保障和就业支出中人员经费多少？")
    f = _figure(a, "3948399.28")
    assert f is not None and f.unit == "元", a.text
    cite = a.citations[f.citations[0] - 1]
    assert cite.page == 8 and cite.column.endswith("人员经费") and cite.row_label == "社会保障和就业支出"


def test_公用经费_share_of_基本支出_divides_the_column_by_its_whole(ask):
    # page 19: 合计 公用经费 2,132,777.54 / 合计 24,606,775.35 = 8.67%
    a, = ask("putuo-gov-office-2025-unit", "公用经费占基本支出的比重是多少？")
    assert "8.67%" in a.text and "2,132,777.54 ÷ 24,606,775.35" in a.text, a.text


def test_the_三公_table_columns_are_items_in_万元(ask):
    # page 20: 合计 867.50, 公务接待费 28.50, 机关运行经费预算数 213.28 (单位:万元); 公务用车 cells blank
    a, b = ask("putuo-gov-office-2025-unit", "公务接待费预算是多少？", "占三公经费合计的比例呢？")
    assert _figure(a, "28.50") is not None and _figure(a, "28.50").unit == "万元", a.text
    assert a.citations[0].page == 20 and a.citations[0].column.endswith("公务接待费")
    assert "3.29%" in b.text and "28.50 ÷ 867.50" in b.text, b.text
    c, = ask("putuo-gov-office-2025-unit", "机关运行经费是多少")
    assert _figure(c, "213.28") is not None, c.text
    d, = ask("putuo-gov-office-2025-unit", "公务用车运行费多少")
    assert d.citations[0].column.endswith("运行费") and "没有安排" in d.text, d.text


def test_an_empty_table_does_not_make_a_column_total_ambiguous(ask):
    # putuo-gov-office-2025.pdf: 项目支出 66,410,000.00 / 91,016,775.35 = 72.96% (tables 6 and 7 are 空表)
    a, = ask("putuo-gov-office-2025", "项目支出占总支出的比例")
    assert a.status == "answered" and "72.96%" in a.text, a.text


def test_a_change_stated_as_持平_is_quoted_as_the_document_says_it(ask):
    # page 21: （一）因公出国（境）费839万元，与2024年预算持平 — no amount of change is written
    a, = ask("putuo-gov-office-2025-unit", "因公出国（境）费跟上年比有变化吗？")
    assert "持平" in a.text and "持平0.00" not in a.text, a.text
    assert all(c.page == 21 for c in a.citations if c.kind == "narrative")


def test_a_project_explanation_answers_its_budget_and_follow_ups(ask):
    # putuo-commerce-2025.pdf page 25: 商业创新专项 六、年度预算安排 "2025年度项目总预算1410.00万"; 二、立项依据 three documents
    a, b = ask("putuo-commerce-2025", "商业创新专项的年度预算是多少？", "它的立项依据是什么？")
    f = _figure(a, "1410.00")
    assert f is not None and f.unit == "万元", a.text
    assert a.citations[0].page == 25 and "商业创新专项(政策资金)经费情况说明" in a.citations[0].section
    assert b.status == "answered" and "国际消费中心城市" in b.text and "立项依据" in b.citations[0].section, b.text
    c, = ask("putuo-commerce-2025", "科技创新专项的实施周期是多久？")
    assert "2025.1.1-2025.12.31" in c.text and c.citations[0].page == 23, c.text


def test_internal_bodies_are_counted_listed_and_quoted_from_机构设置(ask):
    # putuo-gov-office-2025-unit.pdf page 4: "设10个内设机构，包括：" then （一）秘书科（联络科）… （十）区域合作科
    a, b = ask("putuo-gov-office-2025-unit", "有几个内设机构", "法律事务科负责哪些工作？")
    f = _figure(a, "10")
    assert f is not None and f.unit == "个" and "区域合作科" in a.text, a.text
    assert a.citations[0].section == "上海市普陀区人民政府办公室机构设置" and a.citations[0].page == 4
    assert "合法性审核" in b.text and b.citations[0].quote.startswith("（七）法律事务科"), b.text
    # putuo-commerce-2025.pdf page 5: "机关设9个内设机构，包括：办公室、…、贸易发展科"
    c, = ask("putuo-commerce-2025", "商务委有几个内设机构")
    assert _figure(c, "9") is not None and "贸易发展科" in c.text and c.citations[0].page == 5, c.text


def test_a_share_of_a_row_named_in_full_is_of_that_row_not_a_narrative_line_under_it(ask):
    # putuo-gov-office-2025-unit.pdf 支出预算总表: 行政运行 12,029,501.84 of 一般公共服务支出 [201] 82,096,797.42 元
    a, = ask("putuo-gov-office-2025-unit", "行政运行占一般公共服务支出的百分之几")
    assert "12,029,501.84 ÷ 82,096,797.42 = 14.65%" in a.text, a.text
