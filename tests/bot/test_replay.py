"""`main.py run --replay DIR`: archived files replayed in date order as live polls."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from tests.subprocess_env import minimal_env


def run_replay(tmp_path: Path, directory: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "real.db"))
    return subprocess.run(
        [sys.executable, "main.py", "run", "--replay", str(directory), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_replays_real_archives_in_date_order_to_the_console_only(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURES / "arena", archive)
    (archive / "notes.txt").write_text("not a leaderboard\n", encoding="utf-8")
    result = run_replay(tmp_path, archive, "--speed", "2000")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("New #1")] == [
        "New #1 on LMArena text leaderboard · mt-bench: GPT-4-1106-preview",
        "New #1 on LMArena text leaderboard · overall: Gemini-2.5-Pro",
        "New #1 on LMArena text leaderboard · overall: gemini-3-pro",
    ]
    assert (
        "gemini-3-pro takes the top spot from gemini-2.5-pro in the snapshot of "
        "2025-12-11: its lower bound 1480.4 clears the previous leader's score "
        "1464.46."
    ) in lines
    assert lines[-1].startswith("Replayed 13 snapshots from 2023-05-08 to 2025-12-11: ")
    assert "replay: skipped notes.txt" in result.stderr
    # A replay never touches the real database.
    assert not (tmp_path / "real.db").exists()


def test_bad_replay_arguments_are_one_clear_line(tmp_path: Path) -> None:
    missing = run_replay(tmp_path, tmp_path / "nowhere")
    assert missing.returncode == 2
    assert "--replay" in missing.stderr and "not a directory" in missing.stderr
    slow = run_replay(tmp_path, tmp_path, "--speed", "0")
    assert slow.returncode == 2 and "--speed: expected a number > 0" in slow.stderr
    empty = run_replay(tmp_path, tmp_path)
    assert empty.returncode == 0
    assert empty.stdout.startswith("Nothing to replay: no leaderboard file in")
