"""Write tests/fixtures/source_contracts.json: for every source in feeds/registry.py, what
the importer makes of each file in its fixture folder, tests/fixtures/<leaderboard id>/:
each snapshot's leaderboard, category, date, number of entries, top three model keys with
their scores, and a digest of all its entries. tests/feeds/test_sources_contract.py checks
that the parsers still make exactly that. After a deliberate change to a parser or a
fixture, run this again and review the diff before committing it.

    .venv/bin/python scripts/source_contracts.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feeds.importer import is_companion, parse_file  # noqa: E402
from feeds.registry import SOURCES  # noqa: E402
from feeds.snapshot import Snapshot  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
CONTRACTS = FIXTURES / "source_contracts.json"
# The fetch time given to the parsers: the date of a fixture that carries none.
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def fixtures(leaderboard: str) -> list[Path]:
    """The files of a source's fixture folder that are read on their own (not the
    companions read with them)."""
    folder = FIXTURES / leaderboard
    return sorted(p for p in folder.iterdir() if p.is_file() and not is_companion(p.name))


def summary(snapshot: Snapshot) -> dict[str, Any]:
    """What the contract keeps of a snapshot."""
    entries = [
        [
            e.rank,
            e.model_key,
            e.display_name,
            e.score,
            e.ci_low,
            e.ci_high,
            e.votes,
            e.scores,
            e.meta,
        ]
        for e in snapshot.entries
    ]
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()
    return {
        "leaderboard": snapshot.leaderboard,
        "category": snapshot.category,
        "date": snapshot.snapshot_date.isoformat(),
        "entries": len(snapshot.entries),
        "top": [[e.model_key, e.score] for e in snapshot.entries[:3]],
        "entries_sha256": digest[:16],
    }


def contract(path: Path) -> list[dict[str, Any]]:
    """What the importer makes of one fixture."""
    return [summary(s) for s in parse_file(path, FETCHED_AT)]


def contracts() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every source's fixtures, each with what the importer makes of it."""
    return {
        leaderboard: {p.name: contract(p) for p in fixtures(leaderboard)} for leaderboard in SOURCES
    }


def dumps(found: dict[str, dict[str, list[dict[str, Any]]]]) -> str:
    """The contracts as JSON with one line per snapshot, so that a diff shows which
    snapshot of which fixture changed."""
    sources = []
    for leaderboard, by_file in found.items():
        files = []
        for name, snapshots in by_file.items():
            lines = ",\n".join(f"   {json.dumps(s, ensure_ascii=False)}" for s in snapshots)
            files.append(f"  {json.dumps(name)}: [\n{lines}\n  ]")
        sources.append(f" {json.dumps(leaderboard)}: {{\n" + ",\n".join(files) + "\n }")
    return "{\n" + ",\n".join(sources) + "\n}\n"


def main() -> int:
    """Write the contracts; 2 when a source has no fixture folder."""
    missing = [f"tests/fixtures/{s}/" for s in SOURCES if not (FIXTURES / s).is_dir()]
    if missing:
        print(
            f"{Path(__file__).name}: no fixture folder {', '.join(missing)} (every source "
            "needs excerpts of its real files there)",
            file=sys.stderr,
        )
        return 2
    found = contracts()
    CONTRACTS.write_text(dumps(found), encoding="utf-8")
    files = sum(len(by_file) for by_file in found.values())
    print(f"wrote {CONTRACTS.relative_to(ROOT)}: {len(found)} sources, {files} fixtures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
