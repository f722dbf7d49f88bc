"""The chat UI for citizens and staff (gradio), served with the HTTP API on http://127.0.0.1:7860.

``create_app(assistant)`` builds the Blocks for any object with the assistant's interface (``doc``,
``new_conversation()``, ``ask(question, conversation)``); ``create_server(assistant)`` puts it next to the HTTP API;
``python app.py`` or ``budget-qa serve`` runs both. Nothing on the page is fetched from outside the machine.
"""

from __future__ import annotations

import os

# NOTE: before gradio is imported: gradio 6 phones home on launch (version check, analytics, hub lookup) unless
# these are set, and the server must work offline.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ.setdefault("GRADIO_RUN_HISTORY", "False")

import argparse  # noqa: E402
import csv  # noqa: E402
import html  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import gradio as gr  # noqa: E402
import pandas as pd  # noqa: E402

from assistant.answer import Answer, ChartSpec  # noqa: E402
from assistant.charts import all_charts, chart_frame  # noqa: E402
from assistant.server import (DEFAULT_HOST, DEFAULT_PORT, MAX_QUESTION_CHARS, AssistantLike,  # noqa: E402
                              create_api, trim_history)
from budget_qa.errors import BudgetQAError  # noqa: E402
from budget_qa.results import Citation, fmt_amount  # noqa: E402
from budget_qa.types import BudgetDocument, BudgetTable  # noqa: E402
from index import AuditReport, audit  # noqa: E402

log = logging.getLogger("budget_qa.app")

EXAMPLES = [
    "三公经费为何增加",
    "今年部门预算支出总额是多少",
    "基本支出和项目支出各占多少",
    "金额最大的5个项目是哪些",
    "画出各类支出构成",
]
"""Example questions: standard 部门预算 vocabulary, true of any department's budget."""

SUGGESTION_SLOTS = 3
"""Follow-up suggestion buttons under the chat (Answer.suggestions has two or three)."""
STREAM_CHUNK = 6
"""Characters added per update while an answer is shown progressively."""
STREAM_DELAY = 0.02
"""Seconds between progressive updates."""
CHAT_CONCURRENCY = 8
"""Answers computed at once for the UI (each conversation is still answered one turn at a time)."""
PENDING = "正在查阅预算文件…"
ERROR_TEXT = "抱歉，处理这个问题时出错了。请换个说法再问一次。"
TOO_LONG_TEXT = f"问题过长：最多 {MAX_QUESTION_CHARS} 个字，请缩短后再问。"
SOURCES_EMPTY = '<div class="bqa-sources bqa-empty">提问后，这里显示回答所引用的表格行（所引单元格高亮）和原文段落。</div>'
CITED_STYLE = "background:#fde68a;font-weight:600;outline:2px solid #f59e0b"
QUOTE_STYLE = "background:#fde68a"
SERIES_COLOURS = ["#2563eb", "#f97316", "#16a34a", "#9333ea"]

CSS = """
.bqa-sources { font-size: 0.9em; }
.bqa-sources table { border-collapse: collapse; margin: 0.3em 0 0.8em; }
.bqa-sources th, .bqa-sources td { border: 1px solid #d4d4d8; padding: 2px 6px; text-align: right; white-space: nowrap; }
.bqa-sources th { white-space: normal; min-width: 6em; font-weight: 500; }
.bqa-sources td.bqa-label, .bqa-sources th.bqa-label { text-align: left; }
.bqa-sources .bqa-scroll { overflow-x: auto; }
.bqa-sources blockquote { border-left: 3px solid #f59e0b; margin: 0.3em 0 0.8em; padding: 0.2em 0.6em; }
.bqa-audit td, .bqa-audit th { text-align: left; }
#chat { height: min(72vh, 640px) !important; min-height: 360px; }
@media (max-width: 640px) { #chat { height: 68vh !important; min-height: 420px; } }
"""

PAGE_LANG = "zh-CN"
# NOTE: gradio picks its own controls' language from navigator.language and writes it to <html lang>; this page is
# Chinese whatever the browser says, so the page tells gradio so before its scripts run.
LANG_SCRIPT = ("<script>(function(){try{var d=function(v){return{get:function(){return v},configurable:true}};"
               f"Object.defineProperty(Navigator.prototype,'language',d('{PAGE_LANG}'));"
               f"Object.defineProperty(Navigator.prototype,'languages',d(['{PAGE_LANG}','zh']));"
               "}catch(e){}})();</script>")

