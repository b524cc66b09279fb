"""Announcements to channels: SlackDeliverer against the local Slack."""

import pytest

from bot.slack.blocks import MAX_BLOCKS, render
from bot.slack.client import web_client
from bot.slack.delivery import SlackDeliverer
from handlers.delivery import DestinationGone
from handlers.reply import Field, Reply
from tests.bot.slack.fake_slack import is_ts

ANNOUNCEMENT = Reply(
    title="New #1 on arena/text: Model X",
    text="Took the top spot <!channel>",
    fields=(Field("Score", "1402", inline=True),),
)


async def test_announcement_reaches_two_channels_and_an_archived_one_is_gone(fake_slack) -> None:
    fake_slack.channel_errors["CARCHIVED"] = "is_archived"
    deliverer = SlackDeliverer(web_client(fake_slack.api_url, "xoxb-test-token"))
    outcome = {}
    for channel in ("C1", "CARCHIVED", "C2"):
        try:
            outcome[channel] = await deliverer.deliver(channel, ANNOUNCEMENT)
        except DestinationGone as exc:
            outcome[channel] = f"gone: {exc}"
    assert is_ts(outcome["C1"]) and is_ts(outcome["C2"])
    assert outcome["CARCHIVED"] == "gone: Slack channel CARCHIVED: is_archived"
    posted = fake_slack.of("chat.postMessage")
    assert [c.data["channel"] for c in posted] == ["C1", "CARCHIVED", "C2"]
    assert posted[0].data["blocks"] == render(ANNOUNCEMENT)[0]["blocks"]
    assert "<!channel>" not in posted[0].data["text"]
    assert posted[0].token == "xoxb-test-token"


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived"])
async def test_permanent_errors_are_destination_gone(fake_slack, error) -> None:
    fake_slack.channel_errors["CX"] = error
    with pytest.raises(DestinationGone, match=error):
        await SlackDeliverer(web_client(fake_slack.api_url, "t")).deliver("CX", ANNOUNCEMENT)


async def test_other_errors_propagate_for_the_outbox_to_retry(fake_slack) -> None:
    from slack_sdk.errors import SlackApiError

    fake_slack.channel_errors["CX"] = "internal_error"
    with pytest.raises(SlackApiError, match="internal_error"):
        await SlackDeliverer(web_client(fake_slack.api_url, "t")).deliver("CX", ANNOUNCEMENT)


async def test_rate_limit_is_waited_out_and_retried(fake_slack) -> None:
    fake_slack.rate_limited["chat.postMessage"] = 1
    ts = await SlackDeliverer(web_client(fake_slack.api_url, "t")).deliver("C1", ANNOUNCEMENT)
    assert ts
    assert [c.data["channel"] for c in fake_slack.of("chat.postMessage")] == ["C1", "C1"]
    assert fake_slack.rate_limited["chat.postMessage"] == 0


async def test_a_long_reply_is_split_into_messages_of_at_most_50_blocks(fake_slack) -> None:
    reply = Reply(
        title="Ledger",
        text="x" * 7000,
        fields=tuple(Field(f"scope {i}", "HOLDS") for i in range(80)),
    )
    ts = await SlackDeliverer(web_client(fake_slack.api_url, "t")).deliver("C1", reply)
    posted = fake_slack.of("chat.postMessage")
    assert len(posted) == 2 and ts == fake_slack.messages["C1"][0]["ts"]
    blocks = [b for c in posted for b in c.data["blocks"]]
    assert all(len(c.data["blocks"]) <= MAX_BLOCKS for c in posted)
    assert len(blocks) == 1 + 3 + 80  # header, 7000 characters in 3 sections, one per field
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert posted[1].data["text"] == "Ledger (continued 2)"
