"""The bundled history loaded into the database (the bundle's format is feeds/history.py's):
which bundle version is loaded (in `kv`), and loading a bundle's snapshots with that version
in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from feeds.history import DEFAULT_PATH, bundle_version, read_bundle
from feeds.snapshot import Snapshot
from storage.database import Storage
from storage.snapshots import insert_snapshot, refresh_meta
from storage.transaction import transaction

log = logging.getLogger(__name__)

KV_KEY = "history_bundle_version"


def loaded_bundle_version(db: sqlite_utils.Database) -> str | None:
    """The version of the bundle last loaded (kept in `kv`), or None before the first load:
    `load_bundle` skips a bundle already loaded."""
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


def load_bundle(db: sqlite_utils.Database, path: Path = DEFAULT_PATH) -> int:
    """Load the bundle unless this version is already loaded; the number of snapshots
    added. Blocking: run it through `storage.call`."""
    version = bundle_version(path)
    if loaded_bundle_version(db) == version:
        return 0
    return store_bundle(db, read_bundle(path), version)


async def load_history(storage: Storage, path: Path = DEFAULT_PATH) -> int:
    """Load the bundled history through the storage thread (once per bundle version)."""
    added = await storage.call(load_bundle, path)
    if added:
        log.info("loaded %d snapshots of bundled history (%s)", added, path.name)
    return added
