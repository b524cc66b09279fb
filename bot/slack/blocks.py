"""Neutral values → Block Kit, within Slack's limits.

Every piece of text a handler returns is data: it is escaped (`&`, `<`, `>`) before it goes
into mrkdwn, and mrkdwn objects are `verbatim`, so `<!channel>`, `<!here>` or `<@U…>` typed
by a user shows as text and never pings. Titles and labels go out as `plain_text`.
"""

from __future__ import annotations

import json
from typing import Any

from handlers.commands.registry import Command
from handlers.forms import Action, Form
from handlers.reply import Field, Reply, Tone

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER = 150
MAX_BUTTONS = 25
MAX_BUTTON_TEXT = 75
MAX_FALLBACK = 3000
MAX_MODAL_TITLE = 24
MAX_METADATA = 3000
REASON_MAX_LENGTH = 500

TONE_MARK = {
    Tone.INFO: "",
    Tone.HOLDS: "✅ ",
    Tone.BROKEN: "❌ ",
    Tone.TIED: "➖ ",
    Tone.UNDETERMINED: "❔ ",
    Tone.ERROR: "⚠️ ",
}

Block = dict[str, Any]
Message = dict[str, Any]  # {"text": fallback, "blocks": [...]}


def escape(text: str) -> str:
    """Slack's three control characters as entities: text can no longer form a mention,
    a channel link or a URL."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> dict[str, Any]:
    """Escaped mrkdwn; handlers write Markdown `**bold**`, Slack's bold is `*bold*`."""
    return {"type": "mrkdwn", "text": escape(text).replace("**", "*"), "verbatim": True}


def plain(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object cut to `limit` characters with an ellipsis. It is not escaped (Slack
    shows plain_text as typed), and empty text becomes a space, since Slack refuses an empty
    text."""
    return {"type": "plain_text", "text": _cut(text, limit) or " ", "emoji": True}


def render(reply: Reply) -> list[Message]:
    """A Reply as one or more messages of at most 50 blocks, each with a text fallback
    (notifications and screen readers use it)."""
    blocks: list[Block] = [
        {"type": "header", "text": plain(TONE_MARK[reply.tone] + reply.title, MAX_HEADER)}
    ]
    if reply.url:  # a header cannot link: the page's link goes right under it
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": link(reply.url, PAGE_LINK), "verbatim": True}
                ],
            }
        )
    blocks += [_section(chunk) for chunk in _chunks(reply.text, MAX_SECTION_TEXT)]
    blocks += _field_blocks(reply.fields)
    if reply.footer:
        blocks += [
            {"type": "context", "elements": [mrkdwn(chunk)]}
            for chunk in _chunks(reply.footer, MAX_SECTION_TEXT)
        ]
    blocks += _action_blocks(reply.actions)
    pages = [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
    first = escape(_cut(f"{reply.title}\n{reply.text}".strip(), MAX_FALLBACK))
    return [
        {
            "text": first
            if n == 0
            else escape(_cut(f"{reply.title} (continued {n + 1})", MAX_FALLBACK)),
            "blocks": page,
        }
        for n, page in enumerate(pages)
    ]


PAGE_LINK = "On the web: the evidence, month by month"
FIELD_LINK = "Evidence and history"


def link(url: str, label: str) -> str:
    """A mrkdwn link (our own URLs: percent-encoded, checked by the config)."""
    return f"<{escape(url)}|{escape(label)}>"


def _section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def _field_blocks(fields: tuple[Field, ...]) -> list[Block]:
    """Runs of inline fields share sections (10 fields each); other fields get their own."""
    blocks: list[Block] = []
    run: list[Field] = []

    def flush() -> None:
        for i in range(0, len(run), MAX_FIELDS):
            blocks.append(
                {
                    "type": "section",
                    "fields": [
                        mrkdwn(_cut_escaped(f"**{f.name}**\n{f.value}", MAX_FIELD_TEXT))
                        for f in run[i : i + MAX_FIELDS]
                    ],
                }
            )
        run.clear()

    for f in fields:
        if f.inline:
            run.append(f)
            continue
        flush()
        tail = f"\n{link(f.url, FIELD_LINK)}" if f.url else ""
        chunks = _chunks(f"**{f.name}**\n{f.value}", MAX_SECTION_TEXT - len(tail))
        blocks += [_section(chunk) for chunk in chunks]
        if tail:
            blocks[-1]["text"]["text"] += tail
    flush()
    return blocks


def _action_blocks(actions: tuple[Action, ...]) -> list[Block]:
    return [
        {"type": "actions", "elements": [button(a) for a in actions[i : i + MAX_BUTTONS]]}
        for i in range(0, len(actions), MAX_BUTTONS)
    ]


def button(action: Action) -> Block:
    """A button whose action_id is the Action's custom_id; the value says whether a click
    asks for a reason first."""
    element: Block = {
        "type": "button",
        "action_id": action.custom_id,
        "text": plain(action.label, MAX_BUTTON_TEXT),
        "value": "ask-reason" if action.asks_reason else "run",
    }
    if action.style in ("primary", "danger"):
        element["style"] = action.style
    return element


def form_view(
    command: Command, form: Form, metadata: dict[str, str], key: str = ""
) -> dict[str, Any]:
    """The modal for a command with a form (or a form it chose by `key`, named in the
    callback id as `lk-form:<command>:<key>`): one plain_text_input per field."""
    blocks = []
    for f in form.fields:
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": f.name,
            "multiline": f.multiline,
            "max_length": f.max_length,
        }
        if f.placeholder:
            element["placeholder"] = plain(f.placeholder, 150)
        blocks.append(
            {
                "type": "input",
                "block_id": f.name,
                "optional": not f.required,
                "label": plain(f.label, 2000),
                "element": element,
            }
        )
    callback = f"lk-form:{command.name}" + (f":{key}" if key else "")
    return _modal(callback, form.title, "Submit", blocks, metadata)


def reason_view(label: str, metadata: dict[str, str]) -> dict[str, Any]:
    """The modal asking why, before a button that needs a reason runs."""
    element = {
        "type": "plain_text_input",
        "action_id": "reason",
        "multiline": True,
        "max_length": REASON_MAX_LENGTH,
    }
    blocks = [
        {"type": "input", "block_id": "reason", "label": plain("Reason", 2000), "element": element}
    ]
    return _modal("lk-reason", label, label, blocks, metadata)


def _modal(
    callback_id: str, title: str, submit: str, blocks: list[Block], metadata: dict[str, str]
) -> dict[str, Any]:
    private = json.dumps(metadata)
    if len(private) > MAX_METADATA:
        raise ValueError("modal metadata is longer than Slack keeps")
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MAX_MODAL_TITLE),
        "submit": plain(submit, MAX_MODAL_TITLE),
        "close": plain("Cancel", MAX_MODAL_TITLE),
        "private_metadata": private,
        "blocks": blocks,
    }


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_escaped(text: str, limit: int) -> str:
    """`text` shortened so that, once escaped, it fits in `limit`."""
    if len(escape(text)) <= limit:
        return text
    return text[: _fit(text, limit - 1)] + "…"


def _chunks(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters once escaped, cut at line ends where possible."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if len(escape(rest)) <= limit:
            pieces.append(rest)
            break
        cut = _fit(rest, limit)
        newline = rest.rfind("\n", 0, cut)
        cut = newline if newline > cut // 2 else cut
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    return pieces


def _fit(text: str, limit: int) -> int:
    """The longest prefix length whose escaped form fits in `limit`."""
    size = 0
    for i, ch in enumerate(text):
        size += len(escape(ch))
        if size > limit:
            return i
    return len(text)
