"""Resolving a claim against a leaderboard category's history, with evidence like a ledger
verdict's. Pure: a History and the laws' settings in, a Resolution out.

Rules (issue 17, item 3; README "Predictions"):
- Only snapshots dated (by their content, `Board.day`) after the day the claim was stated
  count, each judged on its own content ("as known then").
- YES as soon as a snapshot dated on or before the deadline satisfies the claim; its content
  date is `resolved_on`. (`above … on=DATE` asks about one day: the standing on DATE is the
  newest snapshot dated on or before it, decided once the data reaches DATE.)
- NO once the data covers the deadline (a snapshot dated after it, so within the horizon)
  and none did; `resolved_on` is that snapshot's date.
- OPEN otherwise: the data does not reach the deadline, or a snapshot that might satisfy it
  cannot be judged (a model's openness unknown). The calendar moving on is not evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from catalog import Openness
from laws.common import compare
from laws.history import (
    OPEN_TIERS,
    PROPRIETARY,
    Board,
    History,
    Placed,
    best_set,
    month_end,
    month_of,
)
from laws.law2 import best_by_month, observed_lag
from laws.settings import LawsConfig
from laws.verdict import Status
from predictions.claims import Claim, params_text

Outcome = Literal["YES", "NO", "OPEN"]
Met = Literal["met", "unmet", "unknown"]
# How many snapshots' names an evidence list shows at most.
_LISTED = 10


@dataclass(frozen=True)
class Resolution:
    outcome: Outcome
    # The content date of the deciding snapshot (YES), or of the first snapshot dated after
    # the deadline (NO); None while OPEN.
    resolved_on: date | None
    evidence: dict[str, Any] = field(default_factory=dict)  # JSON-able

    def to_json(self) -> dict[str, Any]:
        """The resolution as JSON values: `resolved_on` as an ISO date, null while OPEN; the
        evidence as it is (already JSON-able)."""
        return {
            "outcome": self.outcome,
            "resolved_on": self.resolved_on.isoformat() if self.resolved_on else None,
            "evidence": self.evidence,
        }


def resolve(claim: Claim, history: History, *, stated: date, settings: LawsConfig) -> Resolution:
    """The claim's outcome given every snapshot of `history` (the claim's leaderboard and
    category, all snapshots: build it "as known then") dated after `stated`."""
    _check_scope(claim, history)
    boards = [b for b in history.boards if b.day > stated]
    head = _head(claim, history, stated, settings)
    if claim.template == "above":
        return _resolve_on(claim, history, boards, head, settings)
    checked = 0
    undecided: list[tuple[Board, dict[str, Any]]] = []
    last: tuple[Board, dict[str, Any]] | None = None
    for board in boards:
        if board.day > claim.deadline:
            break
        checked += 1
        met, found = _CHECKS[claim.template](claim, board, settings)
        if met == "met":
            return Resolution(
                "YES",
                board.day,
                {**head, **_snapshot(board), **found, "snapshots_checked": checked},
            )
        if met == "unknown":
            undecided.append((board, found))
        last = (board, found)
    after = next((b for b in boards if b.day > claim.deadline), None)
    if undecided:
        board, found = undecided[-1]
        return Resolution(
            "OPEN",
            None,
            {
                **head,
                **_snapshot(board),
                **found,
                "snapshots_checked": checked,
                "reason": f"{len(undecided)} snapshot(s) by the deadline cannot be judged: "
                f"{found.get('reason', '')}",
            },
        )
    shown = {**_snapshot(last[0]), **last[1]} if last else {}
    latest = f" (the latest, {last[0].day.isoformat()}: {last[1]['reason']})" if last else ""
    if after is None:
        return Resolution(
            "OPEN",
            None,
            {
                **head,
                **shown,
                "snapshots_checked": checked,
                "reason": _open_reason(claim, history, stated) + latest,
            },
        )
    why = (
        f"none of the {checked} snapshot(s) dated after {stated.isoformat()} and by "
        f"{claim.deadline.isoformat()} satisfies the claim{latest}"
        if checked
        else f"no snapshot is dated after {stated.isoformat()} and by {claim.deadline.isoformat()}"
    )
    return Resolution(
        "NO",
        after.day,
        {
            **head,
            **shown,
            "snapshots_checked": checked,
            "covered_by": {
                "snapshot_date": after.day.isoformat(),
                "snapshot_source": after.snapshot.source,
            },
            "reason": f"{why}; the data reaches past the deadline ({after.day.isoformat()})",
        },
    )


def holds_now(claim: Claim, history: History, *, today: date, settings: LawsConfig) -> Resolution:
    """Whether the claim is already true on the newest snapshot dated by `today`: YES (with
    evidence) means it states nothing new and is refused; OPEN otherwise."""
    _check_scope(claim, history)
    board = next((b for b in reversed(history.boards) if b.day <= today), None)
    head = _head(claim, history, today, settings)
    if board is None:
        return Resolution(
            "OPEN", None, {**head, "reason": "no snapshot of this leaderboard category yet"}
        )
    check = _above if claim.template == "above" else _CHECKS[claim.template]
    met, found = check(claim, board, settings)
    return Resolution(
        "YES" if met == "met" else "OPEN",
        board.day if met == "met" else None,
        {**head, **_snapshot(board), **found},
    )


# --- One snapshot, one template --------------------------------------------------------


def _leader(claim: Claim, board: Board, settings: LawsConfig) -> tuple[Met, dict[str, Any]]:
    """#1 is the highest score of the snapshot; models whose intervals overlap it are
    listed beside it."""
    top = board.ranked[0]
    tiers = _tiers(claim.openness or "open", settings)
    tied = best_set(board.ranked, board.widest)[1:]
    best_of_kind = next(iter(board.of_tiers(tiers)), None)
    found: dict[str, Any] = {
        "top": top.evidence_json,
        "tied_with_top": [p.entry.display_name for p in tied][:_LISTED],
        "best_of_openness": best_of_kind.evidence_json if best_of_kind else None,
    }
    openness = top.info.openness
    if not openness.known:
        return "unknown", {
            **found,
            "reason": f"the #1, {top.entry.display_name}, has no known openness",
        }
    said = f"the #1, {top.entry.display_name}, is {_words(openness.value)}"
    return ("met" if openness.value in tiers else "unmet"), {**found, "reason": said}


def _reaches(claim: Claim, board: Board, settings: LawsConfig) -> tuple[Met, dict[str, Any]]:
    """The model's (or the best model of the openness's) score, against the claimed score
    (point estimates: a score is a leaderboard's number, not an interval)."""
    wanted = claim.score if claim.score is not None else 0.0
    if claim.model in ("any-open", "any-proprietary"):
        tiers = _tiers("open" if claim.model == "any-open" else "proprietary", settings)
        best = next(iter(board.of_tiers(tiers)), None)
        found: dict[str, Any] = {
            "model": best.evidence_json if best else None,
            "score_claimed": wanted,
        }
        if best is not None and best.score >= wanted:
            return "met", {
                **found,
                "reason": f"{best.entry.display_name} scores {best.score:g} ≥ {wanted:g}",
            }
        unsure = [p for p in board.ranked if p.score >= wanted and not p.info.openness.known]
        if unsure:
            return "unknown", {
                **found,
                "unknown_openness": [p.entry.display_name for p in unsure][:_LISTED],
                "reason": f"{unsure[0].entry.display_name} scores {unsure[0].score:g} but "
                f"its openness is unknown",
            }
        return "unmet", {
            **found,
            "reason": (
                f"the best, {best.entry.display_name}, scores {best.score:g} < {wanted:g}"
                if best
                else "no model of that openness is listed"
            ),
        }
    mine = _listed(board, claim.model)
    found = {"model": mine.evidence_json if mine else None, "score_claimed": wanted}
    if mine is None:
        return "unmet", {**found, "reason": f"{_name(claim)} is not listed"}
    if mine.score >= wanted:
        return "met", {
            **found,
            "reason": f"{mine.entry.display_name} scores {mine.score:g} ≥ {wanted:g}",
        }
    return "unmet", {
        **found,
        "reason": f"{mine.entry.display_name} scores {mine.score:g} < {wanted:g}",
    }


def _lag(claim: Claim, board: Board, settings: LawsConfig) -> tuple[Met, dict[str, Any]]:
    """Law 2's observed lag in the snapshot's own month t: the smallest m with the best open
    model (released by the end of t) scoring at least the best proprietary model released
    by the end of t − m (laws/law2.py's own functions)."""
    t = month_of(board.day)
    months = claim.months if claim.months is not None else 0
    open_tiers = OPEN_TIERS[settings.open_means]
    o = board.best_released_by(month_end(t), open_tiers)
    closed = board.of_tiers(PROPRIETARY)
    found: dict[str, Any] = {
        "open_means": settings.open_means,
        "months_claimed": months,
        "open": o.evidence_json if o else None,
    }
    if o is None or not closed:
        return "unmet", {
            **found,
            "observed_lag_months": None,
            "reason": (
                "no open model released by the snapshot's month"
                if o is None
                else "no proprietary model listed"
            ),
        }
    lag = observed_lag(o, board.memo("proprietary by month", lambda: best_by_month(closed)), t)
    found["observed_lag_months"] = lag
    claimed = board.best_released_by(month_end(t - months), PROPRIETARY)
    found["proprietary_claimed"] = claimed.evidence_json if claimed else None
    if lag is None:
        return "unmet", {
            **found,
            "reason": f"the best open model, {o.entry.display_name}, "
            f"is below every proprietary model listed",
        }
    matched = board.best_released_by(month_end(t - lag), PROPRIETARY)
    found["proprietary_matched"] = matched.evidence_json if matched else None
    verb = "met" if lag <= months else "unmet"
    return verb, {
        **found,
        "reason": f"observed lag {lag} month(s) in {board.day:%Y-%m}: "
        f"{o.entry.display_name} {o.score:g} ≥ "
        f"{matched.entry.display_name if matched else '?'}",
    }


def _smaller_beats(claim: Claim, board: Board, settings: LawsConfig) -> tuple[Met, dict[str, Any]]:
    """A model with a known, sourced total size of at most `params` above the claimed model
    beyond the intervals (without intervals: by more than epsilon), as the laws compare.
    A model of unknown size never counts."""
    limit = claim.params or 0
    target = _listed(board, claim.model)
    found: dict[str, Any] = {
        "params_claimed": limit,
        "params_claimed_text": params_text(limit),
        "beaten": target.evidence_json if target else None,
        "epsilon_points": settings.epsilon_points,
    }
    if target is None:
        return "unmet", {**found, "reason": f"{_name(claim)} is not listed"}
    unsized: list[str] = []
    too_big: list[str] = []
    for p in board.ranked:  # best first: stop once nothing can be above the target
        if p.score + board.widest + settings.epsilon_points < target.low:
            break
        if compare(p, target, settings.epsilon_points) is not Status.HOLDS:
            continue
        size = p.info.params_total
        if not size.known or not size.source:
            unsized.append(p.entry.display_name)
        elif size.value <= limit:
            return "met", {
                **found,
                "smaller": p.evidence_json,
                "size_basis": str(size.provenance),
                "reason": f"{p.entry.display_name} ({params_text(size.value)}, "
                f"{size.provenance}) {p.score:g} is above "
                f"{target.entry.display_name} {target.score:g}",
            }
        else:
            too_big.append(p.entry.display_name)
    return "unmet", {
        **found,
        "above_but_larger": too_big[:_LISTED],
        "above_but_size_unknown": unsized[:_LISTED],
        "reason": f"no model of at most {params_text(limit)} (known size) is "
        f"above {target.entry.display_name}"
        + (f"; {len(unsized)} above it have no known size and do not count" if unsized else ""),
    }


def _above(claim: Claim, board: Board, settings: LawsConfig) -> tuple[Met, dict[str, Any]]:
    """`model` above `other` beyond the intervals (without intervals: by more than
    epsilon); a tie is not above."""
    a, b = _listed(board, claim.model), _listed(board, claim.other)
    found: dict[str, Any] = {
        "model": a.evidence_json if a else None,
        "other": b.evidence_json if b else None,
        "epsilon_points": settings.epsilon_points,
    }
    if a is None:  # the model claimed to rank above is not ranked at all: not above
        return "unmet", {**found, "reason": f"{_name(claim)} is not listed"}
    if b is None:  # nothing to be above: the data cannot judge the claim either way
        return "unknown", {**found, "reason": f"{claim.other_name or claim.other} is not listed"}
    status = compare(a, b, settings.epsilon_points)
    words = {
        Status.HOLDS: "is above",
        Status.BROKEN: "is below",
        Status.TIED: "ties with (intervals overlap)",
    }[status]
    return ("met" if status is Status.HOLDS else "unmet"), {
        **found,
        "comparison": str(status),
        "reason": f"{a.entry.display_name} {a.score:g} {words} {b.entry.display_name} {b.score:g}",
    }


_CHECKS = {"leader": _leader, "reaches": _reaches, "lag": _lag, "smaller-beats": _smaller_beats}


def _resolve_on(
    claim: Claim, history: History, boards: list[Board], head: dict[str, Any], settings: LawsConfig
) -> Resolution:
    """`above … on=DATE`: the standing on DATE is the newest snapshot dated after the claim
    and on or before DATE; known once a snapshot is dated on or after DATE."""
    standing = None
    for board in boards:
        if board.day <= claim.deadline:
            standing = board
    reached = next((b for b in boards if b.day >= claim.deadline), None)
    if reached is None:
        return Resolution(
            "OPEN",
            None,
            {**head, "reason": _open_reason(claim, history, date.fromisoformat(head["stated"]))},
        )
    if standing is None:
        return Resolution(
            "NO",
            reached.day,
            {
                **head,
                "reason": f"no snapshot is dated after {head['stated']} and by "
                f"{claim.deadline.isoformat()}, so nothing shows the claim",
            },
        )
    met, found = _above(claim, standing, settings)
    if met == "met":
        return Resolution("YES", standing.day, {**head, **_snapshot(standing), **found})
    if met == "unknown":
        return Resolution(
            "OPEN",
            None,
            {
                **head,
                **_snapshot(standing),
                **found,
                "reason": f"the standing on {claim.deadline.isoformat()} cannot be judged: "
                f"{found['reason']} in the snapshot of {standing.day.isoformat()}",
            },
        )
    return Resolution(
        "NO",
        reached.day,
        {
            **head,
            **_snapshot(standing),
            **found,
            "covered_by": {
                "snapshot_date": reached.day.isoformat(),
                "snapshot_source": reached.snapshot.source,
            },
        },
    )


# --- Evidence ---------------------------------------------------------------------------


def _head(claim: Claim, history: History, stated: date, settings: LawsConfig) -> dict[str, Any]:
    return {
        "claim": claim.text(),
        "template": claim.template,
        "leaderboard": history.leaderboard,
        "category": history.category,
        "stated": stated.isoformat(),
        "deadline": claim.deadline.isoformat(),
        "data_as_of": history.horizon.isoformat(),
    }


def _snapshot(board: Board) -> dict[str, Any]:
    """The deciding snapshot, as a ledger verdict cites it (content date, label where that
    differs and the model that dates it, source file)."""
    out: dict[str, Any] = {
        "snapshot_date": board.day.isoformat(),
        "snapshot_source": board.snapshot.source,
        "snapshot_fetched_at": board.snapshot.fetched_at.isoformat(),
    }
    if board.day != board.label:
        out |= {"snapshot_label": board.label.isoformat(), "snapshot_dated_by": board.dated_by}
    return out


def _open_reason(claim: Claim, history: History, stated: date) -> str:
    horizon = history.horizon
    if horizon <= stated:
        return (
            f"no data since {horizon.isoformat()}: no snapshot is dated after the claim "
            f"was stated ({stated.isoformat()})"
        )
    return f"no data since {horizon.isoformat()}; the deadline is {claim.deadline.isoformat()}"


def _tiers(openness: str, settings: LawsConfig) -> frozenset[Openness]:
    """`open` as the laws mean it (settings.open_means); the others are catalog tiers."""
    if openness == "open":
        return OPEN_TIERS[settings.open_means]
    if openness == "proprietary":
        return PROPRIETARY
    return frozenset({Openness(openness)})


def _words(openness: Openness) -> str:
    return {
        Openness.OSI: "open (OSI licence)",
        Openness.OPEN_WEIGHTS: "open weights",
        Openness.PROPRIETARY: "proprietary",
    }[openness]


def _listed(board: Board, key: str | None) -> Placed | None:
    """The best-placed entry of a catalog key in the snapshot (aliases included): it stands
    for the model, so no other listing of the same model can be above it."""
    return next((p for p in board.ranked if p.info.key == key), None)


def _name(claim: Claim) -> str:
    return claim.model_name or claim.model or "?"


def _check_scope(claim: Claim, history: History) -> None:
    if (claim.leaderboard, claim.category) != (history.leaderboard, history.category):
        raise ValueError(
            f"a claim on {claim.leaderboard}/{claim.category} resolved against "
            f"the history of {history.leaderboard}/{history.category}"
        )
