"""Database size: a fresh database after the first start (`main.py ledger` in its own
process: the bundled history loaded, the whole ledger recorded), measured as the file's size
with the WAL checkpointed into it. Target: at most 10 MB, without VACUUM. The baseline is
the same database copied by `VACUUM INTO` (SQLite's tightest packing of the same content),
so the ratio shows the page space the database wastes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench.common import ROOT, Figure, report, scratch

TARGET_BYTES = 10 * 1000 * 1000


def first_start(path: Path) -> None:
    """`main.py ledger` on a database that does not exist yet."""
    env = {
        **os.environ,
        "LAWKEEPER_DB": str(path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "ledger"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=300,
    )


def checkpointed_size(path: Path) -> int:
    """The database file's size once everything in its WAL is written into it."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def vacuumed_size(path: Path, into: Path) -> int:
    """Bytes of a `VACUUM INTO` copy of the database, written to `into`: SQLite's tightest
    packing of the same content, the baseline; the database itself is left as it is."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("VACUUM INTO ?", [str(into)])
    finally:
        conn.close()
    return into.stat().st_size


def main() -> None:
    """A first start's database (`main.py ledger` on a fresh file) measured in MB once
    checkpointed, against its VACUUM INTO copy; the figure names how many verdicts it holds."""
    with scratch() as tmp:
        db = tmp / "first.db"
        first_start(db)
        size = checkpointed_size(db)
        packed = vacuumed_size(db, tmp / "packed.db")
        conn = sqlite3.connect(str(db))
        verdicts = conn.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        conn.close()
    report(
        [
            Figure(
                "dbsize",
                f"database after first start ({verdicts:,} verdicts)",
                size / 1e6,
                packed / 1e6,
                "the same, VACUUM INTO",
                "MB",
                f"<= {TARGET_BYTES / 1e6:g} MB",
                size <= TARGET_BYTES,
            )
        ]
    )


if __name__ == "__main__":
    main()
