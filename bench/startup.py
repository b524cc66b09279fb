"""Startup: the time from starting `main.py console` to its first reply (`/laws`) on a
warm start (the database already holds the bundled history and its ledger); baseline:
`python -c "import aiohttp, sqlite3"`, run alternately with it (median of 11 each). Also,
to say where the time goes, the ledger recompute the runtime does at start, alone."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import ROOT, Figure, best_of, interleaved, report, scratch
from bot.config import load_config
from catalog import load_catalog
from handlers.ledger import recompute_ledger
from storage import connect
from tests.subprocess_env import minimal_env

FIRST_LINE = "The three laws of generative-AI model evolution"  # /laws' title
TIMEOUT_SECONDS = 120
TARGET = 3.0


def console(database: Path) -> subprocess.Popen[str]:
    """`main.py console` started on `database` in a minimal environment, stdin and stdout
    piped, stderr discarded; the caller writes the input and waits."""
    return subprocess.Popen(
        [sys.executable, "main.py", "console"],
        cwd=ROOT,
        text=True,
        env=minimal_env(LAWKEEPER_DB=str(database)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def warm_up(database: Path) -> None:
    """A first start: imports the bundled history and computes its ledger."""
    process = console(database)
    process.communicate("", timeout=TIMEOUT_SECONDS)
    if process.returncode != 0:
        raise SystemExit(f"main.py console exited {process.returncode} on the first start")


def first_reply(database: Path) -> None:
    """Start the console, ask /laws, return once the reply's first line is printed (the
    console then reads end of input and exits, untimed)."""
    process = console(database)
    assert process.stdin and process.stdout
    process.stdin.write("/laws\n")
    process.stdin.close()
    for line in process.stdout:
        if FIRST_LINE in line:
            break
    else:
        raise SystemExit("main.py console printed no reply to /laws")
    process.stdout.read()
    process.wait(timeout=TIMEOUT_SECONDS)


def bare_imports() -> None:
    """The baseline: a Python that imports aiohttp and sqlite3 and exits, in the same minimal
    environment."""
    subprocess.run([sys.executable, "-c", "import aiohttp, sqlite3"], check=True, env=minimal_env())


def recompute_seconds(database: Path, copy: Path) -> float:
    """The ledger recompute at start, nothing new since the last one (on a copy)."""
    shutil.copy(database, copy)
    db = connect(copy)
    catalog = load_catalog()
    settings = load_config(ROOT / "config.toml").laws
    try:
        return best_of(
            3, lambda: recompute_ledger(db, catalog, settings, datetime.now(UTC), "bench")
        )
    finally:
        db.conn.close()


def main() -> None:
    """A first start to warm a database, then the first /laws reply against the bare imports
    (medians of 11 interleaved runs; target <= 3x) and, alone, the ledger recompute done at
    start (best of 3)."""
    with scratch() as tmp:
        database = tmp / "warm.db"
        warm_up(database)
        started = time.perf_counter()
        reply, base = interleaved(lambda: first_reply(database), bare_imports, runs=11)
        elapsed = time.perf_counter() - started
        recompute = recompute_seconds(database, tmp / "copy.db")
    ratio = reply / base
    report(
        [
            Figure(
                "startup",
                "first console reply (/laws), warm start (median of 11)",
                reply,
                base,
                'python -c "import aiohttp, sqlite3"',
                "s",
                target=f"<= {TARGET:g}x",
                met=ratio <= TARGET,
                note=f"({elapsed:.0f} s for 22 interleaved runs)",
            ),
            Figure(
                "startup",
                "of which: the ledger recompute at start, nothing new (best of 3)",
                recompute,
                reply,
                "first console reply",
                "s",
            ),
        ]
    )


if __name__ == "__main__":
    main()
