"""勾稽关系 through the tools (issue 3): children of every row add up to it; narrative statements agree with tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tools import breakdown, statements
from tools.resolve import catalog


@pytest.fixture(params=["seed", "variant"])
def doc(request, seed_doc, variant_doc):
    return seed_doc if request.param == "seed" else variant_doc


def test_children_of_every_row_sum_to_the_parent_in_every_column(doc):
    cat = catalog(doc)
    checked = 0
    for item in cat.items:
        if not item.children:
            continue
        for measure in item.measures:
            parent = item.value(measure) or Decimal(0)
            kids = sum((cat.items[k].value(measure) or Decimal(0)) for k in item.children)
            assert kids == parent, f"{item.table_name} / {item.label} / {measure}: {kids} ≠ {parent}"
            checked += 1
    assert checked > 100, "needs many parent rows"


def test_breakdown_shares_of_every_parent_sum_to_100(doc):
    for query in ("社会保障和就业支出", "一般公共服务支出", "三公经费", "基本支出", "卫生健康支出"):
        r = breakdown(doc, query)
        assert sum(f.share for f in r.figures) == Decimal("100.00"), query


def test_narrative_three_public_statement_is_parsed(doc):
    k = 1 if doc.year == 2024 else 2
    st = next(s for s in statements(doc) if s.subject == "三公经费")
    assert (st.current, st.signed_delta, st.rate) == (Decimal("30.99") * k, Decimal("7.80") * k, Decimal("33.64"))
    assert st.citation().line == 623 and st.citation().section == "二、“三公”经费支出情况"


def test_narrative_decrease_is_negative(doc):
    k = 1 if doc.year == 2024 else 2
    st = next(s for s in statements(doc) if s.subject == "公务接待费")
    assert (st.current, st.signed_delta, st.rate, st.rate_direction) == (
        Decimal("14.39") * k, Decimal("-0.80") * k, Decimal("5.27"), "下降")
    assert st.citation().line == 631


def test_amounts_followed_by_yishang_are_not_statements(doc):
    # lines 645/647: '单位价值100万元以上的设备0台' is a threshold, not an amount; 639 and 653 around it are statements
    around = [(s.subject, s.paragraph.line_start) for s in statements(doc) if 639 <= s.paragraph.line_start <= 653]
    assert around == [("政府采购预算", 639), ("政府采购货物预算", 639), ("政府采购工程预算", 639),
                      ("政府采购服务预算", 639), ("预算资金", 653), ("财政拨款", 653), ("涉及预算资金", 653),
                      ("财政拨款", 653)]
