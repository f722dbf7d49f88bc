"""The document model: every table, cell, paragraph and target of a 部门预算, with provenance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_qa.errors import DocumentError
from budget_qa.types import TableKind
from index import parse_document
from index.text import AMOUNT_TOKEN_RE

D = Decimal


def _row(table, **where):
    f = table.frame
    for k, v in where.items():
        f = f[f[k] == v]
    assert len(f) == 1, f"expected one row for {where}, got {len(f)}"
    return f.iloc[0]


def test_identity_is_read_from_the_document(seed_doc):
    assert seed_doc.department == "威海市人力资源和社会保障局"
    assert seed_doc.year == 2024
    assert seed_doc.unit == "万元"
    assert len(seed_doc.sha256) == 64


def test_every_standard_table_is_found_by_title(seed_doc):
    kinds = {t.kind for t in seed_doc.tables}
    assert kinds == set(TableKind) - {TableKind.generic}
    # the contents list says 政府采购预算情况表, the table says 政府采购预算表: both are the same kind
    from index import table_kind

    assert table_kind("政府采购预算情况表") == table_kind("政府采购预算表") == TableKind.procurement


def test_table_continued_over_page_break_is_one_table(seed_doc):
    tables = seed_doc.tables_of(TableKind.expenditure_summary)
    assert len(tables) == 1, "two page blocks must merge"
    t = tables[0]
    assert len(t.frame) == 33
    # the first row of the second page inherits its 款 (20807 就业补助) from the first page
    row = _row(t, label="其他就业补助支出")
    assert row["code"] == "2080799" and row["level"] == "项"
    assert t.frame.loc[row["parent_row"], "code"] == "20807"


def test_continuation_that_gains_a_column_aligns_cells_by_header_name(tmp_path):
    doc = tmp_path / "mini.txt"
    header1 = "科目编码\t\t\t科目名称\t合计\t财政拨款\t\t其他收入\n类\t款\t项\t\t\t小计\t一般公共预算\t\n"
    header2 = "科目编码\t\t\t科目名称\t合计\t财政拨款\t\t\t其他收入\n类\t款\t项\t\t\t小计\t一般公共预算\t国有资本经营预算\t\n"
    page = "收入总体情况表\n\n部门(单位)：某局\n\n单位：万元\n\n"
    doc.write_text(
        page + header1
        + "\t\t\t合 计\t30.00\t20.00\t20.00\t10.00\n"
        + "201\t\t\t一般公共服务支出\t12.00\t12.00\t12.00\t\n"
        + page + header2
        + "208\t\t\t社会保障和就业支出\t18.00\t8.00\t3.00\t5.00\t10.00\n",
        encoding="utf-8",
    )
    t = parse_document(doc).tables[0]
    assert t.amount_columns == ["合计", "财政拨款/小计", "财政拨款/一般公共预算", "财政拨款/国有资本经营预算", "其他收入"]
    row = _row(t, code="208")
    assert row["其他收入"] == D("10.00"), "the last cell belongs to 其他收入, not to the column at its position"
    assert row["财政拨款/国有资本经营预算"] == D("5.00")
    assert _row(t, code="201")["财政拨款/国有资本经营预算"] is None


def test_multi_row_headers_become_flat_column_names(seed_doc):
    gpb = seed_doc.table(TableKind.gpb_expenditure)
    assert gpb.amount_columns == ["合计", "基本支出/小计", "基本支出/人员支出", "基本支出/日常公用支出", "项目支出"]
    tp = seed_doc.table(TableKind.three_public)
    assert "2024年预算数/公务用车购置及运行维护费/公务用车运行维护费" in tp.amount_columns
    assert tp.frame.iloc[0]["2024年预算数/合计"] == D("30.99")
    assert tp.frame.iloc[0]["2023年预算数/合计"] == D("23.19")


def test_codes_are_inherited_down_the_hierarchy(seed_doc):
    t = seed_doc.table(TableKind.expenditure_summary)
    row = _row(t, code="2080101")
    assert row["label"] == "行政运行" and row["level"] == "项"
    parent = t.frame.loc[row["parent_row"]]
    assert parent["code"] == "20801" and parent["level"] == "款"
    assert t.frame.loc[parent["parent_row"], "code"] == "208"
    # a label the PDF broke with a space is joined
    assert parent["label"] == "人力资源和社会保障管理事务"


def test_economic_tables_keep_department_and_government_codes(seed_doc):
    t = seed_doc.table(TableKind.gpb_basic_expenditure)
    rows = t.frame[t.frame["code"] == "30101"]
    assert list(rows["gov_code"]) == ["50101", "50501"], "基本工资 appears under 机关 and 事业 classifications"
    assert list(rows["基本支出预算/人员支出"]) == [D("299.89"), D("744.98")]
    assert t.frame.loc[rows.iloc[0]["parent_row"], "label"] == "工资福利支出"


def test_amounts_are_exact_and_blank_cells_are_missing(seed_doc):
    t = seed_doc.table(TableKind.expenditure_summary)
    items = t.frame[t.frame["level"] == "类"]["合计"]
    assert sum(items, D(0)) == D("53451.95")
    assert all(isinstance(v, Decimal) for v in items)
    assert _row(t, code="2019999")["基本支出"] is None, "a blank cell is missing, not 0"
    assert _row(t, label="合计")["is_total"]


def test_two_sided_tables_become_income_and_expenditure_frames(seed_doc):
    inc = seed_doc.table(TableKind.income_expenditure_summary, "收入")
    exp = seed_doc.table(TableKind.income_expenditure_summary, "支出")
    assert inc is not None and exp is not None
    assert _row(inc, label="一般公共预算拨款收入")["预算数"] == D("53451.95")
    assert _row(exp, label="社会保障和就业支出")["预算数"] == D("52019.22")
    assert _row(exp, label="外交支出")["预算数"] is None
    fiscal = seed_doc.table(TableKind.fiscal_summary, "支出")
    assert fiscal.amount_columns[0] == "预算数/总计"
    assert len(fiscal.frame[fiscal.frame["label"] == "住房保障支出"]) == 1


def test_rows_with_the_same_name_stay_separate(seed_doc):
    t = seed_doc.table(TableKind.project_expenditure)
    assert list(t.frame[t.frame["label"] == "社保基金征缴奖励"]["合计"]) == [D("170.00"), D("70.00")]
    assert list(t.frame[t.frame["label"] == "市直机关事业单位退休人员养老保险统筹外项目资金"]["合计"]) == [
        D("800.00"), D("12831.00")]
    assert set(t.frame[~t.frame["is_total"]]["category"]) == {"特定目标类", "其他运转类"}


def test_empty_tables_keep_their_note(seed_doc):
    t = seed_doc.table(TableKind.gov_fund_expenditure)
    assert t.frame.empty
    assert "没有使用政府性基金预算拨款" in t.note


@pytest.mark.parametrize("which", ["seed", "variant"])
def test_every_amount_token_on_table_lines_is_a_cell(which, seed_doc, variant_doc, seed_path, variant_path):
    doc, path = (seed_doc, seed_path) if which == "seed" else (variant_doc, variant_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    spans = {(t.line_start, t.line_end) for t in doc.tables}
    tokens = sum(
        len(AMOUNT_TOKEN_RE.findall(lines[n - 1])) for lo, hi in spans for n in range(lo, hi + 1) if "\t" in lines[n - 1]
    )
    cells = sum(len(t.cells()) for t in doc.tables)
    assert tokens == cells == 782 or (tokens == cells and which == "variant")


def test_cells_carry_provenance(seed_doc):
    t = seed_doc.table(TableKind.expenditure_summary)
    cell = next(c for c in t.cells() if c.ref.row_code == "2080109" and c.ref.column == "项目支出")
    assert cell.value == D("9403.00")
    assert cell.ref.line == 189 and cell.ref.row_label == "社会保险经办机构"
    assert "支出总体情况表" in cell.ref.describe() and "第189行" in cell.ref.describe()


def test_variant_has_the_seed_tables_with_years_shifted_and_amounts_doubled(seed_doc, variant_doc):
    assert variant_doc.year == seed_doc.year + 1
    assert [t.name for t in variant_doc.tables] == [t.name for t in seed_doc.tables]

    def shifted(column: str) -> str:
        "2024年预算数 → 2025年预算数, 2023年预算数 → 2024年预算数 (the later year first, so none shifts twice)"
        return column.replace(str(seed_doc.year), str(variant_doc.year)).replace(
            str(seed_doc.year - 1), str(seed_doc.year))

    three_public = variant_doc.table(TableKind.three_public).amount_columns
    assert (three_public[0], three_public[6]) == ("2024年预算数/合计", "2025年预算数/合计"), "the two years of 三公 shift"
    pairs = 0
    for a, b in zip(seed_doc.tables, variant_doc.tables):
        assert b.amount_columns == [shifted(c) for c in a.amount_columns], a.name
        for ca, cb in zip(a.cells(), b.cells()):
            assert cb.value == 2 * ca.value, f"{cb.ref.describe()}: {cb.value} != 2 × {ca.value}"
            pairs += 1
    assert pairs == 782


def test_prose_has_parts_sections_and_line_numbers(seed_doc):
    p = next(p for p in seed_doc.paragraphs if "30.99万元" in p.text)
    assert p.part == "第三部分" and "三公" in p.section and p.line_start == 623
    parts = {p.part for p in seed_doc.paragraphs}
    assert parts == {"第一部分", "第三部分", "第四部分"}


def test_duties_units_and_glossary(seed_doc):
    assert [d.number for d in seed_doc.duties] == list(range(1, 14))
    assert seed_doc.duties[9].text.startswith("会同有关部门拟订农民工工作") and "推动相关政策落实" in seed_doc.duties[9].text
    assert len(seed_doc.units) == 7 and seed_doc.units[1].text == "威海市社会保险事业中心"
    assert seed_doc.glossary["基本支出"].definition.startswith("指为保障机构正常运转")
    assert "“三公”经费" in seed_doc.glossary


def test_performance_tables_of_both_layouts(seed_doc):
    projects = [p for p in seed_doc.performance if p.kind == "project"]
    funds = [p for p in seed_doc.performance if p.kind == "fund"]
    assert len(projects) == 29 and len(funds) == 4
    p = next(p for p in projects if p.name == "乡村人才振兴技能提升培训经费")
    assert p.implementer == "威海市公共就业和人才服务中心" and p.budget == D("53.00")
    ind = next(i for i in p.indicators if i.level3 == "乡村人才振兴技能提升培训人数")
    assert (ind.operator, ind.number, ind.unit, ind.level1, ind.level2) == ("≥", D("3000"), "人次", "产出指标", "数量指标")
    f = next(f for f in funds if f.name == "居民养老保险市级财政补助资金")
    assert f.budget == D("8137.00") and f.policy_tasks.startswith("对")
    shifted = next(i for i in f.indicators if i.level3 == "退休人员养老保障机制健全性")
    assert (shifted.level1, shifted.level2, shifted.value_text) == ("效益指标", "可持续发展影响指标", "健全")


def test_unknown_table_is_kept_as_generic(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8").replace("政府采购预算表\n", "某某特别情况表\n")
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    doc = parse_document(path)
    generic = doc.tables_of(TableKind.generic)
    assert len(generic) == 1 and generic[0].title == "某某特别情况表" and len(generic[0].cells()) > 0


@pytest.mark.parametrize(
    "content, message, line",
    [
        pytest.param(b"", "empty", None, id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "binary", 3, id="binary"),
        pytest.param("一首诗\n床前明月光\n".encode(), "not a 部门预算", None, id="not-a-budget"),
        pytest.param("\xff\xfe".encode("latin-1") + b"abc", "UTF-8", 1, id="not-utf8"),
    ],
)
def test_bad_input_gets_a_clear_error_naming_file_and_line(tmp_path, content, message, line):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as e:
        parse_document(path)
    assert message in str(e.value) and str(path) in str(e.value)
    assert e.value.line == line


def test_truncated_table_names_the_line(tmp_path, seed_path):
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    cut = lines[:189] + ["\t".join(lines[189].split("\t")[:5])]  # the file stops in the middle of line 190
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(cut), encoding="utf-8")
    with pytest.raises(DocumentError) as e:
        parse_document(path)
    assert e.value.line == 190 and "truncated" in str(e.value)
