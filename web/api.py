"""The JSON API under /api/v1/: the shapes the command line prints (`main.py ledger --json`,
`top --json`, `model --json`), and the public part of announcements and accepted
counterexamples. A bad parameter is a 400 whose JSON names it (see `web.app.guard`)."""

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
from handlers.standings import StandingsError, standings
from handlers.text import clip
from laws import LAW_IDS, PART_IDS
from storage.counterexamples import Counterexample, accepted
from storage.listings import find_listing
from storage.outbox import Event, recent_events
from storage.snapshots import categories
from web.common import query, services_of
from web.pages import BadRequest, NotFound, parse_day

CATEGORY_MAX = 200
TOP_LIMIT_MAX = 1000
EVENTS_MAX = 200
# What an accepted counterexample's announcement says in chat; the rest of its outbox
# payload (who accepted it) is the moderators'.
PUBLIC_CREDIT = ("id", "law", "claim", "user_name", "platform", "check_outcome",
                 "check_summary", "accepted_at")


def json_response(data: Any) -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False),
                        content_type="application/json")


def _choice(given: dict[str, str], name: str, choices: tuple[str, ...]) -> str | None:
    value = given.get(name)
    if value is not None and value not in choices:
        raise BadRequest(name, f"The {name} parameter: expected one of {', '.join(choices)}, "
                               f"got {clip(value, 40)!r}.")
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
        raise BadRequest(name, f"The {name} parameter: expected a whole number from 1 to "
                               f"{most}, got {clip(value, 40)!r}.")
    return int(value)


async def index(request: web.Request) -> web.Response:
    query(request)
    return json_response({"endpoints": [
        "/api/v1/ledger?law=&leaderboard=&category=",
        "/api/v1/top/{leaderboard}?category=&at=YYYY-MM-DD&limit=",
        "/api/v1/models/{name}",
        "/api/v1/announcements?leaderboard=&limit=",
        "/api/v1/counterexamples?law=",
    ]})


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

    return web.Response(text=await asyncio.to_thread(encoded),
                        content_type="application/json")


async def top(request: web.Request) -> web.Response:
    """`main.py top --leaderboard ID [--category C] [--at D] [--limit N] --json`."""
    given = query(request, "category", "at", "limit")
    board = request.match_info["leaderboard"]
    if board not in SOURCES:
        raise NotFound(f"There is no leaderboard {clip(board, 60)!r}; leaderboards: "
                       f"{', '.join(SOURCES)}.")
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
            raise NotFound(f"{exc} Closest: {', '.join(m.key for m in closest) or 'none'}."
                           if closest else str(exc)) from None
        return json_response(model_json(listed_model(bot.catalog, listing), []))


def event_json(event: Event) -> dict[str, Any]:
    """An announcement as anyone may see it: what chat posted, with its page."""
    payload = event.payload
    if event.kind == COUNTEREXAMPLE_ACCEPTED:
        payload = {k: v for k, v in payload.items() if k in PUBLIC_CREDIT}
    return {"id": event.id, "kind": event.kind, "created_at": event.created_at,
            "leaderboard": event.leaderboard, "payload": payload,
            "page": event_path(event.kind, event.payload) or None}


async def announcements(request: web.Request) -> web.Response:
    given = query(request, "leaderboard", "limit")
    board = _choice(given, "leaderboard", tuple(SOURCES))
    limit = _count(given, "limit", 50, EVENTS_MAX)
    events = await services_of(request).storage.call(recent_events, limit, board)
    return json_response([event_json(e) for e in events])


def counterexample_json(c: Counterexample) -> dict[str, Any]:
    """An accepted counterexample as anyone may see it (never who reviewed it, nor the
    submitter's ids or channel)."""
    s, decided = c.submission, c.decided
    return {"id": c.id, "law": s.law, "claim": s.claim, "models": s.models,
            "evidence": s.evidence, "snapshot": s.snapshot,
            "credited_to": {"name": c.by.user_name, "platform": c.by.platform},
            "submitted_at": c.submitted_at.isoformat(),
            "accepted_at": decided.at.isoformat() if decided else None,
            "check": {"outcome": c.check.outcome.value, "summary": c.check.summary,
                      "figures": list(c.check.figures)},
            "page": f"/counterexamples/{c.id}"}


async def counterexamples(request: web.Request) -> web.Response:
    """The accepted counterexamples, newest first (pending and rejected ones are the
    moderators' business)."""
    given = query(request, "law")
    law = _choice(given, "law", LAW_IDS)
    found = await services_of(request).storage.call(accepted, law, 1000)
    return json_response([counterexample_json(c) for c in found])


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/api/v1", index)
    router.add_get("/api/v1/ledger", ledger)
    router.add_get("/api/v1/top/{leaderboard}", top)
    router.add_get("/api/v1/models/{name:.+}", model)
    router.add_get("/api/v1/announcements", announcements)
    router.add_get("/api/v1/counterexamples", counterexamples)
