"""/model NAME over the shipped catalog: only facts the catalog rebuild cannot change are
asserted exactly (openness of gpt-4o-2024-05-13, Llama 3 70B's size and openness)."""

from __future__ import annotations

import dataclasses

import pytest

from catalog import Catalog, ModelInfo, load_catalog
from catalog.catalog import name_index
from handlers.commands import COMMANDS, run_command, run_text
from handlers.commands.model import NAME_MAX, count, model_card, suggest_models
from handlers.context import Context
from handlers.reply import Reply, Tone
from handlers.text import ZERO_WIDTH_SPACE

CATALOG = load_catalog()


@pytest.fixture
def model_ctx(ctx: Context) -> Context:
    return dataclasses.replace(ctx, services=dataclasses.replace(ctx.services, catalog=CATALOG))


def fields(reply: Reply) -> dict[str, str]:
    return {f.name.split(" (")[0]: f.value for f in reply.fields}


async def test_a_known_name_gets_its_card(model_ctx: Context) -> None:
    reply = await run_text(model_ctx, "/model llama-3-70b-instruct")
    assert reply is not None and reply.tone is Tone.INFO and not reply.ephemeral
    assert reply.title == "Llama-3-70b-Instruct"
    assert reply.text.splitlines()[0] == "Key: llama-3-70b-instruct"
    assert "Organisation: Meta" in reply.text
    shown = fields(reply)
    assert shown["Openness"].startswith("open weights (disclosed by ")
    assert shown["Parameters"].startswith("70B (disclosed by ")
    assert shown["Released"][:4].isdigit()
    assert "meta-llama-3-70b-instruct" in shown["Aliases"]


async def test_names_are_case_insensitive_and_aliases_resolve(model_ctx: Context) -> None:
    for line in (
        "/model GPT-4O-2024-05-13",
        "/model gpt-4o-2024-05-13",
        "/model openai/gpt-4o-2024-05-13",
        "/model epoch-eci:GPT-4o (May 2024)",
    ):
        reply = await run_text(model_ctx, line)
        assert reply is not None and reply.tone is Tone.INFO, (line, reply)
        assert reply.text.startswith("Key: gpt-4o-2024-05-13\n")
        assert fields(reply)["Openness"].startswith("proprietary (")
    qwen = await run_text(model_ctx, "/model Qwen/Qwen2.5-72B-Instruct")  # Hugging Face id
    assert qwen is not None and qwen.text.startswith("Key: qwen2.5-72b-instruct\n")
    spaced = await run_command(model_ctx, "model", {"name": "Meta Llama 3 70B Instruct"})
    assert spaced.text.startswith("Key: llama-3-70b-instruct\n")


async def test_a_mixture_of_experts_shows_total_and_active() -> None:
    found = [
        m
        for m in CATALOG
        if m.params_active.known
        and m.params_total.known
        and m.params_active.value < m.params_total.value
    ]
    assert found, "the catalog has mixtures of experts"
    card = model_card(found[0], [])
    assert f"{count(found[0].params_total.value)} total, " in fields(card)["Parameters"]
    assert " active (" in fields(card)["Parameters"]


def test_first_listed_is_not_called_a_release_date() -> None:
    listed = [m for m in CATALOG if m.released.provenance == "first_listed"]
    if not listed:
        pytest.skip("no first-listed dates in this catalog")
    released = fields(model_card(listed[0], []))["Released"]
    assert released.startswith("unknown: first listed on a leaderboard on ")
    assert released.endswith("which is not a release date")


def test_counts_in_plain_units() -> None:
    assert [
        count(n)
        for n in (
            70_000_000_000,
            1_800_000_000_000,
            72_700_000_000,
            671_000_000_000,
            125_000_000,
            7_000,
        )
    ] == ["70B", "1.8T", "72.7B", "671B", "125M", "7K"]


async def test_many_aliases_are_capped(model_ctx: Context) -> None:
    index = name_index(CATALOG)
    many = max(CATALOG, key=lambda m: len(index.aliases(m.key)))
    total = len(index.aliases(many.key))
    reply = await run_command(model_ctx, "model", {"name": many.key})
    aliases = fields(reply)["Aliases"]
    if total > 10:
        assert aliases.endswith(f" (+{total - 10} more)")
        assert aliases.count(", ") == 9


