"""Settings: config.toml, checked against typed dataclasses, overridden by the environment.

Adding a setting means adding a field (with its default) to one of the dataclasses below and
a commented line to config.toml. Secrets never live here: `Secrets.from_env()` reads them.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Config:
    storage: StorageConfig = field(default_factory=StorageConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    platforms: PlatformsConfig = field(default_factory=PlatformsConfig)
    announcements: AnnouncementsConfig = field(default_factory=AnnouncementsConfig)
    leaderboards: dict[str, LeaderboardConfig] = field(default_factory=dict)
    source: str = field(default="(defaults)", metadata={"internal": True})

    @property
    def database_path(self) -> Path:
        return Path(self.storage.path).expanduser()


@dataclass(frozen=True)
class Secrets:
    """Tokens from the environment only; repr never shows them."""

    discord_token: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: typing.Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if env is None else env
        return cls(
            discord_token=env.get("DISCORD_TOKEN") or None,
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
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
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {chosen} is not valid TOML: {exc}") from None
    if env.get("LAWKEEPER_DB"):
        raw.setdefault("storage", {})["path"] = env["LAWKEEPER_DB"]
    return dataclasses.replace(_build(Config, raw, ""), source=str(chosen))


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

