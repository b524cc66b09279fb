"""The [slack] settings: defaults, and bad values named by key."""

from pathlib import Path

import pytest

from bot.config import DEFAULT_CONFIG, Secrets, load_config
from bot.slack.settings import SlackConfig
from common.settings import ConfigError


def test_shipped_slack_settings() -> None:
    slack = load_config(DEFAULT_CONFIG, env={}).platforms.settings(SlackConfig)
    assert (slack.mode, slack.command_prefix, slack.api_base_url) == (
        "socket",
        "",
        "https://slack.com/api/",
    )
    assert slack.moderator_user_ids == [] and slack.admins_are_moderators is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[slack]\nmode = 'webhook'\n", "slack.mode: expected one of socket, http"),
        ("[slack]\ncommand_prefix = 'LK '\n", "slack.command_prefix: expected lower-case"),
        ("[slack]\nhttp_port = 70000\n", "slack.http_port: expected a port number"),
        ("[slack]\nhttp_path = 'events'\n", "slack.http_path: expected a path starting with /"),
        ("[slack]\napi_base_url = 'slack.com'\n", "slack.api_base_url: expected an http"),
        ("[slack]\nmoderator_user_ids = 'U1'\n", "slack.moderator_user_ids: expected a list"),
    ],
)
def test_bad_slack_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path, env={})


def test_oauth_credentials_are_secrets() -> None:
    secrets = Secrets.from_env({"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "shh!"})
    assert (secrets["SLACK_CLIENT_ID"], secrets["SLACK_CLIENT_SECRET"]) == ("123.456", "shh!")
    assert "shh!" not in repr(secrets) and "shh!" in secrets.values()
