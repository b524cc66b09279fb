"""LMArena (formerly LMSYS Chatbot Arena) text leaderboard.

Live: the official HF dataset `lmarena-ai/leaderboard-dataset` through the datasets-server
JSON API (top 100 of the overall category), and the arena-catalog JSON (29 categories).
Importable: the legacy `leaderboard_table_YYYYMMDD.csv` tables (three schema eras), the
`alltime.csv` rating history, and fboulnois' flattened CSV exports.

The legacy tables of 2024 onwards have no Elo column (ratings moved to a pickle that is not
available): from them, and from the older tables too, we keep what they do have as the
`mt-bench` category: score = MT-bench score, MMLU in `scores`. The older tables' Elo
column gives an `overall` snapshot as well.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from catalog.catalog import normalise
from common.bulk import gc_paused
from feeds.common import (
    clean_meta,
    full_date,
    load_json,
    number,
    ranked,
    read_csv,
    require_columns,
    required_number,
    snapshot_date,
    text,
)
from feeds.errors import FeedError
from feeds.snapshot import Entry, Snapshot
from feeds.source import Parser, Sample, Source

LEADERBOARD = "arena"
DATASET_URL = (
    "https://datasets-server.huggingface.co/filter?dataset=lmarena-ai%2Fleaderboard-dataset"
    "&config=text&split=latest&where=%22category%22%3D%27overall%27&orderby=rank"
    "&offset=0&length=100"
)
CATALOG_URL = (
    "https://raw.githubusercontent.com/lmarena/arena-catalog/main/data/leaderboard-text.json"
)
URLS = (DATASET_URL, CATALOG_URL)

DATASET_FIELDS = (
    "model_name",
    "rating",
    "rating_lower",
    "rating_upper",
    "vote_count",
    "rank",
    "category",
    "leaderboard_publish_date",
)


def category_name(name: str) -> str:
    """Arena calls the overall text leaderboard `full`; we call it `overall`."""
    return "overall" if name in {"full", "text", "overall"} else name


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """Any Arena format, recognised by its content."""
    body = text(raw, "arena").lstrip()
    if body.startswith(("{", "[")):
        data = load_json(raw, "arena JSON")
        if isinstance(data, dict) and "rows" in data:
            return parse_dataset_rows(data, fetched_at, url)
        return parse_catalog(data, fetched_at, url)
    first_line = body.split("\n", 1)[0]
    header = [h.strip() for h in first_line.split(",")]
    table_parser = _table_parser(header)
    if table_parser is None:
        raise FeedError(
            "arena CSV: unrecognised columns "
            f"({', '.join(repr(h) for h in header[:10])}); expected a leaderboard "
            "table, alltime.csv or a flattened export"
        )
    return table_parser(raw, fetched_at, url)


def recognises(sample: Sample) -> bool:
    """A JSON object (datasets-server rows, arena-catalog), or a CSV with the columns of
    one of the Arena's tables."""
    return (
        sample.head.startswith("{")
        or _table_parser([c.strip() for c in sample.columns]) is not None
    )


def _table_parser(header: list[str]) -> Parser | None:
    """The parser of the Arena CSV with these columns; None when it is none of them."""
    if "date" in header and "key" in header and "Model" in header:
        return parse_alltime
    if "95_pct_ci" in header or "arena_elo" in header or "arena_score" in header:
        return parse_flat
    if "Model" in header and "MMLU" in header:
        return parse_table
    return None


def parse_dataset_rows(data: dict[str, Any], fetched_at: datetime, url: str) -> list[Snapshot]:
    """datasets-server `/rows` or `/filter` JSON: `{"rows": [{"row": {...}}, ...]}`."""
    what = "arena datasets-server JSON"
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise FeedError(f"{what}: 'rows' is empty or not a list")
    groups: dict[tuple[str, date], list[Entry]] = defaultdict(list)
    for i, item in enumerate(rows):
        row = item.get("row") if isinstance(item, dict) else None
        if not isinstance(row, dict):
            raise FeedError(f"{what}: rows[{i}] has no 'row' object")
        for name in DATASET_FIELDS:
            if name not in row:
                raise FeedError(f"{what}: rows[{i}]: missing field {name!r}")
        published = full_date(str(row["leaderboard_publish_date"] or ""))
        day = date.fromisoformat(published) if published else fetched_at.date()
        score = required_number(row["rating"], what, "rating", i)
        groups[(category_name(str(row["category"])), day)].append(
            Entry(
                model_key=str(row["model_name"]),
                display_name=str(row["model_name"]),
                score=score,
                rank=int(required_number(row["rank"], what, "rank", i)),
                ci_low=number(row["rating_lower"]),
                ci_high=number(row["rating_upper"]),
                votes=_int(row["vote_count"]),
                meta=clean_meta(
                    license=_str(row.get("license")), organization=_str(row.get("organization"))
                ),
            )
        )
    return [
        Snapshot(LEADERBOARD, category, day, fetched_at, ranked(entries, keep_rank=True), url)
        for (category, day), entries in sorted(groups.items())
    ]


