"""More kinds of question on the real Shanghai 区级 PDFs (issue 12): a class label's stem, sums over several 类,
a reason for a zero, the narrative's own figures (编制说明, 政府采购 split by 、), changes stated against 预算执行数,
and column labels a reader can name. Each figure exact with its page."""

from __future__ import annotations

from _pdf_docs import ask, figure_valued as _figure, parsed  # noqa: F401 - ask is a fixture


def test_a_class_stem_reads_the_class_row_not_every_row_containing_it(ask):
    # issue 12 — putuo-gov-office-2025.pdf page 11: 208 社会保障和就业支出 合计 4,213,779.28 元
    a, = ask("putuo-gov-office-2025", "社会保障和就业是多少")
    assert a.status == "answered", a.text
    f = _figure(a, "4213779.28")
    assert f is not None and f.unit == "元", a.text
    assert "其他" not in a.text.split("出处")[0], "the class row only, not its namesakes"
    cite = a.citations[f.citations[0] - 1]
    assert cite.row_label == "社会保障和就业支出" and cite.page in (9, 11, 14)


def test_a_sum_over_three_classes_named_by_their_first_words(ask):
    # page 11-12: 208 4,213,779.28 + 210 1,097,073.43 + 221 3,609,125.22 = 8,919,977.93 元
    a, = ask("putuo-gov-office-2025", "社会保障、卫生健康、住房保障支出合计")
    assert _figure(a, "8919977.93") is not None, a.text
    assert "4,213,779.28 + 1,097,073.43 + 3,609,125.22 = 8,919,977.93" in a.text, a.text


def test_why_a_三公_item_is_zero_quotes_the_三公_section_not_the_glossary(ask):
    # putuo-commerce-2025.pdf page 22: “（二）公务用车购置及运行费0万元，与2024年预算持平，主要原因是无公务用车车辆。”
    a, = ask("putuo-commerce-2025", "公务用车购置及运行费为什么是0？")
    assert "无公务用车车辆" in a.text, a.text
    assert not any(c.section == "名词解释" for c in a.citations), a.text
    assert any(c.page == 22 for c in a.citations), a.citations


def test_a_figure_asked_of_the_编制说明_is_the_narratives_in_万元_with_the_table_cell(ask):
    # putuo-gov-office-2025-unit.pdf page 6: 收入预算9,101.68万元; page 8 收入总计 91,016,775.35 元
    a, = ask("putuo-gov-office-2025-unit", "单位预算编制说明里收入预算一共多少万元？")
    f = _figure(a, "9101.68")
    assert f is not None and f.unit == "万元", a.text
    assert {a.citations[n - 1].page for n in f.citations} == {6}, a.citations
    table = _figure(a, "91016775.35")
    assert table is not None and table.unit == "元", "the table cell that publishes it, in its own unit"
    assert 8 in {a.citations[n - 1].page for n in table.citations}, a.citations


def test_each_procurement_kind_of_a_listing_is_a_stated_figure(ask):
    # putuo-commerce-2025.pdf: 政府采购货物预算7.80万元、政府采购工程预算0万元、政府采购服务预算30.40万元
    a, = ask("putuo-commerce-2025", "政府采购中货物和服务各多少")
    assert _figure(a, "7.80") is not None and _figure(a, "30.40") is not None, a.text
    assert "服务预算（2025年）为 30.40 万元" in a.text, a.text


def test_a_change_stated_against_预算执行数_gives_last_years_figure_and_rate(ask):
    # putuo-commerce-2025.pdf page 6: 财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元
    a, = ask("putuo-commerce-2025", "财政拨款收入比上年增加多少？")
    assert _figure(a, "24558.18") is not None, a.text
    assert "37,151.47 − 24,558.18 = 12,593.29" in a.text, a.text
    assert "195.01%" in a.text, a.text  # 24,558.18 ÷ 12,593.29


def test_a_change_question_with_its_rate_keeps_its_item(ask):
    # putuo-gov-office-2025-unit.pdf page 6: 财政拨款收入9,101.68万元，比2024年预算减少2,389.52万元 → −20.79%
    a, = ask("putuo-gov-office-2025-unit", "财政拨款比上年变化了多少？变化率是多少？")
    assert "减少 2,389.52 万元" in a.text and "下降 20.79%" in a.text, a.text


def test_a_column_of_the_total_row_is_labelled_by_the_column_not_its_header_path(ask):
    # page 8/19: 公用经费 2,132,777.54 元
    a, = ask("putuo-gov-office-2025-unit", "公用经费占基本支出的比重是多少？")
    assert "预算数/基本支出/公用经费" not in a.text and "公用经费（支出总计）" in a.text, a.text
    assert "2025年预算单位" not in a.text.split("出处")[0], a.text


