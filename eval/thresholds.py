"""The CI gate (tests/test_eval_gate.py): the seed set through the real assistant must reach these.

Start at what the assistant measures and only raise it; never below FLOOR (issue 7).
"""

FLOOR = 0.90
"""The lowest threshold the project accepts."""

SEED_ACCURACY = 0.90
"""Share of seed conversations with every turn right (all evaluators pass)."""
