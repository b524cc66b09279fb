"""Hugging Face Open LLM Leaderboard v2 (retired March 2025). Importable from fboulnois'
two CSV forms; the live `api/leaderboard/formatted` JSON (kept for completeness) is the
nested form of the 2025 CSV, so it is flattened and read the same way."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feeds.common import (
    clean_meta,
    full_date,
    load_json,
    number,
    params_billions,
    ranked,
    read_csv,
    required_number,
    snapshot_date,
    text,
)
from feeds.errors import FeedError
from feeds.snapshot import Entry, Snapshot

LEADERBOARD = "open-llm-v2"
URLS = ("https://open-llm-leaderboard-open-llm-leaderboard.hf.space/api/leaderboard/formatted",)

# 2024 CSV (Gradio table) column -> our benchmark name; the 2025 form uses
# `evaluations_<name>_normalized_score` with these names.
GRADIO_BENCHMARKS = {"ifeval": "ifeval", "bbh": "bbh", "math_lvl_5": "math", "gpqa": "gpqa",
                     "musr": "musr", "mmlupro": "mmlu_pro"}
FORMATTED_BENCHMARKS = ("ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro")
FORMATTED_COLUMNS = ("model_name", "model_average_score",
                     *(f"evaluations_{b}_normalized_score" for b in FORMATTED_BENCHMARKS))


def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    if text(raw, "open-llm-v2").lstrip().startswith("["):
        data = load_json(raw, "open-llm-v2 JSON")
        if not isinstance(data, list) or not data:
            raise FeedError("open-llm-v2 JSON: expected a non-empty list of models")
        rows = [_flatten(item) for item in data]
        return [_formatted(rows, "open-llm-v2 JSON", fetched_at, url)]
    header = text(raw, "open-llm-v2 CSV").lstrip().split("\n", 1)[0]
    if "model_average_score" in header:
        what = "open-llm-v2 CSV (formatted)"
        return [_formatted(read_csv(raw, what, FORMATTED_COLUMNS), what, fetched_at, url)]
    what = "open-llm-v2 CSV"
    rows = read_csv(raw, what, ("model", "average", *GRADIO_BENCHMARKS))
    entries = []
    for i, row in enumerate(rows, start=2):
        entries.append(Entry(
            model_key=row.get("fullname") or row["model"], display_name=row["model"],
            score=required_number(row["average"], what, "average", i), rank=0,
            scores={name: v for column, name in GRADIO_BENCHMARKS.items()
                    if (v := number(row[column])) is not None},
            meta=clean_meta(license=row.get("hub_license"),
                            params_b=params_billions(row.get("params_b")),
                            released=full_date(row.get("upload_to_hub_date")),
                            url=row.get("url")),
        ))
    return [Snapshot(LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at,
                     ranked(entries), url)]


def _formatted(rows: list[dict[str, Any]], what: str, fetched_at: datetime,
               url: str) -> Snapshot:
    entries = []
    for i, row in enumerate(rows):
        for column in FORMATTED_COLUMNS:
            if column not in row:
                raise FeedError(f"{what}: row {i}: missing column {column!r}")
        name = str(row["model_name"])
        entries.append(Entry(
            model_key=name, display_name=name,
            score=required_number(row["model_average_score"], what, "model_average_score", i),
            rank=0,
            scores={b: v for b in FORMATTED_BENCHMARKS
                    if (v := number(row[f"evaluations_{b}_normalized_score"])) is not None},
            meta=clean_meta(license=_str(row.get("metadata_hub_license")),
                            params_b=params_billions(row.get("metadata_params_billions")),
                            released=full_date(_str(row.get("metadata_upload_date"))),
                            url=f"https://huggingface.co/{name}" if "/" in name else None),
        ))
    return Snapshot(LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at,
                    ranked(entries), url)


def _flatten(item: Any, prefix: str = "") -> dict[str, Any]:
    """{'model': {'name': x}} -> {'model_name': x}, as the 2025 CSV names its columns."""
    if not isinstance(item, dict):
        raise FeedError("open-llm-v2 JSON: a model is not an object")
    flat: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        else:
            flat[name] = value
    return flat


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
