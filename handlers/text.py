"""User text on display: it may never ping anyone on any platform.

Stored text stays exactly as typed; these functions apply only when showing it. Adapters
should also switch mentions off on their side (Discord `AllowedMentions.none()`, Slack
escaping of `&`, `<`, `>`); this is the platform-neutral half that works everywhere.
"""

from __future__ import annotations

import dataclasses
import re

from handlers.reply import Field, Reply

ZERO_WIDTH_SPACE = "\u200b"
# Discord: @everyone, @here. Slack: <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U123>,
# <#C123>. Discord also: <@123>, <@!123>, <@&role>, <#channel>.
_MASS = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_ANGLE = re.compile(r"<(?=[@!#])")


def neutralise(text: str) -> str:
    """`text` with every mention form broken by a zero-width space: it reads the same and
    pings nobody."""
    text = _MASS.sub("@" + ZERO_WIDTH_SPACE, text)
    return _ANGLE.sub("<" + ZERO_WIDTH_SPACE, text)


def neutralise_reply(reply: Reply) -> Reply:
    """A Reply whose every shown string (title, text, fields, footer) is neutralised."""
    return dataclasses.replace(
        reply,
        title=neutralise(reply.title),
        text=neutralise(reply.text),
        fields=tuple(
            Field(neutralise(f.name), neutralise(f.value), f.inline) for f in reply.fields
        ),
        footer=neutralise(reply.footer),
    )


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in '…' when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Markdown that Discord or Slack would act on in user text, and what shows instead: look-
# alike characters (emphasis, code, strike-through, spoilers, masked links), and a
# zero-width space before a line's quote or heading mark. Underscores inside words
# (snake_case names) format nothing and stay.
_INERT = str.maketrans({"*": "\u2217", "`": "\u02cb", "~": "\u223c", "|": "\u01c0"})
_EDGE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_MASKED_LINK = re.compile(r"\]\(")
_LINE_MARK = re.compile(r"^(?=[>#]|-#)", re.MULTILINE)


def inert(text: str) -> str:
    """User text (a name, a reason) on display: it reads the same but can neither ping
    (`neutralise`) nor format the message it is shown in (bold, links, quotes, code)."""
    text = _EDGE_UNDERSCORE.sub("\uff3f", text.translate(_INERT))
    text = _LINE_MARK.sub(ZERO_WIDTH_SPACE, _MASKED_LINK.sub("\uff3d(", text))
    return neutralise(text)
