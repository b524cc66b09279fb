"""What every feed parser produces: one leaderboard category at one date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class Entry:
    """One model's row in a snapshot. A value: nothing assigns to an entry once it is built.

    Not `frozen`: a frozen dataclass sets each field through `object.__setattr__`, which made
    building entries the largest part of parsing a 4,600-row table (bench/ingest.py), and
    never made an entry immutable anyway (its scores and meta are dicts)."""

    model_key: str  # the source's own identifier; the catalog resolves it
    display_name: str
    score: float  # the leaderboard's overall score for this category
    rank: int
    ci_low: float | None = None
    ci_high: float | None = None
    votes: int | None = None
    # Per-benchmark scores from the same evaluator in the same snapshot (law 1).
    scores: dict[str, float] = field(default_factory=dict)
    # Source fields the catalog may use (licence, organisation, parameter count, …).
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    leaderboard: str  # e.g. "arena", "open-llm-v2"
    category: str  # e.g. "overall"
    snapshot_date: date  # the date the data describes
    fetched_at: datetime
    entries: tuple[Entry, ...]
    source: str = ""  # URL or file the bytes came from

    @property
    def leader(self) -> Entry | None:
        """The entry ranked first (the first listed of those sharing that rank), or None for an
        empty snapshot."""
        return min(self.entries, key=lambda e: e.rank) if self.entries else None
