"""Who is asking, where, and the services a handler may use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from catalog import Catalog
from handlers.charts import ChartRenderer
from handlers.delivery import Deliverer
from handlers.memo import Memo
from handlers.settings import Settings
from storage import Storage


@dataclass(frozen=True)
class Invoker:
    platform: str  # "console", "discord", "slack"
    user_id: str
    user_name: str
    channel_id: str
    can_manage_channel: bool = False
    is_moderator: bool = False


@dataclass
class WebAddress:
    """Where the web pages are served; the runtime fills it in once they listen."""

    local: str = ""  # the bound address, such as http://127.0.0.1:8080/; "" when not serving
    problem: str = ""  # why they are not served: off in the config, or the listen error


@dataclass(frozen=True)
class Services:
    storage: Storage
    config: Settings
    started_at: datetime
    catalog: Catalog
    # When a leaderboard is next polled (None: not scheduled); set by the runtime.
    next_poll: Callable[[str], datetime | None] | None = None
    # The running adapters that can post to a channel, by platform name.
    deliverers: Mapping[str, Deliverer] = field(default_factory=dict)

    # Replies computed from the ledger, per ledger version (/law N renders a chart).
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)
    # Draws /law N's charts in a child process; the running bot keeps one (bot.runtime).
    charts: ChartRenderer = field(default_factory=ChartRenderer, compare=False, repr=False)
    web: WebAddress = field(default_factory=WebAddress, compare=False)


@dataclass(frozen=True)
class Context:
    services: Services
    invoker: Invoker
    now: datetime

    @property
    def storage(self) -> Storage:
        """The one database every handler goes through (`await ctx.storage.call(fn, …)`);
        shorthand for `services.storage`."""
        return self.services.storage
