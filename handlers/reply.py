"""Neutral values that handlers return and adapters render (embed, Block Kit, text)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handlers.forms import Action


class Tone(StrEnum):
    """Colours the rendering; verdict tones match `laws.Status` values."""

    INFO = "INFO"
    HOLDS = "HOLDS"
    BROKEN = "BROKEN"
    TIED = "TIED"
    UNDETERMINED = "UNDETERMINED"
    ERROR = "ERROR"


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False
    url: str = ""  # a web page with more (the verdict's permalink); "" for none


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class Reply:
    title: str
    text: str = ""
    fields: tuple[Field, ...] = ()
    tone: Tone = Tone.INFO
    attachments: tuple[Attachment, ...] = ()
    footer: str = ""
    ephemeral: bool = False  # shown only to the person who asked, where the platform can
    actions: tuple[Action, ...] = ()  # buttons (moderator review)
    url: str = ""  # the web page of what the reply is about (its title links there)

    @classmethod
    def error(cls, text: str) -> Reply:
        """A refusal or failure, as every handler returns one: titled 'Sorry, I can't do that',
        in the error tone, shown only to the asker where the platform can."""
        return cls(title="Sorry, I can't do that", text=text, tone=Tone.ERROR, ephemeral=True)
