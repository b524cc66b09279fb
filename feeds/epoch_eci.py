"""Epoch Capabilities Index: `epoch_capabilities_index.csv`, live inside Epoch's
`benchmark_data.zip`. Only rows with an ECI score are ranked. Epoch's `Model accessibility`
('API access', 'Open weights (unrestricted)', …) is kept as the entry's `license`."""

from __future__ import annotations

from datetime import datetime

from common.bulk import gc_paused
from feeds.common import (
    clean_meta,
    full_date,
    is_zip,
    number,
    ranked,
    read_csv,
    snapshot_date,
    zip_member,
)
from feeds.snapshot import Entry, Snapshot
from feeds.source import Sample, Source

LEADERBOARD = "epoch-eci"
BENCHMARK_ZIP = "https://epoch.ai/data/benchmark_data.zip"
URLS = (BENCHMARK_ZIP,)
MEMBER = "epoch_capabilities_index.csv"


def read_epoch_csv(
    raw: bytes, member: str, what: str, required: tuple[str, ...]
) -> list[dict[str, str]]:
    """The rows of one of Epoch's CSVs, given alone or inside benchmark_data.zip."""
    if is_zip(raw):
        raw = zip_member(raw, "epoch benchmark_data.zip", member)
    return read_csv(raw, what, required)


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """The ECI table (the CSV, alone or inside benchmark_data.zip) as one 'overall' snapshot
    dated by the URL or file name, else by `fetched_at`, ranked by ECI score. Rows without a
    score are left out; the release date, organisation and accessibility go in each entry's
    meta."""
    rows = read_epoch_csv(
        raw,
        MEMBER,
        "epoch-eci CSV",
        ("Model version", "ECI Score", "Release date", "Organization", "Model accessibility"),
    )
    entries = []
    for row in rows:
        score = number(row["ECI Score"])
        if score is None:
            continue
        entries.append(
            Entry(
                model_key=row["Model version"],
                display_name=row.get("Display name")
                or row.get("Model name")
                or row["Model version"],
                score=score,
                rank=0,
                meta=clean_meta(
                    license=row["Model accessibility"],
                    organization=row["Organization"],
                    released=full_date(row["Release date"]),
                ),
            )
        )
    return [
        Snapshot(
            LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, ranked(entries), url
        )
    ]


def recognises(sample: Sample) -> bool:
    """A table with an `ECI Score` column."""
    return "ECI Score" in sample.header


SOURCE = Source(
    LEADERBOARD,
    "Epoch Capabilities Index",
    URLS,
    parse,
    file_names=(r"^epoch_capabilities_index.*\.csv$",),
    signature=recognises,
    archive_member=MEMBER,
    poll_minutes=1440,
)
