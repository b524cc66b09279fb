"""A local feed server on 127.0.0.1: each path answers from a queue of scripted
responses (the last one repeats), and every request is recorded."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the test ends)
    reset: bool = False  # drop the connection with a TCP reset instead of answering
    short_by: int = 0  # announce this many bytes more than the body, send it, hang up


class FeedServer:
    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.requests: list[web.Request] = []
        self.release = asyncio.Event()
        self.server: TestServer | None = None

    def serve(self, path: str, *replies: Reply) -> str:
        self.replies[path] = list(replies)
        return self.url(path)

    def url(self, path: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        queue = self.replies.get(request.path)
        if not queue:
            return web.Response(status=404, text="not found")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if reply.hang:
            await self.release.wait()
        if reply.reset:
            sock = request.transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            request.transport.abort()
            raise asyncio.CancelledError  # nothing more to send on this connection
        if reply.short_by:
            response = web.StreamResponse(status=reply.status, headers={
                "Content-Length": str(len(reply.body) + reply.short_by)})
            await response.prepare(request)
            await response.write(reply.body)
            request.transport.close()
            return response
        return web.Response(status=reply.status, body=reply.body, headers=reply.headers)


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    feeds = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", feeds.handle)
    feeds.server = TestServer(app, host="127.0.0.1")
    await feeds.server.start_server()
    yield feeds
    feeds.release.set()
    await feeds.server.close()


class Sleeps:
    """Stands in for asyncio.sleep in the fetcher: records the waits, waits no time."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
