"""Settings: config.toml, checked against typed dataclasses, overridden by the environment.

Each layer owns the dataclass of its own settings: `[laws]` is laws/settings.py's, `[feeds]`
and `[leaderboards.*]` feeds/settings.py's, `[storage]` storage/settings.py's,
`[announcements]`, `[counterexamples]` and `[predictions]` handlers/settings.py's, `[web]`
web/settings.py's; the runtime's own (logging, platforms, Discord, Slack) are below. This
module is the one that reads config.toml and builds `Config` from them all. Adding a setting
means adding a field (with its default) to its layer's dataclass and a commented line to
config.toml. Secrets never live here: `Secrets.from_env()` reads them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from common.settings import ConfigError
from feeds.settings import DEFAULT_LEADERBOARDS, FeedsConfig, LeaderboardConfig
from handlers.settings import AnnouncementsConfig, CounterexamplesConfig, PredictionsConfig
from laws.settings import LawsConfig
from storage.settings import StorageConfig
from web.settings import WebConfig

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True)
class LoggingConfig:
    level: str = "INFO"

    def __post_init__(self) -> None:
        if self.level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                f"level: expected one of DEBUG, INFO, WARNING, ERROR, got {self.level!r}"
            )


@dataclass(frozen=True)
class PlatformsConfig:
    # "auto": start the platform when its tokens are in the environment; "off": never.
    discord: str = "auto"
    slack: str = "auto"
    # "auto": the console adapter runs when no platform starts; "on": always; "off": never.
    console: str = "auto"

    def __post_init__(self) -> None:
        for name in ("discord", "slack", "console"):
            value = getattr(self, name)
            allowed = ("auto", "on", "off") if name == "console" else ("auto", "off")
            if value not in allowed:
                raise ConfigError(
                    f"{name}: expected one of {', '.join(allowed)}, got {value!r}"
                )


# The bot scopes the app asks for (slack-app-manifest.yml lists the same). The history
# scopes let a resent announcement find out whether its earlier attempt was posted.
SLACK_BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "files:write", "users:read",
                    "channels:history", "groups:history")


@dataclass(frozen=True)
class SlackConfig:
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
            raise ConfigError("command_prefix: expected lower-case letters, digits, - or _, "
                              f"got {self.command_prefix!r}")
        if not self.api_base_url.startswith(("https://", "http://")):
            raise ConfigError(f"api_base_url: expected an http(s) URL, got {self.api_base_url!r}")


@dataclass(frozen=True)
class DiscordConfig:
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


@dataclass(frozen=True)
class Config:
    storage: StorageConfig = field(default_factory=StorageConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    platforms: PlatformsConfig = field(default_factory=PlatformsConfig)
    announcements: AnnouncementsConfig = field(default_factory=AnnouncementsConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)

    laws: LawsConfig = field(default_factory=LawsConfig)
    leaderboards: dict[str, LeaderboardConfig] = field(
        default_factory=lambda: dict(DEFAULT_LEADERBOARDS))
    feeds: FeedsConfig = field(default_factory=FeedsConfig)

    discord: DiscordConfig = field(default_factory=DiscordConfig)
    counterexamples: CounterexamplesConfig = field(default_factory=CounterexamplesConfig)
    predictions: PredictionsConfig = field(default_factory=PredictionsConfig)
    web: WebConfig = field(default_factory=WebConfig)
    source: str = field(default="(defaults)", metadata={"internal": True})

    @property
    def database_path(self) -> Path:
        return Path(self.storage.path).expanduser()

    def leaderboard(self, leaderboard_id: str) -> LeaderboardConfig:
        """The settings of one leaderboard (the shipped ones when it has no table)."""
        shipped = DEFAULT_LEADERBOARDS.get(leaderboard_id, LeaderboardConfig())
        return self.leaderboards.get(leaderboard_id, shipped)


@dataclass(frozen=True)
class Secrets:
    """Tokens from the environment only; repr never shows them."""

    discord_token: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_client_id: str | None = field(default=None, repr=False)
    slack_client_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: typing.Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if env is None else env
        return cls(
            discord_token=env.get("DISCORD_TOKEN") or None,
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_client_id=env.get("SLACK_CLIENT_ID") or None,
            slack_client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        )

    def values(self) -> list[str]:
        """Every secret that is set, so logging can redact them."""
        return [v for v in vars(self).values() if v]


def load_config(path: str | os.PathLike[str] | None = None,
                env: typing.Mapping[str, str] | None = None) -> Config:
    """Read config.toml (or `path`, or $LAWKEEPER_CONFIG), then apply $LAWKEEPER_DB."""
    env = os.environ if env is None else env
    chosen = Path(path or env.get("LAWKEEPER_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {chosen} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {chosen} is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {chosen} is not UTF-8 text (byte "
                          f"0x{exc.object[exc.start]:02x} at offset {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"config file {chosen} cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {chosen} is not valid TOML: {exc}") from None
    if env.get("LAWKEEPER_DB"):
        raw.setdefault("storage", {})["path"] = env["LAWKEEPER_DB"]
    boards = _leaderboards(raw.pop("leaderboards", {}))
    return dataclasses.replace(_build(Config, raw, ""), leaderboards=boards,
                               source=str(chosen))


def _leaderboards(tables: Any) -> dict[str, LeaderboardConfig]:
    """The shipped leaderboard settings, with each given table's keys over its own; a
    misspelt leaderboard is refused rather than silently ignored."""
    if not isinstance(tables, dict):
        raise ConfigError("leaderboards: expected a table of leaderboard tables")
    unknown = sorted(set(tables) - set(DEFAULT_LEADERBOARDS))
    if unknown:
        raise ConfigError(f"leaderboards.{unknown[0]}: unknown leaderboard (expected one of "
                          f"{', '.join(sorted(DEFAULT_LEADERBOARDS))})")
    boards = dict(DEFAULT_LEADERBOARDS)
    for name, table in tables.items():
        given = _build(LeaderboardConfig, table, f"leaderboards.{name}.")  # checks each key
        boards[name] = dataclasses.replace(
            boards[name], **{key: getattr(given, key) for key in table})
    return boards


def _build(cls: type, table: Any, prefix: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{prefix.rstrip('.') or 'config'}: expected a table")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls) if not f.metadata.get("internal")}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(
            f"{prefix}{unknown[0]}: unknown setting (expected one of {', '.join(sorted(known))})"
        )
    kwargs = {}
    for name, value in table.items():
        kwargs[name] = _convert(hints[name], value, f"{prefix}{name}")
    try:
        return cls(**kwargs)
    except ConfigError as exc:
        if prefix and not str(exc).startswith(prefix):
            raise ConfigError(f"{prefix}{exc}") from None
        raise


def _convert(hint: Any, value: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    if is_dataclass(hint):
        return _build(hint, value, f"{key}.")
    if origin is dict:
        _, value_type = typing.get_args(hint)
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: expected a table, got {value!r}")
        return {k: _convert(value_type, v, f"{key}.{k}") for k, v in value.items()}
    if origin is list:
        (item_type,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {value!r}")
        return [_convert(item_type, v, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _convert(options[0], value, key)
    expected = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        raise ConfigError(f"{key}: expected {expected.get(hint, hint.__name__)}, got {value!r}")
    return value

