"""HELM Lite: `groups/core_scenarios.json` of a release, a list of HELM tables
(`{title, header: [{value, …}], rows: [[{value, …}, …]]}`, see
helm/benchmark/presentation/table.py). The "Accuracy" table's "Mean win rate" column
is the score; the scenario columns go in `Entry.scores`. The model id (e.g.
`openai/gpt-4-0613`) comes from the cells' run names where present."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from catalog.catalog import normalise
from common.bulk import gc_paused
from feeds.common import load_json, number, ranked, snapshot_date
from feeds.errors import FeedError
from feeds.snapshot import Entry, Snapshot
from feeds.source import Sample, Source

LEADERBOARD = "helm-lite"
URLS = (
    "https://storage.googleapis.com/crfm-helm-public/lite/benchmark_output/releases/"
    "v1.13.0/groups/core_scenarios.json",
)
SCORE_COLUMN = "Mean win rate"
_MODEL_IN_RUN = re.compile(r"model=([^,]+)")


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """core_scenarios.json as one 'overall' snapshot ranked by the Accuracy table's mean win
    rate, the scenario scores in each entry's `scores`. FeedError when the Accuracy table or its
    score column is missing, a row has the wrong number of cells, or no row has a score; rows
    without one are left out."""
    what = "helm-lite core_scenarios JSON"
    tables = load_json(raw, what)
    if not isinstance(tables, list):
        raise FeedError(f"{what}: expected a list of tables")
    table = next(
        (
            t
            for t in tables
            if isinstance(t, dict) and str(t.get("title", "")).lower() == "accuracy"
        ),
        None,
    )
    if table is None:
        raise FeedError(f"{what}: missing table 'Accuracy'")
    header = [str(_value(cell)) for cell in table.get("header", [])]
    if SCORE_COLUMN not in header:
        raise FeedError(f"{what}: missing column {SCORE_COLUMN!r} in table 'Accuracy'")
    score_at = header.index(SCORE_COLUMN)
    entries = []
    for i, row in enumerate(table.get("rows", [])):
        if not isinstance(row, list) or len(row) != len(header):
            raise FeedError(f"{what}: row {i} does not have {len(header)} cells")
        score = number(_value(row[score_at]))
        if score is None:
            continue
        name = str(_value(row[0]))
        entries.append(
            Entry(
                model_key=_model_id(row) or normalise(name),
                display_name=name,
                score=score,
                rank=0,
                scores={
                    header[j]: v
                    for j in range(1, len(header))
                    if j != score_at and (v := number(_value(row[j]))) is not None
                },
            )
        )
    if not entries:
        raise FeedError(f"{what}: no row has a {SCORE_COLUMN!r}")
    return [
        Snapshot(
            LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, ranked(entries), url
        )
    ]


def _value(cell: Any) -> Any:
    return cell.get("value") if isinstance(cell, dict) else cell


def _model_id(row: list[Any]) -> str | None:
    """'narrative_qa:model=openai_gpt-4-0613' -> 'openai/gpt-4-0613'."""
    for cell in row[1:]:
        names = (
            (cell.get("run_spec_names") or cell.get("run_names") or [])
            if isinstance(cell, dict)
            else []
        )
        for run in names:
            match = _MODEL_IN_RUN.search(str(run))
            if match:
                return match[1].replace("_", "/", 1)
    return None


def recognises(sample: Sample) -> bool:
    """A JSON list of HELM tables (each with a `header`)."""
    return sample.head.startswith("[") and '"header"' in sample.head


SOURCE = Source(
    LEADERBOARD,
    "HELM Lite",
    URLS,
    parse,
    file_names=(r"^core_scenarios.*\.json$",),
    signature=recognises,
    poll_minutes=1440,
)
