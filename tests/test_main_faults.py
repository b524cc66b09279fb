"""A damaged, read-only or full database: `main.py console`, `import` and `run` each print
one clear line naming the file and the problem, and exit 1, without a traceback."""

from __future__ import annotations

import ctypes
import os
import random
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import connect
from storage.history import load_bundle
from tests.conftest import FIXTURES, ROOT
from tests.subprocess_env import minimal_env

COMMANDS = {
    "console": ["console"],
    "import": ["import", str(FIXTURES / "arena" / "leaderboard_table_20240515.csv")],
    "run": ["run"],  # no tokens: the console adapter, reading the same stdin
}
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the bundled history (a few MB, many pages)."""
    path = tmp_path_factory.mktemp("loaded") / "lawkeeper.db"
    db = connect(path)
    load_bundle(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def run_main(
    db: Path, command: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    config = db.parent / "config.toml"
    config.write_text(f'[storage]\npath = "{db}"\n[web]\nport = 0\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "main.py", "--config", str(config), *COMMANDS[command]],
        cwd=ROOT,
        input="/law 1\n",
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec,
        env=minimal_env(),
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], db: Path, problem: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"lawkeeper: cannot use database {db}: "), done.stderr
    assert problem in last


@pytest.mark.parametrize("command", COMMANDS)
def test_damaged_database(loaded_db: Path, tmp_path: Path, command: str) -> None:
    db = tmp_path / "damaged.db"
    data = bytearray(loaded_db.read_bytes())
    noise = random.Random(7)  # the same damage every run: SQLite's words depend on it
    for page in range(2, len(data) // 4096):  # the header page stays, every other is hit
        data[page * 4096 + 100 : page * 4096 + 1100] = noise.randbytes(1000)
    db.write_bytes(bytes(data))
    done = run_main(db, command)
    assert_one_clear_line(done, db, "malformed")
    assert "(the file is damaged: restore a backup" in done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_damaged_middle_pages(loaded_db: Path, tmp_path: Path, command: str) -> None:
    """A few damaged pages in the middle (the schema readable): checked before anything
    is written, so `import` does not write into the damaged file."""
    db = tmp_path / "damaged-middle.db"
    data = bytearray(loaded_db.read_bytes())
    noise = random.Random(11)
    middle = len(data) // 4096 // 2
    for page in range(middle, middle + 3):
        data[page * 4096 + 8 : page * 4096 + 4000] = noise.randbytes(3992)
    db.write_bytes(bytes(data))
    done = run_main(db, command)
    assert_one_clear_line(done, db, "database disk image is malformed")
    assert "(the file is damaged: restore a backup" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == bytes(data)


@pytest.mark.parametrize("command", COMMANDS)
def test_not_a_database(tmp_path: Path, command: str) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    assert_one_clear_line(run_main(db, command), db, "file is not a database")
    assert db.read_text(encoding="utf-8").startswith("these are my notes")


def _no_root_file_access() -> None:
    """As root, drop the capabilities that ignore file permissions (for this process and
    what it executes), so a read-only file is read-only."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize("command", COMMANDS)
def test_read_only_database(loaded_db: Path, tmp_path: Path, command: str) -> None:
    db = tmp_path / "read-only.db"
    db.write_bytes(loaded_db.read_bytes())
    db.chmod(0o444)
    before = db.read_bytes()
    assert_one_clear_line(
        run_main(db, command, _no_root_file_access),
        db,
        "attempt to write a readonly database (the file or its folder is read-only",
    )
    assert db.read_bytes() == before


def _file_size_limit() -> None:
    """A full disk: writing beyond 1 MB fails (EFBIG) instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))


@pytest.mark.parametrize("command", COMMANDS)
def test_full_disk(tmp_path: Path, command: str) -> None:
    # A new database: loading the bundled history (several MB) hits the limit.
    db = tmp_path / "full.db"
    assert_one_clear_line(
        run_main(db, command, _file_size_limit),
        db,
        "disk I/O error (writing failed: is the disk full",
    )
