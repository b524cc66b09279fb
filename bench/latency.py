"""Command latency: `/law 2` through bolt's request dispatch with the full ledger loaded
(the bundled history, ledger recomputed): a request signed as Slack signs it goes into
`AsyncApp.async_dispatch`, and the clock stops when the reply reaches the response_url
on the local Slack (127.0.0.1). Baseline: a no-op bolt command (ack, answer "ok") through
the same path in the same run, each /law 2 followed by a no-op (interleaved, not two
blocks). Each /law 2 shares its chart (files_upload_v2 to the local Slack): that upload is
waited for between requests but not timed, except for the first /law 2 after a ledger
change (fresh memo), which draws the chart and is timed until the upload completes: drawn,
as in the running bot, by the chart renderer started at boot and kept (handlers/charts.py).
Targets: that first call <= 1 s; steady p99 <= 50 ms and <= 3x the no-op's p99."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest

from bench.common import Figure, percentile, report, scratch
from bot.config import Config, PlatformsConfig, Secrets
from bot.slack.app import build_app
from bot.slack.client import web_client
from bot.slack.settings import SlackConfig
from catalog import load_catalog
from handlers.charts import ChartRenderer
from handlers.context import Services
from handlers.ledger import recompute_ledger
from storage import Storage
from storage.history import load_bundle
from storage.settings import StorageConfig
from tests.bot.slack.conftest import SIGNING_SECRET, sign
from tests.bot.slack.fake_slack import FakeSlack, start_fake_slack

WARMUP = 5
PAIRS = 200  # /law 2 and the no-op alternate: a busy moment falls on both alike
COLD_SAMPLES = 11
TARGET_FIRST_MS = 1000.0
TARGET_MS = 50.0
TARGET_RATIO = 3.0


async def noop(ack: AsyncAck, respond: AsyncRespond) -> None:
    """The baseline command: ack, then 'ok' to the response_url, nothing else."""
    await ack()
    await respond(text="ok")


def noop_app(config: Config) -> AsyncApp:
    """A bolt app with /noop only, checking the tests' signing secret and calling the
    configured (local) Slack: the baseline of `bench.latency` and `bench.capacity`."""
    settings = config.platforms.settings(SlackConfig)
    app = AsyncApp(
        client=web_client(settings.api_base_url, "xoxb-bench"), signing_secret=SIGNING_SECRET
    )
    app.command("/noop")(noop)
    return app


def slash_request(fake: FakeSlack, command: str, text: str, name: str) -> AsyncBoltRequest:
    """A slash command as Slack posts it, signed now, its reply going to response_url
    `name` on the local Slack: what bolt's `async_dispatch` takes (also bench.capacity's)."""
    body = urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "bench",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": "U1",
            "user_name": "bench",
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": fake.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
    )
    return AsyncBoltRequest(body=body, headers=sign(body, int(time.time())))


async def one_request(
    app: AsyncApp, fake: FakeSlack, command: str, text: str, n: int, settled: Any
) -> float:
    """Seconds from the signed request entering bolt to the reply at the response_url;
    then wait (untimed) until `settled(fake)` so background work (a chart upload) does
    not overlap the next request."""
    name = f"{command.strip('/')}-{n}"
    path = f"/response/{name}"
    request = slash_request(fake, command, text, name)
    start = time.perf_counter()
    response = await app.async_dispatch(request)
    assert response.status == 200, response.body
    await fake.wait_for(lambda f: any(c.path == path for c in f.calls))
    elapsed = time.perf_counter() - start
    await fake.wait_for(settled)
    return elapsed


async def run() -> list[Figure]:
    """The latency figures, in ms, over a fresh database with the bundled history and its
    ledger and a local Slack: the first /law 2 after a ledger change (fresh services each,
    median of COLD_SAMPLES), then p50 and p99 of PAIRS interleaved /law 2 and /noop
    requests."""
    fake, runner = await start_fake_slack()
    try:
        with scratch() as tmp:
            slack = SlackConfig(mode="http", api_base_url=fake.api_url)
            config = Config(
                storage=StorageConfig(path=str(tmp / "bench.db")),
                platforms=PlatformsConfig(sections={"slack": slack}),
            )
            # The renderer the running bot keeps from boot (bot.runtime), long before any
            # ledger change: started here, before the ledger is loaded.
            charts = ChartRenderer(keep=True)
            await charts.start()
            storage = await Storage.open(config.database_path)
            try:
                catalog = load_catalog()
                await storage.call(load_bundle)
                await storage.call(
                    recompute_ledger, catalog, config.laws, datetime.now(UTC), "bench"
                )
                secrets = Secrets(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SIGNING_SECRET)

                def law_app() -> AsyncApp:
                    # Fresh services, so a fresh memo: as after a ledger change, the reply
                    # and its chart are not yet kept.
                    return build_app(
                        slack,
                        secrets,
                        Services(
                            storage=storage,
                            config=config,
                            started_at=datetime.now(UTC),
                            catalog=catalog,
                            charts=charts,
                        ),
                    )

                uploads = 0
                n = itertools.count()

                def uploaded(f: FakeSlack) -> bool:
                    return len(f.of("files.completeUploadExternal")) >= uploads

                async def law(app: AsyncApp) -> float:
                    """Seconds to the reply; the chart's upload is waited for, untimed."""
                    nonlocal uploads
                    uploads += 1
                    return await one_request(app, fake, "/law", "2", next(n), uploaded)

                async def first_law() -> float:
                    """Seconds until the chart of a first /law 2 is drawn and uploaded."""
                    nonlocal uploads
                    uploads += 1
                    app = law_app()
                    start = time.perf_counter()
                    await one_request(app, fake, "/law", "2", next(n), lambda f: True)
                    await fake.wait_for(uploaded)
                    return time.perf_counter() - start

                async def no_op(app: AsyncApp) -> float:
                    return await one_request(app, fake, "/noop", "", next(n), lambda f: True)

                steady, base = law_app(), noop_app(config)
                cold = [await first_law() * 1000 for _ in range(COLD_SAMPLES)]
                for _ in range(WARMUP):
                    await law(steady)
                    await no_op(base)
                pairs = [(await law(steady) * 1000, await no_op(base) * 1000) for _ in range(PAIRS)]
            finally:
                await storage.close()
                await charts.close()
    finally:
        await runner.cleanup()
    laws, base_ms = [p[0] for p in pairs], [p[1] for p in pairs]
    p99, base99 = percentile(laws, 99), percentile(base_ms, 99)
    cold50 = statistics.median(cold)
    return [
        Figure(
            "latency",
            f"/law 2 first call after a ledger change, until its chart is "
            f"uploaded (files_upload_v2), median of {COLD_SAMPLES}",
            cold50,
            percentile(base_ms, 50),
            "no-op command p50",
            "ms",
            f"<= {TARGET_FIRST_MS:g} ms",
            cold50 <= TARGET_FIRST_MS,
            f"(slowest {max(cold):.0f} ms)",
        ),
        Figure(
            "latency",
            f"/law 2 p50 (Slack, bolt dispatch, {PAIRS} interleaved pairs)",
            percentile(laws, 50),
            percentile(base_ms, 50),
            "no-op command p50",
            "ms",
        ),
        Figure(
            "latency",
            f"/law 2 p99 (Slack, bolt dispatch, {PAIRS} interleaved pairs)",
            p99,
            base99,
            "no-op command p99",
            "ms",
            f"<= {TARGET_MS:g} ms and <= {TARGET_RATIO:g}x",
            p99 <= TARGET_MS and p99 / base99 <= TARGET_RATIO,
        ),
    ]


def main() -> None:
    """`python -m bench.latency`: its figures, the RESULT line last."""
    report(asyncio.run(run()))


if __name__ == "__main__":
    main()
