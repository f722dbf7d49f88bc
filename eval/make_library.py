"""A library of many consistent budget documents, for the scale benchmark (eval.bench_library).

    python -m eval.make_library OUT_DIR --count 200 [--seed data/weihai-hrss-2024.txt] [--no-pdfs] [--check]

Writes ``count`` text exports, each a consistent variant of the seed made by eval.variants.make_variant (every
amount × a whole number, every year + an offset, names replaced), plus copies of the four real PDFs of data/real/,
and ``manifest.json`` describing each file (city, department, year, scale). A variant is a *group* (a city and a
department) in one year of 2023..2026:
- the city: 威海 is renamed to an invented city (东陵, 西泽 …) everywhere, '威海市…' and bare '威海' alike, and
  its one-character name too ('驻威高校' → '驻东高校');
- the department: the seed's 人力资源和社会保障局 (its short name 人社 too: '人社系统', '威海人社发布') is kept, or
  renamed to another department *with* its short name (民政局/民政, 卫生健康委员会/卫健 …), so a question that
  abbreviates the new name ('东陵市卫健委') finds it and a question about 人社局 does not;
- the year: the seed's 2024 moved by -1..+2 (its prior-year statements move with it);
- the scale: a whole number 1..9 from a hash of (city, department, year), so a department's figures change from one
  year to the next. The seed's own group keeps the published figures in 2024 (scale 1) and doubles them in 2025, as
  tests/data/weihai-hrss-2025.txt does.
The first groups take each department once (a small library already varies city, department and year), then each
department goes to every city in turn. Same arguments → byte-identical files. Files are named
``<city pinyin>-<department>-<year>.txt`` (``dongling-civil-2025.txt``). ``--check`` parses and audits every
generated file (what ``budget-qa --doc FILE check`` does) and fails if any identity does not reconcile.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.variants import amount_lines, make_variant

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "weihai-hrss-2024.txt"
REAL_PDFS = ROOT / "data" / "real"

SEED_CITY = "威海"
SEED_DEPARTMENT = "人力资源和社会保障局"
SEED_SHORT = "人社"
SEED_TITLE_DEPARTMENT = "人力资源和社会保障 障局"
"""How the seed's title prints its department (a line break of the published PDF left in the export)."""
SEED_YEAR = 2024
CITY_ONE_CHARACTER = ("驻", "留", "来", "兴")
"""The city named by its first character after these words: '驻威高校', '留威就业', '来威洽谈', '人才兴威'."""

CITIES: tuple[tuple[str, str], ...] = (
    ("威海", "weihai"), ("东陵", "dongling"), ("西泽", "xize"), ("南屿", "nanyu"), ("北岭", "beiling"),
    ("青岚", "qinglan"), ("安澜", "anlan"), ("白鹭", "bailu"), ("金沙", "jinsha"), ("云港", "yungang"),
    ("梧桐", "wutong"), ("星河", "xinghe"), ("月湖", "yuehu"), ("岚山", "lanshan"), ("枫林", "fenglin"),
    ("碧水", "bishui"),
)
"""(name without 市, pinyin). Invented for the benchmark: no character of the question grammar's function words
(的, 和, 中 …), no 省/市/区/县, none a part of another or of 上海市普陀区 (the real PDFs)."""


@dataclass(frozen=True)
class Department:
    name: str
    """The full name that replaces 人力资源和社会保障局."""
    short: str
    """What replaces the short name 人社 ('人社系统' → '民政系统')."""
    code: str
    abbreviation: str
    """How a question names it ('民政局', '卫健委'); the benchmark's questions use it."""


DEPARTMENTS: tuple[Department, ...] = (
    Department(SEED_DEPARTMENT, SEED_SHORT, "hrss", "人社局"),
    Department("民政局", "民政", "civil", "民政局"),
    Department("交通运输局", "交通", "transport", "交通局"),
    Department("卫生健康委员会", "卫健", "health", "卫健委"),
    Department("农业农村局", "农业农村", "agri", "农业农村局"),
    Department("生态环境局", "生态环境", "ecology", "生态环境局"),
    Department("应急管理局", "应急", "emergency", "应急局"),
    Department("文化和旅游局", "文旅", "culture", "文旅局"),
)
YEARS = (2023, 2024, 2025, 2026)
PINNED_SCALES = {("weihai", "hrss", 2024): 1, ("weihai", "hrss", 2025): 2}
"""The seed as published, and its doubled next year (= tests/data/weihai-hrss-2025.txt)."""
MAX_SCALE = 9


