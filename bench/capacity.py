"""What one process carries.

1. Announcements: 10,000 Discord channels subscribed, one new leader announced. The outbox
   (`bot.delivery.DeliveryLoop`, the bot's own) delivers through discord.py to a Discord
   stand-in in another process that enforces a global rate limit of 50 requests/s as
   Discord does: `429` with `Retry-After`, `X-RateLimit-Global` and `retry_after` in the
   body. Figures: deliveries per second against that limit (target >= 90 % of it); the
   bot process's RSS, sampled every 0.25 s while it delivers, against its RSS when
   delivery began (target: grows <= 20 MiB: the outbox reads due deliveries 50 at a
   time, never whole); messages lost or doubled, counted by the stand-in (target 0).
   What does grow is discord.py's: it keeps a rate-limit bucket per channel until 300 s
   after its last request (`HTTPClient._try_clear_expired_ratelimits`), about 1.3 KiB
   each (tracemalloc), so at most 300 s x 50/s = 15,000 of them, whatever the number of
   channels.
2. Commands: sustained `/law 2` through bolt (signed requests, 8 in flight), until every
   reply reached the response_url and every chart upload completed; baseline: a no-op
   bolt command the same way. And `/law 2` through discord.py's interaction path
   (INTERACTION_CREATE on the fake gateway, 8 in flight), until every deferral and
   follow-up arrived; baseline: `/law 7`, refused at once in the callback. The Slack and
   Discord fakes run in this process, so these figures are what one process carries
   while also playing the platform (a floor).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import multiprocessing
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import sqlite_utils
from aiohttp import ClientSession, web

from bench.common import Figure, report, scratch
from bench.latency import noop_app, slash_request
from bot.config import Config, Secrets
from bot.delivery import DeliveryLoop
from bot.discord.client import configure_endpoints
from bot.discord.delivery import DiscordDeliverer
from bot.discord.settings import DiscordConfig
from bot.slack.app import build_app
from bot.slack.settings import SlackConfig
from catalog import load_catalog
from handlers.context import Services
from handlers.events import LEADER_CHANGE
from handlers.ledger import recompute_ledger
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.history import load_bundle
from storage.outbox import PENDING, delivery_counts, enqueue
from storage.settings import StorageConfig
from storage.subscriptions import subscribe
from storage.transaction import transaction
from tests.bot.discord.conftest import guild, interaction, running, slash
from tests.bot.discord.fake_discord import APP_ID, BOT_USER, FakeDiscord
from tests.bot.slack.conftest import SIGNING_SECRET
from tests.bot.slack.fake_slack import start_fake_slack

CHANNELS = 10_000
RATE = 50.0  # requests per second, Discord's global limit for a bot
DELIVERY_DEADLINE = 600.0  # seconds: past this the run is reported as it stands
TARGET_SHARE = 0.9
TARGET_GROWTH_MIB = 20.0
COMMANDS = 400
IN_FLIGHT = 8
FIRST_CHANNEL = 1_800_000_000_000_000_000
ANNOUNCEMENT = {  # a leader_change payload as handlers.detect writes it
    "leaderboard": "arena",
    "title": "LMArena text",
    "category": "overall",
    "snapshot_date": "2026-11-30",
    "old_listed": True,
    "rule": "interval",
    "new": {
        "name": "Bench-1",
        "model_key": "bench-1",
        "score": 1400.0,
        "ci_low": 1395.0,
        "ci_high": 1405.0,
        "openness": "open_weights",
        "params_total": 70 * 10**9,
        "params_active": None,
        "params_provenance": "disclosed",
    },
    "old": {
        "name": "Bench-0",
        "model_key": "bench-0",
        "score": 1380.0,
        "ci_low": 1375.0,
        "ci_high": 1385.0,
        "openness": "proprietary",
        "params_total": None,
        "params_active": None,
        "params_provenance": "unknown",
    },
}


# --- the rate-limited Discord stand-in (another process) ----------------------------------


def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """The stand-in's answer: `body` as JSON, with `headers` added after the content type."""
    # Exactly Discord's content type: discord.py decodes JSON only for this exact value.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class RateLimitedDiscord:
    """The routes the outbox needs (login, create message); messages go through one global token
    bucket of `rate` requests/s (a burst of one second's worth). Messages are created once
    per (channel, nonce) as Discord does with `enforce_nonce`, and counted per channel."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.refilled = time.monotonic()
        self.created: Counter[str] = Counter()
        self.nonces: set[tuple[str, str]] = set()
        self.accepted = self.limited = 0
        self.ids = itertools.count(1900000000000000001)

    def take(self) -> float:
        """0 if a request may pass now, else the seconds until it may."""
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    async def me(self, request: web.Request) -> web.Response:
        """GET /users/@me: the bot's user, which `client.login` asks for first."""
        return answer(BOT_USER)

    async def application(self, request: web.Request) -> web.Response:
        """GET /oauth2/applications/@me: the application `client.login` reads its application
        id from."""
        return answer(
            {
                "id": APP_ID,
                "name": "Lawkeeper",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "00",
                "owner": BOT_USER,
                "flags": 0,
            }
        )

    async def post(self, request: web.Request) -> web.Response:
        """POST /channels/{channel}/messages: while the bucket is empty, a 429 with Discord's
        global rate-limit headers and body; otherwise the created message, counted once per
        (channel, nonce), so a retried send is not a second message."""
        wait = self.take()
        if wait:
            self.limited += 1
            return answer(
                {
                    "message": "You are being rate limited.",
                    "retry_after": round(wait, 3),
                    "global": True,
                },
                status=429,
                headers={
                    "Retry-After": str(math.ceil(wait)),
                    "X-RateLimit-Global": "true",
                    "X-RateLimit-Scope": "global",
                    "Via": "1.1 google",
                },
            )
        self.accepted += 1
        channel = request.match_info["channel"]
        body = await request.json()
        if (channel, body["nonce"]) not in self.nonces:
            self.nonces.add((channel, body["nonce"]))
            self.created[channel] += 1
        return answer(
            {
                "id": str(next(self.ids)),
                "channel_id": channel,
                "type": 0,
                "content": "",
                "author": BOT_USER,
                "embeds": body.get("embeds", []),
                "attachments": [],
                "components": [],
                "mentions": [],
                "mention_roles": [],
                "mention_everyone": False,
                "pinned": False,
                "tts": False,
                "timestamp": "2026-11-30T12:00:00.000000+00:00",
                "edited_timestamp": None,
                "flags": 0,
                "nonce": body["nonce"],
            },
            headers={
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "4",
                "X-RateLimit-Reset-After": "5",
                "X-RateLimit-Bucket": "messages",
                "X-RateLimit-Scope": "user",
            },
        )

    async def counts(self, request: web.Request) -> web.Response:
        """GET /counts (not a Discord route): messages created per channel and requests
        accepted or answered 429, read once delivery ends to find lost or doubled messages."""
        return answer({"created": self.created, "accepted": self.accepted, "limited": self.limited})


