"""Exact Decimal arithmetic and the strings that show it — the one place figures are computed and formatted.

Money is Decimal to the cent; rates are percentages rounded half-up to 2 decimals. No floats anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from budget_qa.results import CENT, fmt_amount, show

__all__ = ["CENT", "UNIT_FACTORS", "Change", "change", "convert", "fmt_amount", "fmt_rate", "largest_remainder",
           "money", "prior_from_change", "rate", "share_text", "show", "sum_text"]

HUNDRED = Decimal(100)
UNIT_FACTORS: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10_000),
                                    "百万元": Decimal(1_000_000), "亿元": Decimal(100_000_000)}


def money(value: Decimal | int | str) -> Decimal:
    "A money value to the cent (half-up)"
    return Decimal(str(value).replace(",", "")).quantize(CENT, rounding=ROUND_HALF_UP)


def rate(part: Decimal, whole: Decimal) -> Decimal | None:
    "part ÷ whole in percent, 2 decimals; None when whole is zero"
    if whole == 0:
        return None
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{fmt_amount(value)}%"


def _operand(value: Decimal) -> str:
    "An operand inside an expression: negatives in brackets"
    return f"({fmt_amount(value)})" if value < 0 else fmt_amount(value)


def sum_text(values: list[Decimal], unit: str = "万元") -> tuple[Decimal, str]:
    "Σ values and '1.00 + 2.00 = 3.00 万元'"
    total = sum(values, Decimal("0.00"))
    if not values:
        return total, f"（无加数）= 0.00 {unit}"
    expr = " + ".join(_operand(v) for v in values)
    return total, f"{expr} = {fmt_amount(total)} {unit}"


def share_text(part: Decimal, whole: Decimal) -> tuple[Decimal | None, str]:
    "part as a percentage of whole: (36.59, '4.50 ÷ 12.30 = 36.59%')"
    r = rate(part, whole)
    if r is None:
        return None, f"{fmt_amount(part)} ÷ {fmt_amount(whole)}：除数为 0，无法计算比例"
    return r, f"{fmt_amount(part)} ÷ {fmt_amount(whole)} = {fmt_rate(r)}"


@dataclass(frozen=True)
class Change:
    new: Decimal
    old: Decimal
    diff: Decimal
    rate: Decimal | None
    text: str


def change(new: Decimal, old: Decimal, unit: str = "万元") -> Change:
    "new − old and the rate over old: '16.80 − 12.30 = 4.50 万元；4.50 ÷ 12.30 = 36.59%'"
    diff = new - old
    text = f"{_operand(new)} − {_operand(old)} = {fmt_amount(diff)} {unit}"
    r = rate(diff, old)
    if r is None:
        text += "；上年为 0，无法计算增长率"
    else:
        text += f"；{_operand(diff)} ÷ {_operand(old)} = {fmt_rate(r)}"
    return Change(new, old, diff, r, text)


def prior_from_change(current: Decimal, signed_delta: Decimal, unit: str = "万元") -> tuple[Decimal, str]:
    "Last year's figure from this year's and a stated change: (1,500.00, '上年数 = 1,200.00 + 300.00 = …')"
    prior = current - signed_delta
    op = "−" if signed_delta >= 0 else "+"
    return prior, f"上年数 = {_operand(current)} {op} {fmt_amount(abs(signed_delta))} = {fmt_amount(prior)} {unit}"


def convert(value: Decimal, from_unit: str, to_unit: str) -> tuple[Decimal, str]:
    "Exact unit conversion with the factor shown: (Decimal('123456700'), '12,345.67 万元 × 10,000 = …')"
    a, b = UNIT_FACTORS[from_unit], UNIT_FACTORS[to_unit]
    if a == b:
        return value, f"{show(value, from_unit)}（单位相同）"
    if a > b:
        factor = a / b
        out = value * factor
        return _exact(out), f"{fmt_amount(value)} {from_unit} × {factor:,} = {show(_exact(out), to_unit)}"
    factor = b / a
    out = value / factor
    return _exact(out), f"{fmt_amount(value)} {from_unit} ÷ {factor:,} = {show(_exact(out), to_unit)}"


def in_unit(value: Decimal, from_unit: str, to_unit: str) -> tuple[Decimal, str]:
    "The value in another money unit with the conversion shown; as it is, and '', when no conversion is needed or known"
    if from_unit == to_unit or from_unit not in UNIT_FACTORS or to_unit not in UNIT_FACTORS:
        return value, ""
    return convert(value, from_unit, to_unit)


def _exact(value: Decimal) -> Decimal:
    "Drop trailing zeros beyond the cent, keep at least 2 places (5.34519500 → 5.345195; 534519500 → 534519500.00)"
    value = value.normalize()
    return value.quantize(CENT) if value.as_tuple().exponent >= -2 else value


def largest_remainder(parts: list[Decimal], whole: Decimal) -> tuple[list[Decimal | None], bool]:
    """Shares of whole in percent, 2 decimals, adjusted by the largest-remainder method so that shares of a complete
    breakdown add up to exactly 100.00%. Returns the shares and whether any was adjusted from plain rounding."""
    if whole == 0:
        return [None] * len(parts), False
    exact = [p * HUNDRED / whole for p in parts]
    plain = [e.quantize(CENT, rounding=ROUND_HALF_UP) for e in exact]
    if sum(parts) != whole or any(p < 0 for p in parts):
        return plain, False
    floors = [(e * 100).to_integral_value(rounding="ROUND_FLOOR") for e in exact]
    missing = int(10_000 - sum(floors))
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] * 100 - floors[i]), i))
    cents = list(floors)
    for i in order[:missing]:
        cents[i] += 1
    shares = [Decimal(int(c)) / 100 for c in cents]
    shares = [s.quantize(CENT) for s in shares]
    return shares, shares != plain


def divide_text(value: Decimal, by: Decimal, unit: str = "万元") -> tuple[Decimal, str]:
    "value ÷ by to the cent (half-up), with the arithmetic: (1.40, '16.80 ÷ 12 = 1.40 万元')"
    out = money(value / by)
    divisor = f"{by.normalize():f}" if by == by.to_integral_value() else fmt_amount(by)
    return out, f"{fmt_amount(value)} ÷ {divisor} = {fmt_amount(out)} {unit}".rstrip()

