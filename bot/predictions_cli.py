"""`main.py predictions backtest FILE [--json]`: claims stated in the past, resolved
against the bundled and stored history as they would have been live."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.config import Config
from catalog import load_catalog
from feeds.registry import SOURCES
from handlers.ledger import load_histories
from predictions.backtest import BacktestError, read_claims, run, table
from predictions.claims import names_from
from storage import connect
from storage.history import load_bundle
from storage.snapshots import categories


def backtest(
    config: Config, path: Path, as_json: bool, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """0 when every line was a claim (whatever their outcomes), 1 when the file cannot be
    read or a line is not a claim (nothing is resolved then)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"lawkeeper: cannot read {path}: {exc.strerror or exc}", file=err)
        return 1
    catalog = load_catalog()
    db = connect(config.database_path)
    try:
        load_bundle(db)
        names = names_from(
            catalog,
            {s.leaderboard: s.title for s in SOURCES.values()},
            {board: categories(db, board) for board in SOURCES},
        )
        try:
            claims = read_claims(data, names)
        except BacktestError as exc:
            print(f"lawkeeper: {path}: {exc}", file=err)
            return 1
        # Every snapshot of each scope, each judged on its own ("as known then").
        settings = replace(config.laws, snapshot_mode="as_known_then")
        scopes = sorted({(c.claim.leaderboard, c.claim.category) for c in claims})
        histories = (
            {(h.leaderboard, h.category): h for h in load_histories(db, catalog, settings, scopes)}
            if scopes
            else {}
        )
    finally:
        db.conn.close()
    outcomes = run(claims, histories, config.laws)
    if as_json:
        print(json.dumps([o.to_json() for o in outcomes], indent=1, ensure_ascii=False), file=out)
    else:
        print(table(outcomes) if outcomes else "No claims in the file.", file=out)
    return 0
