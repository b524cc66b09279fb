"""Top-spot detection with flap suppression. Pure: snapshots and the catalog in, a decision
out; no clock, no I/O.

The *established* leader of a leaderboard category is what announcements are measured
against, not the previous snapshot's rank 1: a challenger that edges ahead inside the
intervals and falls back is never announced, and neither is the return of the established
leader. The established leader moves only when

- the snapshot gives intervals and lists the established leader: the challenger's lower
  bound must clear the established leader's score *in the same snapshot* (scores are only
  comparable within one snapshot); or
- otherwise (no intervals, or the established leader is no longer listed): the challenger
  must hold rank 1 for `confirm_snapshots` consecutive snapshots.

A rename or alias (both names resolve to one catalog entry) is the same leader. The first
snapshot is a baseline; imported history moves the established leader but never announces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog import Catalog, normalise
from feeds.snapshot import Entry, Snapshot


@dataclass(frozen=True)
class LeaderState:
    """Where a leaderboard category stands after the snapshots seen so far."""

    identity: str  # the established leader: its catalog key, else its normalised model key
    entry: Entry  # the established leader as listed in the latest snapshot that listed it
    challenger: str | None = None  # identity of the current rank 1 when it is someone else
    streak: int = 0  # consecutive snapshots the challenger has held rank 1


@dataclass(frozen=True)
class LeaderChange:
    """A real change of leader, revealed by `snapshot`."""

    snapshot: Snapshot
    new: Entry
    old: Entry
    old_listed: bool  # the displaced leader appears in `snapshot`, so scores compare
    rule: str  # why it counts, in words


def identity(entry: Entry, leaderboard: str, catalog: Catalog) -> str:
    """One name per model: the catalog entry the key or display name resolves to, else the
    source's own key (normalised)."""
    found = catalog.resolve(entry.model_key, leaderboard) or catalog.resolve(
        entry.display_name, leaderboard
    )
    return found.key if found is not None else normalise(entry.model_key)


def step(
    state: LeaderState | None, snapshot: Snapshot, catalog: Catalog, confirm_snapshots: int
) -> tuple[LeaderState | None, LeaderChange | None]:
    """Apply one snapshot (the next in date order) to the state; return the new state and
    the change it reveals, if any."""
    top = snapshot.leader
    if top is None:
        return state, None
    top_id = identity(top, snapshot.leaderboard, catalog)
    if state is None:
        return LeaderState(identity=top_id, entry=top), None
    if top_id == state.identity:
        return LeaderState(identity=top_id, entry=top), None
    old_now = _listed(state, snapshot, catalog)
    streak = state.streak + 1 if state.challenger == top_id else 1
    if old_now is not None and top.ci_low is not None:
        changed = top.ci_low > old_now.score
        rule = (
            f"its lower bound {top.ci_low:g} clears the previous leader's score {old_now.score:g}"
        )
    else:
        changed = streak >= max(confirm_snapshots, 1)
        rule = f"it has held the top spot for {streak} consecutive snapshot" + (
            "s" if streak != 1 else ""
        )
    if not changed:
        kept = state.entry if old_now is None else old_now
        return LeaderState(state.identity, kept, challenger=top_id, streak=streak), None
    change = LeaderChange(
        snapshot=snapshot,
        new=top,
        old=old_now or state.entry,
        old_listed=old_now is not None,
        rule=rule,
    )
    return LeaderState(identity=top_id, entry=top), change


def _listed(state: LeaderState, snapshot: Snapshot, catalog: Catalog) -> Entry | None:
    """The established leader's entry in this snapshot: by its key (cheap, and nearly
    always there), else by catalog identity (a renamed key)."""
    key = state.entry.model_key
    for entry in snapshot.entries:
        if entry.model_key == key:
            return entry
    return next(
        (
            e
            for e in snapshot.entries
            if identity(e, snapshot.leaderboard, catalog) == state.identity
        ),
        None,
    )


def replay(
    snapshots: Iterable[Snapshot], catalog: Catalog, confirm_snapshots: int
) -> LeaderState | None:
    """The state after these snapshots (oldest first)."""
    state: LeaderState | None = None
    for snapshot in snapshots:
        state, _ = step(state, snapshot, catalog, confirm_snapshots)
    return state


def detect(
    previous: Iterable[Snapshot],
    new: Snapshot,
    catalog: Catalog,
    confirm_snapshots: int,
    *,
    imported: bool = False,
) -> LeaderChange | None:
    """Whether `new` reveals a real change of leader, given the earlier snapshots of the
    same leaderboard category (oldest first)."""
    _, change = step(replay(previous, catalog, confirm_snapshots), new, catalog, confirm_snapshots)
    return None if imported else change


def leader_changes(
    snapshots: Iterable[Snapshot], catalog: Catalog, confirm_snapshots: int
) -> list[LeaderChange]:
    """Every real change of leader these snapshots of one leaderboard category (oldest
    first) reveal, by the rule announcements follow (imported ones included: this is the
    history of the top spot, not what was announced)."""
    state: LeaderState | None = None
    changes = []
    for snapshot in snapshots:
        state, change = step(state, snapshot, catalog, confirm_snapshots)
        if change is not None:
            changes.append(change)
    return changes