ZH_LABELS = {"Copy message": "复制", "Copy": "复制", "Copied!": "已复制", "Copied": "已复制", "Clear": "清空",
             "More tabs": "更多标签页", "chatbot conversation": "对话记录", "Retry": "重试", "Undo": "撤销",
             "Share": "分享", "Download": "下载", "Fullscreen": "全屏", "Exit fullscreen mode": "退出全屏",
             "Scroll down": "滚动到底部"}
ZH_PREFIXES = {"user's message: ": "你的问题：", "bot's message: ": "回答："}
# NOTE: some of gradio's own labels (the chat's aria-labels and button titles) are English whatever the locale;
# this observer puts them in Chinese as they appear, so screen readers and tooltips speak the page's language.
LABEL_SCRIPT = ("<script>(function(){var L=%s,P=%s;function fix(e){['aria-label','title'].forEach(function(a){"
                "var v=e.getAttribute&&e.getAttribute(a);if(!v)return;if(L[v]){e.setAttribute(a,L[v]);return}"
                "for(var p in P){if(v.indexOf(p)===0){e.setAttribute(a,P[p]+v.slice(p.length));return}}});"
                "if(e.tagName==='BUTTON'){e.childNodes.forEach(function(n){var t=n.nodeType===3&&n.nodeValue.trim();"
                "if(t&&L[t])n.nodeValue=L[t]})}}"
                "function all(r){if(r.querySelectorAll){fix(r);r.querySelectorAll('[aria-label],[title]').forEach(fix)}}"
                "new MutationObserver(function(ms){ms.forEach(function(m){if(m.type==='attributes')fix(m.target);"
                "else m.addedNodes.forEach(all)})}).observe(document.documentElement,{subtree:true,childList:true,"
                "characterData:true,attributes:true,attributeFilter:['aria-label','title']})})();</script>"
                % (json.dumps(ZH_LABELS, ensure_ascii=False), json.dumps(ZH_PREFIXES, ensure_ascii=False)))

SCROLL_TO_NEWEST = """() => {
  const users = document.querySelectorAll('#chat [data-testid=user]');
  if (!users.length) return;
  const question = users[users.length - 1];
  let box = question.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
    box = box.parentElement;
  }
  if (box) box.scrollTop += question.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
}"""
"""After an answer: the question and the answer's first line (the headline figure) at the top of the chat, not
the end of the answer; only the chat scrolls, not the page."""


# --- answers in the chat ----------------------------------------------------------------------------------------
def answer_markdown(answer: Answer) -> str:
    "The chat bubble of an answer: what the question was read as, its text, its numbered sources, and its chart"
    understood = answer.understood
    parts = ([f"*{plain(understood)}*"] if understood else []) + [plain(answer.text)]
    if answer.citations:
        lines = [plain(f"[{i}] {_short(c)}") for i, c in enumerate(answer.citations, 1)]
        parts.append("**来源**\n" + "\n".join(lines))
    if answer.chart is not None:
        parts.append(chart_html(answer.chart))
    return "\n\n".join(parts)


def _short(c: Citation) -> str:
    "A citation in one line: long quotes cut short (the sources panel shows them whole)"
    if c.kind != "table" and len(c.quote) > 60:
        return c.model_copy(update={"quote": c.quote[:60] + "…"}).describe()
    return c.describe()


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:=^])")


def plain(text: str) -> str:
    "Text for the chat shown as the plain text it is: no Markdown, HTML or link in it is rendered"
    # NOTE: the chat renders Markdown; '![p](http://host/x.png)' typed by one user (or echoed in an answer) would
    # make every viewer's browser fetch it (issue 11, item 9). Line breaks stay line breaks.
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text or "", quote=False)).replace("\n", "  \n")



