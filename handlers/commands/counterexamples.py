"""/counterexample (a form), /counterexamples [law] [status], /counterexample-show N."""

from __future__ import annotations

from handlers.commands.registry import Command, Param
from handlers.context import Context
from handlers.counterexamples import display
from handlers.counterexamples.form import FORM
from handlers.counterexamples.workflow import may_submit, submit
from handlers.reply import Reply
from laws import LAW_IDS
from storage.counterexamples import Status, get_counterexample, list_counterexamples

LIST_LIMIT = 15


async def counterexample(
    ctx: Context,
    law: str | None = None,
    claim: str | None = None,
    models: str | None = None,
    evidence: str | None = None,
    snapshot: str | None = None,
) -> Reply:
    """/counterexample, from its form or with the fields typed as name=value: `submit`
    validates, bounds, checks and stores it and posts it for review; the user gets the
    acknowledgement with the check, or what to fix. With no field at all (a console without
    forms) it says how to type them."""
    values = {
        "law": law,
        "claim": claim,
        "models": models,
        "evidence": evidence,
        "snapshot": snapshot,
    }
    if not any(values.values()):
        return Reply.error(
            "/counterexample opens a form. Where there is none (a piped "
            "console), give the fields as name=value: " + EXAMPLE
        )
    return await submit(ctx, values)


async def counterexamples(ctx: Context, law: str | None = None, status: str | None = None) -> Reply:
    """/counterexamples [law] [status]: the newest LIST_LIMIT counterexamples, of that law and
    status if given, each with its claim, submitter and check outcome. Anyone may list them,
    pending and rejected ones included."""
    chosen = Status(status) if status else None
    items = await ctx.storage.call(list_counterexamples, law, chosen, LIST_LIMIT)
    heading = " · ".join(
        ["Counterexamples", *([f"law {law}"] if law else []), *([status] if status else [])]
    )
    return display.listing(items, heading, LIST_LIMIT)


async def counterexample_show(ctx: Context, number: str) -> Reply:
    """/counterexample-show N: one counterexample with its check and review history, with
    Approve / Reject buttons when a moderator asks and it is pending; an error quoting the
    number when there is no such one."""
    wanted = display.number_of(number)
    found = None if wanted is None else await ctx.storage.call(get_counterexample, wanted)
    if found is None:
        return Reply.error(display.no_such(number) + " List them with /counterexamples.")
    return display.detail(found, with_buttons=ctx.invoker.is_moderator)


EXAMPLE = (
    '/counterexample law=2 claim="…" models="model-a, model-b" '
    'evidence="https://…" snapshot="arena 2024-05-15".'
)

COMMANDS = (
    Command(
        "counterexample",
        "Submit a counterexample to a law, for moderators to review",
        tuple(Param(f.name, f.label) for f in FORM.fields),
        counterexample,
        form=FORM,
        gate=may_submit,
    ),
    Command(
        "counterexamples",
        "List counterexamples, of one law and status if given",
        (
            Param("law", "which law", choices=LAW_IDS),
            Param("status", "which status", choices=tuple(s.value for s in Status)),
        ),
        counterexamples,
    ),
    Command(
        "counterexample-show",
        "One counterexample with its check and review history",
        (Param("number", "the counterexample's number, such as 12", required=True),),
        counterexample_show,
    ),
)
