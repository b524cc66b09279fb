"""/, /law/2 and the permalink of a real verdict, in a real browser, as a person sees them:
the laws with their status sentences and charts, the month grid with its statuses in
text, the verdict's models, scores, snapshot and definition; on a phone, with JavaScript
off, to a screen reader, and with model names made of markup. Every page also passes the
guards of conftest.py (no console error, no dialog, nothing fetched past 127.0.0.1).

The expected values come from the seeded database and the law registry, not from the
pages' own code."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page

from handlers.ledger import current_verdicts
from handlers.links import leaderboard_path, verdict_path
from laws import LAWS
from laws.verdict import Status, Verdict
from storage import connect
from tests.web.browser.checks import (
    chart_text_problems,
    heading_outline,
    heading_problems,
    horizontal_scroll,
    split_words,
    table_problems,
)
from tests.web.browser.conftest import Browse
from tests.web.seeded import CHANNEL, HOSTILE_CATEGORY, HOSTILE_MONTH, PERMALINK, SCRIPT

pytestmark = pytest.mark.asyncio(loop_scope="session")

PAGES = {"home": "/", "law-2": "/law/2", "permalink": PERMALINK}
PHONE = 375
_, _, BOARD, CATEGORY, MONTH = PERMALINK.split("/")[1:]
# What a person reads in a status badge: every status, and "NO DATA" for a law without any.
STATUS_WORDS = {*map(str, Status), "NO DATA"}


@pytest.fixture(scope="session")
def law2(seeded_db: Path) -> list[Verdict]:
    """Law 2's current verdicts in the database the site serves a copy of."""
    db = connect(seeded_db)
    try:
        return [row.verdict for row in current_verdicts(db, ("2",))]
    finally:
        db.conn.close()


@pytest.fixture(scope="session")
def linked(law2: list[Verdict]) -> Verdict:
    """The verdict of the permalink the tests open."""
    [verdict] = [
        v for v in law2 if (v.leaderboard, v.category, v.period) == (BOARD, CATEGORY, MONTH)
    ]
    return verdict


async def loaded_images(page: Page) -> list[tuple[str, int]]:
    """(src, natural width) of every image: 0 means it did not load or decode."""
    return [
        (src, width)
        for src, width in await page.evaluate(
            "[...document.images].map(i => "
            "[i.getAttribute('src'), i.complete ? i.naturalWidth : 0])"
        )
    ]


def law_section(page: Page, law_id: str) -> Locator:
    """The home page's section of one law, found by its heading as a reader finds it."""
    name = f"Law {law_id}: {LAWS[law_id].name}"
    return page.locator(
        "section.law", has=page.get_by_role("heading", level=2, name=name, exact=True)
    )


async def test_home_shows_each_law_with_its_status_sentence_and_chart(
    browse: Browse, site: str, law2: list[Verdict]
) -> None:
    page = await browse(site + "/")
    assert (
        await page.locator("h1").inner_text() == "The three laws of generative-AI model evolution"
    )
    for law in LAWS.values():
        section = law_section(page, law.id)
        await section.wait_for()
        assert await section.locator("blockquote").inner_text() == law.statement
        line = await section.locator(".verdict-line").inner_text()
        badge = await section.locator(".verdict-line .status").inner_text()
        assert badge in STATUS_WORDS and line.startswith(badge)
        assert f"law {law.id}" in line.lower(), line
        chart = section.locator("figure.chart img")
        assert await chart.count() == 1, f"law {law.id}: no headline chart"
        assert f"law {law.id}" in (await chart.get_attribute("alt") or "").lower()
        caption = await section.locator("figure.chart figcaption").inner_text()
        assert caption.startswith(f"Law {law.id} on "), caption

    # Law 2's sentence, checked against the ledger: the status of each category's latest
    # decided month, and the one counterexample the moderators accepted (it breaks the law).
    latest: dict[tuple[str, str], Verdict] = {}
    for v in law2:
        scope = (v.leaderboard, v.category)
        if v.status is not Status.UNDETERMINED and (
            scope not in latest or v.period > latest[scope].period
        ):
            latest[scope] = v
    counts = Counter(v.status for v in latest.values())
    line = await law_section(page, "2").locator(".verdict-line").inner_text()
    assert line.startswith("BROKEN ")
    for status, verb in (
        (Status.HOLDS, "holds on"),
        (Status.BROKEN, "is broken on"),
        (Status.TIED, "is tied on"),
    ):
        assert f"{verb} {counts[status]}" in line, (status, line)
    assert f"of the {len(latest)} leaderboard categories" in line
    assert "1 community counterexample accepted by the moderators breaks it." in line

    images = await loaded_images(page)
    assert len(images) == len(LAWS) and all(width > 0 for _, width in images), images
    ages = page.locator("table.ages tbody tr")
    assert await ages.count() >= 1
    assert "days" in await ages.first.inner_text()


