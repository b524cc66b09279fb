"""MMLU results collected by Epoch (`external_benchmark_mmlu.csv`, live inside Epoch's
`benchmark_data.zip`; the paperswithcode table is gone). A model reported by several
sources keeps its best exact-match score; `EM` is written as a percentage ('77.0%')."""

from __future__ import annotations

from datetime import datetime

from common.bulk import gc_paused
from feeds.common import (
    clean_meta,
    number,
    ranked,
    snapshot_date,
)
from feeds.epoch_eci import BENCHMARK_ZIP, read_epoch_csv
from feeds.snapshot import Entry, Snapshot
from feeds.source import Sample, Source

LEADERBOARD = "mmlu"
URLS = (BENCHMARK_ZIP,)
MEMBER = "external_benchmark_mmlu.csv"


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """Epoch's MMLU table (the CSV, alone or inside benchmark_data.zip) as one 'overall'
    snapshot ranked by exact-match score, a model reported by several sources keeping its best;
    rows without a score are left out, the source link kept as the entry's url."""
    rows = read_epoch_csv(raw, MEMBER, "mmlu CSV", ("Name", "EM", "Model version", "Source"))
    entries = []
    for row in rows:
        score = number(row["EM"])
        if score is None:
            continue
        entries.append(
            Entry(
                model_key=row["Model version"] or row["Name"],
                display_name=row["Name"],
                score=score,
                rank=0,
                meta=clean_meta(url=row.get("Source link")),
            )
        )
    return [
        Snapshot(
            LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, ranked(entries), url
        )
    ]


def recognises(sample: Sample) -> bool:
    """A table with `EM` and `Model version` columns."""
    return "EM" in sample.columns and "Model version" in sample.header


SOURCE = Source(
    LEADERBOARD,
    "MMLU (Epoch benchmark data)",
    URLS,
    parse,
    file_names=(r"^external_benchmark_mmlu.*\.csv$",),
    signature=recognises,
    archive_member=MEMBER,
    poll_minutes=1440,
)
