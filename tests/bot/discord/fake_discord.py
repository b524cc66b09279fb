"""A local stand-in for Discord on 127.0.0.1: the REST routes the bot uses, answering in
Discord's shapes and recording every request, and a gateway websocket (HELLO, IDENTIFY ->
READY, heartbeat ACKs) through which tests dispatch INTERACTION_CREATE events."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

APP_ID = "1100000000000000001"
BOT_USER = {
    "id": APP_ID,
    "username": "Lawkeeper",
    "discriminator": "0",
    "avatar": None,
    "global_name": "Lawkeeper",
    "bot": True,
}
TIMESTAMP = "2026-11-26T12:00:00.000000+00:00"
ERRORS = {
    400: {"message": "Invalid Form Body", "code": 50035},
    403: {"message": "Missing Access", "code": 50001},
    404: {"message": "Unknown Channel", "code": 10003},
    500: {"message": "500: Internal Server Error", "code": 0},
    503: {"message": "Service Unavailable", "code": 0},
}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    json: Any = None
    files: list[tuple[str, str, bytes]] = field(default_factory=list)  # (part, filename, data)


def _json(body: Any, status: int = 200) -> web.Response:
    # Exactly Discord's content type: discord.py decodes JSON only for this exact value.
    return web.Response(
        body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _failure(status: int) -> web.Response:
    """A 500, or a 429 as Discord sends it (through its proxy, with retry_after)."""
    if status == 429:
        return web.Response(
            body=json.dumps(
                {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}
            ).encode(),
            status=429,
            headers={
                "Content-Type": "application/json",
                "Via": "1.1 google",
                "Retry-After": "1",
                "X-RateLimit-Scope": "user",
            },
        )
    return _json({"message": "500: Internal Server Error", "code": 0}, status=status)


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.channel_status: dict[str, int] = {}  # channel id -> error status to answer
        # channel id -> error statuses to answer, one per post, before posts succeed
        self.channel_failures: dict[str, list[int]] = {}
        self.reject_token = False  # answer 401 to the login
        self.fail_sync = False  # answer 503 to command syncs
        # Statuses the next interaction callbacks / follow-ups (webhook POSTs) answer with.
        self.callback_failures: list[int] = []
        self.followup_failures: list[int] = []
        self.malformed_sync = False  # answer command syncs with commands lacking fields
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1200000000000000001)
        self._ws: web.WebSocketResponse | None = None
        self._sequence = 0
        self.sessions = 0  # IDENTIFYs answered with READY
        self.identifies: list[dict[str, Any]] = []  # their payloads ("d")
        self._runner: web.AppRunner | None = None
        self.base = ""
        self.guilds: list[dict[str, Any]] = []  # sent as GUILD_CREATE after READY
        # Messages created in channels, once each: a POST repeating an earlier one's nonce
        # with enforce_nonce gets that message back, as Discord does.
        self.messages: list[dict[str, Any]] = []
        # Statuses the next message POSTs answer with (500, 429), before creating anything.
        self.message_failures: list[int] = []
        # How many of the next message POSTs create the message but answer 500.
        self.lose_answers = 0

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1:`port` (0: any free port)."""
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base_url(self) -> str:
        return f"{self.base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.base.replace("http://", "ws://") + "/gateway"

    # --- what tests call ------------------------------------------------------------------

    def new_id(self) -> str:
        return str(next(self._ids))

    async def identified(self, sessions: int) -> None:
        """Wait until `sessions` clients in all have identified and had READY."""
        await self.wait_for(lambda _: self.sessions >= sessions)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "no client connected to the gateway"
        self._sequence += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._sequence, "d": data}))

    async def wait_for(self, predicate: Callable[[list[Recorded]], Any]) -> Any:
        """Wait until `predicate(requests)` is truthy and return its value (tests bound
        this with a generous timeout only to fail instead of hanging)."""
        async with self._changed:
            result = predicate(self.requests)
            while not result:
                await self._changed.wait()
                result = predicate(self.requests)
            return result

    def calls(self, method: str, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    # --- gateway --------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for frame in ws:
            message = json.loads(frame.data)
            if message["op"] == 1:  # heartbeat
                await ws.send_str(json.dumps({"op": 11}))
            elif message["op"] == 2:  # identify
                self.identifies.append(message["d"])
                self._sequence += 1
                await ws.send_str(
                    json.dumps(
                        {
                            "op": 0,
                            "t": "READY",
                            "s": self._sequence,
                            "d": {
                                "v": 10,
                                "user": BOT_USER,
                                "session_id": "fake-session",
                                "guilds": [
                                    {"id": g["id"], "unavailable": True} for g in self.guilds
                                ],
                                "resume_gateway_url": self.gateway_url,
                                "application": {"id": APP_ID, "flags": 0},
                                "shard": message["d"].get("shard", [0, 1]),
                            },
                        }
                    )
                )
                for guild in self.guilds:
                    await self.dispatch("GUILD_CREATE", guild)
                async with self._changed:
                    self.sessions += 1
                    self._changed.notify_all()
        return ws

    # --- REST -----------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        recorded = Recorded(request.method, path, dict(request.query))
        if request.content_type == "multipart/form-data":
            form = await request.post()
            for name, value in form.items():
                if name == "payload_json":
                    recorded.json = json.loads(str(value))
                else:
                    recorded.files.append((name, value.filename, value.file.read()))
        elif request.can_read_body:
            recorded.json = await request.json()
        response = self._answer(recorded)
        async with self._changed:
            self.requests.append(recorded)
            self._changed.notify_all()
        return response

    def _answer(self, r: Recorded) -> web.StreamResponse:
        parts = r.path.strip("/").split("/")
        if r.path == "/users/@me":
            if self.reject_token:
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
            return _json(BOT_USER)
        if r.path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": APP_ID,
                    "name": "Lawkeeper",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "verify_key": "00",
                    "owner": BOT_USER,
                    "flags": 0,
                }
            )
        if r.path == "/gateway/bot":
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if parts[0] == "applications" and parts[-1] == "commands" and r.method == "PUT":
            if self.fail_sync:
                return _json({"message": "Service Unavailable", "code": 0}, status=503)
            if self.malformed_sync:
                return _json([{"name": c["name"]} for c in r.json])
            return _json(
                [
                    {**c, "id": self.new_id(), "application_id": APP_ID, "version": "1"}
                    for c in r.json
                ]
            )
        if parts[0] == "interactions" and parts[-1] == "callback":
            if self.callback_failures:
                return _json(ERRORS[(status := self.callback_failures.pop(0))], status=status)
            return _json({"interaction": {"id": parts[1], "type": 2}})
        if parts[0] == "webhooks" and r.method == "DELETE":
            return web.Response(status=204)
        if parts[0] == "webhooks" and r.method == "POST" and self.followup_failures:
            return _json(ERRORS[(status := self.followup_failures.pop(0))], status=status)
        if parts[0] == "webhooks":
            return _json(self._message("0", r.json))
        if parts[0] == "channels" and parts[-1] == "messages" and r.method == "POST":
            failures = self.channel_failures.get(parts[1])
            status = failures.pop(0) if failures else self.channel_status.get(parts[1])
            if status is not None:
                return _json(ERRORS[status], status=status)
            if self.message_failures:
                return _failure(self.message_failures.pop(0))
            message = self._create(parts[1], r.json)
            if self.lose_answers:
                self.lose_answers -= 1
                return _failure(500)
            return _json(message)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _create(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        nonce = body.get("nonce") if body.get("enforce_nonce") else None
        for earlier in self.messages:
            if nonce is not None and (earlier["channel_id"], earlier["nonce"]) == (
                channel_id,
                nonce,
            ):
                return earlier
        message = {**self._message(channel_id, body), "nonce": nonce}
        self.messages.append(message)
        return message

    def _message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.new_id(),
            "channel_id": channel_id,
            "type": 0,
            "content": body.get("content") or "",
            "author": BOT_USER,
            "embeds": body.get("embeds") or [],
            "attachments": [],
            "components": body.get("components") or [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "flags": body.get("flags", 0),
        }
