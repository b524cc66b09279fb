"""Answering a person: a Reply posted through the interaction's response_url (works in any
channel, even where the bot is not a member), charts uploaded with files_upload_v2."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import render
from bot.slack.client import CALL_FAILED, reason
from handlers.reply import Attachment, Reply

log = logging.getLogger(__name__)

# Upload errors that an invitation to the channel cures.
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


async def answer(
    respond: AsyncRespond, client: AsyncWebClient, channel_id: str, reply: Reply
) -> None:
    """Post `reply` for the person who asked: ephemeral when the reply says so, else in
    the channel, with its charts uploaded to the channel."""
    response_type = "ephemeral" if reply.ephemeral else "in_channel"
    for message in render(reply):
        await respond(
            text=message["text"],
            blocks=message["blocks"],
            response_type=response_type,
            replace_original=False,
        )
    if reply.attachments and not reply.ephemeral:
        try:
            await upload(client, channel_id, reply.attachments)
        except CALL_FAILED as exc:
            why = reason(exc)
            log.info("chart upload to %s failed: %s", channel_id, why)
            hint = (
                "invite me to this channel (/invite @Lawkeeper) to see charts"
                if why in NOT_A_MEMBER
                else f"Slack said {why}"
            )
            await respond(
                text=f"I could not attach the chart here: {hint}.",
                response_type="ephemeral",
                replace_original=False,
            )


async def open_modal(
    client: AsyncWebClient, respond: AsyncRespond, trigger_id: str, view: dict[str, Any]
) -> None:
    """views.open, and when Slack refuses it (a trigger_id lives 3 seconds and is
    single-use) an ephemeral word instead of an exception: a listener that raises makes
    bolt withdraw its ack, and the person would see Slack's own timeout and nothing else."""
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except CALL_FAILED as exc:
        why = reason(exc)
        log.info("views.open failed: %s", why)
        await respond(
            text=f"I could not open the form ({why}); please try again.",
            response_type="ephemeral",
            replace_original=False,
        )


async def upload(
    client: AsyncWebClient, channel_id: str, attachments: tuple[Attachment, ...]
) -> None:
    """Share the attachments in the channel in one files_upload_v2 call."""
    await client.files_upload_v2(
        channel=channel_id,
        file_uploads=[
            {
                "file": a.data,
                "filename": a.filename,
                "title": a.filename,
                "alt_txt": a.description or None,
            }
            for a in attachments
        ],
    )
