"""Snapshots built from small excerpts of real leaderboard files, and catalog facts (with
their public sources) for the models in them.

- tests/fixtures/lmarena/lmsys_2024-06-19_excerpt.csv: rows of fboulnois/llm-leaderboard-csv
  csv/lmsys.csv at 3792cf00 (the LMSYS Arena table of 2024-06-19), unchanged.
- tests/fixtures/open-llm-leaderboard/20230714_excerpt.csv: rows of
  dsdanielpark/open-llm-leaderboard-report assets/20230714/20230714.csv (Open LLM Leaderboard
  v1 of 2023-07-14), unchanged (the UTF-8 BOM included).
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance
from feeds.snapshot import Entry, Snapshot
from tests.conftest import FIXTURES

ARENA_CSV = FIXTURES / "lmarena" / "lmsys_2024-06-19_excerpt.csv"
OPEN_LLM_CSV = FIXTURES / "open-llm-leaderboard" / "20230714_excerpt.csv"


def arena_snapshot() -> Snapshot:
    entries = []
    with ARENA_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            score = float(row["arena_elo"])
            plus, minus = map(float, re.fullmatch(r"\+(\d+)/-(\d+)", row["95_pct_ci"]).groups())
            entries.append(
                Entry(
                    model_key=row["model"].lower(),
                    display_name=row["model"],
                    score=score,
                    rank=int(row["rank"]),
                    ci_low=score - minus,
                    ci_high=score + plus,
                    votes=int(row["votes"]),
                    meta={"license": row["license"], "organization": row["organization"]},
                )
            )
    return Snapshot(
        "arena",
        "overall",
        date(2024, 6, 19),
        datetime(2024, 6, 19, tzinfo=UTC),
        tuple(entries),
        source=str(ARENA_CSV),
    )


def open_llm_snapshot() -> Snapshot:
    entries = []
    with OPEN_LLM_CSV.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for rank, row in enumerate(rows, start=1):
        entries.append(
            Entry(
                model_key=row["Model"],
                display_name=row["Model"].split("/")[-1],
                score=float(row["Average"]),
                rank=rank,
                scores={
                    k: float(row[k])
                    for k in (
                        "ARC(25-shot)",
                        "HellaSwag(10-shot)",
                        "MMLU(5-shot)",
                        "TruthfulQA(0-shot)",
                    )
                },
            )
        )
    return Snapshot(
        "open-llm-v1",
        "overall",
        date(2023, 7, 14),
        datetime(2023, 7, 14, tzinfo=UTC),
        tuple(entries),
        source=str(OPEN_LLM_CSV),
    )


def _model(
    key: str, openness: Openness, released: str, source: str, params: float | None = None
) -> ModelInfo:
    return ModelInfo(
        key=key,
        name=key,
        family=key,
        openness=Fact(openness, Provenance.DISCLOSED, source),
        released=Fact(date.fromisoformat(released), Provenance.DISCLOSED, source),
        params_total=(
            Fact(round(params * 1e9), Provenance.DISCLOSED, source) if params else Fact(None)
        ),
    )


CATALOG = Catalog(
    [
        _model("gpt-4-0314", Openness.PROPRIETARY, "2023-03-14", "openai.com/research/gpt-4"),
        _model(
            "gpt-3.5-turbo-0613",
            Openness.PROPRIETARY,
            "2023-06-13",
            "openai.com/blog/function-calling-and-other-api-updates",
        ),
        _model("claude-2.0", Openness.PROPRIETARY, "2023-07-11", "anthropic.com/index/claude-2"),
        _model(
            "llama-3-70b-instruct",
            Openness.OPEN_WEIGHTS,
            "2024-04-18",
            "ai.meta.com/blog/meta-llama-3",
            70,
        ),
        _model(
            "qwen2-72b-instruct",
            Openness.OPEN_WEIGHTS,
            "2024-06-07",
            "qwenlm.github.io/blog/qwen2",
            72.7,
        ),
        _model(
            "mixtral-8x7b-instruct-v0.1",
            Openness.OSI,
            "2023-12-11",
            "mistral.ai/news/mixtral-of-experts",
            46.7,
        ),
        _model(
            "llama-2-70b-chat",
            Openness.OPEN_WEIGHTS,
            "2023-07-18",
            "ai.meta.com/llama (Llama 2 paper)",
            70,
        ),
        _model(
            "falcon-40b-instruct",
            Openness.OSI,
            "2023-05-25",
            "huggingface.co/tiiuae/falcon-40b-instruct",
            40,
        ),
        _model("llama-65b", Openness.OPEN_WEIGHTS, "2023-02-24", "LLaMA paper", 65),
        _model("llama-13b", Openness.OPEN_WEIGHTS, "2023-02-24", "LLaMA paper", 13),
    ],
    {
        "mixtral-8x7b": "mixtral-8x7b-instruct-v0.1",
        "gpt-4": "gpt-4-0314",
        "open-llm-v1:tiiuae/falcon-40b-instruct": "falcon-40b-instruct",
    },
)
