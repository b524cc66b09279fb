"""Block Kit rendering within Slack's limits."""

from bot.slack.blocks import escape, render
from handlers.reply import Field, Reply


def test_escape_makes_every_control_character_an_entity() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_inline_fields_share_sections_of_at_most_ten() -> None:
    reply = Reply(title="T", fields=tuple(Field(f"n{i}", "v", inline=True) for i in range(23)))
    [message] = render(reply)
    sections = [b for b in message["blocks"] if b["type"] == "section"]
    assert [len(s["fields"]) for s in sections] == [10, 10, 3]
    assert sections[0]["fields"][0]["text"] == "*n0*\nv"


def test_long_text_is_cut_where_escaping_still_fits() -> None:
    [message] = render(Reply(title="T", text="<" * 3500))
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert [len(s) for s in sections] == [3000, 3000, 3000, 3000, 2000]  # 750 '&lt;' each
    assert "".join(sections) == "&lt;" * 3500


def test_long_title_fits_the_header() -> None:
    [message] = render(Reply(title="t" * 200, footer="by Lawkeeper"))
    assert len(message["blocks"][0]["text"]["text"]) == 150
    assert message["blocks"][-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "by Lawkeeper", "verbatim": True}],
    }
