"""The JSON API under /api/v1/: the shapes the command line prints (`main.py ledger --json`,
`top --json`, `model --json`), and the public part of announcements, accepted
counterexamples and predictions. A bad parameter is a 400 whose JSON names it (see
`web.app.guard`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from catalog.catalog import name_index
from feeds.registry import SOURCES
from handlers.announcement import event_path
from handlers.commands.ledger import LEDGER_LAWS, ledger_filter, ledger_json
from handlers.commands.model import (
    SUGGESTIONS,
    check_name,
    find_model,
    listed_model,
    model_json,
)
from handlers.commands.registry import UsageError
from handlers.events import COUNTEREXAMPLE_ACCEPTED
from handlers.ledger import current_verdicts
from handlers.links import prediction_path
from handlers.predictions.record import claim_of
from handlers.standings import StandingsError, standings
from handlers.text import clip
from laws import LAW_IDS, PART_IDS
from storage.counterexamples import Counterexample, accepted
from storage.listings import find_listing
from storage.outbox import Event, recent_events
from storage.predictions import Prediction, list_predictions
from storage.snapshots import categories
from web.common import query, services_of
from web.pages import (
    PREDICTION_STATUSES,
    BadRequest,
    NotFound,
    parse_day,
    prediction_status,
)

CATEGORY_MAX = 200
TOP_LIMIT_MAX = 1000
EVENTS_MAX = 200
PREDICTIONS_MAX = 200
# What an accepted counterexample's announcement says in chat; the rest of its outbox
# payload (who accepted it) is the moderators'.
PUBLIC_CREDIT = (
    "id",
    "law",
    "claim",
    "user_name",
    "platform",
    "check_outcome",
    "check_summary",
    "accepted_at",
)


def json_response(data: Any) -> web.Response:
    """`data` as a 200 JSON response, non-ASCII text written as UTF-8 instead of escaped, so a
    model name reads the same as on the pages."""
    return web.Response(text=json.dumps(data, ensure_ascii=False), content_type="application/json")


def _choice(given: dict[str, str], name: str, choices: tuple[str, ...]) -> str | None:
    value = given.get(name)
    if value is not None and value not in choices:
        raise BadRequest(
            name,
            f"The {name} parameter: expected one of {', '.join(choices)}, got {clip(value, 40)!r}.",
        )
    return value


def _text(given: dict[str, str], name: str, limit: int = CATEGORY_MAX) -> str | None:
    value = given.get(name)
    if value is not None and not 0 < len(value) <= limit:
        raise BadRequest(name, f"The {name} parameter: expected 1 to {limit} characters.")
    return value


def _count(given: dict[str, str], name: str, default: int, most: int) -> int:
    value = given.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= most):
        raise BadRequest(
            name,
            f"The {name} parameter: expected a whole number from 1 to "
            f"{most}, got {clip(value, 40)!r}.",
        )
    return int(value)


async def index(request: web.Request) -> web.Response:
    """GET /api/v1: the endpoints and the parameters each takes; it takes none itself (400
    naming any given)."""
    query(request)
    return json_response(
        {
            "endpoints": [
                "/api/v1/ledger?law=&leaderboard=&category=",
                "/api/v1/top/{leaderboard}?category=&at=YYYY-MM-DD&limit=",
                "/api/v1/models/{name}",
                "/api/v1/announcements?leaderboard=&limit=",
                "/api/v1/counterexamples?law=",
                "/api/v1/predictions?status=&leaderboard=&limit=",
            ]
        }
    )


async def ledger(request: web.Request) -> web.Response:
    """`main.py ledger --json [--law N] [--leaderboard ID] [--category C]`, the same list."""
    given = query(request, "law", "leaderboard", "category")
    law = _choice(given, "law", LEDGER_LAWS)
    board = _choice(given, "leaderboard", tuple(SOURCES))
    category = _text(given, "category")
    rows = await services_of(request).storage.call(current_verdicts, PART_IDS)

    def encoded() -> str:
        chosen = ledger_filter((r.verdict for r in rows), law, board, category)
        return json.dumps(ledger_json(chosen), ensure_ascii=False)

    return web.Response(text=await asyncio.to_thread(encoded), content_type="application/json")


async def top(request: web.Request) -> web.Response:
    """`main.py top --leaderboard ID [--category C] [--at D] [--limit N] --json`."""
    given = query(request, "category", "at", "limit")
    board = request.match_info["leaderboard"]
    if board not in SOURCES:
        raise NotFound(
            f"There is no leaderboard {clip(board, 60)!r}; leaderboards: {', '.join(SOURCES)}."
        )
    category = _text(given, "category")
    at = parse_day(given.get("at"))
    limit = _count(given, "limit", 10, TOP_LIMIT_MAX)
    bot = services_of(request)
    if category is not None and category not in await bot.storage.call(categories, board):
        raise BadRequest("category", f"{board} has no category {clip(category, 60)!r}.")
    try:
        found = await standings(bot.storage, bot.catalog, board, category, at, limit)
    except StandingsError as exc:
        raise NotFound(str(exc)[:1].upper() + str(exc)[1:]) from None
    return json_response(found.to_json())


async def model(request: web.Request) -> web.Response:
    """`main.py model NAME --json`; an unknown name is a 404 with the closest matches."""
    query(request)
    name = request.match_info["name"]
    bot = services_of(request)
    try:
        found = find_model(bot.catalog, name)
        return json_response(model_json(found, name_index(bot.catalog).aliases(found.key)))
    except UsageError as exc:
        try:
            listing = await bot.storage.call(find_listing, check_name(name))
        except UsageError:
            listing = None
        if listing is None:
            closest = name_index(bot.catalog).closest(name[:200], SUGGESTIONS)
            raise NotFound(
                f"{exc} Closest: {', '.join(m.key for m in closest) or 'none'}."
                if closest
                else str(exc)
            ) from None
        return json_response(model_json(listed_model(bot.catalog, listing), []))


def event_json(event: Event) -> dict[str, Any]:
    """An announcement as anyone may see it: what chat posted, with its page."""
    payload = event.payload
    if event.kind == COUNTEREXAMPLE_ACCEPTED:
        payload = {k: v for k, v in payload.items() if k in PUBLIC_CREDIT}
    return {
        "id": event.id,
        "kind": event.kind,
        "created_at": event.created_at,
        "leaderboard": event.leaderboard,
        "payload": payload,
        "page": event_path(event.kind, event.payload) or None,
    }


async def announcements(request: web.Request) -> web.Response:
    """GET /api/v1/announcements: the newest announcements (50, or `limit` up to EVENTS_MAX), of
    one leaderboard if given, as `event_json` shows them; 400 naming a bad parameter."""
    given = query(request, "leaderboard", "limit")
    board = _choice(given, "leaderboard", tuple(SOURCES))
    limit = _count(given, "limit", 50, EVENTS_MAX)
    events = await services_of(request).storage.call(recent_events, limit, board)
    return json_response([event_json(e) for e in events])


def counterexample_json(c: Counterexample) -> dict[str, Any]:
    """An accepted counterexample as anyone may see it (never who reviewed it, nor the
    submitter's ids or channel)."""
    s, decided = c.submission, c.decided
    return {
        "id": c.id,
        "law": s.law,
        "claim": s.claim,
        "models": s.models,
        "evidence": s.evidence,
        "snapshot": s.snapshot,
        "credited_to": {"name": c.by.user_name, "platform": c.by.platform},
        "submitted_at": c.submitted_at.isoformat(),
        "accepted_at": decided.at.isoformat() if decided else None,
        "check": {
            "outcome": c.check.outcome.value,
            "summary": c.check.summary,
            "figures": list(c.check.figures),
        },
        "page": f"/counterexamples/{c.id}",
    }


async def counterexamples(request: web.Request) -> web.Response:
    """The accepted counterexamples, newest first (pending and rejected ones are the
    moderators' business)."""
    given = query(request, "law")
    law = _choice(given, "law", LAW_IDS)
    found = await services_of(request).storage.call(accepted, law, 1000)
    return json_response([counterexample_json(c) for c in found])


def prediction_json(p: Prediction) -> dict[str, Any]:
    """A prediction as /prediction N shows it to anyone: never the author's or a
    moderator's ids, nor the channel it was stated in. `claim` (the canonical text form),
    `stated`, `outcome`, `resolved_on` and `evidence` are what `main.py predictions backtest
    --json` prints for the same claim stated that day (`outcome` stays OPEN until resolved,
    and a voided prediction keeps its resolution's)."""
    s, void = p.stated, p.void
    return {
        "id": p.id,
        "status": p.status.value,
        "claim": claim_of(p).text(),
        "sentence": s.sentence,
        "stated_as": s.claim,
        "leaderboard": s.leaderboard,
        "category": s.category,
        "deadline": s.deadline.isoformat(),
        "confidence": s.confidence,
        "stated_by": {"name": p.by.user_name, "platform": p.by.platform},
        "stated": p.stated_at.date().isoformat(),
        "stated_at": p.stated_at.isoformat(),
        "outcome": p.outcome or "OPEN",
        "resolved_on": p.resolved_on.isoformat() if p.resolved_on else None,
        "resolved_at": p.resolved_at.isoformat() if p.resolved_at else None,
        "evidence": p.evidence,
        "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
        "void": {
            "reason": void.reason,
            "at": void.at.isoformat(),
            "by": {"name": void.by.user_name, "platform": void.by.platform},
        }
        if void
        else None,
        "page": prediction_path(p.id),
    }


async def predictions(request: web.Request) -> web.Response:
    """The newest predictions first, of a status (open, resolved, withdrawn, voided) and a
    leaderboard if given."""
    given = query(request, "status", "leaderboard", "limit")
    status = prediction_status(given)
    board = _choice(given, "leaderboard", tuple(SOURCES))
    limit = _count(given, "limit", 50, PREDICTIONS_MAX)
    found = await services_of(request).storage.call(
        list_predictions, PREDICTION_STATUSES[status] if status else None, None, limit, board
    )
    return json_response([prediction_json(p) for p in found])


def add_routes(router: web.UrlDispatcher) -> None:
    """Mount the JSON API's endpoints on the site's router (`web.app.build_app` calls it)."""
    router.add_get("/api/v1", index)
    router.add_get("/api/v1/ledger", ledger)
    router.add_get("/api/v1/top/{leaderboard}", top)
    router.add_get("/api/v1/models/{name:.+}", model)
    router.add_get("/api/v1/announcements", announcements)
    router.add_get("/api/v1/counterexamples", counterexamples)
    router.add_get("/api/v1/predictions", predictions)
