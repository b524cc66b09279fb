"""Settings: config.toml, checked against typed dataclasses, overridden by the environment.

Adding a setting means adding a field (with its default) to one of the dataclasses below and
a commented line to config.toml. Secrets never live here: `Secrets.from_env()` reads them.
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

from feeds.registry import SOURCES

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


class ConfigError(Exception):
    """A setting that cannot be used; the message names the key and what it expected."""


@dataclass(frozen=True)
class StorageConfig:
    path: str = "data/lawkeeper.db"


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


@dataclass(frozen=True)
class LeaderboardConfig:
    enabled: bool = True
    poll_minutes: int = 60
    # Overrides poll_minutes when set: short intervals for tests and demos.
    poll_seconds: int | None = None
    # Another endpoint for this feed (a mirror, a local test server); empty: the feed's own.
    url: str = ""

    def __post_init__(self) -> None:
        if self.poll_minutes < 1:
            raise ConfigError("poll_minutes: expected a whole number of minutes >= 1")
        if self.poll_seconds is not None and self.poll_seconds < 1:
            raise ConfigError("poll_seconds: expected a whole number of seconds >= 1")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ConfigError(f"url: expected an http:// or https:// URL, got {self.url!r}")

    @property
    def interval_seconds(self) -> int:
        """How often the feed is polled."""
        return self.poll_seconds if self.poll_seconds is not None else self.poll_minutes * 60


# The leaderboard tables of the shipped config.toml: a config file without a leaderboard's
# table (or without some of its keys) gets its source's defaults, so retired ones stay off.
DEFAULT_LEADERBOARDS: dict[str, LeaderboardConfig] = {
    s.leaderboard: LeaderboardConfig(enabled=not s.retired, poll_minutes=s.poll_minutes)
    for s in SOURCES.values()}


@dataclass(frozen=True)
class AnnouncementsConfig:
    # Where a leaderboard gives no intervals, a new leader must hold the top spot for this
    # many consecutive snapshots before it is announced.
    confirm_snapshots: int = 2
    # A failed delivery is retried after retry_seconds, then twice as long each time, and
    # given up (recorded with the reason) after max_attempts attempts.
    retry_seconds: float = 30.0
    max_attempts: int = 8
    # How often the outbox is checked for due deliveries (new events wake it at once).
    check_seconds: float = 15.0
    # true: store events and hold every delivery (they stay pending until set back).
    paused: bool = False

    def __post_init__(self) -> None:
        if self.confirm_snapshots < 1:
            raise ConfigError("confirm_snapshots: expected a whole number >= 1")
        if self.max_attempts < 1:
            raise ConfigError("max_attempts: expected a whole number >= 1")
        if self.retry_seconds <= 0 or self.check_seconds <= 0:
            raise ConfigError("retry_seconds and check_seconds: expected a number > 0")


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
class LawsConfig:
    """The law definitions' knobs (see /work/shared/LAWS.md and the README)."""

    # "open" for law 2: "open_weights" = OSI + open weights (the default), "osi" = OSI only.
    open_means: str = "open_weights"
    # "latest": judge every month on the newest snapshot; "as_known_then": on the newest
    # snapshot dated on or before the month's decision date.
    snapshot_mode: str = "latest"
    first_month: str = "2023-01"  # the ledger starts here (or later, at the first data)
    law1_window_months: int = 12
    law1_min_benchmarks: int = 3
    law2_lag_months: int = 6
    law3a_window_months: int = 12
    law3b_window_months: int = 12
    law3b_accept_estimates: bool = False  # 3b decides on disclosed sizes only by default
    # Law 3a's "smaller": at most (1 − gap) of the best model's total parameters.
    law3_min_size_gap: float = 0.10
    # Tolerance where a score has no interval (points of the leaderboard's own scale).
    epsilon_points: float = 0.5
    # A model without a catalog release date is placed at its first listing on the
    # leaderboard (labelled as such); false leaves it out.
    first_listed_as_release: bool = True

    def __post_init__(self) -> None:
        if self.open_means not in ("open_weights", "osi"):
            raise ConfigError(f"open_means: expected one of open_weights, osi, "
                              f"got {self.open_means!r}")
        if self.snapshot_mode not in ("latest", "as_known_then"):
            raise ConfigError(f"snapshot_mode: expected one of latest, as_known_then, "
                              f"got {self.snapshot_mode!r}")
        try:
            year, month = (int(x) for x in self.first_month.split("-"))
            ok = 2000 <= year <= 2100 and 1 <= month <= 12 and len(self.first_month) == 7
        except ValueError:
            ok = False
        if not ok:
            raise ConfigError(f"first_month: expected YYYY-MM, got {self.first_month!r}")
        for name in ("law1_window_months", "law1_min_benchmarks", "law3a_window_months",
                     "law3b_window_months"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name}: expected a whole number >= 1")
        if self.law2_lag_months < 0:
            raise ConfigError("law2_lag_months: expected a whole number >= 0")
        if not 0 <= self.law3_min_size_gap < 1:
            raise ConfigError(f"law3_min_size_gap: expected a fraction from 0 up to (not "
                              f"including) 1, got {self.law3_min_size_gap!r}")
        if self.epsilon_points < 0:
            raise ConfigError("epsilon_points: expected a number >= 0")


