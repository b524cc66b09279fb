"""What one fetch of a feed gave: its own module so that what reads it (a poll) does not
load aiohttp, which only the fetcher itself needs (`feeds.fetcher`): the console never
fetches, and starts without it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class FetchResult:
    status: Literal["ok", "unchanged", "error"]
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
