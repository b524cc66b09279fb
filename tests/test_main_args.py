"""Command-line arguments that cannot be right are refused before anything runs."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"LAWKEEPER_DB": str(tmp_path / "cli.db"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_top_limit_must_be_a_positive_whole_number(tmp_path: Path, limit: str) -> None:
    done = run(tmp_path, "top", "--leaderboard", "arena", f"--limit={limit}")
    assert done.returncode == 2 and done.stdout == ""
    assert (
        f"argument --limit: expected a whole number of at least 1, got '{limit}'"
        in (done.stderr.splitlines()[-1])
    )


@pytest.mark.parametrize("name", ["x.jpg", "x", "x.png.svg"])
def test_chart_writes_only_png_files(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    done = run(tmp_path, "chart", "--law", "1", "--out", str(out))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1].endswith(
        f"argument --out: the chart is a PNG image: name a .png file, not {str(out)!r}"
    )
    assert not out.exists()