def parse_catalog(data: Any, fetched_at: datetime, url: str) -> list[Snapshot]:
    """arena-catalog `leaderboard-text.json`: `{category: {model: {rating, rating_q025,
    rating_q975}}}`, one snapshot per category."""
    what = "arena-catalog JSON"
    if not isinstance(data, dict) or not data:
        raise FeedError(f"{what}: expected an object of categories")
    day = snapshot_date(url, fetched_at)
    snapshots = []
    for category, models in data.items():
        if not isinstance(models, dict) or not models:
            raise FeedError(f"{what}: category {category!r} has no models")
        entries = []
        for model, fields in models.items():
            if not isinstance(fields, dict) or "rating" not in fields:
                raise FeedError(f"{what}: {category}/{model}: missing field 'rating'")
            entries.append(
                Entry(
                    model_key=model,
                    display_name=model,
                    score=required_number(fields["rating"], what, "rating", len(entries)),
                    rank=0,
                    ci_low=number(fields.get("rating_q025")),
                    ci_high=number(fields.get("rating_q975")),
                )
            )
        snapshots.append(
            Snapshot(LEADERBOARD, category_name(category), day, fetched_at, ranked(entries), url)
        )
    return sorted(snapshots, key=lambda s: s.category)


def parse_alltime(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """`alltime.csv`: key, Model, rating, License, Organization, date — one snapshot per date."""
    what = "arena alltime CSV"
    rows = read_csv(raw, what, ("key", "Model", "rating", "date"))
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for i, row in enumerate(rows, start=2):
        try:
            day = datetime.strptime(row["date"], "%Y%m%d").date()
        except ValueError:
            raise FeedError(f"{what}: line {i}: date {row['date']!r} is not YYYYMMDD") from None
        by_day[day].append(
            Entry(
                model_key=row["key"],
                display_name=row["Model"] or row["key"],
                score=required_number(row["rating"], what, "rating", i),
                rank=0,
                meta=clean_meta(license=row.get("License"), organization=row.get("Organization")),
            )
        )
    return [
        Snapshot(LEADERBOARD, "overall", day, fetched_at, ranked(entries), url)
        for day, entries in sorted(by_day.items())
    ]


def parse_flat(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """fboulnois' flattened export: `arena_elo` (2024) or `arena_score` (2025) and
    `95_pct_ci` written as '+3/-4'."""
    what = "arena flattened CSV"
    rows = read_csv(raw, what, ("rank", "model", "95_pct_ci", "votes"))
    header = list(rows[0])
    score_column = next((c for c in ("arena_score", "arena_elo") if c in header), None)
    if score_column is None:
        raise FeedError(f"{what}: missing column 'arena_score' (or 'arena_elo' before 2025)")
    entries = []
    for i, row in enumerate(rows, start=2):
        score = required_number(row[score_column], what, score_column, i)
        plus, minus = _interval(row["95_pct_ci"])
        entries.append(
            Entry(
                model_key=normalise(row["model"]),
                display_name=row["model"],
                score=score,
                rank=int(required_number(row["rank"], what, "rank", i)),
                ci_low=score - minus if minus is not None else None,
                ci_high=score + plus if plus is not None else None,
                votes=_int(row["votes"]),
                meta=clean_meta(
                    license=row.get("license"),
                    organization=row.get("organization"),
                    url=row.get("url"),
                ),
            )
        )
    return [
        Snapshot(
            LEADERBOARD,
            "overall",
            snapshot_date(url, fetched_at),
            fetched_at,
            ranked(entries, keep_rank=True),
            url,
        )
    ]


def parse_table(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """`leaderboard_table_YYYYMMDD.csv` in its three eras. 2023-06-19: with an MT-bench win
    rate and Elo; 2023-12-06: Elo ('-' when not rated); 2024 on: a `key` column, no Elo."""
    what = "arena leaderboard_table CSV"
    rows = read_csv(raw, what, ("Model", "MT-bench (score)", "MMLU", "License"))
    header = list(rows[0])
    has_elo = "Arena Elo rating" in header
    if not has_elo:
        require_columns(header, ("key",), what)
    day = snapshot_date(url, fetched_at)
    overall, mt_bench = [], []
    for row in rows:
        key = row.get("key") or normalise(row["Model"])
        meta = clean_meta(
            license=row.get("License"), organization=row.get("Organization"), url=row.get("Link")
        )
        scores = {
            name: value
            for name, value in (
                ("mt-bench", number(row["MT-bench (score)"])),
                ("mmlu", number(row["MMLU"])),
                ("mt-bench-win-rate", number(row.get("MT-bench (win rate %)"))),
            )
            if value is not None
        }
        elo = number(row.get("Arena Elo rating"))
        if elo is not None:
            overall.append(Entry(key, row["Model"], elo, 0, scores=scores, meta=meta))
        if "mt-bench" in scores:
            mt_bench.append(
                Entry(
                    key,
                    row["Model"],
                    scores["mt-bench"],
                    0,
                    scores={k: v for k, v in scores.items() if k != "mt-bench"},
                    meta=meta,
                )
            )
    snapshots = []
    if overall:
        snapshots.append(Snapshot(LEADERBOARD, "overall", day, fetched_at, ranked(overall), url))
    if mt_bench:
        snapshots.append(Snapshot(LEADERBOARD, "mt-bench", day, fetched_at, ranked(mt_bench), url))
    if not snapshots:
        raise FeedError(f"{what}: no row has an Elo rating or an MT-bench score")
    return snapshots


def _interval(value: str) -> tuple[float | None, float | None]:
    match = re.match(r"^\+?([\d.]+)\s*/\s*-?([\d.]+)$", value.strip())
    return (float(match[1]), float(match[2])) if match else (None, None)


def _int(value: Any) -> int | None:
    found = number(value)
    return int(found) if found is not None else None


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None


SOURCE = Source(
    LEADERBOARD,
    "LMArena text leaderboard",
    URLS,
    parse,
    file_names=(
        r"^leaderboard_table_\d{8}\.csv$",
        r"^alltime.*\.csv$",
        r"^(lmsys|lmarena_text).*\.csv$",
        r"^leaderboard-text.*\.json$",
    ),
    signature=recognises,
    poll_minutes=60,
)
