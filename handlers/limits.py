"""Per-person limits shared by the community workflows (counterexamples, predictions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

RATE_WINDOW = timedelta(hours=1)


def hourly_refusal(
    now: datetime, recent: Sequence[datetime], limit: int, things: str
) -> str | None:
    """Why one more is refused when `recent` (the person's submission times in the last
    hour, oldest first) has reached `limit`, and when to try again; None within it."""
    if len(recent) < limit:
        return None
    retry = recent[-limit] + RATE_WINDOW
    minutes = max(1, -(-int((retry - now).total_seconds()) // 60))
    return (
        f"You have sent {len(recent)} {things} in the last hour; the limit is {limit}. "
        f"Try again after {retry:%H:%M} UTC (in {minutes} "
        f"minute{'s' if minutes != 1 else ''})."
    )
