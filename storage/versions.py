"""What the web pages are computed from, in one cheap number: their cache key and HTTP
validator (ETag). Every table the pages read is only appended to, or counted where it is
changed in place, so the tuple below changes whenever a page could."""

from __future__ import annotations

import sqlite_utils

from common.hashing import short_digest

# Each part moves when the pages' data does: a verdict row (storage.ledger keeps the old
# ones), a snapshot, an entry edited in place (ledger_edits counts them), a review (a
# counterexample accepted), an announcement, and a person forgotten (/forget-me rewrites
# names in place, and leaves user_id '').
_PARTS = (
    "SELECT (SELECT COALESCE(MAX(id), 0) FROM verdicts), "
    "(SELECT COALESCE(MAX(id), 0) FROM snapshots), "
    "(SELECT COALESCE(SUM(edits), 0) FROM ledger_edits), "
    "(SELECT COALESCE(MAX(id), 0) FROM counterexample_reviews), "
    "(SELECT COALESCE(MAX(id), 0) FROM outbox_events), "
    "(SELECT COUNT(*) FROM counterexamples WHERE user_id = ''), "
    "(SELECT COUNT(*) FROM counterexample_reviews WHERE user_id = '')"
)


def content_version(db: sqlite_utils.Database) -> str:
    """A short tag naming the state of everything the web pages show (a few indexed
    maxima and two counts of small tables: tens of microseconds)."""
    parts = db.execute(_PARTS).fetchone()
    return short_digest(repr(parts), 8).hex()
