"""Submit, bound, check, review: the counterexample workflow, platform-neutral."""

from __future__ import annotations

import difflib
import functools
from datetime import datetime

import sqlite_utils

from catalog import Catalog
from feeds.snapshot import Snapshot
from handlers.actions import ACTIONS
from handlers.context import Context
from handlers.counterexamples import display
from handlers.counterexamples.check import check_claim, find_models
from handlers.counterexamples.form import InvalidSubmission, Parsed, parse_submission
from handlers.counterexamples.notify import Notice, send
from handlers.events import COUNTEREXAMPLE_ACCEPTED
from handlers.limits import RATE_WINDOW, hourly_refusal
from handlers.reply import Reply
from handlers.settings import CounterexamplesConfig, Settings
from laws.settings import LawsConfig
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Counterexample,
    Person,
    Status,
    by_user_since,
    claims_by_user,
    first_listings,
    get_counterexample,
    insert_counterexample,
    pending_by_user,
    record_review,
)
from storage.outbox import enqueue
from storage.snapshots import latest_snapshot, snapshot_index

REASON_MAX = 500


class Refused(Exception):
    """A submission outside the abuse bounds; the message says why and when to retry."""


async def submit(ctx: Context, values: dict[str, str | None]) -> Reply:
    """Validate, bound, check and store a submission, then post it for review."""
    try:
        parsed = parse_submission(values)
    except InvalidSubmission as exc:
        return Reply.error(str(exc))
    who = person(ctx)
    try:
        new_id = await ctx.storage.call(
            _store_within_bounds,
            parsed,
            who,
            ctx.invoker.channel_id,
            ctx.now,
            ctx.services.config,
            ctx.services.catalog,
        )
    except Refused as exc:
        return Reply.error(str(exc))
    stored = await ctx.storage.call(get_counterexample, new_id)
    assert stored is not None  # just written on the same connection
    settings = ctx.services.config.counterexamples
    posted = await send(
        ctx, Notice(settings.review_platform, settings.review_channel, display.review_post(stored))
    )
    return display.acknowledgement(stored, posted)


async def may_submit(ctx: Context) -> str | None:
    """The bounds that do not depend on what is typed (submissions in the last hour, pending
    ones), checked before the form opens; `submit` checks every bound again."""
    who = person(ctx)
    settings = ctx.services.config.counterexamples

    def why(db: sqlite_utils.Database) -> str | None:
        return refusal(
            ctx.now,
            by_user_since(db, who, ctx.now - RATE_WINDOW),
            pending_by_user(db, who),
            [],
            "",
            settings,
        )

    return await ctx.storage.call(why)


async def approve(ctx: Context, target: str, reason: str | None) -> Reply:
    """The Approve button (for counterexample `target`): moderators only. Records the
    acceptance, announces it to the channels subscribed to the laws (in the same transaction)
    and tells the submitter, unless they asked to be forgotten; one already decided is refused
    and nothing changes."""
    return await _review(ctx, target, Status.ACCEPTED, reason or "")


async def reject(ctx: Context, target: str, reason: str | None) -> Reply:
    """The Reject button: as `approve`, but it needs a reason (the submitter is shown it) and
    announces nothing."""
    return await _review(ctx, target, Status.REJECTED, reason or "")


ACTIONS[display.APPROVE] = approve
ACTIONS[display.REJECT] = reject


def person(ctx: Context) -> Person:
    """The invoker as a submission or review records them: platform, user id, and the name they
    go by now."""
    return Person(ctx.invoker.platform, ctx.invoker.user_id, ctx.invoker.user_name)


def refusal(
    now: datetime,
    recent: list[Counterexample],
    pending: list[Counterexample],
    same_law: list[Counterexample],
    claim: str,
    settings: CounterexamplesConfig,
) -> str | None:
    """Why a submission is outside the abuse bounds, and when to try again; None if it is
    inside them. `recent`: the user's submissions in the last hour, oldest first;
    `same_law`: their earlier submissions for the same law."""
    for earlier in same_law:
        if similarity(earlier.submission.claim, claim) >= settings.duplicate_similarity:
            return (
                f"This is nearly the same claim as your counterexample #{earlier.id} "
                f"({earlier.status}), so it was not stored again. If it is a different "
                "case, say in the claim how it differs."
            )
    if len(pending) >= settings.max_pending:
        ids = ", ".join(f"#{c.id}" for c in pending)
        return (
            f"You have {len(pending)} counterexamples waiting for review ({ids}); the limit "
            f"is {settings.max_pending}. You can send another as soon as a moderator has "
            "reviewed one of them."
        )
    return hourly_refusal(
        now, [c.submitted_at for c in recent], settings.max_per_hour, "counterexamples"
    )


