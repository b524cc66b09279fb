"""The aiohttp application: routes, and the middlewares that make it safe and cheap.

Every page, API answer and feed depends only on its URL, on the state of the database
(`storage.versions.content_version`) and on the day (pages say how old data is), so:
- a response is cached under (that state, the day, the URL) and served from memory until
  either changes, compressed once per encoding;
- its ETag is that state, and a client that sends it back gets 304 without anything
  being computed;
- nothing is ever written: GET and HEAD only, 405 otherwise.
Every response carries a Content-Security-Policy that allows no script at all (the pages
have none), `nosniff`, and no framing; each address gets a small token bucket (429 with
Retry-After past it)."""

from __future__ import annotations

import asyncio
import gzip
import logging
import math
import secrets
import time
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, cast

import aiohttp_jinja2
import jinja2
from aiohttp import web

from handlers.context import Services
from storage import StorageError
from storage.versions import content_version
from web import api, feeds, pages
from web.common import SERVICES, query, services_of
from web.pages import BadRequest, NotFound, Page
from web.settings import WebConfig
from web.views import MONTH_NAMES, MONTHS

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATE = web.AppKey("state", "SiteState")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

READ_ONLY = ("GET", "HEAD")
SECURITY_HEADERS = {
    # No script of any kind, no plug-ins, nothing from elsewhere: the pages need their own
    # stylesheet and images only.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Server": "Lawkeeper",
}
CACHE_BYTES = 32 * 2**20  # responses kept, compressed forms included, at most
COMPRESS_MIN_BYTES = 512
HTML = "text/html"


