"""Community predictions on the web: /predictions and /predictions/{n} say what chat's
/predictions and /prediction N say to everyone (nothing more: no ids, no channels), with
the evidence laid out; resolved predictions in the Atom feeds; /api/v1/predictions; and a
cached page that changes as soon as a prediction does. Over the seeded real history with
the predictions of tests/web/seeded_predictions.py."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Config
from bot.predictions_cli import backtest
from catalog import Catalog
from handlers.commands import run_text
from handlers.context import Context, Invoker, Services
from handlers.predictions.record import stated_of
from handlers.text import ZERO_WIDTH_SPACE
from predictions.claims import parse
from storage.personal_data import FORMER_MEMBER, forget
from storage.predictions import insert_prediction, record_resolution, void, withdraw
from storage.settings import StorageConfig
from tests.web.seeded import SCRIPT, services_over, site_app
from tests.web.seeded_predictions import (
    ANN,
    CLAIMS,
    HOSTILE_AUTHOR,
    MODERATOR,
    NO,
    OPEN,
    PRIVATE,
    VOIDED,
    WITHDRAWN,
    YES,
)
from tests.web.test_feeds import assert_valid_atom, entries
from tests.web.test_pages import get_text

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
PAGES = (
    "/predictions",
    *(f"/predictions/{n}" for n in range(1, 6)),
    "/predictions?status=voided",
    "/api/v1/predictions",
    "/feed.atom",
    "/feed/arena.atom",
    "/announcements",
    "/api/v1/announcements",
)


async def chat(services: Services, line: str) -> object:
    """What chat answers `line` with, asked by someone who stated nothing and moderates
    nothing: what everyone is shown."""
    reply = await run_text(
        Context(services, Invoker("console", "someone-else", "eve", "console"), NOW), line
    )
    assert reply is not None
    return reply


def folded(text: str) -> str:
    return " ".join(text.split())


# --- The pages --------------------------------------------------------------------------------


async def test_the_list_says_what_chat_lists_with_each_status(
    predictions_client, predicted
) -> None:
    page = await get_text(predictions_client, "/predictions")
    listed = await chat(predicted, "/predictions")
    assert [f.name.split(" · ")[0] for f in listed.fields] == ["#5", "#4", "#3", "#2", "#1"]
    for field in listed.fields:
        number, status, deadline = field.name.split(" · ")
        sentence, byline = field.value.split("\n")
        assert (
            f"Prediction {number} {status} {folded(sentence)} {byline} · deadline "
            f"{deadline}" in page
        )
    # Where each stands, as /prediction N says it: a void with its (public) reason.
    for n in range(1, 6):
        status = next(
            f.value
            for f in (await chat(predicted, f"/prediction {n}")).fields
            if f.name == "Status"
        )
        assert f"Status: {folded(status)}" in page
    assert (
        f"voided by <{ZERO_WIDTH_SPACE}!channel> mod on discord, 2026-11-26 04:00 UTC "
        f"(it had resolved YES): a duplicate of #1 @{ZERO_WIDTH_SPACE}everyone "
        f"{SCRIPT}"
    ) in page
    assert "withdrawn by its author, 2026-11-26 03:00 UTC" in page


@pytest.mark.parametrize(
    ("status", "shown"),
    [("open", [OPEN]), ("resolved", [NO, YES]), ("withdrawn", [WITHDRAWN]), ("voided", [VOIDED])],
)
async def test_the_list_filters_by_status(
    predictions_client, status: str, shown: list[int]
) -> None:
    html = await (await predictions_client.get(f"/predictions?status={status}")).text()
    assert [int(n) for n in re.findall(r'<a href="/predictions/(\d+)">', html)] == shown
    assert f'<strong aria-current="page">{status.capitalize()}</strong>' in html


async def test_a_permalink_shows_the_claim_and_its_evidence_with_provenance(
    predictions_client, predicted
) -> None:
    page = await get_text(predictions_client, f"/predictions/{NO}")
    detail = await chat(predicted, f"/prediction {NO}")
    assert f"Prediction #{NO} NO {detail.text}" in page
    # Every field chat shows, in chat's words (the evidence is laid out below instead).
    for field in detail.fields:
        if field.name != "Evidence":
            assert f"{field.name} {folded(field.value)}" in page
    assert folded(detail.footer) in page  # the scope, data as of, the canonical form
    assert (
        "canonical form: leader leaderboard=arena category=overall openness=open by=2024-12-31"
    ) in page
    # The reason, the deciding snapshot and the one past the deadline, with source files.
    assert (
        "Evidence none of the 71 snapshot(s) dated after 2024-01-01 and by 2024-12-31 "
        "satisfies the claim"
    ) in page
    assert (
        "Snapshot 2024-12-30: alltime.csv Data past the deadline: snapshot 2025-01-05 (alltime.csv)"
    ) in page
    # The models with their scores and ranks, and each catalog fact with its provenance.
    assert "#1 Gemini-Exp-1206 1373 1 proprietary unknown unknown 2024-12-06" in page
    assert "best of that openness DeepSeek-V3 1315 11 open weights 671B 37B 2024-12-26" in page
    assert (
        "Gemini-Exp-1206 openness proprietary disclosed LMArena "
        "leaderboard_table_20250511.csv: Proprietary"
    ) in page
    html = await (await predictions_client.get(f"/predictions/{NO}")).text()
    assert 'href="/leaderboards/arena/overall?at=2024-12-30"' in html
    assert 'href="/models/gemini-exp-1206"' in html
    assert '<th scope="row"><a href="/models/deepseek-v3">DeepSeek-V3</a></th>' in html


async def test_an_open_prediction_has_no_evidence_yet(predictions_client) -> None:
    page = await get_text(predictions_client, f"/predictions/{OPEN}")
    assert "Status open: checked after each new snapshot of LMArena text until 2026-12-31" in page
    assert "Evidence" not in page and "Catalog facts used" not in page


async def test_the_links_on_the_pages_lead_somewhere(predictions_client) -> None:
    seen = set()
    for page in ("/predictions", *(f"/predictions/{n}" for n in range(1, 6))):
        html = await (await predictions_client.get(page)).text()
        for link in set(re.findall(r'href="(/[^"]*)"', html)) - seen:
            seen.add(link)
            response = await predictions_client.get(link.replace("&amp;", "&"))
            assert response.status == 200, (page, link)
    assert "/predictions?status=open" in seen and "/predictions" in seen  # the nav too


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/predictions/6", "There is no prediction '6'."),
        ("/predictions/abc", "There is no prediction 'abc'."),
        ("/predictions/%C2%B2", "There is no prediction '²'."),
        ("/predictions/" + "9" * 30, "There is no prediction '" + "9" * 30 + "'."),
    ],
)
async def test_an_unknown_prediction_is_a_polite_404(
    predictions_client, path: str, says: str
) -> None:
    page = await get_text(predictions_client, path, status=404)
    assert says in page
    html = await (await predictions_client.get(path)).text()
    assert '<a href="/predictions">Predictions</a>' in html


async def test_a_bad_filter_is_a_400_naming_it(predictions_client) -> None:
    page = await get_text(predictions_client, "/predictions?status=mine", status=400)
    assert (
        "The status parameter: expected one of open, resolved, withdrawn, voided, got 'mine'."
    ) in page
    assert "Unknown parameter 'who'" in await get_text(
        predictions_client, "/predictions?who=me", status=400
    )


async def test_with_none_the_page_says_how_to_state_one(client) -> None:
    assert "None yet. State one in chat with /predict." in await get_text(client, "/predictions")


@pytest.mark.parametrize(
    "path", [f"/predictions/{NO}", f"/predictions/{VOIDED}", f"/predictions/{OPEN}", "/predictions"]
)
async def test_hostile_names_claims_and_reasons_render_as_inert_text(
    predictions_client, path: str
) -> None:
    html = await (await predictions_client.get(path)).text()
    bare = html.replace(ZERO_WIDTH_SPACE, "")
    assert "<script" not in bare.lower() and "<!channel>" not in bare
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The pings are broken as in chat, the Markdown typed is inert as in chat.
    assert "@everyone" not in html and "**" not in html
    if path == f"/predictions/{OPEN}":  # the claim as typed, with its hostile tail
        assert (
            f"score=1600 by=2026-12-31 &lt;script&gt;alert(1)&lt;/script&gt; "
            f"&lt;{ZERO_WIDTH_SPACE}!channel&gt; \u2217\u2217x\u2217\u2217"
        ) in html
    if path == f"/predictions/{NO}":
        assert (
            f"by &lt;script&gt;alert(1)&lt;/script&gt; @{ZERO_WIDTH_SPACE}everyone "
            "\u2217\u2217bold\u2217\u2217 on discord, 2024-01-01 09:30 UTC"
        ) in html


@pytest.mark.parametrize("path", PAGES)
async def test_no_ids_or_channels_are_shown(predictions_client, path: str) -> None:
    response = await predictions_client.get(path)
    assert response.status == 200
    body = await response.text()
    for private in PRIVATE:
        assert private not in body, (path, private)


async def test_the_pages_are_linked_from_every_page_and_announcements(predictions_client) -> None:
    html = await (await predictions_client.get("/")).text()
    assert '<li><a href="/predictions">Predictions</a></li>' in html
    announced = await (await predictions_client.get("/announcements")).text()
    assert f'<a href="/predictions/{YES}">Prediction #{YES} came true</a>' in announced
    assert f'<a href="/predictions/{NO}">Prediction #{NO} did not come true</a>' in announced


# --- The feeds ----------------------------------------------------------------------------------


async def feed(client: TestClient, path: str) -> ET.Element:
    response = await client.get(path)
    assert response.status == 200
    return ET.fromstring(await response.read())


def predictions_in(feed_: ET.Element) -> dict[str, dict[str, str]]:
    return {e["title"]: e for e in entries(feed_) if e["title"].startswith("Prediction #")}


async def test_resolved_predictions_are_entries_linking_to_their_page(predictions_client) -> None:
    origin = f"http://{predictions_client.host}:{predictions_client.port}"
    for path in ("/feed.atom", "/feed/arena.atom"):
        found = await feed(predictions_client, path)
        assert_valid_atom(found, f"{origin}{path}")
        shown = predictions_in(found)
        # The standing resolutions only: not the voided one, nor open or withdrawn ones.
        assert sorted(shown) == [
            f"Prediction #{YES} came true",
            f"Prediction #{NO} did not come true",
        ]
        yes = shown[f"Prediction #{YES} came true"]
        assert yes["link"] == f"{origin}/predictions/{YES}"
        assert yes["updated"] == "2026-11-26T02:00:00+00:00"  # when it was resolved
        assert "Outcome: YES, decided by the data of 2024-04-09" in yes["content"]
        for e in shown.values():
            url = urlsplit(e["link"])
            assert (await predictions_client.get(url.path)).status == 200
    assert predictions_in(await feed(predictions_client, "/feed/livebench.atom")) == {}


async def test_entry_text_cannot_ping_and_ids_stay_the_same(
    predictions_client, predicted: Services, web_catalog: Catalog
) -> None:
    first = predictions_in(await feed(predictions_client, "/feed/arena.atom"))
    no = first[f"Prediction #{NO} did not come true"]
    assert f"Stated by: {SCRIPT} @{ZERO_WIDTH_SPACE}everyone" in no["content"]
    assert "@everyone" not in no["content"]
    # Another server over the same data, with a public address: the same ids.
    path = Path(predicted.config.storage.path)
    async with (
        services_over(path, web_catalog, "https://lawkeeper.example.org") as other,
        TestClient(TestServer(site_app(other))) as again,
    ):
        second = predictions_in(await feed(again, "/feed.atom"))
    assert {t: e["id"] for t, e in second.items()} == {t: e["id"] for t, e in first.items()}
    assert len({e["id"] for e in first.values()}) == 2
    assert (
        second[f"Prediction #{YES} came true"]["link"]
        == f"https://lawkeeper.example.org/predictions/{YES}"
    )


# --- The API ------------------------------------------------------------------------------------

SHAPE = {
    "id",
    "status",
    "claim",
    "sentence",
    "stated_as",
    "leaderboard",
    "category",
    "deadline",
    "confidence",
    "stated_by",
    "stated",
    "stated_at",
    "outcome",
    "resolved_on",
    "resolved_at",
    "evidence",
    "withdrawn_at",
    "void",
    "page",
}


async def api(client: TestClient, path: str) -> list[dict]:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    assert response.content_type == "application/json"
    return await response.json()


async def test_the_api_lists_predictions_in_one_shape(predictions_client) -> None:
    found = await api(predictions_client, "/api/v1/predictions")
    assert [p["id"] for p in found] == [5, 4, 3, 2, 1]
    assert all(set(p) == SHAPE for p in found)
    by_id = {p["id"]: p for p in found}
    no = by_id[NO]
    assert (no["status"], no["outcome"], no["resolved_on"], no["page"]) == (
        "no",
        "NO",
        "2025-01-05",
        f"/predictions/{NO}",
    )
    assert no["stated_by"] == {"name": HOSTILE_AUTHOR.user_name, "platform": "discord"}
    assert no["evidence"]["top"]["name"] == "Gemini-Exp-1206"
    assert (by_id[OPEN]["outcome"], by_id[OPEN]["evidence"]) == ("OPEN", {})
    assert by_id[WITHDRAWN]["withdrawn_at"] == "2026-11-26T03:00:00+00:00"
    assert by_id[VOIDED]["void"] == {
        "reason": "a duplicate of #1 @everyone <script>alert(1)</script>",
        "at": "2026-11-26T04:00:00+00:00",
        "by": {"name": MODERATOR.user_name, "platform": "discord"},
    }
    assert by_id[VOIDED]["outcome"] == "YES"  # the resolution it had is kept


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("status=open", [OPEN]),
        ("status=resolved", [NO, YES]),
        ("status=voided", [VOIDED]),
        ("status=withdrawn", [WITHDRAWN]),
        ("leaderboard=livebench", [WITHDRAWN]),
        ("leaderboard=arena&status=resolved&limit=1", [NO]),
        ("leaderboard=epoch-eci", []),
    ],
)
async def test_the_api_filters(predictions_client, query: str, ids: list[int]) -> None:
    found = await api(predictions_client, f"/api/v1/predictions?{query}")
    assert [p["id"] for p in found] == ids


async def test_the_api_agrees_with_the_backtest(
    predictions_db: Path, tmp_path: Path, predictions_client
) -> None:
    """What `main.py predictions backtest --json` prints for the same claims stated the
    same days is what the API says of each resolved one."""
    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        "".join(
            json.dumps({"stated": day.isoformat(), "claim": typed}) + "\n"
            for day, typed, _ in CLAIMS[:3]
        )
    )
    copy = tmp_path / "backtest.db"
    shutil.copyfile(predictions_db, copy)
    out = io.StringIO()
    assert backtest(Config(storage=StorageConfig(path=str(copy))), claims, True, out) == 0
    expected = json.loads(out.getvalue())
    found = {p["id"]: p for p in await api(predictions_client, "/api/v1/predictions")}
    for number, line in zip((YES, NO, VOIDED), expected, strict=True):
        got = found[number]
        assert {k: got[k] for k in line} == line


@pytest.mark.parametrize(
    ("path", "parameter", "says"),
    [
        (
            "/api/v1/predictions?status=mine",
            "status",
            "expected one of open, resolved, withdrawn, voided, got 'mine'",
        ),
        ("/api/v1/predictions?leaderboard=nowhere", "leaderboard", "expected one of arena,"),
        ("/api/v1/predictions?limit=0", "limit", "expected a whole number from 1 to 200"),
        ("/api/v1/predictions?limit=201", "limit", "expected a whole number from 1 to 200"),
        ("/api/v1/predictions?status=open&status=voided", "status", "given more than once"),
        ("/api/v1/predictions?author=ann", "author", "Unknown parameter 'author'"),
    ],
)
async def test_bad_api_parameters_are_a_400_naming_them(
    predictions_client, path: str, parameter: str, says: str
) -> None:
    response = await predictions_client.get(path)
    assert response.status == 400
    body = await response.json()
    assert (body["parameter"], body["status"]) == (parameter, 400)
    assert says in body["error"]


async def test_the_api_index_lists_predictions(client) -> None:
    endpoints = (await (await client.get("/api/v1")).json())["endpoints"]
    assert "/api/v1/predictions?status=&leaderboard=&limit=" in endpoints
    assert await api(client, "/api/v1/predictions") == []


# --- The cache --------------------------------------------------------------------------------


def state_one(db: sqlite_utils.Database, catalog: Catalog) -> None:
    from handlers.predictions.record import names_for

    typed = "leader leaderboard=arena openness=open by=2027-06-30"
    insert_prediction(
        db,
        stated_of(parse(typed, names=names_for(db, catalog), today=NOW.date()), typed),
        ANN,
        "C-new",
        NOW,
    )


def resolve_without_announcing(db: sqlite_utils.Database, _: Catalog) -> None:
    # No outbox event with it: the predictions' own state must move the version.
    assert record_resolution(db, OPEN, "NO", date(2027, 1, 5), {"reason": "NEW-REASON"}, NOW)


CHANGES: dict[str, tuple[Callable[[sqlite_utils.Database, Catalog], object], str, str]] = {
    "stated": (state_one, "/predictions", "Prediction #6"),
    "resolved": (resolve_without_announcing, f"/predictions/{OPEN}", "NEW-REASON"),
    "withdrawn": (
        lambda db, _: withdraw(db, OPEN, HOSTILE_AUTHOR, NOW),
        f"/predictions/{OPEN}",
        "withdrawn by its author, 2026-11-26 12:00 UTC",
    ),
    "voided": (lambda db, _: void(db, YES, "NEW-VOID", MODERATOR, NOW), "/predictions", "NEW-VOID"),
    "author forgotten": (
        lambda db, _: forget(db, "discord", HOSTILE_AUTHOR.user_id),
        f"/predictions/{OPEN}",
        f"by {FORMER_MEMBER} on discord",
    ),
    "moderator forgotten": (
        lambda db, _: forget(db, "discord", MODERATOR.user_id),
        f"/predictions/{VOIDED}",
        f"voided by {FORMER_MEMBER} on",
    ),
    # The seeded counterexample's submitter: forgetting anyone moves the version.
    "submitter forgotten": (
        lambda db, _: forget(db, "discord", "1234567890"),
        "/counterexamples/1",
        f"credited to {FORMER_MEMBER} on",
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_cached_page_changes_when_a_prediction_does(
    predictions_client, predicted: Services, web_catalog: Catalog, change: str
) -> None:
    write, path, now_shows = CHANGES[change]
    first = await predictions_client.get(path)
    etag = first.headers["ETag"]
    assert now_shows not in await first.text()
    assert (await predictions_client.get(path, headers={"If-None-Match": etag})).status == 304
    await predicted.storage.call(write, web_catalog)
    changed = await predictions_client.get(path, headers={"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["ETag"] != etag
    assert now_shows in await changed.text()
