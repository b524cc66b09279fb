"""Slash commands: every neutral command in `handlers.commands.COMMANDS`, as
`/<command_prefix><name>`. One listener serves them all, so commands added later need no
change here, only a line in the app manifest."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import form_view, render
from bot.slack.context import CONTEXT_KEY, SlackServices
from bot.slack.replying import answer, open_modal
from handlers.commands import COMMANDS, form_refusal, form_to_open, run_text
from handlers.reply import Reply

SLASH_COMMAND = re.compile(r"^/[a-z0-9_-]+$")


def register(app: AsyncApp) -> None:
    """Route every slash command to `on_command`, which checks the configured prefix; called by
    `build_app`."""
    app.command(SLASH_COMMAND)(on_command)


async def on_command(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: dict[str, Any],
) -> None:
    """Ack at once (Slack allows 3 seconds), then answer through the response_url, or
    open the command's form."""
    await ack()
    slack: SlackServices = context[CONTEXT_KEY]
    prefix = slack.settings.command_prefix
    name = body["command"].removeprefix("/")
    command = COMMANDS.get(name.removeprefix(prefix)) if name.startswith(prefix) else None
    if command is None:
        known = ", ".join(f"/{prefix}{c}" for c in COMMANDS)
        await _say(respond, Reply.error(f"I don't know /{name}. Commands: {known}."))
        return
    ctx = await slack.context(client, body)
    text = body.get("text", "")
    chosen = ("", command.form) if command.form is not None else form_to_open(command, text)
    if chosen is not None:
        refused = await form_refusal(ctx, command)
        if refused is not None:
            await _say(respond, refused)
            return
        metadata = {
            "channel": body.get("channel_id", ""),
            "response_url": body.get("response_url", ""),
        }
        key, form = chosen
        await open_modal(
            client, respond, body["trigger_id"], form_view(command, form, metadata, key)
        )
        return
    reply = await run_text(ctx, f"/{command.name} {text}")
    if reply is not None:
        await answer(respond, client, body.get("channel_id", ""), reply)


async def _say(respond: AsyncRespond, reply: Reply) -> None:
    for message in render(reply):
        await respond(text=message["text"], blocks=message["blocks"], response_type="ephemeral")


def metadata_of(view: dict[str, Any]) -> dict[str, str]:
    """The private_metadata a modal was opened with."""
    return json.loads(view.get("private_metadata") or "{}")
