"""LiveBench release tables: `table_<release>.csv` (model + one column per task, 0–100)
with `categories_<release>.json` ({category: [task, …]}). As on the site, a category's
score is the mean of its tasks and the global score the mean of the categories; the
category means go in `Entry.scores`. A model missing a whole category is left out.

The live feed reads the table alone, so the categories of the known releases are built in
(`TASK_CATEGORIES`); a task not in it is an error, so a new release is noticed."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import fmean
from typing import Any

from common.bulk import gc_paused
from feeds.common import load_json, number, ranked, read_csv, snapshot_date
from feeds.errors import FeedError
from feeds.snapshot import Entry, Snapshot
from feeds.source import Companion, Sample, Source

LEADERBOARD = "livebench"
URLS = ("https://livebench.ai/table_2026_01_08.csv",)

# Union of the categories files of the 2024-06-24, 2024-11-25 and 2026-01-08 releases.
TASK_CATEGORIES: dict[str, str] = {
    "web_of_lies_v2": "Reasoning",
    "zebra_puzzle": "Reasoning",
    "spatial": "Reasoning",
    "theory_of_mind": "Reasoning",
    "logic_with_navigation": "Reasoning",
    "LCB_generation": "Coding",
    "coding_completion": "Coding",
    "code_generation": "Coding",
    "code_completion": "Coding",
    "javascript": "Agentic Coding",
    "typescript": "Agentic Coding",
    "python": "Agentic Coding",
    "AMPS_Hard": "Mathematics",
    "math_comp": "Mathematics",
    "olympiad": "Mathematics",
    "integrals_with_game": "Mathematics",
    "cta": "Data Analysis",
    "tablejoin": "Data Analysis",
    "tablereformat": "Data Analysis",
    "consecutive_events": "Data Analysis",
    "connections": "Language",
    "plot_unscrambling": "Language",
    "typos": "Language",
    "paraphrase": "IF",
    "simplify": "IF",
    "story_generation": "IF",
    "summarize": "IF",
}


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """A table CSV on its own, with the built-in task categories."""
    rows = read_csv(raw, "livebench table CSV", ("model",))
    unknown = [t for t in rows[0] if t != "model" and t not in TASK_CATEGORIES]
    if unknown:
        raise FeedError(
            f"livebench table CSV: task column {unknown[0]!r} is in no known "
            "category (a new release? import it with its categories JSON)"
        )
    categories: dict[str, list[str]] = defaultdict(list)
    for task in rows[0]:
        if task != "model":
            categories[TASK_CATEGORIES[task]].append(task)
    return [_snapshot(rows, dict(categories), fetched_at, url)]


@gc_paused
def parse_release(
    table: bytes, categories_json: bytes, fetched_at: datetime, url: str
) -> list[Snapshot]:
    """A table CSV with the categories JSON of the same release."""
    categories = _categories(load_json(categories_json, "livebench categories JSON"))
    rows = read_csv(table, "livebench table CSV", ("model",))
    return [_snapshot(rows, categories, fetched_at, url)]


def _categories(data: Any) -> dict[str, list[str]]:
    if (
        not isinstance(data, dict)
        or not data
        or not all(
            isinstance(v, list) and all(isinstance(t, str) for t in v) for v in data.values()
        )
    ):
        raise FeedError("livebench categories JSON: expected {category: [task, ...]}")
    return data


def _snapshot(
    rows: list[dict[str, str]], categories: dict[str, list[str]], fetched_at: datetime, url: str
) -> Snapshot:
    header = set(rows[0])
    for category, tasks in categories.items():
        missing = [t for t in tasks if t not in header]
        if missing:
            raise FeedError(
                f"livebench table CSV: missing column {missing[0]!r} "
                f"(a task of category {category!r})"
            )
    entries = []
    for row in rows:
        means = {}
        for category, tasks in categories.items():
            values = [v for t in tasks if (v := number(row[t])) is not None]
            if values:
                means[category] = round(fmean(values), 4)
        if len(means) < len(categories) or not row["model"]:
            continue
        entries.append(
            Entry(
                model_key=row["model"],
                display_name=row["model"],
                score=round(fmean(means.values()), 4),
                rank=0,
                scores=means,
            )
        )
    if not entries:
        raise FeedError("livebench table CSV: no model has a score in every category")
    return Snapshot(
        LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, ranked(entries), url
    )


def recognises(sample: Sample) -> bool:
    """A table whose first column is the model, with a known task among the others."""
    return sample.header.startswith("model,") and any(t in sample.header for t in TASK_CATEGORIES)


def categories_name(table_name: str) -> str:
    """`table_2024_06_24.csv` -> `categories_2024_06_24.json`."""
    return table_name.replace("table_", "categories_", 1).removesuffix(".csv") + ".json"


SOURCE = Source(
    LEADERBOARD,
    "LiveBench",
    URLS,
    parse,
    file_names=(r"^table_\d{4}_\d{2}_\d{2}\.csv$",),
    signature=recognises,
    companion=Companion((r"^categories_\d{4}_\d{2}_\d{2}\.json$",), categories_name, parse_release),
    poll_minutes=720,
)
