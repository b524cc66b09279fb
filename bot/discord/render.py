"""A neutral Reply as Discord messages: embeds within Discord's limits, PNG attachments,
buttons. Pure apart from building discord.py objects; nothing here talks to Discord."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.discord.buttons import ActionButton
from handlers.reply import Field, Reply, Tone

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000  # per message: the sum over all its embeds
EMBEDS_PER_MESSAGE = 10
BUTTONS_MAX = 25

ELLIPSIS = "…"

COLOURS: dict[Tone, discord.Colour] = {
    Tone.HOLDS: discord.Colour(0x2ECC71),  # green
    Tone.BROKEN: discord.Colour(0xE74C3C),  # red
    Tone.TIED: discord.Colour(0xFFBF00),  # amber
    Tone.UNDETERMINED: discord.Colour(0x95A5A6),  # grey
    Tone.ERROR: discord.Colour(0x992D22),  # dark red
    Tone.INFO: discord.Colour(0x5865F2),  # blurple
}

NO_MENTIONS = discord.AllowedMentions.none()


@dataclass
class Message:
    """One Discord message of a rendered Reply."""

    embeds: list[discord.Embed]
    files: list[discord.File] = field(default_factory=list)
    view: discord.ui.View | None = None

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments for discord.py's send methods, mentions disabled."""
        arguments: dict[str, Any] = {"embeds": self.embeds, "allowed_mentions": NO_MENTIONS}
        if self.files:
            arguments["files"] = self.files
        if self.view is not None:
            arguments["view"] = self.view
        return arguments


def neutralise(text: str) -> str:
    """User text cannot ping: @everyone, @here, <@id>, <@&id> get a zero-width space."""
    return discord.utils.escape_mentions(text)


def truncate(text: str, limit: int) -> str:
    """`text` as is when it fits in `limit` characters, else cut to exactly `limit` with an
    ellipsis as the last one: for Discord's embed limits, which refuse the whole message when a
    part is too long."""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def render(reply: Reply) -> list[Message]:
    """The messages that show `reply`: usually one. Text longer than one description, and
    more than 25 fields, continue in further embeds; more than Discord allows in one
    message (10 embeds, 6000 characters in all) continues in further messages. Files go
    with the first message, buttons with the last."""
    colour = COLOURS[reply.tone]
    footer = truncate(neutralise(reply.footer), FOOTER_MAX)
    embeds = _embeds(reply, colour)
    if footer:
        if len(embeds[-1]) + len(footer) > EMBED_TOTAL_MAX:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].set_footer(text=footer)
    messages = _pack(embeds)
    files = [
        discord.File(io.BytesIO(a.data), filename=a.filename, description=a.description or None)
        for a in reply.attachments
    ]
    messages[0].files = files
    # Each attachment is shown as an embed image: the first on the first embed, the others
    # on image-only embeds of the same message (the image must travel with its file).
    first = messages[0].embeds
    for i, attachment in enumerate(reply.attachments):
        if i == 0:
            first[0].set_image(url=f"attachment://{attachment.filename}")
        elif len(first) < EMBEDS_PER_MESSAGE:
            first.append(
                discord.Embed(colour=colour).set_image(url=f"attachment://{attachment.filename}")
            )
    if reply.actions:
        view = discord.ui.View(timeout=None)
        for action in reply.actions[:BUTTONS_MAX]:
            view.add_item(ActionButton.from_action(action))
        messages[-1].view = view
    return messages


def _embeds(reply: Reply, colour: discord.Colour) -> list[discord.Embed]:
    chunks = _chunks(neutralise(reply.text), DESCRIPTION_MAX) or [""]
    embeds = [
        discord.Embed(
            title=truncate(neutralise(reply.title), TITLE_MAX) or None,
            description=chunks[0] or None,
            colour=colour,
            url=reply.url or None,
        )
    ]
    embeds += [discord.Embed(description=c, colour=colour) for c in chunks[1:]]
    for f in reply.fields:
        name, value = _field(f)
        current = embeds[-1]
        full = len(current) + len(name) + len(value) > EMBED_TOTAL_MAX
        if full or len(current.fields) >= FIELDS_MAX:
            current = discord.Embed(colour=colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=f.inline)
    return embeds


FIELD_LINK = "Evidence and history"  # a field's link to its web page


def _field(f: Field) -> tuple[str, str]:
    # Discord rejects blank field names and values; a zero-width space stands in.
    name = truncate(neutralise(f.name), FIELD_NAME_MAX) or "\u200b"
    link = f"\n[{FIELD_LINK}]({f.url})" if f.url else ""
    value = (truncate(neutralise(f.value), FIELD_VALUE_MAX - len(link)) + link) or "\u200b"
    return name, value


def _chunks(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at line ends where possible."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        cut = cut if cut > 0 else limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        chunks.append(text)
    return chunks


def _pack(embeds: list[discord.Embed]) -> list[Message]:
    messages = [Message(embeds=[])]
    size = 0
    for embed in embeds:
        current = messages[-1]
        if current.embeds and (
            len(current.embeds) >= EMBEDS_PER_MESSAGE or size + len(embed) > EMBED_TOTAL_MAX
        ):
            current = Message(embeds=[])
            messages.append(current)
            size = 0
        current.embeds.append(embed)
        size += len(embed)
    return messages
