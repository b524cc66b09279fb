"""Every leaderboard the bot knows: its id, title, live URLs and parser. Adding a
leaderboard is a module in feeds/ and one line here (plus its config table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from feeds import arena, epoch_eci, helm_lite, livebench, mmlu, open_llm_v1, open_llm_v2
from feeds.snapshot import Snapshot

Parser = Callable[[bytes, datetime, str], list[Snapshot]]


@dataclass(frozen=True)
class Source:
    leaderboard: str
    title: str
    urls: tuple[str, ...]  # live endpoints, first preferred; () when there is none
    parse: Parser  # (raw, fetched_at, url) -> snapshots; raises FeedError


SOURCES: dict[str, Source] = {s.leaderboard: s for s in (
    Source(arena.LEADERBOARD, "LMArena text leaderboard", arena.URLS, arena.parse),
    Source(open_llm_v1.LEADERBOARD, "Open LLM Leaderboard v1 (retired)", open_llm_v1.URLS,
           open_llm_v1.parse),
    Source(open_llm_v2.LEADERBOARD, "Open LLM Leaderboard v2 (retired)", open_llm_v2.URLS,
           open_llm_v2.parse),
    Source(epoch_eci.LEADERBOARD, "Epoch Capabilities Index", epoch_eci.URLS, epoch_eci.parse),
    Source(mmlu.LEADERBOARD, "MMLU (Epoch benchmark data)", mmlu.URLS, mmlu.parse),
    Source(livebench.LEADERBOARD, "LiveBench", livebench.URLS, livebench.parse),
    Source(helm_lite.LEADERBOARD, "HELM Lite", helm_lite.URLS, helm_lite.parse),
)}

LEADERBOARD_IDS: tuple[str, ...] = tuple(SOURCES)