async def test_an_unknown_name_names_the_closest_matches(model_ctx: Context) -> None:
    reply = await run_text(model_ctx, "/model gpt4o-2024-05-13")
    assert reply is not None and reply.tone is Tone.ERROR and reply.ephemeral
    assert reply.text.startswith(
        "I don't know a model called “gpt4o-2024-05-13”. Closest matches: gpt-4o-2024-05-13"
    )
    assert len(reply.text.split("Closest matches: ")[1].split(", ")) <= 5
    none = await run_text(model_ctx, "/model qqqqqqqqqqqq")
    assert none is not None and "nor any with a similar name" in none.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "/model needs a name"),
        ("   ", "/model needs a name"),
        ("x" * (NAME_MAX + 1), f"model names here are at most {NAME_MAX}. Nothing was looked up."),
        ("gpt-4o\x00", "holds control characters"),
        ("gpt\n4o", "holds control characters"),
        ("gpt\u20284o", "holds control characters"),
    ],
)
async def test_bad_input_is_a_polite_error(model_ctx: Context, name: str, expected: str) -> None:
    reply = await run_command(model_ctx, "model", {"name": name})
    assert reply.tone is Tone.ERROR and reply.ephemeral
    assert expected in reply.text


async def test_typed_text_shown_back_cannot_ping(model_ctx: Context) -> None:
    for typed in ("@everyone", "<!channel>", "<@U123> hi", "@here"):
        reply = await run_command(model_ctx, "model", {"name": typed})
        assert reply.tone is Tone.ERROR
        assert typed not in reply.text and ZERO_WIDTH_SPACE in reply.text


async def test_help_lists_model(model_ctx: Context) -> None:
    reply = await run_text(model_ctx, "/help")
    assert reply is not None
    assert "/model <name>" in [f.name for f in reply.fields]
    one = await run_text(model_ctx, "/help model")
    assert one is not None and one.title == "/model <name>"


def test_suggestions_fit_discord() -> None:
    services = dataclasses.make_dataclass("S", ["catalog"])(CATALOG)
    choices = suggest_models(services, "llama 3")
    assert 0 < len(choices) <= 25
    assert all(0 < len(label) <= 100 and 0 < len(value) <= 100 for label, value in choices)
    assert "llama-3-70b-instruct" in [value for _, value in choices]
    assert all(CATALOG.get(value) is not None for _, value in choices)
    assert len(suggest_models(services, "")) == 25
    assert suggest_models(services, "qqqqqqqqqqqq") == []
    assert COMMANDS["model"].params[0].suggest is suggest_models


async def test_a_name_leaderboards_use_for_different_models_names_them(ctx: Context) -> None:
    a = ModelInfo(key="llama-3-70b-instruct", name="Llama-3-70b-Instruct", family="llama")
    b = ModelInfo(key="meta-llama-3-70b", name="Meta-Llama-3-70B", family="llama")
    catalog = Catalog([a, b], {"mmlu:llama-3-(70b)": a.key, "helm-lite:llama-3-(70b)": b.key})
    here = dataclasses.replace(ctx, services=dataclasses.replace(ctx.services, catalog=catalog))
    reply = await run_command(here, "model", {"name": "Llama 3 (70B)"})
    assert reply.tone is Tone.ERROR
    assert reply.text == (
        "“Llama 3 (70B)” is a name leaderboards use for different models: "
        "llama-3-70b-instruct, meta-llama-3-70b. Ask for one of them by "
        "that name."
    )
    scoped = await run_command(here, "model", {"name": "helm-lite:Llama 3 (70B)"})
    assert scoped.text.startswith("Key: meta-llama-3-70b\n")
    near = await run_command(here, "model", {"name": "mmlu:llama-3-(70)"})
    assert "Closest matches: " in near.text


async def test_a_model_only_a_leaderboard_lists_is_described_from_its_listing(
    model_ctx: Context,
) -> None:
    """An Open LLM Leaderboard repository is in no catalog source: /model answers from its
    newest stored listing, each fact labelled with the leaderboard."""
    from datetime import UTC, date, datetime

    from feeds.snapshot import Entry, Snapshot
    from storage.snapshots import insert_snapshot

    def listing(day: str, score: float) -> Snapshot:
        meta = {"license": "apache-2.0", "params_b": "72.706"}
        return Snapshot(
            "open-llm-v2",
            "overall",
            date.fromisoformat(day),
            datetime.fromisoformat(day).replace(tzinfo=UTC),
            (Entry("someone/Tuned-72B", "someone/Tuned-72B", score, 1, meta=meta),),
        )

    await model_ctx.storage.call(insert_snapshot, listing("2024-11-02", 46.0))
    await model_ctx.storage.call(insert_snapshot, listing("2025-03-20", 46.7))
    reply = await run_text(model_ctx, "/model SOMEONE/tuned-72b")
    assert reply is not None and reply.tone is Tone.INFO
    shown = fields(reply)
    assert (
        shown["Openness"].startswith("open source (OSI) (") and "open-llm-v2" in shown["Openness"]
    )
    assert shown["Parameters"].startswith("72.7B (")
    assert "first listed on a leaderboard on 2024-11-02" in shown["Released"]
    assert "not a release date" in shown["Released"]
    assert (
        "Not in the model catalog: as open-llm-v2 lists it in its snapshot of 2025-03-20"
        in reply.footer
    )
    unknown = await run_text(model_ctx, "/model someone/never-listed")
    assert unknown is not None and unknown.tone is Tone.ERROR