@dataclass(frozen=True)
class Spec:
    "One generated document"

    city: str
    city_pinyin: str
    department: str
    short: str
    code: str
    abbreviation: str
    year: int
    scale: int

    @property
    def file_name(self) -> str:
        return f"{self.city_pinyin}-{self.code}-{self.year}.txt"

    @property
    def full_department(self) -> str:
        "The department as the document names it: '东陵市民政局'"
        return f"{self.city}市{self.department}"

    def renames(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.department != SEED_DEPARTMENT:
            pairs += [(SEED_TITLE_DEPARTMENT, self.department), (SEED_DEPARTMENT, self.department),
                      (SEED_SHORT, self.short)]
        if self.city != SEED_CITY:
            pairs.append((SEED_CITY, self.city))
            pairs += [(f"{verb}{SEED_CITY[0]}", f"{verb}{self.city[0]}") for verb in CITY_ONE_CHARACTER]
        return pairs


def groups() -> list[tuple[int, int]]:
    "(city index, department index) in the order the library takes them"
    diagonal = [(d % len(CITIES), d) for d in range(len(DEPARTMENTS))]
    rest = [(c, d) for d in range(len(DEPARTMENTS)) for c in range(len(CITIES)) if (c, d) not in diagonal]
    return diagonal + rest


def capacity() -> int:
    return len(CITIES) * len(DEPARTMENTS) * len(YEARS)


def scale_of(city_pinyin: str, code: str, year: int) -> int:
    "A whole number 1..MAX_SCALE, the same for the same document on every machine (not Python's salted hash)"
    pinned = PINNED_SCALES.get((city_pinyin, code, year))
    if pinned is not None:
        return pinned
    digest = hashlib.sha256(f"{city_pinyin}-{code}-{year}".encode()).digest()
    return 1 + int.from_bytes(digest[:4], "big") % MAX_SCALE


def plan(count: int) -> list[Spec]:
    "The first ``count`` documents of the library (each group's years in order)"
    if count > capacity():
        raise ValueError(f"at most {capacity()} documents ({len(CITIES)} cities × {len(DEPARTMENTS)} departments × "
                         f"{len(YEARS)} years)")
    specs: list[Spec] = []
    for c, d in groups():
        city, pinyin = CITIES[c]
        dept = DEPARTMENTS[d]
        for year in YEARS:
            if len(specs) == count:
                return specs
            specs.append(Spec(city, pinyin, dept.name, dept.short, dept.code, dept.abbreviation, year,
                              scale_of(pinyin, dept.code, year)))
    return specs


class Writer:
    "Writes variants of one seed (its table lines read once)"

    def __init__(self, seed: Path = SEED):
        self.seed = seed
        self.text = seed.read_text(encoding="utf-8")
        self.table_lines = amount_lines(seed)

    def text_of(self, spec: Spec) -> str:
        return make_variant(self.text, self.table_lines, years=spec.year - SEED_YEAR, scale=spec.scale,
                            rename=spec.renames())

    def write(self, spec: Spec, out_dir: Path) -> Path:
        path = out_dir / spec.file_name
        path.write_text(self.text_of(spec), encoding="utf-8")
        return path


def make_library(out_dir: Path, count: int = 200, *, seed: Path = SEED, pdfs: bool = True) -> list[Path]:
    "Write the library into ``out_dir`` (created if needed); the files written, text exports first"
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = plan(count)
    writer = Writer(seed)
    written = [writer.write(spec, out_dir) for spec in specs]
    copied: list[Path] = []
    if pdfs:
        for pdf in sorted(REAL_PDFS.glob("*.pdf")):
            target = out_dir / pdf.name
            shutil.copyfile(pdf, target)
            copied.append(target)
    manifest = {
        "seed": _shown(seed),
        "count": count,
        "documents": [{"file": s.file_name, **asdict(s), "full_department": s.full_department} for s in specs],
        "pdfs": [p.name for p in copied],
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written + copied


def _shown(path: Path) -> str:
    "The path relative to the repository when it is inside it (the manifest is the same on every checkout)"
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path.resolve())


def check(paths: list[Path]) -> list[str]:
    "Parse and audit each text file; a line per file that fails to parse or has an inconsistency"
    from budget_qa.errors import BudgetQAError
    from index import audit, parse_document

    problems = []
    for path in paths:
        if path.suffix != ".txt":
            continue
        try:
            report = audit(parse_document(path))
        except BudgetQAError as e:
            problems.append(f"{path.name}: does not parse: {e}")
            continue
        if report.findings:
            problems.append(f"{path.name}: {len(report.findings)} inconsistencies, e.g. {report.findings[0].message}")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.make_library", description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path, help="the folder to write (created if missing)")
    p.add_argument("--count", type=int, default=200, help=f"text exports to write (at most {capacity()})")
    p.add_argument("--seed", type=Path, default=SEED, help="the text export to vary")
    p.add_argument("--no-pdfs", action="store_true", help="do not copy the four real PDFs")
    p.add_argument("--check", action="store_true", help="parse and audit every generated file")
    args = p.parse_args(argv)
    if args.count < 1:
        p.error("--count must be at least 1")
    try:
        files = make_library(args.out, args.count, seed=args.seed, pdfs=not args.no_pdfs)
    except ValueError as e:
        p.error(str(e))
    texts = [f for f in files if f.suffix == ".txt"]
    print(f"wrote {len(texts)} text exports and {len(files) - len(texts)} PDFs to {args.out}")
    if args.check:
        problems = check(texts)
        for line in problems:
            print(line, file=sys.stderr)
        print(f"checked {len(texts)} text exports: {len(problems)} with problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
