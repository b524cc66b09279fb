"""Small named values that must survive restarts (the `kv` table)."""

from __future__ import annotations

import sqlite_utils


def get_value(db: sqlite_utils.Database, key: str) -> str | None:
    """The text stored under `key`, or None when nothing is; the caller parses it."""
    row = db.execute("SELECT value FROM kv WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_value(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Store (replace) the text under `key`, in the caller's transaction if it has one."""
    db.execute(
        "INSERT INTO kv (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
