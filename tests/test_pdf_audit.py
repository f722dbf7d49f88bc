"""`budget-qa check` on the real PDFs (issue 12): the template's identities, exact in each table's unit."""

from __future__ import annotations

import copy
import dataclasses
import json
from decimal import Decimal

import pytest

from budget_qa.types import TableKind
from index import audit

from _pdf_docs import NAMES, REAL, pdf_doc  # noqa: F401 (fixture)

D = Decimal


@pytest.mark.parametrize("name", [n for n in NAMES if "gov-office" in n])
def test_gov_office_documents_reconcile_on_every_identity(pdf_doc, name):
    report = audit(pdf_doc(name))
    assert report.checks > 250, "the identities must actually be evaluated"
    assert report.findings == [], [f.as_dict() for f in report.findings]


@pytest.mark.parametrize("name", [n for n in NAMES if "commerce" in n])
def test_commerce_documents_state_two_different_changes_for_income_and_expenditure(pdf_doc, name):
    # 编制说明 (page 7): 财政拨款收入 "比2024年预算执行数增加24,558.18万元", 财政拨款支出预算 "比2024年预算增加24,491.71万元";
    # income and expenditure balance in both years, so the two changes must be equal.
    report = audit(pdf_doc(name))
    assert report.checks > 300
    assert [(f.rule, f.expected, f.found, f.unit) for f in report.findings] == [
        ("说明内部一致", D("24558.18"), D("24491.71"), "万元")]
    assert all("第7页" in loc for loc in report.findings[0].locations)


def _with_cell(doc, kind, code, column, value, side=""):
    doc = copy.deepcopy(doc)
    t = doc.table(kind, side)
    idx = t.frame.index[t.frame["code"] == code][0]
    t.frame.at[idx, column] = value
    return doc


def _with_text(doc, old, new):
    doc = copy.deepcopy(doc)
    hits = [i for i, p in enumerate(doc.paragraphs) if old in p.text]
    assert hits, f"{old!r} must be in the narrative"
    for i in hits:
        doc.paragraphs[i] = dataclasses.replace(doc.paragraphs[i], text=doc.paragraphs[i].text.replace(old, new))
    return doc


def test_an_altered_cell_is_found_in_its_table_unit_with_its_page(pdf_doc):
    doc = _with_cell(pdf_doc("putuo-gov-office-2025"), TableKind.expenditure_summary, "2010301", "基本支出",
                     D("11919501.85"))
    findings = audit(doc).findings
    rules = {f.rule for f in findings}
    assert {"上级=下级之和", "合计列=各列之和"} <= rules, [f.as_dict() for f in findings]
    row_sum = next(f for f in findings if f.rule == "合计列=各列之和")
    assert (row_sum.expected, row_sum.found, row_sum.unit) == (D("12029501.85"), D("12029501.84"), "元")
    assert any("第11页" in loc and "11,919,501.85" in loc for loc in row_sum.locations)


def test_a_per_code_line_of_the_explanation_is_checked_against_the_function_table(pdf_doc):
    # page 6: "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元" ↔ 12,029,501.84 元
    doc = _with_text(pdf_doc("putuo-gov-office-2025"), "科目1,202.95万元", "科目1,203.95万元")
    f = next(f for f in audit(doc).findings if f.rule == "说明与表一致")
    assert (f.expected, f.found, f.unit) == (D("12029501.84"), D("12039500.00"), "元")
    assert "行政运行" in f.message and any("一般公共预算支出功能分类预算表" in loc for loc in f.locations)


def test_wan_yuan_text_matches_yuan_tables_within_its_rounding(pdf_doc):
    # "4,614万元" ↔ 46,140,000.00 元 holds; "4,615万元" is 10,000 元 off, more than half the last digit shown
    doc = pdf_doc("putuo-gov-office-2025")
    assert audit(doc).clean
    bad = audit(_with_text(doc, "科目4,614万元", "科目4,615万元")).findings
    assert [(f.expected, f.found) for f in bad] == [(D("46140000.00"), D("46150000"))]


