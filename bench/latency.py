"""Command latency: `/law 2` through bolt's request dispatch with the full ledger loaded
(the bundled history, ledger recomputed): a request signed as Slack signs it goes into
`AsyncApp.async_dispatch`, and the clock stops when the reply reaches the response_url
on the local Slack (127.0.0.1). Baseline: a no-op bolt command (ack, answer "ok") through
the same path in the same run. Targets: p99 <= 50 ms and <= 3x the no-op's p99."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest

from bench.common import Figure, percentile, report, scratch
from bot.config import Config, Secrets, SlackConfig, StorageConfig
from bot.slack.app import build_app
from bot.slack.client import web_client
from catalog import load_catalog
from feeds.history import load_bundle
from handlers.context import Services
from storage import Storage
from storage.ledger import recompute_ledger
from tests.bot.slack.conftest import SIGNING_SECRET, sign
from tests.bot.slack.fake_slack import FakeSlack, start_fake_slack

WARMUP = 5
SAMPLES = 100
TARGET_MS = 50.0
TARGET_RATIO = 3.0


async def noop(ack: AsyncAck, respond: AsyncRespond) -> None:
    await ack()
    await respond(text="ok")


def noop_app(config: Config) -> AsyncApp:
    app = AsyncApp(client=web_client(config.slack.api_base_url, "xoxb-bench"),
                   signing_secret=SIGNING_SECRET)
    app.command("/noop")(noop)
    return app


async def one_request(app: AsyncApp, fake: FakeSlack, command: str, text: str, n: int,
                      settled: Any) -> float:
    """Seconds from the signed request entering bolt to the reply at the response_url;
    then wait (untimed) until `settled(fake)` so background work (a chart upload) does
    not overlap the next request."""
    name = f"{command.strip('/')}-{n}"
    body = urlencode({"token": "legacy", "team_id": "T1", "team_domain": "bench",
                      "channel_id": "C1", "channel_name": "general", "user_id": "U1",
                      "user_name": "bench", "command": command, "text": text,
                      "api_app_id": "A1", "response_url": fake.response_url(name),
                      "trigger_id": f"trigger-{name}"})
    path = f"/response/{name}"
    start = time.perf_counter()
    response = await app.async_dispatch(AsyncBoltRequest(body=body,
                                                         headers=sign(body, int(time.time()))))
    assert response.status == 200, response.body
    await fake.wait_for(lambda f: any(c.path == path for c in f.calls))
    elapsed = time.perf_counter() - start
    await fake.wait_for(settled)
    return elapsed


async def measure(app: AsyncApp, fake: FakeSlack, command: str, text: str,
                  settled: Any) -> list[float]:
    samples = []
    for n in range(WARMUP + SAMPLES):
        seconds = await one_request(app, fake, command, text, n, settled)
        if n >= WARMUP:
            samples.append(seconds * 1000)
    return samples


async def run() -> list[Figure]:
    fake, runner = await start_fake_slack()
    try:
        with scratch() as tmp:
            config = Config(storage=StorageConfig(path=str(tmp / "bench.db")),
                            slack=SlackConfig(mode="http", api_base_url=fake.api_url))
            storage = await Storage.open(config.database_path)
            try:
                catalog = load_catalog()
                await storage.call(load_bundle)
                await storage.call(recompute_ledger, catalog, config.laws, datetime.now(UTC),
                                   "bench")
                services = Services(storage=storage, config=config,
                                    started_at=datetime.now(UTC), catalog=catalog)
                secrets = Secrets(slack_bot_token="xoxb-bench",
                                  slack_signing_secret=SIGNING_SECRET)
                law_app = build_app(config, secrets, services)
                uploads = 0

                def law_settled(f: FakeSlack) -> bool:
                    # Each /law 2 shares its chart: wait for that upload to complete.
                    return len(f.of("files.completeUploadExternal")) >= uploads

                law = []
                for n in range(WARMUP + SAMPLES):
                    uploads += 1
                    ms = await one_request(law_app, fake, "/law", "2", n, law_settled) * 1000
                    if n == 0:
                        cold = ms  # the chart is drawn: the first /law 2 after a change
                    elif n >= WARMUP:
                        law.append(ms)
                base = await measure(noop_app(config), fake, "/noop", "", lambda f: True)
            finally:
                await storage.close()
    finally:
        await runner.cleanup()
    p99, base99 = percentile(law, 99), percentile(base, 99)
    return [
        Figure("latency", "/law 2 first call after a ledger change (draws the chart)", cold,
               percentile(base, 50), "no-op command p50", "ms"),
        Figure("latency", "/law 2 p50 (Slack, bolt dispatch)", percentile(law, 50),
               percentile(base, 50), "no-op command p50", "ms"),
        Figure("latency", "/law 2 p99 (Slack, bolt dispatch)", p99, base99,
               "no-op command p99", "ms", f"<= {TARGET_MS:g} ms and <= {TARGET_RATIO:g}x",
               p99 <= TARGET_MS and p99 / base99 <= TARGET_RATIO),
    ]


def main() -> None:
    report(asyncio.run(run()))


if __name__ == "__main__":
    main()
