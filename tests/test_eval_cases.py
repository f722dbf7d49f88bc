"""The typed loader of the Q&A sets, and the sets themselves against their documents (issue 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eval.cases import CaseSetError, SectionCitation, TableCitation, available_sets, load_set
from eval.evaluators import _glossary_entry, _section_ranges, table_cells, tables_named

GOOD_CASE = """
  - name: ok
    category: lookup
    turns:
      - question: "合计多少？"
        expected: {status: answered, figures: [{value: "1.00", unit: "万元"}], citations: [], must_contain: []}
"""


def write_set(tmp_path, body: str, name: str = "mine.yaml"):
    p = tmp_path / name
    p.write_text("document: x.txt\ncases:" + body, encoding="utf-8")
    return p


def test_seed_and_variant_sets_load_into_typed_cases():
    seed, variant = load_set("seed"), load_set("variant")
    assert (len(seed.cases), len(variant.cases)) == (217, 63)
    assert seed.document == "weihai-hrss-2024.txt"
    assert {"lookup", "refusal", "multiturn", "ambiguous"} <= set(seed.categories())
    first = seed.cases[0].turns[0].expected
    assert first.figures[0].value == Decimal("53451.95")
    assert isinstance(first.citations[0], TableCitation) and first.citations[0].column == "合计"


def test_available_sets_leave_out_retrieval_sets():
    names = available_sets()
    assert "seed" in names and "variant" in names
    assert not [n for n in names if n.startswith("retrieval")]


def test_unquoted_decimal_keeps_its_digits(tmp_path):
    p = write_set(tmp_path, GOOD_CASE.replace('value: "1.00"', "value: 7.80"))
    fig = load_set(p).cases[0].turns[0].expected.figures[0]
    assert fig.value == Decimal("7.8") and str(fig.value) == "7.8", "no binary float noise"


def test_value_with_thousands_separators_reads_as_the_number(tmp_path):
    p = write_set(tmp_path, GOOD_CASE.replace('value: "1.00"', 'value: "91,016,775.35"'))
    assert load_set(p).cases[0].turns[0].expected.figures[0].value == Decimal("91016775.35")
    with pytest.raises(CaseSetError, match="figures.0.value"):
        load_set(write_set(tmp_path, GOOD_CASE.replace('value: "1.00"', 'value: "9,10.5"'), "bad.yaml"))


def test_bad_status_names_the_file_and_the_case(tmp_path):
    p = write_set(tmp_path, GOOD_CASE + GOOD_CASE.replace("name: ok", "name: broken").replace("answered", "maybe"))
    with pytest.raises(CaseSetError) as e:
        load_set(p)
    msg = str(e.value)
    assert str(p) in msg and "case 1 'broken'" in msg and "turns.0.expected.status" in msg


def test_unknown_key_is_rejected(tmp_path):
    p = write_set(tmp_path, GOOD_CASE.replace("must_contain: []", "must_contains: []"))
    with pytest.raises(CaseSetError, match="case 0 'ok'.*must_contains"):
        load_set(p)


def test_duplicate_case_names_are_rejected(tmp_path):
    with pytest.raises(CaseSetError, match="duplicate case name"):
        load_set(write_set(tmp_path, GOOD_CASE + GOOD_CASE))


def test_missing_set_lists_the_available_ones(tmp_path):
    with pytest.raises(CaseSetError, match="available: .*seed"):
        load_set("no-such-set")


def test_not_yaml_names_the_file(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("cases: [\n", encoding="utf-8")
    with pytest.raises(CaseSetError, match="bad.yaml: not valid YAML"):
        load_set(p)


def test_clarify_or_answered_accepts_clarify_and_answered_only():
    exp = load_set("seed").cases[0].turns[0].expected.model_copy(update={"status": "clarify-or-answered"})
    assert exp.accepts("clarify") and exp.accepts("answered")
    assert not exp.accepts("not_in_document") and not exp.accepts("error")


@pytest.mark.parametrize(("set_name", "doc_fixture"), [("seed", "seed_doc"), ("variant", "variant_doc")])
def test_every_expected_source_exists_in_the_document(set_name, doc_fixture, request):
    "A set must be answerable from its document: every cited cell, section and glossary entry is there"
    doc = request.getfixturevalue(doc_fixture)
    missing = []
    for case in load_set(set_name).cases:
        for i, t in enumerate(case.turns):
            for c in t.expected.citations:
                if isinstance(c, TableCitation):
                    if not tables_named(doc, c.table):
                        ok = "绩效目标表" in c.table  # not a parsed table: checked by line at answer time
                    else:
                        ok = not (c.row or c.column) or bool(table_cells(doc, c.table, c.row, c.column))
                elif isinstance(c, SectionCitation):
                    ok = bool(_section_ranges(doc, c.section))
                else:
                    ok = _glossary_entry(doc, c.glossary) is not None
                if not ok:
                    missing.append(f"{case.name}#{i + 1}: {c.describe()}")
    assert not missing, f"sources not in {doc.source}: {missing}"


@pytest.mark.parametrize(("set_name", "doc_fixture"), [("seed", "seed_doc"), ("variant", "variant_doc")])
def test_single_figure_lookups_match_their_cell(set_name, doc_fixture, request):
    "A lookup's one expected figure is the value of its cited cell (a blank cell reads as 0)"
    doc = request.getfixturevalue(doc_fixture)
    wrong = []
    for case in load_set(set_name).cases:
        t = case.turns[0]
        cells = [c for c in t.expected.citations if isinstance(c, TableCitation) and c.row and c.column]
        if case.category != "lookup" or len(t.expected.figures) != 1 or not cells:
            continue
        values = {v if v is not None else Decimal(0) for c in cells for v, _ in table_cells(doc, c.table, c.row, c.column)}
        if t.expected.figures[0].value not in values:
            wrong.append(f"{case.name}: expected {t.expected.figures[0].value}, cells hold {sorted(values)}")
    assert not wrong, wrong
