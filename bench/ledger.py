"""Ledger, dated to today as the bot dates it. Three figures:

- the whole ledger of the bundled history computed from an empty ledger (as on a first
  start; target < 1 s), against reading every stored entry row with plain sqlite3;
- a restart with nothing new (target: no verdict computed), against the whole computation;
- the history doubled by a synthetic continuation (target <= 2.2x the bundled figure): every
  snapshot again, one history-span later, scores perturbed deterministically, and every
  other model replaced by a new successor model (released one span after it), so the
  history grows by models as well as by months. Its ledger is dated one span after today,
  the day the bot would compute it (dated today, the months past today are not computed).

Every comparison runs the two sides alternately (`interleaved`), medians of RUNS each."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

import handlers.ledger
from bench.common import Figure, interleaved, report, scratch
from catalog import Catalog, Openness, Provenance, load_catalog
from feeds.common import ranked
from feeds.history import read_bundle
from feeds.snapshot import Entry, Snapshot
from handlers.ledger import recompute_ledger
from laws.history import History
from laws.settings import LawsConfig
from laws.verdict import Verdict
from storage import connect
from storage.history import store_bundle

RUNS = 11
SEED = 20261126
TARGET_SECONDS = 1.0
TARGET_DOUBLED = 2.2
# A licence the catalog reads as each openness tier, for the successors' listings.
_LICENCE = {
    Openness.OSI: "apache-2.0",
    Openness.OPEN_WEIGHTS: "llama3",
    Openness.PROPRIETARY: "proprietary",
}


def span(snapshots: list[Snapshot]) -> timedelta:
    """First to last snapshot date, plus a day."""
    days = [s.snapshot_date for s in snapshots]
    return max(days) - min(days) + timedelta(days=1)


def continuation(snapshots: list[Snapshot], catalog: Catalog, seed: int = SEED) -> list[Snapshot]:
    """The same snapshots one span later, every score moved by up to ±1 % with a seeded
    generator, every other model (by rank) replaced by its successor, re-ranked by
    score."""
    later_by = span(snapshots)
    rng = random.Random(seed)
    later = []
    for s in snapshots:
        entries = [
            _successor(e, catalog, s.leaderboard, later_by) if i % 2 else e
            for i, e in enumerate(s.entries)
        ]
        later.append(
            replace(
                s,
                snapshot_date=s.snapshot_date + later_by,
                fetched_at=s.fetched_at + later_by,
                source=f"{s.source}#synthetic",
                entries=ranked(
                    [_perturbed(e, rng) for e in entries], keep_rank=s.leaderboard == "arena"
                ),
            )
        )
    return later


def _successor(entry: Entry, catalog: Catalog, leaderboard: str, span: timedelta) -> Entry:
    """A new model in the place of `entry`: unknown to the catalog, its listing states the
    facts the catalog knows of its predecessor, released one span later."""
    info = catalog.describe(entry.model_key, entry.display_name, leaderboard, entry.meta)
    meta = dict(entry.meta)
    if info.openness.known:
        meta["license"] = _LICENCE[info.openness.value]
    if info.params_total.known:
        meta["params_b"] = str(info.params_total.value / 1e9)
    if info.released.known and info.released.provenance is not Provenance.FIRST_LISTED:
        meta["released"] = (info.released.value + span).isoformat()
    return replace(
        entry,
        model_key=f"{entry.model_key}-successor",
        display_name=f"{entry.display_name} (successor)",
        meta=meta,
    )


def _perturbed(entry: Entry, rng: random.Random) -> Entry:
    factor = 1 + rng.uniform(-0.01, 0.01)
    return replace(
        entry,
        score=entry.score * factor,
        ci_low=None if entry.ci_low is None else entry.ci_low * factor,
        ci_high=None if entry.ci_high is None else entry.ci_high * factor,
        scores={k: v * (1 + rng.uniform(-0.01, 0.01)) for k, v in entry.scores.items()},
    )


def database(path: Path, snapshots: list[Snapshot]) -> sqlite_utils.Database:
    """A database at `path` with `snapshots` stored as the bundled history is (`store_bundle`)
    and no ledger yet; the caller closes it."""
    db = connect(path)
    store_bundle(db, snapshots, "bench")
    return db


def whole(
    db: sqlite_utils.Database, catalog: Catalog, later: timedelta = timedelta(0)
) -> Callable[[], object]:
    """The whole ledger, from an empty one (as on a first start), dated `later` than now."""

    def run() -> None:
        db.execute("DELETE FROM verdicts")
        db.execute("DELETE FROM ledger_inputs")
        recompute_ledger(db, catalog, LawsConfig(), datetime.now(UTC) + later, "bench")

    return run


def restart(db: sqlite_utils.Database, catalog: Catalog) -> Callable[[], object]:
    """The ledger brought up to date with nothing new stored (a restart)."""
    return lambda: recompute_ledger(db, catalog, LawsConfig(), datetime.now(UTC), "bench")


def read_entries(db: sqlite_utils.Database) -> Callable[[], object]:
    """The first figure's baseline: every row of `snapshots` and `entries` fetched with plain
    sqlite3, which the whole ledger has to read at least."""

    def run() -> None:
        db.conn.execute("SELECT * FROM snapshots").fetchall()
        db.conn.execute("SELECT * FROM entries").fetchall()

    return run


def cpu_seconds(run: Callable[[], object]) -> float:
    """The median process CPU time of RUNS runs: what the machine's other work does not
    add to, beside the wall-clock figure."""
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


@contextmanager
def counted() -> Iterator[list[int]]:
    """Counts the verdicts the evaluators compute while it is open (one number per
    computation), by wrapping the ledger's `compute_ledger`."""
    counts: list[int] = []
    compute = handlers.ledger.compute_ledger

    def counting(
        histories: Iterable[History], settings: LawsConfig, now: datetime
    ) -> list[Verdict]:
        verdicts = compute(histories, settings, now)
        counts.append(len(verdicts))
        return verdicts

    handlers.ledger.compute_ledger = counting
    try:
        yield counts
    finally:
        handlers.ledger.compute_ledger = compute


