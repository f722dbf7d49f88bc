"""Chunking: provenance, sentence-end splitting that never cuts a number, stable keys (issue 4)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from _index_docs import GOAL, THREE_PUBLIC, make_doc
from hypothesis import given, settings as hsettings, strategies as st

from budget_qa.settings import IndexSettings, Settings
from budget_qa.types import Paragraph
from index.chunk import CHUNK_KINDS, chunk_document, split_sentences

NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def test_every_kind_becomes_chunks_with_provenance():
    doc = make_doc()
    chunks = chunk_document(doc)
    assert {c.kind for c in chunks} == set(CHUNK_KINDS), "needs one chunk of each kind"
    for c in chunks:
        assert c.key.startswith("c-") and c.doc_id == doc.doc_id
        assert c.part and c.section and 0 < c.line_start <= c.line_end, c
    glossary = next(c for c in chunks if c.title == "基本支出")
    assert (glossary.part, glossary.section, glossary.line_start) == ("第四部分", "名词解释", 1267)
    assert glossary.text.startswith("基本支出：指为保障机构正常运转")
    goal = next(c for c in chunks if c.kind == "goal" and c.title == "高校学子威海行活动经费")
    assert goal.section == "六、绩效目标情况说明 / (三) 部门预算项目绩效目标表"
    fund_goal = next(c for c in chunks if c.kind == "goal" and c.title == "居民养老保险市级财政补助资金")
    assert fund_goal.section == "六、绩效目标情况说明 / （二）部门主管专项资金的绩效目标表"
    duty = next(c for c in chunks if c.kind == "duty" and c.line_start == 45)
    assert (duty.section, duty.title) == ("一、主要职责", "主要职责（五）")


def test_only_narrative_parts_are_indexed_as_paragraphs():
    chunks = chunk_document(make_doc())
    assert {c.part for c in chunks if c.kind == "paragraph"} == {"第一部分", "第三部分"}
    assert not any("不应被索引" in c.text for c in chunks)


def test_goal_html_is_stripped_and_policy_keeps_its_label():
    chunks = chunk_document(make_doc())
    goals = [c.text for c in chunks if c.kind == "goal" and c.title == "高校学子威海行活动经费"]
    assert "".join(goals) == GOAL.removeprefix("<p>").removesuffix("</p>")
    policy = next(c for c in chunks if c.kind == "policy")
    assert policy.text.startswith("主要政策任务：对 2024 年")
    assert policy.search_text.startswith("居民养老保险市级财政补助资金主要政策任务：")


def test_long_paragraph_splits_after_sentence_ends_only():
    text = THREE_PUBLIC * 3  # ~300 characters, 6 sentences
    doc = make_doc(paragraphs=[Paragraph(text, 623, 623, "第三部分", "二、“三公”经费支出情况")])
    chunks = [c for c in chunk_document(doc, Settings(index=IndexSettings(max_chunk_chars=120))) if c.kind == "paragraph"]
    assert len(chunks) > 1, "a 300-character paragraph must split at 120"
    assert "".join(c.text for c in chunks) == text
    assert all(c.text.endswith("。") for c in chunks)
    assert all(len(c.text) <= 120 for c in chunks)
    assert {(c.line_start, c.line_end) for c in chunks} == {(623, 623)}


def test_closing_quote_stays_with_its_sentence():
    assert split_sentences("他说：“经费增加。”其后减少。", 8) == ["他说：“经费增加。”", "其后减少。"]


def test_sentence_longer_than_limit_stays_whole():
    sentence = "预计2024年社会保险征缴工作经费不超过170万元," * 10 + "参保单位满意度95%以上。"
    assert split_sentences(sentence, 50) == [sentence]


_sentence = st.builds(
    lambda words, num, end: f"{words}{num}万元{end}",
    st.text(alphabet="预算支出增加比上年主要原因是经费", min_size=0, max_size=30),
    st.one_of(
        st.integers(0, 10**7).map(lambda n: f"{n:,}"),
        st.decimals(0, 100000, places=2).map(lambda d: f"{d:,}"),
        st.integers(0, 999).map(lambda n: f"{n}.{n % 100:02d}%"),
    ),
    st.sampled_from(["。", "；", "！", "？", "，", "", "。”", "）"]),
)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(_sentence, min_size=1, max_size=12), st.integers(10, 120))
def test_split_never_cuts_inside_a_number(sentences, limit):
    text = "".join(sentences)
    pieces = split_sentences(text, limit)
    assert "".join(pieces) == text.strip(), "pieces must join back to the text"
    numbers = NUMBER.findall(text)
    assert [n for p in pieces for n in NUMBER.findall(p)] == numbers, "a number was cut across pieces"
    for piece in pieces[:-1]:
        assert piece.rstrip("”）")[-1] in "。；！？", f"cut after {piece[-1]!r}, not a sentence end"


def test_keys_are_stable_and_change_with_text():
    a = [c.key for c in chunk_document(make_doc())]
    b = [c.key for c in chunk_document(make_doc())]
    assert a == b and len(set(a)) == len(a), "keys must be stable and unique"
    changed = {c.key for c in chunk_document(make_doc(extra="另有说明。"))}
    assert set(a) != changed


def test_seed_chunks_quote_their_cited_lines(seed_path):
    "Every chunk's text (whitespace and tags removed) is found in the source lines it cites"
    from index.parse import parse_document

    doc = parse_document(seed_path)
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    squash = lambda s: re.sub(r"\s+|</?p>", "", s)  # noqa: E731
    chunks = chunk_document(doc)
    kinds = {k: sum(c.kind == k for c in chunks) for k in CHUNK_KINDS}
    assert kinds["glossary"] == len(doc.glossary) and kinds["unit"] == len(doc.units), kinds
    assert kinds["goal"] >= len(doc.performance) and kinds["policy"] >= 1, kinds
    for c in chunks:
        cited = squash("".join(lines[c.line_start - 1 : c.line_end]))
        assert squash(c.text) in cited, f"{c.key} {c.kind} does not quote lines {c.line_start}-{c.line_end}"
    assert len({c.key for c in chunks}) == len(chunks)
    # the duties are chunks of their own, not repeated as paragraphs
    assert not any(c.kind == "paragraph" and c.part == "第一部分" and "贯彻执行人力资源" in c.text for c in chunks)


def test_chunk_roundtrips_through_metadata():
    chunk = chunk_document(make_doc())[0]
    assert replace(chunk) == type(chunk).from_metadata(chunk.text, chunk.metadata())


def test_bare_lead_in_joins_the_passage_it_introduces():
    paragraphs = [
        Paragraph("其中：", 625, 625, "第三部分", "二、“三公”经费支出情况"),
        Paragraph("1. 因公出国（境）费10.60万元。", 627, 627, "第三部分", "二、“三公”经费支出情况"),
    ]
    chunks = [c for c in chunk_document(make_doc(paragraphs=paragraphs)) if c.kind == "paragraph"]
    assert [(c.text, c.line_start, c.line_end) for c in chunks] == [("其中：1. 因公出国（境）费10.60万元。", 625, 627)]