@pytest.mark.parametrize("old, new, column", [
    pytest.param("公务接待费28.50万元", "公务接待费28.60万元", "公务接待费", id="reception"),
    pytest.param("因公出国（境）费839万元", "因公出国（境）费838万元", "因公出国", id="abroad"),
    pytest.param("机关运行经费预算为213.28万元", "机关运行经费预算为213.29万元", "机关运行经费", id="running-costs"),
])
def test_three_public_statements_are_checked_against_the_one_year_table(pdf_doc, old, new, column):
    findings = audit(_with_text(pdf_doc("putuo-gov-office-2025"), old, new)).findings
    assert len(findings) == 1 and findings[0].unit == "万元", [f.as_dict() for f in findings]
    assert column in findings[0].locations[0] and "第20页" in findings[0].locations[0]


def test_unit_budget_table_one_splits_agree_with_the_expenditure_table(pdf_doc):
    doc = pdf_doc("putuo-gov-office-2025-unit")
    out = doc.table(TableKind.income_expenditure_summary, "支出")
    doc = copy.deepcopy(doc)
    out = doc.table(TableKind.income_expenditure_summary, "支出")
    idx = out.frame.index[out.frame["label"] == "支出总计"][0]
    out.frame.at[idx, "预算数/项目支出"] = D("66410000.01")
    findings = audit(doc).findings
    assert any(f.rule == "同一科目各表一致" and "项目支出" in f.message for f in findings)
    assert any(f.rule == "合计列=各列之和" for f in findings)


def test_check_command_on_a_pdf_reports_the_finding_and_exit_code(capsys):
    from assistant.cli import main

    assert main(["--doc", str(REAL / "putuo-commerce-2025.pdf"), "check", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["findings"]) == 1 and data["findings"][0]["expected"] == "24558.18"
    assert main(["--doc", str(REAL / "putuo-gov-office-2025.pdf"), "check"]) == 0


def test_check_command_on_an_unreadable_pdf_exits_2(tmp_path, capsys):
    from assistant.cli import main

    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    assert main(["--doc", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err


def test_a_project_plan_whose_parts_do_not_add_up_is_a_finding(pdf_doc):
    # putuo-commerce-2025.pdf page 24: 总预算1170.00万 = 870.00 + 70.00 + 180.00 + 50.00
    doc = pdf_doc("putuo-commerce-2025")
    assert audit(doc).findings and all("年度预算安排" not in f.message for f in audit(doc).findings)
    bad = audit(_with_text(doc, "国际化发展50.00万", "国际化发展60.00万")).findings
    plan = [f for f in bad if "年度预算安排" in f.message]
    assert [(f.expected, f.found) for f in plan] == [(D("1170.00"), D("1180.00"))]
    assert "第24页" in plan[0].locations[0]


def test_the_stated_expenditure_total_is_checked_against_the_expenditure_table(pdf_doc):
    # page 6: "支出预算9,101.68万元，其中：财政拨款支出预算9,101.68万元" ↔ 支出预算总表 合计 91,016,775.35 元
    doc = _with_text(pdf_doc("putuo-gov-office-2025"), "支出预算9,101.68万元，其中", "支出预算9,101.78万元，其中")
    findings = audit(doc).findings
    assert [(f.expected, f.found, f.unit) for f in findings] == [(D("91016775.35"), D("91017800"), "元")]
    assert "支出预算总表" in findings[0].locations[0]


def test_vehicle_counts_must_add_up(pdf_doc):
    # page 21: "共有车辆0辆，其中：部级领导干部用车0辆、…其他用车0辆"
    findings = audit(_with_text(pdf_doc("putuo-gov-office-2025"), "共有车辆0辆", "共有车辆2辆")).findings
    assert [(f.expected, f.found, f.unit) for f in findings] == [(D(2), D(0), "辆")]
