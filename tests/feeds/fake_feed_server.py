"""The local feed server of every test that polls a feed, and of bench/steady.py: on
127.0.0.1, each path answers from a queue of scripted replies (the last one repeats), and
every request is recorded. It runs in the test's own event loop (`async with
FeedServer()`), in a thread of its own for a test that drives a bot process without a
loop (`with FeedServer().in_thread()`), or as a process of its own, so that a benchmark
does not count its CPU time:

    python -m tests.feeds.fake_feed_server /PATH=FILE …

serves each file at its path, prints the port, and stops when its stdin closes."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from aiohttp import web

JSON = {"Content-Type": "application/json"}
WAIT = 60.0  # seconds: a safety net for starting and stopping, never a measure


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the server closes)
    reset: bool = False  # drop the connection with a TCP reset instead of answering
    short_by: int = 0  # announce this many bytes more than the body, send it, hang up


class FeedServer:
    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.requests: list[web.Request] = []
        self.release = asyncio.Event()  # lets the hanging replies go
        self.port = 0
        self._runner: web.AppRunner | None = None

    def serve(self, path: str, *replies: Reply) -> str:
        """Answer `path` with these replies in turn, then the last one again and again
        (replacing what it answered before); the path's URL."""
        self.replies[path] = list(replies)
        return self.url(path)

    def url(self, path: str) -> str:
        assert self.port, "the feed server is not started"
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def served(self) -> int:
        """How many requests it has had."""
        return len(self.requests)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self.release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FeedServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @contextmanager
    def in_thread(self) -> Iterator[FeedServer]:
        """Serve from an event loop of its own, in a daemon thread."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(WAIT)
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.close(), loop).result(WAIT)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(WAIT)
            loop.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
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
            response = web.StreamResponse(
                status=reply.status,
                headers={"Content-Length": str(len(reply.body) + reply.short_by)},
            )
            await response.prepare(request)
            await response.write(reply.body)
            request.transport.close()
            return response
        return web.Response(status=reply.status, body=reply.body, headers=reply.headers)


ArenaRow = tuple[str, float, float, float] | tuple[str, float, float, float, str]


def arena_rows(day: date | str, *rows: ArenaRow) -> bytes:
    """An answer of the Arena's live feed (the datasets-server rows of
    `lmarena-ai/leaderboard-dataset`) published on `day`: rows (model, rating, lower and
    upper bound, and a licence or not), best first."""
    return json.dumps(
        {
            "rows": [
                {
                    "row": {
                        "model_name": row[0],
                        "rating": row[1],
                        "rating_lower": row[2],
                        "rating_upper": row[3],
                        "vote_count": 5000,
                        "rank": i + 1,
                        "category": "overall",
                        "leaderboard_publish_date": str(day),
                        "license": row[4] if len(row) > 4 else None,
                        "organization": "Test",
                    }
                }
                for i, row in enumerate(rows)
            ]
        }
    ).encode()


async def _serve_files(files: dict[str, Path]) -> None:
    async with FeedServer() as server:
        for path, file in files.items():
            server.serve(path, Reply(body=file.read_bytes(), headers=JSON))
        print(server.port, flush=True)
        await asyncio.to_thread(sys.stdin.read)


if __name__ == "__main__":
    pairs = [arg.partition("=") for arg in sys.argv[1:]]
    if not pairs or any(not path.startswith("/") or not file for path, _, file in pairs):
        sys.exit(f"usage: python -m tests.feeds.fake_feed_server /PATH=FILE …; got {sys.argv[1:]}")
    asyncio.run(_serve_files({path: Path(file) for path, _, file in pairs}))