def chart_html(spec: ChartSpec) -> str:
    "A ChartSpec as plain HTML bars (the chat bubble cannot hold a plot component)"
    values = [Decimal(v) for v in spec.values]
    top = max((abs(v) for v in values), default=Decimal(0)) or Decimal(1)
    series = spec.series if len(spec.series) == len(spec.labels) else [""] * len(spec.labels)
    names = list(dict.fromkeys(s for s in series if s))
    colour = {s: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, s in enumerate(names)}
    rows = []
    for label, value, s in zip(spec.labels, values, series):
        width = max(1, round(float(abs(value) / top) * 240))
        name = f"{label}（{s}）" if s else label
        rows.append(
            f'<div class="bqa-bar-row" style="display:flex;align-items:center;gap:6px;margin:2px 0">'
            f'<span style="flex:0 0 14em;text-align:right">{html.escape(name)}</span>'
            f'<span class="bqa-bar" style="display:inline-block;width:{width}px;height:12px;'
            f'background:{colour.get(s, SERIES_COLOURS[0])}"></span>'
            f'<span class="bqa-bar-value">{fmt_amount(value)} {html.escape(spec.unit)}</span></div>'
        )
    legend = ""
    if names:
        legend = '<div class="bqa-legend">' + "　".join(
            f'<span style="color:{colour[s]}">■</span> {html.escape(s)}' for s in names) + "</div>"
    return (f'<div class="bqa-chart"><div class="bqa-chart-title"><b>{html.escape(spec.title)}</b>'
            f"（单位：{html.escape(spec.unit)}）</div>{legend}{''.join(rows)}</div>")


# --- the sources panel ------------------------------------------------------------------------------------------
def sources_html(doc: BudgetDocument, answer: Answer | None) -> str:
    "For one answer: its figures and arithmetic, the cited table rows (cited cell highlighted), the quoted paragraphs"
    if answer is None:
        return SOURCES_EMPTY
    out = [f'<div class="bqa-sources"><p class="bqa-question"><b>问题：</b>{html.escape(answer.question)}</p>']
    if answer.figures:
        items = []
        for f in answer.figures:
            refs = "".join(f"[{n}]" for n in f.citations)
            calc = f"；计算：{html.escape(f.computation)}" if f.computation else ""
            items.append(f"<li>{html.escape(f.label)}：<b>{html.escape(f.shown)}</b>{calc} {refs}</li>")
        out.append('<p><b>数字</b></p><ul class="bqa-figures">' + "".join(items) + "</ul>")
    if not answer.citations:
        out.append("<p>这条回答没有引用文件内容。</p>")
    values = _cited_values(answer)
    # One block per table, per paragraph, per other source; a block keeps the position of its first citation.
    groups: dict[str, list[tuple[int, Citation]]] = {}
    for n, c in enumerate(answer.citations, 1):
        table = _locate_table(doc, c) if c.kind == "table" else None
        para = _paragraph_at(doc, c.line) if c.kind == "narrative" else None
        key = f"t:{table.name}" if table else f"p:{para.line_start}" if para else f"#{n}"
        groups.setdefault(key, []).append((n, c))
    for key, cites in groups.items():
        if key.startswith("t:"):
            out.append(_table_rows_html(doc, _table_by_name(doc, key[2:]), cites))
        elif key.startswith("p:"):
            out.append(_narrative_html(_paragraph_at(doc, int(key[2:])), cites))
        else:
            n, c = cites[0]
            out.append(_raw_line_html(doc, n, c, values.get(n, set())))
    out.append("</div>")
    return "".join(out)


def _cited_values(answer: Answer) -> dict[int, set[Decimal]]:
    "Citation number → the values of the figures that cite it"
    out: dict[int, set[Decimal]] = {}
    for f in answer.figures:
        for n in f.citations:
            out.setdefault(n, set()).add(f.value)
    return out


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except (ArithmeticError, ValueError):
        return None


def _table_by_name(doc: BudgetDocument, name: str) -> BudgetTable:
    return next(t for t in doc.tables if t.name == name)


def _locate_table(doc: BudgetDocument, c: Citation) -> BudgetTable | None:
    "The parsed table holding the cited row ('收支总体情况表（收入）' names the 收入 side); None when not a parsed table"
    named = [t for t in doc.tables if c.table in (t.title, t.name, f"{t.title}（{t.side}）")]
    for t in named:
        if (t.frame["line"] == c.line).any():
            return t
    return None


