"""The CI gate (tests/test_eval_gate.py): the Q&A sets through the real assistant must reach these.

Start at what the assistant measures and only raise it; never below FLOOR (issue 7).
"""

FLOOR = 0.90
"""The lowest threshold the project accepts (issue 7)."""

SEED_ACCURACY = 0.90
"""Share of seed conversations with every turn right (all evaluators pass); measured 90.8% (197/217)."""

VARIANT_ACCURACY = 0.90
"""The same on the variant document (money ×2, years +1); measured 92.1% (58/63)."""
