"""A Context factory for the workflow: any invoker, any clock, recording deliverers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.config import Config
from handlers.context import Context, Invoker, Services
from handlers.reply import Reply
from handlers.settings import CounterexamplesConfig
from storage import Storage
from tests.handlers.counterexamples.realdata import CATALOG

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class RecordingDeliverer:
    """A Deliverer as an adapter would be one: records what it was asked to post."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.posted: list[tuple[str, Reply]] = []

    async def deliver(self, channel_id: str, message: Reply) -> str:
        self.posted.append((channel_id, message))
        return f"m{len(self.posted)}"


def person(
    user_id: str = "U1", name: str = "alice", *, moderator: bool = False, platform: str = "slack"
) -> Invoker:
    return Invoker(
        platform=platform,
        user_id=user_id,
        user_name=name,
        channel_id="C-general",
        is_moderator=moderator,
    )


@pytest.fixture
def deliverers() -> dict[str, RecordingDeliverer]:
    return {p: RecordingDeliverer(p) for p in ("slack", "discord")}


@pytest.fixture
def make_ctx(
    storage: Storage, config: Config, deliverers: dict[str, RecordingDeliverer]
) -> Callable[..., Context]:
    def make(invoker: Invoker | None = None, now: datetime = NOW, **settings: object) -> Context:
        cfg = dataclasses.replace(
            config,
            counterexamples=CounterexamplesConfig(
                **{"review_platform": "discord", "review_channel": "mods", **settings}
            ),
        )
        services = Services(
            storage=storage, config=cfg, started_at=NOW, catalog=CATALOG, deliverers=deliverers
        )
        return Context(services=services, invoker=invoker or person(), now=now)

    return make
