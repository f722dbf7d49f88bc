"""Documents that cannot be used say why (issue 12; issue 11 item 8): never a traceback, never an empty document."""

from __future__ import annotations

import os

import pytest

from budget_qa.errors import DocumentError
from index import load_document, parse_document

from _pdf_docs import REAL, cjk_pdf, pages_of

SEED_TEXT_COVER = ["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区某局"]


def _fails(path, *words, line="any"):
    with pytest.raises(DocumentError) as e:
        load_document(path)
    message = str(e.value)
    assert all(w in message for w in words), message
    assert str(path) in message and "Traceback" not in message
    if line != "any":
        assert e.value.line == line
    return e.value


def test_scanned_pdf_without_text_layer_is_named(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    _fails(path, "no text layer", "OCR")


def test_encrypted_pdf_is_named(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(cjk_pdf(SEED_TEXT_COVER, encrypt=True))
    _fails(path, "encrypted")


@pytest.mark.parametrize("data", [
    pytest.param(b"%PDF-1.7\n" + b"garbage " * 100, id="no-structure"),
    pytest.param((REAL / "putuo-gov-office-2025.pdf").read_bytes()[:3000], id="cut-bytes"),
])
def test_damaged_pdf_is_named(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    _fails(path, "damaged")


def test_a_final_account_is_not_taken_for_a_budget(tmp_path):
    path = tmp_path / "juesuan.pdf"
    path.write_bytes(cjk_pdf(["上海市普陀区2024年区级部门决算", "预算主管部门：上海市普陀区某局"]))
    _fails(path, "部门决算", "not a 部门预算")


def test_a_pdf_that_is_not_a_budget_is_refused(tmp_path):
    path = tmp_path / "poem.pdf"
    path.write_bytes(cjk_pdf(["静夜思", "床前明月光，疑是地上霜。"]))
    _fails(path, "not a 部门预算", "静夜思")


def test_a_budget_cover_without_tables_is_incomplete_not_empty(tmp_path):
    path = tmp_path / "cover-only.pdf"
    path.write_bytes(cjk_pdf(SEED_TEXT_COVER))
    err = _fails(path, "incomplete", "财务收支预算总表", "三公经费和机关运行经费预算表", "section 名词解释")
    assert "missing" in str(err)


def test_a_pdf_cut_in_half_names_the_missing_tables_and_sections(tmp_path):
    path = tmp_path / "half.pdf"
    path.write_bytes(pages_of("putuo-gov-office-2025", list(range(11))))  # cover … 支出预算总表 (first page)
    _fails(path, "incomplete", "一般公共预算支出功能分类预算表", "三公经费和机关运行经费预算表", "section 其他相关情况说明")


def test_a_pdf_repeated_is_rejected_with_the_page_of_the_repeat(tmp_path):
    path = tmp_path / "twice.pdf"
    path.write_bytes(pages_of("putuo-gov-office-2025", copies=2))  # 22 pages, then the same 22 again
    _fails(path, "appears again at page 30", "first at page 8", "repeated")


def test_a_text_export_cut_in_half_is_incomplete(tmp_path, seed_path):
    data = seed_path.read_bytes()
    path = tmp_path / "half.txt"
    path.write_bytes(data[: len(data) // 2])
    _fails(path, "incomplete", "第四部分")


def test_a_text_export_with_tabs_replaced_by_spaces_is_incomplete(tmp_path, seed_path):
    path = tmp_path / "spaces.txt"
    path.write_text(seed_path.read_text(encoding="utf-8").replace("\t", " "), encoding="utf-8")
    _fails(path, "incomplete", "no row was read", "支出总体情况表")


def test_a_text_export_repeated_40_times_is_rejected_with_the_line_of_the_repeat(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    path = tmp_path / "x40.txt"
    path.write_text(text * 40, encoding="utf-8")
    n = len(text.split("\n"))  # the second copy starts on line n (the first copy has no final newline)
    err = _fails(path, "appears again", "repeated")
    assert err.line is not None and err.line > n - 1


def test_utf16_text_says_utf16(tmp_path, seed_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").encode("utf-16"))
    _fails(path, "UTF-16", "UTF-8")


def test_a_directory_says_directory(tmp_path):
    _fails(tmp_path, "directory")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_a_fifo_says_fifo_and_does_not_block(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    _fails(path, "FIFO")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_says_device():
    with pytest.raises(DocumentError) as e:
        parse_document("/dev/zero")
    assert "character device" in str(e.value)


def test_a_missing_file_says_no_such_file(tmp_path):
    _fails(tmp_path / "nope.pdf", "no such file")


def test_a_section_the_contents_list_but_the_document_lacks_is_missing(tmp_path):
    # putuo-gov-office-2025.pdf without its last page: the contents promise 七、项目经费情况说明
    path = tmp_path / "no-projects.pdf"
    path.write_bytes(pages_of("putuo-gov-office-2025", list(range(21))))
    _fails(path, "incomplete", "项目经费情况说明 (listed in the contents)")
