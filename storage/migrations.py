"""Versioned schema. Each migration has a unique, sortable name and runs once, in name
order, inside its own transaction; the applied names are kept in `schema_migrations`.

Migrations write plain SQL through `db.execute`: sqlite-utils' table helpers commit on
their own and would break the one-transaction guarantee.

Names (not one integer) identify migrations so features developed side by side can each
add theirs without renumbering. To change the schema, append a migration: never edit one
that has shipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from storage.ledger import encode_evidence, signature_digest
from storage.snapshots import rehash_stored
from storage.transaction import transaction


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite_utils.Database], None]
    # Rebuild the file once the migrations are applied (VACUUM, outside any transaction):
    # for one that frees most of an existing database, which SQLite would otherwise keep
    # as free pages at the file's full size.
    vacuum_after: bool = False


def _0001_ledger(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT)")
    # One row per verdict ever computed; `current` marks the latest for its
    # (law, leaderboard, category, period). A changed verdict is added, never overwritten.
    db.execute(
        """CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY,
            law TEXT NOT NULL,
            leaderboard TEXT NOT NULL,
            category TEXT NOT NULL,
            period TEXT NOT NULL,
            status TEXT NOT NULL,
            lag_months INTEGER,
            evidence TEXT NOT NULL DEFAULT '{}',
            definition TEXT NOT NULL DEFAULT '',
            computed_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            current INTEGER NOT NULL DEFAULT 1
        )"""
    )
    db.execute(
        "CREATE INDEX verdicts_current ON verdicts (law, current, leaderboard, category, period)"
    )


def _0002_snapshots(db: sqlite_utils.Database) -> None:
    # A snapshot is one leaderboard category at one date. `content_hash` covers the date and
    # the entries, so re-fetching an unchanged feed stores nothing.
    db.execute(
        """CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            leaderboard TEXT NOT NULL,
            category TEXT NOT NULL,
            snapshot_date TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            imported INTEGER NOT NULL DEFAULT 0,
            UNIQUE (leaderboard, category, content_hash)
        )"""
    )
    db.execute("CREATE INDEX snapshots_by_date ON snapshots (leaderboard, category, snapshot_date)")
    db.execute(
        """CREATE TABLE entries (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
            rank INTEGER NOT NULL,
            model_key TEXT NOT NULL,
            display_name TEXT NOT NULL,
            score REAL NOT NULL,
            ci_low REAL,
            ci_high REAL,
            votes INTEGER,
            scores TEXT NOT NULL DEFAULT '{}',
            meta TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (snapshot_id, model_key)
        ) WITHOUT ROWID"""
    )


def _0003_feeds_state(db: sqlite_utils.Database) -> None:
    # One row per leaderboard: the validators of the last good fetch (and the URL they
    # belong to), and when it last succeeded, failed and was checked.
    db.execute(
        """CREATE TABLE feed_state (
            leaderboard TEXT PRIMARY KEY,
            url TEXT,
            etag TEXT,
            last_modified TEXT,
            last_success_at TEXT,
            last_error_at TEXT,
            last_error TEXT,
            last_checked_at TEXT
        )"""
    )


def _0004_ledger_history(db: sqlite_utils.Database) -> None:
    # `signature` says what makes a verdict a different entry (laws.ledger.signature);
    # `previous_status` and `superseded_at` keep the when and why of every change.
    db.execute("ALTER TABLE verdicts ADD COLUMN signature TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE verdicts ADD COLUMN previous_status TEXT")
    db.execute("ALTER TABLE verdicts ADD COLUMN superseded_at TEXT")
    db.execute(
        "CREATE UNIQUE INDEX verdicts_one_current ON verdicts "
        "(law, leaderboard, category, period) WHERE current = 1"
    )


def _0005_outbox(db: sqlite_utils.Database) -> None:
    # Who receives what: one row per (platform, channel, leaderboard); leaderboard '*' is
    # every leaderboard; `laws` adds the ledger's verdict changes. A destination that can
    # never receive again is disabled (enabled = 0) with the reason, not deleted.
    db.execute(
        """CREATE TABLE subscriptions (
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            leaderboard TEXT NOT NULL,
            laws INTEGER NOT NULL DEFAULT 0,
            enabled INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            disabled_reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (platform, channel_id, leaderboard)
        )"""
    )
    # Events are written in the transaction that revealed them, together with one delivery
    # row per destination; a delivery is 'done' only once the platform confirmed it.
    db.execute(
        """CREATE TABLE outbox_events (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            leaderboard TEXT,
            payload TEXT NOT NULL,
            snapshot_id INTEGER REFERENCES snapshots (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT NOT NULL DEFAULT '',
            message_id TEXT,
            finished_at TEXT,
            UNIQUE (event_id, platform, channel_id)
        )"""
    )
    db.execute("CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)")
    # The established leader of each leaderboard category (a cache of replaying detection
    # over its snapshots; rebuilt from them whenever it is not up to date).
    db.execute(
        """CREATE TABLE leaders (
            leaderboard TEXT NOT NULL,
            category TEXT NOT NULL,
            snapshot_id INTEGER NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (leaderboard, category)
        )"""
    )


def _0007_slack_installations(db: sqlite_utils.Database) -> None:
    # Slack workspaces that installed the app through the OAuth flow (many-workspace mode).
    # `data` is the slack_sdk Installation / Bot as JSON; '' stands for an absent id so the
    # keys stay unique. One installation per (org, workspace, installing user), one bot per
    # (org, workspace).
    db.execute(
        """CREATE TABLE slack_installations (
            enterprise_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            installed_at REAL NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, user_id)
        )"""
    )
    db.execute(
        """CREATE TABLE slack_bots (
            enterprise_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            installed_at REAL NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id)
        )"""
    )
    # OAuth `state` values issued by /slack/install, each usable once before it expires.
    db.execute("CREATE TABLE slack_oauth_states (state TEXT PRIMARY KEY, expires_at REAL NOT NULL)")


def _0008_counterexamples(db: sqlite_utils.Database) -> None:
    # A submission's text columns hold what the user typed, unchanged. `status` changes only
    # through a review; every review action is a row in counterexample_reviews.
    db.execute(
        """CREATE TABLE counterexamples (
            id INTEGER PRIMARY KEY,
            law TEXT NOT NULL,
            claim TEXT NOT NULL,
            models TEXT NOT NULL,
            evidence TEXT NOT NULL,
            snapshot TEXT NOT NULL DEFAULT '',
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'rejected')),
            check_outcome TEXT NOT NULL,
            check_summary TEXT NOT NULL,
            check_figures TEXT NOT NULL DEFAULT '[]'
        )"""
    )
    db.execute(
        "CREATE INDEX counterexamples_by_user ON counterexamples (platform, user_id, submitted_at)"
    )
    db.execute("CREATE INDEX counterexamples_by_law ON counterexamples (law, status)")
    db.execute(
        """CREATE TABLE counterexample_reviews (
            id INTEGER PRIMARY KEY,
            counterexample_id INTEGER NOT NULL REFERENCES counterexamples (id),
            action TEXT NOT NULL CHECK (action IN ('accepted', 'rejected')),
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )"""
    )


def _0009_content_hash_v2(db: sqlite_utils.Database) -> None:
    # content_hash v2 hashes the entries as stored (orjson, numbers formatted once): every
    # stored snapshot gets its hash again, so re-fetching one already stored still stores
    # nothing. (It computes what storage.snapshots.content_hash computes today.)
    rehash_stored(db)


def _0010_delivery_first_attempt(db: sqlite_utils.Database) -> None:
    # When the first attempt of a delivery began: any attempt since may have reached the
    # platform, and a platform without an idempotency key (Slack) looks for what it
    # posted since then before posting again.
    db.execute("ALTER TABLE deliveries ADD COLUMN first_attempt_at TEXT")


def _0011_compact_verdicts(db: sqlite_utils.Database) -> None:
    # Verdicts took 83 % of a new database (2.9 KB a row, one row a page): the definition
    # (4 distinct texts) is now stored once, in verdict_definitions (id 0 is the empty
    # one, the default); the signature is 16 bytes of BLAKE2b (storage.ledger.
    # signature_digest); evidence is JSON, zlib-compressed (a BLOB) when that is shorter.
    # The table is rebuilt (SQLite cannot change a column's type), keeping every id.
    db.execute(
        "CREATE TABLE verdict_definitions (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)"
    )
    db.execute("INSERT INTO verdict_definitions (id, text) VALUES (0, '')")
    db.execute(
        """CREATE TABLE verdicts_compact (
            id INTEGER PRIMARY KEY,
            law TEXT NOT NULL,
            leaderboard TEXT NOT NULL,
            category TEXT NOT NULL,
            period TEXT NOT NULL,
            status TEXT NOT NULL,
            lag_months INTEGER,
            evidence BLOB NOT NULL DEFAULT '{}',
            definition_id INTEGER NOT NULL DEFAULT 0 REFERENCES verdict_definitions (id),
            computed_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            current INTEGER NOT NULL DEFAULT 1,
            signature BLOB NOT NULL DEFAULT X'',
            previous_status TEXT,
            superseded_at TEXT
        )"""
    )
    db.execute(
        "INSERT INTO verdict_definitions (text) SELECT DISTINCT definition "
        "FROM verdicts WHERE definition != '' ORDER BY definition"
    )
    ids = {text: id_ for id_, text in db.execute("SELECT id, text FROM verdict_definitions")}
    old = db.execute(
        "SELECT id, law, leaderboard, category, period, status, lag_months, evidence, "
        "definition, computed_at, reason, current, signature, previous_status, superseded_at "
        "FROM verdicts ORDER BY id"
    )
    # An empty signature stays empty (a row written by hand), as it compared before.
    db.conn.executemany(
        "INSERT INTO verdicts_compact VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                *r[:7],
                encode_evidence(json.loads(r[7] or "{}")),
                ids[r[8]],
                *r[9:12],
                signature_digest(r[12]) if r[12] else b"",
                *r[13:],
            )
            for r in old
        ),
    )
    db.execute("DROP TABLE verdicts")
    db.execute("ALTER TABLE verdicts_compact RENAME TO verdicts")
    db.execute(
        "CREATE INDEX verdicts_current ON verdicts (law, current, leaderboard, category, period)"
    )
    db.execute(
        "CREATE UNIQUE INDEX verdicts_one_current ON verdicts "
        "(law, leaderboard, category, period) WHERE current = 1"
    )


def _0012_feed_state_body_digest(db: sqlite_utils.Database) -> None:
    # The SHA-256 of the last good response body: a poll that downloads the same bytes
    # again stops before parsing them. NULL (parse once more) for feeds polled before.
    db.execute("ALTER TABLE feed_state ADD COLUMN body_digest TEXT")


def _0013_ledger_inputs(db: sqlite_utils.Database) -> None:
    # The ledger recomputes only the scopes whose inputs changed: `ledger_inputs` keeps the
    # fingerprint each scope was last computed from (handlers.ledger.update_ledger), and
    # `ledger_edits` counts edits of stored entries (listing facts refreshed in place), which
    # leave the snapshot rows as they were. Stored snapshots are fingerprinted directly.
    db.execute("""CREATE TABLE ledger_inputs (
        leaderboard TEXT NOT NULL, category TEXT NOT NULL, fingerprint TEXT NOT NULL,
        PRIMARY KEY (leaderboard, category)) WITHOUT ROWID""")
    db.execute("""CREATE TABLE ledger_edits (
        leaderboard TEXT NOT NULL, category TEXT NOT NULL, edits INTEGER NOT NULL,
        PRIMARY KEY (leaderboard, category)) WITHOUT ROWID""")
    for event, row in (("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(f"""CREATE TRIGGER ledger_edits_on_entry_{event.lower()}
            AFTER {event} ON entries BEGIN
            INSERT INTO ledger_edits (leaderboard, category, edits)
            SELECT leaderboard, category, 1 FROM snapshots WHERE id = {row}.snapshot_id
            ON CONFLICT (leaderboard, category) DO UPDATE SET edits = edits + 1;
            END""")


def _0014_predictions(db: sqlite_utils.Database) -> None:
    # Community predictions. `claim` is the text form as the author typed it (or as their
    # form's fields put it), unchanged; `canonical`, `sentence` and `fields` are the parsed
    # claim (predictions.claims.Claim). `status` leaves 'open' once: to 'yes' or 'no' by
    # resolution (with `outcome`, `resolved_on`, `evidence`, written in the transaction
    # that enqueues its announcement), to 'withdrawn' by its author; any but 'withdrawn'
    # may become 'voided' by a moderator, which keeps the resolution's columns.
    db.execute(
        """CREATE TABLE predictions (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            stated_at TEXT NOT NULL,
            claim TEXT NOT NULL,
            canonical TEXT NOT NULL,
            sentence TEXT NOT NULL,
            template TEXT NOT NULL,
            leaderboard TEXT NOT NULL,
            category TEXT NOT NULL,
            deadline TEXT NOT NULL,
            fields TEXT NOT NULL,
            confidence INTEGER CHECK (confidence IS NULL OR confidence BETWEEN 1 AND 99),
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'yes', 'no', 'withdrawn', 'voided')),
            outcome TEXT CHECK (outcome IS NULL OR outcome IN ('YES', 'NO')),
            resolved_on TEXT,
            resolved_at TEXT,
            evidence TEXT NOT NULL DEFAULT '{}',
            withdrawn_at TEXT,
            void_reason TEXT NOT NULL DEFAULT '',
            void_platform TEXT NOT NULL DEFAULT '',
            void_user_id TEXT NOT NULL DEFAULT '',
            void_user_name TEXT NOT NULL DEFAULT '',
            voided_at TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX predictions_by_user ON predictions (platform, user_id, stated_at)")
    db.execute("CREATE INDEX predictions_by_status ON predictions (status, leaderboard, category)")
    # A channel subscribed with `predictions` is told of each prediction that resolves.
    db.execute("ALTER TABLE subscriptions ADD COLUMN predictions INTEGER NOT NULL DEFAULT 0")


