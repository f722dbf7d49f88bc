"""Questions across documents worded as people word them: two years named ('24年和25年', '哪年多', '翻了几倍'), several
departments by count ('这四个部门'), '两家加起来' after one department then another, a part per item, the ratio asked
beside the difference, and equal figures said to be equal. Every figure is each document's own, cited to it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_library import NEXT_YEAR, OTHER_CITY, REAL, SEED, ask

from assistant.library import Library


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load([SEED, NEXT_YEAR, OTHER_CITY, REAL / "putuo-gov-office-2025.pdf",
                         REAL / "putuo-commerce-2025.pdf"], retrieval=False)


def values(answer, unit: str | None = None) -> set[Decimal]:
    return {f.value for f in answer.figures if unit is None or f.unit == unit}


def cited_documents(answer) -> set[str]:
    return {c.document for c in answer.citations}


def test_two_short_years_named_compare_the_two_documents(library):
    a, = ask(library, "社会保险经办机构这一项，威海人社局24年和25年各安排了多少？")
    assert a.status == "answered"
    assert {Decimal("10467.30"), Decimal("20934.60"), Decimal("100.00")} <= values(a)
    assert cited_documents(a) == {"weihai-hrss-2024", "weihai-hrss-2025"}


def test_which_year_asks_for_both_years_and_the_change(library):
    a, = ask(library, "社会保险经办机构这一项，威海人社局哪年的预算多？多多少？")
    assert {Decimal("10467.30"), Decimal("20934.60")} <= values(a, "万元")
    assert "增加 10,467.30 万元" in a.text


def test_how_many_times_across_years_shows_the_ratio_with_its_division(library):
    a, = ask(library, "威海人社局“行政事业单位养老支出”这一款，25年比24年翻了几倍？")
    ratio = next(f for f in a.figures if f.unit == "倍")
    assert ratio.value == Decimal("2.00") and ratio.computation == "44,783.08 ÷ 22,391.54 = 2.00 倍"
    assert "2025年是2024年的 2.00 倍" in a.text


def test_the_wording_of_the_documents_is_kept_out_of_the_frame_words(library):
    a, = ask(library, "2025年这四个部门里，谁安排了科学技术支出？各是多少？没有的也说一下。")
    assert a.status == "answered"
    assert a.query.parts[0].operands[0].item == "科学技术支出"
    assert Decimal("17200000.00") in values(a, "元")  # 商务委's row, in 元
    assert "没有找到这一项：上海市普陀区人民政府办公室" in a.text


def test_a_part_per_item_across_years(library):
    a, = ask(library, "威海人社局政府采购预算比去年多多少？其中政府采购服务预算多了多少？")
    assert [p.operands[0].item for p in a.query.parts] == ["政府采购预算", "政府采购服务预算"]
    assert {Decimal("129.11"), Decimal("258.22"), Decimal("113.90"), Decimal("227.80")} <= values(a, "万元")


def test_the_ratio_beside_the_difference_across_departments(library):
    a, = ask(library, "区府办和商务委的基本支出谁多？多多少？是几倍？")
    assert "上海市普陀区人民政府办公室 2025年部门预算比上海市普陀区商务委员会 2025年部门预算多" in a.text
    ratio = next(f for f in a.figures if f.unit == "倍")
    assert ratio.value == Decimal("1.24") and ratio.computation == "24,606,775.35 ÷ 19,830,655.00 = 1.24 倍"
    assert cited_documents(a) == {"putuo-gov-office-2025", "putuo-commerce-2025"}


def test_a_difference_across_units_shows_the_conversion_in_its_arithmetic(library):
    a, = ask(library, "普陀商务委的项目支出跟威海人社局2025年的项目支出比，哪个多？差多少？")
    diff = next(f for f in a.figures if "差额" in f.label)
    assert diff.value == Decimal("620836000.00") and diff.unit == "元"
    assert diff.computation.startswith("97,252.00 万元 × 10,000 = 972,520,000.00 元；")
    assert "项目支出项目支出" not in a.text  # the item named once, though the question names it for each side


def test_equal_figures_are_said_to_be_equal_not_more(library):
    a, = ask(library, "海州人社局和威海人社局2025年的预算盘子谁更大？")
    assert "相等，差额 0.00 万元" in a.text and "多，" not in a.text.splitlines()[0]


def test_both_departments_the_conversation_named_one_at_a_time(library):
    first, second, both, which = ask(library, "普陀区府办2025年一般公共服务支出是多少？", "商务委呢？", "两家加起来呢？",
                                     "两个部门谁多？")
    assert both.status == "answered" and both.documents == ["putuo-gov-office-2025", "putuo-commerce-2025"]
    assert Decimal("103698530.42") in values(both, "元")  # 82,096,797.42 + 21,601,733.00
    assert Decimal("60495064.42") in values(which, "元")
    assert "威海" not in both.text + which.text


def test_an_item_printed_in_two_rows_is_their_sum_in_each_year(library):
    a, = ask(library, "“社保基金征缴奖励”这个项目，威海人社局24年和25年各安排了多少钱？")
    assert a.status == "answered"
    assert {Decimal("240.00"), Decimal("480.00")} <= values(a, "万元")  # 170 + 70, and 340 + 140
    assert "2024年 170.00 + 70.00 = 240.00 万元" in a.text
    assert len([c for c in a.citations if c.document == "weihai-hrss-2024"]) == 2  # each row cited


def test_how_many_times_one_department_is_another(library):
    a, = ask(library, "区府办的人员经费是商务委的几倍")
    ratio = next(f for f in a.figures if f.unit == "倍")
    assert ratio.computation == "22,473,997.81 ÷ 18,120,593.00 = 1.24 倍"
    assert a.query.parts[0].operation == "ratio"


def test_doubled_and_from_to_years_are_no_part_of_the_item(library):
    a, = ask(library, "威海人社局2025年预算比2024年翻了一番吗？")
    assert a.status == "answered" and Decimal("2.00") in values(a)  # 106,903.90 ÷ 53,451.95
    b, = ask(library, "威海人社局2024年到2025年人员经费的变化")
    assert b.query.parts[0].operands[0].item == "人员经费" and Decimal("4544.75") in values(b, "万元")


@pytest.fixture(scope="module")
def real_two_years():
    """The real 2025 budget of one Shanghai office and a consistent previous year made from it in memory (year − 1,
    every table amount halved): the Shanghai template across years, tables in 元 and the 三公 table in 万元"""
    import copy

    from assistant.core import Assistant
    from index import load_document
    from index.catalog import entry_of

    new = load_document(REAL / "putuo-gov-office-2025.pdf")
    old = copy.deepcopy(new)
    old.year = 2024
    for t in old.tables:
        t.title = t.title.replace("2025", "2024")
        for col in t.amount_columns:
            t.frame[col] = t.frame[col].map(lambda v: (Decimal(v) / 2).quantize(Decimal("0.01")) if v == v and v is not None
                                            else v)
    docs = {"gov-office-2024": old, "gov-office-2025": new}
    return Library({k: Assistant.from_document(d, retrieval=False) for k, d in docs.items()},
                   {k: entry_of(d, k) for k, d in docs.items()})


def test_the_shanghai_template_across_years_each_figure_from_its_own_year(real_two_years):
    a, = ask(real_two_years, "区府办2025年三公经费比2024年增加多少？")
    assert {Decimal("867.50"), Decimal("433.75"), Decimal("100.00")} <= values(a)  # the 三公 table, in 万元
    b, = ask(real_two_years, "普陀区府办一般公共服务支出比去年多多少")
    assert {Decimal("82096797.42"), Decimal("41048398.71")} <= values(b, "元")
    assert cited_documents(b) == {"gov-office-2024", "gov-office-2025"}
    one, other = ask(real_two_years, "区府办2024年的基本支出是多少", "2025年呢")
    assert values(one, "元") == {Decimal("12303387.68")} and values(other, "元") == {Decimal("24606775.35")}


def test_a_times_b_divides_in_the_order_the_question_names_them(library):
    a, = ask(library, "威海人社局2025年的三公经费是区府办的几倍")
    ratio = next(f for f in a.figures if f.unit == "倍")
    assert ratio.computation == "61.98 ÷ 867.50 = 0.07 倍" and "多，" not in a.text  # no difference was asked
    b, = ask(library, "威海人社局2024年的三公经费是2025年的几倍")
    assert next(f for f in b.figures if f.unit == "倍").computation == "30.99 ÷ 61.98 = 0.50 倍"


def test_one_years_figure_stated_in_another_years_budget_stays_in_that_budget(library):
    a, = ask(library, "威海人社局2025年部门预算中2024年的公务接待费是多少")
    assert a.documents == ["weihai-hrss-2025"] and values(a, "万元") == {Decimal("30.38")}  # its own 2024 column


def test_these_two_after_two_items_of_one_department_are_the_items(library):
    *_, both = ask(library, "海州人社局的三公经费是多少", "威海人社局2025年的公务接待费是多少", "因公出国（境）经费呢",
                   "这两个加起来多少")
    assert both.documents == ["weihai-hrss-2025"] and Decimal("49.98") in values(both, "万元")  # 28.78 + 21.20


def test_a_ratio_after_a_ranking_is_a_ratio(library):
    _, a = ask(library, "哪个部门的三公经费最多", "区府办的三公经费是商务委的几倍")
    assert a.query.parts[0].operation == "ratio"
    assert next(f for f in a.figures if f.unit == "倍").computation == "867.50 ÷ 1.00 = 867.50 倍"


def test_fewer_departments_counted_than_loaded_asks_which(library):
    a, = ask(library, "三个部门的机关运行经费加起来多少")
    assert a.status == "clarify" and "请说明是哪3个" in a.text and not a.figures


def test_a_department_of_a_loaded_place_that_is_not_loaded_is_refused(library):
    # 普陀区 is loaded (区府办, 商务委); its 人力资源和社会保障局 is not: never the 人社局 figures of other cities
    a, = ask(library, "普陀区人力资源和社会保障局2025年部门预算总额是多少？")
    assert a.status == "not_in_document" and "普陀区人力资源和社会保障局" in a.text, a.text
    assert not a.figures


def test_two_years_named_without_a_department_choose_the_one_with_both_budgets(library):
    a, = ask(library, "社会保障和就业支出24年到25年增加了多少，增幅多少")
    assert a.status == "answered" and {Decimal("52019.22"), Decimal("104038.44"), Decimal("100.00")} <= values(a)
    assert cited_documents(a) == {"weihai-hrss-2024", "weihai-hrss-2025"}


def test_a_change_asked_after_a_figure_compares_that_figure_across_the_years(library):
    first, then = ask(library, "威海人社局2025年三公经费多少", "和2024年比增长多少？")
    assert {Decimal("61.98"), Decimal("30.99")} <= values(then) and "增加 30.99 万元" in then.text, then.text
    assert cited_documents(then) == {"weihai-hrss-2024", "weihai-hrss-2025"}


def test_a_follow_up_naming_another_document_and_pointing_back_asks_the_last_question_there(library):
    turns = ask(library, "海州市人社局的居民养老保险市级财政补助资金年度预算多少？", "威海2025年这一项呢",
                "威海2024年的？", "所以威海这项两年间涨了多少")
    assert [t.status for t in turns] == ["answered"] * 4, [t.text for t in turns]
    assert Decimal("16274.00") in values(turns[1]) and cited_documents(turns[1]) == {"weihai-hrss-2025"}
    assert Decimal("8137.00") in values(turns[2]) and cited_documents(turns[2]) == {"weihai-hrss-2024"}
    assert "增加 8,137.00 万元" in turns[3].text, turns[3].text


def test_what_a_departments_budget_leaves_out_is_read_from_its_unit_budget():
    lib = Library.load([REAL / "putuo-gov-office-2025.pdf", REAL / "putuo-gov-office-2025-unit.pdf", SEED],
                       retrieval=False)
    a, = ask(lib, "普陀区政府办公室有多少个内设科室？")  # listed in the 单位预算 only
    assert a.status == "answered" and "10 个" in a.text and a.documents == ["putuo-gov-office-2025-unit"], a.text
    lib = Library.load([REAL / "putuo-commerce-2025.pdf", REAL / "putuo-gov-office-2025.pdf",
                        REAL / "putuo-gov-office-2025-unit.pdf"], retrieval=False)
    first, then = ask(lib, "普陀商务委内设机构有几个", "区府办呢")  # the same fallback for a follow-up
    assert "9 个" in first.text and "10 个" in then.text and then.documents == ["putuo-gov-office-2025-unit"], then.text


def test_a_share_across_departments_is_each_documents_own_share_ranked(library):
    a, = ask(library, "基本支出占总支出的比例，2025年哪个部门最高？")
    assert a.status == "answered" and {Decimal("27.04"), Decimal("9.03"), Decimal("5.34")} <= values(a, "%"), a.text
    assert a.text.index("27.04%") < a.text.index("9.03%") < a.text.index("5.34%"), a.text


def test_a_sum_and_a_ranking_asked_together_across_departments_are_both_answered(library):
    a, = ask(library, "四个部门2025年的三公经费加起来一共多少万？哪家最多？")
    assert Decimal("992.46") in values(a, "万元") and "普陀区人民政府办公室 2025年部门预算最多" in a.text, a.text
    a, = ask(library, "机关运行经费2025年哪个部门最少？跟最多的差多少")
    assert Decimal("67.99") in values(a, "万元") and "商务委员会 2025年部门预算最少" in a.text, a.text


def test_english_follow_ups_move_to_the_year_before_and_compare_two_named_departments(library):
    first, before, times = ask(library, "What is the total 2025 budget of the Weihai human resources and social security bureau?",
                               "And the year before?",
                               "How many times bigger is Weihai's 2025 total than Putuo's commerce commission 2025 total?")
    assert Decimal("53451.95") in values(before) and before.documents == ["weihai-hrss-2024"], before.text
    assert Decimal("2.88") in values(times, "倍") and set(times.documents) == {"weihai-hrss-2025", "putuo-commerce-2025"}, \
        times.text


def test_a_count_across_departments_reads_each_documents_number_of_things(library):
    a, = ask(library, "这几个2025年的部门里，哪些有公务用车？各几辆")
    assert {(f.value, f.unit) for f in a.figures} >= {(Decimal("2"), "辆"), (Decimal("0"), "辆")}, a.text
    assert "各几辆" not in a.text and "万元" not in a.text, a.text


def test_these_few_departments_is_not_a_count_of_things(library):
    a, = ask(library, "这几个部门的机关运行经费一共多少？")
    assert a.status == "answered" and Decimal("862.29") in values(a, "万元"), a.text


def test_an_average_across_departments_divides_their_sum_by_their_number(library):
    a, = ask(library, "2025年四个部门的公务接待费平均每家多少")
    assert Decimal("87.06") in values(a, "万元") and Decimal("21.77") in values(a, "万元"), a.text
    assert "87.06 ÷ 4 = 21.77" in a.text and "平均每家：" not in a.text, a.text


def test_a_share_of_each_departments_own_whole_is_ranked(library):
    a, = ask(library, "哪个部门的项目支出占比最高")
    assert a.text.index("94.66%") < a.text.index("90.97%") < a.text.index("72.96%"), a.text


def test_a_new_question_about_another_department_is_not_answered_with_the_last_questions_figure(library):
    first, then = ask(library, "威海2025年三公经费多少", "那普陀商务委这个部门的职工人数是多少")
    assert then.status == "not_in_document" and not then.figures, then.text


def test_two_years_asked_one_after_the_other_are_each_read_from_their_own_budget(library):
    a, = ask(library, "威海人社局的三公经费2024年是多少，2025年呢")
    assert {Decimal("30.99"), Decimal("61.98")} <= values(a, "万元") and Decimal("46.38") not in values(a), a.text


def test_an_english_change_over_last_year_compares_the_two_years(library):
    first, then = ask(library, "What is Weihai's 2025 三公 spending?", "How much did it grow over last year?")
    assert {Decimal("61.98"), Decimal("30.99"), Decimal("100.00")} <= values(then), then.text


def test_an_average_count_across_departments_is_a_count_with_its_cents(library):
    a, = ask(library, "各部门平均有多少个项目")
    assert "23.50 个" in a.text and "万元" not in a.text, a.text
