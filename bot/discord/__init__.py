"""The Discord adapter (discord.py 2.x): slash commands built from the neutral command
declarations, Replies rendered as embeds, persistent buttons, modals, and delivery."""

from bot.discord.client import DiscordAdapter, build_client, configure_endpoints, sync_commands
from bot.discord.delivery import DiscordDeliverer

__all__ = ["DiscordAdapter", "DiscordDeliverer", "build_client", "configure_endpoints",
           "sync_commands"]
