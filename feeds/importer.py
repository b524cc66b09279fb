"""Archived files in any format the feeds read: recognise the leaderboard by file name,
else by content, and parse. A LiveBench table is read with the categories file of the
same release next to it (the categories file on its own yields nothing)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from feeds import arena, epoch_eci, helm_lite, livebench, mmlu, open_llm_v1, open_llm_v2
from feeds.common import is_zip
from feeds.errors import FeedError
from feeds.snapshot import Snapshot

_BY_NAME: tuple[tuple[str, str], ...] = (
    (r"^leaderboard_table_\d{8}\.csv$", arena.LEADERBOARD),
    (r"^alltime.*\.csv$", arena.LEADERBOARD),
    (r"^(lmsys|lmarena_text).*\.csv$", arena.LEADERBOARD),
    (r"^leaderboard-text.*\.json$", arena.LEADERBOARD),
    (r"^huggingface_v2.*\.(csv|json)$", open_llm_v2.LEADERBOARD),
    (r"^epoch_capabilities_index.*\.csv$", epoch_eci.LEADERBOARD),
    (r"^external_benchmark_mmlu.*\.csv$", mmlu.LEADERBOARD),
    (r"^table_\d{4}_\d{2}_\d{2}\.csv$", livebench.LEADERBOARD),
    (r"^core_scenarios.*\.json$", helm_lite.LEADERBOARD),
)
_PARSERS = {
    arena.LEADERBOARD: arena.parse, open_llm_v1.LEADERBOARD: open_llm_v1.parse,
    open_llm_v2.LEADERBOARD: open_llm_v2.parse, epoch_eci.LEADERBOARD: epoch_eci.parse,
    mmlu.LEADERBOARD: mmlu.parse, livebench.LEADERBOARD: livebench.parse,
    helm_lite.LEADERBOARD: helm_lite.parse,
}


def detect(name: str, raw: bytes) -> list[str]:
    """The leaderboard(s) a file holds. Epoch's benchmark_data.zip holds two."""
    if is_zip(raw):
        return [epoch_eci.LEADERBOARD, mmlu.LEADERBOARD]
    for pattern, leaderboard in _BY_NAME:
        if re.match(pattern, name):
            return [leaderboard]
    head = raw[:4096].decode("utf-8-sig", errors="replace").lstrip()
    first = head.split("\n", 1)[0]
    if head.startswith("["):
        return [helm_lite.LEADERBOARD if '"header"' in head else open_llm_v2.LEADERBOARD]
    for marker, leaderboard in (("ECI Score", epoch_eci.LEADERBOARD),
                                ("ARC(25-shot)", open_llm_v1.LEADERBOARD),
                                ("model_average_score", open_llm_v2.LEADERBOARD),
                                ("ifeval", open_llm_v2.LEADERBOARD)):
        if marker in first:
            return [leaderboard]
    if "EM" in first.split(",") and "Model version" in first:
        return [mmlu.LEADERBOARD]
    if first.startswith("model,") and any(t in first for t in livebench.TASK_CATEGORIES):
        return [livebench.LEADERBOARD]
    return [arena.LEADERBOARD]


def parse_file(path: Path, fetched_at: datetime) -> list[Snapshot]:
    """Every snapshot in an archived file; FeedError naming the file when it can't be read."""
    if re.match(r"^categories_\d{4}_\d{2}_\d{2}\.json$", path.name):
        return []  # read together with its table_<release>.csv
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{path}: cannot read ({exc.strerror})") from None
    snapshots: list[Snapshot] = []
    try:
        for leaderboard in detect(path.name, raw):
            if leaderboard == livebench.LEADERBOARD:
                snapshots += _livebench(path, raw, fetched_at)
            else:
                snapshots += _PARSERS[leaderboard](raw, fetched_at, path.name)
    except FeedError as exc:
        raise FeedError(f"{path.name}: {exc}") from None
    return snapshots


def _livebench(path: Path, raw: bytes, fetched_at: datetime) -> list[Snapshot]:
    companion = path.with_name(path.name.replace("table_", "categories_", 1)
                               .removesuffix(".csv") + ".json")
    if companion.exists():
        return livebench.parse_release(raw, companion.read_bytes(), fetched_at, path.name)
    return livebench.parse(raw, fetched_at, path.name)
