"""What every evaluator reads: the snapshots of one leaderboard category, with each entry
resolved once against the catalog and placed in time. Pure: built from values, no I/O."""

from __future__ import annotations

import bisect
import calendar
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from catalog import Fact, ModelInfo, Openness, Provenance
from feeds.snapshot import Entry, Snapshot

T = TypeVar("T")
OPEN_TIERS = {
    "open_weights": frozenset({Openness.OSI, Openness.OPEN_WEIGHTS}),
    "osi": frozenset({Openness.OSI}),
}
PROPRIETARY = frozenset({Openness.PROPRIETARY})


class Describes(Protocol):
    """What a history needs of the catalog (a `Catalog`, or one that remembers answers)."""

    def describe(
        self,
        model_key: str,
        display_name: str,
        leaderboard: str,
        meta: Mapping[str, str] | None = None,
    ) -> ModelInfo:
        """The catalog's facts about a leaderboard entry, or what its listing says when the
        catalog does not know it (see `Catalog.describe`)."""
        ...


def month_index(period: str) -> int:
    """'2024-03' → a whole number that months can be added to."""
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def month_name(index: int) -> str:
    """The inverse of `month_index`: 'YYYY-MM', zero-padded."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_of(day: date) -> int:
    """The index (`month_index`'s scale) of the month a day falls in."""
    return day.year * 12 + day.month - 1


@functools.lru_cache(maxsize=4096)
def month_end(index: int) -> date:
    """The last day of the month with this index: the day a month's 'released by the end of
    month t' is checked against. Cached: the evaluators ask for the same few months for every
    board."""
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Placed:
    """A leaderboard entry with its catalog facts; `released` is None when it cannot be
    placed in time (no release date, and first listings are not used)."""

    entry: Entry
    info: ModelInfo
    released: Fact

    @property
    def score(self) -> float:
        """The entry's overall score on its leaderboard category."""
        return self.entry.score

    @property
    def low(self) -> float:
        """The lower end of the score's interval, or the score itself where the leaderboard
        gives none."""
        return self.entry.ci_low if self.entry.ci_low is not None else self.entry.score

    @property
    def high(self) -> float:
        """The upper end of the score's interval, or the score itself where the leaderboard
        gives none."""
        return self.entry.ci_high if self.entry.ci_high is not None else self.entry.score

    @property
    def has_interval(self) -> bool:
        """Whether the leaderboard gives both ends of an interval: comparisons then go by
        overlap instead of by `epsilon_points`."""
        return self.entry.ci_low is not None and self.entry.ci_high is not None

    def released_by(self, day: date) -> bool:
        """Whether the model was released (or first listed) on or before `day`; a model that
        cannot be placed in time never is."""
        return self.released.value is not None and self.released.value <= day

    @functools.cached_property
    def evidence_json(self) -> dict[str, Any]:
        """Computed once per entry and shared by every verdict that cites it: read only."""
        return self.evidence()

    def evidence(self) -> dict[str, Any]:
        """The entry as a verdict cites it: key, name, rank, score and interval, catalog key and
        organisation, and the openness, release and size facts (`fact_json`). A new dict each
        call; verdicts share `evidence_json` instead."""
        e, i = self.entry, self.info
        return {
            "key": e.model_key,
            "name": e.display_name,
            "rank": e.rank,
            "score": e.score,
            "ci_low": e.ci_low,
            "ci_high": e.ci_high,
            "catalog_key": i.key,
            "organisation": i.organisation,
            "openness": fact_json(i.openness),
            "released": fact_json(self.released),
            "params_total": fact_json(i.params_total),
            "params_active": fact_json(i.params_active),
        }


def fact_json(fact: Fact) -> dict[str, Any] | None:
    """A catalog fact as verdict evidence stores it: {value, provenance, source}, with a date in
    ISO form and an openness tier as its string; None when the fact is unknown."""
    if not fact.known:
        return None
    value = (
        fact.value.isoformat()
        if isinstance(fact.value, date)
        else (fact.value.value if isinstance(fact.value, Openness) else fact.value)
    )
    return {"value": value, "provenance": fact.provenance.value, "source": fact.source}


@dataclass(frozen=True)
class Board:
    """One snapshot, its entries placed and ordered best first (by score).

    `day` is the date the snapshot's content shows: its own label, or later where it lists
    a model released after the label (the file was updated after it was labelled; a model
    cannot be released after the snapshot that lists it). `dated_by` names that model."""

    snapshot: Snapshot
    ranked: tuple[Placed, ...]
    widest: float = 0.0  # the largest upper half-interval, to stop best-set scans early
    day: date = date.min
    dated_by: str = ""

    @property
    def label(self) -> date:
        """The date the snapshot is labelled with, which `day` may pass when the snapshot lists
        a model released after it."""
        return self.snapshot.snapshot_date

    @functools.cached_property
    def _memo(self) -> dict[Any, Any]:
        return {}

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """A value derived from this board, computed once (the ledger asks every month)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def of_tiers(self, tiers: frozenset) -> tuple[Placed, ...]:
        """The entries whose openness is one of `tiers`, best first."""
        return self.memo(
            ("tiers", tiers),
            lambda: tuple(p for p in self.ranked if p.info.openness.value in tiers),
        )

    def best_released_by(self, day: date, tiers: frozenset | None = None) -> Placed | None:
        """The best entry (of `tiers`, or of all) released on or before `day`: the first of
        `ranked` that `released_by(day)`, found by a bisect over release dates rather than a
        scan (the ledger asks for every month of every board)."""
        days, best = self.memo(
            ("released by", tiers),
            lambda: _best_by_release(self.ranked if tiers is None else self.of_tiers(tiers)),
        )
        i = bisect.bisect_right(days, day) - 1
        return best[i] if i >= 0 else None

    def position(self, placed: Placed) -> int:
        """Where an entry stands in `ranked` (0 is the best)."""
        return self.memo("positions", lambda: {id(p): i for i, p in enumerate(self.ranked)})[
            id(placed)
        ]


@dataclass(frozen=True)
class History:
    leaderboard: str
    category: str
    boards: tuple[Board, ...]  # oldest first
    first_data: date | None = None  # the earliest release or snapshot date seen
    unplaced: tuple[str, ...] = field(default=())  # models with no date at all

    @property
    def horizon(self) -> date:
        """How far the data reaches: the content date of the newest snapshot. Nothing after
        its month is decided (LAWS.md, "Horizon and vacuity")."""
        return max(b.day for b in self.boards)

    @classmethod
    def build(
        cls,
        snapshots: Iterable[Snapshot],
        catalog: Describes,
        first_listed: Mapping[str, date] | None = None,
        use_first_listed: bool = True,
    ) -> History:
        """Resolve every entry once. `first_listed` maps a model key to its first listing on
        this leaderboard (defaults to the earliest of the given snapshots)."""
        snaps = sorted(snapshots, key=lambda s: (s.snapshot_date, s.fetched_at))
        if not snaps:
            raise ValueError("a history needs at least one snapshot")
        leaderboard, category = snaps[0].leaderboard, snaps[0].category
        if any((s.leaderboard, s.category) != (leaderboard, category) for s in snaps):
            raise ValueError("a history holds one leaderboard category")
        infos: dict[str, ModelInfo] = {}
        for s in snaps:
            for e in s.entries:
                if e.model_key not in infos:
                    infos[e.model_key] = catalog.describe(
                        e.model_key, e.display_name, leaderboard, e.meta
                    )
        days = [content_date(s, infos) for s in snaps]
        listed = dict(first_listed or {})
        for s, (day, _) in zip(snaps, days, strict=True):
            for e in s.entries:
                if e.model_key not in listed or day < listed[e.model_key]:
                    listed[e.model_key] = day
        boards, unplaced, earliest = [], set(), [days[0][0]]
        for s, (day, dated_by) in zip(snaps, days, strict=True):
            placed = []
            for e in s.entries:
                info = infos[e.model_key]
                released = info.released
                if not released.known and use_first_listed:
                    released = Fact(
                        listed[e.model_key],
                        Provenance.FIRST_LISTED,
                        f"first listed on {leaderboard} {category}",
                    )
                if released.known:
                    earliest.append(released.value)
                else:
                    unplaced.add(e.model_key)
                placed.append(Placed(e, info, released))
            placed.sort(key=lambda p: (-p.score, p.entry.rank, p.entry.model_key))
            widest = max((p.high - p.score for p in placed), default=0.0)
            boards.append(Board(s, tuple(placed), widest, day, dated_by))
        boards.sort(key=lambda b: (b.day, b.snapshot.fetched_at))
        return cls(leaderboard, category, tuple(boards), min(earliest), tuple(sorted(unplaced)))

    def board_for(self, mode: str, decision_day: date) -> Board | None:
        """The deciding snapshot: the newest ("latest"), or the newest dated on or before
        the decision day ("as_known_then")."""
        if mode == "latest":
            return self.boards[-1]
        chosen = None
        for board in self.boards:
            if board.day <= decision_day:
                chosen = board
        return chosen


def _best_by_release(ranked: tuple[Placed, ...]) -> tuple[list[date], list[Placed]]:
    """Release dates in order, and for each the best of `ranked` released by then."""
    dated = sorted((p.released.value, i) for i, p in enumerate(ranked) if p.released.known)
    days: list[date] = []
    best: list[Placed] = []
    top = len(ranked)
    for day, i in dated:
        top = min(top, i)
        days.append(day)
        best.append(ranked[top])
    return days, best


def content_date(snapshot: Snapshot, infos: Mapping[str, ModelInfo]) -> tuple[date, str]:
    """The date a snapshot's content shows, and the model that dates it ('' for its label):
    the label, or the latest release date a source gives (not a first listing) of a model
    it lists, where that is later."""
    day, by = snapshot.snapshot_date, ""
    for e in snapshot.entries:
        released = infos[e.model_key].released
        if (
            released.known
            and released.provenance is not Provenance.FIRST_LISTED
            and released.value > day
        ):
            day, by = released.value, e.display_name
    return day, by


def best_set(ranked: Iterable[Placed], widest: float) -> list[Placed]:
    """Rank 1 of the candidates and every candidate whose interval overlaps it (only equal
    scores where there are no intervals). `ranked` is best first; `widest` bounds how far
    above its score any interval reaches, so the scan stops where no overlap is possible."""
    found: list[Placed] = []
    for p in ranked:
        if not found:
            found.append(p)
            continue
        top = found[0]
        if p.score + widest < top.low:
            break
        if (p.high >= top.low and p.low <= top.high) if top.has_interval else p.score == top.score:
            found.append(p)
    return found
