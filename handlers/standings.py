"""A leaderboard's standings at a date, with what the catalog knows of each model:
shared by `main.py top` and the /top chat command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog import Catalog
from feeds.registry import SOURCES
from feeds.snapshot import Entry
from storage import Storage
from storage.snapshots import categories, latest_snapshot


class StandingsError(Exception):
    """No such leaderboard, category or snapshot; the message says what exists."""


@dataclass(frozen=True)
class Standing:
    rank: int
    model: str
    key: str
    score: float
    ci_low: float | None
    ci_high: float | None
    openness: str | None  # "osi", "open_weights", "proprietary"
    params_total: int | None
    params_active: int | None
    released: date | None


@dataclass(frozen=True)
class Standings:
    leaderboard: str
    category: str
    snapshot: date
    entries: tuple[Standing, ...]

    def to_json(self) -> dict:
        """Plain values, as `main.py top --json` prints them and /api/v1/top serves them: dates
        in ISO form, openness as its tier's value or None, sizes as whole parameter counts."""
        return {
            "leaderboard": self.leaderboard,
            "category": self.category,
            "snapshot": self.snapshot.isoformat(),
            "entries": [
                {
                    "rank": s.rank,
                    "model": s.model,
                    "key": s.key,
                    "score": s.score,
                    "ci_low": s.ci_low,
                    "ci_high": s.ci_high,
                    "openness": s.openness,
                    "params_total": s.params_total,
                    "params_active": s.params_active,
                    "released": s.released.isoformat() if s.released else None,
                }
                for s in self.entries
            ],
        }


async def standings(
    storage: Storage,
    catalog: Catalog,
    leaderboard: str,
    category: str | None = None,
    at: date | None = None,
    limit: int = 10,
) -> Standings:
    """The latest snapshot on or before `at` (default: the latest), top `limit` entries.
    Without a category: 'overall', or the leaderboard's only/first category."""
    if leaderboard not in SOURCES:
        raise StandingsError(
            f"there is no leaderboard {leaderboard!r}. Choose one of {', '.join(SOURCES)}."
        )
    known = await storage.call(categories, leaderboard)
    if not known:
        raise StandingsError(f"no snapshot of {leaderboard} is stored yet.")
    chosen = category or known[0]
    if chosen not in known:
        raise StandingsError(
            f"{leaderboard} has no category {chosen!r}. Categories: {', '.join(known)}."
        )
    snapshot = await storage.call(latest_snapshot, leaderboard, chosen, at)
    if snapshot is None:
        raise StandingsError(
            f"no snapshot of {leaderboard} ({chosen}) on or before "
            f"{at.isoformat() if at else 'today'}."
        )
    return Standings(
        leaderboard,
        chosen,
        snapshot.snapshot_date,
        tuple(_standing(catalog, leaderboard, e) for e in snapshot.entries[: max(limit, 0)]),
    )


def _standing(catalog: Catalog, leaderboard: str, entry: Entry) -> Standing:
    info = catalog.describe(entry.model_key, entry.display_name, leaderboard, entry.meta)
    return Standing(
        rank=entry.rank,
        model=entry.display_name,
        key=entry.model_key,
        score=entry.score,
        ci_low=entry.ci_low,
        ci_high=entry.ci_high,
        openness=info.openness.value.value if info.openness.known else None,
        params_total=info.params_total.value,
        params_active=info.params_active.value,
        released=info.released.value,
    )
