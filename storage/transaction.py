"""Explicit transactions on the autocommit connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

    Inside, write with `db.execute` / `db.conn.executemany`: sqlite-utils' insert and create
    helpers commit by themselves and would split the transaction.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        # After some errors (a full disk, an I/O error) SQLite has rolled back already;
        # a second ROLLBACK would fail and hide the error that says what went wrong.
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
