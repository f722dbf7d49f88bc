"""The narrative of the Shanghai 区级 template as paragraphs, duties, units, glossary and chunks (issue 12)."""

from __future__ import annotations

from index import chunk_document

from _pdf_docs import pdf_doc  # noqa: F401 (fixture)


def _sections(doc):
    return {p.section.split(" / ")[0] for p in doc.paragraphs}


def test_sections_map_onto_the_canonical_parts(pdf_doc):
    doc = pdf_doc("putuo-gov-office-2025")
    parts = {p.section.split(" / ")[0]: p.part for p in doc.paragraphs}
    # each section is named by its heading as printed, so a citation reads like the page it points to
    assert parts == {"上海市普陀区人民政府办公室主要职能": "第一部分", "上海市普陀区人民政府办公室机构设置": "第一部分",
                     "名词解释": "第四部分", "2025年部门预算编制说明": "第三部分",
                     "其他相关情况说明": "第三部分", "项目经费情况说明": "第三部分"}


def test_duties_units_and_glossary_are_read(pdf_doc):
    # putuo-gov-office-2025.pdf pages 3–5: 14 numbered 主要职能, 2 units, 8 名词解释 entries
    doc = pdf_doc("putuo-gov-office-2025")
    assert [d.number for d in doc.duties] == list(range(1, 15))
    assert doc.duties[0].text.startswith("根据区政府领导的要求") and doc.duties[0].page == 3
    assert [u.number for u in doc.units] == [1, 2] and doc.units[1].text.startswith("下属事业单位上海市普陀区交流服务中心")
    assert list(doc.glossary) == ["财政拨款收入", "事业收入", "事业单位经营收入", "其他收入", "基本支出预算", "项目支出预算",
                                  "“三公”经费", "机关运行经费"]
    assert doc.glossary["机关运行经费"].definition.startswith("指行政单位和参照公务员法管理的事业单位")


def test_text_hidden_above_the_page_is_not_read_twice(pdf_doc):
    # putuo-commerce-2025.pdf page 4 carries the whole 主要职能 text box again, shifted above the page and clipped
    doc = pdf_doc("putuo-commerce-2025")
    assert [d.number for d in doc.duties] == list(range(1, 14))
    texts = [p.text for p in doc.paragraphs if p.section.endswith("主要职能")]
    assert len(texts) >= 13
    assert len(texts) == len(set(texts)), "every duty once"
    assert doc.duties[-1].text == "完成区委、区政府交办的其他任务。" and doc.duties[-1].page == 4
    assert "应急机制" in doc.duties[8].text, "item 9 continues over the page break"


def test_per_code_lines_of_the_explanation_are_paragraphs_of_their_own(pdf_doc):
    doc = pdf_doc("putuo-gov-office-2025")
    lines = [p for p in doc.paragraphs if p.section == "2025年部门预算编制说明" and "主要用于" in p.text]
    assert len(lines) == 12
    assert lines[0].text.startswith("1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元")
    assert lines[8].page == 7


def test_other_explanations_keep_their_heading_path(pdf_doc):
    doc = pdf_doc("putuo-commerce-2025")
    by_section = {}
    for p in doc.paragraphs:
        by_section.setdefault(p.section, []).append(p.text)
    reasons = by_section["其他相关情况说明 / 一、2025年“三公”经费预算情况说明"]
    assert any("主要原因是此部分预算由区外办统一安排" in t for t in reasons)
    assert any("政府采购预算38.20万元" in t for t in by_section["其他相关情况说明 / 三、政府采购预算情况"])
    assert any("共有车辆0辆" in t for t in by_section["其他相关情况说明 / 五、国有资产占有使用情况"])


def test_each_project_is_a_section_with_its_own_headings(pdf_doc):
    doc = pdf_doc("putuo-commerce-2025")
    projects = {p.section.split(" / ")[1] for p in doc.paragraphs if p.section.startswith("项目经费情况说明 / ")}
    # each project is named by its printed title (page 23-26 headings, year-less)
    assert projects == {"科技创新专项经费情况说明", "生命健康专项(政策资金)经费情况说明", "商业创新专项(政策资金)经费情况说明",
                        "贸易高质量发展专项(政策资金)经费情况说明"}
    plan = [p.text for p in doc.paragraphs
            if p.section == "项目经费情况说明 / 生命健康专项(政策资金)经费情况说明 / 六、年度预算安排"]
    assert len(plan) == 1, "a wrapped line starting with an amount ('180.00万，…') is not a numbered item"
    assert plan[0].startswith("2025年度项目总预算1170.00万") and plan[0].endswith("合计1170.00万。")
    subject = [p.text for p in doc.paragraphs if p.section == "项目经费情况说明 / 科技创新专项经费情况说明 / 三、实施主体"]
    assert subject == ["上海市普陀区商务委员会"], "a heading after a bare name starts its own section"


def test_chunks_carry_section_paths_and_pages(pdf_doc):
    doc = pdf_doc("putuo-gov-office-2025")
    chunks = chunk_document(doc)
    tops = {c.top_section for c in chunks}
    assert {"上海市普陀区人民政府办公室主要职能", "上海市普陀区人民政府办公室机构设置", "名词解释", "2025年部门预算编制说明",
            "其他相关情况说明", "项目经费情况说明"} <= tops
    duty = next(c for c in chunks if c.kind == "duty")
    assert duty.section == "上海市普陀区人民政府办公室主要职能" and duty.page > 0 and f"第{duty.page}页" in duty.cite()
    glossary = next(c for c in chunks if c.kind == "glossary" and c.title == "机关运行经费")
    assert glossary.page == doc.glossary["机关运行经费"].page > 0
    assert all(c.page > 0 for c in chunks), "every PDF chunk cites its page"


def test_a_unit_budget_without_project_sections_is_complete(pdf_doc):
    # putuo-gov-office-2025-unit.pdf: its contents stop at 六、其他相关情况说明, and so does the document
    doc = pdf_doc("putuo-gov-office-2025-unit")
    assert "项目经费情况说明" not in _sections(doc) and "其他相关情况说明" in _sections(doc)


def test_a_unit_budget_names_its_explanation_as_printed(pdf_doc):
    # putuo-gov-office-2025-unit.pdf page 5 heads it "2025年单位预算编制说明", not 部门预算编制说明 (issue 12)
    doc = pdf_doc("putuo-gov-office-2025-unit")
    sections = {p.section for p in doc.paragraphs}
    assert "2025年单位预算编制说明" in sections and not any("部门预算编制说明" in s for s in sections)
