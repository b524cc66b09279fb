"""Stating, withdrawing and voiding predictions, platform-neutral.

A claim is parsed (`predictions.claims.parse`, named through the catalog and the stored
categories), refused when it is already true today (`predictions.resolve.holds_now` on the
newest stored snapshot), bounded like counterexamples (per hour, open at once, the same
claim twice) and stored as typed. Every refusal names the field or the limit and stores
nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime

import sqlite_utils

from catalog import Catalog
from feeds.registry import SOURCES
from handlers.actions import ACTIONS
from handlers.context import Context
from handlers.ledger import load_histories
from handlers.limits import RATE_WINDOW, hourly_refusal
from handlers.predictions import display
from handlers.predictions.record import names_for, stated_of
from handlers.reply import Reply
from handlers.settings import PredictionsConfig, Settings
from handlers.text import inert
from laws.evidence import scope_name
from laws.history import History
from predictions.claims import Claim, ClaimError, parse
from predictions.resolve import holds_now
from storage.counterexamples import Person
from storage.predictions import (
    Prediction,
    by_user_since,
    get_prediction,
    insert_prediction,
    open_by_user,
    same_claim_by_user,
    void,
    withdraw,
)

REASON_MAX = 500


class Refused(Exception):
    """A claim that cannot be stored; the message says why, politely."""


def person(ctx: Context) -> Person:
    """The invoker as a prediction, withdrawal or void records them: platform, user id, and the
    name they go by now."""
    return Person(ctx.invoker.platform, ctx.invoker.user_id, ctx.invoker.user_name)


def field_error(exc: ClaimError, fields: Mapping[str, str] | None = None) -> str:
    """A parser refusal as shown: the field named first (Slack puts it beside that field),
    as `fields` calls it where the form names it otherwise."""
    field = (fields or {}).get(exc.field or "", exc.field)
    where = f"The {field} field: " if field else "That claim: "
    return f"{where}{exc.message} Nothing was stored."


async def state(ctx: Context, text: str, fields: Mapping[str, str] | None = None) -> Reply:
    """Parse, check and store a claim given in its text form (typed inline, or built from
    a form's fields, which `fields` maps the claim's fields to where they differ); the
    reply acknowledges it or says what to fix."""
    names = await ctx.storage.call(names_for, ctx.services.catalog)
    try:
        claim = parse(text, names=names, today=ctx.now.date())
    except ClaimError as exc:
        return Reply.error(field_error(exc, fields))
    not_polled = _not_polled(ctx.services.config, claim.leaderboard)
    if not_polled:
        return Reply.error(f"The leaderboard field: {not_polled} Nothing was stored.")
    try:
        new_id, data_as_of = await ctx.storage.call(
            _store_within_bounds,
            claim,
            text,
            person(ctx),
            ctx.invoker.channel_id,
            ctx.now,
            ctx.services.config,
            ctx.services.catalog,
        )
    except Refused as exc:
        return Reply.error(str(exc))
    stored = await ctx.storage.call(get_prediction, new_id)
    assert stored is not None  # just written on the same connection
    return display.acknowledgement(stored, data_as_of)


async def may_state(ctx: Context) -> str | None:
    """The bounds that do not depend on what is typed (stated in the last hour, open at
    once), checked before a form opens; `state` checks every bound again."""
    who, settings = person(ctx), ctx.services.config.predictions

    def why(db: sqlite_utils.Database) -> str | None:
        return refusal(
            ctx.now, by_user_since(db, who, ctx.now - RATE_WINDOW), open_by_user(db, who), settings
        )

    return await ctx.storage.call(why)


def refusal(
    now: datetime,
    recent: list[Prediction],
    still_open: list[Prediction],
    settings: PredictionsConfig,
) -> str | None:
    """Why one more prediction is outside the bounds, and when to try again; None inside.
    `recent`: the person's predictions of the last hour, oldest first."""
    if len(still_open) >= settings.max_open:
        return (
            f"You have {len(still_open)} open predictions; the limit is "
            f"{settings.max_open}. You can state another once one of them resolves "
            "(or you withdraw one)."
        )
    return hourly_refusal(now, [p.stated_at for p in recent], settings.max_per_hour, "predictions")


def _not_polled(config: Settings, leaderboard: str) -> str | None:
    """Why a claim about this leaderboard could never resolve: no new snapshot of it will
    arrive (it is turned off, or has no live endpoint)."""
    source, settings = SOURCES.get(leaderboard), config.leaderboard(leaderboard)
    if source is not None and settings.enabled and (source.urls or settings.url):
        return None
    return (
        f"{leaderboard} is not polled (retired, or turned off here), so no snapshot "
        "after its last one will reach me and a prediction about it could never "
        "resolve."
    )


