"""Community predictions' settings: the `[predictions]` table of config.toml."""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import ConfigError


@dataclass(frozen=True)
class PredictionsConfig:
    max_per_hour: int = 3  # predictions stated per user per rolling hour
    max_open: int = 10  # a user's predictions still open at once

    def __post_init__(self) -> None:
        if self.max_per_hour < 1 or self.max_open < 1:
            raise ConfigError("max_per_hour and max_open: expected whole numbers >= 1")
