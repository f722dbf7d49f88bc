"""The CI gate (tests/test_eval_gate.py): the Q&A sets through the real assistant must reach these.

Start at what the assistant measures with the evaluators of issue 14 (figures read as a reader reads them) and only
raise it. FLOOR is the level the project promises; a threshold under it is a known gap, shown by a strict xfail in
tests/test_eval_gate.py until the assistant is fixed.
"""

FLOOR = 0.90
"""The lowest accuracy the project accepts (issue 7, issue 14)."""

SEED_ACCURACY = 0.88
"""Share of seed conversations with every turn right (all evaluators pass). Measured 88.5% (192/217) with the
issue-14 evaluators; the old evaluators said 90.8% of an assistant that gave wrong headline figures. Below FLOOR:
issue 14 stays open until the cause is fixed."""

VARIANT_ACCURACY = 0.92
"""The same on the variant document (money ×2, years +1); measured 92.1% (58/63) with the issue-14 evaluators."""
