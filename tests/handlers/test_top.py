"""/top and the standings behind `main.py top`, with a small catalog of their own (the
shipped catalog is built elsewhere)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance
from feeds import arena
from handlers.commands import run_text
from handlers.context import Context
from handlers.reply import Tone
from handlers.standings import StandingsError, standings
from storage import Storage
from storage.snapshots import insert_snapshot
from tests.conftest import FIXTURES

LLAMA = ModelInfo(
    key="llama-3-70b-instruct",
    name="Llama 3 70B Instruct",
    family="Llama 3",
    organisation="Meta",
    openness=Fact(Openness.OPEN_WEIGHTS, Provenance.DISCLOSED, "test"),
    params_total=Fact(70_000_000_000, Provenance.DISCLOSED, "test"),
    released=Fact(date(2024, 4, 18), Provenance.DISCLOSED, "test"),
)
NEMOTRON = ModelInfo(
    key="nemotron-4-340b",
    name="Nemotron-4 340B",
    family="Nemotron",
    openness=Fact(Openness.OPEN_WEIGHTS, Provenance.DISCLOSED, "test"),
    params_total=Fact(340_000_000_000, Provenance.DISCLOSED, "test"),
    params_active=Fact(340_000_000_000, Provenance.DISCLOSED, "test"),
)
CATALOG = Catalog([LLAMA, NEMOTRON], {"arena:nemotron-4-340b-instruct": "nemotron-4-340b"})


@pytest.fixture
async def loaded(storage: Storage) -> Storage:
    raw = (FIXTURES / "arena" / "lmsys_2024-06-19.csv").read_bytes()
    for snap in arena.parse(raw, datetime(2024, 6, 19, tzinfo=UTC), "lmsys_2024-06-19.csv"):
        await storage.call(insert_snapshot, snap)
    return storage


@pytest.fixture
def top_ctx(ctx: Context, loaded: Storage) -> Context:
    return dataclasses.replace(ctx, services=dataclasses.replace(ctx.services, catalog=CATALOG))


async def test_standings_json_uses_the_catalog_then_the_listing(loaded: Storage) -> None:
    found = await standings(loaded, CATALOG, "arena", limit=25)
    listing = found.to_json()
    assert (listing["snapshot"], listing["category"]) == ("2024-06-19", "overall")
    by_key = {e["key"]: e for e in listing["entries"]}
    llama = by_key["llama-3-70b-instruct"]
    assert (llama["openness"], llama["params_total"], llama["released"]) == (
        "open_weights",
        70_000_000_000,
        "2024-04-18",
    )
    assert by_key["nemotron-4-340b-instruct"]["params_total"] == 340_000_000_000
    # Not in the catalog: the listing's licence decides openness; size stays unknown.
    gpt4o = listing["entries"][0]
    assert (gpt4o["key"], gpt4o["openness"], gpt4o["params_total"]) == (
        "gpt-4o-2024-05-13",
        "proprietary",
        None,
    )
    assert by_key["command-r+"]["openness"] == "open_weights"  # CC-BY-NC-4.0


async def test_standings_errors_say_what_exists(loaded: Storage) -> None:
    with pytest.raises(StandingsError, match=r"no leaderboard 'lmsys'\. Choose one of arena"):
        await standings(loaded, CATALOG, "lmsys")
    with pytest.raises(StandingsError, match=r"no snapshot of livebench is stored yet\."):
        await standings(loaded, CATALOG, "livebench")
    with pytest.raises(StandingsError, match="on or before 2024-01-01"):
        await standings(loaded, CATALOG, "arena", at=date(2024, 1, 1))


async def test_top_command_lists_ten_with_openness_and_size(top_ctx: Context) -> None:
    reply = await run_text(top_ctx, "/top")
    assert reply.tone is Tone.INFO
    assert reply.title == "LMArena text leaderboard · overall · 2024-06-19"
    lines = reply.text.splitlines()
    assert len(lines) == 10
    assert lines[0] == "1. GPT-4o-2024-05-13 — 1287 · proprietary · size unknown"
    assert reply.footer.startswith("Data as of 2024-06-19 (the snapshot shown).")
    more = await run_text(top_ctx, "/top arena overall")
    assert more.text == reply.text


async def test_top_shows_catalog_sizes(top_ctx: Context, loaded: Storage) -> None:
    raw = (FIXTURES / "arena" / "lmsys_2024-06-19.csv").read_bytes()
    # Only the open models, to see them within the top 10.
    open_only = b"\n".join(line for line in raw.split(b"\n") if b"Proprietary" not in line)
    for snap in arena.parse(open_only, datetime(2024, 6, 20, tzinfo=UTC), "lmsys_2024-06-20.csv"):
        await loaded.call(insert_snapshot, snap)
    reply = await run_text(top_ctx, "/top arena")
    assert "11. Nemotron-4-340B-Instruct — 1208 · open weights · 340B params" in reply.text
    assert "12. Llama-3-70b-Instruct — 1207 · open weights · 70B params" in reply.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "/top lmsys",
            "there is no leaderboard 'lmsys'. Choose one of arena, open-llm-v1, "
            "open-llm-v2, epoch-eci, mmlu, livebench, helm-lite.",
        ),
        ("/top arena poetry", "Arena has no category 'poetry'. Categories: overall."),
        ("/top livebench", "No snapshot of livebench is stored yet."),
        ("/top arena " + "x" * 200, "too long"),
        ("/top arena @everyone", "no category '@everyone'"),
    ],
)
async def test_top_bad_input_is_a_clear_error(top_ctx: Context, line: str, expected: str) -> None:
    reply = await run_text(top_ctx, line)
    assert reply.tone is Tone.ERROR and expected in reply.text
