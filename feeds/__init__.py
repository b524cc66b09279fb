"""One module per leaderboard source: URL(s), a pure parser `bytes -> Snapshot`, checks."""

from feeds.snapshot import Entry, Snapshot

__all__ = ["Entry", "Snapshot"]
