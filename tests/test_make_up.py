"""What a budget is made of: income by source, spending by function class, a project's stated parts (the
'其中…万' of its 年度预算安排) — each part cited, the parts summing to the whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core import Assistant
from assistant.conversation import Conversation
from tests._pdf_docs import ask, figure_valued as _figure, pdf_doc  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("question", ["收入来源有哪些", "收入由哪些部分构成", "收入的组成"])
def test_income_is_broken_down_by_source(bot, question):
    a = bot.ask(question, Conversation())
    assert a.status == "answered", a.text
    labels = [f.label for f in a.figures]
    assert any(lab.startswith("财政拨款收入") for lab in labels) and "事业单位经营收入" in labels, labels
    assert any(f.value == Decimal("53451.95") for f in a.figures)


def test_spending_is_broken_down_by_function_class(bot):
    a = bot.ask("支出由哪些部分构成", Conversation())
    assert a.status == "answered", a.text
    assert "社会保障和就业支出 [208]：52,019.22 万元" in a.text and "747.59 + 52,019.22 + 292.37 + 392.77" in a.text


def test_a_projects_stated_parts_answer_follow_ups_and_their_share(ask):
    # putuo-commerce-2025.pdf 商业创新专项 六、年度预算安排: 项目总预算1410.00万，其中…支持促消费提质提升800.00万…
    a, b, c = ask("putuo-commerce-2025", "商业创新专项总预算是多少？", "促消费提质提升那块有多少？",
                  "它占这个专项的比例是多少？")
    assert _figure(a, "1410.00") is not None, a.text
    assert b.status == "answered" and _figure(b, "800.00") is not None and b.citations[0].kind == "narrative", b.text
    assert "800.00 ÷ 1,410.00 = 56.74%" in c.text, c.text


def test_a_part_named_by_a_run_only_it_has_is_found_without_context(ask):
    # 贸易高质量发展专项: …进博会推进专项153.00万… ('进博会' is in no table and no other sentence)
    a, = ask("putuo-commerce-2025", "进博会的钱有多少")
    assert a.status == "answered" and _figure(a, "153.00") is not None, a.text


def test_each_projects_total_is_named_by_its_project(pdf_doc):
    import tools as T
    subjects = [st.subject for st in T.statements(pdf_doc("putuo-commerce-2025")) if st.subject.endswith("项目总预算")]
    assert len(subjects) == len(set(subjects)) == 4, subjects
    assert "商业创新专项项目总预算" in subjects


def test_each_part_of_a_stated_whole_asked_together_is_its_own_figure(ask):
    # putuo-commerce-2025.pdf 政府采购: 货物7.80万元、工程0万元、服务30.40万元
    a, = ask("putuo-commerce-2025", "政府采购预算中，货物、工程、服务分别是多少？")
    assert [_figure(a, v) is not None for v in ("7.80", "0.00", "30.40")] == [True, True, True], a.text
    assert "38.20" not in a.text, "each part, not the whole three times"


def test_a_project_named_with_a_homophone_typo_is_read_as_the_project(ask):
    a, = ask("putuo-commerce-2025", "生命建康专项预算多少")
    assert a.status == "answered" and _figure(a, "1170.00") is not None, a.text
    assert a.query.corrections and a.query.corrections[0][1] == "生命健康专项"


def test_a_threshold_is_no_amount_and_the_documents_kind_names_no_sub_figure(ask, pdf_doc):
    import tools as T
    # putuo-gov-office-2025-unit.pdf: '单价100万元（含）以上设备' is a threshold, not a budget of 100万元
    assert not [st for st in T.statements(pdf_doc("putuo-gov-office-2025-unit")) if st.current == Decimal("100.00")]
    a, = ask("putuo-gov-office-2025-unit", "跟2024年比，单位预算是增加还是减少了？原因是什么")
    assert "减少 2,389.52 万元" in a.text and "项目调整" in a.text, a.text
