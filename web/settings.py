"""The web pages' settings: the `[web]` table of config.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.settings import ConfigError


@dataclass(frozen=True)
class WebConfig:
    """The read-only web pages, JSON API and Atom feeds (web/), served in the bot's loop."""

    enabled: bool = True
    host: str = "127.0.0.1"  # where to listen; "0.0.0.0" for every interface
    port: int = 8080  # 0: any free port (the log line and /status say which)
    # The address people reach the pages at, such as "https://lawkeeper.example.org"; chat
    # messages link to the pages only when it is set (and the pages are on).
    public_url: str = ""
    # Requests per minute from one address before it is answered 429 (with Retry-After).
    rate_limit_per_minute: int = 120

    def __post_init__(self) -> None:
        if not self.host.strip() or any(c.isspace() for c in self.host):
            raise ConfigError(f"host: expected a host name or address, got {self.host!r}")
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port: expected a port number 0-65535, got {self.port}")
        if self.public_url and not re.fullmatch(
            r"https?://[^\s/?#<>()|\"'\\]+"
            r"(/[^\s?#<>()|\"'\\]*)?",
            self.public_url,
        ):
            raise ConfigError(
                "public_url: expected an http:// or https:// address without "
                f'a query or fragment (or ""), got {self.public_url!r}'
            )
        if self.rate_limit_per_minute < 1:
            raise ConfigError("rate_limit_per_minute: expected a whole number >= 1")

    @property
    def base_url(self) -> str:
        """`public_url` without its trailing slash, or "" when chat should not link."""
        return self.public_url.rstrip("/") if self.enabled else ""
