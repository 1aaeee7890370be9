"""Cohorts: the new-cohort form, the proposal's Confirm / Re-roll, invitations, the line
manager's answer and replacements. (`/dozen cohort new` opens the form: see publish.cohorts.open_form.)"""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import cohorts as publish
from bot.services import cohort_members as members
from bot.services import cohorts as service
from bot.listeners.shapes import press, submit
from bot.services.errors import NotAllowed
from bot.slack.payloads import actor, clicked_message, int_value, list_value, text_value, ticked
from bot.views.cohorts import (
    ACCEPT,
    COHORT_CALLBACK,
    CONFIRM,
    DECLINE,
    INVITE_REPLACEMENT,
    MANAGER_APPROVE,
    MANAGER_DECLINE,
    NOT_ORGANISER,
    REROLL,
    SKIP_REPLACEMENT,
    TICK,
)

TICKS = "tick_"  # the proposal's checkbox blocks


def cohort_submitted(ack, body, view, context):
    draft = service.CohortDraft(name=text_value(view, "name"), first_week=text_value(view, "first_week"),
                                weeks=text_value(view, "weeks"), size=text_value(view, "size"),
                                hours=text_value(view, "hours"), challenge_ids=list_value(view, "challenges"))

    def propose(ctx: dozen.Context, team_id: str, user_id: str):
        if not ctx.is_organiser(team_id, user_id):
            raise NotAllowed(NOT_ORGANISER)
        return ctx.write(service.propose, team_id=team_id, organiser_id=user_id, draft=draft, today=ctx.today(),
                         now=ctx.clock.now())

    ctx, cohort = submit(ack, body, view, context, propose)
    if cohort is not None:
        publish.send_proposal(ctx, cohort.team_id, cohort.id)


def box_ticked(ack):
    ack()  # the boxes are read when Confirm or Re-roll is pressed


def reroll(ack, body, action, context):
    ctx, cohort = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.reroll, team_id=team_id, cohort_id=int_value(action), user_id=user_id,
        ticked=ticked(body, TICKS), now=ctx.clock.now()))
    if cohort is not None:
        publish.redraw_proposal(ctx, cohort)


def confirm(ack, body, action, context):
    ctx, confirmed = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.confirm_proposal, team_id=team_id, cohort_id=int_value(action), user_id=user_id,
        ticked=ticked(body, TICKS), now=ctx.clock.now()))
    if confirmed is not None:
        publish.confirmed(ctx, *confirmed)


def accept(ack, body, action, context):
    ctx, answer = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        members.accept_invitation, team_id=team_id, member_id=int_value(action), user_id=user_id,
        today=ctx.today(), now=ctx.clock.now()))
    if answer is not None:
        publish.accepted(ctx, actor(body)[1], answer)


def decline(ack, body, action, context):
    ctx, withdrawal = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        members.decline_invitation, team_id=team_id, member_id=int_value(action), user_id=user_id,
        now=ctx.clock.now()))
    if withdrawal is not None:
        publish.declined(ctx, withdrawal)


def manager_approve(ack, body, action, context):
    _manager_answer(ack, body, action, context, approve=True)


def manager_decline(ack, body, action, context):
    _manager_answer(ack, body, action, context, approve=False)


def _manager_answer(ack, body: dict, action: dict, context, *, approve: bool) -> None:
    ctx, answer = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        members.manager_answers, team_id=team_id, member_id=int_value(action), manager_id=user_id,
        approve=approve, today=ctx.today(), now=ctx.clock.now()))
    if answer is not None:
        publish.manager_answered(ctx, actor(body)[1], answer)


def invite_replacement(ack, body, action, context):
    _replacement(ack, body, action, context, invite=True)


def skip_replacement(ack, body, action, context):
    _replacement(ack, body, action, context, invite=False)


def _replacement(ack, body: dict, action: dict, context, *, invite: bool) -> None:
    ctx, member = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        members.invite_replacement, team_id=team_id, member_id=int_value(action), user_id=user_id, invite=invite,
        now=ctx.clock.now()))
    if member is not None:
        publish.replacement_answered_by_organiser(ctx, member, invite, clicked_message(body), actor(body)[1])


def register(app: App) -> None:
    app.view(COHORT_CALLBACK)(cohort_submitted)
    app.action(TICK)(box_ticked)
    app.action(REROLL)(reroll)
    app.action(CONFIRM)(confirm)
    app.action(ACCEPT)(accept)
    app.action(DECLINE)(decline)
    app.action(MANAGER_APPROVE)(manager_approve)
    app.action(MANAGER_DECLINE)(manager_decline)
    app.action(INVITE_REPLACEMENT)(invite_replacement)
    app.action(SKIP_REPLACEMENT)(skip_replacement)
