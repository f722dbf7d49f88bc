"""eval.make_library: a library of consistent variants — unique names, deterministic, parseable, audited clean."""

from __future__ import annotations

import json
import pytest

from budget_qa import settings as settings_module
from eval.make_library import SEED, make_library, plan
from index import audit, load_document

COUNT = 6


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    a, b = tmp_path_factory.mktemp("lib-a"), tmp_path_factory.mktemp("lib-b")
    # NOTE: make_library reads the seed with the cached parser: a home of its own (this fixture outlives the
    # per-test home of conftest, which is set after module fixtures)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BUDGET_QA_HOME", str(tmp_path_factory.mktemp("home")))
        settings_module._cached.cache_clear()
        runs = make_library(a, COUNT, pdfs=False), make_library(b, COUNT, pdfs=False)
    settings_module._cached.cache_clear()
    return *runs, a, b


def test_files_are_unique_and_named_by_city_department_year(two_runs):
    files, _, out, _ = two_runs
    names = [f.name for f in files]
    assert len(names) == COUNT == len(set(names))
    assert sorted(p.name for p in out.glob("*.txt")) == sorted(names)
    for spec, name in zip(plan(COUNT), names):
        assert name == f"{spec.city_pinyin}-{spec.code}-{spec.year}.txt"


def test_same_arguments_same_bytes(two_runs):
    first, second, a, b = two_runs
    assert [f.name for f in first] == [f.name for f in second]
    for f, g in zip(first, second):
        assert f.read_bytes() == g.read_bytes()
    assert (a / "manifest.json").read_bytes() == (b / "manifest.json").read_bytes()


def test_every_variant_parses_and_reconciles(two_runs):
    files, _, out, _ = two_runs
    manifest = {d["file"]: d for d in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]}
    for f in files:
        doc = load_document(f)
        report = audit(doc)
        assert report.findings == [], f"{f.name}: {report.findings[0].message}"
        assert report.checks > 100
        spec = manifest[f.name]
        assert doc.year == spec["year"]
        assert doc.department == spec["full_department"]
        assert doc.region == f"{spec['city']}市"
        assert "威海" not in f.read_text(encoding="utf-8") or spec["city"] == "威海"


def test_years_names_and_scales_vary(two_runs):
    files, _, _, _ = two_runs
    docs = [load_document(f) for f in files]
    assert len({d.year for d in docs}) >= 3
    assert len({d.region for d in docs}) >= 2
    assert len({d.department.removeprefix(d.region) for d in docs}) >= 2
    assert len({s.scale for s in plan(COUNT)}) >= 2


def test_money_is_scaled_by_whole_numbers(two_runs):
    "Every amount of the 收支总体情况表 is the seed's × the variant's scale: the variant is consistent, not random"
    files, _, _, _ = two_runs
    seed = load_document(SEED)
    seed_cells = [c.value for c in seed.tables[0].cells()]
    assert seed_cells
    for spec, f in zip(plan(COUNT), files):
        doc = load_document(f)
        cells = [c.value for c in doc.tables[0].cells()]
        assert cells == [v * spec.scale for v in seed_cells]


def test_the_seed_group_keeps_the_published_figures():
    specs = {(s.city_pinyin, s.code, s.year): s for s in plan(8)}
    assert specs[("weihai", "hrss", 2024)].scale == 1
    assert specs[("weihai", "hrss", 2025)].scale == 2


def test_too_many_documents_is_refused(tmp_path):
    with pytest.raises(ValueError):
        plan(10_000)
