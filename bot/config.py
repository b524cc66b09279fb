"""Settings: config.toml, checked against typed dataclasses, overridden by the environment.

Each layer owns the dataclass of its own settings: `[laws]` is laws/settings.py's, `[feeds]`
and `[leaderboards.*]` feeds/settings.py's, `[storage]` storage/settings.py's,
`[announcements]`, `[counterexamples]` and `[predictions]` handlers/settings.py's, `[web]`
web/settings.py's, each platform's (`[discord]`, `[slack]`) its package's, by the platform
table (bot/platform_table.py); the runtime's own (logging, platforms) are below. This
module is the one that reads config.toml and builds `Config` from them all. Adding a setting
means adding a field (with its default) to its layer's dataclass and a commented line to
config.toml. Secrets never live here: `Secrets.from_env()` reads them.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.platform_table import PLATFORMS, platform_named, variables
from common.settings import ConfigError
from feeds.settings import DEFAULT_LEADERBOARDS, FeedsConfig, LeaderboardConfig
from handlers.settings import AnnouncementsConfig, CounterexamplesConfig, PredictionsConfig
from laws.settings import LawsConfig
from storage.settings import StorageConfig
from web.settings import WebConfig

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"
S = TypeVar("S")


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
        object.__setattr__(
            self, "modes", {p.name: self.modes.get(p.name, "auto") for p in PLATFORMS}
        )
        object.__setattr__(
            self,
            "sections",
            {
                p.name: self.sections[p.name] if p.name in self.sections else p.settings()
                for p in PLATFORMS
                if p.settings is not None
            },
        )

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
class Config:
    storage: StorageConfig = field(default_factory=StorageConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    platforms: PlatformsConfig = field(default_factory=PlatformsConfig)
    announcements: AnnouncementsConfig = field(default_factory=AnnouncementsConfig)

    laws: LawsConfig = field(default_factory=LawsConfig)
    leaderboards: dict[str, LeaderboardConfig] = field(
        default_factory=lambda: dict(DEFAULT_LEADERBOARDS)
    )
    feeds: FeedsConfig = field(default_factory=FeedsConfig)

    counterexamples: CounterexamplesConfig = field(default_factory=CounterexamplesConfig)
    predictions: PredictionsConfig = field(default_factory=PredictionsConfig)
    web: WebConfig = field(default_factory=WebConfig)
    source: str = field(default="(defaults)", metadata={"internal": True})

    def __post_init__(self) -> None:
        review = self.counterexamples.review_platform
        names = sorted(p.name for p in PLATFORMS)
        if review not in names:  # the platform table's, which the handlers do not know
            raise ConfigError(
                f"counterexamples.review_platform: expected one of "
                f"{', '.join(names)}, got {review!r}"
            )

    @property
    def database_path(self) -> Path:
        """The `[storage] path` (or $LAWKEEPER_DB) with `~` expanded. A relative path is
        relative to the working directory, not to config.toml."""
        return Path(self.storage.path).expanduser()

    def leaderboard(self, leaderboard_id: str) -> LeaderboardConfig:
        """The settings of one leaderboard (the shipped ones when it has no table)."""
        shipped = DEFAULT_LEADERBOARDS.get(leaderboard_id, LeaderboardConfig())
        return self.leaderboards.get(leaderboard_id, shipped)


class Secrets(Mapping[str, str]):
    """The platforms' secrets by environment variable name (each platform's variables, from
    the platform table), only those set: from the environment only. The repr names the
    variables that are set, never their values."""

    def __init__(
        self, values: Mapping[str, str | None] | None = None, /, **named: str | None
    ) -> None:
        given = {**(values or {}), **named}
        known = variables()
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ValueError(
                f"{unknown[0]}: not a platform's environment variable (expected "
                f"one of {', '.join(known)})"
            )
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


def load_config(
    path: str | os.PathLike[str] | None = None, env: typing.Mapping[str, str] | None = None
) -> Config:
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
        raise ConfigError(
            f"config file {chosen} is not UTF-8 text (byte "
            f"0x{exc.object[exc.start]:02x} at offset {exc.start})"
        ) from None
    except OSError as exc:
        raise ConfigError(f"config file {chosen} cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {chosen} is not valid TOML: {exc}") from None
    if env.get("LAWKEEPER_DB"):
        raw.setdefault("storage", {})["path"] = env["LAWKEEPER_DB"]
    _refuse_unknown(raw, [*_settings_names(Config), *_sections()], "")
    boards = _leaderboards(raw.pop("leaderboards", {}))
    platforms = _platforms(raw)
    return dataclasses.replace(
        _build(Config, raw, ""), leaderboards=boards, platforms=platforms, source=str(chosen)
    )


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
    sections = {
        p.name: _build(p.settings, raw.pop(p.name, {}), f"{p.name}.")
        for p in PLATFORMS
        if p.settings is not None
    }
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
        raise ConfigError(
            f"leaderboards.{unknown[0]}: unknown leaderboard (expected one of "
            f"{', '.join(sorted(DEFAULT_LEADERBOARDS))})"
        )
    boards = dict(DEFAULT_LEADERBOARDS)
    for name, table in tables.items():
        given = _build(LeaderboardConfig, table, f"leaderboards.{name}.")  # checks each key
        boards[name] = dataclasses.replace(
            boards[name], **{key: getattr(given, key) for key in table}
        )
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
    except ConfigError as exc:
        if prefix and not str(exc).startswith(prefix):
            raise ConfigError(f"{prefix}{exc}") from None
        raise


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
