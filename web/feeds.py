"""Atom feeds, written with feedgen: `/feed.atom` (the main leaderboards: new leaders and
changes of the ledger's status; accepted counterexamples and resolved predictions) and
`/feed/{leaderboard}.atom` (every category of one leaderboard, and the predictions about
it).

An entry's id is derived from what it reports (a UUID of its content key), so it is the
same on every server and after every restart, and a reader shows it once; each entry links
to its permalink. Text is plain, with mentions broken (`handlers.text.neutralise`): feed
readers such as MonitoRSS post entries into Discord and Slack channels."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from aiohttp import web

from catalog import Catalog
from feeds.registry import SOURCES
from handlers.announcement import announcement_of, announcement_reply
from handlers.counterexamples.display import credit_announcement, credit_payload
from handlers.detect import LeaderChange, leader_changes
from handlers.ledger import LedgerRow, current_verdicts
from handlers.links import counterexample_path, leaderboard_path, prediction_path, verdict_path
from handlers.predictions.display import announcement as prediction_announcement
from handlers.predictions.display import announcement_payload
from handlers.reply import Reply
from handlers.text import neutralise
from laws import PART_IDS
from laws.evidence import HEADLINE_SCOPES, scope_name, sentence, within_horizon
from storage.counterexamples import Counterexample, accepted
from storage.predictions import Prediction, recently_resolved
from storage.snapshots import categories, scope_snapshots
from web.common import query, services_of
from web.pages import NotFound

ENTRIES_MAX = 100
# The namespace of entry and feed ids: urn:uuid:<uuid5 of this and a content key>.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/lawkeeper-bot/lawkeeper")
ATOM = "application/atom+xml"


@dataclass(frozen=True)
class FeedItem:
    key: str  # what the entry reports, in a stable form: its id is derived from it
    title: str
    text: str
    path: str  # its permalink
    updated: datetime
    day: str  # what it is about: a month, or the date of a snapshot or acceptance


def entry_id(key: str) -> str:
    """The Atom id for a content key: a name-based UUID under NAMESPACE, the same on every
    server and after every restart, so a reader shows an entry once. The feeds' own ids are made
    the same way."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _stamp(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _reply_text(reply: Reply) -> str:
    return "\n".join(
        [reply.text, *(f"{f.name}: {f.value}" for f in reply.fields), reply.footer]
    ).strip()


def ledger_items(
    rows: Iterable[LedgerRow], scopes: set[tuple[str, str]] | None = None
) -> list[FeedItem]:
    """Where the ledger's status changes from one month to the next, per law part and
    leaderboard category (of `scopes`, if given), within the data's horizon: a reader
    learns of a new status when the ledger records it."""
    by_scope: dict[tuple[str, str, str], list[LedgerRow]] = defaultdict(list)
    shown = {id(v) for v in within_horizon(r.verdict for r in rows)}
    for r in rows:
        v = r.verdict
        if id(v) in shown and (scopes is None or (v.leaderboard, v.category) in scopes):
            by_scope[(v.law, v.leaderboard, v.category)].append(r)
    items = []
    for (part, board, category), mine in by_scope.items():
        mine.sort(key=lambda r: r.verdict.period)
        for before, now in pairwise(mine):
            old, new = before.verdict, now.verdict
            if old.status is new.status:
                continue
            name = scope_name(board, category)
            items.append(
                FeedItem(
                    key=f"ledger|{part}|{board}|{category}|{new.period}|{new.status}|{old.status}",
                    title=f"Law {part} on {name}: {new.label} in {new.period} (was "
                    f"{old.label} in {old.period})",
                    text=sentence(new),
                    path=verdict_path(part, board, category, new.period),
                    updated=_stamp(now.computed_at),
                    day=new.period,
                )
            )
    return items


def leader_items(changes: Iterable[LeaderChange], catalog: Catalog) -> list[FeedItem]:
    """A new #1 in words, as its announcement says it."""
    items = []
    for change in changes:
        snap = change.snapshot
        title = SOURCES[snap.leaderboard].title if snap.leaderboard in SOURCES else snap.leaderboard
        reply = announcement_reply(announcement_of(change, catalog, title))
        items.append(
            FeedItem(
                key=f"leader|{snap.leaderboard}|{snap.category}|{snap.snapshot_date}|"
                f"{change.new.model_key}",
                title=reply.title,
                text=_reply_text(reply),
                path=leaderboard_path(snap.leaderboard, snap.category, snap.snapshot_date),
                updated=snap.fetched_at
                if snap.fetched_at.tzinfo
                else snap.fetched_at.replace(tzinfo=UTC),
                day=snap.snapshot_date.isoformat(),
            )
        )
    return items


def credit_items(credits: Iterable[Counterexample]) -> list[FeedItem]:
    """Accepted counterexamples, as their announcement says them."""
    items = []
    for c in credits:
        when = c.decided.at if c.decided else c.submitted_at
        reply = credit_announcement(credit_payload(c))
        items.append(
            FeedItem(
                key=f"counterexample|{c.id}|{c.submitted_at.isoformat()}",
                title=reply.title,
                text=_reply_text(reply),
                path=counterexample_path(c.id),
                updated=when,
                day=when.date().isoformat(),
            )
        )
    return items


