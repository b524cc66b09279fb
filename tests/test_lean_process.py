"""The bot's own process stays lean: the chart renderer's matplotlib and numpy, the
libraries of platforms that are not configured (discord.py, slack-bolt), the web pages'
Jinja2 and the fetcher's aiohttp are never imported by `main.py --help`, nor by a whole
`main.py console` session, which still attaches /law 2's chart (drawn in a child
process)."""

import subprocess
import sys
from pathlib import Path

from tests.subprocess_env import minimal_env

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "numpy", "discord", "slack_bolt", "slack_sdk", "jinja2", "aiohttp")
# Runs main.py as `python main.py ARGS` does, then reports which heavy modules it loaded.
PROBE = f"""
import runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit:
    pass
print("LOADED", sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)
"""


def run_main(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        input=stdin,
        env=minimal_env(LAWKEEPER_DB=str(tmp_path / "lean.db")),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    result = run_main(tmp_path, "--help")
    assert "console" in result.stdout
    assert "LOADED []" in result.stderr


def test_a_console_session_imports_nothing_heavy_yet_attaches_the_chart(tmp_path: Path) -> None:
    result = run_main(tmp_path, "console", stdin="/law 2\n")
    assert "[chart: law-2.png, " in result.stdout
    assert "LOADED []" in result.stderr