def _table_rows_html(doc: BudgetDocument, t: BudgetTable, cites: list[tuple[int, Citation]]) -> str:
    """The cited rows of one table with every column, the cited cells marked with their citation numbers.

    A few rows are shown turned on their side (one line per column), so a wide table fits the panel.
    """
    marks: dict[tuple[int, str], list[int]] = {}
    lines: list[int] = []
    for n, c in cites:
        marks.setdefault((c.line, c.column if c.column in t.amount_columns else ""), []).append(n)
        if c.line not in lines:
            lines.append(c.line)
    rows = [row for line in lines for _, row in t.frame[t.frame["line"] == line].iterrows()]

    def label_cell(row, tag: str = "td") -> str:
        refs = marks.get((int(row["line"]), ""), [])
        label = html.escape(str(row["label"]) or ("合计" if row["is_total"] else ""))
        code = f" [{html.escape(str(row['code']))}]" if row["code"] else ""
        if tag == "th":
            return f'<th class="bqa-label">{label}{code}{_refs(refs)}<br>第{int(row["line"])}行</th>'
        return _cell(label + code + _refs(refs), "bqa-label", bool(refs))

    def value_cell(row, col: str) -> str:
        refs = marks.get((int(row["line"]), col), [])
        shown = fmt_amount(row[col]) if row[col] is not None else ""
        return _cell(html.escape(shown) + _refs(refs), "bqa-num", bool(refs), line=int(row["line"]))

    if len(rows) <= 3:
        head = "".join(label_cell(row, "th") for row in rows)
        body = "".join(f'<tr><th class="bqa-label">{html.escape(col)}</th>'
                       + "".join(value_cell(row, col) for row in rows) + "</tr>" for col in t.amount_columns)
        table = f'<table><thead><tr><th class="bqa-label">栏目</th>{head}</tr></thead><tbody>{body}</tbody></table>'
    else:
        head = "".join(f"<th>{html.escape(col)}</th>" for col in t.amount_columns)
        body = "".join(f"<tr>{label_cell(row)}" + "".join(value_cell(row, col) for col in t.amount_columns)
                       + f"<td>第{int(row['line'])}行</td></tr>" for row in rows)
        table = (f'<table><thead><tr><th class="bqa-label">科目/项目</th>{head}<th>出处</th></tr></thead>'
                 f"<tbody>{body}</tbody></table>")
    note = f"（单位：{html.escape(t.unit)}，原文第{t.line_start}-{t.line_end}行）"
    return (f'<div class="bqa-table-source"><p><b>{html.escape(t.name)}</b>{note}</p>'
            f'<div class="bqa-scroll">{table}</div></div>')


def _cell(content: str, cls: str, cited: bool, line: int | None = None) -> str:
    at = f' data-line="{line}"' if line is not None else ""
    if cited:
        return f'<td class="{cls} cited"{at} style="{CITED_STYLE}"><mark>{content}</mark></td>'
    return f'<td class="{cls}"{at}>{content}</td>'


def _refs(numbers: list[int]) -> str:
    return "".join(f"<sup>[{n}]</sup>" for n in numbers)


def _paragraph_at(doc: BudgetDocument, line: int):
    return next((p for p in doc.paragraphs if p.line_start <= line <= p.line_end), None)


def _narrative_html(para, cites: list[tuple[int, Citation]]) -> str:
    "The quoted paragraph, whole, each quoted sentence highlighted and numbered"
    text = para.text
    spans: list[tuple[int, int, int]] = []  # (start, end, citation number), quotes found in the paragraph
    for n, c in cites:
        at = text.find(c.quote) if c.quote else -1
        if at >= 0 and not any(a < at + len(c.quote) and at < b for a, b, _ in spans):
            spans.append((at, at + len(c.quote), n))
    spans.sort()
    out, pos = [], 0
    for a, b, n in spans:
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark class="quote" style="{QUOTE_STYLE}">{html.escape(text[a:b])}</mark><sup>[{n}]</sup>')
        pos = b
    out.append(html.escape(text[pos:]))
    c = cites[0][1]
    where = html.escape(" / ".join(x for x in (c.part or para.part, c.section or para.section) if x))
    numbers = "".join(f"[{n}]" for n, _ in cites)
    return (f'<div class="bqa-quote"><p><b>{numbers} {where}</b>（第{para.line_start}行）</p>'
            f"<blockquote>{''.join(out)}</blockquote></div>")


