"""Small named values that must survive restarts (the `kv` table)."""

from __future__ import annotations

import sqlite_utils


def get_value(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM kv WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_value(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO kv (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
