"""The ledger kept: load the stored histories, evaluate the laws over them
(`laws.ledger.compute_ledger`) and record the verdicts that changed, in the caller's
transaction; and the recorded verdicts read back as `Verdict`s, for the commands and pages
that show them. Storage stores and reads the rows (storage/ledger.py), the laws are pure:
this is where the two meet, run after a poll stores something and at start."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from catalog import Catalog, ModelInfo
from common.bulk import gc_paused
from common.hashing import sha256_hex
from laws.history import History, month_of
from laws.ledger import compute_ledger, signature
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict, VerdictChange
from storage.ledger import (
    NewVerdict,
    Scope,
    add_verdicts,
    computed_fingerprints,
    current_rows,
    current_signatures,
    last_change_rows,
    load_inputs,
    retire_unproduced,
    save_fingerprints,
    scope_fingerprints,
    scopes_with_verdicts,
    signature_digest,
    verdict_history_rows,
    verdict_row,
)
from storage.transaction import transaction


@dataclass(frozen=True)
class LedgerRow:
    verdict: Verdict
    computed_at: str
    reason: str
    previous_status: str | None = None


@dataclass(frozen=True)
class VerdictEntry:
    """One row of a verdict's history: the verdict as it was recorded, and when it
    stopped being current (None: it is current)."""

    id: int
    row: LedgerRow
    current: bool
    superseded_at: str | None


def current_verdicts(db: sqlite_utils.Database, parts: tuple[str, ...]) -> list[LedgerRow]:
    """The current verdict of every (part, leaderboard, category, month) for these parts,
    newest month first."""
    return [_row(r) for r in current_rows(db, parts)]


def last_changes(db: sqlite_utils.Database, parts: tuple[str, ...]) -> dict[str, LedgerRow]:
    """Per part, the newest entry whose status differs from the one it replaced."""
    return {part: _row(r) for part, r in last_change_rows(db, parts).items()}


def verdict_history(
    db: sqlite_utils.Database, parts: tuple[str, ...], leaderboard: str, category: str, period: str
) -> list[VerdictEntry]:
    """Every recorded verdict of these parts for one leaderboard category and month,
    superseded ones included, oldest first (by part, then as recorded)."""
    return [
        VerdictEntry(r["id"], _row(r), bool(r["current"]), r["superseded_at"])
        for r in verdict_history_rows(db, parts, leaderboard, category, period)
    ]


def recompute_ledger(
    db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig, now: datetime, reason: str
) -> list[VerdictChange]:
    """Recompute every verdict from the stored snapshots in one transaction; return the
    entries that changed (for the announcement outbox)."""
    with transaction(db):
        return update_ledger(db, catalog, settings, now, reason)


@gc_paused
def update_ledger(
    db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig, now: datetime, reason: str
) -> list[VerdictChange]:
    """`recompute_ledger` inside the caller's transaction (with the snapshot that caused
    it, and the outbox rows for its changes).

    Only the scopes (leaderboard, category) whose inputs changed since they were last
    computed are recomputed (`fingerprints`); a verdict depends on nothing else, so the
    others would come out as they are. A scope no longer stored has its verdicts
    retired."""
    now_computed = fingerprints(db, catalog, settings, now)
    computed = computed_fingerprints(db)
    stale = {scope for scope, fp in now_computed.items() if computed.get(scope) != fp}
    gone = (set(computed) | scopes_with_verdicts(db)) - set(now_computed)
    if not stale and not gone:
        return []
    verdicts = (
        compute_ledger(load_histories(db, catalog, settings, stale), settings, now) if stale else []
    )
    retire_unproduced(
        db, {(v.law, v.leaderboard, v.category, v.period) for v in verdicts}, now, stale | gone
    )
    changes = record_verdicts(db, verdicts, now, reason)
    save_fingerprints(db, {scope: now_computed[scope] for scope in stale}, gone)
    return changes


def record_verdicts(
    db: sqlite_utils.Database, verdicts: list[Verdict], now: datetime, reason: str
) -> list[VerdictChange]:
    """Add a row for every verdict whose signature (`laws.ledger.signature`) differs from
    the current one's; the changes, with the verdicts they replace."""
    current = current_signatures(db)
    stamp = now.isoformat(timespec="seconds")
    changes, superseded, rows = [], [], []
    for v in verdicts:
        sig = signature_digest(signature(v))
        old = current.get((v.law, v.leaderboard, v.category, v.period))
        if old is not None and old[1] == sig:
            continue
        old_verdict = None
        if old is not None:
            superseded.append(old[0])
            old_verdict = _verdict(verdict_row(db, old[0]))
        rows.append(
            NewVerdict(
                v.law,
                v.leaderboard,
                v.category,
                v.period,
                str(v.status),
                v.lag_months,
                v.evidence,
                v.definition,
                sig,
                str(old_verdict.status) if old_verdict else None,
            )
        )
        changes.append(VerdictChange(new=v, old=old_verdict, changed_at=stamp, reason=reason))
    add_verdicts(db, rows, superseded, stamp, reason)
    return changes


