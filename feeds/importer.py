"""Archived files in any format the feeds read: recognise the leaderboard by file name,
else by content, and parse, all as the sources in feeds/registry.py describe themselves.
A file that goes with another (LiveBench's categories beside its table) is read with it,
and yields nothing on its own."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from feeds.common import is_zip
from feeds.errors import FeedError
from feeds.registry import FALLBACK, SOURCES
from feeds.snapshot import Snapshot
from feeds.source import Sample, Source


def detect(name: str, raw: bytes) -> list[str]:
    """The leaderboard(s) a file holds. A ZIP archive holds those of every source that
    reads a member of one (Epoch's benchmark_data.zip holds two); else the first source,
    in registry order, whose file-name patterns match, else whose signature recognises the
    content; else FALLBACK."""
    if is_zip(raw):
        return [s.leaderboard for s in SOURCES.values() if s.archive_member]
    for source in SOURCES.values():
        if any(re.match(pattern, name) for pattern in source.file_names):
            return [source.leaderboard]
    sample = Sample.of(raw)
    for source in SOURCES.values():
        if source.signature is not None and source.signature(sample):
            return [source.leaderboard]
    return [FALLBACK]


def is_companion(name: str) -> bool:
    """Whether a file of this name is read only together with another."""
    return any(
        re.match(pattern, name)
        for source in SOURCES.values()
        if source.companion
        for pattern in source.companion.file_names
    )


def parse_file(path: Path, fetched_at: datetime) -> list[Snapshot]:
    """Every snapshot in an archived file; FeedError naming the file when it can't be read."""
    if is_companion(path.name):
        return []  # read together with the file it goes with
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{path}: cannot read ({exc.strerror})") from None
    snapshots: list[Snapshot] = []
    try:
        for leaderboard in detect(path.name, raw):
            snapshots += _parse(SOURCES[leaderboard], path, raw, fetched_at)
    except FeedError as exc:
        raise FeedError(f"{path.name}: {exc}") from None
    return snapshots


def _parse(source: Source, path: Path, raw: bytes, fetched_at: datetime) -> list[Snapshot]:
    """The file parsed with its companion when the source has one and it is beside the
    file, else alone."""
    if source.companion is not None:
        beside = path.with_name(source.companion.name_for(path.name))
        if beside.exists():
            return source.companion.parse(raw, beside.read_bytes(), fetched_at, path.name)
    return source.parse(raw, fetched_at, path.name)
