"""A library of budgets (issue 13): catalog, choosing the document, clarification, refusal, across years and across
departments, each figure cited to its own document; the API, the UI picker and the CLI over several documents."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.library import Library, LibraryConversation

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "weihai-hrss-2024.txt"
NEXT_YEAR = ROOT / "tests" / "data" / "weihai-hrss-2025.txt"
OTHER_CITY = ROOT / "tests" / "data" / "variant-haizhou-hrss-2025.txt"
REAL = ROOT / "data" / "real"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load([SEED, NEXT_YEAR, OTHER_CITY], REAL, retrieval=False)


def ask(library: Library, *questions: str, conv=None):
    conv = conv or library.new_conversation()
    return [library.ask(q, conv) for q in questions]


def figure(answer, label_part: str, unit: str | None = None):
    found = [f for f in answer.figures if label_part in f.label and (unit is None or f.unit == unit)]
    assert found, f"no figure labelled {label_part!r} in {[f.label for f in answer.figures]}"
    return found[0]


# --- the catalog ------------------------------------------------------------------------------------------------
def test_every_document_gets_a_catalog_entry_from_its_own_text(library):
    by_id = {e.id: e for e in library.catalog}
    assert set(by_id) == {"weihai-hrss-2024", "weihai-hrss-2025", "variant-haizhou-hrss-2025", "putuo-commerce-2025",
                          "putuo-commerce-2025-unit", "putuo-gov-office-2025", "putuo-gov-office-2025-unit"}
    assert (by_id["weihai-hrss-2024"].department, by_id["weihai-hrss-2024"].year) == ("威海市人力资源和社会保障局", 2024)
    assert by_id["putuo-commerce-2025"].region == "上海市普陀区"
    # the same department and year twice: both kept, told apart by level and name
    assert (by_id["putuo-commerce-2025"].level, by_id["putuo-commerce-2025-unit"].level) == ("部门", "单位")
    assert by_id["putuo-commerce-2025"].name != by_id["putuo-commerce-2025-unit"].name
    assert by_id["putuo-commerce-2025"].source_format == "pdf" and len(by_id["putuo-commerce-2025"].sha256) == 64


def test_a_broken_file_is_reported_by_name_and_the_rest_load(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "broken.txt").write_text("这不是预算\n", encoding="utf-8")
    lib = Library.load(folder=folder, retrieval=False)
    assert [e.id for e in lib.catalog] == ["a"]
    assert len(lib.failures) == 1 and lib.failures[0].path.endswith("broken.txt")


def test_one_document_is_that_documents_assistant():
    from assistant.core import Assistant

    lib = Library.load([SEED], retrieval=False)
    alone = Assistant.load(SEED, retrieval=False)
    a, b = lib.ask("三公经费是多少", lib.new_conversation()), alone.ask("三公经费是多少")
    assert (a.text, a.status) == (b.text, b.status)
    assert a.documents == ["weihai-hrss-2024"]


# --- choosing the document --------------------------------------------------------------------------------------
def test_a_question_naming_department_and_year_is_answered_from_that_document(library):
    (a,) = ask(library, "威海人社局2025年三公经费是多少")
    assert a.status == "answered" and a.documents == ["weihai-hrss-2025"]
    assert figure(a, "三公").value == Decimal("61.98")
    assert {c.document for c in a.citations} == {"weihai-hrss-2025"}


def test_the_unit_budget_is_chosen_when_the_question_says_so(library):
    (a, b) = ask(library, "普陀区商务委的基本支出是多少", "它的单位预算呢")
    assert a.documents == ["putuo-commerce-2025"] and b.documents == ["putuo-commerce-2025-unit"]
    assert b.status == "answered" and all(c.document == "putuo-commerce-2025-unit" for c in b.citations)


def test_no_document_named_asks_which_then_answers_the_question_once_told(library):
    a, b = ask(library, "三公经费是多少", "海州人社局的")
    assert a.status == "clarify" and "海州市人力资源和社会保障局" in a.text and not a.figures
    assert b.status == "answered" and b.documents == ["variant-haizhou-hrss-2025"]
    assert figure(b, "三公").value == Decimal("61.98")


@pytest.mark.parametrize("question, missing", [
    ("威海市财政局的三公经费是多少", "威海市财政局"),
    ("2023年普陀区商务委的预算总额是多少", "2023年"),
    ("What is the three public budget of the Putuo health commission?", "health commission"),
])
def test_a_department_or_year_not_loaded_is_refused_without_another_documents_figure(library, question, missing):
    (a,) = ask(library, question)
    assert a.status == "not_in_document" and not a.figures and not a.citations
    assert missing in a.text and "无法回答" in a.text
    assert "61.98" not in a.text and "30.99" not in a.text


def test_a_year_the_document_states_only_for_some_items_never_gets_this_years_figure(library):
    (a,) = ask(library, "威海人社局2023年政府采购预算是多少")
    assert a.status == "not_in_document" and "129.11" not in a.text


# --- across years -----------------------------------------------------------------------------------------------
def test_a_change_across_years_takes_each_years_figure_from_its_own_document(library):
    (a,) = ask(library, "威海人社局三公经费比上年增加多少")
    assert a.status == "answered" and a.documents == ["weihai-hrss-2024", "weihai-hrss-2025"]
    assert figure(a, "2025年").value == Decimal("61.98") and figure(a, "2024年").value == Decimal("30.99")
    assert figure(a, "变化").value == Decimal("30.99") and figure(a, "增长率").value == Decimal("100.00")
    assert "61.98 − 30.99 = 30.99" in a.text
    cited = {a.citations[n - 1].document for f in a.figures[:2] for n in f.citations}
    assert cited == {"weihai-hrss-2024", "weihai-hrss-2025"}


def test_a_follow_up_moves_along_the_years_and_departments_keeping_the_topic(library):
    conv = library.new_conversation()
    first, earlier, elsewhere = ask(library, "威海人社局2025年基本支出是多少", "去年的呢", "海州人社局呢", conv=conv)
    assert figure(first, "基本支出").value == Decimal("9651.90")
    assert earlier.documents == ["weihai-hrss-2024"] and figure(earlier, "基本支出").value == Decimal("4825.95")
    assert elsewhere.documents == ["variant-haizhou-hrss-2025"]
    assert isinstance(conv, LibraryConversation) and conv.current == "variant-haizhou-hrss-2025"


# --- across departments -----------------------------------------------------------------------------------------
def test_a_rank_across_departments_lists_each_departments_figure_with_its_citation(library):
    (a,) = ask(library, "哪个部门的三公经费最多")
    assert a.status == "answered"
    # one budget per department: the 部门 budget stands for its 单位 budget
    assert sorted(a.documents) == ["putuo-commerce-2025", "putuo-gov-office-2025", "variant-haizhou-hrss-2025",
                                   "weihai-hrss-2025"]
    assert a.documents[0] == "putuo-gov-office-2025" and "上海市普陀区人民政府办公室 2025年部门预算最多" in a.text
    for doc_id in a.documents:
        mine = [f for f in a.figures if f.citations and a.citations[f.citations[0] - 1].document == doc_id]
        assert mine, f"no figure cited to {doc_id}"


def test_documents_printed_in_different_units_are_compared_exactly_in_the_smaller_one(library):
    (a,) = ask(library, "各部门基本支出合计是多少")
    total = figure(a, "合计")
    assert total.unit == "元"
    # 9,651.90 万元 × 2 (威海, 海州) + 24,606,775.35 元 + 19,830,655.00 元
    assert total.value == Decimal("96519000.00") * 2 + Decimal("24606775.35") + Decimal("19830655.00")
    assert "9,651.90 万元 × 10,000 = 96,519,000.00 元" in a.text


def test_two_departments_compared_show_the_difference(library):
    (a,) = ask(library, "区府办和商务委的三公经费谁多")
    assert figure(a, "差额").value == Decimal("866.50")
    assert "867.50 − 1.00 = 866.50" in a.text


# --- API, UI, CLI -----------------------------------------------------------------------------------------------
def test_the_api_lists_the_catalog_and_pins_a_conversation_to_a_document(library):
    from fastapi.testclient import TestClient

    from assistant.server import create_api

    client = TestClient(create_api(library))
    docs = client.get("/api/documents").json()
    assert {d["id"] for d in docs} == {e.id for e in library.catalog} and all(d["name"] for d in docs)
    r = client.post("/api/ask", json={"question": "三公经费是多少", "document": "weihai-hrss-2024"}).json()
    assert r["status"] == "answered" and r["documents"] == ["weihai-hrss-2024"]
    assert r["citations"][0]["document"] == "weihai-hrss-2024"
    bad = client.post("/api/ask", json={"question": "三公经费是多少", "document": "nope"})
    assert bad.status_code == 404 and bad.json()["error"]["code"] == "unknown_document"
    assert client.get("/api/health").json()["documents"] == 7


def test_the_ui_offers_a_document_picker_and_answers_from_the_picked_document(library):
    import app

    blocks = app.create_app(library)
    picker = [c for c in blocks.config["components"] if c.get("props", {}).get("elem_id") == "document-pick"]
    assert picker and len(picker[0]["props"]["choices"]) == len(library.catalog) + 1
    table_pick = [c for c in blocks.config["components"] if c.get("props", {}).get("elem_id") == "table-pick"][0]
    names = [c[0] if isinstance(c, (list, tuple)) else c for c in table_pick["props"]["choices"]]
    assert {n.split(" · ")[0] for n in names} == {e.id for e in library.catalog}, "every document's tables"
    audit_tab = [c for c in blocks.config["components"] if c.get("props", {}).get("elem_id") == "audit"][0]
    assert audit_tab["props"]["value"].count("项勾稽关系") == len(library.catalog)
    chat = app.ChatHandlers(library)
    *_, last = chat.respond("三公经费是多少", [], None, [], "putuo-gov-office-2025")
    answers = last[3]
    assert answers[-1].documents == ["putuo-gov-office-2025"] and "867.50" in answers[-1].text


def test_check_reports_each_document_of_a_library(tmp_path, capsys):
    from assistant.cli import main

    folder = tmp_path / "lib"
    folder.mkdir()
    for p in (SEED, NEXT_YEAR):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "broken.txt").write_text("x\n", encoding="utf-8")
    code = main(["check", "--library", str(folder)])
    out = capsys.readouterr().out
    assert out.count("共核对") == 2 and "== weihai-hrss-2024" in out and "broken.txt" in out
    assert code == 2  # a file could not be read
    assert main(["check", "--doc", str(SEED), "--doc", str(NEXT_YEAR), "--json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert [r["findings"] for r in reports] == [[], []]


def test_batch_answers_a_conversation_pinned_to_a_document(tmp_path, capsys):
    from assistant.cli import main

    src = tmp_path / "q.jsonl"
    src.write_text(json.dumps({"id": "a", "document": "weihai-hrss-2025", "turns": ["三公经费是多少"]}, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    assert main(["batch", str(src), "--doc", str(SEED), "--doc", str(NEXT_YEAR)]) == 0
    reply = json.loads(capsys.readouterr().out.strip())["replies"][0]
    assert reply["documents"] == ["weihai-hrss-2025"] and "61.98" in reply["answer"]


# --- the harness over a library, and the next-year fixture -------------------------------------------------------
def test_the_harness_verifies_each_citation_in_the_document_it_names(library):
    from eval.cases import Expected, Turn
    from eval.evaluators import CitationsVerified

    (a,) = ask(library, "威海人社局2025年三公经费是多少")
    answer = a.as_json()
    turn = Turn(question=a.question, expected=Expected(status="answered"))
    docs = library.docs
    assert CitationsVerified().evaluate(turn, answer, docs).passed
    for c in answer["citations"]:
        c["document"] = "weihai-hrss-2024"  # the same cell of last year's document holds 30.99, not 61.98
    assert not CitationsVerified().evaluate(turn, answer, docs).passed


def test_a_variant_keeps_every_identity_and_scales_every_amount(tmp_path):
    from eval.variants import amount_lines, make_variant
    from index import audit, load_document

    out = tmp_path / "x-2026.txt"
    out.write_text(make_variant(SEED.read_text(encoding="utf-8"), amount_lines(SEED), years=2, scale=3,
                                rename=[("威海市", "临海市")]), encoding="utf-8")
    doc = load_document(out)
    assert (doc.year, doc.department) == (2026, "临海市人力资源和社会保障局")
    assert audit(doc).clean
    import tools

    seed = load_document(SEED)
    for item in ("三公经费", "项目支出", "行政运行"):
        assert tools.lookup(doc, item).value == tools.lookup(seed, item).value * 3


@pytest.mark.parametrize("question", ["威海人社局的住房公积金这一块两年差多少",
                                      "How much did the Weihai HR bureau's housing provident fund grow from 2024 to 2025?"])
def test_a_comparison_of_the_two_years_is_computed_from_both_documents(library, question):
    (a,) = ask(library, question)
    assert a.documents == ["weihai-hrss-2024", "weihai-hrss-2025"]
    assert figure(a, "变化").value == Decimal("392.77")


def test_a_ranking_from_small_to_large_puts_the_smallest_first(library):
    (a,) = ask(library, "各部门的三公经费从小到大排一下")
    assert a.documents[0] == "putuo-commerce-2025" and a.documents[-1] == "putuo-gov-office-2025"


def test_a_follow_up_naming_another_item_keeps_the_comparison_across_documents(library):
    conv = library.new_conversation()
    ranked, again = ask(library, "哪个部门的三公经费最多", "那公务接待费呢", conv=conv)
    assert again.status == "answered" and len(again.documents) == 4
    assert again.query.parts[0].operation == "rank" and "公务接待费" in again.text
    years, other = ask(library, "威海人社局三公经费比上年增加多少", "那公务接待费呢")
    assert other.documents == ["weihai-hrss-2024", "weihai-hrss-2025"]
    assert figure(other, "变化").value == Decimal("14.39")


def test_a_department_named_with_its_place_is_one_department(library):
    (a,) = ask(library, "威海人社局和普陀区商务委的总预算差多少")
    assert sorted(a.documents) == ["putuo-commerce-2025", "weihai-hrss-2025"]
    assert figure(a, "差额").value == Decimal("1069039000.00") - Decimal("371514655.00")
    (b,) = ask(library, "普陀区人社局的三公经费是多少")
    assert b.status == "not_in_document" and not b.figures


def test_english_questions_get_english_sentences_across_documents(library):
    (a,) = ask(library, "How much did the Weihai HR bureau's housing provident fund grow from 2024 to 2025?")
    assert a.language == "en" and "Change between the two years" in a.text and "两年" not in a.text
    (b,) = ask(library, "What is the three public budget?")
    assert b.status == "clarify" and b.text.startswith("Several budgets are loaded")
    (c,) = ask(library, "What is the three public budget of the Putuo health commission?")
    assert c.status == "not_in_document" and "the documents do not say" in c.text


@pytest.mark.parametrize("question", ["威海人社局2025年三公经费跟上一年比", "威海人社局三公经费较2024年增长了多少",
                                      "威海人社局25年三公经费比24年多多少", "威海人社局今年的三公经费是不是比去年多"])
def test_ways_of_asking_for_a_change_across_years(library, question):
    (a,) = ask(library, question)
    assert a.documents == ["weihai-hrss-2024", "weihai-hrss-2025"], a.text
    assert figure(a, "变化").value == Decimal("30.99")


def test_from_one_year_to_the_next_is_a_change_across_years(library):
    (a,) = ask(library, "威海人社局三公经费从2024年到2025年变了多少")
    assert a.documents == ["weihai-hrss-2024", "weihai-hrss-2025"] and a.query.parts[0].operands[0].item == "三公经费"


def test_one_department_is_recognised_across_years_however_its_cover_writes_the_place():
    from index.catalog import CatalogEntry

    def entry(region: str, department: str, year: int) -> CatalogEntry:
        return CatalogEntry(id="x", department=department, region=region, level="部门", year=year,
                            document_type="部门预算", template="", sha256="", source="", source_format="pdf")

    assert entry("上海市普陀区", "上海市普陀区人民政府办公室", 2025).whose == entry("普陀区", "普陀区人民政府办公室", 2024).whose
    assert entry("威海市", "威海市人力资源和社会保障局", 2024).whose != entry("海州市", "海州市人力资源和社会保障局", 2024).whose


def test_what_is_worked_out_per_document_is_kept_for_the_most_recently_used_documents():
    from budget_qa import doccache

    calls = []

    @doccache.per_document
    def derived(doc):
        calls.append(doc)
        return len(calls)

    class Doc:  # any object: the cache keys on identity
        pass

    docs = [Doc() for _ in range(doccache.DOCUMENTS_CACHED + 1)]
    assert [derived(d) for d in docs[:2]] == [1, 2] and derived(docs[0]) == 1, "computed once per document"
    for d in docs[2:]:
        derived(d)
    assert derived(docs[0]) == 1, "recently used: kept"
    assert derived(docs[1]) == len(docs) + 1, "least recently used: dropped, then worked out again"


def test_the_whole_budget_across_years_by_any_name_of_it(library):
    answer = library.ask("威海人社局2025年的预算盘子比2024年大了多少", library.new_conversation())
    assert answer.status == "answered"
    assert any(f.value == Decimal("53451.95") and f.basis == "computed" for f in answer.figures)
    assert {c.document for c in answer.citations} >= {"weihai-hrss-2024", "weihai-hrss-2025"}


def test_the_units_of_the_one_department_named_are_that_departments(library):
    "'<部门>包括哪些单位' lists its units; '哪些单位' is not a question across the departments loaded"
    a, = ask(library, "上海市普陀区人民政府办公室的部门预算包括哪些单位？")
    assert a.status == "answered" and "交流服务中心" in a.text and "商务委员会" not in a.text, a.text


def test_a_municipal_level_wording_is_no_place(library):
    "'居民养老保险市级财政补助资金' of 海州: 市级 is the level of the fund, not a city named 居民养老保险市"
    a, = ask(library, "海州人社局居民养老保险市级财政补助资金多少")
    assert a.status == "answered" and "8,137.00 万元" in a.text and "海州市" in a.text, a.text