def serve(rate: float, ports: Any) -> None:
    """The child process: serve on a free port, send the port back, run until killed."""

    async def main() -> None:
        fake = RateLimitedDiscord(rate)
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", fake.me)
        app.router.add_get("/api/v10/oauth2/applications/@me", fake.application)
        app.router.add_post("/api/v10/channels/{channel}/messages", fake.post)
        app.router.add_get("/counts", fake.counts)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        ports.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


def rss_mib() -> float:
    """This process's resident set size now (VmRSS in /proc/self/status), in MiB: the process
    that runs the delivery loop."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def subscribe_all(db: sqlite_utils.Database, count: int) -> None:
    """Subscribes `count` Discord channels (ids from FIRST_CHANNEL on) to arena's leader
    announcements, laws off, in one transaction: the announcement's audience."""
    now = datetime.now(UTC)
    with transaction(db):
        for n in range(count):
            subscribe(db, "discord", str(FIRST_CHANNEL + n), "arena", False, "bench", now)


async def announcements(tmp: Path) -> list[Figure]:
    """Part 1: one leader change delivered by the bot's DeliveryLoop to CHANNELS channels
    through the rate-limited stand-in (a spawned process). Deliveries per second, peak RSS
    while delivering, and channels without exactly one message; reported as they stand after
    DELIVERY_DEADLINE. Raises if the loop dies."""
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    server = context.Process(target=serve, args=(RATE, ports), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{ports.get(timeout=30)}"
        settings = DiscordConfig(api_base_url=f"{base}/api/v10")
        configure_endpoints(settings)
        storage = await Storage.open(tmp / "capacity.db")
        # A plain client: the bot's logs in through its command sync, which needs the
        # services; delivery uses the same REST client (`discord.http.HTTPClient`) either way.
        client = discord.Client(intents=discord.Intents(guilds=True))
        try:
            await storage.call(subscribe_all, CHANNELS)
            await client.login("bench-token")
            outbox = DeliveryLoop(
                storage,
                [DiscordDeliverer(client)],
                AnnouncementsConfig(retry_seconds=1.0, check_seconds=1.0),
            )
            samples = [(0, rss_mib())]  # (delivered so far, RSS)
            start = time.perf_counter()
            await storage.call(
                lambda db: enqueue(db, LEADER_CHANGE, ANNOUNCEMENT, now=datetime.now(UTC))
            )
            delivering = asyncio.create_task(outbox.run())
            while time.perf_counter() - start < DELIVERY_DEADLINE:
                await asyncio.sleep(0.25)
                counts = await storage.call(delivery_counts)
                samples.append((counts.get("done", 0), rss_mib()))
                if not counts.get(PENDING) or delivering.done():
                    break
            elapsed = time.perf_counter() - start
            delivering.cancel()
            [ended] = await asyncio.gather(delivering, return_exceptions=True)
            if isinstance(ended, Exception):  # the loop died: that is a failure to run
                raise ended
        finally:
            await client.close()
            await storage.close()
        async with ClientSession() as session, session.get(f"{base}/counts") as answer:
            seen = await answer.json()
    finally:
        server.kill()
        server.join()
    created: dict[str, int] = seen["created"]
    done = counts.get("done", 0)
    wrong = sum(1 for n in range(CHANNELS) if created.get(str(FIRST_CHANNEL + n), 0) != 1) + len(
        set(created) - {str(FIRST_CHANNEL + n) for n in range(CHANNELS)}
    )
    per_second = done / elapsed
    rss = [r for _, r in samples]
    growth = max(rss) - rss[0]
    # Whether RSS grows with the deliveries made: after the first tenth (imports,
    # connections and caches warmed up) against the end.
    tenth = next(r for d, r in samples if d >= done / 10)
    note = (
        f"({done:,} of {CHANNELS:,} delivered in {elapsed:.0f} s; {seen['limited']:,} answered 429)"
    )
    return [
        Figure(
            "capacity",
            f"announcement to {CHANNELS:,} Discord channels, deliveries/s",
            per_second,
            RATE,
            "the stand-in's global rate limit",
            "/s",
            f">= {TARGET_SHARE:.0%} of the limit",
            per_second >= TARGET_SHARE * RATE,
            note,
        ),
        Figure(
            "capacity",
            "RSS while delivering, peak (sampled every 0.25 s)",
            max(rss),
            rss[0],
            "RSS when delivery began",
            "MiB",
            f"grows <= {TARGET_GROWTH_MIB:g} MiB",
            growth <= TARGET_GROWTH_MIB,
            f"(after the first tenth delivered {tenth:.1f} MiB, at the end {rss[-1]:.1f} MiB)",
        ),
        Figure(
            "capacity",
            "channels without exactly one message",
            wrong,
            CHANNELS,
            "channels subscribed",
            "channels",
            "0",
            wrong == 0,
        ),
    ]


# --- commands per second ------------------------------------------------------------------


async def sustained(
    count: int, one: Callable[[int], Awaitable[None]], finished: Callable[[], Awaitable[None]]
) -> float:
    """Commands per second: `count` calls of `one`, IN_FLIGHT at a time, until
    `finished()` says every answer arrived."""
    numbers = iter(range(count))

    async def worker() -> None:
        for n in numbers:
            await one(n)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    await asyncio.wait_for(finished(), timeout=300)
    return count / (time.perf_counter() - start)


async def slack_commands(config: Config, services: Services) -> tuple[float, float]:
    """/law 2 and the no-op command per second through bolt."""
    fake, runner = await start_fake_slack()
    try:
        slack = SlackConfig(mode="http", api_base_url=fake.api_url)
        config = replace(config, platforms=config.platforms.with_settings(slack))
        services = replace(services, config=config)
        secrets = Secrets(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SIGNING_SECRET)
        law_app, base_app = build_app(slack, secrets, services), noop_app(config)
        names = itertools.count()

        def command(app: Any, command: str, text: str) -> Callable[[int], Awaitable[None]]:
            async def one(_: int) -> None:
                request = slash_request(fake, command, text, f"cmd-{next(names)}")
                answer = await app.async_dispatch(request)
                assert answer.status == 200, answer.body

            return one

        def answered(replies: int, uploads: int) -> Callable[[], Awaitable[None]]:
            async def wait() -> None:
                await fake.wait_for(
                    lambda f: (
                        sum(c.path.startswith("/response/") for c in f.calls) >= replies
                        and len(f.of("files.completeUploadExternal")) >= uploads
                    )
                )

            return wait

        await command(law_app, "/law", "2")(0)  # draw the chart once, untimed
        await answered(1, 1)()
        laws = await sustained(
            COMMANDS, command(law_app, "/law", "2"), answered(COMMANDS + 1, COMMANDS + 1)
        )
        base = await sustained(
            COMMANDS, command(base_app, "/noop", ""), answered(2 * COMMANDS + 1, COMMANDS + 1)
        )
        return laws, base
    finally:
        await runner.cleanup()


async def discord_commands(config: Config, services: Services) -> tuple[float, float]:
    """/law 2 and the refused /law 7 per second through discord.py's interaction path."""
    fake = FakeDiscord()
    fake.guilds.append(guild())
    await fake.start()
    try:
        settings = DiscordConfig(api_base_url=fake.api_base_url, gateway_url=fake.gateway_url)
        config = replace(config, platforms=config.platforms.with_settings(settings))
        services = replace(services, config=config)
        async with running(fake, services):

            def command(law: str) -> Callable[[int], Awaitable[None]]:
                async def one(_: int) -> None:
                    await fake.dispatch("INTERACTION_CREATE", interaction(2, slash("law", law=law)))

                return one

            def answered(posts: int) -> Callable[[], Awaitable[None]]:
                async def wait() -> None:
                    await fake.wait_for(
                        lambda requests: (
                            sum(
                                r.method == "POST"
                                and r.path.startswith(("/interactions/", "/webhooks/"))
                                for r in requests
                            )
                            >= posts
                        )
                    )

                return wait

            await command("2")(0)  # draw the chart once, untimed
            await answered(2)()
            # /law 2: a deferral and a follow-up each; /law 7: one callback each.
            laws = await sustained(COMMANDS, command("2"), answered(2 + 2 * COMMANDS))
            base = await sustained(COMMANDS, command("7"), answered(2 + 3 * COMMANDS))
        return laws, base
    finally:
        await fake.stop()


async def commands(tmp: Path) -> list[Figure]:
    """Part 2: /law 2 per second through Slack (bolt) and Discord (interactions), each against
    its baseline, over the bundled history and its ledger in a fresh database in `tmp`."""
    config = Config(storage=StorageConfig(path=str(tmp / "commands.db")))
    storage = await Storage.open(config.database_path)
    try:
        catalog = load_catalog()
        await storage.call(load_bundle)
        await storage.call(recompute_ledger, catalog, config.laws, datetime.now(UTC), "bench")
        services = Services(
            storage=storage, config=config, started_at=datetime.now(UTC), catalog=catalog
        )
        slack, slack_base = await slack_commands(config, services)
        discord_rate, discord_base = await discord_commands(config, services)
    finally:
        await storage.close()
    return [
        Figure(
            "capacity",
            f"/law 2 per second, Slack (bolt, signed, {IN_FLIGHT} in flight, "
            "chart uploaded each time)",
            slack,
            slack_base,
            "no-op command per second",
            "/s",
        ),
        Figure(
            "capacity",
            f"/law 2 per second, Discord (interactions via the gateway, {IN_FLIGHT} in flight)",
            discord_rate,
            discord_base,
            "/law 7 refused per second",
            "/s",
        ),
    ]


async def run() -> list[Figure]:
    """Both parts in one scratch directory, the announcement figures first."""
    with scratch() as tmp:
        return [*await announcements(tmp), *await commands(tmp)]


def main() -> None:
    """`python -m bench.capacity`: its figures, the RESULT line last. The slowest benchmark
    (delivery alone takes over 200 s at the rate limit), hence its own timeout in
    bench/__main__.py."""
    report(asyncio.run(run()))


if __name__ == "__main__":
    main()
