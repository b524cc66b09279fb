"""Hostile input through bolt's real path: a signed slash command with a huge text gets one
short error on its response_url, and nothing else."""

import json

from handlers.commands.registry import MAX_TEXT

HUGE = 900_000


async def test_huge_command_text_gets_one_short_error(start_bot) -> None:
    bot = await start_bot()
    name = await bot.command("/top", "x" * HUGE)
    [message] = await bot.responses(name)
    # A later command answered means the first one's listener had its turn to post more.
    await bot.responses(await bot.command("/laws"))
    posts = [c for c in bot.fake.calls if c.path == f"/response/{name}"]
    assert len(posts) == 1
    assert message["response_type"] == "ephemeral"
    assert len(json.dumps(message)) < 1_000
    assert f"at most {MAX_TEXT:,} characters" in message["text"]
    assert "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" not in json.dumps(message)
