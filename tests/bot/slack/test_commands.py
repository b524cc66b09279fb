"""Slash commands through bolt's HTTP endpoint: signed requests in, Web API and
response_url calls out to the local Slack."""

import json
import time
from urllib.parse import urlencode

import pytest

from handlers.commands import COMMANDS, Command, Param
from handlers.reply import Attachment, Field, Reply
from laws import LAWS
from tests.bot.slack.conftest import sign


def texts(message: dict) -> str:
    """Every piece of text in a message: fallback and blocks."""
    return json.dumps(message, ensure_ascii=False)


def mrkdwn_objects(value: object) -> list[dict]:
    if isinstance(value, dict):
        found = [value] if value.get("type") == "mrkdwn" else []
        return found + [o for v in value.values() for o in mrkdwn_objects(v)]
    if isinstance(value, list):
        return [o for v in value for o in mrkdwn_objects(v)]
    return []


async def test_law_2_answers_in_channel_with_blocks(start_bot) -> None:
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/law", "2"))
    assert message["response_type"] == "in_channel"
    header, section = message["blocks"][0], message["blocks"][1]
    assert header["type"] == "header"
    assert header["text"] == {
        "type": "plain_text",
        "text": f"Law 2: {LAWS['2'].name}",
        "emoji": True,
    }
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    assert section["text"]["text"].startswith("&gt; " + LAWS["2"].statement)
    assert message["text"].startswith(f"Law 2: {LAWS['2'].name}")
    assert "No verdicts yet" in section["text"]["text"]


async def test_law_9_is_an_ephemeral_error(start_bot) -> None:
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/law", "9"))
    assert message["response_type"] == "ephemeral"
    assert "there is no law '9'. Choose one of 1, 2, 3." in texts(message)
    assert message["blocks"][0]["text"]["text"].startswith("⚠️ Sorry")


async def test_laws_and_help_list_everything(start_bot) -> None:
    bot = await start_bot()
    laws_name = await bot.command("/laws")
    help_name = await bot.command("/help")
    [laws] = await bot.responses(laws_name)
    [help_] = await bot.responses(help_name)
    for law in LAWS.values():
        assert law.statement in texts(laws)
    for command in COMMANDS.values():
        assert command.summary in texts(help_)
    assert help_["blocks"][0]["text"]["text"] == "Lawkeeper commands"


async def test_command_prefix_names_the_commands(start_bot) -> None:
    bot = await start_bot(command_prefix="lk-")
    [ok] = await bot.responses(await bot.command("/lk-law", "1"))
    assert ok["blocks"][0]["text"]["text"] == f"Law 1: {LAWS['1'].name}"
    [refused] = await bot.responses(await bot.command("/law", "1"))
    assert refused["response_type"] == "ephemeral"
    assert "I don't know /law. Commands: /lk-law, /lk-laws" in texts(refused)


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/x-www-form-urlencoded"},  # unsigned
        "stale",
        "wrong",
    ],
)
async def test_badly_signed_requests_get_401_and_run_nothing(start_bot, headers) -> None:
    bot = await start_bot()
    ran: list[str] = []

    async def spy(ctx) -> Reply:
        ran.append(ctx.invoker.user_id)
        return Reply(title="ran")

    COMMANDS["spy"] = Command("spy", "test only", (), spy)
    try:
        body = urlencode(
            {
                "command": "/spy",
                "text": "",
                "user_id": "U1",
                "team_id": "T1",
                "channel_id": "C1",
                "response_url": bot.fake.response_url("bad"),
                "trigger_id": "t",
            }
        )
        if headers == "stale":
            headers = sign(body, int(time.time()) - 600)
        elif headers == "wrong":
            headers = sign(body, int(time.time()), secret="not-the-secret")
        status, _ = await bot.post(body, headers)
        assert status == 401
        # A good request afterwards is answered; the refused one never was.
        await bot.responses(await bot.command("/spy"))
        assert ran == ["U1"]
        assert not [c for c in bot.fake.calls if c.path == "/response/bad"]
    finally:
        del COMMANDS["spy"]


async def test_mentions_in_user_text_never_ping(start_bot, monkeypatch) -> None:
    async def echo(ctx, words: str) -> Reply:
        return Reply(
            title=f"You said {words}",
            text=words,
            fields=(Field(words, words, inline=True),),
            footer=words,
        )

    monkeypatch.setitem(
        COMMANDS,
        "echo",
        Command("echo", "test only", (Param("words", "anything", required=True, rest=True),), echo),
    )
    bot = await start_bot()
    said = "<!channel> <!here> <@U0BOSS> <#C9> & <https://x.example|click>"
    [message] = await bot.responses(await bot.command("/echo", said))
    # Everything Slack parses: the fallback text and every mrkdwn object.
    parsed = [message["text"], *(o["text"] for o in mrkdwn_objects(message["blocks"]))]
    assert len(parsed) == 4  # fallback, section, inline field, footer
    sent = "\n".join(parsed)
    for dangerous in ("<!channel>", "<!here>", "<@U0BOSS>", "<#C9>", "<https://"):
        assert dangerous not in sent
    escaped = "&lt;!channel&gt; &lt;!here&gt; &lt;@U0BOSS&gt; &lt;#C9&gt; &amp; &lt;https"
    section = message["blocks"][1]["text"]
    assert section["text"].startswith(escaped) and section["verbatim"] is True
    assert message["text"].startswith("You said &lt;!channel&gt;")
    # The header is plain_text, which Slack shows as it is and never parses for mentions.
    assert message["blocks"][0]["text"] == {
        "type": "plain_text",
        "text": f"You said {said}",
        "emoji": True,
    }


async def test_chart_is_uploaded_with_files_upload_v2(start_bot, monkeypatch) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

    async def chart(ctx) -> Reply:
        return Reply(
            title="Top score by month",
            attachments=(Attachment("top.png", png, "Top score by month"),),
        )

    monkeypatch.setitem(COMMANDS, "chart", Command("chart", "test only", (), chart))
    bot = await start_bot()
    await bot.responses(await bot.command("/chart", channel="C7"))
    complete = await bot.fake.wait_for(lambda f: f.of("files.completeUploadExternal"))
    [asked] = bot.fake.of("files.getUploadURLExternal")
    assert asked.data["filename"] == "top.png" and int(asked.data["length"]) == len(png)
    assert asked.data["alt_txt"] == "Top score by month"
    [uploaded] = bot.fake.of("upload")
    assert uploaded.raw == png
    assert complete[0].data["channel_id"] == "C7"
    files = complete[0].data["files"]
    files = json.loads(files) if isinstance(files, str) else files
    assert files == [{"id": "F1", "title": "top.png"}]
    assert uploaded.path == "/upload/F1"
    assert asked.token == "xoxb-test-token"
