"""Hugging Face Open LLM Leaderboard v2 (retired March 2025). Importable from fboulnois'
two CSV forms; the live `api/leaderboard/formatted` JSON (kept for completeness) is the
nested form of the 2025 CSV, so it is flattened and read the same way."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from common.bulk import gc_paused
from feeds.common import (
    clean_meta,
    full_date,
    load_json,
    number,
    params_billions,
    ranked,
    read_csv,
    read_csv_columns,
    required_number,
    score_ranks,
    snapshot_date,
    text,
)
from feeds.errors import FeedError
from feeds.snapshot import Entry, Snapshot
from feeds.source import Sample, Source

LEADERBOARD = "open-llm-v2"
URLS = ("https://open-llm-leaderboard-open-llm-leaderboard.hf.space/api/leaderboard/formatted",)

# 2024 CSV (Gradio table) column -> our benchmark name; the 2025 form uses
# `evaluations_<name>_normalized_score` with these names.
GRADIO_BENCHMARKS = {
    "ifeval": "ifeval",
    "bbh": "bbh",
    "math_lvl_5": "math",
    "gpqa": "gpqa",
    "musr": "musr",
    "mmlupro": "mmlu_pro",
}
FORMATTED_BENCHMARKS = ("ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro")
FORMATTED_COLUMNS = (
    "model_name",
    "model_average_score",
    *(f"evaluations_{b}_normalized_score" for b in FORMATTED_BENCHMARKS),
)
_LEADING_SPACE = re.compile(r"\s*")
FORMATTED_META = (
    "metadata_hub_license",
    "metadata_params_billions",
    "metadata_upload_date",
    "metadata_submission_date",
    "metadata_base_model",
)


@gc_paused
def parse(raw: bytes, fetched_at: datetime, url: str) -> list[Snapshot]:
    """Any of the three forms (the live JSON, the 2025 formatted CSV, the 2024 Gradio CSV, told
    apart by their opening) as one 'overall' snapshot ranked by the average, the six benchmarks
    in each entry's `scores` and licence, size and dates in its meta. Every row must have an
    average: FeedError naming the row otherwise."""
    decoded = text(raw, "open-llm-v2")
    start = _LEADING_SPACE.match(decoded).end()  # not lstrip(): no copy of the payload
    if decoded.startswith("[", start):
        data = load_json(raw, "open-llm-v2 JSON")
        if not isinstance(data, list) or not data:
            raise FeedError("open-llm-v2 JSON: expected a non-empty list of models")
        flat = [_flatten(item) for item in data]
        rows = [_json_row(row, i) for i, row in enumerate(flat)]
        return [_formatted(rows, "open-llm-v2 JSON", fetched_at, url)]
    end = decoded.find("\n", start)
    header = decoded[start : end if end >= 0 else None]
    if "model_average_score" in header:
        what = "open-llm-v2 CSV (formatted)"
        rows = read_csv_columns(
            decoded, what, FORMATTED_COLUMNS, FORMATTED_META, strip=False
        )  # _formatted strips what it must
        return [_formatted(rows, what, fetched_at, url)]
    what = "open-llm-v2 CSV"
    rows = read_csv(raw, what, ("model", "average", *GRADIO_BENCHMARKS))
    entries = []
    for i, row in enumerate(rows, start=2):
        entries.append(
            Entry(
                model_key=row.get("fullname") or row["model"],
                display_name=row["model"],
                score=required_number(row["average"], what, "average", i),
                rank=0,
                scores={
                    name: v
                    for column, name in GRADIO_BENCHMARKS.items()
                    if (v := number(row[column])) is not None
                },
                meta=clean_meta(
                    license=row.get("hub_license"),
                    params_b=params_billions(row.get("params_b")),
                    uploaded=full_date(row.get("upload_to_hub_date")),
                    submitted=full_date(row.get("submission_date")),
                    url=row.get("url"),
                ),
            )
        )
    return [
        Snapshot(
            LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, ranked(entries), url
        )
    ]


def _formatted(rows: list[tuple[Any, ...]], what: str, fetched_at: datetime, url: str) -> Snapshot:
    """Rows holding FORMATTED_COLUMNS then FORMATTED_META, ranked before each Entry is
    built (once: building them is a good part of parsing a 4,600-row table). Cells come
    unstripped: the name is stripped here, and what reads the others ignores blanks."""
    names = [str(row[0]).strip() for row in rows]
    averages = _averages(rows, what)
    kept = score_ranks(names, averages)
    scores = _all_scores([rows[i] for i, _ in kept])
    entries = [
        Entry(
            names[i], names[i], averages[i], rank, None, None, None, found, _meta(rows[i], names[i])
        )
        for (i, rank), found in zip(kept, scores, strict=True)
    ]
    return Snapshot(
        LEADERBOARD, "overall", snapshot_date(url, fetched_at), fetched_at, tuple(entries), url
    )


def _averages(rows: list[tuple[Any, ...]], what: str) -> list[float]:
    """Each row's average score. Nearly always every cell is a plain finite number: one
    `float` each and one finiteness check of their sum (this runs 4,600 times for the
    final table); otherwise `required_number` reads each cell, naming the first bad one."""
    try:
        averages = [float(row[1]) for row in rows]
    except (TypeError, ValueError, OverflowError):
        pass
    else:
        total = sum(averages)  # NaN or infinite if any average is (or if the sum overflows)
        if total - total == 0:
            return averages
    return [required_number(row[1], what, "model_average_score", i) for i, row in enumerate(rows)]


def _all_scores(rows: list[tuple[Any, ...]]) -> list[dict[str, float]]:
    """The benchmark scores of each row (FORMATTED_BENCHMARKS' cells). Nearly always every
    row holds six finite numbers: then one comprehension makes every dict, each in one
    expression, and one sum checks them all (a call per row cost a third more, on the
    final 4,500-row table). Otherwise row by row, as `_scores`."""
    try:
        scores = [
            {
                "ifeval": float(row[2]),
                "bbh": float(row[3]),
                "math": float(row[4]),
                "gpqa": float(row[5]),
                "musr": float(row[6]),
                "mmlu_pro": float(row[7]),
            }
            for row in rows
        ]
    except (TypeError, ValueError):
        return [_scores(row) for row in rows]
    total = sum(map(sum, map(dict.values, scores)))  # NaN or infinite if any score is
    return scores if total - total == 0 else [_scores(row) for row in rows]


def _scores(row: tuple[Any, ...]) -> dict[str, float]:
    """The benchmark scores of one row: six finite numbers in one expression, else cell by
    cell."""
    try:
        scores = {
            "ifeval": float(row[2]),
            "bbh": float(row[3]),
            "math": float(row[4]),
            "gpqa": float(row[5]),
            "musr": float(row[6]),
            "mmlu_pro": float(row[7]),
        }
    except (TypeError, ValueError):
        return _scores_by_cell(row)
    total = sum(scores.values())  # NaN or infinite if any score is
    return scores if total - total == 0 else _scores_by_cell(row)


def _scores_by_cell(row: tuple[Any, ...]) -> dict[str, float]:
    """The scores that are numbers, as `number` reads them (NaN is no score)."""
    return {
        benchmark: found
        for benchmark, value in zip(FORMATTED_BENCHMARKS, row[2:8], strict=True)
        if (found := number(value)) is not None
    }


def _meta(row: tuple[Any, ...], name: str) -> dict[str, str]:
    """The meta of a row (FORMATTED_META after FORMATTED_COLUMNS): what `clean_meta` makes
    of its licence, parameter count, Hub upload date (`uploaded`: when the repository was
    created, not a release date), leaderboard submission date (`submitted`), base model
    (when it is another repository) and model page, built directly for speed (this runs
    4,500 times for the final table). The meta cells are text, as the CSV's (`_json_row`
    makes the JSON's so)."""
    license, params, uploaded, submitted, base = row[8:]
    meta = {}
    if license and (license := license.strip()) and license != "-":
        meta["license"] = license
    if params_b := _params_text(params):
        meta["params_b"] = params_b
    if uploaded := full_date(uploaded):
        meta["uploaded"] = uploaded
    if submitted := full_date(submitted):
        meta["submitted"] = submitted
    if base and (base := base.strip()) and base != name and base != "-":
        meta["base_model"] = base
    if "/" in name:
        meta["url"] = f"https://huggingface.co/{name}"  # `name` is stripped already
    return meta


@lru_cache(maxsize=1024)  # a table repeats its parameter counts: ~500 in 4,500 rows
def _params_text(value: str) -> str | None:
    return params_billions(value)


def _json_row(flat: dict[str, Any], i: int) -> tuple[Any, ...]:
    """A flattened JSON model as the CSV's row of FORMATTED_COLUMNS and FORMATTED_META: the
    meta cells as text (a number as `str` writes it), as the CSV has them. A true or false
    says nothing, as an empty cell (`float` would read it as 1.0 or 0.0)."""
    for column in FORMATTED_COLUMNS:
        if column not in flat:
            raise FeedError(f"open-llm-v2 JSON: row {i}: missing column {column!r}")
    cells = tuple(None if (v := flat[c]).__class__ is bool else v for c in FORMATTED_COLUMNS)
    return cells + tuple(
        "" if (v := flat.get(c)) is None or v.__class__ is bool else str(v) for c in FORMATTED_META
    )


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


def recognises(sample: Sample) -> bool:
    """The live API's JSON list of models (with no `"header"` key: a list with one is
    HELM's tables), or either CSV form."""
    if sample.head.startswith("["):
        return '"header"' not in sample.head
    return "model_average_score" in sample.header or "ifeval" in sample.header


SOURCE = Source(
    LEADERBOARD,
    "Open LLM Leaderboard v2 (retired)",
    URLS,
    parse,
    file_names=(r"^huggingface_v2.*\.(csv|json)$",),
    signature=recognises,
    retired=True,
    poll_minutes=1440,
)