def fingerprints(
    db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig, now: datetime
) -> dict[Scope, str]:
    """Per stored scope, a digest of everything its verdicts are computed from: its
    snapshot rows, the edits of its stored entries (`ledger_edits`), the catalog, the
    settings, the month of `now` (the ledger runs to it) and the code of the evaluators."""
    return scope_fingerprints(
        db, "\n".join((_code_digest(), catalog.digest, repr(settings), str(month_of(now.date()))))
    )


@functools.cache
def _code_digest() -> str:
    """The source of what computes a verdict (the laws, the catalog's resolution, the
    ledger's loading, here and in storage): a new version recomputes the ledger once."""
    root = Path(__file__).resolve().parent.parent
    paths = sorted(
        [
            *root.glob("laws/*.py"),
            *root.glob("catalog/*.py"),
            root / "storage" / "ledger.py",
            root / "handlers" / "ledger.py",
        ]
    )
    return sha256_hex(b"".join(path.read_bytes() for path in paths))


def load_histories(
    db: sqlite_utils.Database,
    catalog: Catalog,
    settings: LawsConfig,
    scopes: Collection[Scope] | None = None,
) -> list[History]:
    """Every stored leaderboard category (or those of `scopes`) as a History: the newest
    snapshot of each (all of them in "as known then" mode), and first listings."""
    inputs = load_inputs(db, newest_only=settings.snapshot_mode == "latest", scopes=scopes)
    described = _DescribedOnce(catalog)
    return [
        History.build(
            snaps,
            described,
            inputs.first_listed.get(scope, {}),
            use_first_listed=settings.first_listed_as_release,
        )
        for scope, snaps in sorted(inputs.snapshots.items())
        if any(s.entries for s in snaps)
    ]


class _DescribedOnce:
    """The catalog, describing each distinct listing once: a leaderboard's categories list
    the same models. Listings are told apart by their meta dict's identity, which
    `storage.ledger.load_inputs` shares between entries with the same stored meta text
    (and keeps alive while this is in use)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._seen: dict[tuple[str, str, str, int], ModelInfo] = {}

    def describe(
        self,
        model_key: str,
        display_name: str,
        leaderboard: str,
        meta: Mapping[str, str] | None = None,
    ) -> ModelInfo:
        key = (model_key, display_name, leaderboard, id(meta))
        info = self._seen.get(key)
        if info is None:
            info = self._seen[key] = self._catalog.describe(
                model_key, display_name, leaderboard, meta
            )
        return info


def _verdict(r: dict[str, Any]) -> Verdict:
    return Verdict(
        law=r["law"],
        leaderboard=r["leaderboard"],
        category=r["category"],
        period=r["period"],
        status=Status(r["status"]),
        evidence=r["evidence"],
        lag_months=r["lag_months"],
        definition=r["definition"],
    )


def _row(r: dict[str, Any]) -> LedgerRow:
    return LedgerRow(
        verdict=_verdict(r),
        computed_at=r["computed_at"],
        reason=r["reason"],
        previous_status=r.get("previous_status"),
    )
