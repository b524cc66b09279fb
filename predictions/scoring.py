"""Scoring forecasters: the Brier score of the resolved claims that carried a confidence."""

from __future__ import annotations

from collections.abc import Iterable


def brier(resolved: Iterable[tuple[int | None, bool]]) -> float | None:
    """The mean of (p − outcome)² over (confidence %, came true) pairs with a confidence:
    0 is perfect, 0.25 is always saying 50%, 1 is always certain and wrong. None when no
    resolved claim carried a confidence."""
    errors = [
        (confidence / 100 - (1.0 if came_true else 0.0)) ** 2
        for confidence, came_true in resolved
        if confidence is not None
    ]
    return sum(errors) / len(errors) if errors else None
