import sqlite3
from pathlib import Path

import pytest

from storage import connect, transaction


def test_a_full_database_raises_its_own_error_and_keeps_nothing(tmp_path: Path) -> None:
    db = connect(tmp_path / "small.db")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"), transaction(db):
        for i in range(1000):
            db.execute("INSERT INTO kv (key, value) VALUES (?, ?)", [str(i), "x" * 1000])
    assert not db.conn.in_transaction
    assert db.execute("SELECT COUNT(*) FROM kv").fetchone()[0] == 0
