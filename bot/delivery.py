"""The delivery loop: takes due deliveries from the outbox and hands each to the adapter of
its platform, in the bot's event loop. A delivery is marked done only once the platform
returned a message id; a crash before that leaves it pending for the next start."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.platform_table import RunningDeliverers
from handlers.announcement import event_reply
from handlers.delivery import Deliverer, DestinationGone, ResumableDeliverer
from handlers.links import Links
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.outbox import (
    FAILED,
    PENDING,
    Due,
    delivery_counts,
    due_deliveries,
    mark_delivered,
    mark_failed,
    mark_first_attempt,
    mark_gone,
    next_due,
    skip_platform,
)

log = logging.getLogger(__name__)
DELIVERY_TIMEOUT = 120.0  # seconds one platform call may take before it counts as failed
CONSOLE = "console"


class DeliveryLoop:
    def __init__(
        self,
        storage: Storage,
        adapters: Sequence[object],
        settings: AnnouncementsConfig,
        links: Links | None = None,
    ) -> None:
        """`adapters`: Deliverers, or adapters whose `deliverer` attribute is one once they
        are connected (until then their deliveries wait). `links`: where announcements
        link to their web pages (none without a public address)."""
        self._storage = storage
        self._adapters = list(adapters)
        self._settings = settings
        self._links = links
        self._wake = asyncio.Event()
        self._deliverers: dict[str, Deliverer] = {}

    def _ready(self) -> dict[str, Deliverer]:
        return dict(RunningDeliverers(self._adapters))

    def wake(self) -> None:
        """Deliver now rather than at the next check (a new event was stored)."""
        self._wake.set()

    async def run(self) -> None:
        """Deliver until cancelled."""
        if self._settings.paused:
            log.warning(
                "outbox: deliveries are paused (announcements.paused = true); "
                "new announcements stay pending"
            )
            return
        try:
            delivered = await self.deliver_due()
            counts = await self._storage.call(delivery_counts)
            log.info(
                "outbox: %d delivered at start, %d pending, %d given up",
                delivered,
                counts.get(PENDING, 0),
                counts.get(FAILED, 0),
            )
        except Exception:  # the database failing at start: the rounds below retry
            self._round_failed()
        while True:
            try:
                wait = await self._until_next()  # first: it may fail (the database)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), wait)
                self._wake.clear()
                await self.deliver_due()
            except Exception:  # a database hiccup must not end deliveries for good
                self._round_failed()
                await asyncio.sleep(self._settings.check_seconds)

    def _round_failed(self) -> None:
        if self._storage.failure is None:
            log.exception("outbox: delivery round failed; retrying at the next check")
        else:  # a failing database: storage logs it, once a minute
            log.debug("outbox: delivery round failed", exc_info=True)

    async def _until_next(self) -> float:
        """Seconds to the next check: the earliest pending retry, at most check_seconds."""
        due = await self._storage.call(next_due, list(self._ready()))
        wait = self._settings.check_seconds
        if due is not None:
            wait = min(wait, (due - datetime.now(UTC)).total_seconds())
        return max(wait, 0.0)

    async def deliver_due(self) -> int:
        """One round: every due delivery for a running platform. Return how many were
        delivered."""
        self._deliverers = self._ready()
        if not any(getattr(a, "platform", None) == CONSOLE for a in self._adapters):
            await self._storage.call(
                skip_platform, CONSOLE, "the console was not running", datetime.now(UTC)
            )
        delivered, gone = 0, set()
        while due := await self._storage.call(
            due_deliveries, list(self._deliverers), datetime.now(UTC)
        ):
            for item in due:
                if (item.platform, item.channel_id) in gone:  # closed by mark_gone
                    continue
                delivery = self._deliver(item, gone)
                if isinstance(self._deliverers[item.platform], ResumableDeliverer):
                    delivered += await delivery  # cut short, it finds its message later
                else:
                    delivered += await _to_the_end(delivery)
        return delivered

    async def console_stops(self, *, flush: bool) -> None:
        """The console is stopping. With `flush` (its input ended), print what is due for
        it first; then close the rest: what happens while no console runs is never printed
        later."""
        if flush and not self._settings.paused:
            await self.deliver_due()
        await self._storage.call(skip_platform, CONSOLE, "the console stopped", datetime.now(UTC))

    async def _deliver(self, item: Due, gone: set[tuple[str, str]]) -> int:
        deliverer = self._deliverers[item.platform]
        where = f"{item.platform}:{item.channel_id}"
        if item.first_attempt_at is None:
            await self._storage.call(mark_first_attempt, item.id, datetime.now(UTC))
        reply = event_reply(item.kind, item.payload, self._links)
        try:
            async with asyncio.timeout(DELIVERY_TIMEOUT):
                if isinstance(deliverer, ResumableDeliverer):
                    message_id = await deliverer.deliver_once(
                        item.channel_id, reply, f"delivery-{item.id}", item.first_attempt_at
                    )
                else:
                    message_id = await deliverer.deliver(item.channel_id, reply)
        except DestinationGone as exc:
            gone.add((item.platform, item.channel_id))
            closed = await self._storage.call(
                mark_gone,
                item.platform,
                item.channel_id,
                str(exc) or "destination gone",
                datetime.now(UTC),
            )
            log.warning(
                "outbox: %s can no longer receive (%s); its subscriptions are "
                "disabled and %d pending deliveries closed",
                where,
                exc,
                closed,
            )
            return 0
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            status = await self._storage.call(
                mark_failed,
                item.id,
                reason,
                datetime.now(UTC),
                retry_seconds=self._settings.retry_seconds,
                max_attempts=self._settings.max_attempts,
            )
            if status == FAILED:
                log.error(
                    "outbox: gave up delivering event %d to %s after %d attempts: %s",
                    item.event_id,
                    where,
                    item.attempts + 1,
                    reason,
                )
            else:
                log.warning(
                    "outbox: delivering event %d to %s failed (%s); will retry",
                    item.event_id,
                    where,
                    reason,
                )
            return 0
        await self._storage.call(mark_delivered, item.id, str(message_id), datetime.now(UTC))
        log.info("outbox: event %d delivered to %s", item.event_id, where)
        return 1


async def _to_the_end(delivery: Coroutine[Any, Any, int]) -> int:
    """`delivery` carried to its end even when the loop is cancelled meanwhile (the bot
    stopping), for a deliverer that cannot find out later whether it sent a message (the
    console): what it sent is recorded as sent, or the console's last flush
    (`console_stops`) would print it again. Then the cancellation goes on."""
    task = asyncio.ensure_future(delivery)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise
