"""/predict (a form per template, or the text form inline), /predictions, /prediction N
(with withdraw and void), /forecasters."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from handlers.commands.registry import Command, FormChoice, Param
from handlers.context import Context
from handlers.links import Links
from handlers.predictions import display
from handlers.predictions.form import FORM_FIELDS, FORMS, text_of_form
from handlers.predictions.workflow import field_error, may_state, state, void_, withdraw_
from handlers.reply import Reply
from predictions.claims import TEMPLATES, ClaimError
from predictions.scoring import brier
from storage.counterexamples import Person
from storage.predictions import RESOLVED, Prediction, Status, get_prediction, list_predictions
from storage.predictions import scored as scored_predictions

LIST_LIMIT = 15
FORECASTERS_LIMIT = 20
EXAMPLES = {
    "leader": "leader leaderboard=arena openness=open by=2027-06-30 confidence=30",
    "reaches": "reaches leaderboard=arena model=any-open score=1500 by=2027-06-30",
    "lag": "lag leaderboard=arena months=3 by=2027-12-31",
    "smaller-beats": "smaller-beats leaderboard=arena params=70B model=gpt-4o-2024-05-13 "
    "by=2027-06-30",
    "above": "above leaderboard=arena model=claude-opus-4-1-20250805 other=gpt-5-high "
    "on=2027-03-01",
}
LISTS = {"open": ({Status.OPEN}, "open"), "resolved": (set(RESOLVED), "resolved")}


async def predict(ctx: Context, template: str, claim: str | None = None) -> Reply:
    """/predict TEMPLATE CLAIM: the claim typed after the template, stated by `state` (parsed,
    bounded, checked and stored); the user gets the acknowledgement or the field to fix. Reached
    with the template alone only where there are no forms (a piped console): it then shows how
    to type the claim."""
    if not claim:
        return Reply.error(
            f"/predict {template} opens a form. Where there is none (a piped "
            f"console), give the claim's fields after the template, such as "
            f"/predict {EXAMPLES[template]}"
        )
    return await state(ctx, f"{template} {claim}")


async def submit_form(ctx: Context, template: str, values: dict[str, str | None]) -> Reply:
    """A /predict form's submission: the fields turned into the claim's text form and stated as
    if typed; a field the template cannot take is refused by the name the form gives it, and
    nothing is stored."""
    try:
        text = text_of_form(template, values)
    except ClaimError as exc:
        return Reply.error(field_error(exc, FORM_FIELDS))
    return await state(ctx, text, FORM_FIELDS)


async def predictions_(ctx: Context, which: str | None = None) -> Reply:
    """/predictions [open|resolved|mine]: the newest LIST_LIMIT predictions that are open,
    resolved, or the invoker's own (any status), or without an argument of every status; each
    with its status, deadline, sentence and byline."""
    if which == "mine":
        inv = ctx.invoker
        items = await ctx.storage.call(
            list_predictions, None, Person(inv.platform, inv.user_id, inv.user_name), LIST_LIMIT
        )
        heading = "Your predictions"
    else:
        statuses, word = LISTS.get(which or "", (None, ""))
        items = await ctx.storage.call(list_predictions, statuses, None, LIST_LIMIT)
        heading = " · ".join(["Predictions", *([word] if word else [])])
    return display.listing(items, heading, LIST_LIMIT)


async def prediction(
    ctx: Context, number: str, action: str | None = None, reason: str | None = None
) -> Reply:
    """/prediction N [withdraw|void REASON]: one prediction with its evidence and web link, a
    Withdraw button for its author while it is open and Void for moderators. 'withdraw' and
    'void' act instead (`withdraw_`, `void_` refuse anyone else); an error quoting the number
    when there is no such one."""
    if action == "withdraw":
        return await withdraw_(ctx, number)
    if action == "void":
        return await void_(ctx, number, reason)
    wanted = display.number_of(number)
    found = None if wanted is None else await ctx.storage.call(get_prediction, wanted)
    if found is None:
        return Reply.error(display.no_such(number))
    inv = ctx.invoker
    mine = (found.by.platform, found.by.user_id) == (inv.platform, inv.user_id) and bool(
        found.by.user_id
    )
    reply = display.detail(found, may_withdraw=mine, may_void=inv.is_moderator)
    return dataclasses.replace(reply, url=Links.of(ctx.services.config).prediction(found.id))


async def forecasters_(ctx: Context) -> Reply:
    """/forecasters: the FORECASTERS_LIMIT best forecasters as `ranked` orders them (Brier score
    first), each with their resolved predictions and how many came true; voided predictions do
    not count."""
    return display.forecasters(
        ranked(await ctx.storage.call(scored_predictions)), FORECASTERS_LIMIT
    )


def ranked(resolved: list[Prediction]) -> list[display.Forecaster]:
    """One line per person (platform and user id; named as they last were), best Brier
    score first, then those without one by how many came true."""
    by_person: dict[tuple[str, str], list[Prediction]] = defaultdict(list)
    for p in resolved:
        by_person[(p.by.platform, p.by.user_id)].append(p)
    people = []
    for (platform, _), theirs in by_person.items():
        outcomes = [(p.stated.confidence, bool(p.came_true)) for p in theirs]
        people.append(
            display.Forecaster(
                name=theirs[-1].by.user_name,
                platform=platform,
                resolved=len(theirs),
                right=sum(came for _, came in outcomes),
                scored=sum(c is not None for c, _ in outcomes),
                brier=brier(outcomes),
            )
        )
    return sorted(
        people, key=lambda f: (f.brier is None, f.brier or 0.0, -f.right, -f.resolved, f.name)
    )


COMMANDS = (
    Command(
        "predict",
        "State a checkable prediction about a leaderboard (a form, or the "
        "claim typed after the template)",
        (
            Param("template", "what kind of claim", required=True, choices=TEMPLATES),
            Param(
                "claim",
                "its fields as name=value: leaderboard=arena openness=open "
                "by=2027-06-30 (none: a form)",
                rest=True,
                raw=True,
            ),
        ),
        predict,
        gate=may_state,
        forms=FormChoice(FORMS, submit_form),
    ),
    Command(
        "predictions",
        "List predictions: open, resolved, or your own (mine)",
        (Param("which", "which ones", choices=("open", "resolved", "mine")),),
        predictions_,
    ),
    Command(
        "prediction",
        "One prediction with its evidence; withdraw it (its author) or void "
        "it (moderators, with a reason)",
        (
            Param("number", "the prediction's number, such as 12", required=True),
            Param(
                "action",
                "withdraw (its author, while open) or void (moderators)",
                choices=("withdraw", "void"),
            ),
            Param("reason", "why it is voided", rest=True),
        ),
        prediction,
    ),
    Command(
        "forecasters",
        "Per person: resolved predictions, how many came true, and a Brier score",
        (),
        forecasters_,
    ),
)