def _0015_content_hash_v3(db: sqlite_utils.Database) -> None:
    # content_hash v3 hashes the rows apart from the leaderboard, category and date, so a
    # poll compares a new snapshot with the latest stored one (of another date) and stores
    # it with its rows hashed once: every stored snapshot gets its hash again. (It computes
    # what storage.snapshots.content_hash computes today.)
    rehash_stored(db)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_ledger", _0001_ledger),
    Migration("0002_snapshots", _0002_snapshots),
    Migration("0003_feeds_state", _0003_feeds_state),
    Migration("0004_ledger_history", _0004_ledger_history),
    Migration("0005_outbox", _0005_outbox),
    Migration("0007_slack_installations", _0007_slack_installations),
    Migration("0008_counterexamples", _0008_counterexamples),
    Migration("0009_content_hash_v2", _0009_content_hash_v2),
    Migration("0010_delivery_first_attempt", _0010_delivery_first_attempt),
    Migration("0011_compact_verdicts", _0011_compact_verdicts, vacuum_after=True),
    Migration("0012_feed_state_body_digest", _0012_feed_state_body_digest),
    Migration("0013_ledger_inputs", _0013_ledger_inputs),
    Migration("0014_predictions", _0014_predictions),
    Migration("0015_content_hash_v3", _0015_content_hash_v3),
)


def migrate(db: sqlite_utils.Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply every migration not applied yet; return the names applied now."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for migration in sorted(migrations, key=lambda m: m.name):
        if migration.name in done:
            continue
        with transaction(db):
            migration.apply(db)
            db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                [migration.name, datetime.now(UTC).isoformat(timespec="seconds")],
            )
        applied.append(migration)
    if any(m.vacuum_after for m in applied):
        db.execute("VACUUM")
    return [m.name for m in applied]


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """The names of the applied migrations, oldest first."""
    return [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY name")]
