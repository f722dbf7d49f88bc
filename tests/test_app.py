"""The chat UI and the HTTP API (issue 6), against a fake assistant: rendering, sessions, CSV, audit."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from html.parser import HTMLParser

import httpx
import pytest

import app
from assistant.answer import Answer, AnswerFigure
from assistant.charts import chart_for
from assistant.server import RunningServer, add_serve_parser
from budget_qa.errors import BudgetQAError
from budget_qa.results import Citation

SANGONG_CITATIONS = [
    Citation(kind="table", line=415, table="一般公共预算“三公”经费支出情况表", row_label="合计", column="2024年预算数/合计"),
    Citation(kind="table", line=415, table="一般公共预算“三公”经费支出情况表", row_label="合计", column="2023年预算数/合计"),
    Citation(kind="narrative", line=623, part="第三部分", section="二、“三公”经费支出情况",
             quote="2024年通过一般公共预算财政拨款安排的“三公”经费预算共30.99万元，比上年增加7.80万元，增长33.64%。"),
]


class FakeConversation:
    "Records the questions of one conversation"

    def __init__(self, number: int):
        self.number = number
        self.questions: list[str] = []


class FakeAssistant:
    """The assistant's interface with canned answers: 三公 (figures + citations), charts, and an echo of the
    conversation so far (to see which conversation a question landed in)."""

    def __init__(self, doc, delay: float = 0.0):
        self.doc = doc
        self.delay = delay
        self.asked: list[tuple[int, str]] = []
        self._count = 0
        self._lock = threading.Lock()

    def new_conversation(self) -> FakeConversation:
        with self._lock:
            self._count += 1
            return FakeConversation(self._count)

    def ask(self, question: str, conversation: FakeConversation | None = None) -> Answer:
        conversation = conversation or self.new_conversation()
        conversation.questions.append(question)
        with self._lock:
            self.asked.append((conversation.number, question))
        if self.delay:
            time.sleep(self.delay)
        if "三公" in question and "画" not in question:
            return sangong_answer(question)
        chart = chart_for(self.doc, question)
        if chart is not None:
            return Answer(question=question, text=f"见下图：{chart.title}。", status="answered", chart=chart)
        return Answer(question=question, status="answered",
                      text=f"本会话第{len(conversation.questions)}问；本会话问过：{'|'.join(conversation.questions)}")


def sangong_answer(question: str) -> Answer:
    return Answer(
        question=question, status="answered", citations=SANGONG_CITATIONS,
        text="2024年“三公”经费预算为30.99万元[1]，比2023年的23.19万元[2]增加7.80万元，增长33.64%。"
             "文件说明的原因是今年公务出国活动增加[3]。",
        figures=[
            AnswerFigure(label="“三公”经费 2024年", value=Decimal("30.99"), shown="30.99 万元", citations=[1]),
            AnswerFigure(label="“三公”经费 2023年", value=Decimal("23.19"), shown="23.19 万元", citations=[2]),
            AnswerFigure(label="增加", value=Decimal("7.80"), shown="7.80 万元", basis="computed",
                         computation="30.99 − 23.19 = 7.80 万元", citations=[1, 2]),
            AnswerFigure(label="增长率", value=Decimal("33.64"), unit="%", shown="33.64%", basis="computed",
                         computation="7.80 ÷ 23.19 = 33.64%", citations=[1, 2]),
        ],
    )


# --- fixtures ---------------------------------------------------------------------------------------------------
HTTP_TIMEOUT = 20.0


@pytest.fixture(scope="module")
def fake(seed_doc):
    return FakeAssistant(seed_doc)


@pytest.fixture(scope="module")
def server(fake):
    "The UI and API over the fake assistant, on a free port of 127.0.0.1, shut down after the module"
    with RunningServer(app.create_server(fake), host="127.0.0.1", port=0, timeout=30) as running:
        yield running


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=HTTP_TIMEOUT) as c:
        yield c


class Cells(HTMLParser):
    "The <td> cells of an HTML fragment: (classes, text, data-line of the cell or else of its row)"

    def __init__(self):
        super().__init__()
        self.cells: list[tuple[str, str, str]] = []
        self._td: list | None = None
        self._line = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self._line = a.get("data-line", "")
        if tag == "td":
            self._td = [a.get("class", ""), "", a.get("data-line", self._line)]

    def handle_data(self, data):
        if self._td is not None:
            self._td[1] += data

    def handle_endtag(self, tag):
        if tag == "td" and self._td is not None:
            self.cells.append(tuple(self._td))
            self._td = None


def cited_cells(fragment: str) -> list[tuple[str, str]]:
    p = Cells()
    p.feed(fragment)
    return [(text, line) for cls, text, line in p.cells if "cited" in cls.split()]


# --- the chat bubble and the sources panel -----------------------------------------------------------------------
def rendered(markdown: str) -> str:
    "What a reader sees of a chat bubble: the Markdown rendered (CommonMark, newlines kept), tags dropped"
    import html as html_module

    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark", {"breaks": True}).render(markdown)
    return html_module.unescape(re.sub(r"<[^>]+>", "", page))


def test_answer_bubble_numbers_its_citations():
    shown = rendered(app.answer_markdown(sangong_answer("三公经费为何增加")))
    assert "30.99万元[1]" in shown and "33.64%" in shown
    assert "[1] 一般公共预算“三公”经费支出情况表 / 合计 / 2024年预算数/合计（第415行）" in shown
    assert "[2] 一般公共预算“三公”经费支出情况表 / 合计 / 2023年预算数/合计（第415行）" in shown
    assert "[3] 第三部分 / 二、“三公”经费支出情况（第623行）" in shown, "narrative citation listed with its line"


def test_answer_text_cannot_inject_html():
    shown = app.answer_markdown(Answer(question="q", text="<img src=x onerror=alert(1)>", status="answered"))
    assert "<img" not in shown and "&lt;img" in shown


def test_sources_panel_highlights_the_cited_cells(seed_doc):
    panel = app.sources_html(seed_doc, sangong_answer("三公经费为何增加"))
    assert cited_cells(panel) == [("23.19[2]", "415"), ("30.99[1]", "415")], "exactly the two cited cells, marked"
    assert "2024年预算数/公务接待费" in panel, "the whole cited row is shown with its headers"
    assert "30.99 − 23.19 = 7.80 万元" in panel and "7.80 ÷ 23.19 = 33.64%" in panel, "the arithmetic is shown"


def test_sources_panel_quotes_the_whole_paragraph_with_the_sentence_marked(seed_doc):
    panel = app.sources_html(seed_doc, sangong_answer("三公经费为何增加"))
    quoted = re.search(r'<mark class="quote"[^>]*>(.*?)</mark>', panel)
    assert quoted and quoted.group(1) == SANGONG_CITATIONS[2].quote
    assert "公务出国活动增加" in panel, "the rest of the paragraph (the reason) is shown around the quote"


def test_sources_panel_shows_the_line_of_a_performance_table(seed_doc):
    pt = next(p for p in seed_doc.performance if p.budget is not None and p.budget_line)
    cite = Citation(kind="table", table="项目支出绩效目标表", row_label=pt.name, column="年度预算资金",
                    line=pt.budget_line)
    answer = Answer(question="q", text=f"{pt.budget}万元[1]", status="answered", citations=[cite],
                    figures=[AnswerFigure(label="年度预算资金", value=pt.budget, shown=f"{pt.budget} 万元", citations=[1])])
    cells = cited_cells(app.sources_html(seed_doc, answer))
    assert cells and all(line == str(pt.budget_line) for _, line in cells)
    assert [Decimal(text.replace(",", "")) for text, _ in cells] == [pt.budget], f"the budget cell is marked: {cells}"


def test_two_sided_table_citation_finds_its_side(seed_doc):
    t = seed_doc.table("收支总体情况表", side="支出")
    row = t.frame[t.frame["is_total"]].iloc[-1]
    cite = Citation(kind="table", table=f"{t.title}（支出）", row_label=str(row["label"]), column=t.amount_columns[0],
                    line=int(row["line"]))
    panel = app.sources_html(seed_doc, Answer(question="q", text="x[1]", status="answered", citations=[cite]))
    assert f"<b>{t.name}</b>" in panel
    assert [text for text, _ in cited_cells(panel)] == [f"{row[t.amount_columns[0]]:,.2f}[1]"]


# --- the chat handlers -------------------------------------------------------------------------------------------
def test_chat_shows_the_answer_progressively_then_with_sources(fake):
    chat = app.ChatHandlers(fake)
    steps = list(chat.respond("三公经费为何增加", [], None, []))
    bubbles = [rendered(step[0][-1]["content"]).strip() for step in steps]
    assert bubbles[0] == app.PENDING, "the question shows at once with a pending reply"
    partial = [b for b in bubbles[1:-1] if b != app.PENDING]
    assert len(partial) >= 3 and all(len(a) < len(b) for a, b in zip(partial, partial[1:])), "text grows"
    final = steps[-1]
    assert "来源" in rendered(final[0][-1]["content"]) and "[3]" in rendered(final[0][-1]["content"])
    assert cited_cells(final[5]), "the sources panel shows the cited cells of the new answer"
    assert final[4]["value"] == 0 and final[4]["choices"] == [("第1问：三公经费为何增加", 0)]


def test_chat_keeps_one_conversation_until_cleared(fake):
    chat = app.ChatHandlers(fake)
    *_, first = chat.respond("第一问", [], None, [])
    history, _, conversation, answers = first[:4]
    *_, second = chat.respond("第二问", history, conversation, answers)
    assert second[2] is conversation and conversation.questions == ["第一问", "第二问"]
    assert len(second[0]) == 4 and len(second[3]) == 2, "two turns, two messages each"
    assert "本会话问过：第一问|第二问" in rendered(second[0][-1]["content"])
    cleared = chat.clear()
    assert cleared[0] == [] and cleared[2] is None and cleared[3] == [], "clearing forgets the conversation"
    *_, third = chat.respond("第三问", cleared[0], cleared[2], cleared[3])
    assert third[2] is not conversation and third[2].questions == ["第三问"]


def test_chat_shows_a_chart_inside_the_answer(fake):
    *_, final = app.ChatHandlers(fake).respond("画出各类支出构成", [], None, [])
    bubble = final[0][-1]["content"]
    assert 'class="bqa-chart"' in bubble and "社会保障和就业支出" in bubble and "52,019.22 万元" in bubble


def test_chat_turns_a_known_error_into_a_message(seed_doc):
    class Failing(FakeAssistant):
        def ask(self, question, conversation=None):
            raise BudgetQAError("索引不可用")

    *_, final = app.ChatHandlers(Failing(seed_doc)).respond("三公经费", [], None, [])
    assert final[3][-1].status == "error" and "索引不可用" in rendered(final[0][-1]["content"])


def test_selecting_a_message_shows_the_sources_of_its_turn(fake):
    import gradio as gr

    chat = app.ChatHandlers(fake)
    answers = [sangong_answer("a"), sangong_answer("b")]
    evt = gr.SelectData(None, {"index": 3, "value": "x"})
    assert chat.pick_message(answers, evt)["value"] == 1, "message 3 is the answer of turn 2"
    assert "问题：</b>b" in chat.show_sources(1, answers)


# --- the table explorer and the audit ----------------------------------------------------------------------------
def test_table_csv_has_every_row_and_cell_of_the_table(seed_doc):
    import csv
    import io

    t = seed_doc.table("支出总体情况表")
    rows = list(csv.reader(io.StringIO(app.table_csv(t))))
    assert rows[0] == ["编码", "科目/项目", "级次", *t.amount_columns]
    assert len(rows) - 1 == len(t.frame)
    housing = next(r for r in rows if r[0] == "2210201")
    assert housing[1] == "住房公积金" and housing[3] == f"{t.frame[t.frame['code'] == '2210201']['合计'].iloc[0]:.2f}"


def test_audit_tab_lists_the_findings_of_a_document_that_does_not_add_up(tmp_path, seed_path, seed_doc):
    from index import audit, load_document

    t = seed_doc.table("支出总体情况表")
    row = t.frame[t.frame["level"] == "项"].iloc[-1]
    n = int(row["line"]) - 1
    old = f"{row['合计']:.2f}"
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[n]
    lines[n] = lines[n].replace(old, f"{row['合计'] + 1:.2f}", 1)  # one 项 no longer adds up to its 款
    bad = tmp_path / "bad.txt"
    bad.write_text("".join(lines), encoding="utf-8")
    doc = load_document(bad)
    report = audit(doc)
    assert report.findings, "the tampered document must not reconcile"
    shown = app.audit_html(doc, report)
    assert f"发现 <b>{len(report.findings)}</b> 处不一致" in shown
    assert f"{row['合计'] + 1:,.2f}" in shown and f"第{n + 1}行" in shown, "the tampered cell is named with its line"


# --- over HTTP ---------------------------------------------------------------------------------------------------
def test_health_names_the_loaded_document(client, seed_doc):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["sha256"] == seed_doc.sha256 and body["year"] == seed_doc.year


def test_ask_over_http_returns_the_answer_with_citations(client):
    body = client.post("/api/ask", json={"question": "三公经费为何增加"}).json()
    assert body["status"] == "answered" and "30.99" in body["answer"]
    assert [c["n"] for c in body["citations"]] == [1, 2, 3]
    assert body["citations"][0]["text"].endswith("2024年预算数/合计（第415行）")
    assert {f["shown"] for f in body["figures"]} >= {"30.99 万元", "7.80 万元", "33.64%"}
    assert body["session_id"] and body["turn"] == 1


def test_same_session_id_continues_the_conversation(client):
    first = client.post("/api/ask", json={"question": "问甲"}).json()
    second = client.post("/api/ask", json={"question": "问乙", "session_id": first["session_id"]}).json()
    assert second["session_id"] == first["session_id"] and second["turn"] == 2
    assert second["answer"].endswith("本会话问过：问甲|问乙")
    other = client.post("/api/ask", json={"question": "问丙"}).json()
    assert other["session_id"] != first["session_id"] and other["answer"].endswith("本会话问过：问丙")


def test_concurrent_sessions_never_see_each_others_questions(server):
    def client_run(k: int) -> list[str]:
        problems, session = [], None
        with httpx.Client(base_url=server.url, timeout=HTTP_TIMEOUT) as c:
            for turn in range(1, 6):
                body = c.post("/api/ask", json={"question": f"客户{k}问{turn}",
                                                **({"session_id": session} if session else {})}).json()
                session = session or body.get("session_id")
                expected = "|".join(f"客户{k}问{i}" for i in range(1, turn + 1))
                if body.get("session_id") != session or body.get("turn") != turn:
                    problems.append(f"{session} turn {turn}: got {body.get('session_id')} turn {body.get('turn')}")
                if not body.get("answer", "").endswith(f"本会话问过：{expected}"):
                    problems.append(f"{session} turn {turn}: {body.get('answer')!r}")
        return problems

    with ThreadPoolExecutor(20) as pool:
        problems = [p for ps in pool.map(client_run, range(20)) for p in ps]
    assert not problems, problems[:5]


@pytest.mark.parametrize("body", [
    pytest.param({"question": ""}, id="empty"),
    pytest.param({"question": "   "}, id="blank"),
    pytest.param({"q": "三公"}, id="wrong-field"),
    pytest.param({"question": "三公", "session_id": "../etc"}, id="bad-session-id"),
    pytest.param({"question": "三" * 2001}, id="too-long"),
])
def test_ask_rejects_malformed_requests(client, body):
    r = client.post("/api/ask", json=body)
    assert r.status_code == 422 and set(r.json()) == {"error"} and set(r.json()["error"]) == {"code", "message"}


def test_page_loads_nothing_from_outside_the_machine(client):
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    external = re.findall(r'(?:src|href)="(https?://(?!127\.0\.0\.1|localhost)[^"]+)"', page.text)
    assert not external, external
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/ask" in docs.text
    assert not re.findall(r'(?:src|href)=["\'](https?://[^"\']+)', docs.text), "the API page loads nothing either"


def test_table_csv_downloads_over_http(client):
    import json

    name = "一般公共预算“三公”经费支出情况表"
    event = client.post("/gradio_api/call/show_table", json={"data": [name]}).json()["event_id"]
    stream = client.get(f"/gradio_api/call/show_table/{event}").text
    data = json.loads(next(line[5:] for line in stream.splitlines() if line.startswith("data:")))
    info, _, download = data
    assert "单位：万元" in info
    response = client.get(download["url"])
    assert response.status_code == 200 and download["orig_name"].endswith(".csv")
    header, row = response.content.decode("utf-8-sig").splitlines()[:2]
    assert "2024年预算数/合计" in header.split(",") and row.split(",")[1] == "合计"
    assert "30.99" in row.split(",") and "23.19" in row.split(",")


def test_serve_parser_binds_this_machine_by_default():
    import argparse
    from pathlib import Path

    from assistant.server import serve_argv

    p = argparse.ArgumentParser()
    p.add_argument("--doc", type=Path, action="append", default=None)
    add_serve_parser(p.add_subparsers(dest="command"))
    args = p.parse_args(["serve"])
    assert (args.host, args.port, args.doc) == ("127.0.0.1", 7860, None)
    assert p.parse_args(["--doc", "x.txt", "serve"]).doc == [Path("x.txt")], "the global --doc is kept"
    args = p.parse_args(["serve", "--doc", "y.txt", "--doc", "z.pdf", "--library", "lib", "--port", "8000"])
    assert args.doc == [Path("y.txt"), Path("z.pdf")]
    assert serve_argv(args)[-6:] == ["--doc", "y.txt", "--doc", "z.pdf", "--library", "lib"]


def test_sources_panel_lists_many_cited_rows_one_per_line(seed_doc):
    from assistant.charts import cited_chart_for

    chart = cited_chart_for(seed_doc, "画出各类支出构成")
    cites = [c for cs in chart.citations for c in cs]
    answer = Answer(question="q", text="图", status="answered", citations=cites, chart=chart.spec)
    cells = cited_cells(app.sources_html(seed_doc, answer))
    assert [(text.split("[")[0], line) for text, line in cells] == [
        (f"{v:,.2f}", str(c.line)) for v, c in zip(chart.spec.values, cites)], "each bar's cell, on its own row"


def test_load_bench_counts_no_errors_or_leaks_against_a_correct_server(server, seed_doc):
    from eval.load_bench import bench

    report = bench(server.url, seed_doc, clients=4, duration=1.5)
    assert report["requests"] > 8 and report["errors"] == 0 and report["leaks"] == 0, report
    assert report["p50_ms"] is not None and report["p95_ms"] >= report["p50_ms"]


def test_load_bench_reports_a_server_that_mixes_sessions(seed_doc):
    "A server answering every session from one shared conversation must be caught (the check is not vacuous)"
    from assistant.server import SessionStore, create_api
    from eval.load_bench import bench

    class Shared(SessionStore):
        "Hands every client the same conversation"

        def create(self):
            self.shared = getattr(self, "shared", None) or super().create()
            return self.shared

        def get(self, session_id):
            return self.create()

    fake = FakeAssistant(seed_doc)
    with RunningServer(create_api(fake, Shared(fake)), port=0) as running:
        report = bench(running.url, seed_doc, clients=3, duration=1.0)
    assert report["leaks"] > 0, report


def test_two_quotes_from_one_paragraph_show_it_once_with_both_marked(seed_doc):
    para = next(p for p in seed_doc.paragraphs if p.line_start == SANGONG_CITATIONS[2].line)
    first = para.text.split("。")[0] + "。"
    second = para.text[len(first):len(first) + 30]
    cites = [SANGONG_CITATIONS[2].model_copy(update={"quote": q}) for q in (first, second)]
    panel = app.sources_html(seed_doc, Answer(question="q", text="x[1][2]", status="answered", citations=cites))
    assert panel.count("<blockquote>") == 1
    assert re.findall(r'<mark class="quote"[^>]*>(.*?)</mark><sup>\[(\d)\]</sup>', panel) == [(first, "1"), (second, "2")]


def test_answer_bubble_says_how_the_question_was_understood_as_plain_text():
    "Issue 10: the one-line '理解为：…' is shown with the answer; words it repeats from the question stay text"
    from assistant.query import Query

    query = Query(question="q", outside="![x](http://203.0.113.9/a.png) 财政局")
    answer = Answer(question="q", text="根据文件无法回答", status="not_in_document", query=query)
    bubble = rendered(app.answer_markdown(answer))
    assert bubble.startswith(answer.understood) and "理解为" in bubble
    from markdown_it import MarkdownIt

    assert "<img" not in MarkdownIt("commonmark").render(app.answer_markdown(answer))
