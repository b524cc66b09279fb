"""What Discord needs to start: its [discord] section and its environment variable. This
module imports no Discord library: the config reads it whether Discord starts or not."""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import ConfigError

TOKEN = "DISCORD_TOKEN"  # the bot token (Developer Portal > Bot)
VARIABLES = (TOKEN,)


@dataclass(frozen=True)
class DiscordConfig:
    """[discord] in config.toml."""

    # More than 1 runs discord.py's AutoShardedClient with this many shards.
    shard_count: int = 1
    # Sync slash commands to this guild only (instant, for development); unset: globally.
    dev_guild_id: int | None = None
    # Members with this role may moderate; so may anyone with the Manage Server permission.
    moderator_role_id: int | None = None
    # Endpoints, so the bot can run against a local or Discord-compatible server.
    api_base_url: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg/"

    def __post_init__(self) -> None:
        if self.shard_count < 1:
            raise ConfigError("shard_count: expected a whole number >= 1")
        if not self.api_base_url.startswith(("https://", "http://")):
            raise ConfigError(f"api_base_url: expected an http(s) URL, got {self.api_base_url!r}")
        if not self.gateway_url.startswith(("wss://", "ws://")):
            raise ConfigError(f"gateway_url: expected a ws(s) URL, got {self.gateway_url!r}")
