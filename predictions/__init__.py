"""Community predictions (issue 17): claim templates and their text form, resolution
against the leaderboards' history with evidence, Brier scoring and the backtest. Pure
domain code: no storage, no chat platforms."""

from predictions.claims import TEMPLATES, Claim, ClaimError, Names, names_from, parse
from predictions.resolve import Resolution, holds_now, resolve
from predictions.scoring import brier

__all__ = [
    "TEMPLATES",
    "Claim",
    "ClaimError",
    "Names",
    "Resolution",
    "brier",
    "holds_now",
    "names_from",
    "parse",
    "resolve",
]
