"""Web pages: a cached page's p99 latency against a bare aiohttp handler in the same run.

The page is /law/2 (the largest: every leaderboard category's month grid) over the bundled
history with its ledger, served by the bot's own web application (`web.app.build_app`:
every middleware, the data version read through the storage thread, the response cache,
gzip) on 127.0.0.1, asked for as a browser does (Accept-Encoding: gzip). The baseline is a
bare aiohttp handler on another port of the same loop answering the very same gzip bytes
and headers, so the ratio is what the web layer adds to a response, not the size of the
page. Both are asked over keep-alive connections in runs of REQUESTS, alternating (15
runs each: a busy moment of a shared machine falls on both alike); each run's p99 is
taken, and the figure is the median of those. Target: <= 3x."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime

import aiohttp
from aiohttp import web

from bench.common import Figure, percentile, report, scratch
from bot.config import Config
from catalog import load_catalog
from handlers.context import Services
from handlers.ledger import recompute_ledger
from laws.settings import LawsConfig
from storage import Storage, connect
from storage.history import load_bundle
from storage.settings import StorageConfig
from web.app import RateLimit, build_app
from web.settings import WebConfig

PAGE = "/law/2"
RUNS = 15  # alternating runs of each side (bench.common asks for at least 11)
REQUESTS = 200  # requests per run
WARMUP = 50
TARGET_RATIO = 3.0
HEADERS = {"Accept-Encoding": "gzip"}


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """`app` started on a free port of 127.0.0.1 in this loop, without signal handlers: its
    runner (to clean up) and the URL of PAGE on it."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}{PAGE}"


def bare_app(body: bytes, headers: dict[str, str]) -> web.Application:
    """The floor: a handler returning the page's own bytes, nothing else."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, headers=headers)

    app = web.Application()
    app.router.add_get(PAGE, handler)
    return app


async def timed_run(session: aiohttp.ClientSession, url: str) -> list[float]:
    """Milliseconds of each of REQUESTS sequential requests, body read."""
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        async with session.get(url, headers=HEADERS) as response:
            await response.read()
            assert response.status == 200, response.status
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def run() -> list[Figure]:
    """The web figures over a fresh database with the bundled history and its ledger: the bot's
    app (rate limit lifted) and the bare handler serving the bytes of its first response,
    WARMUP requests each, then RUNS alternating runs of REQUESTS; the medians of each run's p99
    and p50, in ms."""
    with scratch() as tmp:
        path = tmp / "web.db"
        db = connect(path)
        load_bundle(db)
        catalog = load_catalog()
        recompute_ledger(db, catalog, LawsConfig(), datetime.now(UTC), "bench.web")
        db.conn.close()
        storage = await Storage.open(path)
        try:
            config = Config(storage=StorageConfig(path=str(path)), web=WebConfig(port=0))
            services = Services(
                storage=storage, config=config, started_at=datetime.now(UTC), catalog=catalog
            )
            # No request may be refused by the rate limit while it is measured.
            ours, page_url = await serve(build_app(services, limiter=RateLimit(10**9)))
            async with aiohttp.ClientSession(auto_decompress=False) as session:
                async with session.get(page_url, headers=HEADERS) as first:
                    body = await first.read()
                    headers = {
                        k: v
                        for k, v in first.headers.items()
                        if k.lower() not in ("content-length", "date", "server")
                    }
                bare, bare_url = await serve(bare_app(body, headers))
                try:
                    for url in (page_url, bare_url):  # connections open, the page cached
                        for _ in range(WARMUP):
                            async with session.get(url, headers=HEADERS) as response:
                                await response.read()
                    runs: tuple[list[float], list[float]] = ([], [])
                    p50s: tuple[list[float], list[float]] = ([], [])
                    for _ in range(RUNS):
                        for side, url in enumerate((page_url, bare_url)):
                            samples = await timed_run(session, url)
                            runs[side].append(percentile(samples, 99))
                            p50s[side].append(percentile(samples, 50))
                finally:
                    await bare.cleanup()
                    await ours.cleanup()
        finally:
            await storage.close()
    p99, base99 = statistics.median(runs[0]), statistics.median(runs[1])
    what = (
        f"cached page {PAGE} ({len(body) / 1024:.0f} KiB gzip) p99, median of {RUNS} "
        f"alternating runs of {REQUESTS}"
    )
    return [
        Figure(
            "web",
            what,
            p99,
            base99,
            "bare aiohttp handler, the same bytes, p99",
            "ms",
            f"<= {TARGET_RATIO:g}x",
            p99 / base99 <= TARGET_RATIO,
        ),
        Figure(
            "web",
            f"cached page {PAGE} p50, median of {RUNS} runs",
            statistics.median(p50s[0]),
            statistics.median(p50s[1]),
            "bare aiohttp handler p50",
            "ms",
        ),
    ]


def main() -> None:
    """`python -m bench.web`: its figures, the RESULT line last."""
    report(asyncio.run(run()))


if __name__ == "__main__":
    main()
