"""Weekly check-ins (the DM's Check in button and the form) and outcomes (Record the outcome
and its form)."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import checkins as publish
from bot.services import checkins as service
from bot.listeners.shapes import look, submit
from bot.slack.payloads import actor, int_value, metadata_id, row_id, text_value
from bot.views.checkins import CHECKIN_CALLBACK, OPEN_CHECKIN, OPEN_OUTCOME, OUTCOME_CALLBACK


def open_checkin(ack, body, action, context):
    ctx, shown = look(ack, body, context, lambda ctx, team_id, user_id: ctx.read(
        service.checkin_form, team_id, int_value(action), user_id))
    if shown is not None:
        checkin, challenge = shown
        publish.open_checkin(ctx, trigger_id=body["trigger_id"], checkin=checkin, challenge=challenge)


def checkin_submitted(ack, body, view, context):
    answers = service.Answers(problem_statement=text_value(view, "problem_statement"),
                              surprise=text_value(view, "surprise"), shipped=text_value(view, "shipped"),
                              team_health=text_value(view, "team_health"),
                              private_note=text_value(view, "private_note"))
    ctx, answered = submit(ack, body, view, context, lambda ctx, team_id, user_id: ctx.write(
        service.submit_answers, team_id=team_id, checkin_id=metadata_id(view), user_id=user_id, answers=answers,
        now=ctx.clock.now()))
    if answered is not None:
        publish.checked_in(ctx, answered)


def _outcome_ids(value: str | None) -> tuple[int | None, int]:
    """(cohort, challenge) from "cohort:challenge" (the cohort may be empty)."""
    cohort_id, _, challenge_id = (value or "").partition(":")
    return (row_id(cohort_id) if cohort_id else None), row_id(challenge_id)


def _outcome_form(ctx: dozen.Context, team_id: str, value: str | None):
    """(cohort, challenge, outcome so far) for a Record the outcome button."""
    cohort_id, challenge_id = _outcome_ids(value)
    return (cohort_id, *ctx.read(service.outcome_form, team_id, challenge_id))


def open_outcome(ack, body, action, context):
    ctx, shown = look(ack, body, context, lambda ctx, team_id, _: _outcome_form(ctx, team_id, action.get("value")))
    if shown is not None:
        cohort_id, challenge, existing = shown
        team_id, user_id = actor(body)
        publish.open_outcome(ctx, trigger_id=body["trigger_id"], cohort_id=cohort_id, challenge=challenge,
                             existing=existing, team_id=team_id, user_id=user_id)


def outcome_submitted(ack, body, view, context):
    draft = service.OutcomeDraft(delivered=text_value(view, "delivered"), links=text_value(view, "links"),
                                 reusable=text_value(view, "reusable"))

    def record(ctx: dozen.Context, team_id: str, user_id: str):
        cohort_id, challenge_id = _outcome_ids(view.get("private_metadata"))
        return ctx.write(service.submit_outcome, team_id=team_id, cohort_id=cohort_id, challenge_id=challenge_id,
                         user_id=user_id, draft=draft, now=ctx.clock.now())

    ctx, recorded = submit(ack, body, view, context, record)
    if recorded is not None:
        team_id, user_id = actor(body)
        publish.outcome_recorded(ctx, user_id, *recorded, team_id=team_id)


def register(app: App) -> None:
    app.action(OPEN_CHECKIN)(open_checkin)
    app.view(CHECKIN_CALLBACK)(checkin_submitted)
    app.action(OPEN_OUTCOME)(open_outcome)
    app.view(OUTCOME_CALLBACK)(outcome_submitted)
