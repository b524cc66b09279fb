"""The pipe between the bot and its chart renderer (`python -m laws.charts`, driven by
`handlers.charts`): frames of a 5-byte header, one kind byte and a 4-byte big-endian length,
then that many bytes. The bot sends REQUEST frames, JSON `{"law": "2", "verdicts": [...]}`
(`Verdict.to_dict`); the renderer answers each with a PNG frame, or an ERROR frame holding
one line of UTF-8 saying why it could not draw that chart (and goes on serving)."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable

from laws.verdict import Verdict

HEADER = struct.Struct(">cI")
REQUEST, PNG, ERROR = b"Q", b"P", b"E"


def frame(kind: bytes, body: bytes) -> bytes:
    """One frame: its header, then `body`."""
    return HEADER.pack(kind, len(body)) + body


def chart_request(law_id: str, verdicts: Iterable[Verdict]) -> bytes:
    """The REQUEST frame asking for law `law_id`'s chart drawn from `verdicts`."""
    body = {"law": law_id, "verdicts": [v.to_dict() for v in verdicts]}
    return frame(REQUEST, json.dumps(body).encode())


def read_request(body: bytes) -> tuple[str, list[Verdict]]:
    """A REQUEST frame's body as the law id and its verdicts; ValueError (or KeyError,
    TypeError) when it is not one."""
    values = json.loads(body)
    return str(values["law"]), [Verdict.from_dict(v) for v in values["verdicts"]]