def main() -> None:
    """The bundled and the doubled history in two scratch databases, and the three figures of
    the module docstring, each a median of RUNS interleaved runs; the doubled history's ledger
    is dated one span later."""
    catalog = load_catalog()
    bundled = list(read_bundle())
    doubled = bundled + continuation(bundled, catalog)
    print(
        f"ledger: {len(bundled)} bundled snapshots to "
        f"{max(s.snapshot_date for s in bundled)}; doubled: {len(doubled)} to "
        f"{max(s.snapshot_date for s in doubled)}; dated {datetime.now(UTC):%Y-%m-%d}"
    )
    with scratch() as tmp:
        one_db = database(tmp / "bundled.db", bundled)
        two_db = database(tmp / "doubled.db", doubled)
        entries = one_db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        one, raw = interleaved(whole(one_db, catalog), read_entries(one_db), RUNS)
        cpu = cpu_seconds(whole(one_db, catalog))
        verdicts = one_db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        with counted() as computed:
            again, _ = interleaved(restart(one_db, catalog), lambda: None, RUNS)
        full_again, again_vs = interleaved(whole(one_db, catalog), restart(one_db, catalog), RUNS)
        two, one_again = interleaved(
            whole(two_db, catalog, span(bundled)), whole(one_db, catalog), RUNS
        )
        verdicts2 = two_db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        models = [
            db.execute("SELECT COUNT(DISTINCT model_key) FROM entries").fetchone()[0]
            for db in (one_db, two_db)
        ]
        one_db.conn.close()
        two_db.conn.close()
    report(
        [
            Figure(
                "ledger",
                f"whole ledger, bundled history ({verdicts:,} verdicts)",
                one,
                raw,
                f"sqlite3 read of its {entries:,} entries",
                "s",
                f"< {TARGET_SECONDS:g} s",
                one < TARGET_SECONDS,
                f"(CPU time, median of {RUNS}: {cpu:.3g} s)",
            ),
            Figure(
                "ledger",
                "restart with nothing new",
                again_vs,
                full_again,
                "whole ledger",
                "s",
                "0 verdicts computed",
                sum(computed) == 0,
                f"{sum(computed)} verdicts computed in {len(computed)} computations "
                f"(alone: {again:.4g} s)",
            ),
            Figure(
                "ledger",
                f"whole ledger, doubled history ({verdicts2:,} verdicts, {models[1]:,} models)",
                two,
                one_again,
                f"bundled history ({models[0]:,} models)",
                "s",
                f"<= {TARGET_DOUBLED}x",
                two / one_again <= TARGET_DOUBLED,
            ),
        ]
    )


if __name__ == "__main__":
    main()