def _raw_line_html(doc: BudgetDocument, n: int, c: Citation, values: set[Decimal]) -> str:
    "A source the parser keeps elsewhere (绩效目标表, a list item): its line of the document, cited value marked"
    lines = doc.lines
    raw = lines[c.line - 1] if 0 < c.line <= len(lines) else ""
    cells = [x.strip() for x in raw.split("\t") if x.strip()] or [c.quote or c.row_label]
    tds = []
    for x in cells:
        cited = _number(x) in values if values else x == c.row_label
        tds.append(_cell(html.escape(x), "bqa-raw", cited))
    return (f'<div class="bqa-raw-source"><p><b>[{n}] {html.escape(c.describe())}</b></p><div class="bqa-scroll">'
            f'<table><tbody><tr data-line="{c.line}">{"".join(tds)}</tr></tbody></table></div></div>')



# --- the table explorer and the audit ---------------------------------------------------------------------------
def table_frame(t: BudgetTable) -> pd.DataFrame:
    "A table as shown and downloaded: 编码, 科目/项目, 级次, then its amount columns as printed (blank stays blank)"
    frame = pd.DataFrame({
        "编码": t.frame["code"].astype(str),
        "科目/项目": [str(r["label"]) or ("合计" if r["is_total"] else "") for _, r in t.frame.iterrows()],
        "级次": t.frame["level"].astype(str),
    })
    for col in t.amount_columns:
        frame[col] = [f"{v:.2f}" if v is not None else "" for v in t.frame[col]]
    return frame


def table_csv(t: BudgetTable) -> str:
    "The table as CSV text"
    buf = io.StringIO()
    table_frame(t).to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def write_table_csvs(doc: BudgetDocument, folder: Path) -> dict[str, Path]:
    "Every table as a CSV file (UTF-8 with BOM, so spreadsheet programs read the Chinese right)"
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i, t in enumerate(doc.tables, 1):
        path = folder / f"{i:02d}-{_safe_name(t.name)}.csv"
        path.write_text(table_csv(t), encoding="utf-8-sig")
        out[t.name] = path
    return out


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name)


def table_info(t: BudgetTable) -> str:
    note = f"　注：{t.note}" if t.note else ""
    return f"**{t.name}**　单位：{t.unit}　共 {len(t.frame)} 行　原文第 {t.line_start}-{t.line_end} 行{note}"


def audit_html(doc: BudgetDocument, report: AuditReport) -> str:
    "The findings of `budget-qa check`, each with its rule, the expected and found values and every cell involved"
    head = (f"<p>审核 <b>{html.escape(doc.department)} {doc.year}年部门预算</b>：共核对 {report.checks} 项勾稽关系，"
            f"发现 <b>{len(report.findings)}</b> 处不一致。</p>")
    if report.clean:
        return f'<div class="bqa-audit">{head}<p>所有勾稽关系均成立。</p></div>'
    items = []
    for i, f in enumerate(report.findings, 1):
        locs = "".join(f"<li>{html.escape(loc)}</li>" for loc in f.locations)
        items.append(
            f'<div class="bqa-finding"><p><b>[{i}] {html.escape(f.rule)}</b>：{html.escape(f.message)}</p>'
            f"<p>应为 {fmt_amount(f.expected)} {html.escape(f.unit)}，实为 {fmt_amount(f.found)} {html.escape(f.unit)}，"
            f"差额 {fmt_amount(f.difference)} {html.escape(f.unit)}</p><ul>{locs}</ul></div>")
    return f'<div class="bqa-audit">{head}{"".join(items)}</div>'


# --- the app ----------------------------------------------------------------------------------------------------
def _progressive(text: str):
    "Growing prefixes of the text, ending with the whole text"
    for end in range(STREAM_CHUNK, len(text), STREAM_CHUNK):
        yield text[:end]
    yield text


def _choices(answers: list[Answer]) -> list[tuple[str, int]]:
    return [(f"第{i}问：{a.question[:24]}", i - 1) for i, a in enumerate(answers, 1)]


def suggestion_updates(answer: Answer | None) -> tuple:
    "The suggestion buttons for an answer: one per follow-up it offers, the rest hidden"
    offered = list(answer.suggestions if answer else [])[:SUGGESTION_SLOTS]
    return tuple(gr.update(value=offered[i], visible=True) if i < len(offered) else gr.update(visible=False)
                 for i in range(SUGGESTION_SLOTS))


