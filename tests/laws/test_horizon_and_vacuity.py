"""LAWS.md "Horizon and vacuity", on real rows: no verdict past the data, a snapshot dated by
what it lists, no comparison of a model with itself, and law 3a's size gap."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance
from feeds.importer import parse_file
from handlers.ledger import current_verdicts, recompute_ledger
from laws.history import History
from laws.law1 import evaluate as law1
from laws.law2 import evaluate as law2
from laws.law3 import evaluate_3a, evaluate_3b, smaller
from laws.ledger import compute_ledger, months
from laws.settings import LawsConfig
from laws.verdict import Status
from storage.database import connect
from storage.snapshots import insert_snapshot
from tests.conftest import FIXTURES
from tests.laws.builders import entry, history, snapshot
from tests.laws.test_real_history import arena

SETTINGS = LawsConfig()
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
EMPTY = Catalog([], {})
B = 10**9


def open_llm_v1() -> History:
    """The real Open LLM v1 excerpts of 2023-07-14 and 2023-10-31."""
    snaps = [
        s
        for name in ("20230714.csv", "20231031.csv")
        for s in parse_file(FIXTURES / "open-llm-v1" / name, NOW)
    ]
    return History.build(snaps, EMPTY)


def test_the_ledger_stops_at_the_horizon_month_not_at_the_calendar() -> None:
    h = open_llm_v1()
    assert h.horizon == date(2023, 10, 31)
    assert months(h, SETTINGS, NOW)[-1] == "2023-10"
    periods = {v.period for v in compute_ledger([h], SETTINGS, NOW)}
    assert max(periods) == "2023-10"


@pytest.mark.parametrize("evaluate", [law1, law2, evaluate_3a, evaluate_3b])
def test_a_month_past_the_horizon_is_undetermined_with_the_reason(evaluate) -> None:
    v = evaluate(open_llm_v1(), SETTINGS, "2024-07")
    assert v.status is Status.UNDETERMINED
    assert v.evidence["reason"] == "no data since 2023-10-31"
    assert v.evidence["data_as_of"] == "2023-10-31"


def test_every_verdict_says_how_old_its_data_is() -> None:
    verdicts = compute_ledger([arena()], SETTINGS, NOW)
    assert verdicts and {v.evidence["data_as_of"] for v in verdicts} == {"2024-06-19"}
    assert max(v.period for v in verdicts) == "2024-06"


def test_a_file_updated_after_its_label_is_dated_by_the_newest_model_it_lists() -> None:
    """LiveBench's table_2026_01_08.csv (real rows) lists Claude Opus 4.6; a release date
    after the label (illustrative here) dates the snapshot, and so the horizon."""
    snaps = parse_file(FIXTURES / "livebench" / "table_2026_01_08.csv", NOW)
    key = "claude-opus-4-6-thinking-auto-high-effort"
    assert key in {e.model_key for e in snaps[0].entries}
    later = ModelInfo(
        key=key,
        name=key,
        family="claude-opus-4-6",
        released=Fact(date(2026, 2, 5), Provenance.DISCLOSED, "test source"),
    )
    h = History.build(snaps, Catalog([later], {}))
    board = h.boards[-1]
    assert board.label == date(2026, 1, 8)
    assert board.day == h.horizon == date(2026, 2, 5) and board.dated_by == key
    v = law2(h, SETTINGS, "2026-02")
    assert v.evidence["snapshot_date"] == "2026-02-05"
    assert v.evidence["snapshot_label"] == "2026-01-08"
    # A first listing never moves the date: it is no release.
    listed = replace(later, released=Fact(date(2026, 7, 1), Provenance.FIRST_LISTED, "x"))
    assert History.build(snaps, Catalog([listed], {})).horizon == date(2026, 1, 8)


def test_law_1_with_the_same_best_at_both_ends_is_not_tested() -> None:
    """Arena 2024-06-19 (real): the best by 2024-05 and by 2024-06 is GPT-4o-2024-05-13."""
    v = law1(arena(), replace(SETTINGS, law1_window_months=1), "2024-06")
    assert [m["key"] for m in v.evidence["b0"]] == [m["key"] for m in v.evidence["b1"]]
    assert v.status is Status.UNDETERMINED
    assert "same at both ends" in v.evidence["reason"]


def test_law_1_benchmarks_whose_best_is_one_model_do_not_count() -> None:
    # B0 = {old}; B1 = {new, old} (their intervals overlap). Only "a" compares two models:
    # on "b" and "c" the best of B1 is old itself. The old rule counted three benchmarks
    # (+5, +0, +0) and said HOLDS.
    h = history(
        snapshot(
            "2024-12-01",
            entry("old", 1200, 5, released="2023-03-01", scores={"a": 80.0, "b": 70.0, "c": 60.0}),
            entry("new", 1203, 5, released="2024-05-01", scores={"a": 85.0, "b": 60.0}),
        )
    )
    v = law1(h, SETTINGS, "2024-06")
    assert {m["key"] for m in v.evidence["b1"]} == {"new", "old"}
    assert [d["benchmark"] for d in v.evidence["deltas"]] == ["a"]
    assert v.evidence["untested_benchmarks"] == ["b", "c"]
    assert v.status is Status.UNDETERMINED


def test_law_3b_with_the_same_best_at_both_ends_is_not_tested() -> None:
    v = evaluate_3b(arena(), replace(SETTINGS, law3b_window_months=1), "2024-06")
    assert v.status is Status.UNDETERMINED
    assert v.evidence["best"]["key"] == v.evidence["best_before"]["key"] == "GPT-4o-2024-05-13"
    assert "same at both ends" in v.evidence["reason"]


def open_llm_v2_board() -> History:
    """Real rows of huggingface_v2_2025-03-20.csv: two Qwen2.5-72B fine-tunes of 72.706B
    and 72.700B parameters, Qwen2.5-32B-Instruct and others."""
    snaps = parse_file(FIXTURES / "laws" / "huggingface_v2_2025-03-20_excerpt.csv", NOW)
    return History.build(snaps, EMPTY)


def _placed(h: History, key: str):
    return next(p for p in h.boards[-1].ranked if p.entry.model_key == key)


def test_a_size_within_the_gap_is_not_smaller() -> None:
    h = open_llm_v2_board()
    best = _placed(h, "raphgg/test-2.5-72B")
    sibling = _placed(h, "MaziyarPanahi/calme-2.1-qwen2.5-72b")
    small = _placed(h, "Qwen/Qwen2.5-32B-Instruct")
    assert sibling.info.params_total.value < best.info.params_total.value  # 72.700B < 72.706B
    assert not smaller(sibling, best, SETTINGS.law3_min_size_gap)
    assert smaller(small, best, SETTINGS.law3_min_size_gap)
    assert not smaller(small, best, 0.6)  # 32.8B is not 60% below 72.7B
    # Without a gap, the fine-tune is smaller than an unrelated 72.706B model, but never
    # than Qwen2.5-72B-Instruct: both list Qwen/Qwen2.5-72B as their base model.
    official = _placed(h, "Qwen/Qwen2.5-72B-Instruct")
    assert sibling.entry.meta["base_model"] == official.entry.meta["base_model"]
    assert smaller(sibling, best, 0.0)
    assert not smaller(sibling, official, 0.0)


def test_law_3a_holds_only_beyond_the_size_gap() -> None:
    """The real figures of the two 72B fine-tunes, placed a month apart."""
    h = open_llm_v2_board()
    best = _placed(h, "raphgg/test-2.5-72B")
    sibling = _placed(h, "MaziyarPanahi/calme-2.1-qwen2.5-72b")
    made = history(
        snapshot(
            "2025-03-20",
            replace(sibling.entry, meta={**sibling.entry.meta, "released": "2024-10-01"}),
            replace(best.entry, meta={**best.entry.meta, "released": "2024-09-01"}),
            leaderboard="open-llm-v2",
        )
    )
    v = evaluate_3a(made, SETTINGS, "2024-09")
    assert v.evidence["best"]["key"] == "raphgg/test-2.5-72B"
    assert v.status is not Status.HOLDS
    lax = evaluate_3a(made, replace(SETTINGS, law3_min_size_gap=0.0), "2024-09")
    assert lax.status is Status.HOLDS  # the old rule: 6 million parameters fewer was "smaller"


def test_a_fine_tune_of_the_best_models_base_is_not_smaller() -> None:
    best = entry(
        "org/base-70b-instruct", 50, released="2024-01-01", licence="Apache 2.0", params_b="70"
    )
    tuned = entry(
        "someone/base-70b-pruned", 51, released="2024-03-01", licence="Apache 2.0", params_b="40"
    )
    tuned.meta["base_model"] = "org/base-70b-instruct"
    h = history(snapshot("2025-03-01", best, tuned, leaderboard="open-llm-v2"))
    v = evaluate_3a(h, SETTINGS, "2024-01")
    assert v.status is Status.BROKEN and v.evidence["matched_but_not_smaller"] == [
        "someone/base-70b-pruned"
    ]


def test_as_known_then_needs_a_snapshot_in_the_month_itself() -> None:
    h = history(
        snapshot(
            "2024-01-05",
            entry("a", 1200, 5, released="2023-01-01"),
            entry("b", 1100, 5, licence="Apache 2.0", released="2023-01-01"),
        ),
        snapshot(
            "2024-04-10",
            entry("a", 1210, 5, released="2023-01-01"),
            entry("b", 1300, 5, licence="Apache 2.0", released="2023-01-01"),
        ),
    )
    known_then = replace(SETTINGS, snapshot_mode="as_known_then")
    assert law2(h, known_then, "2024-01").status is Status.BROKEN
    gap = law2(h, known_then, "2024-02")
    assert gap.status is Status.UNDETERMINED
    assert gap.evidence["reason"] == (
        "no snapshot in 2024-02; the latest before it is dated 2024-01-05"
    )
    assert law2(h, known_then, "2024-04").status is Status.HOLDS


def test_verdicts_past_the_horizon_stored_by_an_older_version_stop_being_current() -> None:
    db = connect(":memory:")
    for s in open_llm_v1().boards:
        insert_snapshot(db, s.snapshot)
    recompute_ledger(db, EMPTY, SETTINGS, NOW, "first")
    stale = current_verdicts(db, ("1",))[0].verdict
    db.execute(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, evidence, "
        "computed_at, reason, signature, current) "
        "VALUES ('1', ?, ?, '2026-11', 'HOLDS', '{}', '', 'old', X'00', 1)",
        [stale.leaderboard, stale.category],
    )
    db.execute("DELETE FROM ledger_inputs")  # the older version kept no input fingerprints
    recompute_ledger(db, EMPTY, SETTINGS, NOW, "again")
    rows = current_verdicts(db, ("1", "2", "3a", "3b"))
    assert rows and max(r.verdict.period for r in rows) == "2023-10"
    kept = db.execute("SELECT current, superseded_at FROM verdicts WHERE period = '2026-11'")
    assert [(c, bool(at)) for c, at in kept] == [(0, True)]


def test_openness_of_open_llm_rows_is_never_needed_for_law_2() -> None:
    """An open-only leaderboard still never decides law 2 (its verdicts say why)."""
    v = law2(open_llm_v1(), SETTINGS, "2023-10")
    assert v.status is Status.UNDETERMINED
    assert Openness.PROPRIETARY.value not in {
        p.info.openness.value for p in open_llm_v1().boards[-1].ranked
    }