def _store_within_bounds(
    db: sqlite_utils.Database,
    claim: Claim,
    typed: str,
    who: Person,
    channel_id: str,
    now: datetime,
    config: Settings,
    catalog: Catalog,
) -> tuple[int, str | None]:
    """On the database thread, so the bounds, the check and the insert see one state.
    Returns the new id and how far the claim's data reaches (None: no snapshot yet)."""
    stated = stated_of(claim, typed)
    earlier = same_claim_by_user(db, who, stated.canonical)
    if earlier is not None:
        raise Refused(
            f"You already predicted this: prediction #{earlier.id} "
            f"({earlier.status}). Nothing was stored."
        )
    why = refusal(
        now, by_user_since(db, who, now - RATE_WINDOW), open_by_user(db, who), config.predictions
    )
    if why is not None:
        raise Refused(why)
    history = scope_history(db, catalog, config, claim.leaderboard, claim.category)
    if history is not None:
        already = holds_now(claim, history, today=now.date(), settings=config.laws)
        if already.outcome == "YES":
            raise Refused(_already_true(already.resolved_on, already.evidence))
        if claim.template == "above" and already.evidence.get("other", 0) is None:
            raise Refused(
                f"That cannot be checked: {already.evidence['reason']} in the latest snapshot "
                f"of {scope_name(history.leaderboard, history.category)} "
                f"({history.horizon.isoformat()}), and an above "
                "claim compares two listed models. Nothing was stored."
            )
    return (
        insert_prediction(db, stated, who, channel_id, now),
        history.horizon.isoformat() if history is not None else None,
    )


def scope_history(
    db: sqlite_utils.Database, catalog: Catalog, config: Settings, leaderboard: str, category: str
) -> History | None:
    """Every stored snapshot of one scope as the ledger builds a History ("as known
    then": each snapshot judged on its own); None when none is stored."""
    settings = dataclasses.replace(config.laws, snapshot_mode="as_known_then")
    found = load_histories(db, catalog, settings, [(leaderboard, category)])
    return found[0] if found else None


def _already_true(day: date | None, evidence: dict) -> str:
    reason = evidence.get("reason") or "the newest snapshot satisfies it"
    return (
        f"That is already true today ({reason}; snapshot of {day}), so it predicts "
        "nothing. Nothing was stored. Predict something the data does not show yet: "
        "a later change, or a different model or score."
    )


async def withdraw_(ctx: Context, target: str, _reason: str | None = None) -> Reply:
    """The author takes back their open prediction."""
    number = display.number_of(target)
    found = None if number is None else await ctx.storage.call(get_prediction, number)
    if found is None:
        return Reply.error(display.no_such(target))
    if (found.by.platform, found.by.user_id) != (
        ctx.invoker.platform,
        ctx.invoker.user_id,
    ) or not found.by.user_id:
        return Reply.error(
            f"Only its author ({inert(found.by.user_name)}) can withdraw "
            f"prediction #{found.id}. Nothing was changed."
        )
    if not await ctx.storage.call(withdraw, found.id, person(ctx), ctx.now):
        return Reply.error(
            f"Prediction #{found.id} is {found.status} already, so it can no "
            "longer be withdrawn: a resolution is final. Nothing was changed."
        )
    changed = await ctx.storage.call(get_prediction, found.id)
    assert changed is not None
    return display.changed(changed, "withdrawn")


async def void_(ctx: Context, target: str, reason: str | None) -> Reply:
    """A moderator voids a prediction, open or resolved, with a reason."""
    if not ctx.invoker.is_moderator:
        return Reply.error("Only moderators can void predictions. Nothing was changed.")
    number = display.number_of(target)
    found = None if number is None else await ctx.storage.call(get_prediction, number)
    if found is None:
        return Reply.error(display.no_such(target))
    reason = (reason or "").strip()
    if not reason:
        return Reply.error(
            "Voiding needs a reason, which everyone is shown. Nothing was "
            f"changed. (Console: lk:{display.VOID}:{found.id} <reason>)"
        )
    if len(reason) > REASON_MAX:
        return Reply.error(
            f"The reason is {len(reason):,} characters; the limit is "
            f"{REASON_MAX}. Nothing was changed."
        )
    if not await ctx.storage.call(void, found.id, reason, person(ctx), ctx.now):
        return Reply.error(
            f"Prediction #{found.id} is {found.status}, so there is nothing "
            "to void. Nothing was changed."
        )
    changed = await ctx.storage.call(get_prediction, found.id)
    assert changed is not None
    return display.changed(changed, "voided")


ACTIONS[display.WITHDRAW] = withdraw_
ACTIONS[display.VOID] = void_
