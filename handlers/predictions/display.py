"""Predictions as neutral Replies. Everything a person typed (the claim as stated, names,
a void's reason) passes through `neutralise_reply` on the way out, so nothing shown can
ping or format; what is stored is untouched."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.forms import Action
from handlers.reply import Field, Reply, Tone
from handlers.text import clip, inert, neutralise, neutralise_reply
from laws.evidence import released, scope_name, score, size
from storage.predictions import Prediction, Status

FIELD_MAX = 1024  # Discord's limit for an embed field value
WITHDRAW, VOID = "pred_withdraw", "pred_void"  # action kinds (handlers.actions.ACTIONS)
_NUMBER = re.compile(r"#?([0-9]{1,18})")  # ASCII digits; 18 stay within SQLite's integers
_TONES = {
    Status.OPEN: Tone.INFO,
    Status.YES: Tone.HOLDS,
    Status.NO: Tone.BROKEN,
    Status.WITHDRAWN: Tone.UNDETERMINED,
    Status.VOIDED: Tone.UNDETERMINED,
}
_STATUS_WORDS = {
    Status.OPEN: "open",
    Status.YES: "YES: it came true",
    Status.NO: "NO: it did not come true",
    Status.WITHDRAWN: "withdrawn",
    Status.VOIDED: "voided",
}
# Evidence entries that describe a model (predictions.resolve), and how to call each.
_ROLES = {
    "top": "#1",
    "best_of_openness": "best of that openness",
    "model": "model",
    "other": "other model",
    "beaten": "model to beat",
    "smaller": "smaller model",
    "open": "best open model",
    "proprietary_matched": "proprietary model matched",
    "proprietary_claimed": "proprietary model of the claimed lag",
}


def number_of(text: str) -> int | None:
    """The id in '12' or '#12'; None for anything else ('²', 20 digits)."""
    found = _NUMBER.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def no_such(typed: str) -> str:
    """What a command says of a prediction number that finds nothing, quoting at most 40
    characters of it, and where to list them."""
    return f"There is no prediction {clip(typed, 40)!r}. List them with /predictions."


def author(p: Prediction) -> str:
    """The author as shown: their name made inert (it can neither ping nor format the message)
    and their platform."""
    return f"{inert(p.by.user_name)} on {p.by.platform}"


def byline(p: Prediction) -> str:
    """Who stated it, and the day: how /predictions credits each prediction."""
    return f"{author(p)}, {p.stated_at:%Y-%m-%d}"


def status_line(p: Prediction) -> str:
    """Where a prediction stands, in one line."""
    if p.status in (Status.YES, Status.NO):
        return f"{_STATUS_WORDS[p.status]} (decided by the snapshot of {p.resolved_on})"
    if p.status is Status.VOIDED and p.void is not None:
        was = f" (it had resolved {p.outcome})" if p.outcome else ""
        return (
            f"voided by {inert(p.void.by.user_name)} on {p.void.by.platform}, "
            f"{_when(p.void.at)}{was}: {inert(p.void.reason)}"
        )
    if p.status is Status.WITHDRAWN and p.withdrawn_at is not None:
        return f"withdrawn by its author, {_when(p.withdrawn_at)}"
    return (
        f"open: checked after each new snapshot of "
        f"{scope_name(p.stated.leaderboard, p.stated.category)} until "
        f"{p.stated.deadline} (and until the data reaches past it)"
    )


def acknowledgement(p: Prediction, data_as_of: str | None) -> Reply:
    """What the author gets once a prediction is stored: its sentence, when it was stated, that
    it is checked after each new snapshot of its scope and announced once to channels subscribed
    with predictions, and how far its data reaches (`data_as_of`; None: no snapshot yet)."""
    data = f"Its data is as of {data_as_of}." if data_as_of else "I hold no snapshot of it yet."
    return neutralise_reply(
        Reply(
            title=f"Prediction #{p.id} recorded",
            text=p.stated.sentence,
            fields=(
                Field("Stated", f"by {author(p)}, {_when(p.stated_at)}"),
                Field(
                    "What happens next",
                    f"I check it after each new snapshot of "
                    f"{scope_name(p.stated.leaderboard, p.stated.category)} and announce "
                    f"the outcome once, to channels subscribed with predictions. {data}",
                ),
            ),
            footer=f"/prediction {p.id} shows it; the author may withdraw it while it is open.",
        )
    )


def status_word(p: Prediction) -> str:
    """Its status in a word: open, YES, NO, withdrawn, voided."""
    return _STATUS_WORDS[p.status].split(":")[0]


def tone(p: Prediction) -> Tone:
    """The colour of a prediction's status: YES as HOLDS, NO as BROKEN, withdrawn and voided as
    UNDETERMINED, open as INFO."""
    return _TONES[p.status]


def detail(p: Prediction, *, may_withdraw: bool, may_void: bool, evidence: bool = True) -> Reply:
    """One prediction: the claim, who stated it when, its status and evidence with
    provenance; a Withdraw button for its author while open, Void for moderators.
    `evidence=False` leaves the evidence out (the web page lays it out as tables)."""
    fields = [
        Field("Claim as stated", clip(inert(p.stated.claim), FIELD_MAX)),
        Field("Stated", f"by {author(p)}, {_when(p.stated_at)}"),
    ]
    if p.stated.confidence is not None:
        fields.append(Field("Confidence", f"{p.stated.confidence}%", inline=True))
    fields.append(Field("Status", clip(status_line(p), FIELD_MAX)))
    if p.evidence and evidence:
        fields.append(Field("Evidence", clip(evidence_text(p.evidence), FIELD_MAX)))
    actions: list[Action] = []
    if may_withdraw and p.status is Status.OPEN:
        actions.append(Action(WITHDRAW, str(p.id), "Withdraw"))
    if may_void and p.status in (Status.OPEN, Status.YES, Status.NO):
        actions.append(Action(VOID, str(p.id), "Void", style="danger", asks_reason=True))
    return neutralise_reply(
        Reply(
            title=f"Prediction #{p.id} · {status_word(p)}",
            text=p.stated.sentence,
            fields=tuple(fields),
            tone=tone(p),
            footer=_provenance(p),
            actions=tuple(actions),
        )
    )


def evidence_text(evidence: dict[str, Any]) -> str:
    """The resolution's evidence: why, the deciding snapshot, each model with its score
    and catalog facts (each with its provenance and source)."""
    return "\n".join(
        [
            *evidence_lines(evidence),
            *(f"{role}: {model_line(m)}" for role, m in evidence_models(evidence)),
        ]
    )


def evidence_lines(evidence: dict[str, Any]) -> list[str]:
    """The evidence but its models: why, the deciding snapshot (and for NO the first one
    past the deadline), each with its source file."""
    lines = []
    if evidence.get("reason"):
        lines.append(str(evidence["reason"]))
    if evidence.get("snapshot_date"):
        lines.append(
            f"Snapshot {evidence['snapshot_date']}: "
            f"{evidence.get('snapshot_source') or 'source not recorded'}"
        )
    covered = evidence.get("covered_by")
    if isinstance(covered, dict):
        lines.append(
            f"Data past the deadline: snapshot {covered.get('snapshot_date')} "
            f"({covered.get('snapshot_source') or 'source not recorded'})"
        )
    return lines


def evidence_models(evidence: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(role, model) for each model the evidence names, in the order chat lists them."""
    return [
        (role, model)
        for key, role in _ROLES.items()
        if isinstance(model := evidence.get(key), dict) and "name" in model and "score" in model
    ]


