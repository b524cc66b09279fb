"""Every leaderboard the bot knows, in the order the bot lists them. Adding a leaderboard
is a module in feeds/ that describes itself (its `SOURCE`, see feeds/source.py) and one
line here (plus its `[leaderboards.<id>]` table in config.toml)."""

from __future__ import annotations

from feeds import arena, epoch_eci, helm_lite, livebench, mmlu, open_llm_v1, open_llm_v2
from feeds.source import Source

SOURCES: dict[str, Source] = {
    s.leaderboard: s
    for s in (
        arena.SOURCE,
        open_llm_v1.SOURCE,
        open_llm_v2.SOURCE,
        epoch_eci.SOURCE,
        mmlu.SOURCE,
        livebench.SOURCE,
        helm_lite.SOURCE,
    )
}

LEADERBOARD_IDS: tuple[str, ...] = tuple(SOURCES)

# What a file that no source recognises is read as: the Arena's parser tells its formats
# apart by their content, and its error names the ones it expected.
FALLBACK = arena.LEADERBOARD