def test_an_unchanged_三公_total_is_explained_item_by_item(ask):
    # putuo-commerce-2025.pdf pages 21-22: 合计 1.00 万元 持平; 出国 0 (由区外办统一安排), 公务用车 0 (无公务用车车辆),
    # 公务接待费 1.00 (实际业务需求; its reason is the sentence after its amount)
    a, = ask("putuo-commerce-2025", "三公经费每一项的原因分别是什么？")
    assert "区外办" in a.text and "无公务用车车辆" in a.text and "实际业务需求" in a.text, a.text
    assert _figure(a, "1.00") is not None and _figure(a, "0.00") is not None, a.text
    assert "文件没有说明" not in a.text


def test_a_vehicle_count_quotes_the_state_assets_section_not_the_units(ask):
    # putuo-gov-office-2025.pdf page 21: 共有车辆0辆; 2025年部门预算安排购置车辆0辆
    a, b = ask("putuo-gov-office-2025", "单位有几辆车？"), ask("putuo-gov-office-2025", "今年预算安排购置车辆多少辆")
    a, b = a[0], b[0]
    assert "共有车辆0辆" in a.text and "国有资产" in a.citations[0].section, a.text
    assert "安排购置车辆0辆" in b.text and b.citations[0].page == 21, b.text


def test_an_english_share_naming_the_whole_first_divides_the_part_by_it(ask):
    # putuo-gov-office-2025.pdf page 20: 因公出国（境）费 839.00 / “三公”经费 867.50 万元 = 96.71%
    a, = ask("putuo-gov-office-2025", "What share of the three public expenses is overseas travel?")
    assert "96.71%" in a.text and "839.00 ÷ 867.50" in a.text, a.text


def test_a_share_of_two_narrative_figures_is_computed_from_their_sentences(ask):
    # page 21: 面向中小企业预留政府采购项目预算金额34万元; 政府采购预算34万元 → 100.00%
    a, = ask("putuo-gov-office-2025", "面向中小企业预留的采购金额占政府采购预算的比例是多少")
    assert _figure(a, "100.00") is not None and "34.00 ÷ 34.00 = 100.00%" in a.text, a.text
    assert all(c.page == 21 for c in a.citations), a.citations


def test_a_share_across_tables_in_different_units_converts_first(ask):
    # page 20 “三公”经费 867.50 万元 (万元 table) over page 8 支出总计 91,016,775.35 元 → 9.53%, never 0.00%
    a, = ask("putuo-gov-office-2025", "三公经费占总支出的比例")
    assert "867.50 万元 × 10,000 = 8,675,000.00 元" in a.text and "9.53%" in a.text, a.text


def test_tools_add_and_compare_cells_of_tables_in_different_units_in_元():
    # putuo-gov-office-2025.pdf: “三公”经费 867.50 万元 (page 20) and 208 社会保障和就业支出 4,213,779.28 元 (page 11)
    import tools as T

    doc = parsed("putuo-gov-office-2025")
    s = T.total(doc, ["三公经费", "社会保障和就业支出"])
    assert s.ok and str(s.value) == "12888779.28" and s.unit == "元", s
    assert "867.50 万元 × 10,000 = 8,675,000.00 元" in s.computation
    d = T.compare(doc, "社会保障和就业支出", "三公经费")
    assert d.ok and str(d.value) == "-4461220.72" and d.unit == "元", d


def test_a_share_asked_as_whole_then_part_reads_the_narratives_figures(ask):
    # page 21: of 政府采购预算34万元, 面向中小企业预留…34万元 (not the 小型和微型企业 line)
    a, = ask("putuo-gov-office-2025", "政府采购预算中预留给中小企业的比例是多少")
    assert "面向中小企业预留" in a.text and "100.00%" in a.text, a.text


def test_a_sum_over_the_per_project_explanations_adds_each_annual_budget(ask):
    # putuo-commerce-2025.pdf pages 23-26, each 六、年度预算安排: 科技创新 1720.00 + 生命健康 1170.00 + 商业创新 1410.00
    # + 贸易高质量发展 2921.00 = 7221.00 万
    a, = ask("putuo-commerce-2025", "所有专项资金项目加起来多少")
    assert _figure(a, "7221.00") is not None, a.text
    assert "1,720.00 + 1,170.00 + 1,410.00 + 2,921.00 = 7,221.00 万元" in a.text, a.text
    b, = ask("putuo-commerce-2025", "贸易高质量发展专项和生命健康专项一共多少")
    assert _figure(b, "4091.00") is not None and {c.page for c in b.citations} == {24, 26}, b.text