class RateLimit:
    """A token bucket per client address: `per_minute` requests a minute, at most half of
    them at once. `clock` is injectable so tests need no waiting."""

    MAX_ADDRESSES = 10_000  # past this, buckets that are full again are forgotten

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, per_minute / 2)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, at)

    def wait(self, address: str) -> float:
        """0 (and a token is taken) when `address` may be answered now, else the seconds
        until it may."""
        now = self._clock()
        tokens, at = self._buckets.get(address, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens >= 1:
            self._buckets[address] = (tokens - 1, now)
            if len(self._buckets) > self.MAX_ADDRESSES:
                self._forget_full(now)
            return 0.0
        self._buckets[address] = (tokens, now)
        return (1 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        full = [
            a
            for a, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * self.rate >= self.capacity
        ]
        for address in full:
            del self._buckets[address]


@dataclass(frozen=True)
class Cached:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...]


class SiteState:
    """The response cache (with its compressed forms) of the current state of the data,
    and when that state was first seen (its Last-Modified). A new state empties the cache:
    nothing of the old one can be served again."""

    def __init__(self, limiter: RateLimit | None, today: Callable[[], date]) -> None:
        self.limiter = limiter
        self.today = today
        # Part of every ETag: another process (a restart, an upgrade: new templates, a new
        # catalog) never answers 304 to what an earlier one served.
        self.instance = secrets.token_hex(4)
        self.tag = ""
        self.modified = datetime.now(UTC)
        self._kept: OrderedDict[tuple[str, str], bytes | Cached] = OrderedDict()
        self._bytes = 0

    def seen(self, tag: str) -> datetime:
        """The Last-Modified of this state (now, when it is new: the cache is emptied)."""
        if tag != self.tag:
            self.tag, self.modified = tag, datetime.now(UTC).replace(microsecond=0)
            self._kept.clear()
            self._bytes = 0
        return self.modified

    def response(self, key: str) -> Cached | None:
        """The response cached under `key` (host and path with query), uncompressed, or None; a
        hit becomes the most recently used."""
        found = self._kept.get((key, ""))
        if found is not None:
            self._kept.move_to_end((key, ""))
        return found if isinstance(found, Cached) else None

    def keep(self, key: str, cached: Cached) -> None:
        """Cache a response under `key`. One larger than a quarter of CACHE_BYTES is not kept;
        past CACHE_BYTES in all, the least recently used go first."""
        self._put((key, ""), cached, len(cached.body))

    def compressed(self, key: str, encoding: str, body: bytes) -> bytes:
        """`body` compressed for `encoding` ('gzip' or 'deflate', level 6; gzip without a
        timestamp, so the bytes are the same every time), computed once per key and encoding and
        cached beside the response."""
        found = self._kept.get((key, encoding))
        if isinstance(found, bytes):
            self._kept.move_to_end((key, encoding))
            return found
        packed = gzip.compress(body, 6, mtime=0) if encoding == "gzip" else zlib.compress(body, 6)
        self._put((key, encoding), packed, len(packed))
        return packed

    def _put(self, key: tuple[str, str], value: bytes | Cached, size: int) -> None:
        if size > CACHE_BYTES // 4:
            return  # computed again when asked again (the whole ledger as JSON is 8 MB)
        self._kept[key] = value
        self._bytes += size
        while self._bytes > CACHE_BYTES:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= len(dropped.body if isinstance(dropped, Cached) else dropped)


def chosen_encoding(accept: str) -> str:
    """gzip, else deflate, when the client accepts it (q > 0); else "" (identity)."""
    offered: dict[str, float] = {}
    for item in accept.split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        offered[name.strip().lower()] = q
    for encoding in ("gzip", "deflate"):
        if offered.get(encoding, offered.get("*", 0.0)) > 0:
            return encoding
    return ""


# --- Middlewares --------------------------------------------------------------------------


def _is_api(request: web.Request) -> bool:
    return request.path.startswith("/api/")


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost: read-only, rate-limited, errors as polite pages (JSON under /api/),
    security headers on everything."""
    state = request.app[STATE]
    if request.method not in READ_ONLY:
        response: web.StreamResponse = _error(
            request,
            405,
            "Method not allowed",
            "These pages only read: ask with GET (or HEAD). Nothing here can be changed.",
        )
        response.headers["Allow"] = ", ".join(READ_ONLY)
    elif state.limiter is not None and (wait := state.limiter.wait(request.remote or "")):
        response = _error(
            request,
            429,
            "Too many requests",
            f"Too many requests from your address; try again in {math.ceil(wait)} s.",
        )
        response.headers["Retry-After"] = str(math.ceil(wait))
    else:
        try:
            response = await handler(request)
        except NotFound as exc:
            response = _error(request, 404, "Not found", str(exc), exc.links)
        except BadRequest as exc:
            response = _error(request, 400, "Bad request", str(exc), parameter=exc.parameter)
        except web.HTTPException as exc:
            if exc.status == 405:
                response = _error(
                    request,
                    405,
                    "Method not allowed",
                    "These pages only read: ask with GET (or HEAD).",
                )
                response.headers["Allow"] = ", ".join(READ_ONLY)
            elif exc.status == 404:
                response = _error(request, 404, "Not found", "There is no page at this address.")
            else:
                response = _error(request, exc.status, exc.reason, exc.text or exc.reason)
        except StorageError:
            log.debug("web: %s failed: the database is failing", request.path, exc_info=True)
            response = _error(
                request,
                503,
                "Unavailable",
                "The bot's database is failing just now; please try again later.",
            )
            response.headers["Retry-After"] = "60"
        except Exception:
            log.exception("web: %s failed", request.path)
            response = _error(
                request,
                500,
                "Something went wrong",
                "Something went wrong on our side while making this page; it has been logged.",
            )
    response.headers.update(SECURITY_HEADERS)
    return response


@web.middleware
async def cached(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Conditional requests (ETag, Last-Modified, 304) and the response cache, both keyed
    on the state of the data and the day."""
    state = request.app[STATE]
    version = await request.app[SERVICES].storage.call(content_version)
    tag = f"{version}-{state.today().isoformat()}-{state.instance}"
    etag = f'W/"{tag}"'
    modified = state.seen(tag)
    validators = {
        "ETag": etag,
        "Last-Modified": format_datetime(modified, usegmt=True),
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
    }
    if _not_modified(request, etag, modified):
        return web.Response(status=304, headers=validators)
    # The Host is part of the key: a feed's links are absolute, made from it when there
    # is no public address, so a forged Host can never reach another client's answer.
    key = f"{request.host}{request.path_qs}"
    found = state.response(key)
    if found is None:
        response = await handler(request)
        if (
            not isinstance(response, web.Response)
            or response.status != 200
            or not isinstance(response.body, bytes)
        ):
            return response
        found = Cached(
            200,
            response.content_type + (f"; charset={response.charset}" if response.charset else ""),
            response.body,
            tuple(
                (k, v)
                for k, v in response.headers.items()
                if k.lower() not in ("content-type", "content-length")
            ),
        )
        state.keep(key, found)
    body, headers = found.body, {**dict(found.headers), **validators}
    encoding = chosen_encoding(request.headers.get("Accept-Encoding", ""))
    if encoding and len(body) >= COMPRESS_MIN_BYTES:
        body = state.compressed(key, encoding, body)
        headers["Content-Encoding"] = encoding
    return web.Response(
        status=found.status, body=body, headers={**headers, "Content-Type": found.content_type}
    )


def _not_modified(request: web.Request, etag: str, modified: datetime) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        given = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in given or etag.removeprefix("W/") in given
    since = request.headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and when >= modified


# --- Responses ----------------------------------------------------------------------------


def _error(
    request: web.Request,
    status: int,
    title: str,
    message: str,
    links: tuple[tuple[str, str], ...] = (),
    parameter: str = "",
) -> web.Response:
    """A polite error: a small page, or under /api/ a JSON object naming the parameter."""
    if _is_api(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if parameter:
            body["parameter"] = parameter
        return web.json_response(body, status=status)
    env = aiohttp_jinja2.get_env(request.app)
    html = env.get_template("error.html").render(
        title=title, status=status, message=message, links=links
    )
    return web.Response(status=status, text=html, content_type=HTML)


async def render(request: web.Request, page: Page) -> web.Response:
    """A page's template filled in (in a worker thread: a big page takes milliseconds)."""
    template = aiohttp_jinja2.get_env(request.app).get_template(page.template)
    html = await asyncio.to_thread(template.render, title=page.title, **page.context)
    return web.Response(text=html, content_type=HTML)


# --- Handlers -----------------------------------------------------------------------------


async def home_page(request: web.Request) -> web.Response:
    """GET /: each law's status and chart, and how old each leaderboard's data is. Takes no
    query parameter (400 naming any given)."""
    query(request)
    return await render(request, await pages.home(services_of(request), request.app[STATE].today()))


async def law_page(request: web.Request) -> web.Response:
    """GET /law/{law}: a law's page. A part id (3a) redirects (302) to its section of its law's
    page; anything else is a 404 naming the laws."""
    query(request)
    law_id = request.match_info["law"]
    if law_id not in pages.LAWS and law_id in pages.PART_IDS:  # a part: its law's page
        return web.Response(
            status=302, headers={"Location": f"/law/{pages.law_of(law_id)}#part-{law_id}"}
        )
    return await render(request, await pages.law(services_of(request), law_id))


async def verdict_page(request: web.Request) -> web.Response:
    """GET /law/{law}/{leaderboard}/{category}/{period}: the permalink of one month's verdict,
    superseded ones included; 404 for an unknown leaderboard, a period not written YYYY-MM, or a
    month the ledger has no verdict for."""
    query(request)
    m = request.match_info
    return await render(
        request,
        await pages.verdict(
            services_of(request), m["law"], m["leaderboard"], m["category"], m["period"]
        ),
    )


async def chart_png(request: web.Request) -> web.Response:
    """GET /charts/law-{law}.png: the chart /law N attaches. 503 with Retry-After when it could
    not be drawn just now, 404 while no leaderboard has decided a month of the law."""
    query(request)
    png = await pages.chart(services_of(request), request.match_info["law"])
    if png is None:
        response = _error(
            request,
            503,
            "Chart not drawn",
            "The chart could not be drawn just now; please try again.",
        )
        response.headers["Retry-After"] = "30"
        return response
    if not png:
        raise NotFound(
            "No leaderboard has decided a month of this law yet: there is no chart to draw."
        )
    return web.Response(body=png, content_type="image/png")


async def leaderboards_page(request: web.Request) -> web.Response:
    """GET /leaderboards: every stored leaderboard with how old its newest data is, and its
    oldest category where that lags."""
    query(request)
    return await render(
        request, await pages.leaderboards(services_of(request), request.app[STATE].today())
    )


async def leaderboard_page(request: web.Request) -> web.Response:
    """GET /leaderboards/{leaderboard}[/{category}][?at=YYYY-MM-DD]: the standings in the latest
    snapshot, or the latest on or before `at`; 404 for an unknown leaderboard or category, 400
    for a malformed date."""
    given = query(request, "at")
    m = request.match_info
    return await render(
        request,
        await pages.leaderboard(
            services_of(request),
            m["leaderboard"],
            m.get("category"),
            pages.parse_day(given.get("at")),
            request.app[STATE].today(),
        ),
    )


async def model_page(request: web.Request) -> web.Response:
    """GET /models/{name}: the card /model shows, for a catalog name or alias or a name only a
    stored listing uses; 404 with links to the closest names otherwise."""
    query(request)
    return await render(
        request, await pages.model(services_of(request), request.match_info["name"])
    )


async def counterexamples_page(request: web.Request) -> web.Response:
    """GET /counterexamples: the accepted counterexamples, the latest submitted first; pending
    and rejected ones are never shown."""
    query(request)
    return await render(request, await pages.counterexamples(services_of(request)))


async def counterexample_page(request: web.Request) -> web.Response:
    """GET /counterexamples/{number}: one accepted counterexample; a pending, rejected or
    unknown one is the same 404."""
    query(request)
    return await render(
        request, await pages.counterexample(services_of(request), request.match_info["number"])
    )


async def predictions_page(request: web.Request) -> web.Response:
    """GET /predictions[?status=…]: the newest predictions, of one status (open, resolved,
    withdrawn, voided) if given; 400 for another status."""
    given = query(request, "status")
    return await render(
        request, await pages.predictions(services_of(request), pages.prediction_status(given))
    )


async def prediction_page(request: web.Request) -> web.Response:
    """GET /predictions/{number}: what /prediction N shows everyone; 404 for an unknown number."""
    query(request)
    return await render(
        request, await pages.prediction(services_of(request), request.match_info["number"])
    )


async def announcements_page(request: web.Request) -> web.Response:
    """GET /announcements: the newest announcements, in the words chat posts them, each with its
    permalink."""
    query(request)
    return await render(request, await pages.announcements(services_of(request)))


def _file(name: str, content_type: str) -> Handler:
    body = (HERE / "static" / name).read_bytes()

    async def serve(request: web.Request) -> web.Response:
        query(request)
        return web.Response(body=body, content_type=content_type)

    return serve


def build_app(
    services: Services, *, limiter: RateLimit | None = None, today: Callable[[], date] | None = None
) -> web.Application:
    """The web application over the bot's services. `limiter`: the per-address rate limit
    (default: `[web] rate_limit_per_minute`); `today`: the date pages count data age from
    (default: today, UTC)."""
    app = web.Application(middlewares=[guard, cached])
    app[SERVICES] = services
    settings = cast(WebConfig, services.config.web)  # the runtime hands the pages theirs
    app[STATE] = SiteState(
        limiter or RateLimit(settings.rate_limit_per_minute),
        today or (lambda: datetime.now(UTC).date()),
    )
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(months=MONTHS, month_names=MONTH_NAMES)
    r = app.router
    r.add_get("/", home_page)
    r.add_get("/law/{law}", law_page)
    r.add_get("/law/{law}/{leaderboard}/{category}/{period}", verdict_page)
    r.add_get("/charts/law-{law}.png", chart_png)
    r.add_get("/leaderboards", leaderboards_page)
    r.add_get("/leaderboards/{leaderboard}", leaderboard_page)
    r.add_get("/leaderboards/{leaderboard}/{category}", leaderboard_page)
    r.add_get("/models/{name:.+}", model_page)
    r.add_get("/counterexamples", counterexamples_page)
    r.add_get("/counterexamples/{number}", counterexample_page)
    r.add_get("/predictions", predictions_page)
    r.add_get("/predictions/{number}", prediction_page)
    r.add_get("/announcements", announcements_page)
    r.add_get("/static/style.css", _file("style.css", "text/css"))
    r.add_get("/favicon.svg", _file("favicon.svg", "image/svg+xml"))
    api.add_routes(r)
    feeds.add_routes(r)
    return app
