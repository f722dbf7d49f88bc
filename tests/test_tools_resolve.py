"""Resolver (issue 3): everyday phrasings → the rows they mean, every plausible row returned, never silently one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from tools import resolve, resolve_measure, resolve_tables
from tools.resolve import top_tier


@dataclass(frozen=True)
class Case:
    query: str
    expect: tuple[str, ...]
    """Labels or codes that must all be among the best candidates."""
    ambiguous: bool = False
    """True when the best candidates carry different amounts (the caller must ask which)."""


# NOTE: everyday words that are neither the document's nor standard 部门预算 vocabulary (请客吃饭, 欠薪) are not
# aliased any more (issue 14): the resolver is lexical, and the shipped embedder does not tell such words from unrelated
# ones reliably enough to substitute them.
CASES = [
    Case("三公经费", ("合计",)), Case("三公", ("合计",)), Case("“三公”经费", ("合计",)),
    Case("出国经费", ("因公出国(境)经费", "30212"), True), Case("因公出国费用", ("因公出国(境)费用",), True),
    Case("出国费", ("因公出国(境)经费",), True),
    Case("公车", ("公务用车购置及运行维护费", "公务用车运行维护费"), True),
    Case("公车运行费", ("公务用车运行维护费", "30231")), Case("公务用车运行维护费", ("公务用车运行维护费",)),
    Case("接待费", ("公务接待费", "30217"), True),
    Case("招待费", ("公务接待费",), True),
    Case("公积金", ("2210201", "30113"), True), Case("住房公积金", ("2210201", "30113"), True),
    Case("单位帮职工存的公积金", ("2210201", "30113"), True), Case("221 02 01", ("2210201",)),
    Case("30113", ("30113",), True),
    Case("社保经办", ("2080109",)), Case("社保经办机构的钱", ("2080109",)), Case("社会保险经办机构", ("2080109",)),
    Case("养老金缺口", ("市直机关事业单位养老保险基金缺口补助资金",)),
    Case("养老保险基金缺口", ("市直机关事业单位养老保险基金缺口补助资金",)),
    Case("2080101", ("2080101",)), Case("208 01 01", ("2080101",)), Case("208-01-05", ("2080105",)),
    Case("行政运行", ("2080101",)), Case("行政运行经费是多少", ("2080101",)),
    Case("劳动监察", ("2080105",)), Case("劳动保障监察", ("2080105",)), Case("就业管理事务", ("2080106",)),
    Case("仲裁", ("2080112",)), Case("劳动人事争议调解仲裁", ("2080112",)),
    Case("社保基金征缴奖励", ("社保基金征缴奖励",), True), Case("社保基金征缴", ("社保基金征缴奖励",), True),
    Case("基本支出", ("合计",)), Case("项目支出", ("合计",)), Case("政府采购", ("合计",)),
    Case("人社局总支出", ("支出总计",)), Case("总收入", ("收入总计",)),
    Case("卫生健康支出", ("210",)), Case("医疗", ("2101102", "30110"), True),
    Case("行政单位医疗", ("2101101",)), Case("事业单位医疗", ("2101102",)), Case("公务员医疗补助", ("2101103",)),
    Case("住房保障支出", ("221",)), Case("住房改革支出", ("22102",)), Case("一般公共服务支出", ("201",)),
    Case("事业运行", ("2013250",)), Case("社会保障和就业支出", ("208",)), Case("208", ("208",)),
    Case("组织事务", ("20132",)),
    Case("基本工资", ("30101",), True), Case("绩效工资", ("30107",)), Case("津贴补贴", ("30102",), True),
    Case("差旅费", ("30211",), True), Case("会议费", ("30215",), True), Case("培训费", ("30216",), True),
    Case("办公费", ("30201",), True), Case("水电费", ("30205", "30206"), True), Case("工会经费", ("30228",), True),
    Case("工资福利支出", ("301",), True), Case("商品和服务支出", ("302",), True), Case("对个人和家庭补助", ("303",)),
    Case("资本性支出", ("310",)), Case("办公设备购置", ("31002",)),
    Case("职业年金", ("市直机关事业单位职业年金记实资金",)), Case("档案管理", ("流动人员人事档案管理费",)),
    Case("人事考试费用", ("人事考试费用(考试组织实施工作成本)",)), Case("技能鉴定费", ("技能鉴定费",)),
    Case("三支一扶", ("高校毕业生“三支一扶”及社区服务计划选拔招募工作经费",)),
    Case("离休人员差额", ("企业离休人员按机关标准发放差额资金",)),
    Case("养老保险补助", ("2080507", "2082601"), True),
    Case("机关事业单位基本养老保险缴费", ("30108",), True), Case("财政拨款", ("财政拨款",)),
    # issue 12: a class label's stem, or its first field, is that 类 row (not 其他社会保障和就业支出 as well)
    Case("社会保障和就业", ("208",)), Case("社会保障", ("208",)), Case("卫生健康", ("210",)),
]


def _keys(matches):
    return {m.item.label for m in matches} | {m.item.code for m in matches if m.item.code}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.query) for c in CASES])
def test_everyday_phrasing_resolves_to_the_rows_meant(seed_doc, case):
    tier = top_tier(resolve(seed_doc, case.query))
    assert tier, f"{case.query!r} found nothing"
    missing = set(case.expect) - _keys(tier)
    assert not missing, f"{case.query!r}: missing {missing}; got {[m.item.display() for m in tier]}"
    values = {m.item.value(m.item.default_measure) for m in tier}
    assert (len(values) > 1) == case.ambiguous, f"{case.query!r}: values {values}"


def test_at_least_sixty_phrasings_are_covered():
    assert len(CASES) >= 60


def test_housing_fund_is_both_a_function_row_and_two_economic_rows(seed_doc):
    tier = top_tier(resolve(seed_doc, "住房公积金"))
    economic = {(m.item.gov_code, m.item.value(m.item.default_measure)) for m in tier if m.item.code == "30113"}
    assert {v for _, v in economic} == {__import__("decimal").Decimal("116.81"), __import__("decimal").Decimal("275.96")}
    function = [m.item.value(m.item.default_measure) for m in tier if m.item.code == "2210201"]
    assert function and set(function) == {__import__("decimal").Decimal("392.77")}, function


def test_two_projects_share_one_name(seed_doc):
    tier = top_tier(resolve(seed_doc, "社保基金征缴奖励"))
    assert sorted(str(m.item.value("合计")) for m in tier) == ["170.00", "70.00"]


def test_unknown_wording_resolves_to_nothing(seed_doc):
    assert resolve(seed_doc, "火箭发射") == []


def test_procurement_rows_answer_only_when_asked_for(seed_doc):
    plain = top_tier(resolve(seed_doc, "行政运行"))
    assert all("采购" not in m.item.table.title for m in plain)
    asked = top_tier(resolve(seed_doc, "行政运行", table="政府采购"))
    assert [str(m.item.value(m.item.default_measure)) for m in asked] == ["65.39"]


@pytest.mark.parametrize(("wording", "expected"), [
    pytest.param("人员支出", "基本支出/人员支出", id="staff"),
    pytest.param("人头费", "基本支出/人员支出", id="alias-staff"),
    pytest.param("日常公用支出", "基本支出/日常公用支出", id="running"),
    pytest.param("基本支出", "基本支出/小计", id="basic-subtotal"),
    pytest.param("项目支出", "项目支出", id="project"),
    pytest.param("合计", "合计", id="total"),
    pytest.param("总额", "合计", id="alias-total"),
    pytest.param(None, "合计", id="default"),
])
def test_measures_resolve_to_columns(seed_doc, wording, expected):
    item = next(m.item for m in resolve(seed_doc, "行政运行") if "一般公共预算支出" in m.item.table.title)
    assert resolve_measure(item, wording, seed_doc.year) == expected


@pytest.mark.parametrize(("wording", "expected"), [
    pytest.param("2023年预算数", "2023年预算数", id="year"), pytest.param("上年", "2023年预算数", id="last-year"),
    pytest.param("去年", "2023年预算数", id="qunian"), pytest.param(None, "2024年预算数", id="default-this-year"),
])
def test_year_measures_of_the_three_public_table(seed_doc, wording, expected):
    item = top_tier(resolve(seed_doc, "三公经费"))[0].item
    assert resolve_measure(item, wording, seed_doc.year) == expected


def test_variant_years_shift_with_the_document(variant_doc):
    item = top_tier(resolve(variant_doc, "三公经费"))[0].item
    assert resolve_measure(item, "上年", variant_doc.year) == "2024年预算数"
    assert item.default_measure == "2025年预算数"


@pytest.mark.parametrize(("wording", "title"), [
    pytest.param("三公", "一般公共预算“三公”经费支出情况表", id="sangong"),
    pytest.param("一般公共预算支出情况表", "一般公共预算支出情况表", id="exact"),
    pytest.param("项目支出", "项目支出预算情况表", id="projects"),
    pytest.param("政府采购", "政府采购预算表", id="procurement"),
])
def test_tables_resolve_by_name(seed_doc, wording, title):
    assert resolve_tables(seed_doc, wording)[0].title == title


def test_a_candidate_carries_its_tables_unit():
    "The readings of an ambiguous wording in a table printed in 元 are in 元 (they were shown as 万元)"
    from pathlib import Path

    from index import load_document
    from tools.resolve import catalog, resolve, to_candidate

    doc = load_document(Path(__file__).resolve().parent.parent / "data" / "real" / "putuo-commerce-2025.pdf")
    matches = resolve(doc, "行政运行")
    assert matches and {to_candidate(m).unit for m in matches if m.item.table.unit == "元"} == {"元"}


def test_a_class_stem_does_not_tie_with_rows_containing_it(seed_doc):
    # issue 12: '社会保障和就业' once gave 11 readings (the 类 row and every 其他社会保障和就业支出 row)
    tier = top_tier(resolve(seed_doc, "社会保障和就业"))
    assert {m.item.code for m in tier} == {"208", ""}, [m.item.display() for m in tier]
    assert all(m.item.label == "社会保障和就业支出" for m in tier)


def test_a_column_wording_naming_only_a_header_over_several_columns_is_not_one_of_them():
    # putuo-commerce-2025-unit.pdf 财务收支预算总表 prints 预算数/基本支出/人员经费 and …/公用经费; 支出预算总表 has 基本支出
    from _pdf_docs import parsed
    from tools import lookup

    doc = parsed("putuo-commerce-2025-unit")
    r = lookup(doc, "一般公共服务支出", measure="基本支出")
    assert (r.status, r.value) == ("ok", Decimal("12291733.00")), r.render()
    assert lookup(doc, "一般公共服务支出", measure="人员经费").value == Decimal("10823891.00")
