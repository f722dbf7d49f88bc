"""Fixed Q&A sets (``eval/sets/*.yaml``) loaded into typed cases.

A set is ``{document, cases: [{name, category, turns: [{question, expected}]}]}``. Each turn's ``expected`` states
the status, the figures (value, unit, optional tolerance), the citations (a table cell, a narrative section or a
glossary entry) and the words the answer must contain. The loader names the file and the case on any error.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SETS_DIR = Path(__file__).resolve().parent / "sets"

ExpectedStatus = Literal["answered", "clarify", "not_in_document", "clarify-or-answered"]
DEFAULT_TOLERANCE = Decimal("0.005")
"""Equal at the published precision (the cent) unless a case sets ``tolerance``."""


class CaseSetError(Exception):
    "A Q&A set cannot be read or does not validate; shown to the user with the file and the case"


def _decimal_text(value: Any) -> Any:
    # NOTE: YAML reads an unquoted 7.80 as the float 7.8; go through str() so no binary noise enters a Decimal.
    if isinstance(value, str) and re.fullmatch(r"\s*[-+−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*", value):
        return value.replace(",", "").replace("−", "-").strip()  # '91,016,775.35': written as the document prints it
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


DECREASE_LABEL = re.compile(r"减少|下降|降幅|减幅|降低|少了")
"""A label naming a decrease: its figure is a decrease whatever sign the set wrote it with."""


class ExpectedFigure(BaseModel):
    "A figure the answer must show (in its text or in its figures list)"

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Decimal
    unit: str = "万元"
    tolerance: Decimal | None = Field(None, description="absolute; default DEFAULT_TOLERANCE (half a cent)")
    label: str = Field("", description="words of the item the figure belongs to: the answer must state the figure "
                                       "next to them ('公务接待费'); a change is signed (negative: a decrease)")

    _coerce = field_validator("value", "tolerance", mode="before")(_decimal_text)

    @model_validator(mode="after")
    def _read_label(self) -> "ExpectedFigure":
        """A set's writer may spell a sum 'A+B' and a decrease as its size under a label that says so ('比上年减少',
        '降幅'), and an average as 'X/12': the same figures as 'A + B', a negative value and X's own name"""
        label = re.sub(r"\s*\+\s*", " + ", re.sub(r"\s*/\s*\d+$", "", self.label))  # 'X/12': X spread over 12
        value = -self.value if self.value > 0 and DECREASE_LABEL.search(label) else self.value
        if (label, value) != (self.label, self.value):
            object.__setattr__(self, "label", label)
            object.__setattr__(self, "value", value)
        return self

    @property
    def tol(self) -> Decimal:
        return DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance

    def describe(self) -> str:
        about = f" for {self.label!r}" if self.label else ""
        return f"{self.value} {self.unit}".strip() + about


class TableCitation(BaseModel):
    "A table (optionally a row and a column of it); for the pivoted “三公” table the row is the year group"

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: str
    row: str | None = None
    column: str | None = None
    document: str | None = Field(None, description="the catalog id of the document cited (library sets)")

    def describe(self) -> str:
        return "/".join(x for x in (self.table, self.row, self.column) if x)


class SectionCitation(BaseModel):
    "A narrative section, matched against the heading path (e.g. '“三公”经费支出情况')"

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str
    document: str | None = Field(None, description="the catalog id of the document cited (library sets)")

    def describe(self) -> str:
        return f"section {self.section}"


class GlossaryCitation(BaseModel):
    "An entry of the glossary (名词解释, 第四部分)"

    model_config = ConfigDict(extra="forbid", frozen=True)

    glossary: str
    document: str | None = Field(None, description="the catalog id of the document cited (library sets)")

    def describe(self) -> str:
        return f"glossary {self.glossary}"


ExpectedCitation = TableCitation | SectionCitation | GlossaryCitation


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: ExpectedStatus
    figures: list[ExpectedFigure] = Field(default_factory=list)
    citations: list[ExpectedCitation] = Field(
        default_factory=list, description="acceptable sources: the answer must cite at least one of them"
    )
    must_contain: list[str] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list, description="words the answer must not say")

    def accepts(self, status: str) -> bool:
        "Whether an answer status is right: clarify-or-answered takes either"
        if self.status == "clarify-or-answered":
            return status in ("clarify", "answered")
        return status == self.status


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    expected: Expected


class Case(BaseModel):
    "One conversation: a single question, or a follow-up chain asked in one conversation"

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    category: str
    turns: list[Turn] = Field(min_length=1)


class CaseSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", description="the file stem, e.g. 'seed'")
    path: str = ""
    document: str = Field("", description="file name of the document the set was written for")
    documents: list[str] = Field(default_factory=list, description="a library set: every document loaded at once")
    cases: list[Case]

    def categories(self) -> list[str]:
        return list(dict.fromkeys(c.category for c in self.cases))


def set_path(name: str | Path) -> Path:
    "A set by name ('seed' → eval/sets/seed.yaml) or by path"
    p = Path(name)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return SETS_DIR / f"{name}.yaml"


def available_sets() -> list[str]:
    "Names of the Q&A sets in eval/sets (retrieval sets excluded: they have another schema)"
    return sorted(p.stem for p in SETS_DIR.glob("*.yaml") if not p.stem.startswith("retrieval"))


def load_set(name: str | Path) -> CaseSet:
    """Load and validate a Q&A set.

    Raises:
        CaseSetError: the file is missing or not YAML, or a case does not validate (the message names both).
    """
    path = set_path(name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise CaseSetError(f"{path}: cannot read the set ({e.strerror or e}); available: {', '.join(available_sets())}") from None
    except yaml.YAMLError as e:
        raise CaseSetError(f"{path}: not valid YAML: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseSetError(f"{path}: a set is a mapping with a 'cases' list")
    try:
        cs = CaseSet.model_validate({"name": path.stem, "path": str(path), **data})
    except ValidationError as e:
        raise CaseSetError(_describe(path, data, e)) from None
    seen: set[str] = set()
    for i, case in enumerate(cs.cases):
        if case.name in seen:
            raise CaseSetError(f"{path}: case {i} {case.name!r}: duplicate case name")
        seen.add(case.name)
    return cs


def _describe(path: Path, data: dict, error: ValidationError) -> str:
    "'file: case 3 'name' turns.0.expected.status: Input should be …' for every error"
    lines = []
    for err in error.errors():
        loc = list(err["loc"])
        where = ".".join(str(x) for x in loc)
        if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int):
            raw = data["cases"][loc[1]] if loc[1] < len(data["cases"]) else {}
            name = raw.get("name", "?") if isinstance(raw, dict) else "?"
            where = f"case {loc[1]} {name!r} " + ".".join(str(x) for x in loc[2:])
        lines.append(f"{where.strip()}: {err['msg']}")
    head = f"{path}: {len(lines)} error(s)"
    return head + "\n  " + "\n  ".join(lines)
