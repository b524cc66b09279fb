"""Ledger queries: verdicts per law part, leaderboard, category and month."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from laws.verdict import Status, Verdict


@dataclass(frozen=True)
class LedgerRow:
    verdict: Verdict
    computed_at: str
    reason: str


def current_verdicts(db: sqlite_utils.Database, parts: tuple[str, ...]) -> list[LedgerRow]:
    """The current verdict of every (part, leaderboard, category, month) for these parts,
    newest month first."""
    marks = ",".join("?" for _ in parts)
    rows = db.query(
        f"SELECT * FROM verdicts WHERE current = 1 AND law IN ({marks}) "
        "ORDER BY law, leaderboard, category, period DESC",
        list(parts),
    )
    return [_row(r) for r in rows]


def _row(r: dict) -> LedgerRow:
    return LedgerRow(
        verdict=Verdict(
            law=r["law"],
            leaderboard=r["leaderboard"],
            category=r["category"],
            period=r["period"],
            status=Status(r["status"]),
            evidence=json.loads(r["evidence"] or "{}"),
            lag_months=r["lag_months"],
            definition=r["definition"],
        ),
        computed_at=r["computed_at"],
        reason=r["reason"],
    )
