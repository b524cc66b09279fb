"""What the web modules share: the services key, and query parameters checked."""

from __future__ import annotations

from aiohttp import web

from handlers.context import Services
from handlers.text import clip
from web.pages import BadRequest

SERVICES = web.AppKey("services", Services)


def services_of(request: web.Request) -> Services:
    """The bot's Services, as `build_app` stored them on the application: how every handler
    reaches storage, the catalog and the settings."""
    return request.app[SERVICES]


def query(request: web.Request, *allowed: str) -> dict[str, str]:
    """The query parameters, each one of `allowed` and given at most once (BadRequest
    naming the first that is not)."""
    for name in request.query:
        if name not in allowed:
            known = ", ".join(allowed) if allowed else "none"
            raise BadRequest(
                name, f"Unknown parameter {clip(name, 40)!r} (this address takes: {known})."
            )
        if len(request.query.getall(name)) > 1:
            raise BadRequest(name, f"The {name} parameter is given more than once.")
    return dict(request.query)