def _called_from_test() -> bool:
    return "pytest" in sys.modules


class ChatHandlers:
    "The chat tab's event handlers over one assistant (plain methods, so tests can drive them without a browser)"

    def __init__(self, assistant: AssistantLike):
        self.assistant = assistant
        self.doc = assistant.doc

    def doc_of(self, answer: Answer | None) -> BudgetDocument:
        "The document an answer used (its sources panel shows that document's cells)"
        ids = answer.documents if answer is not None else []
        document = getattr(self.assistant, "document", None)
        if ids and document is not None:
            try:
                return document(ids[0])
            except KeyError:
                pass
        return self.doc

    def respond(self, question: str, history: list, conversation, answers: list[Answer], document: str | None = None):
        """Ask one question: show it with a pending reply, then the answer growing, then the whole answer with its
        sources and follow-up suggestions; yields (chat, question box, conversation, answers, answer picker,
        sources panel, *suggestion buttons)"""
        keep = (gr.skip(),) * SUGGESTION_SLOTS
        question = (question or "").strip()
        if not question:
            yield (gr.skip(),) * 6 + keep
            return
        if conversation is None:
            conversation = self.assistant.new_conversation()
        history = list(history or []) + [
            {"role": "user", "content": plain(question)},
            {"role": "assistant", "content": PENDING},
        ]
        hidden = tuple(gr.update(visible=False) for _ in range(SUGGESTION_SLOTS))
        yield (history, "", conversation, answers, gr.skip(), gr.skip()) + hidden
        answer = self._ask(question, conversation, document or None)
        trim_history(conversation)
        for partial in _progressive(answer.text):  # a new list each time: never change what was yielded
            history = history[:-1] + [{"role": "assistant", "content": plain(partial)}]
            yield (history, "", conversation, answers, gr.skip(), gr.skip()) + keep
            time.sleep(STREAM_DELAY)
        history = history[:-1] + [{"role": "assistant", "content": answer_markdown(answer)}]
        answers = list(answers or []) + [answer]
        yield ((history, "", conversation, answers,
                gr.update(choices=_choices(answers), value=len(answers) - 1), sources_html(self.doc_of(answer), answer))
               + suggestion_updates(answer))

    def _ask(self, question: str, conversation, document: str | None = None) -> Answer:
        if len(question) > MAX_QUESTION_CHARS:
            return Answer(question=question[:MAX_QUESTION_CHARS], status="error", text=TOO_LONG_TEXT)
        try:
            if document:
                return self.assistant.ask(question, conversation, document=document)
            return self.assistant.ask(question, conversation)
        except BudgetQAError as e:
            return Answer(question=question, text=f"{ERROR_TEXT}（{e}）", status="error")
        except Exception:
            if _called_from_test():
                raise
            log.exception("answering %r failed", question)
            return Answer(question=question, text=ERROR_TEXT, status="error")

    def show_sources(self, index, answers: list[Answer]) -> str:
        if index is None or not answers or not 0 <= int(index) < len(answers):
            return SOURCES_EMPTY
        answer = answers[int(index)]
        return sources_html(self.doc_of(answer), answer)

    def pick_message(self, answers: list[Answer], evt: gr.SelectData):
        "Clicking a message shows the sources of its turn"
        # NOTE: every turn is exactly two messages (question, answer), so message i belongs to turn i // 2.
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = int(index) // 2
        return gr.update(value=turn) if 0 <= turn < len(answers or []) else gr.skip()

    def clear(self):
        "A new conversation: nothing shown, nothing remembered"
        return ([], "", None, [], gr.update(choices=[], value=None), SOURCES_EMPTY) + suggestion_updates(None)


