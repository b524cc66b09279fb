"""Answering an interaction: who is asking (the neutral Invoker), deferring, and sending a
rendered Reply as the response or as follow-ups."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.render import render
from bot.discord.settings import DiscordConfig
from handlers.actions import run_action
from handlers.context import Context, Invoker, Services
from handlers.reply import Reply

if TYPE_CHECKING:
    Interaction = discord.Interaction[Any]

log = logging.getLogger(__name__)
REFUSED = "Discord refused this answer; the bot logged why. Please try again."


def services_of(interaction: Interaction) -> Services:
    """The services the adapter handed its client (see `LawkeeperClient.services`)."""
    return interaction.client.services  # type: ignore[attr-defined,no-any-return]


def invoker_of(interaction: Interaction, moderator_role_id: int | None) -> Invoker:
    """A moderator has the configured moderator role or Manage Server; `can_manage_channel`
    is Manage Channels in the channel where the interaction happened (Discord resolves the
    member's permissions for that channel in the interaction itself)."""
    user = interaction.user
    permissions = interaction.permissions
    roles = {role.id for role in getattr(user, "roles", ())}
    in_guild = interaction.guild_id is not None
    return Invoker(
        platform="discord",
        user_id=str(user.id),
        user_name=user.display_name,
        channel_id=str(interaction.channel_id),
        can_manage_channel=in_guild and permissions.manage_channels,
        is_moderator=in_guild
        and (
            permissions.manage_guild
            or (moderator_role_id is not None and moderator_role_id in roles)
        ),
    )


async def answer_action(
    interaction: Interaction, kind: str, target: str, reason: str | None
) -> None:
    """A persistent button pressed (or its reason modal submitted): run the action and
    answer with its reply. A button on a private message (/forget-me's) is answered
    privately from the start."""
    message = interaction.message
    await defer(interaction, private=bool(message and message.flags.ephemeral))
    await send_reply(interaction, await run_action(context_of(interaction), kind, target, reason))


def context_of(interaction: Interaction) -> Context:
    """The handler Context for an interaction: the services and [discord] settings (for the
    moderator role) the client holds, the invoker, and as `now` the time Discord created the
    interaction, not when it is handled."""
    services = services_of(interaction)
    settings: DiscordConfig = interaction.client.settings  # type: ignore[attr-defined]
    invoker = invoker_of(interaction, settings.moderator_role_id)
    return Context(services=services, invoker=invoker, now=interaction.created_at)


async def defer(interaction: Interaction, *, private: bool = False) -> None:
    """Acknowledge now ("thinking…", seen only by the invoker when `private`), answer within
    15 minutes with `send_reply`. If Discord refuses, `send_reply` answers directly instead
    (while the 3 seconds last)."""
    try:
        await interaction.response.defer(thinking=True, ephemeral=private)
    except discord.HTTPException as exc:
        log.warning(
            "Discord refused to defer %s (%s); answering directly", _asked(interaction), _why(exc)
        )


async def send_reply(interaction: Interaction, reply: Reply) -> None:
    """Answer with `reply`: as the response if none was sent yet, else as follow-ups.

    A deferral is public, so an ephemeral reply after it (an error found while running)
    first deletes the "thinking…" message, then follows up privately. If Discord refuses
    the first message, the user is told so where the interaction still takes an answer.
    """
    messages = render(reply)
    sent = 0
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(
                **messages[0].arguments(), ephemeral=reply.ephemeral
            )
            sent = 1
        elif reply.ephemeral:
            await interaction.delete_original_response()
        for message in messages[sent:]:
            await interaction.followup.send(
                **message.arguments(), ephemeral=reply.ephemeral, wait=True
            )
            sent += 1
    except discord.HTTPException as exc:
        log.warning(
            "Discord refused the answer to %s (%s) after %d of %d message(s)",
            _asked(interaction),
            _why(exc),
            sent,
            len(messages),
        )
        if sent == 0:
            await _apologise(interaction)


async def _apologise(interaction: Interaction) -> None:
    """Nothing reached the user: say so as the response, or in place of "thinking…" (a
    deferred response stays editable for 15 minutes)."""
    try:
        if interaction.response.is_done():
            await interaction.edit_original_response(
                content=REFUSED, embeds=[], attachments=[], view=None
            )
        else:
            await interaction.response.send_message(REFUSED, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("Could not tell the user of %s either (%s)", _asked(interaction), _why(exc))


def _asked(interaction: Interaction) -> str:
    """What the user did, for the log: /command, or the button's or form's custom_id."""
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    return str((interaction.data or {}).get("custom_id", "an interaction"))


def _why(exc: discord.HTTPException) -> str:
    return f"{exc.status} {exc.text}".strip()