def test_a_wording_two_project_names_share_gets_each_projects_budget(ask):
    # putuo-commerce-2025.pdf 项目经费情况说明: 科技创新专项 总预算1720.00万, 商业创新专项 总预算1410.00万
    a, = ask("putuo-commerce-2025", "创新专项预算多少？")
    assert "科技创新专项：2025年度总预算 1,720.00 万元" in a.text and "商业创新专项：2025年度总预算 1,410.00 万元" in a.text
    assert len(a.citations) == 2 and all(c.kind == "narrative" for c in a.citations)
    b, = ask("putuo-commerce-2025", "科技创新专项预算多少")
    assert "1,720.00 万元" in b.text and "1,410.00" not in b.text, b.text


def test_the_two_last_items_plus_one_named_are_added(ask):
    # putuo-gov-office-2025-unit.pdf page 19: 绩效工资 2,335,998.00 + 基本工资 2,540,192.00 + 津贴补贴 9,572,367.00 元
    *_, a = ask("putuo-gov-office-2025-unit", "绩效工资预算多少", "基本工资呢", "把这俩再加上津贴补贴，总共多少")
    assert "14,448,557.00 元" in a.text, a.text


def test_a_pronoun_for_the_department_names_no_item(ask):
    a, = ask("putuo-gov-office-2025-unit", "他们今年买办公设备的钱有多少")  # page 19: 办公设备购置 200,000.00 元
    assert a.status == "answered" and "200,000.00 元" in a.text, a.text


def test_how_many_projects_without_a_project_table_is_the_count_the_narrative_states(ask):
    for q in ("有几个项目", "商务委有几个项目"):  # page 22: 编报绩效目标的项目共25个
        a, = ask("putuo-commerce-2025", q)
        assert a.status == "answered" and "25个" in a.text and "编报绩效目标的项目" in a.text, a.text
    a, = ask("putuo-commerce-2025", "项目是11个吧")  # a claimed count, checked against it
    assert a.text.startswith("不对：编报绩效目标的项目为 25 个"), a.text


def test_questions_separated_by_spaces_are_each_answered_from_the_tables_cells(ask):
    # putuo-gov-office-2025.pdf page 12: 卫生健康支出 1,097,073.43 元, 行政单位医疗 782,855.28 元
    a, = ask("putuo-gov-office-2025", "卫生健康支出多少元 行政单位医疗多少元 行政单位医疗占卫生健康支出百分之几")
    assert "1,097,073.43 元" in a.text and "782,855.28 元" in a.text and "71.36%" in a.text, a.text
    assert "782,900.00" not in a.text, a.text  # not the narrative's 78.29 万元 converted


def test_a_column_of_the_economic_table_ranks_its_rows_and_the_next_place_follows(ask):
    # putuo-gov-office-2025.pdf page 19, 公用经费 column: 福利费 483,840.00, then 其他交通费用 379,600.00 元
    first, second = ask("putuo-gov-office-2025", "公用经费里哪一项最多？", "第二个呢")
    assert "福利费" in first.text and "483,840.00 元" in first.text, first.text
    assert "其他交通费用" in second.text and "379,600.00 元" in second.text, second.text


def test_a_column_printed_in_the_templates_own_words_is_a_share_of_its_row(ask):
    # putuo-commerce-2025-unit.pdf page 9: 一般公共服务支出 人员经费 10,823,891.00 of 21,601,733.00 元 → 50.11%
    a, = ask("putuo-commerce-2025-unit", "一般公共服务支出里人员经费占多少")
    assert "10,823,891.00 元" in a.text and "50.11%" in a.text and "中人员经费占一般公共服务支出" in a.text, a.text


def test_hundred_million_yuan_in_english_converts_to_亿元(ask):
    a, = ask("putuo-commerce-2025-unit", "What is the total budget in 100 million yuan?")
    assert "亿元" in a.text and "÷ 100,000,000" in a.text, a.text


def test_a_change_asked_of_one_side_of_the_budget_answers_that_side_alone(ask):
    # putuo-commerce-2025.pdf page 7: 支出 +24,491.71 万元 against 2024年预算; 收入 +24,558.18 against 预算执行数
    a, = ask("putuo-commerce-2025", "支出增加的主要原因是什么")
    assert "24,491.71" in a.text and "24,558.18" not in a.text and "政策资金项目预算增加" in a.text, a.text
