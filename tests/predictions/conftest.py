"""The bundled real history (feeds/data/history.jsonl.gz, shipped with the project) and the
shipped catalog, read once: every prediction test resolves claims on real figures."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from catalog import Catalog, load_catalog
from feeds.history import read_bundle
from feeds.snapshot import Snapshot
from laws.history import History
from laws.settings import LawsConfig
from predictions.claims import Claim, Names, names_from, parse

SETTINGS = LawsConfig()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def bundle() -> dict[tuple[str, str], list[Snapshot]]:
    scopes: dict[tuple[str, str], list[Snapshot]] = defaultdict(list)
    for s in read_bundle():
        scopes[(s.leaderboard, s.category)].append(s)
    return dict(scopes)


@pytest.fixture(scope="session")
def names(catalog: Catalog, bundle) -> Names:
    categories: dict[str, set[str]] = defaultdict(set)
    for board, category in bundle:
        categories[board].add(category)
    return names_from(catalog, categories=categories)


@pytest.fixture(scope="session")
def histories(catalog: Catalog, bundle) -> dict[tuple[str, str], History]:
    """Every snapshot of each scope, each judged on its own (as known then)."""
    return {scope: History.build(snaps, catalog) for scope, snaps in bundle.items()}


@pytest.fixture(scope="session")
def claim(names: Names):
    def make(text: str, stated: str) -> Claim:
        return parse(text, names=names, today=date.fromisoformat(stated))

    return make
