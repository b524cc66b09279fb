"""Reply -> Discord messages within Discord's limits, without mentions."""

from __future__ import annotations

import discord

from bot.discord.render import COLOURS, render
from handlers.forms import Action
from handlers.reply import Attachment, Field, Reply, Tone


def _within_limits(message) -> None:
    assert 1 <= len(message.embeds) <= 10
    assert sum(len(e) for e in message.embeds) <= 6000
    for embed in message.embeds:
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25
        assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in embed.fields)


def test_a_short_reply_is_one_embed_in_its_tone_colour() -> None:
    [message] = render(
        Reply(
            title="T",
            text="body",
            fields=(Field("a", "1", inline=True),),
            tone=Tone.BROKEN,
            footer="f",
        )
    )
    [embed] = message.embeds
    assert embed.to_dict() == {
        "type": "rich",
        "title": "T",
        "description": "body",
        "color": 0xE74C3C,
        "flags": 0,
        "footer": {"text": "f"},
        "fields": [{"name": "a", "value": "1", "inline": True}],
    }
    assert message.files == [] and message.view is None


def test_every_tone_has_its_colour() -> None:
    assert {t: COLOURS[t].value for t in Tone} == {
        Tone.HOLDS: 0x2ECC71,
        Tone.BROKEN: 0xE74C3C,
        Tone.TIED: 0xFFBF00,
        Tone.UNDETERMINED: 0x95A5A6,
        Tone.ERROR: 0x992D22,
        Tone.INFO: 0x5865F2,
    }
    for tone in Tone:
        [message] = render(Reply(title="x", tone=tone))
        assert message.embeds[0].colour == COLOURS[tone]


def test_long_title_and_field_texts_are_cut_with_an_ellipsis() -> None:
    [message] = render(Reply(title="t" * 300, fields=(Field("n" * 300, "v" * 2000),)))
    [embed] = message.embeds
    assert embed.title == "t" * 255 + "…"
    assert embed.fields[0].name == "n" * 255 + "…"
    assert embed.fields[0].value == "v" * 1023 + "…"


def test_long_text_continues_in_further_embeds_cut_at_line_ends() -> None:
    lines = [f"line {i:04d} " + "x" * 90 for i in range(100)]  # 100 lines of 100 characters
    messages = render(Reply(title="Ledger", text="\n".join(lines)))
    embeds = [e for m in messages for e in m.embeds]
    # 40 lines (40 * 101 - 1 characters) fit in 4096; the 6000 total forces a message each
    assert [len(e.description) for e in embeds] == [4039, 4039, 2019]
    assert [len(m.embeds) for m in messages] == [1, 1, 1]
    assert "\n".join(e.description for e in embeds) == "\n".join(lines)  # nothing lost
    assert all(len(e.description) <= 4096 for e in embeds)
    assert all(e.description.startswith("line ") for e in embeds)  # cut between lines
    assert embeds[0].title == "Ledger" and all(e.title is None for e in embeds[1:])
    for message in messages:
        _within_limits(message)


def test_many_fields_split_over_embeds_and_messages() -> None:
    fields = tuple(Field(f"scope {i}", "v" * 200) for i in range(60))
    messages = render(Reply(title="All", fields=fields, footer="end"))
    embeds = [e for m in messages for e in m.embeds]
    assert [f.name for e in embeds for f in e.fields] == [f.name for f in fields]  # in order
    for message in messages:
        _within_limits(message)
    # 60 fields of ~207 characters are ~12,400 characters: at least three messages
    assert len(messages) >= 3
    assert embeds[-1].footer.text == "end"
    assert all(e.footer.text is None for e in embeds[:-1])


def test_twenty_six_small_fields_need_a_second_embed() -> None:
    [message] = render(Reply(title="x", fields=tuple(Field(str(i), "v") for i in range(26))))
    assert [len(e.fields) for e in message.embeds] == [25, 1]


def test_mentions_are_neutralised_everywhere() -> None:
    reply = Reply(
        title="@everyone",
        text="hi @here <@123456789012345678>",
        fields=(Field("<@&123456789012345678>", "@everyone"),),
        footer="@here",
    )
    [message] = render(reply)
    [embed] = message.embeds
    text = str(embed.to_dict())
    assert "@everyone" not in text and "@here" not in text
    assert "<@123456789012345678>" not in text and "<@&123456789012345678>" not in text
    assert embed.title == "@\u200beveryone"
    assert message.arguments()["allowed_mentions"].to_dict() == {"parse": []}


def test_attachments_are_files_shown_as_embed_images() -> None:
    reply = Reply(
        title="Charts", attachments=(Attachment("a.png", b"A"), Attachment("b.png", b"B", "second"))
    )
    [message] = render(reply)
    assert [f.filename for f in message.files] == ["a.png", "b.png"]
    assert message.files[1].description == "second"
    assert [e.image.url for e in message.embeds] == ["attachment://a.png", "attachment://b.png"]


def test_actions_become_buttons_on_the_last_message() -> None:
    reply = Reply(
        title="Review",
        fields=tuple(Field(str(i), "v" * 900) for i in range(20)),
        actions=(
            Action("approve", "12", "Approve", style="primary"),
            Action("reject", "12", "Reject", style="danger", asks_reason=True),
        ),
    )
    messages = render(reply)
    assert len(messages) > 1 and all(m.view is None for m in messages[:-1])
    buttons = messages[-1].view.children
    assert [(b.item.custom_id, b.item.label, b.item.style) for b in buttons] == [
        ("lk:approve:12", "Approve", discord.ButtonStyle.primary),
        ("lk:reject:12:why", "Reject", discord.ButtonStyle.danger),
    ]
    assert messages[-1].view.timeout is None
