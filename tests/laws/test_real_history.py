"""Verdicts on real figures, checked by hand against the excerpts in tests/fixtures/laws.

These drive the evaluators directly on two small real excerpts (read with a local reader,
release dates written below); tests/laws/test_bundled_history.py checks verdicts of the
whole pipeline over the bundled history.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime

from catalog import Catalog, Fact, ModelInfo, Provenance
from catalog.licences import openness_from_licence
from feeds.snapshot import Entry, Snapshot
from laws.history import History
from laws.law1 import evaluate as law1
from laws.law2 import evaluate as law2
from laws.law3 import evaluate_3a, evaluate_3b
from laws.settings import LawsConfig
from laws.verdict import Status
from tests.conftest import FIXTURES

SETTINGS = LawsConfig()
LMSYS = FIXTURES / "laws" / "lmsys_2024-06-19_excerpt.csv"
EPOCH = FIXTURES / "laws" / "epoch_benchmarks_with_model_accessibility_excerpt.csv"

# Release dates of the Arena models, from the vendors' announcements (the date in a model
# key where it has one). Models not listed here are placed at their first listing, the
# snapshot date 2024-06-19, which is after every month tested below.
ARENA_RELEASED = {
    "GPT-4o-2024-05-13": "2024-05-13",
    "Gemini-1.5-Pro-API-0514": "2024-05-14",
    "Gemini-Advanced-0514": "2024-05-14",
    "Gemini-1.5-Pro-API-0409-Preview": "2024-04-09",
    "GPT-4-Turbo-2024-04-09": "2024-04-09",
    "GPT-4-1106-preview": "2023-11-06",
    "Claude 3 Opus": "2024-03-04",
    "GPT-4-0125-preview": "2024-01-25",
    "Gemini-1.5-Flash-API-0514": "2024-05-14",
    "Bard (Gemini Pro)": "2023-12-06",
    "Nemotron-4-340B-Instruct": "2024-06-14",
    "Llama-3-70b-Instruct": "2024-04-18",
    "Claude 3 Sonnet": "2024-03-04",
    "Reka-Core-20240501": "2024-05-01",
    "Command R+": "2024-04-04",
    "Qwen2-72B-Instruct": "2024-06-07",
    "GPT-4-0314": "2023-03-14",
    "GLM-4-0116": "2024-01-16",
    "Qwen-Max-0428": "2024-04-28",
    "Claude 3 Haiku": "2024-03-13",
    "Qwen1.5-110B-Chat": "2024-04-25",
    "GPT-4-0613": "2023-06-13",
    "Yi-1.5-34B-Chat": "2024-05-13",
    "Mistral-Large-2402": "2024-02-26",
    "Llama-3-8b-Instruct": "2024-04-18",
    "Claude-1": "2023-03-14",
    "Command R": "2024-03-11",
    "Mistral Medium": "2023-12-11",
    "Mixtral-8x22b-Instruct-v0.1": "2024-04-17",
    "Claude-2.0": "2023-07-11",
    "Gemini Pro (Dev API)": "2023-12-13",
    "Claude-2.1": "2023-11-21",
    "GPT-3.5-Turbo-0613": "2023-06-13",
    "Mixtral-8x7b-Instruct-v0.1": "2023-12-11",
    "Llama-2-70b-chat": "2023-07-18",
}


def read_lmsys() -> tuple[Snapshot, Catalog]:
    """rank, model, arena_elo, 95_pct_ci ("+3/-2"), votes, organization, license, …"""
    entries, models = [], []
    with LMSYS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            up, down = (float(x) for x in row["95_pct_ci"].lstrip("+").split("/-"))
            elo = float(row["arena_elo"])
            entries.append(
                Entry(
                    model_key=row["model"],
                    display_name=row["model"],
                    score=elo,
                    rank=int(row["rank"]),
                    ci_low=elo - down,
                    ci_high=elo + up,
                    votes=int(row["votes"]),
                    meta={"license": row["license"], "organization": row["organization"]},
                )
            )
            if row["model"] in ARENA_RELEASED:
                openness = openness_from_licence(row["license"])
                models.append(
                    ModelInfo(
                        key=row["model"],
                        name=row["model"],
                        family=row["model"],
                        organisation=row["organization"],
                        openness=Fact(openness, Provenance.DISCLOSED, "arena licence column")
                        if openness
                        else Fact(None),
                        released=Fact(
                            date.fromisoformat(ARENA_RELEASED[row["model"]]),
                            Provenance.DISCLOSED,
                            "vendor announcement",
                        ),
                    )
                )
    snap = Snapshot(
        "arena",
        "overall",
        date(2024, 6, 19),
        datetime(2024, 6, 19, tzinfo=UTC),
        tuple(entries),
        source=LMSYS.name,
    )
    return snap, Catalog(models, {})


def read_epoch() -> Snapshot:
    """One row per model: Date, Open/Closed, Model size, and benchmark scores as fractions.
    Score = MMLU in points; per-benchmark scores BBH, GPQA, MMLU (law 1)."""
    entries = []
    with EPOCH.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            scores = {b: round(float(row[b]) * 100, 2) for b in ("BBH", "GPQA", "MMLU") if row[b]}
            meta = {"license": row["Open/Closed"], "released": row["Date"]}
            if row["Model size (parameters)"]:
                meta["params_b"] = str(float(row["Model size (parameters)"]) / 1e9)
            entries.append(
                Entry(
                    model_key=row["System"],
                    display_name=row["System"],
                    score=scores["MMLU"],
                    rank=0,
                    scores=scores,
                    meta=meta,
                )
            )
    entries.sort(key=lambda e: -e.score)
    ranked = tuple(replace(e, rank=i + 1) for i, e in enumerate(entries))
    return Snapshot(
        "epoch-open-model-trends",
        "mmlu",
        date(2024, 10, 22),
        datetime(2024, 10, 22, tzinfo=UTC),
        ranked,
        source=EPOCH.name,
    )


def arena() -> History:
    snap, catalog = read_lmsys()
    return History.build([snap], catalog)


def epoch() -> History:
    return History.build([read_epoch()], Catalog([], {}))


def test_arena_2024_05_llama_3_70b_is_below_gpt_4_1106_of_six_months_earlier() -> None:
    # O: Llama-3-70b-Instruct 1207 +3/-2 (1205..1210), released 2024-04-18 (the best open
    # model released by 2024-05-31; Nemotron-4-340B 1208 came out on 2024-06-14).
    # P: GPT-4-1106-preview 1251 +2/-3 (1248..1253), released 2023-11-06, the best
    # proprietary model released by 2023-11-30. 1210 < 1248: BROKEN.
    # Lag: GPT-4-1106 (Nov 2023) is above 1207; the best proprietary model released by
    # 2023-10 is GPT-4-0314 at 1186 ≤ 1207, so m = 2024-05 − 2023-10 = 7 months.
    v = law2(arena(), SETTINGS, "2024-05")
    assert v.status is Status.BROKEN
    o, p = v.evidence["open"], v.evidence["proprietary"]
    assert (o["name"], o["score"], o["ci_low"], o["ci_high"]) == (
        "Llama-3-70b-Instruct",
        1207,
        1205,
        1210,
    )
    assert (p["name"], p["score"], p["ci_low"], p["ci_high"]) == (
        "GPT-4-1106-preview",
        1251,
        1248,
        1253,
    )
    assert v.lag_months == 7
    assert v.evidence["snapshot_date"] == "2024-06-19"


def test_arena_2024_06_nemotron_is_the_best_open_and_still_broken() -> None:
    # O: Nemotron-4-340B-Instruct 1208 ±6 (NVIDIA Open Model licence, open weights).
    # P by 2023-12-31: GPT-4-1106-preview 1251 (Bard (Gemini Pro), 2023-12-06, has 1208).
    v = law2(arena(), SETTINGS, "2024-06")
    assert v.status is Status.BROKEN
    assert v.evidence["open"]["name"] == "Nemotron-4-340B-Instruct"
    assert v.evidence["open"]["openness"]["value"] == "open_weights"
    assert v.evidence["proprietary"]["name"] == "GPT-4-1106-preview"


def test_arena_osi_only_2024_05_is_yi_1_5_against_gpt_4_1106() -> None:
    # OSI licences only: Yi-1.5-34B-Chat (Apache-2.0) 1160 +5/-5, released 2024-05-13, is
    # the best; Llama 3 (community licence) no longer counts. 1165 < 1248: BROKEN.
    v = law2(arena(), replace(SETTINGS, open_means="osi"), "2024-05")
    assert v.status is Status.BROKEN
    assert (v.evidence["open"]["name"], v.evidence["open"]["score"]) == ("Yi-1.5-34B-Chat", 1160)


def test_epoch_mmlu_2024_07_llama_3_1_405b_beats_gpt_4_of_six_months_earlier() -> None:
    # O: Llama 3.1 405B, MMLU 0.873 → 87.3, released 2024-07-23. P: the best closed model
    # released by 2024-01-31 is GPT-4 (original), 0.864 → 86.4 (gpt-4-0125-preview 85.4,
    # Gemini Ultra 83.96). No intervals: 87.3 > 86.4 + 0.5 → HOLDS.
    # Lag: Claude 3.5 Sonnet (88.7, 2024-06-20) is above 87.3, so m ≥ 2; by 2024-05 the best
    # closed is GPT-4o at 87.2 ≤ 87.3 → observed lag 2 months.
    v = law2(epoch(), SETTINGS, "2024-07")
    assert v.status is Status.HOLDS
    assert (v.evidence["open"]["name"], v.evidence["open"]["score"]) == ("Llama 3.1 405B", 87.3)
    assert (v.evidence["proprietary"]["name"], v.evidence["proprietary"]["score"]) == (
        "GPT-4 (original)",
        86.4,
    )
    assert v.lag_months == 2


def test_epoch_mmlu_2024_06_qwen2_is_below_gpt_4() -> None:
    # O: Qwen2-72B 84.2 (2024-06-06); P by 2023-12-31: GPT-4 (original) 86.4 → BROKEN; and
    # 84.2 is below GPT-4 (March 2023), the earliest closed model here: no lag.
    v = law2(epoch(), SETTINGS, "2024-06")
    assert v.status is Status.BROKEN
    assert v.evidence["open"]["name"] == "Qwen2-72B" and v.lag_months is None
    osi = law2(epoch(), replace(SETTINGS, open_means="osi"), "2024-06")
    assert osi.status is Status.UNDETERMINED  # "Open" in this file is open weights, not OSI


def test_epoch_law_1_and_3_cannot_be_decided_without_sizes_or_shared_benchmarks() -> None:
    h = epoch()
    # Law 1, 2024-06: B0 (by 2023-06) = GPT-4 (original), which has only MMLU here;
    # B1 = Claude 3.5 Sonnet. One shared benchmark: MMLU 88.7 − 86.4 = +2.3.
    v1 = law1(h, SETTINGS, "2024-06")
    assert v1.status is Status.UNDETERMINED
    assert v1.evidence["deltas"] == [
        {
            "benchmark": "MMLU",
            "old_model": "GPT-4 (original)",
            "old_score": 86.4,
            "old_released": "2023-03-15",
            "new_model": "Claude 3.5 Sonnet",
            "new_score": 88.7,
            "new_released": "2024-06-20",
            "delta": 2.3,
        }
    ]
    # Law 3a, 2023-05: the best is GPT-4 (original), whose total size the file leaves
    # blank (it gives 280B only as "Active Parameters"): undetermined.
    v3a = evaluate_3a(h, SETTINGS, "2023-05")
    assert v3a.status is Status.UNDETERMINED
    assert v3a.evidence["reason"] == "GPT-4 (original)'s size is unknown"
    # Law 3b, 2024-09: Claude 3.5 Sonnet vs GPT-4 (original) a year earlier, neither size
    # disclosed. The open proxy: Llama 3.1 405B now (the file leaves its "Model size" blank
    # and puts 405,000,000,000 under "Active Parameters": unknown stays unknown), and
    # Falcon 180B (Model size 180000000000) in 2023-09.
    v3b = evaluate_3b(h, SETTINGS, "2024-09")
    assert v3b.status is Status.UNDETERMINED
    assert v3b.evidence["reason"] == "size not disclosed: Claude 3.5 Sonnet, GPT-4 (original)"
    proxy = v3b.evidence["open_proxy"]
    assert (proxy["best"]["name"], proxy["best"]["params_total"]) == ("Llama 3.1 405B", None)
    assert (proxy["best_before"]["name"], proxy["best_before"]["params_total"]["value"]) == (
        "Falcon 180B",
        180 * 10**9,
    )
