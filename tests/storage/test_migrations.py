import sqlite3
from pathlib import Path

import pytest

from storage import Storage, StorageError, connect, transaction
from storage.migrations import MIGRATIONS, Migration, migrate, schema_version


def test_new_database_gets_every_migration_once(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    assert schema_version(db) == sorted(m.name for m in MIGRATIONS)
    assert "verdicts" in db.table_names()
    assert migrate(db) == []  # idempotent
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.conn.close()
    reopened = connect(tmp_path / "a.db")
    assert schema_version(reopened) == sorted(m.name for m in MIGRATIONS)


def test_a_later_migration_applies_to_an_existing_database(tmp_path: Path) -> None:
    db = connect(tmp_path / "b.db")
    db.execute("INSERT INTO kv (key, value) VALUES ('kept', 'yes')")
    extra = Migration("9999_test", lambda d: d.execute("ALTER TABLE kv ADD COLUMN note TEXT"))
    assert migrate(db, (*MIGRATIONS, extra)) == ["9999_test"]
    assert db.execute("SELECT key, value, note FROM kv").fetchall() == [("kept", "yes", None)]


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    db = connect(tmp_path / "c.db")

    def broken(d):
        d.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("boom")

    with pytest.raises(sqlite3.OperationalError):
        migrate(db, (*MIGRATIONS, Migration("9999_broken", broken)))
    assert "half" not in db.table_names()
    assert "9999_broken" not in schema_version(db)


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = connect(tmp_path / "d.db")
    with pytest.raises(ValueError), transaction(db):
        db.execute("INSERT INTO kv (key, value) VALUES ('a', '1')")
        raise ValueError
    assert db.execute("SELECT count(*) FROM kv").fetchone()[0] == 0


def test_unusable_path_is_a_clear_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StorageError, match="cannot use database"):
        connect(tmp_path / "file" / "x.db")
    (tmp_path / "garbage.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match=r"garbage\.db"):
        connect(tmp_path / "garbage.db")


async def test_queries_run_off_the_event_loop_on_one_thread(tmp_path: Path) -> None:
    import threading

    store = await Storage.open(tmp_path / "e.db")
    names = {await store.call(lambda db: threading.current_thread().name) for _ in range(5)}
    assert len(names) == 1
    assert names != {threading.current_thread().name}
    await store.close()
    with pytest.raises(StorageError, match="closed"):
        await store.call(lambda db: None)
