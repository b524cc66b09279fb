"""The JSON API: the command line's shapes (the ledger equal to `main.py ledger --json`,
top and model equal to `top --json` and `model --json`), the public part of announcements
and counterexamples, and 400s whose JSON names the parameter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer

from catalog import Catalog
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env
from tests.web.seeded import HOSTILE_CATEGORY, SCRIPT, services_over, site_app


def cli(db: Path, *args: str) -> object:
    """`main.py ARGS` in its own process over the database at `db`, its JSON parsed."""
    done = subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=minimal_env(LAWKEEPER_DB=str(db)),
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def api(db: Path, catalog: Catalog, path: str) -> object:
    async with (
        services_over(db, catalog) as services,
        TestClient(TestServer(site_app(services))) as client,
    ):
        response = await client.get(path)
        assert response.status == 200, await response.text()
        assert response.content_type == "application/json"
        return await response.json()


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"law": "2", "leaderboard": "arena"},
        {"law": "3", "category": "overall"},
        {"leaderboard": "arena", "category": HOSTILE_CATEGORY},
    ],
)
async def test_the_ledger_equals_main_py_ledger_json(
    web_db: Path, web_catalog: Catalog, filters: dict[str, str]
) -> None:
    # main.py first: it brings the ledger up to date with this month, as the bot does at
    # start; the API then reads the same database.
    expected = cli(
        web_db, "ledger", "--json", *(x for k, v in filters.items() for x in (f"--{k}", v))
    )
    got = await api(
        web_db, web_catalog, "/api/v1/ledger" + (f"?{urlencode(filters)}" if filters else "")
    )
    assert got == expected
    assert got, "the filters select something"
    assert {tuple(sorted(row)) for row in got} == {
        ("category", "evidence", "lag_months", "law", "leaderboard", "period", "status")
    }


async def test_top_and_model_equal_the_command_line(web_db: Path, web_catalog: Catalog) -> None:
    top = cli(
        web_db, "top", "--leaderboard", "arena", "--at", "2024-06-01", "--limit", "5", "--json"
    )
    assert await api(web_db, web_catalog, "/api/v1/top/arena?at=2024-06-01&limit=5") == top
    assert len(top["entries"]) == 5 and top["snapshot"] <= "2024-06-01"
    model = cli(web_db, "model", "Qwen/Qwen2.5-72B-Instruct", "--json")
    assert model["key"]
    for path in (
        "/api/v1/models/Qwen%2FQwen2.5-72B-Instruct",
        "/api/v1/models/Qwen/Qwen2.5-72B-Instruct",
    ):
        assert await api(web_db, web_catalog, path) == model


async def test_counterexamples_are_the_accepted_ones_without_private_data(client) -> None:
    response = await client.get("/api/v1/counterexamples")
    [shown] = await response.json()
    assert shown["id"] == 1 and shown["law"] == "2"
    assert shown["claim"].startswith(SCRIPT)  # data as stored: JSON is not markup
    assert shown["credited_to"] == {"name": "@everyone <!channel>", "platform": "discord"}
    assert shown["page"] == "/counterexamples/1"
    text = json.dumps(shown)
    for private in (
        "1234567890",
        "C-private-channel",
        "moderator-name-private",
        "the reason is private",
    ):
        assert private not in text
    assert await (await client.get("/api/v1/counterexamples?law=1")).json() == []


async def test_announcements_show_the_public_payload_with_its_page(client, web_services) -> None:
    from datetime import UTC, datetime

    from handlers.events import COUNTEREXAMPLE_ACCEPTED, VERDICT_CHANGE
    from storage.outbox import enqueue

    def queue(db) -> None:
        now = datetime(2026, 1, 2, tzinfo=UTC)
        enqueue(
            db,
            VERDICT_CHANGE,
            {
                "law": "2",
                "leaderboard": "arena",
                "category": "overall",
                "period": "2025-12",
                "old_status": "HOLDS",
                "new_status": "BROKEN",
                "reason": "r",
                "data_as_of": "2025-12-11",
            },
            now=now,
        )
        enqueue(
            db,
            COUNTEREXAMPLE_ACCEPTED,
            {
                "id": 1,
                "law": "2",
                "claim": "c",
                "user_name": "ann",
                "platform": "slack",
                "accepted_by": "moderator-name-private",
                "accepted_at": "2026-01-02",
            },
            now=now,
        )

    await web_services.storage.call(queue)
    events = await (await client.get("/api/v1/announcements")).json()
    assert [(e["kind"], e["page"]) for e in events] == [
        ("counterexample_accepted", "/counterexamples/1"),
        ("verdict_change", "/law/2/arena/overall/2025-12"),
    ]
    assert "moderator-name-private" not in json.dumps(events)
    assert events[1]["payload"]["new_status"] == "BROKEN"
    one = await (await client.get("/api/v1/announcements?leaderboard=arena&limit=1")).json()
    assert [e["kind"] for e in one] == ["verdict_change"]


@pytest.mark.parametrize(
    ("path", "parameter", "says"),
    [
        ("/api/v1/ledger?law=7", "law", "expected one of 1, 2, 3, 3a, 3b, got '7'"),
        ("/api/v1/ledger?leaderboard=nowhere", "leaderboard", "expected one of arena,"),
        ("/api/v1/ledger?category=" + "x" * 201, "category", "expected 1 to 200 characters"),
        ("/api/v1/ledger?lwa=2", "lwa", "Unknown parameter 'lwa'"),
        ("/api/v1/ledger?law=1&law=2", "law", "given more than once"),
        ("/api/v1/top/arena?at=2024-13-01", "at", "expected a date YYYY-MM-DD"),
        ("/api/v1/top/arena?limit=0", "limit", "expected a whole number from 1 to 1000"),
        ("/api/v1/top/arena?limit=%C2%B2", "limit", "expected a whole number"),
        (
            "/api/v1/top/arena?category=" + quote("no such"),
            "category",
            "arena has no category 'no such'",
        ),
        ("/api/v1/announcements?limit=x", "limit", "expected a whole number from 1 to 200"),
        ("/api/v1/counterexamples?law=3a", "law", "expected one of 1, 2, 3"),
    ],
)
async def test_bad_parameters_are_a_400_naming_them(
    client, path: str, parameter: str, says: str
) -> None:
    response = await client.get(path)
    assert response.status == 400
    body = await response.json()
    assert body["parameter"] == parameter and body["status"] == 400
    assert says in body["error"]


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/api/v1/top/nowhere", "There is no leaderboard 'nowhere'"),
        (
            "/api/v1/top/arena?at=2001-01-01",
            "No snapshot of arena (overall) on or before 2001-01-01",
        ),
        ("/api/v1/models/no-such-model-at-all-xyz", "I don't know a model called"),
        ("/api/v1/nothing", "There is no page at this address."),
    ],
)
async def test_unknown_things_are_a_json_404(client, path: str, says: str) -> None:
    response = await client.get(path)
    assert response.status == 404
    assert says in (await response.json())["error"]


async def test_the_index_lists_the_endpoints(client) -> None:
    endpoints = (await (await client.get("/api/v1")).json())["endpoints"]
    assert "/api/v1/ledger?law=&leaderboard=&category=" in endpoints