async def test_law_2_shows_every_category_as_a_month_grid_with_statuses_in_text(
    browse: Browse, site: str, law2: list[Verdict], linked: Verdict
) -> None:
    law = LAWS["2"]
    page = await browse(site + "/law/2")
    assert await page.locator("h1").inner_text() == f"Law 2: {law.name}"
    assert await page.locator("h1 + blockquote").inner_text() == law.statement

    # One grid per category the ledger has, and one coloured cell per verdict.
    scopes = {(v.leaderboard, v.category) for v in law2}
    assert await page.locator("table.grid").count() == len(scopes)
    cells = Counter(
        await page.locator("table.grid td").evaluate_all("tds => tds.map(td => td.className)")
    )
    assert {s: cells[str(s).lower()] for s in Status} == {
        s: sum(v.status is s for v in law2) for s in Status
    }

    # A status is never a colour alone: each verdict's cell shows a letter and names the
    # status to a screen reader; the cell links to its permalink.
    cell = page.locator(f'table.grid td a[href="{PERMALINK}"]')
    assert await cell.count() == 1
    assert await cell.locator("[aria-hidden=true]").inner_text() == str(linked.status)[0]
    assert await cell.locator(".vh").text_content() == str(linked.status)
    empty = await page.locator("table.grid td:not(.none)").evaluate_all(
        "tds => tds.filter(td => !td.innerText.trim()).length"
    )
    assert empty == 0

    # The observed lag series (opened like a person would), the accepted counterexample,
    # and the definition in use.
    lags = page.locator("details.lags", has=page.locator(f'a[href="{PERMALINK}"]'))
    await lags.locator("summary").click()
    row = lags.locator("tr", has=page.locator(f'a[href="{PERMALINK}"]'))
    assert await row.locator("td").first.inner_text() == f"{linked.lag_months} months"
    assert await page.locator("#counterexamples ~ article.credit").count() == 1
    assert (
        linked.definition
        in await page.locator("section", has=page.locator("#definition")).inner_text()
    )


async def test_the_permalink_shows_models_scores_snapshot_and_definition(
    browse: Browse, site: str, linked: Verdict
) -> None:
    page = await browse(site + PERMALINK)
    assert await page.locator("h1").inner_text() == "Law 2 on LMArena text, December 2025"
    assert await page.locator("h2#part-2").inner_text() == f"Law 2: {linked.status}"

    evidence = linked.evidence
    rows = page.locator("table.models tbody tr")
    assert await rows.count() == 2
    for role, row in (("open", rows.nth(0)), ("proprietary", rows.nth(1))):
        model = evidence[role]
        cells = [await c.inner_text() for c in await row.locator("th, td").all()]
        assert cells[1] == model["name"], cells
        assert re.fullmatch(rf"{round(model['score'])} ± \d+", cells[2]), cells
        assert cells[3] == str(model["rank"])
        assert cells[7] == model["released"]["value"]
        assert f"best {role}" in cells[0]

    facts = await page.locator("table.facts").inner_text()
    for role in ("open", "proprietary"):
        assert evidence[role]["openness"]["source"] in facts
    details = await page.locator("dl.facts").inner_text()
    assert evidence["snapshot_date"] in details
    assert evidence["snapshot_source"] in details
    definition = page.locator("xpath=//h3[.='Definition']/following-sibling::p[1]")
    assert await definition.inner_text() == linked.definition
    history = page.locator("table.history tbody tr")
    assert await history.count() >= 1
    assert await history.last.locator("td").last.inner_text() == "current"


@pytest.mark.parametrize("name", PAGES)
async def test_a_phone_never_scrolls_sideways_nor_splits_a_word(
    browse: Browse, site: str, name: str
) -> None:
    page = await browse(site + PAGES[name], width=PHONE, label="phone")
    assert await page.evaluate("window.innerWidth") == PHONE
    assert await horizontal_scroll(page) == []
    assert await split_words(page) == []


@pytest.mark.parametrize("name", PAGES)
async def test_with_javascript_off_the_content_is_all_there(
    browse: Browse, site: str, name: str
) -> None:
    shown = await browse(site + PAGES[name], label="javascript-on")
    plain = await browse(site + PAGES[name], javascript=False, label="javascript-off")
    text = await plain.locator("main").inner_text()
    assert text == await shown.locator("main").inner_text()
    assert len(text) > 500
    assert await loaded_images(plain) == await loaded_images(shown)


@pytest.mark.parametrize("name", PAGES)
async def test_headings_table_headers_and_chart_text_for_a_screen_reader(
    browse: Browse, site: str, name: str
) -> None:
    page = await browse(site + PAGES[name])
    assert heading_problems(await heading_outline(page)) == []
    assert await page.locator("table").count() >= 1
    assert await table_problems(page) == []
    assert await chart_text_problems(page) == []
    assert all(width > 0 for _, width in await loaded_images(page))
    assert await page.locator("main#main").count() == 1


HOSTILE_PAGES = {
    "permalink": verdict_path("2", "arena", HOSTILE_CATEGORY, HOSTILE_MONTH),
    "standings": leaderboard_path("arena", HOSTILE_CATEGORY),
    "law-2": "/law/2",
    "counterexamples": "/counterexamples",
}


@pytest.mark.parametrize("name", HOSTILE_PAGES)
async def test_names_made_of_markup_show_as_text(browse: Browse, site: str, name: str) -> None:
    """Models named `<script>alert(1)</script>` and `<!channel>`, a category holding `<b>`:
    the page shows them literally, runs nothing (the guards fail on any dialog) and adds
    no element."""
    page = await browse(site + HOSTILE_PAGES[name])
    text = await page.locator("main").inner_text()
    assert SCRIPT in text and CHANNEL in text
    if name in ("permalink", "standings"):
        assert HOSTILE_CATEGORY in text
    assert await page.locator("script").count() == 0
    assert await page.locator("main b").count() == 0