def create_app(assistant: AssistantLike) -> gr.Blocks:
    "The chat UI over one loaded document, for any object with the assistant's interface"
    doc = assistant.doc
    catalog = list(getattr(assistant, "catalog", None) or [])
    documents = [(e, assistant.document(e.id)) for e in catalog] if len(catalog) > 1 else [(None, doc)]
    # NOTE: one folder per document, rewritten at each start (a server stopped by a signal leaves nothing new).
    tables: dict[str, tuple[BudgetTable, Path]] = {}
    for entry, d in documents:
        csv_files = write_table_csvs(d, Path(tempfile.gettempdir()) / f"budget-qa-csv-{d.doc_id}")
        for t in d.tables:
            tables[f"{entry.id} · {t.name}" if entry else t.name] = (t, csv_files[t.name])
    table_names = list(tables)
    chat = ChatHandlers(assistant)

    def show_table(name: str):
        if name not in tables:
            return "", pd.DataFrame(), None
        t, path = tables[name]
        return table_info(t), table_frame(t), str(path)

    title = f"{doc.department} {doc.year}年部门预算问答" if len(documents) == 1 else f"部门预算问答（{len(documents)} 份文件）"
    with gr.Blocks(title=title, analytics_enabled=False) as blocks:
        gr.Markdown(f"# {title}\n"
                    f"回答中的数字由程序从预算文件的表格中读取或计算，每个数字都标明出处（表、行、列或原文段落）。"
                    + (f"金额单位：{doc.unit}。" if len(documents) == 1 else
                       "已载入：" + "；".join(e.name for e, _ in documents) + "。问题里说明部门和年份，或在右侧选择文件。"))
        conversation = gr.State(None)
        answers = gr.State([])
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        # NOTE: no label (it sat over the first message); autoscroll off: SCROLL_TO_NEWEST shows the
                        # start of the newest answer instead of its end; no LaTeX: '$' in a question is text.
                        chatbot = gr.Chatbot(label="对话", show_label=False, elem_id="chat", height="min(72vh, 640px)",
                                             buttons=["copy"], feedback_options=None, autoscroll=False,
                                             latex_delimiters=[],
                                             placeholder="请在下方输入问题，或点击示例问题。")
                        with gr.Row(elem_id="suggestions"):
                            suggestion_buttons = [gr.Button("", size="sm", visible=False, elem_classes="bqa-suggestion")
                                                  for _ in range(SUGGESTION_SLOTS)]
                        question = gr.Textbox(label="你的问题", elem_id="question", lines=1, max_lines=4,
                                              max_length=MAX_QUESTION_CHARS,
                                              placeholder="例如：三公经费为何增加？", submit_btn=False)
                        with gr.Row():
                            send = gr.Button("发送", variant="primary", elem_id="send")
                            clear_btn = gr.Button("清空对话", elem_id="clear")
                        gr.Markdown("**示例问题**（点击即问）")
                        with gr.Row(elem_id="examples"):
                            example_buttons = [gr.Button(q, size="sm") for q in EXAMPLES]
                    with gr.Column(scale=2):
                        document_pick = None
                        if len(catalog) > 1:  # a library: which document to answer from ('' = the question says)
                            document_pick = gr.Dropdown(label="预算文件", elem_id="document-pick", interactive=True,
                                                        choices=[("全部（按问题选择）", "")] + [(e.name, e.id) for e in catalog],
                                                        value="")
                        pick = gr.Dropdown(label="查看哪条回答的来源", choices=[], value=None, elem_id="answer-pick",
                                           interactive=True)
                        sources = gr.HTML(SOURCES_EMPTY, label="来源", elem_id="sources")
            with gr.Tab("表格浏览", id="tables"):
                table_pick = gr.Dropdown(label="选择表格", choices=table_names,
                                         value=table_names[0] if table_names else None, elem_id="table-pick")
                first = show_table(table_names[0]) if table_names else ("", pd.DataFrame(), None)
                info = gr.Markdown(first[0])
                table_view = gr.Dataframe(value=first[1], interactive=False, wrap=True, max_height=600,
                                          elem_id="table-view", label="表格内容")
                download = gr.DownloadButton("下载 CSV", value=first[2], elem_id="table-download")
                table_pick.change(show_table, table_pick, [info, table_view, download], api_name="show_table")
            with gr.Tab("图表", id="charts"):
                if len(documents) > 1:
                    gr.Markdown(f"以下为 {documents[0][0].name} 的图表；其他文件的图表可在问答中请求（如“画出商务委的支出构成”）。")
                specs = all_charts(doc)
                if not specs:
                    gr.Markdown("文件中没有可绘图的表格。")
                for spec in specs:
                    frame = chart_frame(spec)
                    gr.BarPlot(frame, x="项目", y="金额", color="系列" if spec.series else None, title=spec.title,
                               x_title="", y_title=f"金额（{spec.unit}）", sort=list(frame["项目"]),
                               x_label_angle=-30 if len(frame) > 4 else 0, height=380, show_label=False)
            with gr.Tab("审核", id="audit"):
                gr.HTML("".join(audit_html(d, audit(d)) for _, d in documents), elem_id="audit")

        # NOTE: the chat's own HTTP API is /api/ask; the UI's events stay private. One concurrency group for every
        # way of asking, so at most CHAT_CONCURRENCY answers are computed at once.
        chat_io = dict(inputs=[question, chatbot, conversation, answers] + ([document_pick] if document_pick else []),
                       outputs=[chatbot, question, conversation, answers, pick, sources, *suggestion_buttons],
                       concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat", show_progress="hidden",
                       api_visibility="private")
        scroll = dict(fn=None, js=SCROLL_TO_NEWEST, api_visibility="private", queue=False)
        send.click(chat.respond, **chat_io).then(**scroll)
        question.submit(chat.respond, **chat_io).then(**scroll)
        for button, q in zip(example_buttons, EXAMPLES):
            button.click(lambda q=q: q, None, question, queue=False, api_visibility="private").then(
                chat.respond, **chat_io).then(**scroll)
        for button in suggestion_buttons:
            button.click(lambda s: s, button, question, queue=False, api_visibility="private").then(
                chat.respond, **chat_io).then(**scroll)
        pick.change(chat.show_sources, [pick, answers], sources, api_visibility="private", show_progress="hidden")
        chatbot.select(chat.pick_message, answers, pick, api_visibility="private")
        clear_btn.click(chat.clear, None, [chatbot, question, conversation, answers, pick, sources,
                                           *suggestion_buttons], api_visibility="private")
    return blocks


