from dataclasses import replace
from datetime import date

from catalog import Catalog, Openness, Provenance
from laws.law3 import evaluate_3a, evaluate_3b
from laws.settings import LawsConfig
from laws.verdict import Status
from tests.laws.builders import entry, history, model, snapshot

SETTINGS = LawsConfig()
B = 10**9


def catalog(*models) -> Catalog:
    return Catalog(models, {})


GPT4 = model("gpt-4", released="2023-03-14", total=1800 * B, total_prov=Provenance.ESTIMATED)
LLAMA70 = model("llama-70b", openness=Openness.OPEN_WEIGHTS, released="2023-07-18", total=70 * B)
FALCON180 = model("falcon-180b", openness=Openness.OSI, released="2023-09-06", total=180 * B)
MIXTRAL = model(
    "mixtral", openness=Openness.OSI, released="2023-12-11", total=47 * B, active=13 * B
)
BIG_MOE = model(
    "big-moe", openness=Openness.OSI, released="2024-01-20", total=200 * B, active=20 * B
)
SECRET = model("secret", released="2024-02-01")  # size never published
QWEN110 = model("qwen-110b", openness=Openness.OPEN_WEIGHTS, released="2024-04-25", total=111 * B)


def test_3a_holds_with_disclosed_sizes_and_reports_active_parameters() -> None:
    h = history(
        snapshot("2025-01-01", entry("falcon-180b", 1150, 5), entry("mixtral", 1148, 5)),
        catalog=catalog(FALCON180, MIXTRAL),
    )
    v = evaluate_3a(h, SETTINGS, "2023-09")  # best by 2023-09: falcon-180b
    assert v.status is Status.HOLDS and v.label == "HOLDS"
    assert v.evidence["smaller"]["key"] == "mixtral"
    assert v.evidence["smaller"]["params_total"]["value"] == 47 * B
    assert v.evidence["smaller"]["params_active"]["value"] == 13 * B
    assert v.evidence["size_basis"] == "disclosed"


def test_3a_holds_estimated_when_the_best_size_is_an_estimate() -> None:
    h = history(
        snapshot(
            "2025-01-01",
            entry("gpt-4", 1160, 5),
            entry("llama-70b", 1100, 5),
            entry("qwen-110b", 1158, 5),
        ),
        catalog=catalog(GPT4, LLAMA70, QWEN110),
    )
    v = evaluate_3a(h, SETTINGS, "2023-06")  # qwen released 2024-04-25, within 12 months
    assert v.status is Status.HOLDS and v.label == "HOLDS (estimated)"
    assert v.evidence["best"]["params_total"] == {
        "value": 1800 * B,
        "provenance": "estimated",
        "source": "test source",
    }


def test_3a_mixture_of_experts_counts_total_not_active() -> None:
    # big-moe matches falcon with 20B active but 200B total: not smaller.
    h = history(
        snapshot("2025-06-01", entry("falcon-180b", 1150, 5), entry("big-moe", 1160, 5)),
        catalog=catalog(FALCON180, BIG_MOE),
    )
    v = evaluate_3a(h, SETTINGS, "2023-09")
    assert v.status is Status.BROKEN
    assert v.evidence["matched_but_not_smaller"] == ["big-moe"]


def test_3a_undetermined_while_the_window_is_open_or_sizes_are_unknown() -> None:
    h = history(
        snapshot("2024-03-01", entry("falcon-180b", 1150, 5), entry("secret", 1190, 5)),
        catalog=catalog(FALCON180, SECRET),
    )
    v = evaluate_3a(h, SETTINGS, "2023-09")
    assert v.status is Status.UNDETERMINED
    assert v.evidence["reason"] == "the window is open until 2024-09-30"
    closed = history(
        snapshot("2025-03-01", entry("falcon-180b", 1150, 5), entry("secret", 1190, 5)),
        catalog=catalog(FALCON180, SECRET),
    )
    v = evaluate_3a(closed, SETTINGS, "2023-09")
    assert v.status is Status.UNDETERMINED
    assert v.evidence["unknown_size"] == ["secret"]
    best_unknown = evaluate_3a(closed, SETTINGS, "2024-02")  # best is now "secret"
    assert best_unknown.status is Status.UNDETERMINED
    assert best_unknown.evidence["reason"] == "secret's size is unknown"


