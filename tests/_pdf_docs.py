"""The four real PDFs of the Shanghai 区级 template (data/real), each parsed once per test session."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
NAMES = ("putuo-gov-office-2025", "putuo-gov-office-2025-unit", "putuo-commerce-2025", "putuo-commerce-2025-unit")


@lru_cache(maxsize=None)
def parsed(name: str):
    from index import parse_document

    return parse_document(REAL / f"{name}.pdf")


@pytest.fixture
def pdf_doc():
    "pdf_doc('putuo-commerce-2025') → its BudgetDocument (parsed once per session)"
    return parsed


@pytest.fixture(scope="module")
def ask():
    "ask('putuo-commerce-2025', q1, q2 …) → the answers of one conversation with that PDF's assistant (no retrieval)"
    from assistant.core import Assistant

    assistants = {}

    def ask(name: str, *questions: str):
        if name not in assistants:
            assistants[name] = Assistant.from_document(parsed(name), retrieval=False)
        a = assistants[name]
        conv = a.new_conversation()
        return [a.ask(q, conv) for q in questions]

    return ask


def figure_valued(answer, value: str):
    "The answer's figure whose value prints as ``value``, or None"
    return next((f for f in answer.figures if str(f.value) == value), None)


def cjk_pdf(lines: list[str], *, encrypt: bool = False) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines`` (Adobe-GB1 CID font, UCS-2 encoding, not embedded).

    With ``encrypt`` the file carries a standard security handler whose user password is not empty.
    """
    content = "BT /F1 16 Tf 20 TL 60 780 Td " + " ".join(
        f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        "/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    if encrypt:
        objs.append("<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -4 >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objs) + 1} /Root 1 0 R"
    if encrypt:
        trailer += f" /Encrypt {len(objs)} 0 R /ID [<{'33' * 16}> <{'33' * 16}>]"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def pages_of(name: str, pages: list[int] | None = None, copies: int = 1) -> bytes:
    "A new PDF made of some pages of a real one (0-based), or of several copies of it"
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(REAL / f"{name}.pdf")
    out = pdfium.PdfDocument.new()
    for _ in range(copies):
        out.import_pages(src, pages)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def with_cover(name: str, cover_lines: list[str]) -> bytes:
    "A real PDF whose cover page is replaced by a one-page PDF holding ``cover_lines``"
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(REAL / f"{name}.pdf")
    out = pdfium.PdfDocument(cjk_pdf(cover_lines))
    out.import_pages(src, list(range(1, len(src))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
