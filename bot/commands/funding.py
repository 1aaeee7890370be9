"""`/pledge`, the challenge post's Pledge and Set funding target buttons, pledge DMs."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.commands.support import (
    Deps,
    answer_privately,
    dm,
    refuse_submission,
    text_value,
    update_message,
    usage_reply,
)
from bot.services import challenges, funding
from bot.services.errors import DomainError
from bot.services.voting import VoteTarget
from bot.storage.models import Challenge
from bot.views.common import escape, section
from bot.views.funding import (
    CHANGE_PLEDGE,
    PLEDGE_BUTTON,
    PLEDGE_CALLBACK,
    PLEDGE_USAGE,
    SET_TARGET,
    TARGET_CALLBACK,
    WITHDRAW_PLEDGE,
    pledge_confirmation,
    pledge_modal,
    target_modal,
    target_reached_announcement,
    target_reached_dm,
)

log = logging.getLogger(__name__)


def announce_target_reached(deps: Deps, team_id: str, challenge_id: int) -> None:
    """Once, by whoever reached it: in the challenge's channel, and to its owner and backers."""
    with deps.db.reading() as session:
        challenge = challenges.get_by_id(session, team_id, challenge_id)
        current = funding.state(session, team_id, challenge_id)
        backers = funding.backers(session, team_id, challenge_id)
    if challenge.channel_id:
        deps.client.chat_postMessage(channel=challenge.channel_id, text=target_reached_announcement(challenge, current),
                                     unfurl_links=False)
    dm(deps.client, challenge.owner_id, target_reached_dm(challenge, current.funding, owner=True))
    for backer in backers:
        if backer != challenge.owner_id:
            dm(deps.client, backer, target_reached_dm(challenge, current.funding, owner=False))


def after_change(deps: Deps, team_id: str, challenge_id: int, reached: bool) -> None:
    if reached:
        announce_target_reached(deps, team_id, challenge_id)
    deps.post_updater.request(VoteTarget(team_id, "challenge", challenge_id))


def open_pledge(deps: Deps, *, trigger_id: str, challenge: Challenge, amount: str = "", existing=None) -> None:
    deps.client.views_open(trigger_id=trigger_id, view=pledge_modal(challenge, amount=amount, existing=existing))


def register(app: App, deps: Deps) -> None:
    @app.command("/pledge")
    def pledge_command(ack, command):
        words = (command.get("text") or "").split(maxsplit=1)
        if not words or words[0].lower() == "help":
            usage_reply(ack, PLEDGE_USAGE)
            return
        try:
            with deps.db.reading() as session:
                challenge = challenges.get(session, command["team_id"], words[0])
                funding.open_for_pledges(session, challenge, deps.today())
        except DomainError as error:
            usage_reply(ack, f"{error.message}\n\n{PLEDGE_USAGE}")
            return
        ack()
        open_pledge(deps, trigger_id=command["trigger_id"], challenge=challenge,
                    amount=words[1].strip() if len(words) > 1 else "")

    @app.action(PLEDGE_BUTTON)
    def pledge_button(ack, body, action):
        ack()
        try:
            with deps.db.reading() as session:
                challenge = challenges.get_by_id(session, body["team"]["id"], int(action["value"]))
                funding.open_for_pledges(session, challenge, deps.today())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        open_pledge(deps, trigger_id=body["trigger_id"], challenge=challenge)

    @app.view(PLEDGE_CALLBACK)
    def pledge_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        challenge_id, _, pledge_id = view.get("private_metadata", "").partition(":")
        draft = funding.PledgeDraft(kind=text_value(view, "kind"), amount=text_value(view, "amount"),
                                    description=text_value(view, "description"),
                                    on_behalf_of=text_value(view, "on_behalf_of"), note=text_value(view, "note"))
        try:
            with deps.db.session() as session:
                if pledge_id:
                    made, reached = funding.change(session, team_id=team_id, pledge_id=int(pledge_id),
                                                   user_id=user_id, draft=draft, now=deps.clock.now())
                else:
                    made, reached = funding.pledge(session, team_id=team_id, challenge_id=int(challenge_id),
                                                   user_id=user_id, draft=draft, today=deps.today(),
                                                   now=deps.clock.now())
                challenge = challenges.get_by_id(session, team_id, made.challenge_id)
                target = funding.get_funding(session, team_id, made.challenge_id)
        except DomainError as error:
            refuse_submission(ack, view, error)
            return
        ack()
        dm(deps.client, user_id, *pledge_confirmation(made, challenge, target))
        after_change(deps, team_id, made.challenge_id, reached)
        deps.refresh_home(team_id, user_id)

    @app.action(SET_TARGET)
    def set_target_button(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        with deps.db.reading() as session:
            challenge = challenges.get_by_id(session, team_id, int(action["value"]))
            current = funding.get_funding(session, team_id, challenge.id)
        if not funding.can_manage(challenge, user_id, deps.is_organiser(team_id, user_id)):
            answer_privately(deps.client, body, f"Only <@{challenge.owner_id}>, who posted {challenge.short_id}, or an "
                                                "organiser can set its funding target. You can back it with Pledge.")
            return
        if challenge.status != "open" or (current and current.reached_at):
            answer_privately(deps.client, body, f"{challenge.short_id}'s funding target can't change now.")
            return
        deps.client.views_open(trigger_id=body["trigger_id"], view=target_modal(challenge, current, deps.today()))

    @app.view(TARGET_CALLBACK)
    def target_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        challenge_id = int(view["private_metadata"])
        try:
            with deps.db.session() as session:
                target, reached = funding.set_target(
                    session, team_id=team_id, challenge_id=challenge_id, user_id=user_id,
                    is_organiser=deps.is_organiser(team_id, user_id), amount=text_value(view, "target"),
                    rule=text_value(view, "rule"), deadline=text_value(view, "deadline"), today=deps.today(),
                    now=deps.clock.now())
        except DomainError as error:
            refuse_submission(ack, view, error)
            return
        ack()
        after_change(deps, team_id, challenge_id, reached)

    @app.action(CHANGE_PLEDGE)
    def change_pledge(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:  # the checks lock the funding row: a write session
                made = funding.get_pledge(session, team_id, int(action["value"]))
                funding.check_changeable(session, made, user_id)
                challenge = challenges.get_by_id(session, team_id, made.challenge_id)
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        open_pledge(deps, trigger_id=body["trigger_id"], challenge=challenge, existing=made)

    @app.action(WITHDRAW_PLEDGE)
    def withdraw_pledge(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                made = funding.withdraw(session, team_id=team_id, pledge_id=int(action["value"]), user_id=user_id,
                                        now=deps.clock.now())
                challenge = challenges.get_by_id(session, team_id, made.challenge_id)
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        text = f"You withdrew {made.short_id} from {challenge.short_id}: {escape(challenge.title)}."
        container = body.get("container") or {}
        if container.get("type") == "message":
            update_message(deps.client, container.get("channel_id"), container.get("message_ts"), text,
                           [section(text)])
        else:
            dm(deps.client, user_id, text)
        after_change(deps, team_id, made.challenge_id, False)
        deps.refresh_home(team_id, user_id)

