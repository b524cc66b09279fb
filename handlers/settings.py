"""The handlers' settings: the announcement outbox's (`[announcements]`), the
counterexample workflow's (`[counterexamples]`) and community predictions'
(`[predictions]`); and `Settings`, what handlers read of the whole configuration that the
runtime hands them in `Services.config` (bot/config.py's `Config` is one; handlers never
import it). The workflows' classes live here, not in their packages: those import
handlers.context, which types `Services.config` with them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from common.settings import ConfigError
from feeds.settings import LeaderboardConfig
from laws.settings import LawsConfig


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
class CounterexamplesConfig:
    # Where submissions are posted for review, with Approve / Reject buttons.
    review_platform: str = "console"  # a platform's name (bot/config.py checks it)
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


class PageAddress(Protocol):
    """What handlers read of the web pages' settings (web/settings.py's `WebConfig`):
    where people reach the pages, so chat replies can link to them."""

    @property
    def public_url(self) -> str:
        """The address people reach the pages at, as configured ([web] public_url); "" when
        unset. /status shows it."""
        ...

    @property
    def base_url(self) -> str:
        """`public_url` without its trailing slash, or "" when chat should not link (unset, or
        the pages are off): what `Links` builds on."""
        ...


class Settings(Protocol):
    """The settings handlers (and the web pages over them) read: each layer's own part."""

    @property
    def laws(self) -> LawsConfig:
        """[laws]: the thresholds, windows and snapshot mode the evaluators, the counterexample
        checks and /law N explain use."""
        ...

    @property
    def announcements(self) -> AnnouncementsConfig:
        """[announcements]: how many snapshots confirm a new leader, and how deliveries are
        retried, paused and checked."""
        ...

    @property
    def counterexamples(self) -> CounterexamplesConfig:
        """[counterexamples]: where submissions are posted for review, and each user's bounds."""
        ...

    @property
    def predictions(self) -> PredictionsConfig:
        """[predictions]: each user's bounds on stating predictions (per hour, open at once)."""
        ...

    @property
    def web(self) -> PageAddress:
        """What handlers read of [web]: where people reach the pages, so replies can link there."""
        ...

    @property
    def leaderboards(self) -> Mapping[str, LeaderboardConfig]:
        """Every leaderboard's polling settings by id ([leaderboards.<id>] over the shipped
        defaults); one is read through `leaderboard`."""
        ...

    def leaderboard(self, leaderboard_id: str) -> LeaderboardConfig:
        """The settings of one leaderboard (the shipped ones when it has no table)."""
        ...
