"""The shapes every listener shares, written once.

A listener gets Dozen's context, reads who acted, calls one service through a `Change` (a
function of the context, the workspace and the person), and answers Slack:
- `press`: a button that changes something. The change is committed before Slack hears
  "200" (a crash loses nothing Slack was told about); a refusal is told privately.
- `look`: a button that shows or opens something. Slack is answered first (a modal's
  trigger_id expires in 3 seconds); a refusal is told privately.
- `submit`: a form. The change is committed, then the form closes; a refusal names the
  fields at fault and the form stays open.
Refusals are said in the language of whoever acted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot import context as dozen
from bot.context import Context
from bot.services.errors import DomainError
from bot.slack.payloads import actor
from bot.slack.replies import answer_privately, refuse_submission

T = TypeVar("T")
Change = Callable[[Context, str, str], T]


def press(ack: Callable[..., None], body: dict, context: Any, change: Change) -> tuple[Context, T | None]:
    ctx = dozen.of(context)
    try:
        result = change(ctx, *actor(body))
    except DomainError as error:
        ack()
        answer_privately(ctx.client, body, error.say(ctx.lang(*actor(body))))
        return ctx, None
    ack()
    return ctx, result


def look(ack: Callable[..., None], body: dict, context: Any, query: Change) -> tuple[Context, T | None]:
    ack()
    ctx = dozen.of(context)
    try:
        return ctx, query(ctx, *actor(body))
    except DomainError as error:
        answer_privately(ctx.client, body, error.say(ctx.lang(*actor(body))))
        return ctx, None


def submit(ack: Callable[..., None], body: dict, view: dict, context: Any,
           change: Change) -> tuple[Context, T | None]:
    ctx = dozen.of(context)
    try:
        result = change(ctx, *actor(body))
    except DomainError as error:
        refuse_submission(ack, view, error, ctx.lang(*actor(body)))
        return ctx, None
    ack()
    return ctx, result
