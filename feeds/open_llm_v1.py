"""Hugging Face Open LLM Leaderboard v1 (retired June 2024): importable from the
community report CSVs (`Model, Average, ARC(25-shot), …, Parameters, URL`).

`Parameters` there is not a parameter count (it looks like params/0.66 and is sometimes
0.0), so it is deliberately not read: `params_b` stays unknown."""

from __future__ import annotations

from datetime import datetime

from common.bulk import gc_paused
from feeds.common import clean_meta, number, ranked, read_csv, required_number, snapshot_date
from feeds.snapshot import Entry, Snapshot
from feeds.source import Sample, Source

LEADERBOARD = "open-llm-v1"
URLS: tuple[str, ...] = ()
BENCHMARKS = {
    "ARC(25-shot)": "arc",
    "HellaSwag(10-shot)": "hellaswag",
    "MMLU(5-shot)": "mmlu",
    "TruthfulQA(0-shot)": "truthfulqa",
}


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """A community report CSV as one 'overall' snapshot ranked by its Average, the four
    benchmarks in each entry's `scores`. Every row must have an Average (FeedError naming the
    line otherwise); a benchmark cell that is no number is left out."""
    what = "open-llm-v1 CSV"
    rows = read_csv(raw, what, ("Model", "Average", *BENCHMARKS))
    entries = []
    for i, row in enumerate(rows, start=2):
        scores = {
            name: v for column, name in BENCHMARKS.items() if (v := number(row[column])) is not None
        }
        entries.append(
            Entry(
                model_key=row["Model"],
                display_name=row["Model"],
                score=required_number(row["Average"], what, "Average", i),
                rank=0,
                scores=scores,
                meta=clean_meta(url=row.get("URL")),
            )
        )
    return [
        Snapshot(
            LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, ranked(entries), url
        )
    ]


def recognises(sample: Sample) -> bool:
    """A report table, with its `ARC(25-shot)` column."""
    return "ARC(25-shot)" in sample.header


SOURCE = Source(
    LEADERBOARD,
    "Open LLM Leaderboard v1 (retired)",
    URLS,
    parse,
    signature=recognises,
    retired=True,
    poll_minutes=1440,
)
