"""`main.py model NAME [--json]`: the catalog's card of a model, on the command line."""

import json
import subprocess
import sys

from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

KEYS = {
    "key",
    "name",
    "organisation",
    "openness",
    "params_total",
    "params_active",
    "released",
    "aliases",
    "provenance",
    "conflicts",
}


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "cli.db"))
    return subprocess.run(
        [sys.executable, "main.py", "model", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_model_json_shape_and_types(tmp_path) -> None:
    result = run(tmp_path, "gpt-4o-2024-05-13", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == KEYS
    assert (out["key"], out["openness"]) == ("gpt-4o-2024-05-13", "proprietary")
    assert out["params_total"] is None or isinstance(out["params_total"], int)
    assert out["released"] is None or (len(out["released"]) == 10 and out["released"][4] == "-")
    assert out["aliases"] == sorted(out["aliases"])
    assert all(isinstance(a, str) for a in out["aliases"])
    assert isinstance(out["conflicts"], list)
    assert set(out["provenance"]) <= {"openness", "params_total", "params_active", "released"}
    assert "openness" in out["provenance"]
    for field, fact in out["provenance"].items():
        assert set(fact) == {"kind", "source"}
        assert fact["kind"] in {"disclosed", "estimated", "first_listed"}
        assert out[field] is not None


def test_model_json_of_an_open_model_by_its_hugging_face_id(tmp_path) -> None:
    result = run(tmp_path, "meta-llama/Meta-Llama-3-70B-Instruct", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["key"], out["openness"], out["params_total"]) == (
        "llama-3-70b-instruct",
        "open_weights",
        70_000_000_000,
    )
    assert out["provenance"]["params_total"]["kind"] == "disclosed"


def test_model_text_card(tmp_path) -> None:
    result = run(tmp_path, "LLAMA-3-70B-INSTRUCT")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Llama-3-70b-Instruct", "Key: llama-3-70b-instruct"]
    assert any(line.startswith("• Parameters: 70B (disclosed by ") for line in lines)
    assert any(line.startswith("• Openness: open weights (") for line in lines)


def test_an_unknown_model_exits_1_with_the_closest_matches(tmp_path) -> None:
    result = run(tmp_path, "gpt4o-2024-05-13")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "lawkeeper: I don't know a model called "
        "“gpt4o-2024-05-13”. Closest matches: gpt-4o-2024-05-13"
    )
    bad = run(tmp_path, "gpt\n4o")
    assert bad.returncode == 1 and "control characters" in bad.stderr


def test_a_leaderboard_only_model_is_answered_from_the_bundled_history(tmp_path) -> None:
    """raphgg/test-2.5-72B, once #1 of the Open LLM Leaderboard v2, is in no catalog source."""
    result = run(tmp_path, "RAPHGG/test-2.5-72B", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == KEYS and out["key"] == "raphgg/test-2.5-72B"
    assert out["openness"] in {"osi", "open_weights"}
    assert out["params_total"] == 72_706_000_000
    assert all("open-llm-v2" in fact["source"] for fact in out["provenance"].values())
