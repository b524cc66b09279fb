"""Helpers shared by the evaluators: their common opening, the verdict skeleton and the
interval comparison."""

from __future__ import annotations

from typing import Any, NamedTuple

from laws.history import Board, History, Placed, month_end, month_index, month_of
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict


def verdict(
    history: History,
    part: str,
    period: str,
    status: Status,
    definition: str,
    board: Board | None,
    evidence: dict[str, Any],
    lag_months: int | None = None,
) -> Verdict:
    """A verdict with the provenance every one carries: how far its scope's data reaches
    and, where a snapshot decided it, which one (dated by its content)."""
    head: dict[str, Any] = {"data_as_of": history.horizon.isoformat()}
    if board is not None:
        head |= {"snapshot_date": board.day.isoformat(), "snapshot_source": board.snapshot.source}
        if board.day != board.label:
            head |= {"snapshot_label": board.label.isoformat(), "snapshot_dated_by": board.dated_by}
    return Verdict(
        law=part,
        leaderboard=history.leaderboard,
        category=history.category,
        period=period,
        status=status,
        evidence={**head, **evidence},
        lag_months=lag_months,
        definition=definition,
    )


class Opening(NamedTuple):
    """What every evaluator starts from: month t's index, its rule in words, and the
    snapshot that decides it."""

    t: int
    text: str
    board: Board


def open_month(
    history: History,
    part: str,
    period: str,
    settings: LawsConfig,
    text: str,
    *,
    window_months: int = 0,
) -> Opening | Verdict:
    """The opening every evaluator shares: the month's index and the snapshot that decides
    `part` for `period` (the newest, or "as known then" the newest dated by the end of month
    t + `window_months`), or the UNDETERMINED verdict saying why there is none: the month
    lies past the data's horizon, no snapshot is dated by the decision day, or ("as known
    then") none was taken in or after the month itself, so the calendar moving on would
    stand in for evidence."""
    t = month_index(period)
    if t > month_of(history.horizon):
        return verdict(
            history,
            part,
            period,
            Status.UNDETERMINED,
            text,
            None,
            {"reason": f"no data since {history.horizon.isoformat()}"},
        )
    board = history.board_for(settings.snapshot_mode, month_end(t + window_months))
    if board is None:
        return verdict(
            history,
            part,
            period,
            Status.UNDETERMINED,
            text,
            None,
            {"reason": "no snapshot of this leaderboard by then"},
        )
    if month_of(board.day) < t:
        return verdict(
            history,
            part,
            period,
            Status.UNDETERMINED,
            text,
            None,
            {
                "reason": f"no snapshot in {period}; the latest before it is dated "
                f"{board.day.isoformat()}"
            },
        )
    return Opening(t, text, board)


def same_model(a: Placed, b: Placed) -> bool:
    """One model on both sides of a comparison: the same catalog entry (aliases and renamed
    keys included)."""
    return a.info.key == b.info.key


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
    """How the deciding snapshot is chosen under `settings.snapshot_mode`, as the closing words
    of every part's definition."""
    return (
        "the newest snapshot, models placed by release date"
        if settings.snapshot_mode == "latest"
        else "the newest snapshot dated by the end of the decision month (as known then)"
    )
