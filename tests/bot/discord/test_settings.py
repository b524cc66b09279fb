"""The [discord] settings: defaults, the shipped config.toml, and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_CONFIG, load_config
from bot.discord.settings import DiscordConfig
from common.settings import ConfigError


def test_defaults_are_discords_own_endpoints() -> None:
    shipped = load_config(DEFAULT_CONFIG, env={}).platforms.settings(DiscordConfig)
    assert shipped == DiscordConfig()
    assert shipped.api_base_url == "https://discord.com/api/v10"
    assert shipped.gateway_url == "wss://gateway.discord.gg/"
    assert (shipped.shard_count, shipped.dev_guild_id, shipped.moderator_role_id) == (1, None, None)


def test_ids_are_read_as_integers(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[discord]\ndev_guild_id = 1300000000000000001\n"
        "moderator_role_id = 1300000000000000003\nshard_count = 4\n"
    )
    settings = load_config(path, env={}).platforms.settings(DiscordConfig)
    assert settings.dev_guild_id == 1300000000000000001
    assert settings.moderator_role_id == 1300000000000000003
    assert settings.shard_count == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("shard_count = 0", "discord.shard_count: expected a whole number >= 1"),
        ("api_base_url = 'discord.com'", "discord.api_base_url: expected an http(s) URL"),
        ("gateway_url = 'https://gateway.discord.gg'", "discord.gateway_url: expected a ws(s) URL"),
        ("dev_guild_id = 'my server'", "discord.dev_guild_id: expected a whole number"),
        ("token = 'abc'", "discord.token: unknown setting"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[discord]\n{text}\n")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(path, env={})
