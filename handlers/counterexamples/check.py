"""The check of a counterexample against one stored snapshot: pure (snapshot and catalog in,
`Check` out), with the ledger's definitions from LAWS.md applied to the named models.

- Law 2: the best named open model O against the best named proprietary model P. The pair
  is a counterexample when P was released at least `lag_months` before O and O is below P
  beyond the intervals (without intervals: by more than `epsilon`).
- Law 1: the newest named model B against the oldest A, when B is above A overall (a newer
  best). A shared benchmark on which B is below A by more than `epsilon` breaks the law;
  at least 3 shared benchmarks without one contradict the claim.
- Law 3 (the part a pair can decide, 3b "the best keep growing"): a newer model above an
  older one beyond the intervals with fewer total parameters breaks it; a larger one does
  not. Unknown sizes are never guessed.
Scores are compared only within the one snapshot.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from catalog import Catalog, Fact, ModelInfo, Openness, normalise
from feeds.snapshot import Entry, Snapshot
from storage.counterexamples import Check, CheckOutcome

OPEN = (Openness.OSI, Openness.OPEN_WEIGHTS)


@dataclass(frozen=True)
class CheckSettings:
    """The ledger's defaults (LAWS.md)."""

    lag_months: int = 6
    epsilon: float = 0.5  # points, where a leaderboard gives no intervals
    min_shared_benchmarks: int = 3


@dataclass(frozen=True)
class Named:
    """A named model as the snapshot lists it, with what the catalog knows of it."""

    name: str
    entry: Entry
    info: ModelInfo


def find_models(snapshot: Snapshot, names: Sequence[str],
                catalog: Catalog) -> tuple[list[Named], list[str]]:
    """The snapshot entries the names refer to (by key, display name or catalog alias), and
    the names not found."""
    board = snapshot.leaderboard
    found, missing = [], []
    for name in names:
        entry = _lookup(snapshot, name, catalog)
        if entry is None:
            missing.append(name)
        else:
            found.append(Named(name, entry, catalog.describe(entry.model_key, entry.display_name,
                                                             board, entry.meta)))
    return found, missing


def check_claim(law: str, names: Sequence[str], snapshot: Snapshot | None, catalog: Catalog,
                settings: CheckSettings = CheckSettings()) -> Check:
    if not names:
        return _uncheckable("No models are named.")
    if snapshot is None:
        return _uncheckable("I have no snapshot for that leaderboard and date.")
    found, missing = find_models(snapshot, names, catalog)
    where = f"{snapshot.leaderboard} · {snapshot.category}, {snapshot.snapshot_date}"
    figures = (f"Snapshot: {where}", *(_figure(n) for n in found))
    if missing:
        return Check(CheckOutcome.UNCHECKABLE,
                     f"Not in the {where} snapshot: {', '.join(missing)}.", figures)
    if len(found) < 2:
        return Check(CheckOutcome.UNCHECKABLE, "A check needs two of the named models in one "
                                               "snapshot.", figures)
    checker = {"1": _law1, "2": _law2, "3": _law3}[law]
    outcome, summary = checker(found, settings)
    return Check(outcome, summary, figures)


def _law2(found: list[Named], s: CheckSettings) -> tuple[CheckOutcome, str]:
    open_ = [n for n in found if n.info.openness.value in OPEN]
    closed = [n for n in found if n.info.openness.value is Openness.PROPRIETARY]
    if not open_ or not closed:
        return CheckOutcome.UNCHECKABLE, ("Law 2 compares an open model with a proprietary "
                                          "one; the openness of the named models does not give "
                                          "such a pair.")
    o = max(open_, key=lambda n: n.entry.score)
    p = max(closed, key=lambda n: n.entry.score)
    if not (o.info.released.known and p.info.released.known):
        return CheckOutcome.UNCHECKABLE, "A release date is unknown, so the lag cannot be told."
    lag = months_between(p.info.released.value, o.info.released.value)
    if p.info.released.value > add_months(o.info.released.value, -s.lag_months):
        return CheckOutcome.CONTRADICTED, (
            f"{p.name} was released {_months(lag)} before {o.name}; law 2 compares with "
            f"proprietary models released at least {s.lag_months} months earlier.")
    side = compare(o.entry, p.entry, s.epsilon)
    if side < 0:
        return CheckOutcome.SUPPORTED, (f"{o.name} (open) is below {p.name} (proprietary, "
                                        f"{_months(lag)} older) beyond the intervals.")
    if side == 0:
        return CheckOutcome.CONTRADICTED, (f"{o.name} and {p.name} are tied within the "
                                           "intervals: a tie does not break law 2.")
    return CheckOutcome.CONTRADICTED, f"{o.name} (open) is above {p.name} (proprietary)."