def model_line(m: dict[str, Any]) -> str:
    """'glm-4.6 1441 ± 5 · open_weights (disclosed: arena licence) · 355B · released …'."""
    openness = m.get("openness")
    kind = (
        f"{openness['value']} ({_source(openness)})"
        if isinstance(openness, dict)
        else "openness unknown"
    )
    total = m.get("params_total")
    sized = size(m) + (f" ({_source(total)})" if isinstance(total, dict) else "")
    when = m.get("released")
    dated = released(m) + (f" ({_source(when)})" if isinstance(when, dict) else "")
    return f"{m['name']} {score(m)} · {kind} · {sized} · {dated}"


def listing(items: Sequence[Prediction], heading: str, limit: int) -> Reply:
    """/predictions' reply: one field per prediction (number, status, deadline, the sentence
    clipped to 300 characters, byline), with a footer when `limit` may have cut the list."""
    if not items:
        return Reply(title=heading, text="None yet. State one with /predict.")
    fields = tuple(
        Field(
            f"#{p.id} · {status_word(p)} · {p.stated.deadline}",
            f"{clip(p.stated.sentence, 300)}\n— {byline(p)}",
        )
        for p in items
    )
    footer = f"Newest {limit} shown." if len(items) >= limit else ""
    return neutralise_reply(
        Reply(title=heading, text="Details: /prediction N", fields=fields, footer=footer)
    )


def changed(p: Prediction, what: str) -> Reply:
    """The confirmation of a withdrawal or a void."""
    return neutralise_reply(
        Reply(
            title=f"Prediction #{p.id} {what}",
            text=f"{p.stated.sentence}\nNow: {status_line(p)}.",
            tone=tone(p),
        )
    )


