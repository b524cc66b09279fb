"""The runtime: one asyncio loop holding the database, the scheduler and the adapters."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.adapter import Adapter
from bot.config import Config, Secrets
from bot.delivery import CONSOLE, DeliveryLoop
from bot.feeds_cli import fetcher_from
from bot.memory import release_freed_memory
from bot.platform_table import RunningDeliverers
from bot.polling import next_poll, schedule_polls
from catalog import load_catalog
from handlers.charts import ChartRenderer
from handlers.context import Services
from handlers.ledger import recompute_ledger
from handlers.links import Links
from handlers.predictions.resolution import resolve_open
from handlers.watch import ledger_to_outbox
from storage import Storage
from storage.history import load_history

if TYPE_CHECKING:
    from web.server import WebServer

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, config: Config, secrets: Secrets) -> None:
        self.config = config
        self.secrets = secrets
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """What SIGINT and SIGTERM call (`serve` installs it as their handler): `serve` then
        cancels its tasks and closes everything in order. Call it from the loop's thread."""
        self._stop.set()

    async def serve(
        self,
        adapters: Sequence[Adapter],
        *,
        until_adapters_finish: bool,
        watch: bool = False,
        web: bool = False,
    ) -> None:
        """Run the adapters until SIGINT/SIGTERM, or, with `until_adapters_finish`, until
        every adapter has returned (the console at end of input; the outbox delivery does
        not keep it running). With `watch`, also deliver the outbox through the adapters
        that are Deliverers. With `web`, serve the web pages (`[web]`) meanwhile."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.stop)
        storage = await Storage.open(self.config.database_path)
        await load_history(storage)
        catalog = await asyncio.to_thread(load_catalog)
        # The ledger from whatever snapshots are stored (the bundled history once imported);
        # unchanged verdicts add nothing. The new snapshot path calls `update_ledger` too.
        changes = await storage.call(
            recompute_ledger, catalog, self.config.laws, datetime.now(UTC), "recomputed at start"
        )
        log.info("ledger recomputed: %d verdict(s) changed", len(changes))
        # Predictions the stored data decides (snapshots stored before a crash, or imported
        # while the bot was off); each resolves and is announced once.
        resolved = await storage.call(resolve_open, catalog, self.config.laws, datetime.now(UTC))
        if resolved:
            log.info("predictions: %d resolved at start", resolved)
        release_freed_memory()
        resources = contextlib.AsyncExitStack()
        # The console prints announcements while it runs, with or without `watch`.
        console = any(getattr(a, "platform", None) == CONSOLE for a in adapters)
        delivery = DeliveryLoop(storage, adapters, self.config.announcements, Links.of(self.config))
        if watch and self.config.feeds.polling:
            fetcher = await resources.enter_async_context(fetcher_from(self.config))

            async def on_new(leaderboard: str) -> None:
                await storage.call(
                    ledger_to_outbox,
                    catalog,
                    self.config.laws,
                    datetime.now(UTC),
                    f"new snapshot of {leaderboard}",
                )
                await storage.call(
                    resolve_open, catalog, self.config.laws, datetime.now(UTC), {leaderboard}
                )
                delivery.wake()

            schedule_polls(self.scheduler, storage, fetcher, self.config, catalog, on_new)
        # One chart renderer for the bot's life; the serving bot starts it now, so the first
        # /law N after a ledger change does not wait for matplotlib to load.
        charts = ChartRenderer(keep=True)
        resources.push_async_callback(charts.close)
        if watch:
            await charts.start()
        services = Services(
            storage=storage,
            config=self.config,
            started_at=datetime.now(UTC),
            catalog=catalog,
            deliverers=RunningDeliverers(adapters),
            next_poll=functools.partial(next_poll, self.scheduler),
            charts=charts,
        )
        web_server = await self._start_web(services) if web else None
        self.scheduler.start()
        tasks = [asyncio.create_task(a.run(services), name=f"adapter:{a.name}") for a in adapters]
        adapter_tasks = set(tasks)
        unwatched: list[asyncio.Task[None]] = []  # never finish by themselves
        if watch:
            tasks.append(asyncio.create_task(delivery.run(), name="outbox-delivery"))
        elif console:
            unwatched.append(asyncio.create_task(delivery.run(), name="outbox-delivery"))
        stopper = asyncio.create_task(self._stop.wait(), name="stop-signal")
        log.info(
            "Lawkeeper started (%s; database %s%s)",
            ", ".join(a.name for a in adapters) or "no adapters",
            storage.path,
            f"; web pages at {services.web.local}" if services.web.local else "",
        )
        try:
            watched = {*tasks, stopper}
            while stopper in watched and not (
                until_adapters_finish and adapter_tasks.isdisjoint(watched)
            ):
                done, watched = await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
                for task in done - {stopper}:
                    if task.exception() is not None:
                        raise task.exception()  # type: ignore[misc]
                    log.info("%s finished", task.get_name())
        finally:
            for task in [*tasks, *unwatched, stopper]:
                task.cancel()
            await asyncio.gather(*tasks, *unwatched, stopper, return_exceptions=True)
            if console:  # its input ended: print what is due before it goes
                await delivery.console_stops(
                    flush=until_adapters_finish and not self._stop.is_set()
                )
            self.scheduler.shutdown(wait=False)
            if web_server is not None:
                await web_server.stop()
            await resources.aclose()
            await storage.close()
            log.info("Lawkeeper stopped")

    async def _start_web(self, services: Services) -> WebServer | None:
        """The web pages, listening; None (with the reason in `services.web`, logged) when
        they are off or cannot listen: the bot serves chat without them."""
        settings = self.config.web
        if not settings.enabled:
            services.web.problem = "off ([web] enabled = false)"
            return None
        from web.server import WebServer  # Jinja2 and the pages only when they are on

        server = WebServer(settings, services)
        try:
            services.web.local = await server.start()
        except OSError as exc:
            services.web.problem = (
                f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}"
            )
            log.error("web pages not served: %s", services.web.problem)
            return None
        public = f" (public address {settings.public_url})" if settings.public_url else ""
        log.info("web pages at %s%s", services.web.local, public)
        return server
