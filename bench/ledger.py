"""Ledger: recompute every verdict from the bundled history (empty ledger, as on a first
start), and again with the history doubled by a synthetic continuation: every snapshot
again, dated one history-span later, scores perturbed deterministically. Targets: the
bundled run under 1 s; the doubled run <= 2.2x the bundled one. The bundled run's own
baseline is reading every stored entry row with plain sqlite3."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import sqlite_utils

from bench.common import Figure, report, scratch
from bot.config import LawsConfig
from catalog import Catalog, load_catalog
from feeds.common import ranked
from feeds.history import read_bundle
from feeds.snapshot import Entry, Snapshot
from storage import connect
from storage.history import store_bundle
from storage.ledger import recompute_ledger

REPEATS = 3
SEED = 20261126
TARGET_SECONDS = 1.0
TARGET_DOUBLED = 2.2


def continuation(snapshots: list[Snapshot], seed: int = SEED) -> list[Snapshot]:
    """The same snapshots one span later (span = first to last date, plus a day), every
    score moved by up to ±1 % with a seeded generator, re-ranked by score."""
    first = min(s.snapshot_date for s in snapshots)
    span = max(s.snapshot_date for s in snapshots) - first + timedelta(days=1)
    rng = random.Random(seed)
    later = []
    for s in snapshots:
        entries = [_perturbed(e, rng) for e in s.entries]
        later.append(replace(s, snapshot_date=s.snapshot_date + span,
                             fetched_at=s.fetched_at + span, source=f"{s.source}#synthetic",
                             entries=ranked(entries, keep_rank=s.leaderboard == "arena")))
    return later


def _perturbed(entry: Entry, rng: random.Random) -> Entry:
    factor = 1 + rng.uniform(-0.01, 0.01)
    return replace(entry, score=entry.score * factor,
                   ci_low=None if entry.ci_low is None else entry.ci_low * factor,
                   ci_high=None if entry.ci_high is None else entry.ci_high * factor,
                   scores={k: v * (1 + rng.uniform(-0.01, 0.01)) for k, v in entry.scores.items()})


def database(path: Path, snapshots: list[Snapshot]) -> sqlite_utils.Database:
    db = connect(path)
    store_bundle(db, snapshots, "bench")
    return db


def recompute_seconds(db: sqlite_utils.Database, catalog: Catalog, now: datetime) -> float:
    """The fastest of REPEATS recomputations, each from an empty ledger."""
    best = float("inf")
    for _ in range(REPEATS):
        db.execute("DELETE FROM verdicts")
        start = time.perf_counter()
        recompute_ledger(db, catalog, LawsConfig(), now, "bench")
        best = min(best, time.perf_counter() - start)
    return best


def read_entries_seconds(db: sqlite_utils.Database) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        db.conn.execute("SELECT * FROM snapshots").fetchall()
        db.conn.execute("SELECT * FROM entries").fetchall()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    catalog = load_catalog()
    bundled = list(read_bundle())
    doubled = bundled + continuation(bundled)
    end = max(s.snapshot_date for s in bundled)
    end2 = max(s.snapshot_date for s in doubled)
    print(f"ledger: {len(bundled)} bundled snapshots to {end}; doubled: {len(doubled)} to {end2}")
    with scratch() as tmp:
        db = database(tmp / "bundled.db", bundled)
        entries = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        one = recompute_seconds(db, catalog, datetime.combine(end, clock(12), UTC))
        raw = read_entries_seconds(db)
        verdicts = db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        db.conn.close()
        db = database(tmp / "doubled.db", doubled)
        two = recompute_seconds(db, catalog, datetime.combine(end2, clock(12), UTC))
        verdicts2 = db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        db.conn.close()
    report([
        Figure("ledger", f"recompute, bundled history ({verdicts:,} verdicts)", one, raw,
               f"sqlite3 read of its {entries:,} entries", "s", f"< {TARGET_SECONDS:g} s",
               one < TARGET_SECONDS),
        Figure("ledger", f"recompute, doubled history ({verdicts2:,} verdicts)", two, one,
               "bundled recompute", "s", f"<= {TARGET_DOUBLED}x", two / one <= TARGET_DOUBLED),
    ])


if __name__ == "__main__":
    main()
