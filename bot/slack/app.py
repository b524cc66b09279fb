"""The Slack adapter: a slack-bolt AsyncApp in the bot's one asyncio loop, served over
Socket Mode (default) or an HTTP endpoint, for one workspace (SLACK_BOT_TOKEN) or many
(the OAuth install flow, installations kept in the bot's database)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import actions, commands, views
from bot.slack.client import configure
from bot.slack.context import CONTEXT_KEY, SlackServices
from bot.slack.delivery import SlackDeliverer
from bot.slack.installations import SQLiteInstallationStore, SQLiteOAuthStateStore
from bot.slack.settings import (
    APP_TOKEN,
    BOT_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    SlackConfig,
    many_workspaces,
)
from bot.slack.signing import SignedRequests
from bot.slack.startup import check_credentials
from handlers.context import Services

log = logging.getLogger(__name__)


def build_app(settings: SlackConfig, secrets: Mapping[str, str], services: Services) -> AsyncApp:
    """The bolt app with Lawkeeper's listeners; SlackServices ride in bolt's context."""
    multi = many_workspaces(settings, secrets)
    http = settings.mode == "http"
    app = AsyncApp(
        name="lawkeeper",
        logger=logging.getLogger("bot.slack.bolt"),
        # One workspace: bolt builds its client from the token (given a `client` too, it
        # warns whenever SLACK_BOT_TOKEN is in the environment); many: no token at all.
        **({"client": AsyncWebClient()} if multi else {"token": secrets.get(BOT_TOKEN)}),
        signing_secret=secrets.get(SIGNING_SECRET, ""),
        oauth_settings=_oauth_settings(settings, secrets, services) if multi else None,
        # Socket Mode needs no signing secret; in HTTP mode SignedRequests replaces bolt's
        # own check, before any authorization runs.
        request_verification_enabled=False,
        before_authorize=SignedRequests(secrets.get(SIGNING_SECRET, "")) if http else None,
    )
    configure(app.client, settings.api_base_url)
    slack = SlackServices(services=services, settings=settings, many_workspaces=multi)

    async def attach(context: dict[str, Any], next: Callable[[], Awaitable[None]]) -> None:
        context[CONTEXT_KEY] = slack
        await next()

    app.use(attach)
    commands.register(app)
    actions.register(app)
    views.register(app)
    return app


def _oauth_settings(
    settings: SlackConfig, secrets: Mapping[str, str], services: Services
) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=secrets[CLIENT_ID],
        client_secret=secrets[CLIENT_SECRET],
        scopes=settings.oauth_scopes,
        install_path=settings.oauth_install_path,
        redirect_uri_path=settings.oauth_redirect_path,
        redirect_uri=settings.oauth_redirect_uri or None,
        authorization_url=settings.oauth_authorization_url,
        installation_store=SQLiteInstallationStore(services.storage),
        state_store=SQLiteOAuthStateStore(
            services.storage, settings.oauth_state_expiration_seconds
        ),
        state_expiration_seconds=settings.oauth_state_expiration_seconds,
    )


def http_application(app: AsyncApp, path: str) -> web.Application:
    """bolt's aiohttp server routes: POST `path` (signed requests), and the OAuth install
    and redirect pages when the app has an OAuth flow."""
    return AsyncSlackAppServer(port=0, path=path, app=app).web_app


class SlackAdapter:
    name = "slack"

    def __init__(
        self, settings: SlackConfig, secrets: Mapping[str, str], *, first_retry: float = 2.0
    ) -> None:
        """The platform table's factory: the adapter for [slack] and Slack's variables."""
        self._settings = settings
        self._secrets = secrets
        self._first_retry = first_retry  # seconds before the first retry of an unreachable Slack
        self.deliverer: SlackDeliverer | None = None  # set once run() has built the app
        self.http_port: int | None = None  # the bound port in HTTP mode
        self.ready = asyncio.Event()

    async def run(self, services: Services) -> None:
        """Check the tokens (AdapterError if Slack refuses one), then serve."""
        app = build_app(self._settings, self._secrets, services)
        settings = self._settings
        socket = settings.mode == "socket"
        await check_credentials(
            app.client,
            BOT_TOKEN in self._secrets and not many_workspaces(settings, self._secrets),
            self._secrets.get(APP_TOKEN) if socket else None,
            self._first_retry,
        )
        store = (
            app.installation_store
            if isinstance(app.installation_store, SQLiteInstallationStore)
            else None
        )
        self.deliverer = SlackDeliverer(app.client, store)
        if socket:
            await self._serve_socket_mode(app)
        else:
            await self._serve_http(app)

    async def _serve_socket_mode(self, app: AsyncApp) -> None:
        handler = AsyncSocketModeHandler(app, self._secrets.get(APP_TOKEN))
        await handler.connect_async()
        log.info("Slack: connected over Socket Mode")
        self.ready.set()
        try:
            await asyncio.Event().wait()
        finally:
            await handler.close_async()

    async def _serve_http(self, app: AsyncApp) -> None:
        settings = self._settings
        runner = web.AppRunner(http_application(app, settings.http_path))
        await runner.setup()
        try:
            site = web.TCPSite(runner, settings.http_host, settings.http_port)
            await site.start()
            self.http_port = runner.addresses[0][1]
            log.info(
                "Slack: listening on http://%s:%s%s",
                settings.http_host,
                self.http_port,
                settings.http_path,
            )
            self.ready.set()
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
