"""Shared types, settings and errors of budget-qa (the bottom layer: imports nothing of ours)."""
