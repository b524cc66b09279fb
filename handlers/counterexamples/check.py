"""The check of a counterexample against one stored snapshot: pure (snapshot and catalog in,
`Check` out), with the ledger's own definitions and settings ([laws], LAWS.md) applied to the
named models: the same placement in time (catalog release date, else the first listing,
labelled), the same openness tiers, and the evaluators' own rules (`laws.law1.judge`,
`laws.law2.judge`, `laws.law3.judge_3b`): one definition per law.

- Law 2: the best named open model O against the best named proprietary model P. The pair
  is a counterexample when P was released by the end of the month `law2_lag_months` before
  O's release month and O is below P beyond the intervals (without intervals: by more than
  `epsilon_points`).
- Law 1: the newest named model B against the oldest A, when B is above A overall (a newer
  best). A shared benchmark on which B is below A by more than `epsilon_points` breaks the
  law; at least `law1_min_benchmarks` shared benchmarks without one contradict the claim.
- Law 3 (the part a pair can decide, 3b "the best keep growing"): a newer model above an
  older one beyond the intervals with fewer total parameters breaks it; a larger one does
  not. Sizes count when disclosed (estimates too with `law3b_accept_estimates`); unknown
  sizes are never guessed.
Scores are compared only within the one snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from catalog import Catalog, Fact, normalise
from feeds.snapshot import Entry, Snapshot
from laws import law1, law2, law3
from laws.common import compare
from laws.history import OPEN_TIERS, PROPRIETARY, History, Placed, month_of
from laws.settings import LawsConfig
from laws.verdict import Status
from storage.counterexamples import Check, CheckOutcome


@dataclass(frozen=True)
class Named:
    """A named model as the snapshot lists it, placed in time as the ledger places it."""

    name: str  # as the submitter wrote it
    placed: Placed

    @property
    def entry(self) -> Entry:
        """The snapshot's entry for the named model: its score, interval and per-benchmark
        scores."""
        return self.placed.entry


def find_models(
    snapshot: Snapshot,
    names: Sequence[str],
    catalog: Catalog,
    settings: LawsConfig,
    first_listed: Mapping[str, date] | None = None,
) -> tuple[list[Named], list[str]]:
    """The snapshot entries the names refer to (by key, display name or catalog alias), and
    the names not found. `first_listed`: model key → first listing on this leaderboard
    category (without it, this snapshot's date)."""
    board = History.build(
        [snapshot], catalog, first_listed, use_first_listed=settings.first_listed_as_release
    ).boards[0]
    by_key = {p.entry.model_key: p for p in board.ranked}
    found, missing = [], []
    for name in names:
        entry = _lookup(snapshot, name, catalog)
        if entry is None:
            missing.append(name)
        else:
            found.append(Named(name, by_key[entry.model_key]))
    return found, missing


def check_claim(
    law: str,
    names: Sequence[str],
    snapshot: Snapshot | None,
    catalog: Catalog,
    settings: LawsConfig,
    first_listed: Mapping[str, date] | None = None,
) -> Check:
    """The check of a claim about law `law` against one snapshot, by the law's own rules (see
    the module docstring). UNCHECKABLE, saying why, when no model is named, there is no
    snapshot, a named model is not in it, or fewer than two are; the figures list the snapshot
    and each named model's numbers."""
    if not names:
        return _uncheckable("No models are named.")
    if snapshot is None:
        return _uncheckable("I have no snapshot for that leaderboard and date.")
    found, missing = find_models(snapshot, names, catalog, settings, first_listed)
    where = f"{snapshot.leaderboard} · {snapshot.category}, {snapshot.snapshot_date}"
    figures = (f"Snapshot: {where}", *(_figure(n) for n in found))
    if missing:
        return Check(
            CheckOutcome.UNCHECKABLE, f"Not in the {where} snapshot: {', '.join(missing)}.", figures
        )
    if len(found) < 2:
        return Check(
            CheckOutcome.UNCHECKABLE,
            "A check needs two of the named models in one snapshot.",
            figures,
        )
    checker = {"1": _law1, "2": _law2, "3": _law3}[law]
    outcome, summary = checker(found, settings)
    return Check(outcome, summary, figures)


def _law2(found: list[Named], s: LawsConfig) -> tuple[CheckOutcome, str]:
    open_ = [n for n in found if n.placed.info.openness.value in OPEN_TIERS[s.open_means]]
    closed = [n for n in found if n.placed.info.openness.value in PROPRIETARY]
    if not open_ or not closed:
        tiers = "open" if s.open_means == "open_weights" else "OSI-licensed"
        return CheckOutcome.UNCHECKABLE, (
            f"Law 2 compares an {tiers} model with a proprietary "
            "one; the openness of the named models does not give "
            "such a pair."
        )
    o = max(open_, key=lambda n: n.entry.score)
    p = max(closed, key=lambda n: n.entry.score)
    if not (o.placed.released.known and p.placed.released.known):
        return CheckOutcome.UNCHECKABLE, "A release date is unknown, so the lag cannot be told."
    lag = month_of(o.placed.released.value) - month_of(p.placed.released.value)
    if not p.placed.released_by(law2.proprietary_cutoff(month_of(o.placed.released.value), s)):
        return CheckOutcome.CONTRADICTED, (
            f"{p.name} was released {_months(lag)} before {o.name}; law 2 compares with "
            f"proprietary models released at least {s.law2_lag_months} months earlier."
        )
    status = law2.judge(o.placed, p.placed, s)
    if status is Status.BROKEN:
        return CheckOutcome.SUPPORTED, (
            f"{o.name} (open) is below {p.name} (proprietary, "
            f"{_months(lag)} older) beyond the intervals."
        )
    if status is Status.TIED:
        return CheckOutcome.CONTRADICTED, (
            f"{o.name} and {p.name} are tied within the intervals: a tie does not break law 2."
        )
    return CheckOutcome.CONTRADICTED, f"{o.name} (open) is above {p.name} (proprietary)."


def _law1(found: list[Named], s: LawsConfig) -> tuple[CheckOutcome, str]:
    pair = _older_newer(found)
    if isinstance(pair, str):
        return CheckOutcome.UNCHECKABLE, pair
    older, newer = pair
    if compare(newer.placed, older.placed, s.epsilon_points) is not Status.HOLDS:
        return CheckOutcome.UNCHECKABLE, (
            f"{newer.name} is not above {older.name} overall, so it is not a newer best model."
        )
    status, found = law1.judge([older.placed], [newer.placed], s)
    deltas = found.get("deltas", [])
    if status is Status.BROKEN:
        w = found["worst"]
        falls = sum(1 for d in deltas if d["delta"] < -s.epsilon_points)
        more = f" (and {falls - 1} more)" if falls > 1 else ""
        return CheckOutcome.SUPPORTED, (
            f"On {w['benchmark']}, {newer.name} scores "
            f"{w['new_score']:g} against {older.name}'s "
            f"{w['old_score']:g}{more}."
        )
    if status is Status.HOLDS:
        return CheckOutcome.CONTRADICTED, (
            f"{newer.name} is not below {older.name} on any of {len(deltas)} shared benchmarks."
        )
    if "same at both ends" in found["reason"]:
        return CheckOutcome.UNCHECKABLE, f"{newer.name} and {older.name} are one model."
    return CheckOutcome.UNCHECKABLE, (
        f"Only {len(deltas)} shared benchmarks in the snapshot; "
        f"the ledger needs {s.law1_min_benchmarks}."
    )


def _law3(found: list[Named], s: LawsConfig) -> tuple[CheckOutcome, str]:
    pair = _older_newer(found)
    if isinstance(pair, str):
        return CheckOutcome.UNCHECKABLE, pair
    older, newer = pair
    if compare(newer.placed, older.placed, s.epsilon_points) is not Status.HOLDS:
        return CheckOutcome.UNCHECKABLE, (
            f"{newer.name} is not above {older.name} beyond the "
            "intervals, so it is not a newer best model."
        )
    status, found = law3.judge_3b(newer.placed, older.placed, s)
    if status is Status.BROKEN:
        return CheckOutcome.SUPPORTED, (
            f"{newer.name} is above {older.name} and smaller: the best did not grow (part 3b)."
        )
    if status is Status.UNDETERMINED:
        reason = found["reason"]
        return CheckOutcome.UNCHECKABLE, f"{reason[:1].upper()}{reason[1:]}."
    return CheckOutcome.CONTRADICTED, (
        f"{newer.name} is above {older.name} and not smaller: the best grew (part 3b)."
    )


def _months(n: int) -> str:
    return f"{n} month{'s' if n != 1 else ''}"


def _older_newer(found: list[Named]) -> tuple[Named, Named] | str:
    """The oldest and the newest named model, or why they cannot be told apart."""
    unknown = [n.name for n in found if not n.placed.released.known]
    if unknown:
        return f"Release date unknown: {', '.join(unknown)}, so which model is newer is not."
    ordered = sorted(found, key=lambda n: n.placed.released.value)
    if ordered[0].placed.released.value == ordered[-1].placed.released.value:
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
        info = catalog.resolve(entry.model_key, snapshot.leaderboard) or catalog.resolve(
            entry.display_name, snapshot.leaderboard
        )
        if info is not None and info.key == resolved.key:
            return entry
    return None


def _figure(n: Named) -> str:
    e, info = n.entry, n.placed.info
    interval = (
        f" (95% CI {e.ci_low:g}–{e.ci_high:g})"
        if e.ci_low is not None and e.ci_high is not None
        else ""
    )
    parts = [f"{n.name}: rank {e.rank}, score {e.score:g}{interval}"]
    parts.append(_fact("openness", info.openness))
    parts.append(_fact("released", n.placed.released))
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
