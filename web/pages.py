"""Each page's data: read through the storage layer (one `storage.call` per page, so a
page shows one state of the database), laid out by `web.views`. These are the thin
adapter's only contact with storage and handlers; the templates get the values."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from catalog.catalog import name_index
from feeds.registry import SOURCES
from handlers.announcement import event_path, event_reply
from handlers.commands.law import law_chart
from handlers.commands.model import SUGGESTIONS, check_name, find_model, listed_model, model_card
from handlers.commands.registry import UsageError
from handlers.context import Services
from handlers.ledger import current_verdicts, verdict_history
from handlers.links import leaderboard_path, model_path
from handlers.standings import StandingsError, standings
from handlers.text import clip
from laws import LAWS, PART_IDS
from laws.evidence import scope_name
from storage.counterexamples import Status as CounterexampleStatus
from storage.counterexamples import accepted, get_counterexample
from storage.horizons import data_horizons
from storage.listings import find_listing
from storage.outbox import Event, recent_events
from storage.predictions import RESOLVED, Status, get_prediction, list_predictions
from storage.snapshots import categories
from web import views

PERIOD = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
STANDINGS_SHOWN = 100
ANNOUNCEMENTS_SHOWN = 50
PREDICTIONS_SHOWN = 100
# The `status` filter of /predictions and /api/v1/predictions: chat's /predictions open and
# resolved (YES or NO), and the two ways a prediction leaves without a resolution.
PREDICTION_STATUSES: dict[str, frozenset[Status]] = {
    "open": frozenset({Status.OPEN}),
    "resolved": RESOLVED,
    "withdrawn": frozenset({Status.WITHDRAWN}),
    "voided": frozenset({Status.VOIDED}),
}
SHOWN_MAX = 80  # how much of an unknown name a "not found" page repeats


class NotFound(Exception):
    """There is no such page; the message says what does exist (with `links`)."""

    def __init__(self, message: str, links: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.links = links  # (label, href)


class BadRequest(Exception):
    """A query parameter that cannot be used; the message names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Page:
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


def _shown(text: str) -> str:
    return clip(text, SHOWN_MAX)


# --- / and /law/{n} --------------------------------------------------------------------------


def _home_data(db: sqlite_utils.Database) -> tuple[list, dict, dict[str, int]]:
    rows = current_verdicts(db, PART_IDS)
    credits = Counter(c.submission.law for c in accepted(db, None, 1000))
    return rows, data_horizons(db), dict(credits)


async def home(services: Services, today: date) -> Page:
    """/'s page: the current verdicts, the data horizons and the accepted counterexamples per
    law, read in one storage call and laid out (`views.home_view`) in a worker thread."""
    rows, stored, credits = await services.storage.call(_home_data)
    view = await asyncio.to_thread(views.home_view, rows, stored, credits, today)
    return Page("home.html", "The three laws of generative-AI model evolution", {"view": view})


def law_of(law_id: str) -> str:
    """The law a page is about: a law id (1, 2, 3) or a part id (3a, 3b); NotFound else."""
    if law_id in LAWS:
        return law_id
    if law_id in PART_IDS:
        return next(lw.id for lw in LAWS.values() if any(p.id == law_id for p in lw.parts))
    raise NotFound(
        f"There is no law {_shown(law_id)!r}: the laws are 1, 2 and 3.",
        tuple((f"Law {lw}", f"/law/{lw}") for lw in LAWS),
    )


def _law_data(db: sqlite_utils.Database, law_id: str) -> tuple[list, dict, list]:
    parts = tuple(p.id for p in LAWS[law_id].parts)
    return current_verdicts(db, parts), data_horizons(db), accepted(db, law_id, 1000)[::-1]


async def law(services: Services, law_id: str) -> Page:
    """/law/{n}'s page, for a law or one of its parts (NotFound naming the laws otherwise): its
    verdicts, the data horizons and its accepted counterexamples read in one storage call, laid
    out in a worker thread (it has a cell for every month of every scope)."""
    chosen = LAWS[law_of(law_id)]
    rows, stored, credits = await services.storage.call(_law_data, chosen.id)
    view = await asyncio.to_thread(
        views.law_view, chosen, rows, stored, credits, services.config.laws
    )
    return Page("law.html", f"Law {chosen.id}: {chosen.name}", {"view": view})


