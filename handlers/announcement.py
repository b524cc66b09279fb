"""The announcement of a new leader, and of any other outbox event, as neutral values.

An `Announcement` is computed once, when the snapshot that reveals the change is stored, and
kept in the outbox as JSON; delivery turns it into a `Reply` that every adapter renders.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from catalog import Catalog, ModelInfo, Openness, Provenance
from feeds.snapshot import Entry
from handlers.counterexamples.display import credit_announcement
from handlers.detect import LeaderChange
from handlers.events import (
    COUNTEREXAMPLE_ACCEPTED,
    LEADER_CHANGE,
    PREDICTION_RESOLVED,
    VERDICT_CHANGE,
)
from handlers.links import (
    Links,
    counterexample_path,
    leaderboard_path,
    prediction_path,
    verdict_path,
)
from handlers.predictions.display import announcement as prediction_announcement
from handlers.reply import Field, Reply, Tone

_OPENNESS_WORDS = {
    Openness.OSI.value: "open source (OSI licence)",
    Openness.OPEN_WEIGHTS.value: "open weights",
    Openness.PROPRIETARY.value: "proprietary",
}
_OPEN = {Openness.OSI.value, Openness.OPEN_WEIGHTS.value}


@dataclass(frozen=True)
class Contender:
    name: str
    model_key: str
    score: float
    ci_low: float | None
    ci_high: float | None
    openness: str | None  # an `Openness` value, None when unknown
    params_total: int | None
    params_active: int | None
    params_provenance: str  # a `Provenance` value

    @classmethod
    def of(cls, entry: Entry, info: ModelInfo) -> Contender:
        """An entry as its announcement keeps it: the listing's name, key, score and interval
        with the catalog's openness and sizes, as plain values that survive the outbox's JSON."""
        return cls(
            name=entry.display_name,
            model_key=entry.model_key,
            score=entry.score,
            ci_low=entry.ci_low,
            ci_high=entry.ci_high,
            openness=info.openness.value.value if info.openness.known else None,
            params_total=info.params_total.value,
            params_active=info.params_active.value,
            params_provenance=info.params_total.provenance.value,
        )


@dataclass(frozen=True)
class Announcement:
    leaderboard: str
    title: str  # the leaderboard's human name
    category: str
    snapshot_date: str  # ISO date the data describes
    new: Contender
    old: Contender
    old_listed: bool  # the displaced leader is in the same snapshot (margin is meaningful)
    rule: str  # why this counts as a real change

    @property
    def margin(self) -> float | None:
        """The new leader's score minus the displaced one's, in the leaderboard's points; None
        when the displaced model is not in this snapshot, where the scores would not compare."""
        return self.new.score - self.old.score if self.old_listed else None

    def meaning(self) -> tuple[str, ...]:
        """What the change means for the laws, in plain sentences."""
        where = f"{self.title} {self.category}"
        new, old = self.new.openness, self.old.openness
        lines = []
        if new in _OPEN:
            kind = "An open-source (OSI)" if new == Openness.OSI.value else "An open-weights"
            line = f"{kind} model leads {where}"
            if old == Openness.PROPRIETARY.value:
                line += ", ahead of every proprietary model listed (law 2)"
            lines.append(line + ".")
        elif new == Openness.PROPRIETARY.value:
            line = f"A proprietary model leads {where}"
            if old in _OPEN:
                line += "; open models no longer hold the top spot (law 2)"
            lines.append(line + ".")
        else:
            lines.append(f"Whether the new leader of {where} is open is unknown.")
        if self.new.params_total and self.old.params_total:
            sizes = f"{_params(self.new)} vs {_params(self.old)} total parameters"
            if self.new.params_total < self.old.params_total:
                lines.append(
                    f"The new leader is smaller than the one it displaced ({sizes}): "
                    "superior and smaller (law 3a)."
                )
            elif self.new.params_total > self.old.params_total:
                lines.append(
                    f"The new leader is larger than the one it displaced ({sizes}): "
                    "the best keep growing (law 3b)."
                )
        else:
            lines.append(
                "The sizes of the two models are not both known, so this says "
                "nothing yet about law 3."
            )
        return tuple(lines)


def announcement_of(change: LeaderChange, catalog: Catalog, title: str = "") -> Announcement:
    """The announcement of a new leader: both contenders with what the catalog (else their
    listing) says of them, computed once when the snapshot that reveals the change is stored.
    `title` is the leaderboard's human name (its id when not given)."""
    snap = change.snapshot

    def describe(entry: Entry) -> ModelInfo:
        return catalog.describe(entry.model_key, entry.display_name, snap.leaderboard, entry.meta)

    return Announcement(
        leaderboard=snap.leaderboard,
        title=title or snap.leaderboard,
        category=snap.category,
        snapshot_date=snap.snapshot_date.isoformat(),
        new=Contender.of(change.new, describe(change.new)),
        old=Contender.of(change.old, describe(change.old)),
        old_listed=change.old_listed,
        rule=change.rule,
    )


def to_payload(announcement: Announcement) -> dict[str, Any]:
    """The announcement as the outbox stores it: plain JSON values, read back by `from_payload`
    when it is delivered."""
    return asdict(announcement)


