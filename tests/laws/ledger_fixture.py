"""A small stored history whose verdicts every status test can rely on."""

from __future__ import annotations

from datetime import UTC, datetime

from catalog import Catalog, Openness, Provenance
from handlers.ledger import recompute_ledger
from storage import transaction
from storage.snapshots import insert_snapshot
from tests.laws.builders import WEIGHTS, entry, model, snapshot

NOW = datetime(2024, 9, 15, tzinfo=UTC)
B = 10**9
CATALOG = Catalog(
    [
        model("gpt-4", released="2023-03-14", total=1800 * B, total_prov=Provenance.ESTIMATED),
        model("claude", released="2023-07-11"),
        model("llama-70b", openness=Openness.OPEN_WEIGHTS, released="2023-07-18", total=70 * B),
        model("mixtral", openness=Openness.OSI, released="2023-12-11", total=47 * B, active=13 * B),
        model("llama-405b", openness=Openness.OPEN_WEIGHTS, released="2024-07-23", total=405 * B),
    ],
    {},
)


def arena_snapshot():
    return snapshot(
        "2024-09-01",
        entry(
            "llama-405b",
            1266,
            4,
            licence=WEIGHTS,
            scores={"MMLU": 88.6, "GSM8K": 96.8, "HumanEval": 89.0},
        ),
        entry("gpt-4", 1251, 3, scores={"MMLU": 86.4, "GSM8K": 92.0, "HumanEval": 67.0}),
        entry("claude", 1160, 5),
        entry("mixtral", 1114, 4, scores={"MMLU": 70.6, "GSM8K": 74.4, "HumanEval": 40.2}),
        entry("llama-70b", 1093, 4, scores={"MMLU": 68.9, "GSM8K": 56.8, "HumanEval": 29.9}),
    )


def open_only_snapshot():
    return snapshot(
        "2024-09-01",
        entry("mixtral", 70.6, licence="Apache 2.0", released="2023-12-11", params_b="46.7"),
        entry("llama-70b", 68.9, licence=WEIGHTS, released="2023-07-18", params_b="70"),
        leaderboard="open-llm",
        category="overall",
    )


def fill(db) -> None:
    with transaction(db):
        insert_snapshot(db, arena_snapshot())
        insert_snapshot(db, open_only_snapshot())
    recompute_ledger(db, CATALOG, _settings(), NOW, "test history")


def _settings():
    from laws.settings import LawsConfig

    return LawsConfig()