def test_3b_holds_broken_tied_on_disclosed_sizes() -> None:
    h = history(
        snapshot(
            "2025-01-01",
            entry("llama-70b", 1100, 5),
            entry("falcon-180b", 1150, 5),
            entry("mixtral", 1160, 5),
        ),
        catalog=catalog(LLAMA70, FALCON180, MIXTRAL),
    )
    grows = evaluate_3b(h, replace(SETTINGS, law3b_window_months=1), "2023-09")
    assert grows.status is Status.HOLDS  # 180B (falcon) vs 70B (llama, best by 2023-08)
    shrinks = evaluate_3b(h, replace(SETTINGS, law3b_window_months=3), "2023-12")
    assert shrinks.status is Status.BROKEN  # mixtral 47B vs falcon 180B
    assert shrinks.evidence["best"]["params_active"]["value"] == 13 * B
    same = evaluate_3b(h, replace(SETTINGS, law3b_window_months=1), "2023-11")
    assert same.status is Status.UNDETERMINED  # falcon both times: not tested, never TIED
    assert (
        same.evidence["reason"] == "the best model is the same at both ends (falcon-180b)"
        ": not tested"
    )
    twin = model("falcon-twin", openness=Openness.OSI, released="2023-10-20", total=180 * B)
    h = history(
        snapshot("2025-01-01", entry("falcon-180b", 1150, 5), entry("falcon-twin", 1155, 5)),
        catalog=catalog(FALCON180, twin),
    )
    tied = evaluate_3b(h, replace(SETTINGS, law3b_window_months=1), "2023-10")
    assert tied.status is Status.TIED  # two models of one size


def test_3b_undisclosed_is_undetermined_with_the_open_proxy_beside_it() -> None:
    h = history(
        snapshot(
            "2025-01-01",
            entry("gpt-4", 1160, 5),
            entry("llama-70b", 1100, 5),
            entry("secret", 1200, 5),
            entry("qwen-110b", 1150, 5),
        ),
        catalog=catalog(GPT4, LLAMA70, SECRET, QWEN110),
    )
    v = evaluate_3b(h, SETTINGS, "2024-08")  # secret (unknown) vs gpt-4 of 2023-08 (estimated)
    assert v.status is Status.UNDETERMINED
    assert v.evidence["reason"] == "size not disclosed: secret, gpt-4"
    proxy = v.evidence["open_proxy"]
    assert proxy["label"].startswith("best open model (proxy")
    assert proxy["best"]["key"] == "qwen-110b" and proxy["best_before"]["key"] == "llama-70b"
    # Estimates accepted: in 2024-01 (before secret) the best is gpt-4 (1.8T, estimated) and
    # in 2023-06 it was gpt-4 too: one model at both ends tests nothing.
    lenient = replace(SETTINGS, law3b_accept_estimates=True, law3b_window_months=7)
    v = evaluate_3b(h, lenient, "2024-01")
    assert v.status is Status.UNDETERMINED and "same at both ends (gpt-4)" in v.evidence["reason"]
    # Two different models, one size an estimate: decided, and said to be estimated.
    later_gpt4 = replace(GPT4, released=replace(GPT4.released, value=date(2023, 9, 1)))
    h2 = history(
        snapshot("2025-01-01", entry("gpt-4", 1160, 5), entry("llama-70b", 1100, 5)),
        catalog=catalog(later_gpt4, LLAMA70),
    )
    v = evaluate_3b(h2, replace(lenient, law3b_window_months=3), "2023-10")
    assert v.status is Status.HOLDS and v.evidence["estimated"] is True
