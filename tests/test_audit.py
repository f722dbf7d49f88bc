"""The audit (`budget-qa check`): identities of a 部门预算, findings with values and locations."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from index import audit, parse_document


def test_published_seed_reconciles_on_every_identity(seed_doc):
    report = audit(seed_doc)
    assert report.checks > 700, "the identities must actually be evaluated"
    assert report.findings == [], [f.as_dict() for f in report.findings]


def test_variant_reconciles_too(variant_doc):
    assert audit(variant_doc).clean


@pytest.fixture
def altered(tmp_path, seed_path):
    "The seed with one cell changed: 劳动保障监察 项目支出 50.00 → 55.00 (line 187)"
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    assert lines[186].split("\t")[3] == "劳动保障监察"
    lines[186] = lines[186].replace("\t50.00\t", "\t55.00\t")
    path = tmp_path / "altered.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_an_altered_cell_produces_a_finding_showing_its_value_and_location(altered):
    report = audit(parse_document(altered))
    assert report.findings, "a changed amount must not reconcile"
    located = [f for f in report.findings if any("第187行" in loc and "= 55.00" in loc for loc in f.locations)]
    assert located, [f.as_dict() for f in report.findings]
    rules = {f.rule for f in located}
    assert "合计列=各列之和" in rules and "上级=下级之和" in rules
    row_sum = next(f for f in located if f.rule == "合计列=各列之和")
    assert (str(row_sum.expected), str(row_sum.found), str(row_sum.difference)) == ("355.92", "350.92", "-5.00")


def test_a_narrative_figure_that_disagrees_is_a_finding(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8").replace("公务接待费14.39万元，比上年减少0.80万元", "公务接待费14.39万元，比上年减少0.90万元")
    path = tmp_path / "narr.txt"
    path.write_text(text, encoding="utf-8")
    findings = audit(parse_document(path)).findings
    assert any(f.rule == "说明与表一致" and "公务接待费" in f.message and str(f.found) == "-0.90" for f in findings)


def test_check_exit_codes(capsys, seed_path, altered, tmp_path):
    assert main(["--doc", str(seed_path), "check"]) == 0
    assert "发现 0 处不一致" in capsys.readouterr().out
    assert main(["--doc", str(altered), "check", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"] and all({"rule", "expected", "found", "difference", "locations"} <= set(f) for f in data["findings"])
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["--doc", str(empty), "check"]) == 2
    err = capsys.readouterr().err
    assert "empty" in err and str(empty) in err and "Traceback" not in err


def test_tables_lists_kind_title_and_shape(capsys, seed_path):
    assert main(["--doc", str(seed_path), "tables", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_title = {r["title"]: r for r in rows}
    assert by_title["项目支出预算情况表"]["rows"] == 30
    assert by_title["收支总体情况表-支出"]["kind"] == "income_expenditure_summary"


def test_table_prints_csv(capsys, seed_path):
    assert main(["--doc", str(seed_path), "table", "三公", "--csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("code,label,2023年预算数/合计")
    assert "30.99" in out[1] and "23.19" in out[1]


def test_unknown_table_name_lists_the_choices(capsys, seed_path):
    assert main(["--doc", str(seed_path), "table", "不存在的表"]) == 2
    assert "支出总体情况表" in capsys.readouterr().err
