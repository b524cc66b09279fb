"""The counterexample workflow's settings: the `[counterexamples]` table of config.toml."""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import ConfigError


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
