"""Ledger queries: verdict rows per law part, leaderboard, category and month; the stored
inputs a ledger computation reads, and their fingerprints.

A verdict is never overwritten: a changed one is a new row, the old row keeps its data with
`current = 0` and `superseded_at`, the new row records `previous_status`, when and why.
This module stores and reads rows; evaluating the laws over the inputs and deciding which
verdicts changed is handlers/ledger.py's (storage imports no law)."""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
import sqlite_utils

from common.hashing import sha256_hex, short_digest
from feeds.snapshot import Entry, Snapshot

Scope = tuple[str, str]  # (leaderboard, category)
VerdictKey = tuple[str, str, str, str]  # (part, leaderboard, category, period)
# SQL for "the scope is one of those in the JSON array of [leaderboard, category] pairs
# bound as :scopes"
_SCOPES_IN = (
    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(:scopes))"
)


# A verdict row with its definition's text (stored once, in verdict_definitions).
_SELECT = (
    "SELECT v.*, d.text AS definition FROM verdicts v "
    "JOIN verdict_definitions d ON d.id = v.definition_id"
)
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
    db.conn.executemany(
        "INSERT OR IGNORE INTO verdict_definitions (text) VALUES (?)", [(t,) for t in sorted(texts)]
    )
    return {
        text: id_
        for id_, text in db.execute("SELECT id, text FROM verdict_definitions")
        if text in texts
    }


def current_rows(db: sqlite_utils.Database, parts: tuple[str, ...]) -> list[dict[str, Any]]:
    """The current verdict row (evidence decoded, definition text joined) of every (part,
    leaderboard, category, month) for these parts, newest month first."""
    marks = ",".join("?" for _ in parts)
    rows = db.query(
        f"{_SELECT} WHERE v.current = 1 AND v.law IN ({marks}) "
        "ORDER BY v.law, v.leaderboard, v.category, v.period DESC",
        list(parts),
    )
    return [_decoded(r) for r in rows]


def ledger_version(db: sqlite_utils.Database) -> int:
    """A number that changes whenever the ledger does: verdict rows are only ever added (a
    changed verdict is a new row), so the newest id names the ledger's state."""
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM verdicts").fetchone()[0]


