"""Constructed histories for the evaluator tests: entries carry their facts in `meta` (the
way feed parsers fill it) unless a test passes catalog entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance
from feeds.snapshot import Entry, Snapshot
from laws.history import History

OPEN = "Apache 2.0"
WEIGHTS = "Llama 2 Community"
CLOSED = "Proprietary"


def entry(
    key: str,
    score: float,
    ci: float | None = None,
    *,
    licence: str = CLOSED,
    released: str | None = None,
    params_b: str | None = None,
    scores: dict[str, float] | None = None,
) -> Entry:
    meta = {"license": licence}
    if released:
        meta["released"] = released
    if params_b:
        meta["params_b"] = params_b
    return Entry(
        model_key=key,
        display_name=key,
        score=score,
        rank=0,
        ci_low=None if ci is None else score - ci,
        ci_high=None if ci is None else score + ci,
        scores=scores or {},
        meta=meta,
    )


def snapshot(
    day: str, *entries: Entry, leaderboard: str = "arena", category: str = "overall"
) -> Snapshot:
    ranked = sorted(entries, key=lambda e: -e.score)
    return Snapshot(
        leaderboard=leaderboard,
        category=category,
        snapshot_date=date.fromisoformat(day),
        fetched_at=datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=UTC),
        entries=tuple(replace(e, rank=i + 1) for i, e in enumerate(ranked)),
        source=f"test {day}",
    )


def model(
    key: str,
    *,
    openness: Openness = Openness.PROPRIETARY,
    released: str,
    total: int | None = None,
    total_prov: Provenance = Provenance.DISCLOSED,
    active: int | None = None,
) -> ModelInfo:
    return ModelInfo(
        key=key,
        name=key,
        family=key,
        openness=Fact(openness, Provenance.DISCLOSED, "test catalog"),
        params_total=Fact(total, total_prov, "test source") if total else Fact(None),
        params_active=Fact(active, Provenance.DISCLOSED, "test source") if active else Fact(None),
        released=Fact(date.fromisoformat(released), Provenance.DISCLOSED, "announcement"),
    )


def history(
    *snapshots: Snapshot, catalog: Catalog | None = None, use_first_listed: bool = True
) -> History:
    return History.build(snapshots, catalog or Catalog([], {}), use_first_listed=use_first_listed)
