from dataclasses import replace

from laws.law2 import evaluate
from laws.settings import LawsConfig
from laws.verdict import Status
from tests.laws.builders import OPEN, WEIGHTS, entry, history, snapshot

SETTINGS = LawsConfig()

# Proprietary releases: P1 2023-03 (1200), P2 2023-11 (1260), P3 2024-05 (1300).
CLOSED_MODELS = (
    entry("p1", 1200, 5, released="2023-03-14"),
    entry("p2", 1260, 5, released="2023-11-06"),
    entry("p3", 1300, 5, released="2024-05-13"),
)


def test_holds_when_open_is_above_the_proprietary_of_six_months_earlier() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            *CLOSED_MODELS,
            entry("llama", 1240, 4, licence=WEIGHTS, released="2024-04-18"),
        )
    )
    v = evaluate(h, SETTINGS, "2024-05")
    # O = llama 1240 ± 4; P = best proprietary released by 2023-11-30 = p2 1260 ± 5:
    # 1244 < 1255, O is below beyond the intervals.
    assert v.status is Status.BROKEN
    assert v.evidence["open"]["key"] == "llama" and v.evidence["proprietary"]["key"] == "p2"
    assert v.evidence["snapshot_date"] == "2024-07-01"
    assert v.evidence["open"]["released"] == {
        "value": "2024-04-18",
        "provenance": "disclosed",
        "source": "arena listing",
    }
    assert v.evidence["open"]["openness"]["value"] == "open_weights"
    # Earlier month: P released by 2023-10-31 is p1 (1200 ± 5); 1236 > 1205 → HOLDS.
    v = evaluate(h, SETTINGS, "2024-04")
    assert v.status is Status.HOLDS
    assert v.evidence["proprietary"]["key"] == "p1"
    # Observed lag: llama (1240) ≥ best proprietary released by 2024-04 − m; p2 (2023-11,
    # 1260) is above it, so m must reach back before 2023-11: 2024-04 − 2023-10 = 6 months.
    assert v.lag_months == 6 and v.evidence["observed_lag_months"] == 6


def test_tied_when_intervals_overlap() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            *CLOSED_MODELS,
            entry("qwen", 1255, 4, licence=OPEN, released="2024-04-01"),
        )
    )
    v = evaluate(h, SETTINGS, "2024-05")  # qwen 1251..1259 vs p2 1255..1265
    assert v.status is Status.TIED
    # 1255 < p2's 1260 (released 2023-11): the lag reaches back to 2023-10, 7 months.
    assert v.lag_months == 7


def test_lag_is_zero_when_open_beats_every_proprietary_model_released_by_t() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            *CLOSED_MODELS,
            entry("big-open", 1310, 4, licence=OPEN, released="2024-06-01"),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.HOLDS and v.lag_months == 0


def test_lag_is_none_when_open_is_below_every_proprietary_model() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            *CLOSED_MODELS,
            entry("small", 1100, 4, licence=OPEN, released="2024-06-01"),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.BROKEN and v.lag_months is None


def test_without_intervals_epsilon_decides() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            entry("p", 1000.0, released="2023-01-01"),
            entry("o", 1000.4, licence=OPEN, released="2024-01-01"),
        )
    )
    assert evaluate(h, SETTINGS, "2024-02").status is Status.TIED
    h = history(
        snapshot(
            "2024-07-01",
            entry("p", 1000.0, released="2023-01-01"),
            entry("o", 1000.6, licence=OPEN, released="2024-01-01"),
        )
    )
    assert evaluate(h, SETTINGS, "2024-02").status is Status.HOLDS
    assert evaluate(h, replace(SETTINGS, epsilon_points=1.0), "2024-02").status is Status.TIED


def test_a_leaderboard_of_open_models_only_cannot_decide() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            entry("a", 80, licence=OPEN, released="2023-01-01"),
            entry("b", 70, licence=WEIGHTS, released="2023-06-01"),
            leaderboard="open-llm-v2",
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.UNDETERMINED
    assert "lists no proprietary models" in v.evidence["reason"]


