"""The web server in the bot's own loop: started by the runtime beside the adapters."""

from __future__ import annotations

import logging

from aiohttp import web

from handlers.context import Services
from web.app import build_app
from web.settings import WebConfig

log = logging.getLogger(__name__)


class WebServer:
    """Serves `web.app` on `[web] host` and `port` until stopped."""

    def __init__(self, settings: WebConfig, services: Services) -> None:
        self._settings = settings
        self._services = services
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Listen; return the address actually bound (port 0 picks a free one), such as
        http://127.0.0.1:8080/. OSError when the address cannot be used."""
        runner = web.AppRunner(build_app(self._services), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self._settings.host, self._settings.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        host, port = runner.addresses[0][:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    async def stop(self) -> None:
        """Stop listening and close the open connections (aiohttp's runner cleanup); nothing
        when never started or already stopped."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
