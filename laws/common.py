"""Helpers shared by the evaluators: the verdict skeleton and the interval comparison."""

from __future__ import annotations

from typing import Any

from bot.config import LawsConfig
from laws.history import Board, History, Placed
from laws.verdict import Status, Verdict


def verdict(history: History, part: str, period: str, status: Status, definition: str,
            board: Board | None, evidence: dict[str, Any],
            lag_months: int | None = None) -> Verdict:
    if board is not None:
        evidence = {"snapshot_date": board.day.isoformat(),
                    "snapshot_source": board.snapshot.source, **evidence}
    return Verdict(law=part, leaderboard=history.leaderboard, category=history.category,
                   period=period, status=status, evidence=evidence, lag_months=lag_months,
                   definition=definition)


def compare(a: Placed, b: Placed, epsilon: float) -> Status:
    """HOLDS if a is above b beyond the intervals (without intervals: by more than
    epsilon), BROKEN if below beyond them, TIED otherwise."""
    if a.has_interval and b.has_interval:
        if a.low > b.high:
            return Status.HOLDS
        if a.high < b.low:
            return Status.BROKEN
        return Status.TIED
    if a.score > b.score + epsilon:
        return Status.HOLDS
    if a.score < b.score - epsilon:
        return Status.BROKEN
    return Status.TIED


def snapshot_words(settings: LawsConfig) -> str:
    return ("the newest snapshot, models placed by release date"
            if settings.snapshot_mode == "latest"
            else "the newest snapshot dated by the end of the decision month (as known then)")
