"""Validation: a clear message naming the field, nothing stored."""

import pytest

from handlers.commands import run_command, run_text
from handlers.counterexamples.form import FORM, parse_submission
from handlers.reply import Tone
from storage.counterexamples import list_counterexamples

GOOD = {
    "law": "2",
    "claim": "Mixtral is below GPT-4-0314",
    "models": "Mixtral-8x7b, GPT-4-0314",
    "evidence": "https://lmarena.ai/leaderboard",
    "snapshot": "arena 2024-06-19",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"law": "7"}, "The law field: expected 1, 2 or 3, got '7'."),
        ({"law": ""}, "The law field: this field is required."),
        ({"claim": "   "}, "The claim field: this field is required."),
        ({"claim": "x" * 1001}, "The claim field: 1,001 characters; the limit is 1,000."),
        ({"claim": "y" * 10_000}, "The claim field: 10,000 characters; the limit is 1,000."),
        ({"models": "a, b, c, d, e, f"}, "The models field: at most 5 models"),
        ({"models": "m" * 301}, "The models field: 301 characters; the limit is 300."),
        (
            {"evidence": "ftp://example.org/x"},
            "The evidence field: 'ftp://example.org/x' is not an http:// or https:// link.",
        ),
        ({"evidence": "javascript:alert(1)"}, "is not an http:// or https:// link"),
        ({"evidence": "https://"}, "is not an http:// or https:// link"),
        (
            {"evidence": "https://a.org http://b.org https://c.org https://d.org"},
            "The evidence field: at most 3 links (got 4).",
        ),
        ({"evidence": "see @everyone"}, "'see' is not an http:// or https:// link"),
        ({"snapshot": "arena 2024-13-01"}, "The snapshot field: 2024-13-01 is not a date"),
        ({"snapshot": "arena overall extra"}, "'extra' is neither"),
        ({"snapshot": "<!channel>"}, "'<\u200b!channel>' is neither"),
    ],
)
async def test_invalid_field_is_named_and_nothing_is_stored(make_ctx, change, message) -> None:
    ctx = make_ctx()
    reply = await run_command(ctx, "counterexample", {**GOOD, **change})
    assert reply.tone is Tone.ERROR and reply.ephemeral
    assert message in reply.text
    assert reply.text.endswith("Nothing was stored.")
    assert await ctx.storage.call(list_counterexamples) == []


def test_parsed_values_keep_the_text_as_typed() -> None:
    parsed = parse_submission(
        {
            **GOOD,
            "models": "A vs B;C\nD",
            "snapshot": "Arena coding 2024-02",
            "evidence": "https://x.org/a,\nhttp://y.org",
        }
    )
    assert parsed.submission.models == "A vs B;C\nD"
    assert parsed.model_names == ("A", "B", "C", "D")
    assert parsed.links == ("https://x.org/a", "http://y.org")
    assert (parsed.leaderboard, parsed.category, str(parsed.on_or_before)) == (
        "arena",
        "coding",
        "2024-02-29",
    )


def test_form_fits_every_platform() -> None:
    assert len(FORM.fields) <= 5  # a Discord modal holds at most five inputs
    assert len(FORM.title) <= 45
    assert all(len(f.label) <= 45 for f in FORM.fields)


async def test_one_line_name_value_form_and_its_errors(make_ctx) -> None:
    ctx = make_ctx()
    line = (
        '/counterexample law=2 claim="Mixtral is below GPT-4" models="Mixtral-8x7b, '
        'GPT-4-0314" evidence=https://lmarena.ai snapshot="arena 2024-06-19"'
    )
    assert (await run_text(ctx, line)).title == "Counterexample #1 received"
    bare = await run_text(ctx, "/counterexample")
    assert "give the fields as name=value" in bare.text
    positional = await run_text(ctx, "/counterexample 2 claim=x")
    assert "takes its fields as name=value ('2' has no '=')" in positional.text
    unknown = await run_text(ctx, "/counterexample colour=red")
    assert "has no option 'colour'" in unknown.text


async def test_form_text_reaches_storage_exactly_as_typed(make_ctx) -> None:
    from storage.counterexamples import get_counterexample

    ctx = make_ctx()
    claim = "  indented\n\tand trailing space  "
    await run_command(
        ctx, "counterexample", {**GOOD, "law": " 2 ", "claim": claim, "snapshot": " "}
    )
    stored = await ctx.storage.call(get_counterexample, 1)
    assert stored.submission.claim == claim
    assert stored.submission.snapshot == ""
    assert stored.submission.law == "2"
