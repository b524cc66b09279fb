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
    for statement in ("Best models will continue to get better in all measurable ways.",
                      "Best open source models are going to be better than proprietary "
                      "ones six months earlier."):
        assert statement in page
    # Law 2's headline: the real Arena snapshot of 2025-12-11 decides December 2025.
    assert ("LMArena text, 2025-12: BROKEN — the best open model by 2025-12 (glm-4.6, "
            "1441 ± 5) falls below the best proprietary model released by 2025-06 "
            "(gemini-2.5-pro, 1464 ± 3). Data as of 2025-12-11.") in page
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
    cell = re.search(r'<td class="broken"><a href="/law/2/arena/overall/2025-12" '
                     r'title="2025-12: BROKEN"><span aria-hidden="true">B</span>'
                     r'<span class="vh">BROKEN</span></a></td>', html)
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
    assert ("best open model released by 2025-12 glm-4.6 1441 ± 5 9 open source (OSI) "
            "unknown unknown 2025-09-30") in page
    assert "best proprietary model released by 2025-06 gemini-2.5-pro 1464 ± 3 2" in page
    assert "Snapshot that decided it 2025-12-11" in page
    assert "Snapshot source file leaderboard-text_2025-12-11.json" in page
    assert ("glm-4.6 release date 2025-09-30 disclosed Epoch ECI 2025-11-07: glm-4.6"
            in page)
    assert "Observed lag (months) 7" in page
    assert "P = best proprietary model released by the end of month t − 6" in page
    assert "2026-11-26T00:00:00+00:00 BROKEN — seeded for the web tests current" in page


@pytest.mark.parametrize(("path", "says"), [
    ("/law/7", "There is no law '7': the laws are 1, 2 and 3."),
    ("/law/2/nowhere/overall/2025-12", "There is no leaderboard 'nowhere'."),
    ("/law/2/arena/overall/2025-13", "'2025-13' is not a month"),
    ("/law/2/arena/overall/2031-01", "The ledger has no verdict of law 2 on LMArena text "
                                     "for 2031-01"),
    ("/law/2/arena/no-such-category/2025-12", "The ledger has no verdict of law 2"),
    ("/models/no-such-model-xyz", "I don't know a model called “no-such-model-xyz”"),
    ("/leaderboards/nowhere", "There is no leaderboard 'nowhere'."),
    ("/counterexamples/2", "There is no accepted counterexample '2'."),
    ("/no/such/page", "There is no page at this address."),
])
async def test_unknown_things_get_a_polite_404_page(client, path: str, says: str) -> None:
    page = await get_text(client, path, status=404)
    assert says in page
    assert "The three laws" in page  # a way back
