"""A local Slack: the Web API methods the bot calls, file uploads, response_urls and a
Socket Mode websocket, on 127.0.0.1, recording every request."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

WAIT_SECONDS = 10


@dataclass
class Call:
    path: str
    method: str  # Web API method ("chat.postMessage"), or "upload" / "response"
    data: dict[str, Any]
    token: str
    raw: bytes = b""


@dataclass
class FakeSlack:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    # channel → the error chat.postMessage answers with
    channel_errors: dict[str, str] = field(default_factory=dict)
    # method → how many of its next calls get a 429 with Retry-After: 1
    rate_limited: dict[str, int] = field(default_factory=dict)
    retry_after: str = "1"  # the Retry-After of those 429s, in seconds
    # method → how many of its next calls get a 500 internal_error
    server_errors: dict[str, int] = field(default_factory=dict)
    # method → the error every call of it answers with (HTTP 200, "ok": false)
    method_errors: dict[str, str] = field(default_factory=dict)
    # method → the HTTP status of the HTML page every call of it gets (a proxy's error page)
    html_pages: dict[str, int] = field(default_factory=dict)
    # which chat.postMessage calls (1 = the first) are stored but never answered (until
    # `release` is set): Slack has the message, the bot never learns it
    stalled_posts: set[int] = field(default_factory=set)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    # channel → the messages posted there, oldest first (ts, text, blocks, metadata)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # user id → users.info "user" fields
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    # envelopes the Socket Mode websocket sends after its hello
    envelopes: list[dict[str, Any]] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, test: Callable[[FakeSlack], Any]) -> Any:
        """Wait until `test(self)` is truthy (the bot works after it acks); return it.
        A generous bound turns a bot that never answers into a failure, not a hang."""
        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            while not (result := test(self)):
                await self._changed.wait()
            return result

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    async def api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        data: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            data.update(await request.json())
        else:
            data.update(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        await self._record(Call(request.path, method, data, token))
        if self.rate_limited.get(method):
            self.rate_limited[method] -= 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": self.retry_after},
            )
        if self.server_errors.get(method):
            self.server_errors[method] -= 1
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        if method in self.html_pages:
            return web.Response(
                status=self.html_pages[method],
                content_type="text/html",
                text="<html><body>Service Unavailable</body></html>",
            )
        if method in self.method_errors:
            return web.json_response({"ok": False, "error": self.method_errors[method]})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if answer is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        result = answer(data, token)
        if method == "chat.postMessage" and len(self.of(method)) in self.stalled_posts:
            await self.release.wait()
        return web.json_response(result)

    def _auth_test(self, data: dict, token: str) -> dict:
        team = "T2" if token == "xoxb-from-oauth" else "T1"
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Test",
            "user": "lk",
            "team_id": team,
            "user_id": "UBOT",
            "bot_id": "BBOT",
            "is_enterprise_install": False,
        }

    def _chat_postMessage(self, data: dict, token: str) -> dict:
        error = self.channel_errors.get(data["channel"])
        if error:
            return {"ok": False, "error": error}
        ts = f"{int(time.time())}.{len(self.calls):06d}"  # unique, and as old as now
        message = {
            "type": "message",
            "ts": ts,
            "text": data.get("text", ""),
            "blocks": data.get("blocks"),
            "bot_id": "BBOT",
            "app_id": "A1",
        }
        if data.get("metadata"):
            message["metadata"] = data["metadata"]
        self.messages.setdefault(data["channel"], []).append(message)
        return {"ok": True, "channel": data["channel"], "ts": ts}

    def _conversations_history(self, data: dict, token: str) -> dict:
        """Newest first, from `oldest` on, `limit` a page; metadata only when asked for."""
        found = [
            m
            for m in reversed(self.messages.get(data["channel"], []))
            if float(m["ts"]) >= float(data.get("oldest") or 0)
        ]
        if str(data.get("include_all_metadata")).lower() not in ("true", "1"):
            found = [{k: v for k, v in m.items() if k != "metadata"} for m in found]
        start, limit = int(data.get("cursor") or 0), int(data.get("limit") or 100)
        more = start + limit < len(found)
        return {
            "ok": True,
            "messages": found[start : start + limit],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _chat_postEphemeral(self, data: dict, token: str) -> dict:
        return {"ok": True, "message_ts": "1700000000.000001"}

    def _views_open(self, data: dict, token: str) -> dict:
        view = data["view"] if isinstance(data["view"], dict) else json.loads(data["view"])
        return {"ok": True, "view": {"id": "V1", **view}}

    def _users_info(self, data: dict, token: str) -> dict:
        user = self.users.get(data["user"], {})
        return {
            "ok": True,
            "user": {"id": data["user"], "is_admin": False, "is_owner": False, **user},
        }

    def _files_getUploadURLExternal(self, data: dict, token: str) -> dict:
        n = len(self.of("files.getUploadURLExternal"))
        return {"ok": True, "upload_url": f"{self.url}/upload/F{n}", "file_id": f"F{n}"}

    def _files_completeUploadExternal(self, data: dict, token: str) -> dict:
        files = data["files"] if isinstance(data["files"], list) else json.loads(data["files"])
        return {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in files]}

    def _apps_connections_open(self, data: dict, token: str) -> dict:
        return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}

    def _oauth_v2_access(self, data: dict, token: str) -> dict:
        return {
            "ok": True,
            "app_id": "A1",
            "access_token": "xoxb-from-oauth",
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": "UBOT2",
            "team": {"id": "T2", "name": "Second"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "UINSTALL"},
        }

    async def upload(self, request: web.Request) -> web.Response:
        raw = await request.read()
        await self._record(Call(request.path, "upload", {}, "", raw))
        return web.Response(text="OK - ok")

    async def response(self, request: web.Request) -> web.Response:
        await self._record(Call(request.path, "response", await request.json(), ""))
        return web.Response(text="ok")

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}}
        )
        for envelope in self.envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type is WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                await self._record(Call(request.path, "socket-ack", json.loads(message.data), ""))
        return ws


def is_ts(value: str) -> bool:
    """Whether `value` looks like a message ts the local Slack hands out."""
    return re.fullmatch(r"\d{10}\.\d{6}", value) is not None


async def start_fake_slack() -> tuple[FakeSlack, web.AppRunner]:
    fake = FakeSlack()
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.api)
    app.router.add_post("/upload/{file}", fake.upload)
    app.router.add_post("/response/{name}", fake.response)
    app.router.add_get("/socket", fake.socket)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    return fake, runner