@dataclass(frozen=True)
class FeedsConfig:
    """How the fetcher talks to the leaderboards' servers."""

    polling: bool = True  # false: `run` polls no feed (answers from what is stored)
    timeout_seconds: float = 60.0  # a whole request, body included
    connect_timeout_seconds: float = 10.0
    retries: int = 3  # after the first attempt, on timeouts, 429 and 5xx
    backoff_base_seconds: float = 2.0  # waits base * 2^attempt, plus up to half that again
    backoff_max_seconds: float = 120.0
    max_retry_after_seconds: float = 600.0  # a longer Retry-After is cut to this
    max_body_mb: int = 64
    # A snapshot with more rows is refused (the largest real one has about 4,600).
    max_snapshot_rows: int = 20_000
    user_agent: str = "LawkeeperBot/0.1 (+https://github.com/lawkeeper-bot/lawkeeper)"

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise ConfigError("retries: expected a whole number >= 0")
        for name in ("timeout_seconds", "connect_timeout_seconds", "max_body_mb",
                     "max_snapshot_rows"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name}: expected a number > 0")
        if self.backoff_base_seconds < 0 or self.backoff_max_seconds < 0:
            raise ConfigError("backoff_base_seconds, backoff_max_seconds: expected >= 0")
        if not self.user_agent.strip():
            raise ConfigError("user_agent: expected the bot's name and URL")


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
class CounterexamplesConfig:
    # Where submissions are posted for review, with Approve / Reject buttons.
    review_platform: str = "console"  # "console", "discord" or "slack"
    review_channel: str = "console"  # that platform's channel id
    max_per_hour: int = 3  # submissions per user per rolling hour
    max_pending: int = 5  # a user's submissions awaiting review at once
    # A claim this similar (0..1, difflib ratio after folding case and spaces) to one the same
    # user made for the same law is a duplicate.
    duplicate_similarity: float = 0.9

    def __post_init__(self) -> None:
        if self.review_platform not in ("console", "discord", "slack"):
            raise ConfigError("review_platform: expected one of console, discord, slack, "
                              f"got {self.review_platform!r}")
        if not self.review_channel.strip():
            raise ConfigError("review_channel: expected a channel id")
        if self.max_per_hour < 1 or self.max_pending < 1:
            raise ConfigError("max_per_hour and max_pending: expected whole numbers >= 1")
        if not 0 < self.duplicate_similarity <= 1:
            raise ConfigError("duplicate_similarity: expected a number in (0, 1]")


@dataclass(frozen=True)
class PredictionsConfig:
    max_per_hour: int = 3  # predictions stated per user per rolling hour
    max_open: int = 10  # a user's predictions still open at once

    def __post_init__(self) -> None:
        if self.max_per_hour < 1 or self.max_open < 1:
            raise ConfigError("max_per_hour and max_open: expected whole numbers >= 1")


@dataclass(frozen=True)
class WebConfig:
    """The read-only web pages, JSON API and Atom feeds (web/), served in the bot's loop."""

    enabled: bool = True
    host: str = "127.0.0.1"  # where to listen; "0.0.0.0" for every interface
    port: int = 8080  # 0: any free port (the log line and /status say which)
    # The address people reach the pages at, such as "https://lawkeeper.example.org"; chat
    # messages link to the pages only when it is set (and the pages are on).
    public_url: str = ""
    # Requests per minute from one address before it is answered 429 (with Retry-After).
    rate_limit_per_minute: int = 120

    def __post_init__(self) -> None:
        if not self.host.strip() or any(c.isspace() for c in self.host):
            raise ConfigError(f"host: expected a host name or address, got {self.host!r}")
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port: expected a port number 0-65535, got {self.port}")
        if self.public_url and not re.fullmatch(r"https?://[^\s/?#<>()|\"'\\]+"
                                                r"(/[^\s?#<>()|\"'\\]*)?", self.public_url):
            raise ConfigError("public_url: expected an http:// or https:// address without "
                              f"a query or fragment (or \"\"), got {self.public_url!r}")
        if self.rate_limit_per_minute < 1:
            raise ConfigError("rate_limit_per_minute: expected a whole number >= 1")

    @property
    def base_url(self) -> str:
        """`public_url` without its trailing slash, or "" when chat should not link."""
        return self.public_url.rstrip("/") if self.enabled else ""


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

