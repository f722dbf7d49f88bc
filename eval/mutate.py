"""Wrong answers made from right ones, to test that the evaluators fail them.

Each mutation takes one recorded answer (the batch contract, ``Answer.as_json()``) and returns a copy that a careful
reader would call wrong, or ``None`` when it does not apply (no direction word to flip, no list to rotate …):

- ``flip-direction``: 增加↔减少, 增长↔下降, 上升↔下降, increase↔decrease …
- ``append-false-claim``: a sentence with a figure no source has ("另外，比上年增加 200.00 万元，增长 100%。").
- ``rotate-labels``: in a list answer, each line's amount moves to the next line (next to another item's name).
- ``bare-numbers``: the text replaced by its numbers alone.
- ``drop-citations``: no citations, no [n] markers.
- ``swap-figures``: the first two different figures of the text trade places.

    python -m eval.mutate flip-direction < answers.jsonl > mutated.jsonl
    budget-qa eval --set seed --answers mutated.jsonl     # the mutated turns should now fail

Lines may be ``budget-qa batch`` output (``{id, replies}``) or one answer a line; the shape is kept.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable

from .reading import NUMBER_RE, masked, stated

FALSE_CLAIM = "另外，比上年增加 200.00 万元，增长 100%。"
DIRECTIONS = [("增加", "减少"), ("增长", "下降"), ("上升", "下降"), ("提高", "降低"), ("increased", "decreased"),
              ("increase", "decrease"), ("grew", "fell")]
LIST_START_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.、])\s*")
AMOUNT_RE = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万元|亿元|元|%)")
MARKER_RE = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]")

Mutation = Callable[[dict], dict | None]


def _text(a: dict) -> str:
    return a.get("answer") or a.get("text") or ""


def _with_text(a: dict, text: str) -> dict:
    out = copy.deepcopy(a)
    out["answer" if "answer" in a or "text" not in a else "text"] = text
    return out


def flip_direction(a: dict) -> dict | None:
    text = _text(a)
    table = {}
    for up, down in DIRECTIONS:
        table.setdefault(up, down)
        table.setdefault(down, up)
    rx = re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))
    flipped = rx.sub(lambda m: table[m.group()], text)
    return _with_text(a, flipped) if flipped != text else None


def append_false_claim(a: dict) -> dict | None:
    return _with_text(a, _text(a).rstrip() + "\n" + FALSE_CLAIM)


def rotate_labels(a: dict) -> dict | None:
    "Each list line's amount moves to the next line: every amount now stands next to another item's name"
    text = _text(a)
    lines = text.split("\n")
    spots = []  # (line index, start, end) of the last amount of each list line
    for i, line in enumerate(lines):
        if not LIST_START_RE.match(line):
            continue
        amounts = list(AMOUNT_RE.finditer(masked(line)))
        if amounts:
            spots.append((i, amounts[-1].start(), amounts[-1].end()))
    values = [lines[i][s:e] for i, s, e in spots]
    if len(spots) < 2 or len(set(values)) < 2:
        return None
    rotated = values[1:] + values[:1]
    for (i, s, e), v in sorted(zip(spots, rotated), key=lambda x: -x[0][1]):
        lines[i] = lines[i][:s] + v + lines[i][e:]
    return _with_text(a, "\n".join(lines))


def bare_numbers(a: dict) -> dict | None:
    numbers = NUMBER_RE.findall(masked(_text(a)))
    return _with_text(a, " ".join(numbers)) if numbers else None


def drop_citations(a: dict) -> dict | None:
    if not a.get("citations"):
        return None
    out = _with_text(a, MARKER_RE.sub("", _text(a)))
    out["citations"] = []
    for f in out.get("figures") or []:
        f["citations"] = []
    return out


def swap_figures(a: dict) -> dict | None:
    text = _text(a)
    tokens = [s for s in stated(text) if not s.is_year and not s.in_quote]
    first = tokens[0] if tokens else None
    second = next((s for s in tokens[1:] if abs(s.value) != abs(first.value)), None) if first else None
    if second is None:
        return None
    a_txt, b_txt = text[first.start : first.end], text[second.start : second.end]
    return _with_text(a, text[: first.start] + b_txt + text[first.end : second.start] + a_txt + text[second.end :])


MUTATIONS: dict[str, Mutation] = {
    "flip-direction": flip_direction,
    "append-false-claim": append_false_claim,
    "rotate-labels": rotate_labels,
    "bare-numbers": bare_numbers,
    "drop-citations": drop_citations,
    "swap-figures": swap_figures,
}


def mutate_line(line: dict, mutation: Mutation) -> tuple[dict, list[str]]:
    """A batch line (``{id, replies}`` or one answer) with each answer mutated where it applies, and the turn ids
    ('case#1') it applied to"""
    if isinstance(line.get("replies"), list):
        replies, applied = [], []
        for i, r in enumerate(line["replies"]):
            m = mutation(r)
            replies.append(m if m is not None else r)
            if m is not None:
                applied.append(f"{line.get('id')}#{i + 1}")
        return {**line, "replies": replies}, applied
    m = mutation(line)
    return (m, [str(line.get("id"))]) if m is not None else (line, [])


def survivors(answers: list[dict], case_set, doc) -> dict[str, tuple[int, list[str]]]:
    """For each mutation: how many passing turns it applied to, and the ids of those that still pass once mutated.

    ``answers`` are batch lines; a turn counts only if it passes unmutated (a failing turn proves nothing)."""
    from .harness import run_answers

    passing = {t.id for c in run_answers(answers, case_set, doc) for t in c.turns if t.passed}
    out = {}
    for name, mutation in MUTATIONS.items():
        mutated, applied = [], set()
        for line in answers:
            m, ids = mutate_line(line, mutation)
            mutated.append(m)
            applied |= set(ids)
        counted = applied & passing
        still = sorted(t.id for c in run_answers(mutated, case_set, doc) for t in c.turns if t.id in counted and t.passed)
        out[name] = (len(counted), still)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in MUTATIONS:
        print(f"usage: python -m eval.mutate {{{','.join(MUTATIONS)}}} < answers.jsonl > mutated.jsonl", file=sys.stderr)
        return 2
    total = 0
    for raw in sys.stdin:
        if raw.strip():
            line, ids = mutate_line(json.loads(raw), MUTATIONS[args[0]])
            total += len(ids)
            print(json.dumps(line, ensure_ascii=False))
    print(f"{args[0]}: {total} answer(s) mutated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
