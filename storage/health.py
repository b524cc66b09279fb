"""Facts about the database itself, for /status."""

from __future__ import annotations

import sqlite_utils


def database_bytes(db: sqlite_utils.Database) -> int:
    """The size of the database's pages (the main file, without the WAL)."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    return pages * db.execute("PRAGMA page_size").fetchone()[0]
