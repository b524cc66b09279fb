"""The backtest: claims stated in the past, resolved as they would have been live from the
day they were stated. Pure: the JSON Lines bytes, the histories and the settings in;
`main.py predictions backtest` does the reading and printing.

A line is `{"stated": "YYYY-MM-DD", "claim": "<text form>"}`; other keys (such as the
examples file's `source` citation) are carried along and ignored by the resolution.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from laws.history import History
from laws.settings import LawsConfig
from predictions.claims import Claim, ClaimError, Names, parse
from predictions.resolve import Resolution, resolve

LINES_MAX = 10_000
LINE_MAX = 10_000  # characters of one JSON line (a claim is at most TEXT_MAX of them)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BacktestError(ValueError):
    """A line of the file that is not a claim; the message names the line number."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Stated:
    line: int
    stated: date
    claim: Claim
    extra: dict[str, Any] = field(default_factory=dict)  # other keys of the line, as given


@dataclass(frozen=True)
class Outcome:
    stated: Stated
    resolution: Resolution

    def to_json(self) -> dict[str, Any]:
        """One element of `main.py predictions backtest --json`: the claim in its text form,
        the day it was stated, the outcome, `resolved_on` (null while OPEN) and the evidence;
        the line's other keys (`extra`) are left out."""
        r = self.resolution
        return {
            "claim": self.stated.claim.text(),
            "stated": self.stated.stated.isoformat(),
            "outcome": r.outcome,
            "resolved_on": r.resolved_on.isoformat() if r.resolved_on else None,
            "evidence": r.evidence,
        }


def read_claims(data: bytes, names: Names) -> list[Stated]:
    """Every claim of a JSON Lines file (blank lines skipped); BacktestError naming the
    first bad line. Each claim is parsed as on its stated day (its deadline after it)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BacktestError(data[: exc.start].count(b"\n") + 1, "not UTF-8 text") from None
    out: list[Stated] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(out) >= LINES_MAX:
            raise BacktestError(number, f"at most {LINES_MAX:,} claims in one file")
        if len(line) > LINE_MAX:
            raise BacktestError(number, f"longer than {LINE_MAX:,} characters")
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise BacktestError(number, f"not JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise BacktestError(number, 'expected an object {"stated": …, "claim": …}')
        stated, claim = item.get("stated"), item.get("claim")
        if not isinstance(stated, str) or not isinstance(claim, str):
            missing = "stated" if not isinstance(stated, str) else "claim"
            raise BacktestError(number, f'"{missing}" must be a string')
        try:
            day = date.fromisoformat(stated) if _ISO_DAY.fullmatch(stated) else None
        except ValueError:
            day = None
        if day is None:
            raise BacktestError(number, '"stated" must be a real date, YYYY-MM-DD')
        try:
            parsed = parse(claim, names=names, today=day)
        except ClaimError as exc:
            raise BacktestError(number, f"claim: {exc}") from None
        extra = {k: v for k, v in item.items() if k not in ("stated", "claim")}
        out.append(Stated(number, day, parsed, extra))
    return out


def run(
    claims: list[Stated], histories: Mapping[tuple[str, str], History], settings: LawsConfig
) -> list[Outcome]:
    """Resolve each claim on its scope's history (every snapshot, as known then), counting
    only snapshots dated after the day it was stated."""
    out = []
    for s in claims:
        history = histories.get((s.claim.leaderboard, s.claim.category))
        if history is None:
            resolution = Resolution(
                "OPEN",
                None,
                {
                    "claim": s.claim.text(),
                    "stated": s.stated.isoformat(),
                    "reason": f"no snapshots of {s.claim.leaderboard}/{s.claim.category} stored",
                },
            )
        else:
            resolution = resolve(s.claim, history, stated=s.stated, settings=settings)
        out.append(Outcome(s, resolution))
    return out


def table(outcomes: list[Outcome]) -> str:
    """The outcomes as a readable text table: one row per claim (its line number, stated
    day, outcome and date resolved, the claim in words), its reason on the line below."""
    rows = [("line", "stated", "outcome", "resolved", "claim")]
    for o in outcomes:
        r = o.resolution
        rows.append(
            (
                str(o.stated.line),
                o.stated.stated.isoformat(),
                r.outcome,
                r.resolved_on.isoformat() if r.resolved_on else "-",
                o.stated.claim.sentence(),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if i:
            lines.append(" " * (sum(widths) + 8) + why(outcomes[i - 1].resolution))
    return "\n".join(lines)


def why(r: Resolution) -> str:
    """The resolution's reason and the snapshot it rests on, in one line."""
    e = r.evidence
    where = (
        f"{e.get('leaderboard', '')} snapshot {e['snapshot_date']}"
        if e.get("snapshot_date")
        else ""
    )
    return "; ".join(x for x in (str(e.get("reason") or ""), where) if x)
