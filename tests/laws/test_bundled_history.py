"""Verdicts over the bundled real history (feeds/data/history.jsonl.gz) and the shipped
catalog, checked by hand against ../shared/data/lmarena/arena-catalog/
leaderboard-text_2025-12-11.json (category `full`, the latest Arena snapshot, which decides
every month by default) with the catalog's release dates.

Law 2, 2024-12: the best open model released by 2024-12-31 is deepseek-v3 (released
2024-12-26) at 1333.13 [1328.50, 1337.76]; the best proprietary model released by 2024-06-30
is gpt-4o-2024-05-13 at 1301.14 [1297.80, 1304.47]. 1328.50 > 1304.47: HOLDS. Observed lag 4:
by 2024-08-31 the best proprietary is grok-2-2024-08-13 (1305.39 <= 1333.13), by 2024-09-30
o1-preview (1352.97 > 1333.13).

Law 2, 2024-06: the best open model released by 2024-06-30 is gemma-2-27b-it (2024-06-24) at
1232.37 [1229.14, 1235.60]; the best proprietary by 2023-12-31 is gpt-4-1106-preview at
1264.15 [1260.34, 1267.96]: BROKEN. Lag 8: gpt-4-0314 (1206.37) is the best by 2023-10-31,
gpt-4-1106-preview (released 2023-11-06) the best by 2023-11-30.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from catalog import load_catalog
from handlers.ledger import current_verdicts, recompute_ledger
from laws.settings import LawsConfig
from laws.verdict import Status
from storage import connect
from storage.history import load_bundle

NOW = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    db = connect(tmp_path_factory.mktemp("bundle") / "ledger.db")
    assert load_bundle(db) > 100
    recompute_ledger(db, load_catalog(), LawsConfig(), NOW, "test")
    verdicts = {
        (r.verdict.law, r.verdict.leaderboard, r.verdict.category, r.verdict.period): r.verdict
        for r in current_verdicts(db, ("1", "2", "3a", "3b"))
    }
    db.conn.close()
    return verdicts


def test_law_2_holds_on_arena_in_december_2024(ledger) -> None:
    v = ledger[("2", "arena", "overall", "2024-12")]
    assert v.status is Status.HOLDS
    assert v.lag_months == 4
    ev = v.evidence
    assert ev["snapshot_date"] == "2025-12-11"
    assert ev["open"]["key"] == "deepseek-v3"
    assert ev["open"]["released"]["value"] == "2024-12-26"
    assert (
        round(ev["open"]["score"], 2),
        round(ev["open"]["ci_low"], 2),
        round(ev["open"]["ci_high"], 2),
    ) == (1333.13, 1328.50, 1337.76)
    assert ev["proprietary"]["key"] == "gpt-4o-2024-05-13"
    assert (
        round(ev["proprietary"]["score"], 2),
        round(ev["proprietary"]["ci_low"], 2),
        round(ev["proprietary"]["ci_high"], 2),
    ) == (1301.14, 1297.80, 1304.47)


def test_law_2_broken_on_arena_in_june_2024(ledger) -> None:
    v = ledger[("2", "arena", "overall", "2024-06")]
    assert v.status is Status.BROKEN
    assert v.lag_months == 8
    assert v.evidence["open"]["key"] == "gemma-2-27b-it"
    assert round(v.evidence["open"]["score"], 2) == 1232.37
    assert v.evidence["proprietary"]["key"] == "gpt-4-1106-preview"
    assert round(v.evidence["proprietary"]["score"], 2) == 1264.15


def test_an_open_only_leaderboard_never_decides_law_2(ledger) -> None:
    months = [v for k, v in ledger.items() if k[0] == "2" and k[1].startswith("open-llm")]
    assert months
    assert {v.status for v in months} == {Status.UNDETERMINED}


def test_law_3a_is_undetermined_where_the_best_models_size_is_undisclosed(ledger) -> None:
    # gpt-4o-2024-05-13 leads Arena among models released by 2024-06; OpenAI never
    # disclosed its size, and the catalog does not guess one.
    v = ledger[("3a", "arena", "overall", "2024-06")]
    assert v.status is Status.UNDETERMINED
    assert "gpt-4o-2024-05-13's size is unknown" in v.evidence["reason"]


def _decided(ledger):
    return [v for v in ledger.values() if v.status is not Status.UNDETERMINED]


def test_no_decided_verdict_falls_after_its_snapshot_or_its_horizon(ledger) -> None:
    assert ledger
    for v in ledger.values():
        assert v.period <= v.evidence["data_as_of"][:7], (v.law, v.leaderboard, v.period)
    for v in _decided(ledger):
        assert v.period <= v.evidence["snapshot_date"][:7], (v.law, v.leaderboard, v.period)


def test_no_law_1_or_3b_verdict_is_decided_on_one_model_at_both_ends(ledger) -> None:
    for v in _decided(ledger):
        if v.law == "1":
            b0 = {m["catalog_key"] for m in v.evidence["b0"]}
            assert b0 != {m["catalog_key"] for m in v.evidence["b1"]}, (v.leaderboard, v.period)
            assert all(d["old_model"] != d["new_model"] for d in v.evidence["deltas"])
        if v.law == "3b":
            assert v.evidence["best"]["catalog_key"] != v.evidence["best_before"]["catalog_key"]


def test_no_law_3a_holds_on_a_model_within_the_size_gap(ledger) -> None:
    holds = [v for v in _decided(ledger) if v.law == "3a" and v.status is Status.HOLDS]
    assert holds
    for v in holds:
        best = v.evidence["best"]["params_total"]["value"]
        assert v.evidence["smaller"]["params_total"]["value"] <= 0.9 * best, v.period


def test_the_arena_law_2_series_where_the_data_covers_it(ledger) -> None:
    """The series an earlier version published, unchanged up to the horizon (2025-12-11)."""
    expected = {
        "2024-01": Status.BROKEN,
        "2024-04": Status.HOLDS,
        "2024-07": Status.HOLDS,
        "2025-01": Status.HOLDS,
    }
    assert {m: ledger[("2", "arena", "overall", m)].status for m in expected} == expected
    arena = sorted(k[3] for k in ledger if k[:3] == ("2", "arena", "overall"))
    assert arena[-1] == "2025-12"
