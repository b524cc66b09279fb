import json
import subprocess
import sys

import matplotlib.image

from storage import connect
from storage.snapshots import insert_snapshot
from tests.conftest import ROOT
from tests.laws.ledger_fixture import arena_snapshot, open_only_snapshot
from tests.subprocess_env import minimal_env


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "cli.db"))
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ledger_json_and_chart(tmp_path) -> None:
    db = connect(tmp_path / "cli.db")
    insert_snapshot(db, arena_snapshot())
    insert_snapshot(db, open_only_snapshot())
    db.conn.close()
    result = run(tmp_path, "ledger", "--law", "2", "--leaderboard", "open-llm", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, "one row per month"
    assert all(
        set(r) == {"law", "leaderboard", "category", "period", "status", "lag_months", "evidence"}
        for r in rows
    )
    assert {
        (r["law"], r["leaderboard"], r["category"], r["status"], r["lag_months"]) for r in rows
    } == {("2", "open-llm", "overall", "UNDETERMINED", None)}
    assert rows[0]["period"] == "2023-07"  # llama-70b's release: the first data
    assert "lists no proprietary models" in rows[0]["evidence"]["reason"]

    text = run(tmp_path, "ledger", "--law", "3", "--category", "overall")
    assert text.returncode == 0
    # No catalog entries here: the sizes come from the listing (params_b), labelled so.
    assert (
        "3a  open-llm · overall 2023-07 HOLDS: mixtral 70.6 (47B, released 2023-12-11) "
        "matches best llama-70b (70B, released 2023-07-18) 68.9; open-llm 2024-09-01"
        in text.stdout.splitlines()
    )

    out = tmp_path / "law1.png"
    chart = run(tmp_path, "chart", "--law", "1", "--out", str(out))
    assert chart.returncode == 0, chart.stderr
    assert matplotlib.image.imread(out).shape[:2] == (500, 900)
    bad = run(tmp_path, "chart", "--law", "4", "--out", str(out))
    assert bad.returncode == 2 and "invalid choice: '4'" in bad.stderr
