"""Openness from a licence as a source writes it. Unknown text stays unknown (None).

OSI-approved licences (Apache-2.0, MIT, BSD, MPL, GPL, …) give `osi`; a licence named after
the model or its vendor (Llama, Gemma, Qwen/Qianwen, DeepSeek, Yi, DBRX, Mistral Research
(MRL), AI2 ImpACT, 'Modified MIT', …) or a non-commercial one gives `open_weights`."""

from __future__ import annotations

import re

from catalog.model import Openness

_PROPRIETARY = re.compile(r"^(propr?ietary|propretary|closed|api|api access|hosted)", re.I)
# OSI-approved licences as leaderboards spell them.
_OSI = re.compile(r"^(apache|mit\b|bsd|mpl|gpl|lgpl|agpl|isc|unlicense|openrail\+\+?$)", re.I)
# Downloadable under another licence (community, research, non-commercial, …).
_OPEN_WEIGHTS = re.compile(
    r"(llama|gemma|qwen|qianwen|deepseek|yi |yi-|cc[- ]by|non-?commercial|openrail|falcon|"
    r"community|research|other|custom|tongyi|nvidia|jamba|mistral|\bmrl\b|glm|skywork|dbrx|"
    r"impact|nexusflow|cogvlm|modified mit|open)",
    re.I,
)


def openness_from_licence(text: str | None) -> Openness | None:
    """The tier a licence cell names, or None for a blank, '-' or 'unknown' cell and for text
    no pattern knows. Proprietary wording is matched first, then an OSI licence name at the
    start, then open-weights words anywhere in the text."""
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
