"""What Slack needs to start: its [slack] section, its environment variables, and which of
them its mode needs. This module imports no Slack library: the config and `main.py run`
read it whether Slack starts or not."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from common.settings import ConfigError

BOT_TOKEN = "SLACK_BOT_TOKEN"  # xoxb-…: one workspace
APP_TOKEN = "SLACK_APP_TOKEN"  # xapp-…: Socket Mode
SIGNING_SECRET = "SLACK_SIGNING_SECRET"  # HTTP mode: checks that Slack sent a request
CLIENT_ID = "SLACK_CLIENT_ID"  # with CLIENT_SECRET, HTTP mode: the many-workspace OAuth flow
CLIENT_SECRET = "SLACK_CLIENT_SECRET"
VARIABLES = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, CLIENT_ID, CLIENT_SECRET)

# The bot scopes the app asks for (slack-app-manifest.yml lists the same). The history
# scopes let a resent announcement find out whether its earlier attempt was posted.
SLACK_BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "files:write",
    "users:read",
    "channels:history",
    "groups:history",
)


@dataclass(frozen=True)
class SlackConfig:
    """[slack] in config.toml."""

    # "socket": Socket Mode (needs SLACK_APP_TOKEN, no public URL); "http": an HTTP endpoint
    # (needs SLACK_SIGNING_SECRET) that Slack posts to.
    mode: str = "socket"
    http_host: str = "0.0.0.0"
    http_port: int = 3000
    http_path: str = "/slack/events"
    # Put before every slash command name: "" gives /law, "lk-" gives /lk-law.
    command_prefix: str = ""
    api_base_url: str = "https://slack.com/api/"
    # User ids (U…) who may manage channel settings such as /subscribe.
    admin_user_ids: list[str] = field(default_factory=list)
    # User ids who may moderate; workspace admins and owners also may, when
    # `admins_are_moderators` is true.
    moderator_user_ids: list[str] = field(default_factory=list)
    admins_are_moderators: bool = True
    # Many workspaces (HTTP mode, with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set): the
    # OAuth install flow, installations kept in the bot's database.
    oauth_install_path: str = "/slack/install"
    oauth_redirect_path: str = "/slack/oauth_redirect"
    # The public URL of oauth_redirect_path; "" uses the one set in the app's settings.
    oauth_redirect_uri: str = ""
    oauth_authorization_url: str = "https://slack.com/oauth/v2/authorize"
    oauth_scopes: list[str] = field(default_factory=lambda: list(SLACK_BOT_SCOPES))
    oauth_state_expiration_seconds: int = 600

    def __post_init__(self) -> None:
        if self.mode not in ("socket", "http"):
            raise ConfigError(f"mode: expected one of socket, http, got {self.mode!r}")
        if not 0 <= self.http_port <= 65535:  # 0: any free port
            raise ConfigError(f"http_port: expected a port number 0-65535, got {self.http_port}")
        for name in ("http_path", "oauth_install_path", "oauth_redirect_path"):
            if not getattr(self, name).startswith("/"):
                raise ConfigError(f"{name}: expected a path starting with /")
        if not re.fullmatch(r"[a-z0-9_-]*", self.command_prefix):
            raise ConfigError(
                "command_prefix: expected lower-case letters, digits, - or _, "
                f"got {self.command_prefix!r}"
            )
        if not self.api_base_url.startswith(("https://", "http://")):
            raise ConfigError(f"api_base_url: expected an http(s) URL, got {self.api_base_url!r}")


def many_workspaces(settings: SlackConfig, secrets: Mapping[str, str]) -> bool:
    """The OAuth install flow runs in HTTP mode when the app's client id and secret are set."""
    return settings.mode == "http" and CLIENT_ID in secrets and CLIENT_SECRET in secrets


def wanted(settings: SlackConfig, secrets: Mapping[str, str]) -> bool:
    """Whether the secrets that Slack's mode needs are in the environment."""
    if settings.mode == "socket":
        return BOT_TOKEN in secrets and APP_TOKEN in secrets
    return SIGNING_SECRET in secrets and (
        BOT_TOKEN in secrets or many_workspaces(settings, secrets)
    )


def incomplete(settings: SlackConfig, secrets: Mapping[str, str]) -> str:
    """What is missing when some of Slack's variables are set but not all that its mode
    needs."""
    given = {name for name in VARIABLES if name in secrets}
    if settings.mode == "socket":
        needed = [BOT_TOKEN, APP_TOKEN]
    elif given & {CLIENT_ID, CLIENT_SECRET}:
        needed = [SIGNING_SECRET, CLIENT_ID, CLIENT_SECRET]
    else:
        needed = [SIGNING_SECRET, BOT_TOKEN]
    missing = ", ".join(name for name in needed if name not in given)
    return (
        f'Slack ([slack] mode = "{settings.mode}") needs {", ".join(needed)}: '
        f"{', '.join(sorted(given))} set, {missing} missing "
        '(or set platforms.slack = "off")'
    )