def prediction_items(resolved: Iterable[Prediction]) -> list[FeedItem]:
    """Resolved predictions, as their announcement says them; the id is the prediction's
    and its outcome's (and when it was stated, which tells apart two databases' #1)."""
    items = []
    for p in resolved:
        if p.outcome is None or p.resolved_at is None or p.resolved_on is None:
            continue
        reply = prediction_announcement(announcement_payload(p))
        items.append(
            FeedItem(
                key=f"prediction|{p.id}|{p.outcome}|{p.stated_at.isoformat()}",
                title=reply.title,
                text=_reply_text(reply),
                path=prediction_path(p.id),
                updated=p.resolved_at,
                day=p.resolved_on.isoformat(),
            )
        )
    return items


def atom(
    items: Sequence[FeedItem],
    *,
    key: str,
    title: str,
    subtitle: str,
    base: str,
    path: str,
    site_path: str,
    fallback: datetime,
) -> bytes:
    """The Atom 1.0 document of the newest ENTRIES_MAX items (absolute links under
    `base`)."""
    from feedgen.feed import FeedGenerator  # lxml, only once a feed is asked for

    chosen = sorted(items, key=lambda i: (i.updated, i.day, i.key), reverse=True)
    chosen = chosen[:ENTRIES_MAX]
    feed = FeedGenerator()
    feed.id(entry_id(f"feed|{key}"))
    feed.title(neutralise(title))
    feed.subtitle(neutralise(subtitle))
    feed.author({"name": "Lawkeeper"})
    feed.link(href=f"{base}{path}", rel="self", type=ATOM)
    feed.link(href=f"{base}{site_path}", rel="alternate", type="text/html")
    feed.updated(chosen[0].updated if chosen else fallback)
    for item in reversed(chosen):  # feedgen puts each new entry first
        entry = feed.add_entry()
        entry.id(entry_id(item.key))
        entry.title(neutralise(item.title))
        entry.link(href=f"{base}{item.path}", rel="alternate", type="text/html")
        entry.updated(item.updated)
        entry.content(neutralise(item.text), type="text")
    return feed.atom_str(pretty=True)


# --- Handlers -------------------------------------------------------------------------------


def _base(request: web.Request) -> str:
    """Where the feed's links point: the public address, else the address asked for (the
    response cache is keyed by it)."""
    public = services_of(request).config.web.base_url
    return public or f"{request.scheme}://{request.host}"


async def _changes(request: web.Request, scopes: Iterable[tuple[str, str]]) -> list[LeaderChange]:
    bot = services_of(request)
    found: list[LeaderChange] = []
    for board, category in scopes:
        snapshots = await bot.storage.call(scope_snapshots, board, category)
        found += await asyncio.to_thread(
            leader_changes, snapshots, bot.catalog, bot.config.announcements.confirm_snapshots
        )
    return found


async def _respond(request: web.Request, items: list[FeedItem], **feed: str) -> web.Response:
    body = await asyncio.to_thread(
        atom,
        items,
        base=_base(request),
        path=request.path,
        fallback=services_of(request).started_at,
        **feed,
    )
    return web.Response(body=body, content_type=ATOM, charset="utf-8")


async def main_feed(request: web.Request) -> web.Response:
    """GET /feed.atom: the headline scopes' new leaders and ledger status changes, accepted
    counterexamples and resolved predictions, the newest ENTRIES_MAX together. Takes no query
    parameter."""
    query(request)
    bot = services_of(request)
    rows = await bot.storage.call(current_verdicts, PART_IDS)
    credits = await bot.storage.call(accepted, None, ENTRIES_MAX)
    resolved = await bot.storage.call(recently_resolved, ENTRIES_MAX)
    items = [
        *ledger_items(rows, set(HEADLINE_SCOPES)),
        *credit_items(credits),
        *prediction_items(resolved),
        *leader_items(await _changes(request, HEADLINE_SCOPES), bot.catalog),
    ]
    return await _respond(
        request,
        items,
        key="all",
        title="Lawkeeper: new leaders and ledger changes",
        subtitle="The main leaderboards' new #1 models, the ledger's "
        "status changes of the three laws, accepted "
        "counterexamples and resolved predictions.",
        site_path="/",
    )


async def leaderboard_feed(request: web.Request) -> web.Response:
    """GET /feed/{leaderboard}.atom: new leaders and ledger status changes in every category of
    one leaderboard, and resolved predictions about it; 404 listing the feeds for an unknown
    leaderboard."""
    query(request)
    board = request.match_info["leaderboard"]
    if board not in SOURCES:
        raise NotFound(
            f"There is no leaderboard {board[:60]!r}; feeds: "
            + ", ".join(f"/feed/{b}.atom" for b in SOURCES)
            + "."
        )
    bot = services_of(request)
    known = await bot.storage.call(categories, board)
    rows = await bot.storage.call(current_verdicts, PART_IDS)
    resolved = await bot.storage.call(recently_resolved, ENTRIES_MAX, board)
    items = [
        *ledger_items(rows, {(board, c) for c in known}),
        *prediction_items(resolved),
        *leader_items(await _changes(request, [(board, c) for c in known]), bot.catalog),
    ]
    title = SOURCES[board].title
    return await _respond(
        request,
        items,
        key=f"leaderboard|{board}",
        title=f"Lawkeeper: {title}",
        subtitle=f"New #1 models of every {title} category, the "
        "ledger's status changes on them, and resolved "
        "predictions about it.",
        site_path=leaderboard_path(board),
    )


def add_routes(router: web.UrlDispatcher) -> None:
    """Mount the two Atom feeds on the site's router (`web.app.build_app` calls it)."""
    router.add_get("/feed.atom", main_feed)
    router.add_get("/feed/{leaderboard}.atom", leaderboard_feed)
