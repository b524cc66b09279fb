"""Delivering announcements to Slack channels for the outbox (handlers/delivery.py).

Slack has no idempotency key, so each message of an outbox delivery carries message
metadata naming the delivery and the message's part; a delivery whose earlier attempt may
have reached Slack (the bot died before writing down Slack's answer) first looks for its
parts in the channel's history since that attempt and posts only the missing ones."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import render
from bot.slack.client import reason, web_client
from bot.slack.replying import upload
from handlers.delivery import DestinationGone
from handlers.reply import Reply

log = logging.getLogger(__name__)

# Web API errors after which a channel can never receive from us again.
GONE_ERRORS = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "account_inactive", "token_revoked"}
)
# conversations.history errors that leave us unable to look, not the channel gone.
CANNOT_LOOK = frozenset({"not_in_channel", "missing_scope"})
EVENT_TYPE = "lawkeeper_delivery"  # the metadata event type of an outbox message
CLOCK_SKEW_SECONDS = 120  # looked back this much before the earlier attempt began
HISTORY_PAGE = 200
HISTORY_PAGES = 5  # at most 1,000 messages since the earlier attempt


class SlackDeliverer:
    """Posts a Reply to a channel with chat.postMessage (and its charts with
    files_upload_v2). A channel id is `C…` (the bot token's workspace) or `T…/C…` (a
    workspace installed through OAuth, whose bot token is in the installation store).

    Rate limits are retried by the client's AsyncRateLimitErrorRetryHandler, honouring
    Retry-After; any other error propagates so the outbox retries later."""

    platform = "slack"

    def __init__(
        self, client: AsyncWebClient, installations: AsyncInstallationStore | None = None
    ) -> None:
        self._client = client
        self._installations = installations

    async def deliver(self, channel_id: str, message: Reply) -> str:
        """The plain Deliverer call, for counterexample review notices: posts without a delivery
        key, so nothing is looked up first. The outbox calls `deliver_once` instead."""
        return await self.deliver_once(channel_id, message, "", None)

    async def deliver_once(
        self, channel_id: str, message: Reply, key: str, earlier_attempt: datetime | None
    ) -> str:
        """The outbox's call: after an earlier attempt, look up the parts already in the channel
        (`_posted_parts`) and post only the others, each marked with `key` and its part. The
        charts carry no mark and are uploaded on every attempt. Returns the first message's ts;
        a channel gone, or a workspace without the app, raises DestinationGone."""
        client, channel = await self._client_for(channel_id)
        first_ts = ""
        try:
            posted = (
                {}
                if not key or earlier_attempt is None
                else await _posted_parts(client, channel, key, earlier_attempt)
            )
            for part, rendered in enumerate(render(message)):
                ts = posted.get(part)
                if ts is None:
                    metadata = (
                        {"event_type": EVENT_TYPE, "event_payload": {"delivery": key, "part": part}}
                        if key
                        else None
                    )
                    response = await client.chat_postMessage(
                        channel=channel,
                        text=rendered["text"],
                        blocks=rendered["blocks"],
                        metadata=metadata,
                    )
                    ts = str(response["ts"])
                first_ts = first_ts or ts
            if message.attachments:
                await upload(client, channel, message.attachments)
        except SlackApiError as exc:
            error = reason(exc)
            if error in GONE_ERRORS:
                log.warning("Slack channel %s is gone (%s)", channel_id, error)
                raise DestinationGone(f"Slack channel {channel_id}: {error}") from exc
            raise
        return first_ts

    async def _client_for(self, channel_id: str) -> tuple[AsyncWebClient, str]:
        team_id, _, channel = channel_id.rpartition("/")
        if not team_id:
            return self._client, channel
        bot = None
        if self._installations is not None:
            bot = await self._installations.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise DestinationGone(f"Slack workspace {team_id} no longer has the app installed")
        return web_client(str(self._client.base_url), bot.bot_token), channel


async def _posted_parts(
    client: AsyncWebClient, channel: str, key: str, since: datetime
) -> dict[int, str]:
    """part → ts of the messages marked with `key` in the channel since `since` (less the
    clock skew). When the bot may not read the channel, nothing is found: the post that
    follows may then repeat one, which is logged."""
    found: dict[int, str] = {}
    cursor = None
    for _ in range(HISTORY_PAGES):
        try:
            page = await client.conversations_history(
                channel=channel,
                oldest=f"{since.timestamp() - CLOCK_SKEW_SECONDS:.6f}",
                include_all_metadata=True,
                limit=HISTORY_PAGE,
                cursor=cursor,
            )
        except SlackApiError as exc:
            if reason(exc) not in CANNOT_LOOK:
                raise
            log.warning(
                "cannot read %s's history (%s) to see whether %s was posted; posting it again",
                channel,
                reason(exc),
                key,
            )
            return found
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == EVENT_TYPE and payload.get("delivery") == key:
                found.setdefault(int(payload.get("part", 0)), str(message["ts"]))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            break
    if found:
        log.info("%s was already in %s (an earlier attempt posted it)", key, channel)
    return found
