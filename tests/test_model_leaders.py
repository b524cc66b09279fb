"""Every model that was ever #1, or the best open model, of any leaderboard category in the
bundled history is answered by `/model` (and `main.py model`): openness and a date, each
fact with its provenance. Runs on the shipped catalog and bundle (no ../shared needed)."""

from __future__ import annotations

import pytest

from catalog import Fact, ModelInfo, Openness, load_catalog
from handlers.commands.model import find_model, listed_model
from handlers.commands.registry import UsageError
from storage import connect
from storage.history import load_bundle
from storage.listings import find_listing
from storage.snapshots import load_snapshot, snapshot_index

OPEN = {Openness.OSI, Openness.OPEN_WEIGHTS}
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def db():
    db = connect(":memory:")
    assert load_bundle(db) > 100
    return db


@pytest.fixture(scope="module")
def leaders(db) -> dict[str, tuple[str, str]]:
    """Model key → (leaderboard, category) where it was #1 or the best open model."""
    found: dict[str, tuple[str, str]] = {}
    for ref in snapshot_index(db):
        snap = load_snapshot(db, ref.id)
        ranked = sorted(snap.entries, key=lambda e: (-e.score, e.rank))
        if not ranked:
            continue
        best_open = next(
            (
                e
                for e in ranked
                if CATALOG.describe(
                    e.model_key, e.display_name, snap.leaderboard, e.meta
                ).openness.value
                in OPEN
            ),
            None,
        )
        for e in filter(None, (ranked[0], best_open)):
            found.setdefault(e.model_key, (snap.leaderboard, snap.category))
    return found


def lookup(db, name: str) -> ModelInfo:
    """As /model answers: the catalog, else the newest stored listing."""
    try:
        return find_model(CATALOG, name)
    except UsageError:
        listing = find_listing(db, name)
        assert listing is not None, f"/model {name}: neither the catalog nor a listing"
        return listed_model(CATALOG, listing)


def _with_provenance(fact: Fact) -> bool:
    return fact.known and bool(fact.source) and fact.provenance.value != "unknown"


def test_there_are_many_leaders_across_every_leaderboard(leaders) -> None:
    boards = {board for board, _ in leaders.values()}
    assert {
        "arena",
        "open-llm-v1",
        "open-llm-v2",
        "epoch-eci",
        "mmlu",
        "livebench",
        "helm-lite",
    } <= boards
    assert len(leaders) > 50


def test_every_leader_is_answered_with_openness_and_a_date_with_provenance(db, leaders) -> None:
    missing = []
    for name, (board, category) in sorted(leaders.items()):
        info = lookup(db, name)
        for label, fact in (("openness", info.openness), ("released", info.released)):
            if not _with_provenance(fact):
                missing.append(f"{name} ({board} {category}): {label}")
        for fact in (info.params_total, info.params_active):
            assert not fact.known or _with_provenance(fact), name
    assert not missing, "\n".join(missing)
