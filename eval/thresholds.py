"""The CI gate (tests/test_eval_gate.py): the Q&A sets through the real assistant must reach these.

Start at what the assistant measures with the evaluators of issue 14 (figures read as a reader reads them) and only
raise it; never below FLOOR.
"""

FLOOR = 0.90
"""The lowest accuracy the project accepts (issue 7, issue 14)."""

SEED_ACCURACY = 0.95
"""Share of seed conversations with every turn right (all evaluators pass). Measured 90.8% (197/217) with the
issue-14 evaluators; the old evaluators said 90.8% of an assistant that still gave wrong headline figures (85.7%
when re-scored honestly). Raised to 93% when it measured 94.9% (206/217), to 95% (issue 10's target) when it
measured 95.9% (208/217)."""

VARIANT_ACCURACY = 0.95
"""The same on the variant document (money ×2, years +1); measured 95.2% (60/63) with the issue-14 evaluators."""

LIBRARY_ACCURACY = 0.90
"""The tuned library set (eval/sets/library.yaml, seven documents at once); measured 91.0% (61/67) when the gate was
added. The blind-library set is measured, never gated on."""
