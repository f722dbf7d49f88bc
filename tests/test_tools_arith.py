"""Arithmetic properties (issue 3): exact Decimals, shares of a complete breakdown sum to 100%, change is antisymmetric."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tools import arith

cents = st.integers(min_value=0, max_value=10**12).map(lambda c: Decimal(c) / 100)
signed_cents = st.integers(min_value=-(10**12), max_value=10**12).map(lambda c: Decimal(c) / 100)


@given(st.lists(cents, min_size=1, max_size=30).filter(lambda xs: sum(xs) > 0))
def test_shares_of_a_complete_breakdown_sum_to_100(parts):
    shares, _ = arith.largest_remainder(parts, sum(parts))
    assert sum(shares) == Decimal("100.00"), shares
    assert all(s.as_tuple().exponent == -2 for s in shares), "shares carry exactly 2 decimals"


@given(st.lists(cents, min_size=1, max_size=30).filter(lambda xs: sum(xs) > 0))
def test_largest_remainder_moves_each_share_by_less_than_a_cent(parts):
    whole = sum(parts)
    shares, _ = arith.largest_remainder(parts, whole)
    for p, s in zip(parts, shares):
        assert abs(s - p * 100 / whole) < Decimal("0.01")


@given(signed_cents, signed_cents)
def test_change_is_antisymmetric(a, b):
    assert arith.change(a, b).diff == -arith.change(b, a).diff


@given(signed_cents, signed_cents)
def test_change_diff_is_exact_to_the_cent(a, b):
    ch = arith.change(a, b)
    assert ch.diff == a - b and ch.diff.as_tuple().exponent >= -2


@given(st.lists(signed_cents, max_size=20))
def test_sum_text_shows_every_addend_and_the_exact_total(values):
    total, text = arith.sum_text(values)
    assert total == sum(values, Decimal(0))
    assert text.endswith(f"= {arith.fmt_amount(total)} 万元")
    assert text.count("+") == max(0, len(values) - 1)


@given(cents)
def test_unit_conversion_round_trips_exactly(value):
    yuan, _ = arith.convert(value, "万元", "元")
    back, _ = arith.convert(yuan, "元", "万元")
    assert back == value
    yi, _ = arith.convert(value, "万元", "亿元")
    assert yi * 10_000 == value


def test_change_shows_the_arithmetic_a_citizen_can_follow():
    ch = arith.change(Decimal("30.99"), Decimal("23.19"))
    assert ch.text == "30.99 − 23.19 = 7.80 万元；7.80 ÷ 23.19 = 33.64%"
    assert (ch.diff, ch.rate) == (Decimal("7.80"), Decimal("33.64"))


def test_change_from_zero_has_no_rate():
    ch = arith.change(Decimal("6.00"), Decimal("0.00"))
    assert ch.rate is None and "无法计算增长率" in ch.text


def test_negative_change_is_bracketed_in_the_rate():
    ch = arith.change(Decimal("14.39"), Decimal("15.19"))
    assert ch.text == "14.39 − 15.19 = −0.80 万元；(−0.80) ÷ 15.19 = −5.27%"


def test_no_float_artefacts_in_formatting():
    assert arith.fmt_amount(Decimal("0.1") + Decimal("0.2")) == "0.30"
    assert arith.show(Decimal("53451.95"), "万元") == "53,451.95 万元"
    assert arith.show(Decimal("5.345195"), "亿元") == "5.345195 亿元（约 5.35 亿元）"


def test_prior_year_from_a_stated_decrease():
    prior, text = arith.prior_from_change(Decimal("4825.95"), Decimal("-1643.51"))
    assert prior == Decimal("6469.46")
    assert text == "上年数 = 4,825.95 + 1,643.51 = 6,469.46 万元"
