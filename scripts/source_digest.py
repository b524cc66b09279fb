"""The checked-in record tying the shipped data files to the real sources they were built
from: catalog/data/sources.json. Each build script rewrites its own section with every
source file's path (under the data folder), size and sha256, and the sha256 and size of
the file it wrote. Build-time tooling, like the scripts that use it: the bot never reads
it. Tests check the shipped outputs against it always, and the sources against the data
folder when a checkout has one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIGEST_PATH = ROOT / "catalog" / "data" / "sources.json"


def file_digest(path: Path) -> dict[str, Any]:
    """A file's size in bytes and the hex sha256 of its content, as the digest records each
    file and as the tests compare shipped files with it."""
    data = path.read_bytes()
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def record(
    section: str,
    data_dir: Path,
    sources: list[str],
    outputs: list[Path],
    inputs: list[Path] = (),
    path: Path = DIGEST_PATH,
) -> dict[str, Any]:
    """Rewrite `section` of the digest: `sources` are paths under `data_dir`; `outputs`
    and `inputs` (files of this repository a build read, e.g. the catalog) are paths in
    the repository."""
    entry = {
        "sources": [{"path": s, **file_digest(data_dir / s)} for s in sorted(set(sources))],
        "inputs": [{"path": _rel(p), **file_digest(p)} for p in inputs],
        "outputs": [{"path": _rel(p), **file_digest(p)} for p in outputs],
    }
    digest = read(path)
    digest[section] = entry
    path.write_text(json.dumps(dict(sorted(digest.items())), indent=1) + "\n", encoding="utf-8")
    return entry


def read(path: Path = DIGEST_PATH) -> dict[str, Any]:
    """The digest as stored, or {} before any build script has written one."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _rel(p: Path) -> str:
    return p.resolve().relative_to(ROOT).as_posix()
