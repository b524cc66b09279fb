"""The laws' settings: the `[laws]` table of config.toml (README "How the laws are
decided")."""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import ConfigError


@dataclass(frozen=True)
class LawsConfig:
    """The law definitions' knobs (README "How the laws are decided")."""

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
            raise ConfigError(
                f"open_means: expected one of open_weights, osi, got {self.open_means!r}"
            )
        if self.snapshot_mode not in ("latest", "as_known_then"):
            raise ConfigError(
                f"snapshot_mode: expected one of latest, as_known_then, got {self.snapshot_mode!r}"
            )
        try:
            year, month = (int(x) for x in self.first_month.split("-"))
            ok = 2000 <= year <= 2100 and 1 <= month <= 12 and len(self.first_month) == 7
        except ValueError:
            ok = False
        if not ok:
            raise ConfigError(f"first_month: expected YYYY-MM, got {self.first_month!r}")
        for name in (
            "law1_window_months",
            "law1_min_benchmarks",
            "law3a_window_months",
            "law3b_window_months",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name}: expected a whole number >= 1")
        if self.law2_lag_months < 0:
            raise ConfigError("law2_lag_months: expected a whole number >= 0")
        if not 0 <= self.law3_min_size_gap < 1:
            raise ConfigError(
                f"law3_min_size_gap: expected a fraction from 0 up to (not "
                f"including) 1, got {self.law3_min_size_gap!r}"
            )
        if self.epsilon_points < 0:
            raise ConfigError("epsilon_points: expected a number >= 0")
