"""A library of budget documents: which files to load, and one catalog entry per document, read from its own text.

A catalog entry says whose budget a document is (department, region, level 部门/单位), which year, what kind of
document and template, and which file (with its hash). Entries are named by their file's stem (``weihai-hrss-2024``);
two files with the same department and year are both kept and told apart by their names and levels. A file that
cannot be read is reported by name and the others still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, computed_field

from budget_qa.errors import BudgetQAError
from budget_qa.types import BudgetDocument

BUDGET_SUFFIXES = (".pdf", ".txt")


class CatalogEntry(BaseModel):
    """Whose budget a document is, which year, which file (the API's GET /api/documents lists these; pass ``id`` as
    ``document``)"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="the file's stem, made unique within the library ('weihai-hrss-2024')")
    department: str
    region: str
    level: str = Field(description="部门 (a department's consolidated budget) or 单位 (one budget unit's own)")
    year: int
    document_type: str
    template: str
    sha256: str
    source: str
    source_format: str

    @computed_field
    @property
    def name(self) -> str:
        "How a person names the document: '上海市普陀区人民政府办公室 2025年部门预算（单位预算）'"
        whose = self.department if not self.region or self.department.startswith(self.region) else self.region + self.department
        level = "" if self.level == "部门" else f"（{self.level}预算）"
        return f"{whose} {self.year}年{self.document_type}{level}"

    @property
    def whose(self) -> tuple[str, str]:
        """The department this budget is of, as a key that stays the same from year to year however the cover
        writes the place: ('普陀区', '人民政府办公室') for '上海市普陀区人民政府办公室' and '普陀区人民政府办公室'."""
        places = re.findall(r"[\u4e00-\u9fff]{2,}?[省市区县]", self.region or "")
        department = self.department
        for place in sorted(places, key=len, reverse=True) + [self.region or ""]:
            if place and department.startswith(place):
                department = department[len(place):]
        department = re.sub(r"^(?:[\u4e00-\u9fff]{2,}?[省市区县])+", "", department) if places else department
        return (places[-1] if places else self.region or ""), department

    def as_json(self) -> dict:
        return self.model_dump()


@dataclass(frozen=True)
class LoadFailure:
    path: str
    message: str


def entry_of(doc: BudgetDocument, ident: str) -> CatalogEntry:
    return CatalogEntry(id=ident, department=doc.department, region=doc.region, level=doc.level, year=doc.year,
                        document_type=doc.document_type, template=doc.template, sha256=doc.sha256,
                        source=str(doc.source), source_format=doc.source_format)


def budget_files(folder: Path) -> list[Path]:
    "The budget files of a folder (PDFs and text exports, not recursive), in name order"
    if not folder.is_dir():
        raise BudgetQAError(f"{folder}: not a folder")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in BUDGET_SUFFIXES
                  and not p.name.startswith("."))


def load_library(paths: list[Path], folder: Path | None = None, *, loader=None
                 ) -> tuple[list[tuple[CatalogEntry, BudgetDocument]], list[LoadFailure]]:
    """Every document of ``paths`` and ``folder``, each with its catalog entry; the files that failed, with why.

    The same file given twice is loaded once. ``loader`` reads one file (default: index.load_document, cached by hash).
    """
    from .parse import load_document

    load = loader or load_document
    files = list(paths) + (budget_files(folder) if folder is not None else [])
    loaded: list[tuple[CatalogEntry, BudgetDocument]] = []
    failures: list[LoadFailure] = []
    seen: set[str] = set()
    taken: set[str] = set()
    for path in files:
        key = str(Path(path).resolve())
        if key in seen:
            continue
        seen.add(key)
        try:
            doc = load(path)
        except BudgetQAError as e:
            failures.append(LoadFailure(str(path), str(e)))
            continue
        ident = _unique(Path(path).stem, taken)
        loaded.append((entry_of(doc, ident), doc))
    return loaded, failures


def _unique(stem: str, taken: set[str]) -> str:
    ident, n = stem, 2
    while ident in taken:
        ident, n = f"{stem}-{n}", n + 1
    taken.add(ident)
    return ident
