"""The bundled history: every leaderboard's past standings in the project's own compact
format, so a fresh install knows them without network. `scripts/build_history.py` writes
it; the runtime loads it (`storage.history.load_bundle`) on first start, and again whenever
a newer bundle ships (only its new snapshots are added: snapshots are stored once per
content).

Format: gzip of JSON lines. Line 1: {"format", "version", "snapshots"}. Then one line per
snapshot: {"l": leaderboard, "c": category, "d": date, "f": fetched_at, "s": source,
"e": [[rank, key, name (null = key), score, ci_low, ci_high, votes, scores, meta], …]}.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from common.hashing import sha256_hex
from feeds.snapshot import Entry, Snapshot

FORMAT = 1
DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "history.jsonl.gz"


def write_bundle(snapshots: Iterable[Snapshot], path: Path = DEFAULT_PATH) -> str:
    """Write the bundle; return its version (a hash of its content)."""
    lines = [json.dumps(_to_json(s), separators=(",", ":"), ensure_ascii=False) for s in snapshots]
    version = sha256_hex("\n".join(lines))[:16]
    header = json.dumps({"format": FORMAT, "version": version, "snapshots": len(lines)})
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out,
    ):
        out.write(("\n".join([header, *lines]) + "\n").encode())
    return version


def bundle_version(path: Path = DEFAULT_PATH) -> str:
    """The version in the bundle's header line, read without the snapshots: storage.history
    compares it with the loaded one before reading the rest. ValueError when the header's format
    is not FORMAT."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return _header(lines.readline(), path)["version"]


def read_bundle(path: Path = DEFAULT_PATH) -> Iterator[Snapshot]:
    """The bundle's snapshots, one at a time as the lines are read (the whole history does not
    sit in memory), after checking the header's format (ValueError otherwise)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        _header(lines.readline(), path)
        for line in lines:
            if line.strip():
                yield _from_json(json.loads(line))


def _header(line: str, path: Path) -> dict:
    header = json.loads(line)
    if header.get("format") != FORMAT:
        raise ValueError(
            f"{path}: history bundle format {header.get('format')!r}, expected {FORMAT}"
        )
    return header


def _to_json(s: Snapshot) -> dict:
    return {
        "l": s.leaderboard,
        "c": s.category,
        "d": s.snapshot_date.isoformat(),
        "f": s.fetched_at.isoformat(),
        "s": s.source,
        "e": [
            [
                e.rank,
                e.model_key,
                None if e.display_name == e.model_key else e.display_name,
                e.score,
                e.ci_low,
                e.ci_high,
                e.votes,
                e.scores or None,
                e.meta or None,
            ]
            for e in s.entries
        ],
    }


def _from_json(d: dict) -> Snapshot:
    return Snapshot(
        leaderboard=d["l"],
        category=d["c"],
        snapshot_date=date.fromisoformat(d["d"]),
        fetched_at=datetime.fromisoformat(d["f"]),
        source=d["s"],
        entries=tuple(
            Entry(
                model_key=key,
                display_name=name or key,
                score=score,
                rank=rank,
                ci_low=lo,
                ci_high=hi,
                votes=votes,
                scores=scores or {},
                meta=meta or {},
            )
            for rank, key, name, score, lo, hi, votes, scores, meta in d["e"]
        ),
    )
