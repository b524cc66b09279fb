"""Without a system Chromium the browser tests skip with the reason on a developer's
machine, and fail under CI=true (CI installs the browser, so its absence is a broken run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

GUARDS = Path(__file__).with_name("test_guards.py")
REASON = "the browser tests need Debian's chromium on PATH"


def run_without_chromium(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """pytest on the guard tests with a PATH that holds no `chromium`."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", str(GUARDS)],
        cwd=ROOT,
        env=minimal_env(PATH=str(tmp_path), PYTHONPATH=str(ROOT), **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_elsewhere_they_skip_with_the_reason(tmp_path: Path) -> None:
    run = run_without_chromium(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"SKIPPED [1] {GUARDS.relative_to(ROOT)}" in run.stdout
    assert REASON in run.stdout
    assert " skipped in " in run.stdout and "passed" not in run.stdout


def test_under_ci_they_fail_with_the_reason(tmp_path: Path) -> None:
    run = run_without_chromium(tmp_path, CI="true")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"CI=true: {REASON}" in run.stdout
    assert " error" in run.stdout and "passed" not in run.stdout and "skipped" not in run.stdout
