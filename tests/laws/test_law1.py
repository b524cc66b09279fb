from laws.law1 import evaluate
from laws.settings import LawsConfig
from laws.verdict import Status
from tests.laws.builders import entry, history, snapshot

SETTINGS = LawsConfig()


def bench(mmlu: float, gsm: float, bbh: float, mt: float | None = None) -> dict[str, float]:
    s = {"MMLU": mmlu, "GSM8K": gsm, "BBH": bbh}
    if mt is not None:
        s["MT-bench"] = mt
    return s


def test_holds_when_the_new_best_is_no_worse_on_any_shared_benchmark() -> None:
    h = history(
        snapshot(
            "2024-12-01",
            entry("old", 1200, 5, released="2023-03-01", scores=bench(86.4, 92.0, 83.1)),
            entry("new", 1280, 5, released="2024-05-01", scores=bench(88.7, 91.8, 86.0)),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")  # window start 2023-06: B0 = old, B1 = new
    assert v.status is Status.HOLDS
    deltas = {d["benchmark"]: d["delta"] for d in v.evidence["deltas"]}
    assert deltas == {"BBH": 2.9, "GSM8K": -0.2, "MMLU": 2.3}  # −0.2 is within 0.5
    assert [m["key"] for m in v.evidence["b0"]] == ["old"]
    assert [m["key"] for m in v.evidence["b1"]] == ["new"]


def test_broken_cites_the_benchmark_models_scores_and_dates() -> None:
    h = history(
        snapshot(
            "2024-12-01",
            entry("old", 1200, 5, released="2023-03-01", scores=bench(86.4, 92.0, 83.1)),
            entry("new", 1280, 5, released="2024-05-01", scores=bench(88.7, 90.0, 86.0)),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.BROKEN
    assert v.evidence["worst"] == {
        "benchmark": "GSM8K",
        "old_model": "old",
        "old_score": 92.0,
        "old_released": "2023-03-01",
        "new_model": "new",
        "new_score": 90.0,
        "new_released": "2024-05-01",
        "delta": -2.0,
    }


def test_the_best_set_includes_models_whose_interval_overlaps_rank_1() -> None:
    # "runner" overlaps "new" (1272..1282 vs 1275..1285) and rescues GSM8K.
    h = history(
        snapshot(
            "2024-12-01",
            entry("old", 1200, 5, released="2023-03-01", scores=bench(86.4, 92.0, 83.1)),
            entry("new", 1280, 5, released="2024-05-01", scores=bench(88.7, 90.0, 86.0)),
            entry("runner", 1277, 5, released="2024-04-01", scores=bench(80.0, 93.5, 80.0)),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.HOLDS
    assert {m["key"] for m in v.evidence["b1"]} == {"new", "runner"}
    gsm = next(d for d in v.evidence["deltas"] if d["benchmark"] == "GSM8K")
    assert gsm["new_model"] == "runner" and gsm["delta"] == 1.5


def test_undetermined_with_fewer_than_three_shared_benchmarks() -> None:
    h = history(
        snapshot(
            "2024-12-01",
            entry("old", 1200, 5, released="2023-03-01", scores={"MMLU": 86.4, "GSM8K": 92.0}),
            entry(
                "new",
                1280,
                5,
                released="2024-05-01",
                scores={"MMLU": 88.7, "BBH": 86.0, "GSM8K": 92.5},
            ),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.UNDETERMINED
    assert v.evidence["reason"] == "2 benchmark(s) on which the best differ; 3 needed"


def test_undetermined_when_nothing_was_released_by_the_window_start() -> None:
    h = history(
        snapshot(
            "2024-12-01",
            entry("new", 1280, 5, released="2024-05-01", scores=bench(88.7, 90.0, 86.0)),
        )
    )
    v = evaluate(h, SETTINGS, "2024-06")
    assert v.status is Status.UNDETERMINED
    assert v.evidence["reason"] == "no model released by the end of 2023-06"
