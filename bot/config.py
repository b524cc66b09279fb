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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.platform_table import PLATFORMS, platform_named, variables

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"
S = TypeVar("S")


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
    """[platforms] and each platform's own section ([discord], [slack] …), by platform name,
    for the platforms of the platform table (bot/platform_table.py); a platform not given
    gets "auto" and its section's defaults."""

    # "auto": start the platform when its secrets are in the environment; "off": never.
    # The console: "auto": when no platform starts; "on": always; "off": never.
    modes: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = sorted(p.name for p in PLATFORMS)
        for name, mode in self.modes.items():
            if name not in names:
                raise ConfigError(f"{name}: unknown setting (expected one of {', '.join(names)})")
            allowed = platform_named(name).modes
            if mode not in allowed:
                raise ConfigError(f"{name}: expected one of {', '.join(allowed)}, got {mode!r}")
        for name, section in self.sections.items():
            kind = platform_named(name).settings if name in names else None
            if kind is None or type(section) is not kind:
                raise ConfigError(f"{name}: {section!r} is not that platform's settings")
        # Frozen: what was not given is filled in here, once.
        object.__setattr__(self, "modes", {p.name: self.modes.get(p.name, "auto")
                                           for p in PLATFORMS})
        object.__setattr__(self, "sections", {
            p.name: self.sections[p.name] if p.name in self.sections else p.settings()
            for p in PLATFORMS if p.settings is not None})

    def settings(self, kind: type[S]) -> S:
        """A platform's own settings, by their class: `settings(SlackConfig)`."""
        for section in self.sections.values():
            if type(section) is kind:
                return section
        raise KeyError(kind.__name__)

    def with_settings(self, *sections: object) -> PlatformsConfig:
        """These settings in place of their platforms' current ones."""
        name_of = {type(section): name for name, section in self.sections.items()}
        given = {name_of[type(section)]: section for section in sections}
        return PlatformsConfig(modes=self.modes, sections={**self.sections, **given})


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
# table (or without some of its keys) gets these, so retired leaderboards stay off.
DEFAULT_LEADERBOARDS: dict[str, LeaderboardConfig] = {
    "arena": LeaderboardConfig(poll_minutes=60),
    "open-llm-v1": LeaderboardConfig(enabled=False, poll_minutes=1440),
    "open-llm-v2": LeaderboardConfig(enabled=False, poll_minutes=1440),
    "epoch-eci": LeaderboardConfig(poll_minutes=1440),
    "mmlu": LeaderboardConfig(poll_minutes=1440),
    "livebench": LeaderboardConfig(poll_minutes=720),
    "helm-lite": LeaderboardConfig(poll_minutes=1440),
}


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
class CounterexamplesConfig:
    # Where submissions are posted for review, with Approve / Reject buttons.
    review_platform: str = "console"  # a platform's name: "console", "discord" or "slack"
    review_channel: str = "console"  # that platform's channel id
    max_per_hour: int = 3  # submissions per user per rolling hour
    max_pending: int = 5  # a user's submissions awaiting review at once
    # A claim this similar (0..1, difflib ratio after folding case and spaces) to one the same
    # user made for the same law is a duplicate.
    duplicate_similarity: float = 0.9

    def __post_init__(self) -> None:
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

    laws: LawsConfig = field(default_factory=LawsConfig)
    leaderboards: dict[str, LeaderboardConfig] = field(
        default_factory=lambda: dict(DEFAULT_LEADERBOARDS))
    feeds: FeedsConfig = field(default_factory=FeedsConfig)

    counterexamples: CounterexamplesConfig = field(default_factory=CounterexamplesConfig)
    predictions: PredictionsConfig = field(default_factory=PredictionsConfig)
    web: WebConfig = field(default_factory=WebConfig)
    source: str = field(default="(defaults)", metadata={"internal": True})

    def __post_init__(self) -> None:
        review = self.counterexamples.review_platform
        names = sorted(p.name for p in PLATFORMS)
        if review not in names:  # the platform table's, which the handlers do not know
            raise ConfigError(f"counterexamples.review_platform: expected one of "
                              f"{', '.join(names)}, got {review!r}")

    @property
    def database_path(self) -> Path:
        return Path(self.storage.path).expanduser()

    def leaderboard(self, leaderboard_id: str) -> LeaderboardConfig:
        """The settings of one leaderboard (the shipped ones when it has no table)."""
        shipped = DEFAULT_LEADERBOARDS.get(leaderboard_id, LeaderboardConfig())
        return self.leaderboards.get(leaderboard_id, shipped)


class Secrets(Mapping[str, str]):
    """The platforms' secrets by environment variable name (each platform's variables, from
    the platform table), only those set: from the environment only. The repr names the
    variables that are set, never their values."""

    def __init__(self, values: Mapping[str, str | None] | None = None, /,
                 **named: str | None) -> None:
        given = {**(values or {}), **named}
        known = variables()
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ValueError(f"{unknown[0]}: not a platform's environment variable (expected "
                             f"one of {', '.join(known)})")
        self._values = {name: value for name, value in given.items() if value}

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Secrets:
        """The platforms' variables that are set (and not empty) in `env` (default: the
        process's environment)."""
        env = os.environ if env is None else env
        return cls({name: env.get(name) for name in variables()})

    def only(self, names: Iterable[str]) -> Secrets:
        """These variables alone (a platform's own), those of them that are set."""
        return Secrets({name: self._values.get(name) for name in names})

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Secrets({', '.join(self._values)})"


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
    _refuse_unknown(raw, [*_settings_names(Config), *_sections()], "")
    boards = _leaderboards(raw.pop("leaderboards", {}))
    platforms = _platforms(raw)
    return dataclasses.replace(_build(Config, raw, ""), leaderboards=boards,
                               platforms=platforms, source=str(chosen))


def _sections() -> list[str]:
    """The platforms' own sections ([discord], [slack] …): the platform table's."""
    return [p.name for p in PLATFORMS if p.settings is not None]


def _platforms(raw: dict[str, Any]) -> PlatformsConfig:
    """[platforms] and each platform's own section, taken out of `raw`."""
    modes = raw.pop("platforms", {})
    if not isinstance(modes, dict):
        raise ConfigError("platforms: expected a table")
    _refuse_unknown(modes, [p.name for p in PLATFORMS], "platforms.")
    modes = {name: _convert(str, mode, f"platforms.{name}") for name, mode in modes.items()}
    sections = {p.name: _build(p.settings, raw.pop(p.name, {}), f"{p.name}.")
                for p in PLATFORMS if p.settings is not None}
    try:
        return PlatformsConfig(modes=modes, sections=sections)
    except ConfigError as exc:
        raise ConfigError(f"platforms.{exc}") from None


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
    _refuse_unknown(table, _settings_names(cls), prefix)
    kwargs = {}
    for name, value in table.items():
        kwargs[name] = _convert(hints[name], value, f"{prefix}{name}")
    try:
        return cls(**kwargs)
    except (ConfigError, ValueError) as exc:  # ValueError: a platform's settings (see there)
        if prefix and not str(exc).startswith(prefix):
            raise ConfigError(f"{prefix}{exc}") from None
        raise ConfigError(str(exc)) from None


def _settings_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls) if not f.metadata.get("internal")]


def _refuse_unknown(table: dict[str, Any], known: list[str], prefix: str) -> None:
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(
            f"{prefix}{unknown[0]}: unknown setting (expected one of {', '.join(sorted(known))})"
        )


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

