"""Ledger queries: verdicts per law part, leaderboard, category and month.

A verdict is never overwritten: a changed one is a new row, the old row keeps its data with
`current = 0` and `superseded_at`, the new row records `previous_status`, when and why."""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlite_utils

from catalog import Catalog, ModelInfo
from common.bulk import gc_paused
from common.hashing import short_digest
from feeds.snapshot import Entry, Snapshot
from laws.history import History, month_of
from laws.ledger import compute_ledger, signature
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict, VerdictChange
from storage.transaction import transaction

Scope = tuple[str, str]  # (leaderboard, category)
# SQL for "the scope is one of those in the JSON array of [leaderboard, category] pairs
# bound as :scopes"
_SCOPES_IN = ("(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
              "FROM json_each(:scopes))")


@dataclass(frozen=True)
class LedgerRow:
    verdict: Verdict
    computed_at: str
    reason: str
    previous_status: str | None = None


# A verdict row with its definition's text (stored once, in verdict_definitions).
_SELECT = ("SELECT v.*, d.text AS definition FROM verdicts v "
           "JOIN verdict_definitions d ON d.id = v.definition_id")
# Evidence is compressed only when that makes it shorter (the smallest, such as '{}', are not).
_EVIDENCE_LEVEL = 6


def encode_evidence(evidence: dict[str, Any]) -> str | bytes:
    """Evidence as stored: JSON with sorted keys (a TEXT value), or the same JSON
    zlib-compressed (a BLOB value) when that is shorter. Bundled history: 7.2 MB of JSON
    becomes 2.7 MB (level 9: 0.05 % less). A preset dictionary of sample rows made it
    0.85 MB, but would have to be kept, and versioned, for as long as any row uses it."""
    text = orjson.dumps(evidence, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    packed = zlib.compress(text, _EVIDENCE_LEVEL)
    return packed if len(packed) < len(text) else text.decode()


def decode_evidence(stored: str | bytes | None) -> dict[str, Any]:
    """The evidence `encode_evidence` stored (TEXT: JSON; BLOB: zlib-compressed JSON)."""
    if isinstance(stored, bytes):
        return orjson.loads(zlib.decompress(stored))
    return orjson.loads(stored or "{}")


def signature_digest(signature: str) -> bytes:
    """The stored form of a verdict's signature (laws.ledger.signature): 16 bytes of
    BLAKE2b. Only equality is ever asked of it, and the text averaged 680 bytes a row."""
    return short_digest(signature, 16)


def definition_ids(db: sqlite_utils.Database, texts: set[str]) -> dict[str, int]:
    """The id of each definition text in verdict_definitions, adding the new ones."""
    db.conn.executemany("INSERT OR IGNORE INTO verdict_definitions (text) VALUES (?)",
                        [(t,) for t in sorted(texts)])
    return {text: id_ for id_, text in db.execute("SELECT id, text FROM verdict_definitions")
            if text in texts}


def current_verdicts(db: sqlite_utils.Database, parts: tuple[str, ...]) -> list[LedgerRow]:
    """The current verdict of every (part, leaderboard, category, month) for these parts,
    newest month first."""
    marks = ",".join("?" for _ in parts)
    rows = db.query(
        f"{_SELECT} WHERE v.current = 1 AND v.law IN ({marks}) "
        "ORDER BY v.law, v.leaderboard, v.category, v.period DESC",
        list(parts),
    )
    return [_row(r) for r in rows]


def ledger_version(db: sqlite_utils.Database) -> int:
    """A number that changes whenever the ledger does: verdict rows are only ever added (a
    changed verdict is a new row), so the newest id names the ledger's state."""
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM verdicts").fetchone()[0]


def last_changes(db: sqlite_utils.Database, parts: tuple[str, ...]) -> dict[str, LedgerRow]:
    """Per part, the newest entry whose status differs from the one it replaced."""
    found = {}
    for part in parts:
        for r in db.query(
                f"{_SELECT} WHERE v.law = ? AND v.previous_status IS NOT NULL "
                "AND v.previous_status != v.status ORDER BY v.id DESC LIMIT 1", [part]):
            found[part] = _row(r)
    return found


def latest_periods(db: sqlite_utils.Database) -> dict[tuple[str, str, str], str]:
    """The latest month with a verdict, per (law part, leaderboard, category)."""
    return {(r[0], r[1], r[2]): r[3] for r in db.execute(
        "SELECT law, leaderboard, category, max(period) FROM verdicts WHERE current = 1 "
        "GROUP BY law, leaderboard, category")}


def recompute_ledger(db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig,
                     now: datetime, reason: str) -> list[VerdictChange]:
    """Recompute every verdict from the stored snapshots in one transaction; return the
    entries that changed (for the announcement outbox)."""
    with transaction(db):
        return update_ledger(db, catalog, settings, now, reason)


@gc_paused
def update_ledger(db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig,
                  now: datetime, reason: str) -> list[VerdictChange]:
    """`recompute_ledger` inside the caller's transaction (with the snapshot that caused
    it, and the outbox rows for its changes).

    Only the scopes (leaderboard, category) whose inputs changed since they were last
    computed are recomputed (`scope_fingerprints`); a verdict depends on nothing else, so
    the others would come out as they are. A scope no longer stored has its verdicts
    retired."""
    fingerprints = scope_fingerprints(db, catalog, settings, now)
    computed = dict(((r[0], r[1]), r[2]) for r in db.execute(
        "SELECT leaderboard, category, fingerprint FROM ledger_inputs"))
    stale = {scope for scope, fp in fingerprints.items() if computed.get(scope) != fp}
    gone = (set(computed) | _scopes_with_verdicts(db)) - set(fingerprints)
    if not stale and not gone:
        return []
    verdicts = compute_ledger(load_histories(db, catalog, settings, stale), settings, now) \
        if stale else []
    retire_unproduced(db, verdicts, now, stale | gone)
    changes = record_verdicts(db, verdicts, now, reason)
    db.conn.executemany(
        "INSERT INTO ledger_inputs (leaderboard, category, fingerprint) VALUES (?, ?, ?) "
        "ON CONFLICT (leaderboard, category) DO UPDATE SET fingerprint = excluded.fingerprint",
        [(*scope, fingerprints[scope]) for scope in sorted(stale)])
    db.conn.executemany("DELETE FROM ledger_inputs WHERE leaderboard = ? AND category = ?",
                        sorted(gone))
    return changes


def scope_fingerprints(db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig,
                       now: datetime) -> dict[Scope, str]:
    """Per stored scope, a digest of everything its verdicts are computed from: its
    snapshot rows, the edits of its stored entries (`ledger_edits`), the catalog, the
    settings, the month of `now` (the ledger runs to it) and the code of the evaluators."""
    common = "\n".join((_code_digest(), catalog.digest, repr(settings),
                        str(month_of(now.date()))))
    edits = dict(((r[0], r[1]), r[2]) for r in db.execute(
        "SELECT leaderboard, category, edits FROM ledger_edits"))
    digests: dict[Scope, Any] = {}
    for board, category, sid, day, fetched, content in db.execute(
            "SELECT leaderboard, category, id, snapshot_date, fetched_at, content_hash "
            "FROM snapshots ORDER BY leaderboard, category, id"):
        digest = digests.get((board, category))
        if digest is None:
            digest = digests[(board, category)] = hashlib.sha256(
                f"{common}\n{edits.get((board, category), 0)}".encode())
        digest.update(f"\n{sid}|{day}|{fetched}|{content}".encode())
    return {scope: digest.hexdigest() for scope, digest in digests.items()}


@functools.cache
def _code_digest() -> str:
    """The source of what computes a verdict (the laws, the catalog's resolution, this
    module's loading): a new version recomputes the ledger once."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("laws/*.py"), *root.glob("catalog/*.py"),
                        root / "storage" / "ledger.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _scopes_with_verdicts(db: sqlite_utils.Database) -> set[Scope]:
    return {(r[0], r[1]) for r in db.execute(
        "SELECT DISTINCT leaderboard, category FROM verdicts WHERE current = 1")}


def retire_unproduced(db: sqlite_utils.Database, verdicts: list[Verdict], now: datetime,
                      scopes: Collection[Scope]) -> int:
    """A current verdict of one of these (recomputed or vanished) scopes that their
    computation no longer produces (a month past its data's horizon, recorded by an older
    version) stops being current; its row is kept, with `superseded_at`. Returns how many
    were retired."""
    produced = {(v.law, v.leaderboard, v.category, v.period) for v in verdicts}
    stamp = now.isoformat(timespec="seconds")
    stale = [(stamp, r[0]) for r in db.execute(
        "SELECT id, law, leaderboard, category, period FROM verdicts WHERE current = 1 "
        f"AND (leaderboard, category) IN {_SCOPES_IN}", {"scopes": json.dumps(sorted(scopes))})
        if tuple(r[1:]) not in produced]
    db.conn.executemany("UPDATE verdicts SET current = 0, superseded_at = ? WHERE id = ?",
                        stale)
    return len(stale)


def record_verdicts(db: sqlite_utils.Database, verdicts: list[Verdict], now: datetime,
                    reason: str) -> list[VerdictChange]:
    """Add a row for every verdict whose signature differs from the current one."""
    current = {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in db.execute(
        "SELECT law, leaderboard, category, period, id, signature FROM verdicts "
        "WHERE current = 1")}
    stamp = now.isoformat(timespec="seconds")
    changes, superseded, inserts = [], [], []
    for v in verdicts:
        sig = signature_digest(signature(v))
        old = current.get((v.law, v.leaderboard, v.category, v.period))
        if old is not None and old[1] == sig:
            continue
        old_verdict = None
        if old is not None:
            superseded.append((stamp, old[0]))
            old_verdict = _row(next(db.query(f"{_SELECT} WHERE v.id = ?", [old[0]]))).verdict
        inserts.append([v.law, v.leaderboard, v.category, v.period, str(v.status),
                        v.lag_months, encode_evidence(v.evidence), v.definition,
                        stamp, reason, sig, str(old_verdict.status) if old_verdict else None])
        changes.append(VerdictChange(new=v, old=old_verdict, changed_at=stamp, reason=reason))
    ids = definition_ids(db, {row[7] for row in inserts})
    for row in inserts:
        row[7] = ids[row[7]]
    db.conn.executemany("UPDATE verdicts SET current = 0, superseded_at = ? WHERE id = ?",
                        superseded)
    db.conn.executemany(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, lag_months, "
        "evidence, definition_id, computed_at, reason, signature, previous_status, current) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", inserts)
    return changes


def load_histories(db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig,
                   scopes: Collection[Scope] | None = None) -> list[History]:
    """Every stored leaderboard category (or those of `scopes`) as a History, loaded with
    three queries: the newest snapshot of each (all of them in "as known then" mode) and
    first listings."""
    wanted = "1" if scopes is None else \
        f"(leaderboard, category) IN {_SCOPES_IN}"
    params = {"scopes": json.dumps(sorted(scopes or ()))}
    first_listed: dict[Scope, dict[str, date]] = defaultdict(dict)
    days: dict[str, date] = {}  # few distinct dates, many rows
    for board, category, key, day in db.execute(
            "SELECT s.leaderboard, s.category, e.model_key, MIN(s.snapshot_date) "
            f"FROM (SELECT * FROM snapshots WHERE {wanted}) s "
            "JOIN entries e ON s.id = e.snapshot_id GROUP BY 1, 2, 3", params):
        first_listed[(board, category)][key] = days.get(day) or days.setdefault(
            day, date.fromisoformat(day))
    if settings.snapshot_mode == "latest":
        heads = db.execute(
            "SELECT id, leaderboard, category, snapshot_date, fetched_at, source FROM "
            "(SELECT *, ROW_NUMBER() OVER (PARTITION BY leaderboard, category "
            f"ORDER BY snapshot_date DESC, id DESC) AS n FROM snapshots WHERE {wanted}) "
            "WHERE n = 1", params).fetchall()
    else:
        heads = db.execute("SELECT id, leaderboard, category, snapshot_date, fetched_at, "
                           f"source FROM snapshots WHERE {wanted}", params).fetchall()
    entries: dict[int, list[Entry]] = defaultdict(list)
    metas: dict[str, dict[str, str]] = {}  # one (read-only) dict per distinct listing text
    for r in db.execute("SELECT snapshot_id, model_key, display_name, score, rank, ci_low, "
                        "ci_high, votes, scores, meta FROM entries WHERE snapshot_id IN "
                        "(SELECT value FROM json_each(?))", [json.dumps([h[0] for h in heads])]):
        entries[r[0]].append(Entry(
            model_key=r[1], display_name=r[2], score=r[3], rank=r[4], ci_low=r[5],
            ci_high=r[6], votes=r[7], scores=orjson.loads(r[8]),
            meta=metas.get(r[9]) or metas.setdefault(r[9], orjson.loads(r[9]))))
    found: dict[Scope, list[Snapshot]] = defaultdict(list)
    for sid, board, category, day, fetched, source in heads:
        found[(board, category)].append(Snapshot(
            leaderboard=board, category=category, snapshot_date=date.fromisoformat(day),
            fetched_at=datetime.fromisoformat(fetched), entries=tuple(entries[sid]),
            source=source))
    described = _DescribedOnce(catalog)
    return [History.build(snaps, described, first_listed[scope],
                          use_first_listed=settings.first_listed_as_release)
            for scope, snaps in sorted(found.items()) if any(s.entries for s in snaps)]


class _DescribedOnce:
    """The catalog, describing each distinct listing once: a leaderboard's categories list
    the same models. Listings are told apart by their meta dict's identity, which
    `load_histories` shares between entries with the same stored meta text (and keeps
    alive while this is in use)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._seen: dict[tuple[str, str, str, int], ModelInfo] = {}

    def describe(self, model_key: str, display_name: str, leaderboard: str,
                 meta: Mapping[str, str] | None = None) -> ModelInfo:
        key = (model_key, display_name, leaderboard, id(meta))
        info = self._seen.get(key)
        if info is None:
            info = self._seen[key] = self._catalog.describe(
                model_key, display_name, leaderboard, meta)
        return info


def _row(r: dict[str, Any]) -> LedgerRow:
    return LedgerRow(
        verdict=Verdict(
            law=r["law"],
            leaderboard=r["leaderboard"],
            category=r["category"],
            period=r["period"],
            status=Status(r["status"]),
            evidence=decode_evidence(r["evidence"]),
            lag_months=r["lag_months"],
            definition=r["definition"],
        ),
        computed_at=r["computed_at"],
        reason=r["reason"],
        previous_status=r.get("previous_status"),
    )


@dataclass(frozen=True)
class VerdictEntry:
    """One row of a verdict's history: the verdict as it was recorded, and when it
    stopped being current (None: it is current)."""

    id: int
    row: LedgerRow
    current: bool
    superseded_at: str | None


def verdict_history(db: sqlite_utils.Database, parts: tuple[str, ...], leaderboard: str,
                    category: str, period: str) -> list[VerdictEntry]:
    """Every recorded verdict of these parts for one leaderboard category and month,
    superseded ones included, oldest first (by part, then as recorded)."""
    marks = ",".join("?" for _ in parts)
    rows = db.query(
        f"{_SELECT} WHERE v.law IN ({marks}) AND v.leaderboard = ? AND v.category = ? "
        "AND v.period = ? ORDER BY v.law, v.id", [*parts, leaderboard, category, period])
    return [VerdictEntry(r["id"], _row(r), bool(r["current"]), r["superseded_at"])
            for r in rows]
