"""The plain sentences /law N leads with, from evidence shaped as the evaluators write it."""

import pytest

from laws.evidence import data_as_of, plain_size, sentence
from laws.verdict import Status, Verdict

B = 10**9


def _model(name, score, half=None, released="2024-05-13", total=None, prov="disclosed"):
    return {
        "key": name.lower(),
        "catalog_key": name.lower(),
        "name": name,
        "score": score,
        "ci_low": score - half if half else None,
        "ci_high": score + half if half else None,
        "released": {"value": released, "provenance": "disclosed", "source": "test"},
        "params_total": {"value": total, "provenance": prov, "source": "test"} if total else None,
    }


def _law2(status, open_score, evidence=None):
    return Verdict(
        law="2",
        leaderboard="arena",
        category="overall",
        period="2025-12",
        status=status,
        lag_months=0,
        evidence={
            "snapshot_date": "2025-12-11",
            "data_as_of": "2025-12-11",
            "lag_setting_months": 6,
            "observed_lag_months": 0,
            "open": _model("DeepSeek-V3", open_score, 5, "2024-12-26", 671 * B),
            "proprietary": _model("GPT-4o", 1301, 3),
            **(evidence or {}),
        },
    )


def test_law_2_says_which_two_models_are_compared_and_when() -> None:
    assert sentence(_law2(Status.HOLDS, 1333)) == (
        "LMArena text, 2025-12: HOLDS — the best open model by 2025-12 (DeepSeek-V3, "
        "1333 ± 5) beats the best proprietary model released by 2025-06 (GPT-4o, 1301 ± 3). "
        "Data as of 2025-12-11."
    )
    assert sentence(_law2(Status.BROKEN, 1250)) == (
        "LMArena text, 2025-12: BROKEN — the best open model by 2025-12 (DeepSeek-V3, "
        "1250 ± 5) falls below the best proprietary model released by 2025-06 (GPT-4o, "
        "1301 ± 3). Data as of 2025-12-11."
    )
    tied = sentence(_law2(Status.TIED, 1300))
    assert (
        "ties with the best proprietary model released by 2025-06 (GPT-4o, 1301 ± 3) "
        "(their intervals overlap)" in tied
    )
    assert "≥" not in tied and "earlier" not in tied  # not the old, misleading wording


def test_data_as_of_falls_back_to_the_deciding_snapshot() -> None:
    v = _law2(Status.HOLDS, 1333, {"data_as_of": None, "snapshot_date": "2025-11-30"})
    assert data_as_of(v) == "2025-11-30"
    assert sentence(v).endswith("Data as of 2025-11-30.")


def test_an_undetermined_vacuous_comparison_says_why() -> None:
    v = Verdict(
        law="3b",
        leaderboard="mmlu",
        category="overall",
        period="2025-11",
        status=Status.UNDETERMINED,
        evidence={
            "data_as_of": "2025-11-17",
            "before": "2024-11",
            "best": _model("GPT-4o", 88.1, total=200 * B, prov="estimated"),
            "best_before": _model("GPT-4o", 88.1, total=200 * B, prov="estimated"),
            "reason": "the best model is the same at both ends (GPT-4o): not tested",
        },
    )
    assert sentence(v) == (
        "MMLU, 2025-11: UNDETERMINED — the best model by 2025-11 (GPT-4o) was already the "
        "best by 2024-11: its growth was not tested. Data as of 2025-11-17."
    )
    same = Verdict(
        law="1",
        leaderboard="mmlu",
        category="overall",
        period="2025-11",
        status=Status.UNDETERMINED,
        evidence={
            "data_as_of": "2025-11-17",
            "window_start": "2024-11",
            "b0": [_model("GPT-4o", 88.1)],
            "b1": [_model("GPT-4o", 88.1)],
            "reason": "the best model is the same at both ends (GPT-4o): not tested",
        },
    )
    assert sentence(same) == (
        "MMLU, 2025-11: UNDETERMINED — the best model by 2025-11 (GPT-4o) was already the "
        "best by 2024-11: law 1 was not tested. Data as of 2025-11-17."
    )


def test_law_1_broken_names_the_benchmark_it_fell_on() -> None:
    v = Verdict(
        law="1",
        leaderboard="livebench",
        category="overall",
        period="2025-12",
        status=Status.BROKEN,
        evidence={
            "snapshot_date": "2026-01-08",
            "window_start": "2024-12",
            "b1": [_model("Claude Opus 4.5", 75.2)],
            "b0": [_model("o1", 70.1)],
            "deltas": [{"benchmark": "coding", "delta": -2.04}],
            "worst": {
                "benchmark": "coding",
                "new_model": "Claude Opus 4.5",
                "new_score": 70.123,
                "old_model": "o1",
                "old_score": 72.163,
                "delta": -2.04,
            },
        },
    )
    assert sentence(v) == (
        "LiveBench, 2025-12: BROKEN — the best model by 2025-12 (Claude Opus 4.5) falls "
        "behind the best model by 2024-12 (o1) on coding (Claude Opus 4.5 70.1 vs o1 72.2). "
        "Data as of 2026-01-08."
    )


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (500 * 10**6, "500M"),
        (7.24 * B, "7.2B"),
        (70 * B, "70B"),
        (46.7 * B, "47B"),
        (405 * B, "405B"),
        (1800 * B, "1.8T"),
        (10**12, "1T"),
    ],
)
def test_sizes_are_written_plainly(count, text) -> None:
    assert plain_size(count) == text


def test_law_1_names_at_most_three_models_tied_for_best() -> None:
    tied = [_model(f"M{i}", 1400 - i, 5) for i in range(5)]
    v = Verdict(
        law="1",
        leaderboard="arena",
        category="overall",
        period="2025-12",
        status=Status.UNDETERMINED,
        evidence={
            "snapshot_date": "2025-12-11",
            "window_start": "2024-12",
            "b1": tied,
            "b0": [_model("o1", 1350, 4)],
            "deltas": [],
            "reason": "0 shared benchmark(s); 3 needed",
        },
    )
    assert sentence(v) == (
        "LMArena text, 2025-12: UNDETERMINED — the best model by 2025-12 (M0 / M1 / M2 and 2 "
        "more) vs the best model by 2024-12 (o1): 0 shared benchmark(s); 3 needed. Data as of "
        "2025-12-11."
    )


def test_law_3a_undetermined_names_the_best_model_once() -> None:
    v = Verdict(
        law="3a",
        leaderboard="livebench",
        category="overall",
        period="2026-01",
        status=Status.UNDETERMINED,
        evidence={
            "data_as_of": "2026-01-08",
            "window_end": "2027-01-31",
            "best": _model("claude-opus-4-5", 75.0),
            "reason": "claude-opus-4-5's size is unknown",
        },
    )
    assert sentence(v) == (
        "LiveBench, 2026-01: UNDETERMINED — claude-opus-4-5's size is "
        "unknown (the best by 2026-01). Data as of 2026-01-08."
    )