async def verdict(
    services: Services, law_id: str, leaderboard: str, category: str, period: str
) -> Page:
    """The permalink of one verdict: `law_id` a law (every part of it) or one part."""
    chosen = LAWS[law_of(law_id)]
    parts = (
        (law_id,)
        if law_id in PART_IDS and law_id not in LAWS
        else tuple(p.id for p in chosen.parts)
    )
    back = (("Law " + chosen.id, f"/law/{chosen.id}"),)
    if leaderboard not in SOURCES:
        raise NotFound(
            f"There is no leaderboard {_shown(leaderboard)!r}. Leaderboards: {', '.join(SOURCES)}.",
            back,
        )
    if not PERIOD.fullmatch(period):
        raise NotFound(
            f"{_shown(period)!r} is not a month: months are written YYYY-MM, such as 2024-06.", back
        )
    entries = await services.storage.call(verdict_history, parts, leaderboard, category, period)
    if not entries:
        raise NotFound(
            f"The ledger has no verdict of law {law_id} on "
            f"{_shown(scope_name(leaderboard, category))} for {period}: "
            "the month may lie outside its data, or the category may not exist.",
            (*back, ("the leaderboard's categories", leaderboard_path(leaderboard))),
        )
    view = views.verdict_view(chosen, leaderboard, category, period, entries)
    return Page("verdict.html", f"Law {law_id} on {view.scope}, {period}", {"view": view})


async def chart(services: Services, law_id: str) -> bytes | None:
    """The law's chart as /law N attaches it: PNG bytes, b"" when there is nothing to
    draw, None when it could not be drawn just now."""
    if law_id not in LAWS:
        raise NotFound(f"There is no chart {_shown(law_id)!r}: the laws are 1, 2 and 3.")
    return await law_chart(services, law_id)


# --- Leaderboards and models -------------------------------------------------------------------


async def leaderboards(services: Services, today: date) -> Page:
    """/leaderboards: how old each stored leaderboard's data is as of `today`."""
    stored = await services.storage.call(data_horizons)
    return Page("leaderboards.html", "Leaderboards", {"ages": views.data_ages(stored, today)})


def parse_day(text: str | None, parameter: str = "at") -> date | None:
    """A query value as a date, None when absent. Only YYYY-MM-DD is taken: a datetime, or the
    compact 20240619 that `date.fromisoformat` would also read, is a BadRequest naming
    `parameter`."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("x")
    except ValueError:
        raise BadRequest(
            parameter,
            f"The {parameter} parameter: expected a date YYYY-MM-DD, got {_shown(text)!r}.",
        ) from None


async def leaderboard(
    services: Services, board: str, category: str | None, at: date | None, today: date
) -> Page:
    """/leaderboards/{board}[/{category}]: the top STANDINGS_SHOWN entries of the latest
    snapshot on or before `at` (the latest without it), with the leaderboard's categories and
    data ages. NotFound, with links to what does exist, for an unknown leaderboard or category
    or when no stored snapshot answers."""
    if board not in SOURCES:
        raise NotFound(
            f"There is no leaderboard {_shown(board)!r}.",
            tuple((SOURCES[b].title, leaderboard_path(b)) for b in SOURCES),
        )
    known = await services.storage.call(categories, board)
    if category is not None and category not in known:
        raise NotFound(
            f"{SOURCES[board].title} has no category {_shown(category)!r}.",
            ((f"{SOURCES[board].title}: every category", leaderboard_path(board)),),
        )
    try:
        found = await standings(
            services.storage, services.catalog, board, category, at, limit=STANDINGS_SHOWN
        )
    except StandingsError as exc:
        raise NotFound(
            str(exc)[:1].upper() + str(exc)[1:],
            ((f"{SOURCES[board].title}: the latest standings", leaderboard_path(board, category)),),
        ) from None
    stored = await services.storage.call(data_horizons)
    view = views.standings_view(found, known, stored, today)
    return Page("leaderboard.html", f"{SOURCES[board].title} · {found.category}", {"view": view})


async def model(services: Services, name: str) -> Page:
    """The model card /model shows: of the catalog entry the name resolves to, else of a name
    only a stored listing uses; NotFound with links to the closest catalog names otherwise."""
    catalog = services.catalog
    try:
        found = find_model(catalog, name)
        card = model_card(found, name_index(catalog).aliases(found.key))
    except UsageError as exc:
        try:
            listing = await services.storage.call(find_listing, check_name(name))
        except UsageError:
            listing = None
        if listing is None:
            closest = name_index(catalog).closest(name[:200], SUGGESTIONS) if name else []
            raise NotFound(str(exc), tuple((m.key, model_path(m.key)) for m in closest)) from None
        card = model_card(listed_model(catalog, listing), [], listing)
    return Page("reply.html", card.title, {"reply": views.reply_view(card)})


# --- Counterexamples and announcements ----------------------------------------------------------


async def counterexamples(services: Services) -> Page:
    """/counterexamples: up to 200 accepted counterexamples, the latest submitted first."""
    found = await services.storage.call(accepted, None, 200)
    return Page(
        "counterexamples.html",
        "Accepted counterexamples",
        {"credits": tuple(views.credit_view(c) for c in found)},
    )


async def counterexample(services: Services, number: str) -> Page:
    """/counterexamples/{n}: one accepted counterexample. Any other number (pending, rejected,
    unknown, or not a number) is the same NotFound, so the page reveals nothing of the
    moderators' queue."""
    wanted = int(number) if number.isascii() and number.isdigit() and len(number) <= 18 else None
    found = None if wanted is None else await services.storage.call(get_counterexample, wanted)
    # Pending and rejected ones are the moderators' business: not found, like no such one.
    if found is None or found.status is not CounterexampleStatus.ACCEPTED:
        raise NotFound(
            f"There is no accepted counterexample {_shown(number)!r}.",
            (("Accepted counterexamples", "/counterexamples"),),
        )
    return Page(
        "counterexample.html", f"Counterexample #{found.id}", {"item": views.credit_view(found)}
    )