def test_undetermined_without_a_proprietary_model_old_enough() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            entry("p", 1200, 5, released="2024-01-10"),
            entry("o", 1250, 5, licence=OPEN, released="2024-02-01"),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")  # needs a proprietary model released by 2023-12-31
    assert v.status is Status.UNDETERMINED
    assert v.evidence["reason"] == "no proprietary model released by 2023-12-31"


def test_osi_only_variant_leaves_open_weights_out() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            entry("p", 1200, 5, released="2023-01-01"),
            entry("llama", 1250, 5, licence=WEIGHTS, released="2024-01-01"),
            entry("mistral", 1190, 5, licence=OPEN, released="2024-01-01"),
        )
    )
    assert evaluate(h, SETTINGS, "2024-02").evidence["open"]["key"] == "llama"
    osi = evaluate(h, replace(SETTINGS, open_means="osi"), "2024-02")
    assert osi.evidence["open"]["key"] == "mistral" and osi.status is Status.TIED
    assert "OSI only" in osi.definition


def test_missing_release_date_uses_first_listing_labelled_or_is_left_out() -> None:
    first = snapshot(
        "2024-01-15",
        entry("p", 1150, 5, released="2023-01-01"),
        entry("undated", 1180, 5, licence=OPEN),
    )
    latest = snapshot(
        "2024-07-01",
        entry("p", 1200, 5, released="2023-01-01"),
        entry("undated", 1250, 5, licence=OPEN),
    )
    v = evaluate(history(first, latest), SETTINGS, "2024-02")
    assert v.status is Status.HOLDS
    assert v.evidence["open"]["released"] == {
        "value": "2024-01-15",
        "provenance": "first_listed",
        "source": "first listed on arena overall",
    }
    # The first listing is after month-end 2023-12: not placed there yet.
    assert evaluate(history(first, latest), SETTINGS, "2023-12").status is Status.UNDETERMINED
    strict = evaluate(history(first, latest, use_first_listed=False), SETTINGS, "2024-02")
    assert strict.status is Status.UNDETERMINED
    assert strict.evidence["reason"] == "no open model released by 2024-02-29"


def test_as_known_then_uses_the_snapshot_of_that_time() -> None:
    older = snapshot(
        "2024-01-20",
        entry("p", 1200, 5, released="2023-01-01"),
        entry("o", 1190, 5, licence=OPEN, released="2023-12-01"),
    )
    newer = snapshot(
        "2024-07-01",
        entry("p", 1200, 5, released="2023-01-01"),
        entry("o", 1230, 5, licence=OPEN, released="2023-12-01"),
    )
    h = history(older, newer)
    assert evaluate(h, SETTINGS, "2024-01").status is Status.HOLDS  # latest: 1230 vs 1200
    then = evaluate(h, replace(SETTINGS, snapshot_mode="as_known_then"), "2024-01")
    assert then.status is Status.TIED and then.evidence["snapshot_date"] == "2024-01-20"
    none = evaluate(h, replace(SETTINGS, snapshot_mode="as_known_then"), "2023-12")
    assert none.status is Status.UNDETERMINED and "no snapshot" in none.evidence["reason"]


def test_unknown_openness_is_counted_not_guessed() -> None:
    h = history(
        snapshot(
            "2024-07-01",
            entry("p", 1200, 5, released="2023-01-01"),
            entry("mystery", 1400, 5, licence="-", released="2024-01-01"),
            entry("o", 1150, 5, licence=OPEN, released="2024-01-01"),
        )
    )
    v = evaluate(h, SETTINGS, "2024-02")
    assert v.status is Status.BROKEN and v.evidence["unknown_openness"] == 1
    assert v.evidence["proprietary"]["openness"]["value"] == "proprietary"
