"""Openness from a licence as a source writes it. Unknown text stays unknown (None)."""

from __future__ import annotations

import re

from catalog.model import Openness

_PROPRIETARY = re.compile(r"^(propr?ietary|propretary|closed|api|api access|hosted)", re.I)
# OSI-approved licences as leaderboards spell them.
_OSI = re.compile(r"^(apache|mit\b|bsd|mpl|gpl|lgpl|agpl|isc|unlicense|openrail\+\+?$)", re.I)
# Downloadable under another licence (community, research, non-commercial, …).
_OPEN_WEIGHTS = re.compile(
    r"(llama|gemma|qwen|deepseek|yi |yi-|cc[- ]by|non-?commercial|openrail|falcon|"
    r"community|research|other|custom|tongyi|nvidia|jamba|mistral|glm|skywork|open)", re.I)


def openness_from_licence(text: str | None) -> Openness | None:
    if not text or not text.strip() or text.strip() in {"-", "unknown", "Unknown"}:
        return None
    t = text.strip()
    if _PROPRIETARY.match(t):
        return Openness.PROPRIETARY
    if _OSI.match(t):
        return Openness.OSI
    if _OPEN_WEIGHTS.search(t):
        return Openness.OPEN_WEIGHTS
    return None
