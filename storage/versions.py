"""What the web pages are computed from, in one cheap number: their cache key and HTTP
validator (ETag). Every table the pages read is only appended to, or counted where it is
changed in place, so the tuple below changes whenever a page could."""

from __future__ import annotations

import sqlite_utils

from common.hashing import short_digest
from storage.personal_data import FORGOTTEN_COUNT

# Each part moves when the pages' data does: a verdict row (storage.ledger keeps the old
# ones), a snapshot, an entry edited in place (ledger_edits counts them), a review (a
# counterexample accepted), an announcement, and a person forgotten (/forget-me rewrites
# names in place and counts itself in kv). Predictions change in place: a new one raises
# the highest id; resolving, withdrawing or voiding an open one lowers the open count,
# which only a new id raises again; voiding a resolved one raises the voided count, which
# never falls. Each part is an indexed maximum, a count over the predictions' status index
# (open and voided ones are few) or one row.
_PARTS = (
    "SELECT (SELECT COALESCE(MAX(id), 0) FROM verdicts), "
    "(SELECT COALESCE(MAX(id), 0) FROM snapshots), "
    "(SELECT COALESCE(SUM(edits), 0) FROM ledger_edits), "
    "(SELECT COALESCE(MAX(id), 0) FROM counterexample_reviews), "
    "(SELECT COALESCE(MAX(id), 0) FROM outbox_events), "
    f"(SELECT value FROM kv WHERE key = '{FORGOTTEN_COUNT}'), "
    "(SELECT COALESCE(MAX(id), 0) FROM predictions), "
    "(SELECT COUNT(*) FROM predictions WHERE status = 'open'), "
    "(SELECT COUNT(*) FROM predictions WHERE status = 'voided')"
)


def content_version(db: sqlite_utils.Database) -> str:
    """A short tag naming the state of everything the web pages show (indexed maxima,
    small counts and one row: tens of microseconds)."""
    parts = db.execute(_PARTS).fetchone()
    return short_digest(repr(parts), 8).hex()
