"""The announcement value and its rendering."""

from datetime import UTC, date, datetime

from bot.console import render_text
from catalog import Catalog, Fact, ModelInfo, Openness, Provenance
from feeds.snapshot import Entry, Snapshot
from handlers.announcement import announcement_of, event_path, event_reply, from_payload, to_payload
from handlers.detect import detect
from handlers.events import PREDICTION_RESOLVED
from handlers.links import Links
from handlers.reply import Tone

CATALOG = Catalog(
    [
        ModelInfo(
            key="llama-3.1-405b-instruct",
            name="Llama 3.1 405B",
            family="Llama 3.1",
            openness=Fact(Openness.OPEN_WEIGHTS, Provenance.DISCLOSED, "meta"),
            params_total=Fact(405 * 10**9, Provenance.DISCLOSED, "meta"),
        ),
        ModelInfo(
            key="gpt-4-0613",
            name="GPT-4",
            family="GPT-4",
            openness=Fact(Openness.PROPRIETARY, Provenance.DISCLOSED, "openai"),
            params_total=Fact(1_800 * 10**9, Provenance.ESTIMATED, "semianalysis"),
        ),
    ],
    {"arena:llama-3.1-405b-instruct-bf16": "llama-3.1-405b-instruct"},
)


def arena(day: date, first: Entry, second: Entry) -> Snapshot:
    return Snapshot("arena", "overall", day, datetime(2024, 8, 1, tzinfo=UTC), (first, second))


def change():
    gpt = Entry("gpt-4-0613", "GPT-4-0613", 1250.0, 1, 1246.0, 1254.0)
    llama = Entry("llama-3.1-405b-instruct-bf16", "Llama-3.1-405B", 1240.0, 2, 1236.0, 1244.0)
    before = arena(date(2024, 7, 1), gpt, llama)
    after = arena(
        date(2024, 8, 1),
        Entry("llama-3.1-405b-instruct-bf16", "Llama-3.1-405B", 1266.5, 1, 1261.2, 1271.8),
        Entry("gpt-4-0613", "GPT-4-0613", 1251.0, 2, 1247.0, 1255.0),
    )
    found = detect([before], after, CATALOG, 2)
    assert found is not None
    return found


def test_the_announcement_carries_both_models_scores_margin_and_facts() -> None:
    a = announcement_of(change(), CATALOG, "LMArena text")
    assert (a.new.name, a.old.name) == ("Llama-3.1-405B", "GPT-4-0613")
    assert (a.new.score, a.new.ci_low, a.new.ci_high) == (1266.5, 1261.2, 1271.8)
    assert a.margin == 15.5
    assert a.new.openness == "open_weights" and a.old.openness == "proprietary"
    assert a.old.params_provenance == "estimated"
    assert a.meaning() == (
        "An open-weights model leads LMArena text overall, ahead of every proprietary "
        "model listed (law 2).",
        "The new leader is smaller than the one it displaced (405B vs 1.8T (estimated) total "
        "parameters): superior and smaller (law 3a).",
    )
    assert from_payload(to_payload(a)) == a


def test_it_renders_as_a_reply_every_adapter_knows() -> None:
    reply = event_reply(
        "leader_change", to_payload(announcement_of(change(), CATALOG, "LMArena text"))
    )
    text = render_text(reply)
    assert reply.title == "New #1 on LMArena text · overall: Llama-3.1-405B"
    assert "takes the top spot from GPT-4-0613 in the snapshot of 2024-08-01" in text
    assert "1266.5 (95% interval 1261.2–1271.8)" in text
    assert "1251.0 (95% interval 1247.0–1255.0)" in text
    assert "Margin: +15.5 points" in text
    assert "open weights · 405B parameters" in text
    assert "proprietary · 1.8T (estimated) parameters" in text


def test_unknown_facts_stay_unknown() -> None:
    before = arena(date(2024, 1, 1), Entry("x", "X", 10.0, 1), Entry("y", "Y", 9.0, 2))
    after = arena(date(2024, 2, 1), Entry("y", "Y", 11.0, 1), Entry("x", "X", 10.0, 2))
    found = detect([before], after, Catalog([], {}), 1)
    a = announcement_of(found, Catalog([], {}))
    assert a.title == "arena"
    text = render_text(event_reply("leader_change", to_payload(a)))
    assert "openness unknown · size unknown" in text
    assert "Whether the new leader of arena overall is open is unknown." in text
    assert "not both known" in text


def test_a_verdict_change_renders_from_its_generic_payload() -> None:
    reply = event_reply(
        "verdict_change",
        {
            "law": "2",
            "leaderboard": "arena",
            "category": "overall",
            "period": "2024-07",
            "old_status": "TIED",
            "new_status": "HOLDS",
            "reason": "new snapshot 2024-08-01",
        },
    )
    assert reply.tone is Tone.HOLDS
    assert reply.title == "Ledger: law 2 HOLDS on arena · overall"
    assert (
        reply.text == "Law 2 on arena · overall for 2024-07: TIED → HOLDS.\nnew snapshot 2024-08-01"
    )
    first = event_reply(
        "verdict_change",
        {
            "law": "1",
            "leaderboard": "arena",
            "category": "overall",
            "period": "2024-07",
            "old_status": None,
            "new_status": "BROKEN",
        },
    )
    assert "now BROKEN" in first.text and first.tone is Tone.BROKEN


def test_a_verdict_change_says_how_old_its_data_is() -> None:
    reply = event_reply(
        "verdict_change",
        {
            "law": "2",
            "leaderboard": "arena",
            "category": "overall",
            "period": "2025-12",
            "old_status": "HOLDS",
            "new_status": "BROKEN",
            "reason": "new snapshot",
            "data_as_of": "2025-12-11",
        },
    )
    assert reply.text.startswith(
        "Law 2 on arena · overall for 2025-12: HOLDS → BROKEN. Data as of 2025-12-11."
    )


def test_a_resolved_prediction_links_to_its_page_and_a_damaged_payload_to_none() -> None:
    assert event_path(PREDICTION_RESOLVED, {"id": 12, "outcome": "YES"}) == "/predictions/12"
    for damaged in ({}, {"id": "twelve"}, {"id": None}):
        assert event_path(PREDICTION_RESOLVED, damaged) == ""
    reply = event_reply(
        PREDICTION_RESOLVED, {"id": 12, "outcome": "NO"}, Links("https://lawkeeper.example.org")
    )
    assert reply.url == "https://lawkeeper.example.org/predictions/12"
    assert event_reply(PREDICTION_RESOLVED, {"id": 12, "outcome": "NO"}, Links()).url == ""
