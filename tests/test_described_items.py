"""Rows a question describes beyond a generic word it holds ('讨薪…农民工拿到工资', '就业困难人员的社保补贴'): found by the
runs of characters the question shares with few row labels; several equally described rows are each answered, labelled. Also
the figures a ranking listed, added when a follow-up points back at them, and a speaker's own words before 市 that name
no place."""

from __future__ import annotations

from decimal import Decimal

from _conversations import bot, talk  # noqa: F401  (fixture)

from assistant.scope import other_place
from tools.describe import described


def test_a_generic_word_is_refined_by_the_rare_words_beside_it(seed_doc):
    # '工资' is found as a wording; '农民工' beside it is held by one row only, which holds 工资 too
    assert described(seed_doc, "讨薪这块，保障农民工拿到工资的工作有多少经费", "工资") == ["保障农民工工资支付工作经费"]


def test_two_rows_described_alike_are_both_readings(seed_doc):
    assert described(seed_doc, "给就业困难人员的社保补贴有多少", "社保补贴") == [
        "就业困难人员灵活就业社会保险补贴", "用人单位吸纳就业困难人员社会保险补贴"]


def test_a_wording_that_names_its_row_is_not_described_again(seed_doc):
    assert described(seed_doc, "三公经费是多少", "三公经费") == []
    assert described(seed_doc, "因公出国（境）费今年安排了多少", "出国") == []  # two characters beside it: chance
    assert described(seed_doc, "工资是多少", "工资") == []


def test_the_described_row_is_answered_with_its_cell(bot):  # noqa: F811
    a, = talk(bot, "讨薪这块，就是保障农民工拿到工资的工作，人社局有多少经费")
    assert a.status == "answered" and [f.value for f in a.figures] == [Decimal("50.00")]
    assert a.citations[0].table == "项目支出预算情况表" and a.citations[0].row_label == "保障农民工工资支付工作经费"


def test_each_reading_is_answered_and_labelled(bot):  # noqa: F811
    a, = talk(bot, "给就业困难人员的社保补贴有多少")
    assert a.text.startswith("问题所说的可能是以下2项")
    assert {Decimal("117.00"), Decimal("47.00")} <= {f.value for f in a.figures}


def test_the_two_a_ranking_listed_are_added_as_listed(bot):  # noqa: F811
    *_, total = talk(bot, "项目支出里钱最多的是哪个项目？多少钱？", "第二个呢", "这两个一共多少钱？")
    summed = next(f for f in total.figures if f.basis == "computed")
    # the two rows ranked (21,933.00 and 12,831.00), not every row sharing the second one's name (+ 800.00)
    assert summed.value == Decimal("34764.00") and summed.computation == "21,933.00 + 12,831.00 = 34,764.00 万元"
    assert len(summed.citations) == 2


def test_the_speakers_own_words_before_shi_name_no_place(seed_doc):
    assert other_place(seed_doc, "我就想知道市里人社局今年在这个补贴上放了多少预算") is None
    assert other_place(seed_doc, "我想知道烟台市人社局的三公经费") == "烟台市"


def test_a_long_name_shortened_keeps_its_characters_in_order(seed_doc):
    from tools.describe import abbreviated

    # a special fund of the 绩效目标表, said without 市级财政
    assert abbreviated(seed_doc, "居民养老保险补助资金有多少", "养老保险") == ["居民养老保险市级财政补助资金"]
    assert abbreviated(seed_doc, "流动人员档案管理费多少钱", "档案") == ["流动人员人事档案管理费"]
    assert abbreviated(seed_doc, "三公经费是多少", "三公经费") == []  # a name said whole is not shortened
    assert abbreviated(seed_doc, "养老保险是多少", "养老保险") == []  # nothing said beside the word


def test_a_later_element_of_an_enumeration_shares_the_first_ones_head(seed_doc):
    from assistant.parts import split

    assert split(seed_doc, "公务用车购置费和运行维护费各多少？") == [["公务用车购置费多少？", "公务用车运行维护费多少？"]]
    assert split(seed_doc, "行政单位医疗和事业单位医疗各多少") == [["行政单位医疗多少", "事业单位医疗多少"]]



def test_a_fund_named_by_its_subject_is_not_its_implementing_unit(bot):
    a = bot.ask("人事考试费用那个项目，巡视人员劳务费按什么标准？")  # 人事考试费用, not 人事考试中心's projects
    assert "400元/人/天" in a.text and "项目数" not in a.text, a.text
    a = bot.ask("人事考试中心实施了几个项目")  # the unit itself still counts its projects
    assert "1 个" in a.text, a.text


def test_what_an_item_is_quotes_its_definition(bot):
    a = bot.ask("公务接待费是什么")
    assert "公务接待费反映单位按规定开支的各类接待" in a.text, a.text
    a = bot.ask("三公经费增加的原因是什么")  # a reason, not a definition
    assert "比上年增加 7.80 万元" in a.text, a.text


def test_what_an_item_is_spent_on_quotes_the_glossary_sentence_inside_another_entry():
    from tests._pdf_docs import parsed
    from assistant.core import Assistant

    bot = Assistant.from_document(parsed("putuo-gov-office-2025-unit"), retrieval=False)
    a = bot.ask("因公出国（境）费一般都安排在哪些事情上？")  # defined inside the “三公”经费 entry
    assert a.status == "answered" and "因公出国（境）费主要安排" in a.text and "国际合作交流" in a.text, a.text
    assert "没有单独解释" not in a.text, a.text


def test_what_a_shortened_fund_name_is_for_quotes_its_goal(bot):
    a = bot.ask("养老保险缺口补助是给谁的")  # 市直机关事业单位养老保险基金缺口补助资金's 年度目标
    assert a.status == "answered" and "弥补因机关养老保险基金收支产生的缺口资金" in a.text, a.text


def test_which_projects_have_an_indicator_of_a_kind_lists_each_with_its_cited_indicator(bot):
    a = bot.ask("哪些项目有满意度指标")
    assert a.status == "answered" and "共 33 个" in a.text, a.text
    assert "社保基金征缴奖励（威海市社会保险事业中心）：满意度指标/服务对象满意度指标/社会保险参保单位满意度 ≥95%" in a.text, a.text
    assert len(a.citations) == 33, a.citations
