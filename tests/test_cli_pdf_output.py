"""`check`, `tables`, `table` and /api/health on a PDF show what a reader needs (issue 12): the parser's warnings, and
the page of every table."""

from __future__ import annotations

import copy
from pathlib import Path

from fastapi.testclient import TestClient

from assistant import cli
from assistant.server import create_api, SessionStore
from tests.fakes.assistant import EchoAssistant

from _pdf_docs import REAL, parsed


def _with_warning(name: str):
    doc = copy.copy(parsed(name))
    doc.warnings = ["第20页 '2025年单位“三公”经费和机关运行经费预算表': no header row found"]
    return doc


def test_check_prints_the_parser_warnings_after_the_audit_line(monkeypatch, capsys):
    doc = _with_warning("putuo-gov-office-2025-unit")
    monkeypatch.setattr(cli, "load_document", lambda path: doc)
    code = cli.main(["check", "--doc", str(REAL / "putuo-gov-office-2025-unit.pdf")])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, "a warning is not a finding"
    assert lines[0].startswith("审核 上海市普陀区人民政府办公室 2025年单位预算")
    assert lines[1] == "解析提示：第20页 '2025年单位“三公”经费和机关运行经费预算表': no header row found"


def test_tables_of_a_pdf_show_their_pages_and_units(capsys):
    assert cli.main(["tables", "--doc", str(REAL / "putuo-commerce-2025.pdf")]) == 0
    out = capsys.readouterr().out
    assert "第10-11页" in out and "第21页" in out and "万元" in out, out
    assert cli.main(["table", "三公", "--doc", str(REAL / "putuo-commerce-2025.pdf")]) == 0
    assert capsys.readouterr().out.startswith("2025年部门“三公”经费和机关运行经费预算表（单位：万元，第21页）")


def test_health_lists_the_parser_warnings_of_the_loaded_document():
    doc = _with_warning("putuo-gov-office-2025-unit")
    assistant = EchoAssistant(doc)
    client = TestClient(create_api(assistant, SessionStore(assistant)))
    body = client.get("/api/health").json()
    assert body["parser_warnings"] == [f"{Path(doc.source).name}: {doc.warnings[0]}"]
    assert body["warnings"] == [], "load failures stay apart"