def from_payload(payload: dict[str, Any]) -> Announcement:
    """The inverse of `to_payload`: the announcement an outbox payload holds, so delivery
    renders what was computed when the snapshot was stored, not what the catalog says by then."""
    return Announcement(
        **{**payload, "new": Contender(**payload["new"]), "old": Contender(**payload["old"])}
    )


def announcement_reply(a: Announcement) -> Reply:
    """The message announcing a new #1: both contenders with score, interval, openness and size,
    the margin (when the displaced leader is in the same snapshot), and what the change suggests
    for laws 2 and 3."""
    margin = a.margin
    fields = (
        Field("New leader", _contender(a.new), inline=True),
        Field(
            "Displaced",
            _contender(a.old) + ("" if a.old_listed else "\nnot listed in this snapshot"),
            inline=True,
        ),
        Field(
            "Margin",
            f"{margin:+.1f} points"
            if margin is not None
            else "not comparable (the displaced model is not in this snapshot)",
        ),
        Field("What it means for the laws", "\n".join(a.meaning())),
    )
    return Reply(
        title=f"New #1 on {a.title} · {a.category}: {a.new.name}",
        text=f"{a.new.name} takes the top spot from {a.old.name} in the snapshot of "
        f"{a.snapshot_date}: {a.rule}.",
        fields=fields,
        footer=f"{a.leaderboard} · {a.category} · snapshot {a.snapshot_date}",
    )


def verdict_change_reply(payload: dict[str, Any]) -> Reply:
    """A change in the ledger: law, leaderboard, category, period, old and new status, why."""
    new = str(payload.get("new_status", "UNDETERMINED"))
    old = payload.get("old_status")
    scope = f"{payload.get('leaderboard', '?')} · {payload.get('category', '?')}"
    text = (
        f"Law {payload.get('law', '?')} on {scope} for {payload.get('period', '?')}: "
        + (f"{old} → {new}" if old else f"now {new}")
        + "."
    )
    reason = str(payload.get("reason") or "")
    if payload.get("data_as_of"):
        text += f" Data as of {payload['data_as_of']}."
    return Reply(
        title=f"Ledger: law {payload.get('law', '?')} {new} on {scope}",
        text=text + (f"\n{reason}" if reason else ""),
        tone=Tone(new.split()[0]) if new.split()[0] in Tone.__members__ else Tone.INFO,
        footer="Use /law N for the whole ledger of a law.",
    )


def event_reply(kind: str, payload: dict[str, Any], links: Links | None = None) -> Reply:
    """The message for an outbox event of any kind; with `links` (a public web address),
    its title links to the event's web page."""
    if kind == LEADER_CHANGE:
        reply = announcement_reply(from_payload(payload))
    elif kind == VERDICT_CHANGE:
        reply = verdict_change_reply(payload)
    elif kind == COUNTEREXAMPLE_ACCEPTED:
        reply = credit_announcement(payload)
    elif kind == PREDICTION_RESOLVED:
        reply = prediction_announcement(payload)
    else:
        return Reply(
            title=f"Lawkeeper: {kind}", text=", ".join(f"{k}: {v}" for k, v in payload.items())
        )
    path = event_path(kind, payload)
    if links is None or not links.base or not path:
        return reply
    return dataclasses.replace(reply, url=f"{links.base}{path}")


def event_path(kind: str, payload: dict[str, Any]) -> str:
    """The web page of an outbox event: a new leader's standings in the snapshot that
    revealed it, a ledger change's verdict, an accepted counterexample, a resolved
    prediction ("" for others)."""
    try:
        if kind == LEADER_CHANGE:
            return leaderboard_path(
                payload["leaderboard"],
                payload["category"],
                date.fromisoformat(payload["snapshot_date"]),
            )
        if kind == VERDICT_CHANGE:
            return verdict_path(
                str(payload["law"]), payload["leaderboard"], payload["category"], payload["period"]
            )
        if kind == COUNTEREXAMPLE_ACCEPTED:
            return counterexample_path(int(payload["id"]))
        if kind == PREDICTION_RESOLVED:
            return prediction_path(int(payload["id"]))
    except (KeyError, TypeError, ValueError):  # an older or damaged payload: no link
        return ""
    return ""


def _contender(c: Contender) -> str:
    score = f"{c.score:.1f}"
    if c.ci_low is not None and c.ci_high is not None:
        score += f" (95% interval {c.ci_low:.1f}–{c.ci_high:.1f})"
    openness = _OPENNESS_WORDS.get(c.openness or "", "openness unknown")
    size = f"{_params(c)} parameters" if c.params_total else "size unknown"
    if c.params_active:
        size += f", {_scaled(c.params_active)} active"
    return f"{c.name}\n{score}\n{openness} · {size}"


def _params(c: Contender) -> str:
    text = _scaled(c.params_total or 0)
    return text + (" (estimated)" if c.params_provenance == Provenance.ESTIMATED.value else "")


def _scaled(n: int) -> str:
    if n >= 10**12:
        return f"{n / 10**12:.3g}T"
    return f"{n / 10**9:.3g}B"
