"""PDF budgets of the Shanghai 区级 template (issue 12): one whole table per document, cell by cell, and metadata.

Every expected value below was typed by hand from `pdftotext -layout` of the PDF page named in the comment, not
copied from the parser's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_qa.types import TableKind
from index import parse_document

from _pdf_docs import REAL, pdf_doc  # noqa: F401 (fixture)

D = Decimal


def _rows(table, columns):
    "code (or label for uncoded rows) → tuple of the given columns, blank cells as None"
    out = {}
    for _, r in table.frame.iterrows():
        key = r["code"] or r["label"]
        out[key] = tuple(r[c] for c in columns)
    return out


# putuo-gov-office-2025.pdf, pages 11–12: 2025年部门支出预算总表 (合计 | 基本支出 | 项目支出), in 元
GOV_OFFICE_EXPENDITURE = {
    "201": ("82,096,797.42", "15,686,797.42", "66,410,000.00"),
    "20103": ("82,096,797.42", "15,686,797.42", "66,410,000.00"),
    "2010301": ("12,029,501.84", "11,919,501.84", "110,000.00"),
    "2010302": ("46,140,000.00", None, "46,140,000.00"),
    "2010350": ("3,807,295.58", "3,767,295.58", "40,000.00"),
    "2010399": ("20,120,000.00", None, "20,120,000.00"),
    "208": ("4,213,779.28", "4,213,779.28", None),
    "20805": ("4,213,779.28", "4,213,779.28", None),
    "2080501": ("1,554,220.00", "1,554,220.00", None),
    "2080505": ("1,763,159.52", "1,763,159.52", None),
    "2080506": ("881,579.76", "881,579.76", None),
    "2080599": ("14,820.00", "14,820.00", None),
    "210": ("1,097,073.43", "1,097,073.43", None),
    "21011": ("1,097,073.43", "1,097,073.43", None),
    "2101101": ("782,855.28", "782,855.28", None),
    "2101102": ("314,218.15", "314,218.15", None),
    "221": ("3,609,125.22", "3,609,125.22", None),
    "22102": ("3,609,125.22", "3,609,125.22", None),
    "2210201": ("1,741,445.22", "1,741,445.22", None),
    "2210203": ("1,867,680.00", "1,867,680.00", None),
    "合计": ("91,016,775.35", "24,606,775.35", "66,410,000.00"),
}

# putuo-commerce-2025.pdf, pages 10–11: 2025年部门收入预算总表 (合计 | 财政拨款收入; the other columns are blank)
COMMERCE_INCOME = {
    "201": "21,601,733.00", "20113": "21,601,733.00", "2011301": "9,389,913.00", "2011302": "4,545,000.00",
    "2011350": "2,901,820.00", "2011399": "4,765,000.00", "206": "17,200,000.00", "20605": "17,200,000.00",
    "2060503": "17,200,000.00", "208": "3,808,085.00", "20805": "3,808,085.00", "2080501": "1,661,216.00",
    "2080502": "17,280.00", "2080505": "1,410,886.00", "2080506": "705,443.00", "2080599": "13,260.00",
    "210": "881,803.00", "21011": "881,803.00", "2101101": "631,941.00", "2101102": "249,862.00",
    "215": "293,810,000.00", "21508": "293,810,000.00", "2150899": "293,810,000.00", "216": "31,364,000.00",
    "21699": "31,364,000.00", "2169999": "31,364,000.00", "221": "2,849,034.00", "22102": "2,849,034.00",
    "2210201": "1,361,034.00", "2210203": "1,488,000.00", "合计": "371,514,655.00",
}

# putuo-commerce-2025-unit.pdf, pages 19–20: 一般公共预算基本支出部门预算经济分类预算表 (合计 | 人员经费 | 公用经费)
COMMERCE_UNIT_ECONOMIC = {
    "301": ("16,671,057.00", "16,671,057.00", None), "30101": ("1,952,616.00", "1,952,616.00", None),
    "30102": ("7,533,376.00", "7,533,376.00", None), "30107": ("1,852,114.00", "1,852,114.00", None),
    "30108": ("1,410,886.00", "1,410,886.00", None), "30109": ("705,443.00", "705,443.00", None),
    "30110": ("881,803.00", "881,803.00", None), "30112": ("36,918.00", "36,918.00", None),
    "30113": ("1,361,034.00", "1,361,034.00", None), "30199": ("936,867.00", "936,867.00", None),
    "302": ("1,632,062.00", None, "1,632,062.00"), "30201": ("273,900.00", None, "273,900.00"),
    "30202": ("5,000.00", None, "5,000.00"), "30204": ("1,500.00", None, "1,500.00"),
    "30207": ("15,000.00", None, "15,000.00"), "30211": ("80,000.00", None, "80,000.00"),
    "30213": ("10,000.00", None, "10,000.00"), "30216": ("5,000.00", None, "5,000.00"),
    "30217": ("10,000.00", None, "10,000.00"), "30226": ("25,000.00", None, "25,000.00"),
    "30227": ("180,000.00", None, "180,000.00"), "30228": ("194,962.00", None, "194,962.00"),
    "30229": ("423,360.00", None, "423,360.00"), "30239": ("284,480.00", None, "284,480.00"),
    "30299": ("123,860.00", None, "123,860.00"), "303": ("1,449,536.00", "1,449,536.00", None),
    "30301": ("251,936.00", "251,936.00", None), "30302": ("1,197,600.00", "1,197,600.00", None),
    "310": ("78,000.00", None, "78,000.00"), "31002": ("78,000.00", None, "78,000.00"),
    "合计": ("19,830,655.00", "18,120,593.00", "1,710,062.00"),
}

# putuo-gov-office-2025-unit.pdf, page 8: 2025年预算单位财务收支预算总表, the 支出 side
# (合计 | 基本支出: 人员经费 | 公用经费 | 项目支出)
GOV_OFFICE_UNIT_SUMMARY_OUT = {
    "一般公共服务支出": ("82,096,797.42", "13,819,399.88", "1,867,397.54", "66,410,000.00"),
    "社会保障和就业支出": ("4,213,779.28", "3,948,399.28", "265,380.00", None),
    "卫生健康支出": ("1,097,073.43", "1,097,073.43", None, None),
    "住房保障支出": ("3,609,125.22", "3,609,125.22", None, None),
    "支出总计": ("91,016,775.35", "22,473,997.81", "2,132,777.54", "66,410,000.00"),
}


def _d(x):
    return None if x is None else D(x.replace(",", ""))


def test_gov_office_expenditure_table_cell_by_cell(pdf_doc):
    t = pdf_doc("putuo-gov-office-2025").table(TableKind.expenditure_summary)
    assert t.unit == "元" and t.pages == [11, 12], "the table runs over two pages and is one table"
    got = _rows(t, ["合计", "基本支出", "项目支出"])
    assert got == {k: tuple(_d(x) for x in v) for k, v in GOV_OFFICE_EXPENDITURE.items()}


def test_commerce_income_table_cell_by_cell(pdf_doc):
    t = pdf_doc("putuo-commerce-2025").table(TableKind.income_summary)
    assert t.amount_columns == ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"]
    got = _rows(t, t.amount_columns)
    expected = {k: (_d(v), _d(v), None, None, None) for k, v in COMMERCE_INCOME.items()}
    assert got == expected


def test_commerce_unit_economic_table_cell_by_cell(pdf_doc):
    t = pdf_doc("putuo-commerce-2025-unit").table(TableKind.gpb_basic_expenditure)
    got = _rows(t, ["合计", "人员经费", "公用经费"])
    assert got == {k: tuple(_d(x) for x in v) for k, v in COMMERCE_UNIT_ECONOMIC.items()}
    assert t.frame.set_index("code").loc["30213", "label"] == "维修(护)费"


def test_gov_office_unit_two_sided_summary_splits_basic_into_staff_and_public(pdf_doc):
    out = pdf_doc("putuo-gov-office-2025-unit").table(TableKind.income_expenditure_summary, "支出")
    cols = ["预算数/合计", "预算数/基本支出/人员经费", "预算数/基本支出/公用经费", "预算数/项目支出"]
    assert out.amount_columns == cols
    got = {r["label"]: tuple(r[c] for c in cols) for _, r in out.frame.iterrows()}
    assert got == {k: tuple(_d(x) for x in v) for k, v in GOV_OFFICE_UNIT_SUMMARY_OUT.items()}


def test_three_public_table_is_in_wan_yuan_and_blank_cells_stay_blank(pdf_doc):
    # putuo-gov-office-2025.pdf page 20: 867.50 | 839.00 | 28.50 | (blank ×3) | 213.28, 单位:万元
    t = pdf_doc("putuo-gov-office-2025").table(TableKind.three_public)
    assert t.unit == "万元"
    row = t.frame.iloc[0]
    by_leaf = {c.split("/")[-1]: row[c] for c in t.amount_columns}
    assert by_leaf == {"合计": D("867.50"), "因公出国(境)费": D("839.00"), "公务接待费": D("28.50"), "小计": None,
                       "购置费": None, "运行费": None, "机关运行经费预算数": D("213.28")}


def test_a_continuation_page_without_header_keeps_the_columns(pdf_doc):
    # putuo-gov-office-2025.pdf: the 经济分类 table's header is on page 18 only; page 19 has rows and the 合计
    t = pdf_doc("putuo-gov-office-2025").table(TableKind.gpb_basic_expenditure)
    total = t.frame[t.frame["is_total"]]
    assert len(total) == 1 and total.iloc[0]["page"] == 19 and t.pages == [18, 19]
    assert (total.iloc[0]["合计"], total.iloc[0]["人员经费"]) == (D("24606775.35"), D("22473997.81"))


def test_a_total_row_alone_on_the_next_page_joins_its_table():
    from index.tables import _Block, build_tables

    names = ["类", "款", "项", "功能分类科目名称", "合计", "基本支出", "项目支出"]
    head = ["类", "款", "项", "功能分类科目名称", "合计", "基本支出", "项目支出"]
    page1 = _Block("2025年部门支出预算总表", "某局", "元", 1, [(2, head), (3, ["201", "", "", "一般公共服务支出", "10.00", "4.00", "6.00"]),
                   (4, ["201", "03", "", "政府办公厅(室)及相关机构事务", "10.00", "4.00", "6.00"])], page=5, names=names,
                   head_rows=1, kind=TableKind.expenditure_summary)
    page2 = _Block("2025年部门支出预算总表", "某局", "元", 1, [(6, ["", "", "", "合计", "10.00", "4.00", "6.00"])], page=6,
                   names=names, head_rows=0, kind=TableKind.expenditure_summary)
    (t,) = build_tables([page1, page2], "x.pdf")
    assert list(t.frame["label"]) == ["一般公共服务支出", "政府办公厅(室)及相关机构事务", "合计"]
    assert t.frame.iloc[-1]["is_total"] and t.frame.iloc[-1]["page"] == 6 and t.pages == [5, 6]


def test_a_repeated_header_on_a_continuation_page_is_not_a_row(pdf_doc):
    # putuo-gov-office-2025.pdf page 15 repeats the header of the 功能分类 table
    t = pdf_doc("putuo-gov-office-2025").table(TableKind.gpb_expenditure)
    assert not t.frame["label"].isin(["功能分类科目名称", "项目", "类"]).any()
    assert len(t.frame) == 21 and t.pages == [14, 15]


def test_every_cell_cites_its_page_table_row_and_column(pdf_doc):
    t = pdf_doc("putuo-commerce-2025").table(TableKind.income_summary)
    cell = next(c for c in t.cells() if c.ref.row_code == "2150899" and c.ref.column == "合计")
    assert cell.value == D("293810000.00")
    assert (cell.ref.page, cell.ref.table_kind, cell.ref.row_label) == (11, TableKind.income_summary,
                                                                       "其他支持中小企业发展和管理支出")
    assert "第11页" in cell.ref.describe() and "收入预算总表" in cell.ref.describe()


def test_a_citation_names_the_page_when_known():
    from budget_qa.results import Citation

    assert "第11页" in Citation(kind="table", line=120, table="t", row_label="r", page=11).describe()
    assert "第120行" in Citation(kind="table", line=120, table="t", row_label="r").describe()


@pytest.mark.parametrize(
    "name, department, level, title",
    [
        pytest.param("putuo-gov-office-2025", "上海市普陀区人民政府办公室", "部门", "上海市普陀区2025年区级部门预算", id="gov-office"),
        pytest.param("putuo-gov-office-2025-unit", "上海市普陀区人民政府办公室", "单位", "上海市普陀区2025年区级单位预算",
                     id="gov-office-unit"),
        pytest.param("putuo-commerce-2025", "上海市普陀区商务委员会", "部门", "上海市普陀区2025年区级部门预算", id="commerce"),
        pytest.param("putuo-commerce-2025-unit", "上海市普陀区商务委员会", "单位", "上海市普陀区2025年区级单位预算",
                     id="commerce-unit"),
    ],
)
def test_metadata_is_read_from_the_cover(pdf_doc, name, department, level, title):
    doc = pdf_doc(name)
    assert (doc.department, doc.region, doc.year, doc.level, doc.title) == (department, "上海市普陀区", 2025, level, title)
    assert (doc.document_type, doc.template, doc.source_format) == ("部门预算", "shanghai-district", "pdf")
    assert doc.unit == "元" and doc.narrative_unit == "万元"
    kinds = {t.kind for t in doc.tables}
    assert kinds == {TableKind.income_expenditure_summary, TableKind.income_summary, TableKind.expenditure_summary,
                     TableKind.fiscal_summary, TableKind.gpb_expenditure, TableKind.gov_fund_expenditure,
                     TableKind.state_capital_expenditure, TableKind.gpb_basic_expenditure, TableKind.three_public}
    assert doc.warnings == []


def test_table_header_department_is_kept_per_table(pdf_doc):
    doc = pdf_doc("putuo-commerce-2025-unit")
    assert {t.department for t in doc.tables} == {"上海市普陀区商务委员会"}


def test_the_seed_text_export_keeps_its_line_citations(seed_doc):
    t = seed_doc.table(TableKind.expenditure_summary)
    cell = t.cells()[0]
    assert cell.ref.page == 0 and "行）" in cell.ref.describe()
    assert seed_doc.template == "weihai-12" and seed_doc.region == "威海市" and seed_doc.level == "部门"


def test_pdf_parse_is_cached_by_file_hash(tmp_path, monkeypatch):
    from index import load_document
    from index import parse as parse_module

    src = REAL / "putuo-gov-office-2025.pdf"
    copy = tmp_path / "same-bytes.pdf"
    copy.write_bytes(src.read_bytes())
    first = load_document(src)
    cached = parse_module.cache_path(first.sha256)
    assert cached.is_file(), "the parse is stored under BUDGET_QA_HOME"

    def boom(*a, **k):
        raise AssertionError("parsed again despite the cache")

    monkeypatch.setattr(parse_module, "_parse_bytes", boom)
    again = load_document(copy)  # another path, same bytes: from the cache
    assert again.sha256 == first.sha256 and again.source == str(copy.resolve())
    assert len(again.tables) == len(first.tables)


def test_parse_document_reads_a_pdf_directly():
    doc = parse_document(REAL / "putuo-gov-office-2025-unit.pdf")
    assert doc.page_count == 21 and len(doc.lines) == len(doc.line_pages)


def test_numbered_sub_lines_of_the_income_side_are_children_without_their_number(pdf_doc):
    # putuo-gov-office-2025.pdf page 8, 本年收入: 一、财政拨款收入 91,016,775.35 / 1. 一般公共预算资金 91,016,775.35 /
    # 2. 政府性基金 / 3. 国有资本经营预算 / 二、事业收入 / 三、事业单位经营收入 / 四、其他收入 / 收入总计 91,016,775.35
    t = pdf_doc("putuo-gov-office-2025").table(TableKind.income_expenditure_summary, "收入")
    rows = [(r["label"], r["level"], r["预算数"]) for _, r in t.frame.iterrows()]
    total = D("91016775.35")
    assert rows == [("财政拨款收入", "类", total), ("一般公共预算资金", "款", total), ("政府性基金", "款", None),
                    ("国有资本经营预算", "款", None), ("事业收入", "类", None), ("事业单位经营收入", "类", None),
                    ("其他收入", "类", None), ("收入总计", "", total)]


def test_a_lone_total_row_with_fewer_ruled_columns_is_placed_by_position():
    # a page holding only the 合计 row: its ruling has 4 cells where the table has 7 columns
    from index.pdf import _data_cells, _Grid

    grid = _Grid(texts=[["合计", "91,016,775.35", "24,606,775.35", "66,410,000.00"]],
                 origin=[[(0, 0), (0, 1), (0, 2), (0, 3)]], top=70.0, bbox=(55, 70, 786, 90),
                 xs=[55, 417, 504, 600],
                 boxes={(0, 0): (55, 70, 417, 90), (0, 1): (417, 70, 504, 90), (0, 2): (504, 70, 600, 90),
                        (0, 3): (600, 70, 786, 90)})
    columns = [55, 100, 140, 180, 417, 504, 600]  # 类 | 款 | 项 | 名称 | 合计 | 基本支出 | 项目支出
    assert _data_cells(grid, 0, columns) == ["", "", "", "合计", "91,016,775.35", "24,606,775.35", "66,410,000.00"]


@pytest.mark.parametrize("title, kind", [
    pytest.param("2025年部门收入预算总表", TableKind.income_summary, id="department"),
    pytest.param("2025年预算单位财政拨款收支预算总表", TableKind.fiscal_summary, id="unit"),
    pytest.param("2025年上海市普陀区某局部门支出预算总表", TableKind.expenditure_summary, id="named-office"),
    pytest.param("2025年单位“三公”经费和机关运行经费预算表", TableKind.three_public, id="three-public"),
    pytest.param("一般公共预算支出情况表", TableKind.gpb_expenditure, id="seed-title"),
    pytest.param("某某特别情况表", TableKind.generic, id="unknown"),
])
def test_table_titles_map_onto_canonical_kinds(title, kind):
    from index import table_kind

    assert table_kind(title) == kind


def test_a_cover_whose_title_and_owner_wrap_onto_second_lines_gives_the_whole_title_and_department(tmp_path):
    from _pdf_docs import with_cover

    path = tmp_path / "wrapped.pdf"
    path.write_bytes(with_cover("putuo-gov-office-2025", [
        "上海市普陀区2025年", "区级部门预算", "预算主管部门：上海市普陀区人民政府", "办公室"]))
    doc = parse_document(path)
    assert (doc.title, doc.department, doc.year, doc.region, doc.level) == (
        "上海市普陀区2025年区级部门预算", "上海市普陀区人民政府办公室", 2025, "上海市普陀区", "部门")
