"""The build scripts, run without the data they read, say what they need in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.subprocess_env import minimal_env


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("scripts/build_catalog.py", ["--data"]),
        ("scripts/build_history.py", []),
    ],
)
def test_without_the_data_folder_one_line_and_exit_2(
    tmp_path: Path, script: str, args: list[str]
) -> None:
    absent = tmp_path / "absent"
    result = subprocess.run(
        [sys.executable, script, *args, str(absent)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=minimal_env(),
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"{Path(script).name}: needs the real data files in {absent} (the shared data "
        "folder, ../shared/data by default): no such directory"
    ]
    assert result.stdout == ""