def _law1(found: list[Named], s: CheckSettings) -> tuple[CheckOutcome, str]:
    pair = _older_newer(found)
    if isinstance(pair, str):
        return CheckOutcome.UNCHECKABLE, pair
    older, newer = pair
    if compare(newer.entry, older.entry, s.epsilon) <= 0:
        return CheckOutcome.UNCHECKABLE, (f"{newer.name} is not above {older.name} overall, so "
                                          "it is not a newer best model.")
    shared = sorted(set(older.entry.scores) & set(newer.entry.scores))
    falls = [b for b in shared if newer.entry.scores[b] < older.entry.scores[b] - s.epsilon]
    if falls:
        b = falls[0]
        return CheckOutcome.SUPPORTED, (
            f"On {b}, {newer.name} scores {newer.entry.scores[b]:g} against {older.name}'s "
            f"{older.entry.scores[b]:g}" + (f" (and {len(falls) - 1} more)" if len(falls) > 1
                                            else "") + ".")
    if len(shared) >= s.min_shared_benchmarks:
        return CheckOutcome.CONTRADICTED, (f"{newer.name} is not below {older.name} on any of "
                                           f"{len(shared)} shared benchmarks.")
    return CheckOutcome.UNCHECKABLE, (f"Only {len(shared)} shared benchmarks in the snapshot; "
                                      f"the ledger needs {s.min_shared_benchmarks}.")


def _law3(found: list[Named], s: CheckSettings) -> tuple[CheckOutcome, str]:
    pair = _older_newer(found)
    if isinstance(pair, str):
        return CheckOutcome.UNCHECKABLE, pair
    older, newer = pair
    if compare(newer.entry, older.entry, s.epsilon) <= 0:
        return CheckOutcome.UNCHECKABLE, (f"{newer.name} is not above {older.name} beyond the "
                                          "intervals, so it is not a newer best model.")
    unknown = [n.name for n in (older, newer) if not n.info.params_total.known]
    if unknown:
        return CheckOutcome.UNCHECKABLE, f"Size not disclosed: {', '.join(unknown)}."
    if newer.info.params_total.value < older.info.params_total.value:
        return CheckOutcome.SUPPORTED, (f"{newer.name} is above {older.name} and smaller: the "
                                        "best did not grow (part 3b).")
    return CheckOutcome.CONTRADICTED, (f"{newer.name} is above {older.name} and not smaller: "
                                       "the best grew (part 3b).")


def compare(a: Entry, b: Entry, epsilon: float) -> int:
    """1 if a is above b beyond the intervals (without intervals: by more than epsilon),
    -1 if below, 0 if they overlap."""
    if None not in (a.ci_low, a.ci_high, b.ci_low, b.ci_high):
        if a.ci_low > b.ci_high:  # type: ignore[operator]
            return 1
        return -1 if a.ci_high < b.ci_low else 0  # type: ignore[operator]
    if a.score > b.score + epsilon:
        return 1
    return -1 if a.score < b.score - epsilon else 0


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last day where it is shorter."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def _months(n: int) -> str:
    return f"{n} month{'s' if n != 1 else ''}"


def _older_newer(found: list[Named]) -> tuple[Named, Named] | str:
    """The oldest and the newest named model, or why they cannot be told apart."""
    unknown = [n.name for n in found if not n.info.released.known]
    if unknown:
        return f"Release date unknown: {', '.join(unknown)}, so which model is newer is not."
    ordered = sorted(found, key=lambda n: n.info.released.value)
    if ordered[0].info.released.value == ordered[-1].info.released.value:
        return "The named models were released the same day: neither is newer."
    return ordered[0], ordered[-1]


def _lookup(snapshot: Snapshot, name: str, catalog: Catalog) -> Entry | None:
    wanted = normalise(name)
    for entry in snapshot.entries:
        if wanted in (normalise(entry.model_key), normalise(entry.display_name)):
            return entry
    resolved = catalog.resolve(name, snapshot.leaderboard)
    if resolved is None:
        return None
    for entry in snapshot.entries:
        info = (catalog.resolve(entry.model_key, snapshot.leaderboard)
                or catalog.resolve(entry.display_name, snapshot.leaderboard))
        if info is not None and info.key == resolved.key:
            return entry
    return None


def _figure(n: Named) -> str:
    e, info = n.entry, n.info
    interval = (f" (95% CI {e.ci_low:g}–{e.ci_high:g})"
                if e.ci_low is not None and e.ci_high is not None else "")
    parts = [f"{n.name}: rank {e.rank}, score {e.score:g}{interval}"]
    parts.append(_fact("openness", info.openness))
    parts.append(_fact("released", info.released))
    parts.append(_fact("total parameters", info.params_total, billions=True))
    return "; ".join(parts)


def _fact(label: str, fact: Fact, billions: bool = False) -> str:
    if not fact.known:
        return f"{label} unknown"
    value = f"{fact.value / 1e9:g}B" if billions else str(fact.value)
    source = f", {fact.source}" if fact.source else ""
    return f"{label} {value} ({fact.provenance}{source})"


def _uncheckable(summary: str) -> Check:
    return Check(CheckOutcome.UNCHECKABLE, summary)
