"""`main.py predictions backtest FILE [--json]` in a subprocess, on a fresh database (the
bundled history is loaded on first use, as at start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

CLAIMS = [
    {
        "stated": "2023-12-19",
        "claim": "lag leaderboard=arena months=21 by=2024-12-31",
        "source": {"who": "a test"},
    },
    {
        "stated": "2024-01-01",
        "claim": "above leaderboard=arena model=gpt-4-0314 "
        "other=Llama-3-70B-Instruct on=2024-06-01",
    },
    {
        "stated": "2025-06-01",
        "claim": "leader leaderboard=LMArena openness=open by=2027-06-30 confidence=30",
    },
]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "cli.db"))
    return subprocess.run(
        [sys.executable, "main.py", "predictions", "backtest", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def write(tmp_path: Path, rows: list, extra: str = "") -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + extra, encoding="utf-8")
    return path


def test_json_output(tmp_path: Path) -> None:
    result = run(tmp_path, str(write(tmp_path, CLAIMS)), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [set(o) for o in out] == [{"claim", "stated", "outcome", "resolved_on", "evidence"}] * 3
    assert [(o["outcome"], o["resolved_on"]) for o in out] == [
        ("YES", "2024-04-09"),
        ("NO", "2024-06-02"),
        ("OPEN", None),
    ]
    assert out[1]["claim"] == (
        "above leaderboard=arena category=overall model=gpt-4-0314 "
        "other=llama-3-70b-instruct on=2024-06-01"
    )
    assert out[2]["stated"] == "2025-06-01"
    assert out[2]["evidence"]["reason"].startswith("no data since ")
    assert out[0]["evidence"]["proprietary_matched"]["name"] == "GPT-4-0314"


def test_text_table(tmp_path: Path) -> None:
    result = run(tmp_path, str(write(tmp_path, CLAIMS)))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["line", "stated", "outcome", "resolved", "claim"]
    rows = [line.split()[:4] for line in lines[1::2]]
    assert rows == [
        ["1", "2023-12-19", "YES", "2024-04-09"],
        ["2", "2024-01-01", "NO", "2024-06-02"],
        ["3", "2025-06-01", "OPEN", "-"],
    ]
    assert "(confidence 30%)" in lines[5]


def test_a_bad_line_exits_1_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, CLAIMS, extra='{"stated": "2024-02-30", "claim": "x"}\n')
    result = run(tmp_path, str(path), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f'lawkeeper: {path}: line 4: "stated" must be a real date, YYYY-MM-DD'
    )


def test_a_missing_file_exits_1(tmp_path: Path) -> None:
    result = run(tmp_path, str(tmp_path / "absent.jsonl"))
    assert result.returncode == 1
    assert result.stderr.startswith("lawkeeper: cannot read ") and result.stdout == ""


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "cli.db"))
    result = subprocess.run(
        [sys.executable, "main.py", "predictions"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "backtest" in result.stderr
