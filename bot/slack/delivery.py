"""Delivering announcements to Slack channels for the outbox (handlers/delivery.py)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import render
from bot.slack.client import web_client
from bot.slack.replying import upload
from handlers.delivery import DestinationGone
from handlers.reply import Reply

log = logging.getLogger(__name__)

# Web API errors after which a channel can never receive from us again.
GONE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived",
                         "account_inactive", "token_revoked"})


class SlackDeliverer:
    """Posts a Reply to a channel with chat.postMessage (and its charts with
    files_upload_v2). A channel id is `C…` (the bot token's workspace) or `T…/C…` (a
    workspace installed through OAuth, whose bot token is in the installation store).

    Rate limits are retried by the client's AsyncRateLimitErrorRetryHandler, honouring
    Retry-After; any other error propagates so the outbox retries later."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient,
                 installations: AsyncInstallationStore | None = None) -> None:
        self._client = client
        self._installations = installations

    async def deliver(self, channel_id: str, message: Reply) -> str:
        client, channel = await self._client_for(channel_id)
        first_ts = ""
        try:
            for part in render(message):
                response = await client.chat_postMessage(channel=channel, text=part["text"],
                                                         blocks=part["blocks"])
                first_ts = first_ts or str(response["ts"])
            if message.attachments:
                await upload(client, channel, message.attachments)
        except SlackApiError as exc:
            error = exc.response.get("error")
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
