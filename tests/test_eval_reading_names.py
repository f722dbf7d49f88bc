"""How the harness reads which item a number is stated for (eval/reading.py)."""

from __future__ import annotations

from eval.reading import names, naming_score


def test_a_name_with_a_generic_word_inside_is_read_as_that_name():
    "The label's core drops 预算 ('二级预算单位' → '二级单位'): the text is read the same way, so the name still matches"
    assert naming_score("纳入部门预算编制范围的二级预算单位共", "二级预算单位") >= 4
    assert names("二级预算单位共", "二级预算单位")


def test_another_name_is_still_another_name():
    assert naming_score("下属单位共", "二级预算单位") < 4
    assert not names("公务接待费为", "二级预算单位")
