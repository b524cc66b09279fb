"""Each page answers 200 from the seeded bundled history and shows its real data; unknown
laws, leaderboards, months and models get a polite 404 page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from aiohttp.test_utils import TestClient

from tests.web.seeded import PERMALINK


def text_of(html: str) -> str:
    """What a person reads: the page without its tags, entities decoded, spaces folded."""
    body = html.split('<main id="main">', 1)[-1].split("</main>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


async def get_text(client: TestClient, path: str, status: int = 200) -> str:
    response = await client.get(path)
    assert response.status == status, (path, response.status, await response.text())
    assert response.content_type == "text/html"
    return text_of(await response.text())


async def test_home_states_each_law_with_its_status_chart_and_data_ages(client) -> None:
    page = await get_text(client, "/")
    for statement in (
        "Best models will continue to get better in all measurable ways.",
        "Best open source models are going to be better than proprietary ones six months earlier.",
    ):
        assert statement in page
    # Law 2's headline: the real Arena snapshot of 2025-12-11 decides December 2025.
    assert (
        "LMArena text, 2025-12: BROKEN — the best open model by 2025-12 (glm-4.6, "
        "1441 ± 5) falls below the best proprietary model released by 2025-06 "
        "(gemini-2.5-pro, 1464 ± 3). Data as of 2025-12-11."
    ) in page
    assert "In its latest decided month, law 2 holds on" in page
    html = await (await client.get("/")).text()
    assert html.count('<img src="/charts/law-') == 3
    # The text alternative of law 2's chart names its scope, months and tallies.
    assert "Law 2 on LMArena text, 2023-02 to 2025-12 (data as of 2025-12-11)." in page
    # How old each leaderboard's data is, counted from the seeded day (2026-11-26).
    assert "LMArena text leaderboard 2025-12-11 mt-bench: 2025-05-11 350 days 31" in page


async def test_law_page_has_a_month_grid_per_scope_with_status_in_text(client) -> None:
    response = await client.get("/law/2")
    html = await response.text()
    page = text_of(html)
    assert "Law 2 on LMArena text, the verdict of each month" in page
    # The status is in the cell's text (a letter and a word), not its colour alone.
    cell = re.search(
        r'<td class="broken"><a href="/law/2/arena/overall/2025-12" '
        r'title="2025-12: BROKEN"><span aria-hidden="true">B</span>'
        r'<span class="vh">BROKEN</span></a></td>',
        html,
    )
    assert cell, "December 2025 on LMArena text is a BROKEN cell linking to its permalink"
    # The observed lag series, the definition and the settings in use.
    assert "Observed lag, month by month (LMArena text)" in page
    assert "2025-12 7 months BROKEN" in page
    assert "O = best open model (OSI or open weights) released by the end of month t" in page
    assert "law2_lag_months 6" in page
    # The accepted counterexample is listed; the pending one is not.
    assert "BROKEN by counterexample #1" in page
    assert "PENDING-CLAIM-NEVER-SHOWN" not in html


async def test_permalink_shows_models_snapshot_facts_definition_and_history(client) -> None:
    page = await get_text(client, PERMALINK)
    assert "Law 2 on LMArena text, December 2025" in page
    assert (
        "best open model released by 2025-12 glm-4.6 1441 ± 5 9 open source (OSI) "
        "unknown unknown 2025-09-30"
    ) in page
    assert "best proprietary model released by 2025-06 gemini-2.5-pro 1464 ± 3 2" in page
    assert "Snapshot that decided it 2025-12-11" in page
    assert "Snapshot source file leaderboard-text_2025-12-11.json" in page
    assert "glm-4.6 release date 2025-09-30 disclosed Epoch ECI 2025-11-07: glm-4.6" in page
    assert "Observed lag (months) 7" in page
    assert "P = best proprietary model released by the end of month t − 6" in page
    assert "2026-11-26T00:00:00+00:00 BROKEN — seeded for the web tests current" in page


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/law/7", "There is no law '7': the laws are 1, 2 and 3."),
        ("/law/2/nowhere/overall/2025-12", "There is no leaderboard 'nowhere'."),
        ("/law/2/arena/overall/2025-13", "'2025-13' is not a month"),
        (
            "/law/2/arena/overall/2031-01",
            "The ledger has no verdict of law 2 on LMArena text for 2031-01",
        ),
        ("/law/2/arena/no-such-category/2025-12", "The ledger has no verdict of law 2"),
        ("/models/no-such-model-xyz", "I don't know a model called “no-such-model-xyz”"),
        ("/leaderboards/nowhere", "There is no leaderboard 'nowhere'."),
        ("/counterexamples/2", "There is no accepted counterexample '2'."),
        ("/no/such/page", "There is no page at this address."),
    ],
)
async def test_unknown_things_get_a_polite_404_page(client, path: str, says: str) -> None:
    page = await get_text(client, path, status=404)
    assert says in page
    assert "The three laws" in page  # a way back


async def test_a_leaderboard_shows_its_standings_with_openness_size_and_age(client) -> None:
    page = await get_text(client, "/leaderboards/arena")
    assert "LMArena text leaderboard · overall" in page
    assert "The snapshot of 2025-12-11. Data as of 2025-12-11 (350 days old)." in page
    assert "1 gemini-3-pro 1487 ± 6 proprietary" in page
    html = await (await client.get("/leaderboards/arena")).text()
    assert 'href="/leaderboards/arena/coding"' in html
    dated = await get_text(client, "/leaderboards/arena/overall?at=2024-06-01")
    assert "The snapshot of 2024-05-" in dated or "The snapshot of 2024-04-" in dated
    refused = await get_text(client, "/leaderboards/arena?at=June", status=400)
    assert "The at parameter: expected a date YYYY-MM-DD, got 'June'." in refused
    assert "There is no leaderboard 'nowhere'." in await get_text(
        client, "/leaderboards/nowhere", status=404
    )
    assert "LMArena text leaderboard has no category 'nope'." in await get_text(
        client, "/leaderboards/arena/nope", status=404
    )


async def test_a_model_page_says_what_model_says(client) -> None:
    page = await get_text(client, "/models/glm-4.6")
    assert "Openness open source (OSI) (disclosed by LMArena" in page
    assert "Released 2025-09-30 (disclosed by Epoch ECI 2025-11-07: glm-4.6)" in page
    # A Hugging Face id, with its slash as it is or encoded.
    for path in ("/models/Qwen/Qwen2.5-72B-Instruct", "/models/Qwen%2FQwen2.5-72B-Instruct"):
        assert "Qwen2.5-72B" in await get_text(client, path)
    # An unknown one gets the closest names, linked.
    html = await (await client.get("/models/glm-4.7x")).text()
    assert 'href="/models/glm-4.6"' in html


async def test_counterexamples_and_announcements_pages(client, web_services) -> None:
    listing = await get_text(client, "/counterexamples")
    assert "Counterexample #1 to law 2" in listing
    assert "PENDING-CLAIM-NEVER-SHOWN" not in listing
    assert "Nothing announced yet" in await get_text(client, "/announcements")

    from datetime import UTC, datetime

    from handlers.events import VERDICT_CHANGE
    from storage.outbox import enqueue

    await web_services.storage.call(
        lambda db: enqueue(
            db,
            VERDICT_CHANGE,
            {
                "law": "2",
                "leaderboard": "arena",
                "category": "overall",
                "period": "2025-12",
                "old_status": "HOLDS",
                "new_status": "BROKEN",
                "reason": "new snapshot of arena",
                "data_as_of": "2025-12-11",
            },
            now=datetime(2026, 1, 2, tzinfo=UTC),
        )
    )
    html = await (await client.get("/announcements")).text()
    assert (
        '<a href="/law/2/arena/overall/2025-12">Ledger: law 2 BROKEN on arena · overall</a>'
    ) in html
    assert (
        "Law 2 on arena · overall for 2025-12: HOLDS → BROKEN. Data as of 2025-12-11."
        in text_of(html)
    )


async def test_a_law_part_leads_to_its_laws_page(client) -> None:
    response = await client.get("/law/3a", allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"] == "/law/3#part-3a"
    assert 'id="part-3a"' in await (await client.get("/law/3")).text()


async def test_the_chart_is_the_one_law_n_attaches_in_chat(client, web_db, web_catalog) -> None:
    from handlers.commands import run_text
    from handlers.context import Context, Invoker
    from tests.web.seeded import LEDGER_AT, services_over

    response = await client.get("/charts/law-2.png")
    assert response.status == 200 and response.content_type == "image/png"
    png = await response.read()
    async with services_over(web_db, web_catalog) as fresh:  # its own memo: drawn again
        invoker = Invoker("console", "u", "u", "console")
        reply = await run_text(Context(fresh, invoker, LEDGER_AT), "/law 2")
    [attachment] = reply.attachments
    assert attachment.data == png
    assert (await client.get("/charts/law-4.png")).status == 404
