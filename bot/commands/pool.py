"""`/nominate`, the nominee's answer, the pool profile and the line manager's approval."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.commands.support import (
    Deps,
    answer_privately,
    dm,
    find_person,
    input_value,
    is_person,
    list_value,
    refuse_submission,
    tell,
    text_value,
    update_message,
    usage_reply,
)
from bot.services import pool
from bot.services.errors import DomainError, ValidationFailed
from bot.services.voting import VoteTarget, vote_count
from bot.services.workspace import get_config, vote_emojis
from bot.storage.models import Nomination, Profile
from bot.views.common import metadata, read_metadata
from bot.views.pool import (
    ACCEPT_NOMINATION,
    APPROVE_MEMBERSHIP,
    DECLINE_MEMBERSHIP,
    DECLINE_NOMINATION,
    MANAGER_DECLINE_CALLBACK,
    NOMINATE_CALLBACK,
    NOMINATE_USAGE,
    PROFILE_CALLBACK,
    manager_answered,
    manager_decline_modal,
    manager_request,
    membership_decided,
    nomination_modal,
    nomination_post,
    nominator_accepted,
    nominator_declined,
    nominee_answered,
    nominee_dm,
    profile_modal,
    profile_saved,
)

log = logging.getLogger(__name__)


def skills_draft_values(view: dict) -> dict:
    return {
        "by_level": {level: list_value(view, block) for level, block in pool.LEVEL_FIELDS.items()},
        "help_kinds": list_value(view, "help_kinds"),
        "council_code": text_value(view, "council"),
    }


def open_profile(deps: Deps, *, trigger_id: str, team_id: str, user_id: str, why: str = "",
                 channel_id: str | None = None, response_url: str | None = None) -> None:
    """Open someone's own profile form: prefilled from their profile, or from a nomination
    of them still waiting for an answer (saving it accepts that nomination)."""
    with deps.db.reading() as session:
        profile = pool.get_profile(session, team_id, user_id)
        nomination = None if profile else pool.open_nomination_of(session, team_id, user_id)
    meta = metadata(nomination=nomination.id if nomination else None, channel=channel_id, response_url=response_url)
    view = profile_modal(private_metadata=meta, profile=profile, nomination=nomination,
                         self_nomination=profile is None and nomination is None, why=why)
    deps.client.views_open(trigger_id=trigger_id, view=view)


def nominations_channel(deps: Deps, team_id: str, typed_in: str | None) -> str | None:
    with deps.db.reading() as session:
        configured = get_config(session, team_id).nominations_channel
    if configured:
        return configured
    return typed_in if typed_in and not typed_in.startswith("D") else None


def post_nomination(deps: Deps, nomination: Nomination, channel_id: str | None) -> None:
    if not channel_id:
        return
    with deps.db.reading() as session:
        emojis = vote_emojis(get_config(session, nomination.team_id))
        profile = pool.get_profile(session, nomination.team_id, nomination.nominee_id)
    text, blocks = nomination_post(nomination, votes=0, emojis=emojis, profile_status=profile and profile.status)
    try:
        response = deps.client.chat_postMessage(channel=channel_id, text=text, blocks=blocks, unfurl_links=False)
    except SlackApiError as error:
        log.info("nomination %s not posted in %s: %s", nomination.short_id, channel_id, error.response.get("error"))
        return
    with deps.db.session() as session:
        pool.record_nomination_post(session, pool.get_nomination(session, nomination.team_id, nomination.id),
                                    response["channel"], response["ts"])


def redraw_nomination(deps: Deps, target: VoteTarget) -> None:
    with deps.db.reading() as session:
        nomination = pool.get_nomination(session, target.team_id, target.target_id)
        votes = vote_count(session, target.team_id, "nomination", nomination.id)
        emojis = vote_emojis(get_config(session, target.team_id))
        profile = pool.get_profile(session, target.team_id, nomination.nominee_id)
    status = profile.status if profile and nomination.status == "accepted" else None
    text, blocks = nomination_post(nomination, votes=votes, emojis=emojis, profile_status=status)
    update_message(deps.client, nomination.channel_id, nomination.message_ts, text, blocks)


def redraw_nominations_of(deps: Deps, team_id: str, user_id: str) -> None:
    with deps.db.reading() as session:
        ids = [n.id for n in pool.nominations_involving(session, team_id, user_id)
               if n.nominee_id == user_id and n.message_ts]
    for nomination_id in ids:
        deps.post_updater.request(VoteTarget(team_id, "nomination", nomination_id))


def ask_manager(deps: Deps, profile: Profile) -> None:
    text, blocks = manager_request(profile)
    sent = dm(deps.client, profile.line_manager_id, text, blocks)
    if sent:
        with deps.db.session() as session:
            stored = session.get(Profile, profile.id)
            stored.approval_channel, stored.approval_ts = sent["channel"], sent["ts"]
            session.add(stored)


def register(app: App, deps: Deps) -> None:
    deps.redrawers["nomination"] = lambda target: redraw_nomination(deps, target)

    @app.command("/nominate")
    def nominate_command(ack, command):
        text = (command.get("text") or "").strip()
        team_id, user_id = command["team_id"], command["user_id"]
        if text.lower() in ("", "help"):
            usage_reply(ack, NOMINATE_USAGE)
            return
        nominee_id, why = find_person(deps.client, text)
        if nominee_id is None:
            usage_reply(ack, "Start with the person's @name, like `/nominate @alex brilliant at user research`.\n\n"
                        + NOMINATE_USAGE)
            return
        if nominee_id == user_id:
            with deps.db.reading() as session:
                profile = pool.get_profile(session, team_id, user_id)
            if profile is not None and profile.status == "member":
                usage_reply(ack, "You're already in the talent pool. Change your profile from Dozen's Home tab.")
                return
            ack()
            open_profile(deps, trigger_id=command["trigger_id"], team_id=team_id, user_id=user_id, why=why,
                         channel_id=command.get("channel_id"), response_url=command.get("response_url"))
            return
        try:
            with deps.db.reading() as session:
                pool.check_can_nominate(session, team_id=team_id, nominee_id=nominee_id, nominator_id=user_id,
                                        now=deps.clock.now())
        except DomainError as error:
            usage_reply(ack, error.message)
            return
        ack()
        deps.client.views_open(
            trigger_id=command["trigger_id"],
            view=nomination_modal(nominee_id=nominee_id, why=why, private_metadata=metadata(
                channel=command.get("channel_id"), response_url=command.get("response_url"))),
        )

    @app.view(NOMINATE_CALLBACK)
    def nomination_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        draft = pool.NominationDraft(nominee_id=input_value(view, "nominee") or "", why=text_value(view, "why"),
                                     **skills_draft_values(view))
        if draft.nominee_id and draft.nominee_id != user_id and not is_person(deps.client, draft.nominee_id):
            ack(response_action="errors", errors={"nominee": "Choose a person: bots and deactivated accounts "
                                                              "can't join the pool."})
            return
        try:
            with deps.db.session() as session:
                nomination = pool.nominate(session, team_id=team_id, nominator_id=user_id, draft=draft,
                                           now=deps.clock.now())
        except ValidationFailed as error:
            ack(response_action="errors", errors=error.errors)
            return
        ack()
        meta = read_metadata(view.get("private_metadata"))
        text, blocks = nominee_dm(nomination)
        sent = dm(deps.client, nomination.nominee_id, text, blocks)
        if sent:
            with deps.db.session() as session:
                stored = pool.get_nomination(session, team_id, nomination.id)
                stored.dm_channel, stored.dm_ts = sent["channel"], sent["ts"]
                session.add(stored)
        channel = nominations_channel(deps, team_id, meta.get("channel"))
        post_nomination(deps, nomination, channel)
        where = f" and posted it in <#{channel}> for votes" if channel else ""
        tell(deps.client, user_id=user_id, channel_id=meta.get("channel"), response_url=meta.get("response_url"),
             text=f"Thank you! I've asked <@{nomination.nominee_id}> whether they'd like to join the talent pool"
                  f"{where}. I'll let you know what they decide.")

    @app.action(ACCEPT_NOMINATION)
    def accept_nomination(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.reading() as session:
                pool.awaiting_consent(session, team_id=team_id, nomination_id=int(action["value"]), user_id=user_id)
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        open_profile(deps, trigger_id=body["trigger_id"], team_id=team_id, user_id=user_id)

    @app.action(DECLINE_NOMINATION)
    def decline_nomination(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                nomination, nominator = pool.decline_nomination(
                    session, team_id=team_id, nomination_id=int(action["value"]), user_id=user_id,
                    now=deps.clock.now())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        update_message(deps.client, nomination.dm_channel, nomination.dm_ts, *nominee_answered(nomination))
        if nominator and nominator != user_id:
            dm(deps.client, nominator, nominator_declined(user_id))
        if nomination.message_ts:
            deps.post_updater.request(VoteTarget(team_id, "nomination", nomination.id))

    @app.view(PROFILE_CALLBACK)
    def profile_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        meta = read_metadata(view.get("private_metadata"))
        draft = pool.ProfileDraft(line_manager_id=input_value(view, "line_manager"),
                                  hours_per_week=text_value(view, "hours"), bio=text_value(view, "bio"),
                                  **skills_draft_values(view))
        if draft.line_manager_id and draft.line_manager_id != user_id and not is_person(deps.client,
                                                                                      draft.line_manager_id):
            ack(response_action="errors", errors={"line_manager": "Choose a person: bots and deactivated "
                                                                  "accounts can't approve."})
            return
        try:
            with deps.db.session() as session:
                approval = get_config(session, team_id).manager_approval
                saved = pool.save_profile(session, team_id=team_id, user_id=user_id, draft=draft,
                                          manager_approval=approval, now=deps.clock.now(),
                                          nomination_id=meta.get("nomination"), why=text_value(view, "why"))
        except DomainError as error:
            refuse_submission(ack, view, error)
            return
        ack()
        nomination = saved.nomination
        if nomination is not None and not nomination.is_self:  # they accepted someone's nomination
            update_message(deps.client, nomination.dm_channel, nomination.dm_ts, *nominee_answered(nomination))
            dm(deps.client, nomination.nominator_id, nominator_accepted(user_id))
        elif nomination is not None and nomination.channel_id is None:  # they put themselves forward
            post_nomination(deps, nomination, nominations_channel(deps, team_id, meta.get("channel")))
        if saved.needs_manager:
            ask_manager(deps, saved.profile)
        redraw_nominations_of(deps, team_id, user_id)
        tell(deps.client, user_id=user_id, channel_id=meta.get("channel"), response_url=meta.get("response_url"),
             text=profile_saved(saved.profile, saved.needs_manager))
        deps.refresh_home(team_id, user_id)

    def decide(body: dict, *, approve: bool, profile_id: int, reason: str | None = None) -> None:
        team_id, manager_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                profile = pool.decide_membership(session, team_id=team_id, profile_id=profile_id,
                                                 manager_id=manager_id, approve=approve, reason=reason,
                                                 now=deps.clock.now())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        update_message(deps.client, profile.approval_channel, profile.approval_ts, *manager_answered(profile))
        dm(deps.client, profile.user_id, membership_decided(profile))
        redraw_nominations_of(deps, team_id, profile.user_id)
        deps.refresh_home(team_id, profile.user_id)

    @app.action(APPROVE_MEMBERSHIP)
    def approve_membership(ack, body, action):
        ack()
        decide(body, approve=True, profile_id=int(action["value"]))

    @app.action(DECLINE_MEMBERSHIP)
    def decline_membership_open(ack, body, action):
        ack()
        profile_id = int(action["value"])
        with deps.db.reading() as session:
            profile = session.get(Profile, profile_id)
        if profile is None or profile.line_manager_id != body["user"]["id"] or profile.status != "awaiting_manager":
            answer_privately(deps.client, body, "This request was already answered, or isn't yours to answer.")
            return
        deps.client.views_open(trigger_id=body["trigger_id"], view=manager_decline_modal(profile_id, profile.user_id))

    @app.view(MANAGER_DECLINE_CALLBACK)
    def decline_membership(ack, body, view):
        reason = text_value(view, "reason")
        if len(reason.strip()) > pool.REASON_MAX:
            ack(response_action="errors", errors={"reason": f"Keep the reason to {pool.REASON_MAX} characters."})
            return
        ack()
        decide(body, approve=False, profile_id=int(view["private_metadata"]), reason=reason)
