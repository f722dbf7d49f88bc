"""Operations (issue 3) on the seed and on the variant (money ×2, years +1): twice the money, the same rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tools import (
    CANNOT_ANSWER, breakdown, change, compare, convert_units, count, lookup, organisation, performance, rank, ratio,
    share, total,
)

D = Decimal


@pytest.fixture(params=["seed", "variant"])
def case(request, seed_doc, variant_doc):
    "(document, money factor)"
    return (seed_doc, 1) if request.param == "seed" else (variant_doc, 2)


def test_lookup_reads_a_cell_with_every_table_that_publishes_it(case):
    doc, k = case
    r = lookup(doc, "行政运行")
    assert r.status == "ok" and r.basis == "read"
    assert r.value == D("13834.27") * k and r.unit == "万元"
    assert {c.table for c in r.citations} == {"支出总体情况表", "一般公共预算支出情况表", "收入总体情况表"}
    assert all(c.row_code == "2080101" and c.row_label == "行政运行" for c in r.citations)


def test_lookup_by_code_and_measure(case):
    doc, k = case
    r = lookup(doc, "208 01 01", "人员支出")
    assert r.value == D("625.27") * k
    assert r.citations[0].column == "基本支出/人员支出" and r.citations[0].line == 281


def test_lookup_of_three_public_cites_table_row_column_and_line(case):
    doc, k = case
    r = lookup(doc, "三公经费")
    assert r.value == D("30.99") * k
    c = r.citations[0]
    assert (c.table, c.row_label, c.column, c.line) == (
        "一般公共预算“三公”经费支出情况表", "合计", f"{doc.year}年预算数/合计", 415)
    assert lookup(doc, "三公经费", "上年").value == D("23.19") * k


def test_lookup_of_an_ambiguous_item_returns_every_candidate(case):
    doc, k = case
    r = lookup(doc, "住房公积金")
    assert r.status == "ambiguous" and r.value is None
    assert {c.value for c in r.candidates} == {D("392.77") * k, D("116.81") * k, D("275.96") * k}
    assert {c.code for c in r.candidates} == {"2210201", "30113"}
    assert "请指明" in r.render()


def test_lookup_refuses_with_the_cannot_answer_phrase(case):
    doc, _ = case
    r = lookup(doc, "火箭发射经费")
    assert r.status == "not_found" and r.value is None
    assert r.render().startswith(CANNOT_ANSWER)


def test_lookup_of_a_column_name_reads_the_table_total(case):
    doc, k = case
    r = lookup(doc, "人员支出")
    assert r.value == D("4544.75") * k


def test_lookup_falls_back_to_a_narrative_figure(case):
    doc, k = case
    r = lookup(doc, "机关运行经费")
    assert r.value == D("119.50") * k and r.citations[0].kind == "narrative"
    assert r.citations[0].section == "三、机关运行经费情况"


def test_breakdown_of_a_class_lists_its_kuan_with_shares(case):
    doc, k = case
    r = breakdown(doc, "社会保障和就业支出")
    assert r.value == D("52019.22") * k
    assert [f.value for f in r.figures] == [D(x) * k for x in ("26029.82", "22391.54", "214.00", "1675.00", "1708.86")]
    assert [f.share for f in r.figures] == [D(x) for x in ("50.04", "43.04", "0.41", "3.22", "3.29")]
    assert "与上级数一致" in r.computation


def test_breakdown_of_three_public_sums_to_100_percent(case):
    doc, k = case
    r = breakdown(doc, "三公经费")
    assert [f.value for f in r.figures] == [D("10.60") * k, D("6.00") * k, D("14.39") * k]
    assert sum(f.share for f in r.figures) == D("100.00")


def test_breakdown_of_basic_expenditure_by_economic_class(case):
    doc, k = case
    r = breakdown(doc, "基本支出")
    assert sum(f.value for f in r.figures) == D("4825.95") * k
    assert len(r.figures) == 6, "301 and 302 appear twice, once per 政府经济分类"


def test_breakdown_by_columns(case):
    doc, k = case
    r = breakdown(doc, "合计", "基本支出", table="一般公共预算支出情况表", by="columns")
    assert [(f.label, f.value) for f in r.figures] == [
        ("基本支出/人员支出", D("4544.75") * k), ("基本支出/日常公用支出", D("281.20") * k)]


def test_breakdown_of_a_leaf_refuses(case):
    doc, _ = case
    assert breakdown(doc, "行政运行").status == "not_found"


def test_total_shows_its_addends(case):
    doc, k = case
    r = total(doc, ["因公出国(境)经费", "公务接待费"], table="三公")
    assert r.value == D("24.99") * k and r.basis == "computed"
    assert r.computation == f"{D('10.60') * k:,.2f} + {D('14.39') * k:,.2f} = {D('24.99') * k:,.2f} 万元"


def test_total_passes_on_an_ambiguous_addend(case):
    doc, _ = case
    r = total(doc, ["行政运行", "住房公积金"])
    assert r.status == "ambiguous" and "住房公积金" in r.message


def test_change_of_three_public_from_the_two_year_columns(case):
    doc, k = case
    r = change(doc, "三公经费")
    assert (r.value, r.rate, r.basis) == (D("7.80") * k, D("33.64"), "computed")
    assert r.figures[0].value == D("30.99") * k and r.figures[1].value == D("23.19") * k
    assert r.computation.startswith(f"{D('30.99') * k:,.2f} − {D('23.19') * k:,.2f} = {D('7.80') * k:,.2f} 万元")
    assert r.message == f"与第三部分文字说明一致：“{doc.year}年通过一般公共预算财政拨款安排的“三公”经费预算共{D('30.99') * k:,.2f}万元，" \
        f"比上年增加{D('7.80') * k:,.2f}万元，增长33.64%。”", "the narrative is checked and found to agree"
    assert r.citations[-1].kind == "narrative" and r.citations[-1].line == 623


def test_change_of_reception_is_a_decrease(case):
    doc, k = case
    r = change(doc, "公务接待费")
    assert (r.value, r.rate) == (D("-0.80") * k, D("-5.27"))


def test_change_derived_from_a_narrative_statement(case):
    doc, k = case
    r = change(doc, "收支预算")
    assert r.basis == "derived" and r.value == D("4281.49") * k
    assert r.figures[1].value == D("49170.46") * k and r.figures[1].basis == "derived"
    assert r.rate == D("8.71")
    quote = r.citations[-1].quote
    assert f"比上年增加{D('4281.49') * k:,.2f}万元" in quote and r.citations[-1].part == "第三部分"


def test_change_without_any_prior_year_refuses(case):
    doc, _ = case
    assert change(doc, "行政运行").status == "not_found"


def test_share_defaults_to_the_parent_row(case):
    doc, _ = case
    r = share(doc, "行政运行")
    assert (r.value, r.unit) == (D("53.15"), "%")
    assert r.computation.endswith("= 53.15%")


def test_share_of_a_named_whole(case):
    doc, _ = case
    assert share(doc, "公务接待费", "三公经费", table="三公").value == D("46.43")


def test_ratio_in_percent_and_times(case):
    doc, k = case
    r = ratio(doc, "项目支出", "基本支出")
    assert r.value == D("1007.59")
    assert r.computation == f"{D('48626.00') * k:,.2f} ÷ {D('4825.95') * k:,.2f} = 1,007.59%（即 10.08 倍）"


def test_compare_gives_difference_and_ratio(case):
    doc, k = case
    r = compare(doc, "行政运行", "社会保险经办机构")
    assert (r.value, r.rate) == (D("3366.97") * k, D("132.17"))


def test_rank_top_projects(case):
    doc, k = case
    r = rank(doc, n=3)
    assert [f.value for f in r.figures] == [D("21933.00") * k, D("12831.00") * k, D("4770.00") * k]


def test_rank_keeps_ties(case):
    doc, k = case
    r = rank(doc, n=1, order="bottom")
    assert len(r.figures) == 3 and {f.value for f in r.figures} == {D("10.00") * k}
    assert "并列" in r.message


def test_rank_within_a_level(case):
    doc, _ = case
    r = rank(doc, "支出总体情况表", n=2, level="款")
    assert [f.citations[0].row_code for f in r.figures] == ["20801", "20805"]


def test_count_projects_agrees_with_the_narrative(case):
    doc, k = case
    r = count(doc)
    assert r.value == 29
    assert r.message == f"合计 {D('48626.00') * k:,.2f} 万元；第三部分称“项目支出29个”，一致", "the count is checked against the text"
    assert sum(f.value for f in r.figures) == D("48626.00") * k


def test_filter_projects_by_category_with_their_sum(case):
    doc, k = case
    r = count(doc, category="特定目标类")
    assert r.value == 10 and sum(f.value for f in r.figures) == D("47421.00") * k


def test_convert_units_shows_the_factor():
    r = convert_units("53,451.95", "万元", "元")
    assert r.value == D("534519500.00") and "× 10,000" in r.computation
    assert convert_units("53451.95万元", to_unit="亿元").value == D("5.345195")
    assert convert_units("abc").status == "not_found"


def test_performance_targets_of_a_project(case):
    doc, k = case
    r = performance(doc, "定费不定编人员工资")
    assert r.status == "ok" and r.value == D("233.00") * k
    facts = {f.label.split(" ", 1)[1]: f.text for f in r.facts}
    assert facts["实施单位"].endswith("社会保险事业中心")
    assert facts["产出指标/数量指标/经办社保业务类型"] == "≥48项"


def test_performance_of_two_projects_with_one_name_lists_both(case):
    doc, k = case
    r = performance(doc, "社保基金征缴奖励")
    assert r.status == "ambiguous"
    assert sorted(f.value for f in r.figures) == [D("70.00") * k, D("170.00") * k]


def test_organisation_units(case):
    doc, _ = case
    r = organisation(doc, "units")
    assert r.value == 7 and r.facts[1].text.endswith("社会保险事业中心")
    assert organisation(doc, "duties").value == 13


def test_total_of_all_rows_sharing_a_name_adds_them_within_one_table(seed_doc, variant_doc):
    # 差旅费 of 机关 (502) and of 事业单位 (505): the sum a citizen means by '差旅费一共多少'
    from tools import total

    r = total(seed_doc, ["差旅费"], all_matches=True)
    assert r.ok and str(r.value) == "27.14" and r.computation == "4.64 + 22.50 = 27.14 万元"
    assert len({c.table for c in r.citations}) == 1, "addends come from one table, not its duplicates"
    assert total(variant_doc, ["差旅费"], all_matches=True).value == 2 * r.value


def test_total_of_a_column_wording_in_a_named_table_reads_that_tables_total_row(seed_doc):
    # '一般公共预算收入' is a column, not a row: with the table named, it is that column of that table's total row,
    # not a choice among the same column of other tables
    from tools import total

    r = total(seed_doc, ["一般公共预算收入"], measure="合计", table="收入总体情况表", all_matches=True)
    assert (r.status, r.value) == ("ok", D("53451.95")), r.render()
    assert [(c.table, c.column) for c in r.citations] == [("收入总体情况表", "财政拨款收入/一般公共预算收入")]


@pytest.mark.parametrize("which", ["seed", "variant"])
def test_share_of_a_project_category_sums_its_projects(which, seed_doc, variant_doc):
    from tools import share

    doc = seed_doc if which == "seed" else variant_doc
    r = share(doc, "特定目标类项目", "项目支出")
    assert r.ok and str(r.value) == "97.52", r.render()
    money = "47,421.00" if which == "seed" else "94,842.00"
    assert money in r.computation and r.computation.endswith("= 97.52%")


def test_a_zero_amount_is_no_evidence_that_a_statement_of_another_subject_is_this_items_change(seed_doc):
    # 政府性基金预算拨款收入 is blank (0); the narrative's '公务用车购置费0.00万元，与上年基本持平' is another subject
    from tools import change

    r = change(seed_doc, "政府性基金预算拨款收入")
    assert r.status == "not_found" and "公务用车" not in r.render(), r.render()
