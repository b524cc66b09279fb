"""Answering a person: a Reply posted through the interaction's response_url (works in any
channel, even where the bot is not a member), charts uploaded with files_upload_v2."""

from __future__ import annotations

import logging

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import render
from handlers.reply import Attachment, Reply

log = logging.getLogger(__name__)


async def answer(respond: AsyncRespond, client: AsyncWebClient, channel_id: str,
                 reply: Reply) -> None:
    """Post `reply` for the person who asked: ephemeral when the reply says so, else in
    the channel, with its charts uploaded to the channel."""
    response_type = "ephemeral" if reply.ephemeral else "in_channel"
    for message in render(reply):
        await respond(text=message["text"], blocks=message["blocks"],
                      response_type=response_type, replace_original=False)
    if reply.attachments and not reply.ephemeral:
        try:
            await upload(client, channel_id, reply.attachments)
        except SlackApiError as exc:
            log.info("chart upload to %s refused: %s", channel_id, exc.response.get("error"))
            await respond(text="I could not attach the chart here: invite me to this channel "
                               "(/invite @Lawkeeper) to see charts.",
                          response_type="ephemeral", replace_original=False)


async def upload(client: AsyncWebClient, channel_id: str,
                 attachments: tuple[Attachment, ...]) -> None:
    """Share the attachments in the channel in one files_upload_v2 call."""
    await client.files_upload_v2(
        channel=channel_id,
        file_uploads=[{"file": a.data, "filename": a.filename, "title": a.filename,
                       "alt_txt": a.description or None} for a in attachments],
    )
