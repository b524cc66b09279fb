"""What every Slack listener needs: the bot's services, the [slack] settings, and who the
person is (the `Invoker` handlers check permissions with)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.client import CALL_FAILED, reason
from bot.slack.settings import SlackConfig
from handlers.context import Context, Invoker, Services

log = logging.getLogger(__name__)

# Bolt's context key under which the listeners find the SlackServices.
CONTEXT_KEY = "lawkeeper"
ADMIN_CACHE_SECONDS = 300.0
# A failed users.info is remembered too, but briefly: Slack trouble should neither cost a
# call per command nor keep an admin out for long once it is over.
FAILURE_CACHE_SECONDS = 30.0


@dataclass
class SlackServices:
    services: Services
    settings: SlackConfig
    many_workspaces: bool = False
    # (team, user) → (is workspace admin or owner, monotonic time until which that holds)
    _admins: dict[tuple[str, str], tuple[bool, float]] = field(default_factory=dict)

    def channel_key(self, team_id: str, channel_id: str) -> str:
        """The channel id handlers see (and subscriptions store): `C…`, or `T…/C…` when
        serving many workspaces, so delivery knows whose token to use."""
        return f"{team_id}/{channel_id}" if self.many_workspaces else channel_id

    async def context(
        self, client: AsyncWebClient, body: dict[str, Any], channel_id: str | None = None
    ) -> Context:
        """The handler Context for an inbound slash command or interaction payload; a
        modal's submission has no channel, so the listener passes the one it noted."""
        team_id, user_id, user_name, channel = _who_and_where(body)
        channel_id = channel if channel_id is None else channel_id
        invoker = Invoker(
            platform="slack",
            user_id=user_id,
            user_name=user_name,
            channel_id=self.channel_key(team_id, channel_id),
            can_manage_channel=user_id in self.settings.admin_user_ids,
            is_moderator=await self._is_moderator(client, team_id, user_id),
        )
        return Context(services=self.services, invoker=invoker, now=datetime.now(UTC))

    async def _is_moderator(self, client: AsyncWebClient, team_id: str, user_id: str) -> bool:
        if user_id in self.settings.moderator_user_ids:
            return True
        if not self.settings.admins_are_moderators:
            return False
        key = (team_id, user_id)
        cached = self._admins.get(key)
        if cached and time.monotonic() < cached[1]:
            return cached[0]
        try:
            user = (await client.users_info(user=user_id)).get("user") or {}
        except CALL_FAILED as exc:
            log.warning(
                "users.info for %s failed (%s): treating as not a moderator for %ds",
                user_id,
                reason(exc),
                FAILURE_CACHE_SECONDS,
            )
            self._admins[key] = (False, time.monotonic() + FAILURE_CACHE_SECONDS)
            return False
        is_admin = bool(user.get("is_admin") or user.get("is_owner"))
        self._admins[key] = (is_admin, time.monotonic() + ADMIN_CACHE_SECONDS)
        return is_admin


def _who_and_where(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """(team, user id, user name, channel) from a slash command body (flat) or an
    interaction payload (nested)."""
    if "command" in body:
        return (
            body.get("team_id", ""),
            body["user_id"],
            body.get("user_name", ""),
            body.get("channel_id", ""),
        )
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id", "")
    channel = (body.get("channel") or {}).get("id", "")
    return team, user["id"], user.get("username") or user.get("name", ""), channel
