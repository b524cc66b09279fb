"""Counterexamples as neutral Replies. Every string a user typed passes through
`neutralise_reply` on the way out, so nothing shown can ping; what is stored is untouched."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from typing import Any

from handlers.forms import Action
from handlers.reply import Field, Reply, Tone
from handlers.text import clip, neutralise, neutralise_reply
from storage.counterexamples import Check, CheckOutcome, Counterexample, Status

FIELD_MAX = 1024  # Discord's limit for an embed field value; Slack's is larger
APPROVE, REJECT = "cx_approve", "cx_reject"  # action kinds (handlers.actions.ACTIONS)

OUTCOME_WORDS = {
    CheckOutcome.SUPPORTED: "supported by the data",
    CheckOutcome.CONTRADICTED: "contradicted by the data",
    CheckOutcome.UNCHECKABLE: "cannot be checked",
}
_NUMBER = re.compile(r"#?([0-9]{1,18})")  # ASCII digits; 18 stay within SQLite's integers


def number_of(text: str) -> int | None:
    """The id in '12' or '#12'; None for anything else, such as '²' (str.isdigit accepts
    it, int() does not) or 20 digits (past SQLite's 64-bit integers)."""
    found = _NUMBER.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def no_such(typed: str) -> str:
    """What a command says of a counterexample number that finds nothing, quoting at most 40
    characters of what was typed."""
    return f"There is no counterexample {clip(typed, 40)!r}."


_TONES = {Status.PENDING: Tone.INFO, Status.ACCEPTED: Tone.BROKEN, Status.REJECTED: Tone.INFO}


def credit_line(c: Counterexample) -> str:
    """The ledger's line for an accepted counterexample (shown by /law N)."""
    accepted = c.decided
    when = f", accepted {accepted.at:%Y-%m-%d}" if accepted else ""
    return neutralise(
        f"BROKEN by counterexample #{c.id} (credited to {c.by.user_name} on {c.by.platform}{when})"
    )


def counterexample_fields(accepted: list[Counterexample]) -> tuple[Field, ...]:
    """/law N's lines for the law's accepted counterexamples, beside the data verdicts."""
    if not accepted:
        return ()
    return (
        Field(
            "Community counterexamples",
            clip("\n".join(credit_line(c) for c in accepted), FIELD_MAX),
        ),
    )


def check_field(check: Check) -> Field:
    """The check as one field: its outcome in words, its summary and the figures it rests on,
    clipped to Discord's 1,024 characters. The submitter's acknowledgement and every detail show
    it."""
    lines = [f"{OUTCOME_WORDS[check.outcome].capitalize()}: {check.summary}", *check.figures]
    return Field("Check against the data", clip("\n".join(lines), FIELD_MAX))


def acknowledgement(c: Counterexample, posted: bool) -> Reply:
    """What the submitter gets once the submission is stored: its number, the check, and whether
    the review post reached the moderators' channel (if not, they find it with /counterexamples
    pending); shown to the submitter alone."""
    where = (
        "Moderators will review it"
        if posted
        else "It is stored; the moderators' channel could not be reached just now, so "
        "moderators will find it with /counterexamples pending"
    )
    return neutralise_reply(
        Reply(
            title=f"Counterexample #{c.id} received",
            text=f"Thank you. {where}; you will be told the outcome. "
            f"See it with /counterexample-show {c.id}.",
            fields=(check_field(c.check),),
            ephemeral=True,
        )
    )


def detail(c: Counterexample, *, with_buttons: bool) -> Reply:
    """One counterexample with its check and review history; Approve / Reject buttons when
    it is pending and `with_buttons` (a moderator is looking, or the review post)."""
    s = c.submission
    fields = [
        Field("Models", clip(s.models, FIELD_MAX)),
        Field("Evidence", clip(s.evidence, FIELD_MAX)),
    ]
    if s.snapshot:
        fields.append(Field("Snapshot", clip(s.snapshot, FIELD_MAX)))
    fields.append(
        Field("Submitted", f"by {c.by.user_name} on {c.by.platform}, {_when(c.submitted_at)}")
    )
    fields.append(check_field(c.check))
    if c.reviews:
        fields.append(
            Field(
                "Review history",
                clip(
                    "\n".join(
                        f"{_when(r.at)}: {r.action} by {r.by.user_name} on {r.by.platform}"
                        + (f": {r.reason}" if r.reason else "")
                        for r in c.reviews
                    ),
                    FIELD_MAX,
                ),
            )
        )
    actions: tuple[Action, ...] = ()
    if with_buttons and c.status is Status.PENDING:
        actions = (
            Action(APPROVE, str(c.id), "Approve", style="primary"),
            Action(REJECT, str(c.id), "Reject", style="danger", asks_reason=True),
        )
    return neutralise_reply(
        Reply(
            title=f"Counterexample #{c.id} · law {s.law} · {c.status}",
            text=s.claim,
            fields=tuple(fields),
            tone=_TONES[c.status],
            actions=actions,
        )
    )


def review_post(c: Counterexample) -> Reply:
    """The post for the moderators' review channel: the detail with Approve / Reject buttons,
    titled 'For review: …'."""
    post = detail(c, with_buttons=True)
    return dataclasses.replace(post, title=f"For review: {post.title}")


def listing(items: list[Counterexample], heading: str, limit: int) -> Reply:
    """/counterexamples' reply: one field per counterexample (number, law, status, the claim
    clipped to 200 characters, submitter, date, check outcome), with a footer when `limit` may
    have cut the list."""
    if not items:
        return Reply(title=heading, text="None yet. Submit one with /counterexample.")
    fields = tuple(
        Field(
            f"#{c.id} · law {c.submission.law} · {c.status}",
            f"{clip(c.submission.claim, 200)}\n— {c.by.user_name}, {c.submitted_at:%Y-%m-%d}; "
            f"check: {OUTCOME_WORDS[c.check.outcome]}",
        )
        for c in items
    )
    footer = f"Newest {limit} shown; narrow with a law and a status." if len(items) >= limit else ""
    return neutralise_reply(
        Reply(title=heading, fields=fields, footer=footer, text="Details: /counterexample-show N")
    )


def review_done(c: Counterexample, submitter_told: bool | None) -> Reply:
    """The moderator's confirmation; `submitter_told` is None when the submitter has been
    forgotten (/forget-me)."""
    told = (
        "The submitter has been told."
        if submitter_told
        else "The submitter asked to be forgotten, so no one was told."
        if submitter_told is None
        else "The submitter could not be told just now (their platform is not running); "
        "the outcome shows in /counterexample-show."
    )
    credit = (
        f" Law {c.submission.law} now shows it in the ledger."
        if c.status is Status.ACCEPTED
        else ""
    )
    return neutralise_reply(
        Reply(
            title=f"Counterexample #{c.id} {c.status}",
            text=f"Recorded.{credit} {told}",
            tone=_TONES[c.status],
        )
    )


def outcome_notice(c: Counterexample) -> Reply:
    """What the submitter is told once a moderator has decided."""
    review = c.decided
    reason = f" Reason: {review.reason}" if review and review.reason else ""
    verdict = (
        f"accepted: it is now in the ledger as breaking law {c.submission.law}, credited to you"
        if c.status is Status.ACCEPTED
        else "not accepted"
    )
    return neutralise_reply(
        Reply(
            title=f"Your counterexample #{c.id} was {c.status}",
            text=f"{c.by.user_name}, your counterexample #{c.id} to law {c.submission.law} was "
            f"{verdict}.{reason}",
            tone=_TONES[c.status],
        )
    )


def credit_payload(c: Counterexample) -> dict[str, Any]:
    """What the outbox keeps of an accepted counterexample to announce it (as JSON)."""
    decided = c.decided
    return {
        "id": c.id,
        "law": c.submission.law,
        "claim": c.submission.claim,
        "user_name": c.by.user_name,
        "platform": c.by.platform,
        "check_outcome": c.check.outcome.value,
        "check_summary": c.check.summary,
        "accepted_by": decided.by.user_name if decided else "",
        "accepted_at": decided.at.isoformat() if decided else "",
    }


def credit_announcement(payload: dict[str, Any]) -> Reply:
    """The announcement of an accepted counterexample (an outbox event)."""
    outcome = OUTCOME_WORDS[CheckOutcome(payload.get("check_outcome", "uncheckable"))]
    return neutralise_reply(
        Reply(
            title=f"Law {payload['law']} BROKEN by counterexample #{payload['id']}",
            text=clip(str(payload.get("claim", "")), FIELD_MAX),
            fields=(
                Field(
                    "Credited to",
                    f"{payload.get('user_name', '?')} on {payload.get('platform', '?')}",
                ),
                Field(
                    "Check against the data",
                    clip(f"{outcome.capitalize()}: {payload.get('check_summary', '')}", FIELD_MAX),
                ),
            ),
            tone=Tone.BROKEN,
            footer=f"Accepted by the moderators. /law {payload['law']} shows it beside the data "
            f"verdicts; /counterexample-show {payload['id']} has the evidence.",
        )
    )


def _when(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"