def last_change_rows(
    db: sqlite_utils.Database, parts: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Per part, the newest row whose status differs from the one it replaced."""
    found = {}
    for part in parts:
        for r in db.query(
            f"{_SELECT} WHERE v.law = ? AND v.previous_status IS NOT NULL "
            "AND v.previous_status != v.status ORDER BY v.id DESC LIMIT 1",
            [part],
        ):
            found[part] = _decoded(r)
    return found


def latest_periods(db: sqlite_utils.Database) -> dict[tuple[str, str, str], str]:
    """The latest month with a verdict, per (law part, leaderboard, category)."""
    return {
        (r[0], r[1], r[2]): r[3]
        for r in db.execute(
            "SELECT law, leaderboard, category, max(period) FROM verdicts WHERE current = 1 "
            "GROUP BY law, leaderboard, category"
        )
    }


def verdict_row(db: sqlite_utils.Database, row_id: int) -> dict[str, Any]:
    """One verdict row by id."""
    return _decoded(next(db.query(f"{_SELECT} WHERE v.id = ?", [row_id])))


def verdict_history_rows(
    db: sqlite_utils.Database, parts: tuple[str, ...], leaderboard: str, category: str, period: str
) -> list[dict[str, Any]]:
    """Every recorded row of these parts for one leaderboard category and month,
    superseded ones included, oldest first (by part, then as recorded)."""
    marks = ",".join("?" for _ in parts)
    rows = db.query(
        f"{_SELECT} WHERE v.law IN ({marks}) AND v.leaderboard = ? AND v.category = ? "
        "AND v.period = ? ORDER BY v.law, v.id",
        [*parts, leaderboard, category, period],
    )
    return [_decoded(r) for r in rows]


def _decoded(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "evidence": decode_evidence(r["evidence"])}


def current_signatures(db: sqlite_utils.Database) -> dict[VerdictKey, tuple[int, bytes]]:
    """The row id and signature digest of every current verdict."""
    return {
        (r[0], r[1], r[2], r[3]): (r[4], r[5])
        for r in db.execute(
            "SELECT law, leaderboard, category, period, id, signature FROM verdicts "
            "WHERE current = 1"
        )
    }


@dataclass(frozen=True)
class NewVerdict:
    """A verdict row to add: a verdict as stored (its status as text, its signature as
    `signature_digest`), and the status of the row it supersedes."""

    law: str
    leaderboard: str
    category: str
    period: str
    status: str
    lag_months: int | None
    evidence: dict[str, Any]
    definition: str
    signature: bytes
    previous_status: str | None


def add_verdicts(
    db: sqlite_utils.Database,
    rows: list[NewVerdict],
    superseded: list[int],
    computed_at: str,
    reason: str,
) -> None:
    """Add the rows as current, after the `superseded` rows (by id) stop being current;
    `computed_at` stamps both."""
    ids = definition_ids(db, {row.definition for row in rows})
    db.conn.executemany(
        "UPDATE verdicts SET current = 0, superseded_at = ? WHERE id = ?",
        [(computed_at, row_id) for row_id in superseded],
    )
    db.conn.executemany(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, lag_months, "
        "evidence, definition_id, computed_at, reason, signature, previous_status, current) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        [
            (
                r.law,
                r.leaderboard,
                r.category,
                r.period,
                r.status,
                r.lag_months,
                encode_evidence(r.evidence),
                ids[r.definition],
                computed_at,
                reason,
                r.signature,
                r.previous_status,
            )
            for r in rows
        ],
    )


def retire_unproduced(
    db: sqlite_utils.Database,
    produced: Collection[VerdictKey],
    now: datetime,
    scopes: Collection[Scope],
) -> int:
    """A current verdict of one of these (recomputed or vanished) scopes that their
    computation no longer produces (`produced`: a month past its data's horizon, recorded
    by an older version) stops being current; its row is kept, with `superseded_at`.
    Returns how many were retired."""
    stamp = now.isoformat(timespec="seconds")
    stale = [
        (stamp, r[0])
        for r in db.execute(
            "SELECT id, law, leaderboard, category, period FROM verdicts WHERE current = 1 "
            f"AND (leaderboard, category) IN {_SCOPES_IN}",
            {"scopes": json.dumps(sorted(scopes))},
        )
        if tuple(r[1:]) not in produced
    ]
    db.conn.executemany("UPDATE verdicts SET current = 0, superseded_at = ? WHERE id = ?", stale)
    return len(stale)


def scope_fingerprints(db: sqlite_utils.Database, salt: str) -> dict[Scope, str]:
    """Per stored scope, a digest of `salt` (what else its verdicts are computed from),
    the edits of its stored entries (`ledger_edits`) and its snapshot rows."""
    edits = dict(
        ((r[0], r[1]), r[2])
        for r in db.execute("SELECT leaderboard, category, edits FROM ledger_edits")
    )
    texts: dict[Scope, list[str]] = {}
    for board, category, sid, day, fetched, content in db.execute(
        "SELECT leaderboard, category, id, snapshot_date, fetched_at, content_hash "
        "FROM snapshots ORDER BY leaderboard, category, id"
    ):
        text = texts.get((board, category))
        if text is None:
            text = texts[(board, category)] = [f"{salt}\n{edits.get((board, category), 0)}"]
        text.append(f"\n{sid}|{day}|{fetched}|{content}")
    return {scope: sha256_hex("".join(text)) for scope, text in texts.items()}


def computed_fingerprints(db: sqlite_utils.Database) -> dict[Scope, str]:
    """The fingerprint each scope's verdicts were last computed from."""
    return dict(
        ((r[0], r[1]), r[2])
        for r in db.execute("SELECT leaderboard, category, fingerprint FROM ledger_inputs")
    )


def save_fingerprints(
    db: sqlite_utils.Database, computed: Mapping[Scope, str], gone: Collection[Scope]
) -> None:
    """Record the fingerprints the `computed` scopes' verdicts now come from; forget those
    of the scopes `gone`."""
    db.conn.executemany(
        "INSERT INTO ledger_inputs (leaderboard, category, fingerprint) VALUES (?, ?, ?) "
        "ON CONFLICT (leaderboard, category) DO UPDATE SET fingerprint = excluded.fingerprint",
        [(*scope, computed[scope]) for scope in sorted(computed)],
    )
    db.conn.executemany(
        "DELETE FROM ledger_inputs WHERE leaderboard = ? AND category = ?", sorted(gone)
    )


def scopes_with_verdicts(db: sqlite_utils.Database) -> set[Scope]:
    """Every (leaderboard, category) that has current verdicts: with the stored fingerprints,
    how the ledger update finds the scopes no longer stored, whose verdicts it retires."""
    return {
        (r[0], r[1])
        for r in db.execute("SELECT DISTINCT leaderboard, category FROM verdicts WHERE current = 1")
    }


@dataclass(frozen=True)
class LedgerInputs:
    """What a ledger computation reads of the stored scopes: each one's snapshots (the
    newest, or every one), and the day each model was first listed on it. Entries with the
    same stored meta text share one (read-only) meta dict."""

    snapshots: dict[Scope, list[Snapshot]]
    first_listed: dict[Scope, dict[str, date]]


def load_inputs(
    db: sqlite_utils.Database, *, newest_only: bool, scopes: Collection[Scope] | None = None
) -> LedgerInputs:
    """Every stored leaderboard category's inputs (or those of `scopes`), loaded with three
    queries: the newest snapshot of each (every one unless `newest_only`) and first
    listings."""
    wanted = "1" if scopes is None else f"(leaderboard, category) IN {_SCOPES_IN}"
    params = {"scopes": json.dumps(sorted(scopes or ()))}
    first_listed: dict[Scope, dict[str, date]] = defaultdict(dict)
    days: dict[str, date] = {}  # few distinct dates, many rows
    for board, category, key, day in db.execute(
        "SELECT s.leaderboard, s.category, e.model_key, MIN(s.snapshot_date) "
        f"FROM (SELECT * FROM snapshots WHERE {wanted}) s "
        "JOIN entries e ON s.id = e.snapshot_id GROUP BY 1, 2, 3",
        params,
    ):
        first_listed[(board, category)][key] = days.get(day) or days.setdefault(
            day, date.fromisoformat(day)
        )
    if newest_only:
        heads = db.execute(
            "SELECT id, leaderboard, category, snapshot_date, fetched_at, source FROM "
            "(SELECT *, ROW_NUMBER() OVER (PARTITION BY leaderboard, category "
            f"ORDER BY snapshot_date DESC, id DESC) AS n FROM snapshots WHERE {wanted}) "
            "WHERE n = 1",
            params,
        ).fetchall()
    else:
        heads = db.execute(
            "SELECT id, leaderboard, category, snapshot_date, fetched_at, "
            f"source FROM snapshots WHERE {wanted}",
            params,
        ).fetchall()
    entries: dict[int, list[Entry]] = defaultdict(list)
    metas: dict[str, dict[str, str]] = {}  # one (read-only) dict per distinct listing text
    for r in db.execute(
        "SELECT snapshot_id, model_key, display_name, score, rank, ci_low, "
        "ci_high, votes, scores, meta FROM entries WHERE snapshot_id IN "
        "(SELECT value FROM json_each(?))",
        [json.dumps([h[0] for h in heads])],
    ):
        entries[r[0]].append(
            Entry(
                model_key=r[1],
                display_name=r[2],
                score=r[3],
                rank=r[4],
                ci_low=r[5],
                ci_high=r[6],
                votes=r[7],
                scores=orjson.loads(r[8]),
                meta=metas.get(r[9]) or metas.setdefault(r[9], orjson.loads(r[9])),
            )
        )
    found: dict[Scope, list[Snapshot]] = defaultdict(list)
    for sid, board, category, day, fetched, source in heads:
        found[(board, category)].append(
            Snapshot(
                leaderboard=board,
                category=category,
                snapshot_date=date.fromisoformat(day),
                fetched_at=datetime.fromisoformat(fetched),
                entries=tuple(entries[sid]),
                source=source,
            )
        )
    return LedgerInputs(dict(found), dict(first_listed))