def create_server(assistant: AssistantLike, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT):
    "The HTTP API (/api/ask, /api/health) with the chat UI mounted at /"
    api = create_api(assistant)
    api.add_middleware(ChinesePage)
    return gr.mount_gradio_app(api, create_app(assistant), path="/", server_name=host, server_port=port,
                               footer_links=[], run_history=False, ssr_mode=False, mcp_server=False, pwa=False,
                               show_error=False, css=CSS)


class ChinesePage:
    "ASGI middleware: the chat page's HTML says lang=zh-CN and makes gradio's own controls Chinese"

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/":
            await self.app(scope, receive, send)
            return
        start: dict = {}
        body: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            headers = list(start.get("headers", []))
            html_page = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
            if html_page and not any(k.lower() == b"content-encoding" for k, _ in headers):
                page = chinese_page(page.decode("utf-8")).encode("utf-8")
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, capture)


def chinese_page(page: str) -> str:
    "The page with lang=zh-CN and the locale script first in <head>"
    page = re.sub(r'<html(\s+)lang="[^"]*"', rf'<html\1lang="{PAGE_LANG}"', page, count=1)
    return page.replace("<head>", "<head>" + LANG_SCRIPT + LABEL_SCRIPT, 1)


def load_assistant(docs: list[Path] | None = None, library: Path | None = None):
    "The real assistant on the documents (default: the bundled one); with one document, that document's assistant"
    from assistant.library import Library

    return Library.load(list(docs or []), library)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, docs: list[Path] | None = None,
          library: Path | None = None) -> None:
    "Load the documents and their indexes, then serve the UI and the API until interrupted"
    import uvicorn

    print("正在加载预算文件与检索索引…", flush=True)
    assistant = load_assistant(docs, library)
    for f in assistant.failures:
        print(f"警告：未能载入 {f.path}：{f.message}", flush=True)
    app = create_server(assistant, host, port)
    names = "；".join(e.name for e in assistant.catalog)
    print(f"已就绪：{names}。请在浏览器打开 http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="app.py", description="部门预算问答：聊天界面与 HTTP API")
    p.add_argument("--host", default=DEFAULT_HOST)
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--doc", type=Path, action="append", default=None, help="a budget document (repeatable)")
    p.add_argument("--library", type=Path, default=None, metavar="DIR", help="load every budget in a folder")
    args = p.parse_args(argv)
    serve(args.host, args.port, args.doc, args.library)
    return 0


if __name__ == "__main__":
    sys.exit(main())
