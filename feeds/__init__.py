"""One module per leaderboard source: URL(s), a pure parser `bytes -> Snapshot`, checks, and
its `SOURCE` (feeds/source.py), listed in feeds/registry.py."""

from feeds.snapshot import Entry, Snapshot

__all__ = ["Entry", "Snapshot"]
