"""Consistent variants of a text-export budget: other years, other names, money scaled by a whole number.

A variant keeps every identity of its source: each amount (table cells, '…万元' in the narrative, a performance
table's 年度预算资金) is multiplied by the same whole number, so sums, shares and growth rates stay exact and
percentages are left as they are; years move by the same offset; names are replaced as given. Codes, counts
and indicator targets that are not money stay unchanged.

    python -m eval.variants SOURCE OUT --years 1 --scale 2 --rename 威海市=海州市

What a variant cannot be is the *next* year of its source: its prior-year figures are the source's prior-year
figures scaled, not the source's own figures. Tests that compare two years use the documents' current-year
figures only (see issue 13's notes in docs/).
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from pathlib import Path

AMOUNT_WITH_UNIT = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)(?=\s*(?:万元|亿元|元))")
"""A money amount the narrative writes with its unit: '53,451.95万元', '5000元'."""
NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d.,])")
YEAR = re.compile(r"(?<!\d)(20\d\d)(?=\s*年|\s*-|\s*—|[^\d]|$)")
BUDGET_LINE = re.compile(r"预算资金")
"""A performance table's line of money (年度预算资金, 年度预算资金总额)."""


def scaled(text: str, factor: int, commas: bool = True) -> str:
    "One number as printed, multiplied: its decimals kept, thousands separated when the document separates them"
    digits = text.replace(",", "")
    value = Decimal(digits) * factor
    places = len(digits.split(".")[1]) if "." in digits else 0
    return f"{value:,.{places}f}" if commas or "," in text else f"{value:.{places}f}"


def amount_lines(source: Path) -> set[int]:
    "The 1-based lines that hold table amounts, read with the project's own parser"
    from index import load_document

    doc = load_document(source)
    lines = {c.ref.line for t in doc.tables for c in t.cells()}
    return lines


def make_variant(text: str, table_lines: set[int], *, years: int = 0, scale: int = 1,
                 rename: list[tuple[str, str]] = ()) -> str:
    "The variant's text (see the module docstring)"
    out = []
    commas = bool(re.search(r"\d,\d{3}", text))
    in_money_block = False
    for n, line in enumerate(text.split("\n"), 1):
        # a performance table's money block: the 预算资金 line and its continuation rows ('\t其中:财政拨款\t170.00')
        in_money_block = bool(BUDGET_LINE.search(line)) or (in_money_block and line.startswith("\t"))
        if scale != 1:
            if n in table_lines:
                line = "\t".join(_scale_cell(cell, scale, commas) for cell in line.split("\t"))
            elif in_money_block:
                line = "\t".join(_scale_cell(cell, scale, commas, whole=True) for cell in line.split("\t"))
            else:
                line = AMOUNT_WITH_UNIT.sub(lambda m: scaled(m.group(1), scale, commas), line)
        if years:
            line = YEAR.sub(lambda m: str(int(m.group(1)) + years), line)
        for old, new in rename:
            line = line.replace(old, new)
        out.append(line)
    return "\n".join(out)


def _scale_cell(cell: str, factor: int, commas: bool, whole: bool = False) -> str:
    """A cell that is one amount is scaled. In a table an amount is printed with decimals or separators (a bare
    integer is a code: 201, 05, 30101); on a performance table's money line (``whole``) integers are amounts too."""
    s = cell.strip()
    if not NUMBER.fullmatch(s) or not (whole or "." in s or "," in s):
        return AMOUNT_WITH_UNIT.sub(lambda m: scaled(m.group(1), factor, commas), cell) if "元" in cell else cell
    return cell.replace(s, scaled(s, factor, commas))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.variants", description=__doc__.split("\n")[0])
    p.add_argument("source", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--years", type=int, default=0, help="add this many years to every year")
    p.add_argument("--scale", type=int, default=1, help="multiply every amount by this whole number")
    p.add_argument("--rename", action="append", default=[], metavar="OLD=NEW", help="replace a name (repeatable)")
    args = p.parse_args(argv)
    pairs = [tuple(r.split("=", 1)) for r in args.rename]
    if any(len(pair) != 2 or not pair[0] for pair in pairs):
        print("--rename takes OLD=NEW", file=sys.stderr)
        return 2
    text = args.source.read_text(encoding="utf-8")
    args.out.write_text(make_variant(text, amount_lines(args.source), years=args.years, scale=args.scale,
                                     rename=pairs), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
