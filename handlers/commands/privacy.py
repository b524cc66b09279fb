"""/my-data (what the bot holds about you) and /forget-me (remove it, after confirming).

Both act only on the invoker's own (platform, user id): neither takes a user argument, and
the confirm button forgets whoever presses it, so no one can see or erase another's data.
Every reply is ephemeral: it lists the person's own activity.
"""

from __future__ import annotations

from handlers.actions import ACTIONS
from handlers.commands.registry import Command, Param
from handlers.context import Context
from handlers.forms import Action
from handlers.reply import Field, Reply, Tone
from handlers.text import clip, neutralise_reply
from storage.personal_data import FORMER_MEMBER, Held, forget, held_about

FIELD_MAX = 1024  # Discord's limit for an embed field value
CONFIRM = "confirm"
FORGET_ACTION = "forget_me"  # handlers.actions.ACTIONS kind of the confirm button
NOTHING = (
    "I hold nothing about you: no counterexamples, reviews, predictions, subscriptions "
    "you set up or installations under your {platform} id."
)

_KEPT = (
    "Counterexamples, reviews and predictions keep their content and outcome, credited "
    f"to “{FORMER_MEMBER}” (your predictions leave /forecasters); subscriptions keep "
    "running for their channel. Messages already posted in chat are not edited."
)


async def my_data(ctx: Context) -> Reply:
    """/my-data: everything held under the invoker's own platform id (submissions, reviews,
    predictions, voids, subscriptions they set up, Slack installations, announcements naming
    them), shown to them alone. It takes no user argument, so no one can see another's data."""
    inv = ctx.invoker
    held = await ctx.storage.call(held_about, inv.platform, inv.user_id)
    if held.empty:
        return Reply(title="Your data", text=NOTHING.format(platform=inv.platform), ephemeral=True)
    return neutralise_reply(
        Reply(
            title="Your data",
            text=f"What I hold under your {inv.platform} id {inv.user_id}:",
            fields=_fields(held),
            footer="/forget-me removes it (it asks first).",
            ephemeral=True,
        )
    )


async def forget_me(ctx: Context, confirm: str | None = None) -> Reply:
    """/forget-me [confirm]: without 'confirm', what would be removed, with a Forget me button;
    with it (or the button), the invoker's id and name are removed from everything held
    (`forget`) and the reply says from what. Acts only on the invoker, every reply ephemeral;
    with nothing held it says so and changes nothing."""
    inv = ctx.invoker
    if confirm != CONFIRM:
        held = await ctx.storage.call(held_about, inv.platform, inv.user_id)
        if held.empty:
            return Reply(
                title="Nothing to forget",
                text=NOTHING.format(platform=inv.platform),
                ephemeral=True,
            )
        return neutralise_reply(
            Reply(
                title="Forget you? Please confirm",
                text=f"This removes your {inv.platform} id and name from everything below, and "
                "cannot be undone. " + _KEPT + " Press the button, or type /forget-me "
                "confirm.",
                fields=_fields(held),
                tone=Tone.ERROR,
                actions=(Action(FORGET_ACTION, CONFIRM, "Forget me", style="danger"),),
                ephemeral=True,
            )
        )
    held = await ctx.storage.call(forget, inv.platform, inv.user_id)
    if held.empty:
        return Reply(
            title="Nothing to forget", text=NOTHING.format(platform=inv.platform), ephemeral=True
        )
    return Reply(
        title="Forgotten",
        text=f"Your {inv.platform} id and name were removed from {_summary(held)}. " + _KEPT,
        ephemeral=True,
    )


async def _confirmed(ctx: Context, target: str, _reason: str | None) -> Reply:
    if target != CONFIRM:
        return Reply.error("That button no longer does anything.")
    return await forget_me(ctx, CONFIRM)


ACTIONS[FORGET_ACTION] = _confirmed


def _fields(held: Held) -> tuple[Field, ...]:
    fields = []
    if held.submitted:
        fields.append(
            Field(
                "Counterexamples you submitted",
                clip(
                    "\n".join(
                        f"#{s.id} · law {s.law} · {s.status}, {s.at[:10]}: as {s.name}, "
                        f"from channel {s.channel_id}"
                        for s in held.submitted
                    ),
                    FIELD_MAX,
                ),
            )
        )
    if held.reviewed:
        fields.append(
            Field(
                "Reviews you made",
                clip(
                    "\n".join(
                        f"#{r.counterexample_id} {r.action}, {r.at[:10]}: as {r.name}"
                        for r in held.reviewed
                    ),
                    FIELD_MAX,
                ),
            )
        )
    if held.predicted:
        fields.append(
            Field(
                "Predictions you stated",
                clip(
                    "\n".join(
                        f"#{p.id} · {p.status}, {p.at[:10]}: as {p.name}, "
                        f"from channel {p.channel_id}"
                        for p in held.predicted
                    ),
                    FIELD_MAX,
                ),
            )
        )
    if held.voided:
        fields.append(
            Field(
                "Predictions you voided",
                clip(
                    "\n".join(f"#{v.prediction_id}, {v.at[:10]}: as {v.name}" for v in held.voided),
                    FIELD_MAX,
                ),
            )
        )
    if held.subscriptions:
        fields.append(
            Field(
                "Subscriptions you set up (your name and id)",
                clip(
                    "\n".join(
                        f"channel {channel}: {'every leaderboard' if board == '*' else board}"
                        for channel, board in held.subscriptions
                    ),
                    FIELD_MAX,
                ),
            )
        )
    if held.installations:
        fields.append(
            Field(
                "Slack installations by you (with your user token, if any)",
                clip("\n".join(f"workspace {team}" for team in held.installations), FIELD_MAX),
            )
        )
    if held.announcements:
        fields.append(
            Field(
                "Announcements that quote your name",
                f"{held.announcements} accepted-counterexample announcement(s) in the outbox",
            )
        )
    if held.prediction_announcements:
        fields.append(
            Field(
                "Announcements that name you as a prediction's author",
                f"{held.prediction_announcements} resolved-prediction "
                "announcement(s) in the outbox",
            )
        )
    return tuple(fields)


def _summary(held: Held) -> str:
    parts = [
        (len(held.submitted), "counterexample"),
        (len(held.reviewed), "review"),
        (len(held.predicted), "prediction"),
        (len(held.voided), "void"),
        (len(held.subscriptions), "subscription"),
        (len(held.installations), "Slack installation"),
        (held.announcements + held.prediction_announcements, "announcement"),
    ]
    return ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in parts if n)


COMMANDS = (
    Command(
        "my-data", "What this bot holds about you (shown only to you)", (), my_data, private=True
    ),
    Command(
        "forget-me",
        "Remove your id and name from what this bot holds (asks first)",
        (Param("confirm", "type confirm to skip the question", choices=(CONFIRM,)),),
        forget_me,
        private=True,
    ),
)
