"""Answering an interaction: who is asking (the neutral Invoker), deferring, and sending a
rendered Reply as the response or as follow-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.discord.render import render
from handlers.context import Context, Invoker, Services
from handlers.reply import Reply

if TYPE_CHECKING:
    Interaction = discord.Interaction[Any]


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
        is_moderator=in_guild and (permissions.manage_guild
                                   or (moderator_role_id is not None
                                       and moderator_role_id in roles)),
    )


def context_of(interaction: Interaction) -> Context:
    services = services_of(interaction)
    invoker = invoker_of(interaction, services.config.discord.moderator_role_id)
    return Context(services=services, invoker=invoker, now=interaction.created_at)


async def defer(interaction: Interaction, *, private: bool = False) -> None:
    """Acknowledge now ("thinking…", seen only by the invoker when `private`), answer within
    15 minutes with `send_reply`."""
    await interaction.response.defer(thinking=True, ephemeral=private)


async def send_reply(interaction: Interaction, reply: Reply) -> None:
    """Answer with `reply`: as the response if none was sent yet, else as follow-ups.

    A deferral is public, so an ephemeral reply after it (an error found while running)
    first deletes the "thinking…" message, then follows up privately.
    """
    messages = render(reply)
    if not interaction.response.is_done():
        first, *rest = messages
        await interaction.response.send_message(**first.arguments(), ephemeral=reply.ephemeral)
    else:
        rest = messages
        if reply.ephemeral:
            await interaction.delete_original_response()
    for message in rest:
        await interaction.followup.send(**message.arguments(), ephemeral=reply.ephemeral,
                                        wait=True)

