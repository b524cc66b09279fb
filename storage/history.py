"""The bundled history's bookkeeping: which bundle version is loaded (in `kv`), and loading
a bundle's snapshots with that version in one transaction."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from feeds.snapshot import Snapshot
from storage.snapshots import insert_snapshot, refresh_meta
from storage.transaction import transaction

KV_KEY = "history_bundle_version"


def loaded_bundle_version(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT value FROM kv WHERE key = ?", [KV_KEY]).fetchone()
    return row[0] if row else None


def store_bundle(db: sqlite_utils.Database, snapshots: Iterable[Snapshot], version: str) -> int:
    """Insert the snapshots not stored yet (imported), refresh the listing meta of those
    stored already (a rebuilt bundle may read its sources better), and record the version;
    how many were new."""
    added = 0
    with transaction(db):
        for snapshot in snapshots:
            if insert_snapshot(db, snapshot, imported=True) is not None:
                added += 1
            else:
                refresh_meta(db, snapshot)
        db.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", [KV_KEY, version])
    return added