@dataclass(frozen=True)
class Forecaster:
    name: str
    platform: str
    resolved: int
    right: int
    scored: int  # resolved predictions that carried a confidence
    brier: float | None


def forecasters(people: Sequence[Forecaster], limit: int) -> Reply:
    """/forecasters' reply: the first `limit` people as given (best first), each with their
    resolved predictions, how many came true and the Brier score over those stated with a
    confidence, the score explained; says so when no prediction has resolved."""
    if not people:
        return Reply(
            title="Forecasters", text="No prediction has resolved yet. State one with /predict."
        )
    fields = tuple(
        Field(
            f"{inert(f.name)} on {f.platform}",
            f"{f.resolved} resolved, {f.right} came true"
            + (
                f"; Brier score {f.brier:.3f} over the {f.scored} with a confidence"
                if f.brier is not None
                else "; no confidence given, so no Brier score"
            ),
        )
        for f in people[:limit]
    )
    return neutralise_reply(
        Reply(
            title="Forecasters",
            fields=fields,
            text="Per person: resolved predictions, how many came true, and the Brier score "
            "(mean of (confidence − outcome)², 0 is perfect, 0.25 is always saying 50%) "
            "of those stated with a confidence. Voided predictions do not count.",
            footer=f"Best {limit} by Brier score shown." if len(people) > limit else "",
        )
    )


def announcement_payload(p: Prediction) -> dict[str, Any]:
    """What the outbox keeps of a resolution to announce it (as JSON)."""
    e = p.evidence
    return {
        "id": p.id,
        "leaderboard": p.stated.leaderboard,
        "category": p.stated.category,
        "sentence": p.stated.sentence,
        "outcome": p.outcome,
        "resolved_on": p.resolved_on.isoformat() if p.resolved_on else None,
        "snapshot_date": e.get("snapshot_date"),
        "snapshot_source": e.get("snapshot_source"),
        "covered_by": e.get("covered_by"),
        "reason": e.get("reason", ""),
        "author": p.by.user_name,
        "platform": p.by.platform,
        "stated": p.stated_at.date().isoformat(),
        "confidence": p.stated.confidence,
    }


def announcement(payload: dict[str, Any]) -> Reply:
    """The announcement of a resolved prediction (an outbox event): the sentence, the
    outcome, the deciding snapshot and the author, credited by name (never a mention)."""
    yes = payload.get("outcome") == "YES"
    number = payload.get("id", "?")
    snapshot = payload.get("snapshot_date")
    deciding = (
        f"{snapshot}: {payload.get('snapshot_source') or 'source not recorded'}"
        if snapshot
        else "none dated after it was stated"
    )
    covered = payload.get("covered_by")
    if not yes and isinstance(covered, dict):
        deciding += f"\nThe data reaches past the deadline: snapshot {covered.get('snapshot_date')}"
    confidence = payload.get("confidence")
    stated = (
        f"{inert(str(payload.get('author', '?')))} on {payload.get('platform', '?')}, "
        f"{payload.get('stated', '?')}" + (f", at {confidence}%" if confidence else "")
    )
    return neutralise_reply(
        Reply(
            title=f"Prediction #{number} " + ("came true" if yes else "did not come true"),
            text=clip(str(payload.get("sentence", "")), FIELD_MAX),
            fields=(
                Field(
                    "Outcome",
                    f"{payload.get('outcome', '?')}, decided by the data of "
                    f"{payload.get('resolved_on', '?')}",
                ),
                Field("Why", clip(str(payload.get("reason") or "-"), FIELD_MAX)),
                Field("Deciding snapshot", clip(deciding, FIELD_MAX)),
                Field("Stated by", stated),
            ),
            tone=Tone.HOLDS if yes else Tone.BROKEN,
            footer=f"/prediction {number} has the evidence; /forecasters keeps score.",
        )
    )


def _provenance(p: Prediction) -> str:
    e = p.evidence
    parts = [f"{scope_name(p.stated.leaderboard, p.stated.category)}"]
    if e.get("data_as_of"):
        parts.append(f"data as of {e['data_as_of']} when checked")
    if p.resolved_at is not None:
        parts.append(f"resolved {_when(p.resolved_at)}")
    parts.append(f"canonical form: {p.stated.canonical}")
    return neutralise(" · ".join(parts))


def _source(fact: dict[str, Any]) -> str:
    return ": ".join(str(x) for x in (fact.get("provenance"), fact.get("source")) if x)


def _when(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"