def similarity(a: str, b: str) -> float:
    """0..1, ignoring case and runs of whitespace."""
    fa, fb = (" ".join(t.casefold().split()) for t in (a, b))
    matcher = difflib.SequenceMatcher(None, fa, fb, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= 0.5 else 0.0


def choose_snapshot(
    db: sqlite_utils.Database, parsed: Parsed, catalog: Catalog, settings: LawsConfig
) -> Snapshot | None:
    """The snapshot the submission points at: the named leaderboard (category 'overall'
    unless named) on or before the date; with only a date, the first leaderboard holding
    every named model."""
    if parsed.leaderboard is None and parsed.on_or_before is None:
        return None
    scopes = dict.fromkeys((r.leaderboard, r.category) for r in snapshot_index(db))
    wanted = [
        s for s in scopes if parsed.leaderboard in (None, s[0]) and parsed.category in (None, s[1])
    ]
    wanted.sort(key=lambda s: s[1] != "overall")  # 'overall' first, otherwise as stored
    first = None
    for board, category in wanted:
        snap = latest_snapshot(db, board, category, parsed.on_or_before)
        if snap is None:
            continue
        if parsed.leaderboard is not None:
            return snap
        first = first or snap
        if not find_models(snap, parsed.model_names, catalog, settings)[1]:
            return snap
    return first


def check_submission(
    db: sqlite_utils.Database, parsed: Parsed, catalog: Catalog, settings: LawsConfig
) -> Check:
    """The check stored with a submission, on the database thread: against the snapshot it
    points at (`choose_snapshot`), with the models' first listings from the store so they are
    placed in time as the ledger places them. UNCHECKABLE when neither a leaderboard nor a date
    was given."""
    if parsed.leaderboard is None and parsed.on_or_before is None:
        return Check(
            CheckOutcome.UNCHECKABLE, "No leaderboard or date was given to check it against."
        )
    snapshot = choose_snapshot(db, parsed, catalog, settings)
    listed = (
        first_listings(
            db, snapshot.leaderboard, snapshot.category, [e.model_key for e in snapshot.entries]
        )
        if snapshot
        else {}
    )
    return check_claim(
        parsed.submission.law, parsed.model_names, snapshot, catalog, settings, listed
    )


def _store_within_bounds(
    db: sqlite_utils.Database,
    parsed: Parsed,
    who: Person,
    channel_id: str,
    now: datetime,
    config: Settings,
    catalog: Catalog,
) -> int:
    """On the database thread, so the bounds and the insert see the same state."""
    why = refusal(
        now,
        by_user_since(db, who, now - RATE_WINDOW),
        pending_by_user(db, who),
        claims_by_user(db, who, parsed.submission.law),
        parsed.submission.claim,
        config.counterexamples,
    )
    if why is not None:
        raise Refused(why)
    check = check_submission(db, parsed, catalog, config.laws)
    return insert_counterexample(db, parsed.submission, who, channel_id, now, check)


async def _review(ctx: Context, target: str, action: Status, reason: str) -> Reply:
    if not ctx.invoker.is_moderator:
        return Reply.error("Only moderators can review counterexamples. Nothing was changed.")
    number = display.number_of(target)
    if number is None:
        return Reply.error(display.no_such(target))
    if action is Status.REJECTED and not reason.strip():
        return Reply.error(
            "Rejecting needs a reason, which the submitter is shown. Nothing "
            f"was changed. (Console: lk:{display.REJECT}:{target} <reason>)"
        )
    if len(reason) > REASON_MAX:
        return Reply.error(
            f"The reason is {len(reason):,} characters; the limit is "
            f"{REASON_MAX}. Nothing was changed."
        )
    announce = (
        functools.partial(_announce_credit, number, ctx.now) if action is Status.ACCEPTED else None
    )
    changed = await ctx.storage.call(
        record_review, number, action, person(ctx), reason, ctx.now, announce
    )
    current = await ctx.storage.call(get_counterexample, number)
    if current is None:
        return Reply.error(f"There is no counterexample #{number}.")
    if not changed:
        decided = current.decided
        by = f" by {decided.by.user_name} on {decided.at:%Y-%m-%d %H:%M} UTC" if decided else ""
        return Reply.error(
            f"Counterexample #{number} was already {current.status}{by}. Nothing was changed."
        )
    told = None  # the submitter asked to be forgotten (/forget-me): no one to tell
    if current.by.user_id:
        told = await send(
            ctx,
            Notice(
                current.by.platform,
                current.channel_id,
                display.outcome_notice(current),
                user_id=current.by.user_id,
            ),
        )
    return display.review_done(current, told)


def _announce_credit(counterexample_id: int, now: datetime, db: sqlite_utils.Database) -> None:
    """The one place an acceptance is announced: an outbox event written in the acceptance's
    own transaction, delivered to the channels subscribed to the laws (and the console)."""
    accepted = get_counterexample(db, counterexample_id)
    assert accepted is not None  # just updated in this transaction
    enqueue(db, COUNTEREXAMPLE_ACCEPTED, display.credit_payload(accepted), now=now)
