"""Buttons (`lk:<kind>:<target>`): a click runs the neutral action handler, or first opens
a modal asking for the reason when the button asks for one."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import reason_view
from bot.slack.context import CONTEXT_KEY, SlackServices
from bot.slack.replying import answer, open_modal
from handlers.actions import parse_custom_id, run_action
from handlers.reply import Reply

OUR_BUTTONS = re.compile(r"^lk:")


def register(app: AsyncApp) -> None:
    """Route every button click whose action_id starts with 'lk:' to `on_button`; called by
    `build_app`."""
    app.action(OUR_BUTTONS)(on_button)


async def on_button(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: dict[str, Any],
) -> None:
    """bolt calls this for a click on one of the bot's buttons (a block_actions payload). Ack at
    once; a button that asks a reason opens the reason modal (its metadata carries what
    `on_reason_submitted` needs), any other runs its action and answers through the
    response_url. An id that no longer parses gets a polite error."""
    await ack()
    slack: SlackServices = context[CONTEXT_KEY]
    channel_id = (body.get("channel") or {}).get("id", "")
    parsed = parse_custom_id(action["action_id"])
    if parsed is None:
        await answer(
            respond, client, channel_id, Reply.error("That button no longer does anything.")
        )
        return
    kind, target = parsed
    if action.get("value") == "ask-reason":
        label = (action.get("text") or {}).get("text", "Confirm")
        metadata = {
            "kind": kind,
            "target": target,
            "channel": channel_id,
            "response_url": body.get("response_url", ""),
        }
        await open_modal(client, respond, body["trigger_id"], reason_view(label, metadata))
        return
    ctx = await slack.context(client, body)
    await answer(respond, client, channel_id, await run_action(ctx, kind, target, None))
