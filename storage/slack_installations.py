"""Slack OAuth installations, bots and install `state` values (many-workspace mode).

Rows hold slack_sdk's own Installation / Bot attributes as JSON, so bolt gets back exactly
what it saved. An absent enterprise, team or user id is stored as ''.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from storage.transaction import transaction


def save_installation(
    db: sqlite_utils.Database,
    enterprise_id: str,
    team_id: str,
    user_id: str,
    installed_at: float,
    installation: dict[str, Any],
    bot: dict[str, Any] | None,
) -> None:
    """Store (replace) an installation and, when it carries a bot token, its bot."""
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO slack_installations "
            "(enterprise_id, team_id, user_id, installed_at, data) VALUES (?, ?, ?, ?, ?)",
            [enterprise_id, team_id, user_id, installed_at, json.dumps(installation)],
        )
        if bot is not None:
            _save_bot(db, enterprise_id, team_id, installed_at, bot)


def save_bot(
    db: sqlite_utils.Database,
    enterprise_id: str,
    team_id: str,
    installed_at: float,
    bot: dict[str, Any],
) -> None:
    """Store (replace) a workspace's bot as slack_sdk's Bot attributes, for bolt's
    `async_save_bot` (bot/slack/installations.py)."""
    with transaction(db):
        _save_bot(db, enterprise_id, team_id, installed_at, bot)


def _save_bot(
    db: sqlite_utils.Database,
    enterprise_id: str,
    team_id: str,
    installed_at: float,
    bot: dict[str, Any],
) -> None:
    db.execute(
        "INSERT OR REPLACE INTO slack_bots (enterprise_id, team_id, installed_at, data) "
        "VALUES (?, ?, ?, ?)",
        [enterprise_id, team_id, installed_at, json.dumps(bot)],
    )


def find_bot(db: sqlite_utils.Database, enterprise_id: str, team_id: str) -> dict | None:
    """The workspace's bot as saved (slack_sdk's Bot attributes), or None when the app is not
    installed there: for bolt's `async_find_bot`, which the Slack delivery uses to find the
    token it posts with."""
    row = db.execute(
        "SELECT data FROM slack_bots WHERE enterprise_id = ? AND team_id = ?",
        [enterprise_id, team_id],
    ).fetchone()
    return json.loads(row[0]) if row else None


def find_installation(
    db: sqlite_utils.Database, enterprise_id: str, team_id: str, user_id: str | None
) -> dict | None:
    """The installation by this user, or (user_id None) the latest in the workspace."""
    sql = "SELECT data FROM slack_installations WHERE enterprise_id = ? AND team_id = ?"
    args: list[str] = [enterprise_id, team_id]
    if user_id is not None:
        sql += " AND user_id = ?"
        args.append(user_id)
    row = db.execute(sql + " ORDER BY installed_at DESC LIMIT 1", args).fetchone()
    return json.loads(row[0]) if row else None


def delete_bot(db: sqlite_utils.Database, enterprise_id: str, team_id: str) -> None:
    """Forget the workspace's bot, for bolt's `async_delete_bot`; its installations stay
    (`delete_installations` removes those)."""
    db.execute(
        "DELETE FROM slack_bots WHERE enterprise_id = ? AND team_id = ?", [enterprise_id, team_id]
    )


def delete_installations(
    db: sqlite_utils.Database, enterprise_id: str, team_id: str, user_id: str | None
) -> None:
    """Delete this user's installation, or (user_id None) every one in the workspace."""
    sql = "DELETE FROM slack_installations WHERE enterprise_id = ? AND team_id = ?"
    args: list[str] = [enterprise_id, team_id]
    if user_id is not None:
        sql += " AND user_id = ?"
        args.append(user_id)
    db.execute(sql, args)


def issue_state(db: sqlite_utils.Database, state: str, expires_at: float, now: float) -> None:
    """Remember a new state value (and forget the expired ones)."""
    with transaction(db):
        db.execute("DELETE FROM slack_oauth_states WHERE expires_at < ?", [now])
        db.execute(
            "INSERT INTO slack_oauth_states (state, expires_at) VALUES (?, ?)", [state, expires_at]
        )


def consume_state(db: sqlite_utils.Database, state: str, now: float) -> bool:
    """True once for a state issued and not expired; it cannot be used again."""
    with transaction(db):
        row = db.execute(
            "SELECT expires_at FROM slack_oauth_states WHERE state = ?", [state]
        ).fetchone()
        db.execute("DELETE FROM slack_oauth_states WHERE state = ?", [state])
    return row is not None and row[0] >= now
