"""`/nominate`, the nominee's answer, the pool profile and the line manager's approval."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.locale import N_, Lang
from bot.publish import pool as publish
from bot.services import pool as service
from bot.listeners.shapes import look, press, submit
from bot.services.errors import DomainError, Message, ValidationFailed
from bot.services.voting import VoteTarget
from bot.slack.payloads import (
    actor,
    command_actor,
    input_value,
    int_value,
    list_value,
    metadata_id,
    private_metadata,
    text_value,
)
from bot.slack.people import display_names, is_person, named_person
from bot.slack.replies import refuse_command, tell_from_form, usage_reply
from bot.views.pool import (
    ACCEPT_NOMINATION,
    APPROVE_MEMBERSHIP,
    DECLINE_MEMBERSHIP,
    DECLINE_NOMINATION,
    MANAGER_DECLINE_CALLBACK,
    NOMINATE_CALLBACK,
    NOMINATE_USAGE,
    PROFILE_CALLBACK,
    SHOW_PUBLICLY,
)

NAME_FIRST = N_("Start with the person's @name, like `/nominate @alex brilliant at user research`.")
NOT_A_NOMINEE = N_("Choose a person: bots and deactivated accounts can't join the pool.")
NOT_A_MANAGER = N_("Choose a person: bots and deactivated accounts can't approve.")


def name_first(t: Lang) -> str:
    """What to say to `/nominate` without a person: how to name one, then the usage."""
    return t._(NAME_FIRST) + "\n\n" + t._(NOMINATE_USAGE)


# -- /nominate -------------------------------------------------------------------------------
def nominate_command(ack, command, context):
    ctx = dozen.of(context)
    team_id, user_id = command_actor(command)
    t = ctx.lang(team_id, user_id)
    if (command.get("text") or "").strip().lower() in ("", "help"):
        usage_reply(ack, t._(NOMINATE_USAGE))
        return
    nominee_id, why, acked = named_person(ack, ctx.client, command)
    if nominee_id is None:
        refuse_command(ack, ctx.client, command, name_first(t), acked=acked)
        return
    try:
        themselves = ctx.read(service.start_nomination, team_id=team_id, nominee_id=nominee_id,
                              nominator_id=user_id, now=ctx.clock.now())
    except DomainError as error:
        refuse_command(ack, ctx.client, command, error.say(t), acked=acked)
        return
    if not acked:
        ack()
    where = {"channel_id": command.get("channel_id"), "response_url": command.get("response_url")}
    if themselves:
        publish.open_profile(ctx, trigger_id=command["trigger_id"], team_id=team_id, user_id=user_id, why=why,
                             **where)
    else:
        publish.open_nomination_form(ctx, trigger_id=command["trigger_id"], nominee_id=nominee_id, why=why, t=t,
                                     **where)


def skills_draft_values(view: dict) -> dict:
    return {
        "by_level": {level: list_value(view, block) for level, block in service.LEVEL_FIELDS.items()},
        "help_kinds": list_value(view, "help_kinds"),
        "council_code": text_value(view, "council"),
    }


def nomination_submitted(ack, body, view, context):
    draft = service.NominationDraft(nominee_id=input_value(view, "nominee") or "", why=text_value(view, "why"),
                                    **skills_draft_values(view))

    def nominate(ctx: dozen.Context, team_id: str, user_id: str):
        if draft.nominee_id and draft.nominee_id != user_id and not is_person(ctx.client, draft.nominee_id):
            raise ValidationFailed(dict(nominee=Message(NOT_A_NOMINEE)))
        return ctx.write(service.nominate, team_id=team_id, nominator_id=user_id, draft=draft, now=ctx.clock.now())

    ctx, nomination = submit(ack, body, view, context, nominate)
    if nomination is not None:
        meta = private_metadata(view)
        tell_from_form(ctx.client, nomination.nominator_id, meta,
                       publish.nominated(ctx, nomination, meta.get("channel")))


# -- the nominee's answer and their profile --------------------------------------------------
def accept_nomination(ack, body, action, context):
    ctx, nomination = look(ack, body, context, lambda ctx, team_id, user_id: ctx.read(
        service.awaiting_consent, team_id=team_id, nomination_id=int_value(action), user_id=user_id))
    if nomination is not None:
        publish.open_profile(ctx, trigger_id=body["trigger_id"], team_id=nomination.team_id,
                             user_id=nomination.nominee_id)


def decline_nomination(ack, body, action, context):
    ctx, declined = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.decline_nomination, team_id=team_id, nomination_id=int_value(action), user_id=user_id,
        now=ctx.clock.now()))
    if declined is None:
        return
    nomination, nominator = declined
    publish.nomination_declined(ctx, nomination, nominator, nomination.nominee_id)
    if nomination.message_ts:
        ctx.redraw(VoteTarget(nomination.team_id, "nomination", nomination.id))


def profile_submitted(ack, body, view, context):
    meta = private_metadata(view)
    draft = service.ProfileDraft(line_manager_id=input_value(view, "line_manager"),
                                 hours_per_week=text_value(view, "hours"), bio=text_value(view, "bio"),
                                 show_publicly=SHOW_PUBLICLY in list_value(view, "show_publicly"),
                                 **skills_draft_values(view))

    def save(ctx: dozen.Context, team_id: str, user_id: str):
        manager = draft.line_manager_id
        if manager and manager != user_id and not is_person(ctx.client, manager):
            raise ValidationFailed(dict(line_manager=Message(NOT_A_MANAGER)))
        name = display_names(ctx.client, [user_id]).get(user_id)  # theirs in Slack, as it is now
        draft.display_name = name if name and name != user_id else None  # how the network names them
        if draft.show_publicly:  # and the public board, if they agreed
            draft.public_name = draft.display_name
        return ctx.write(service.submit_profile, team_id=team_id, user_id=user_id, draft=draft, now=ctx.clock.now(),
                         nomination_id=meta.get("nomination"), why=text_value(view, "why"))

    ctx, saved = submit(ack, body, view, context, save)
    if saved is not None:
        team_id, user_id = actor(body)
        tell_from_form(ctx.client, user_id, meta, publish.profile_submitted(ctx, saved, meta.get("channel")))
        ctx.refresh_home(team_id, user_id)


# -- the line manager ------------------------------------------------------------------------
def approve_membership(ack, body, action, context):
    ctx, profile = press(ack, body, context, lambda ctx, team_id, manager_id: ctx.write(
        service.decide_membership, team_id=team_id, profile_id=int_value(action), manager_id=manager_id,
        approve=True, reason=None, now=ctx.clock.now()))
    _membership_answered(ctx, profile)


def decline_membership_open(ack, body, action, context):
    ctx, profile = look(ack, body, context, lambda ctx, team_id, manager_id: ctx.read(
        service.membership_request, team_id=team_id, profile_id=int_value(action), manager_id=manager_id))
    if profile is not None:
        publish.open_decline_form(ctx, trigger_id=body["trigger_id"], profile=profile)


def decline_membership(ack, body, view, context):
    def decline(ctx: dozen.Context, team_id: str, manager_id: str):
        reason = text_value(view, "reason")
        if len(reason.strip()) > service.REASON_MAX:
            too_long = Message("Keep the reason to {n} characters.", n=service.REASON_MAX)
            raise ValidationFailed(dict(reason=too_long))
        return ctx.write(service.decide_membership, team_id=team_id, profile_id=metadata_id(view),
                         manager_id=manager_id, approve=False, reason=reason, now=ctx.clock.now())

    ctx, profile = submit(ack, body, view, context, decline)
    _membership_answered(ctx, profile)


def _membership_answered(ctx: dozen.Context, profile) -> None:
    if profile is not None:
        publish.membership_answered(ctx, profile)
        ctx.refresh_home(profile.team_id, profile.user_id)


def register(app: App) -> None:
    app.command("/nominate")(nominate_command)
    app.view(NOMINATE_CALLBACK)(nomination_submitted)
    app.action(ACCEPT_NOMINATION)(accept_nomination)
    app.action(DECLINE_NOMINATION)(decline_nomination)
    app.view(PROFILE_CALLBACK)(profile_submitted)
    app.action(APPROVE_MEMBERSHIP)(approve_membership)
    app.action(DECLINE_MEMBERSHIP)(decline_membership_open)
    app.view(MANAGER_DECLINE_CALLBACK)(decline_membership)