def announcement_views(events: list[Event]) -> tuple[views.ReplyView, ...]:
    """Outbox events as page sections, in the words chat posts them (`event_reply`), each with
    its permalink and when it was made."""
    return tuple(
        views.reply_view(
            event_reply(e.kind, e.payload), event_path(e.kind, e.payload), e.created_at
        )
        for e in events
    )


async def announcements(services: Services) -> Page:
    """/announcements: the ANNOUNCEMENTS_SHOWN newest announcements of every leaderboard."""
    events = await services.storage.call(recent_events, ANNOUNCEMENTS_SHOWN)
    return Page("announcements.html", "Announcements", {"items": announcement_views(events)})


# --- Predictions --------------------------------------------------------------------------------


def prediction_status(given: dict[str, str]) -> str | None:
    """The `status` parameter: one of PREDICTION_STATUSES, or None for every prediction."""
    value = given.get("status")
    if value is not None and value not in PREDICTION_STATUSES:
        raise BadRequest(
            "status",
            f"The status parameter: expected one of "
            f"{', '.join(PREDICTION_STATUSES)}, got {_shown(value)!r}.",
        )
    return value


async def predictions(services: Services, status: str | None) -> Page:
    """The newest predictions (of a status), as /predictions lists them."""
    found = await services.storage.call(
        list_predictions, PREDICTION_STATUSES[status] if status else None, None, PREDICTIONS_SHOWN
    )
    return Page(
        "predictions.html",
        "Predictions" + (f" · {status}" if status else ""),
        {
            "rows": tuple(views.prediction_row(p) for p in found),
            "status": status,
            "statuses": tuple(PREDICTION_STATUSES),
            "most": PREDICTIONS_SHOWN,
        },
    )


async def prediction(services: Services, number: str) -> Page:
    """The permalink of one prediction: what /prediction N shows everyone."""
    wanted = int(number) if number.isascii() and number.isdigit() and len(number) <= 18 else None
    found = None if wanted is None else await services.storage.call(get_prediction, wanted)
    if found is None:
        raise NotFound(
            f"There is no prediction {_shown(number)!r}.", (("Predictions", "/predictions"),)
        )
    view = views.prediction_view(found)
    return Page("prediction.html", view.title, {"view": view})
