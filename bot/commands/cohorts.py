"""`/dozen cohort new`, the proposal's Confirm / Re-roll, invitations, check-ins and outcomes."""

from __future__ import annotations

import logging

from slack_bolt import App
from sqlmodel import Session

from bot.commands.support import (
    Deps,
    message_ref,
    parse_ref,
    answer_privately,
    dm,
    list_value,
    refuse_in_modal,
    refuse_submission,
    text_value,
    update_message,
)
from bot.services import availability, challenges, checkins, cohorts
from bot.services.errors import DomainError, ValidationFailed
from bot.services.pool import get_profile
from bot.services.voting import VoteTarget
from bot.services.workspace import get_config
from bot.storage.models import Cohort
from bot.views.cohorts import (
    ACCEPT,
    CHECKIN_CALLBACK,
    COHORT_CALLBACK,
    CONFIRM,
    DECLINE,
    INVITE_REPLACEMENT,
    MANAGER_APPROVE,
    MANAGER_DECLINE,
    OPEN_CHECKIN,
    OPEN_OUTCOME,
    OUTCOME_CALLBACK,
    REROLL,
    SKIP_REPLACEMENT,
    TICK,
    checkin_modal,
    checkin_thread_post,
    cohort_modal,
    confirmed_message,
    invitation,
    manager_request,
    outcome_lines,
    outcome_modal,
    proposal_message,
    replacement_message,
)
from bot.views.common import section

log = logging.getLogger(__name__)
FIRST_WEEK_CHOICES = 12


def teams_of(session: Session, cohort: Cohort, *statuses: str):
    """[(challenge, members)] in the cohort's challenge order."""
    everyone = cohorts.members(session, cohort.id, *statuses)
    return [(challenges.get_by_id(session, cohort.team_id, cid), [m for m in everyone if m.challenge_id == cid])
            for cid in cohort.challenge_ids]


def councils_of(session: Session, team_id: str, people: list[str]) -> dict[str, str]:
    return {p: (profile.council_code if (profile := get_profile(session, team_id, p)) else "") for p in people}


def send_proposal(deps: Deps, cohort_id: int, team_id: str, *, replace_ref: str | None = None) -> None:
    with deps.db.reading() as session:
        cohort = cohorts.get(session, team_id, cohort_id)
        teams = teams_of(session, cohort, "proposed")
        councils = councils_of(session, team_id, [m.person_id for _, t in teams for m in t])
    text, blocks = proposal_message(cohort, teams, councils)
    if replace_ref:
        update_message(deps.client, *parse_ref(replace_ref), text, blocks)
        return
    sent = dm(deps.client, cohort.organiser_id, text, blocks)
    with deps.db.session() as session:
        stored = cohorts.get(session, team_id, cohort_id)
        stored.proposal_dm = message_ref(sent)
        session.add(stored)


def send_invitations(deps: Deps, team_id: str, member_ids: list[int]) -> None:
    for member_id in member_ids:
        with deps.db.reading() as session:
            member = cohorts.get_member(session, team_id, member_id)
            cohort = cohorts.get(session, team_id, member.cohort_id)
            challenge = challenges.get_by_id(session, team_id, member.challenge_id)
            mates = [m.person_id for m in cohorts.members(session, cohort.id, "invited", "accepted")
                     if m.challenge_id == member.challenge_id and m.person_id != member.person_id]
        sent = dm(deps.client, member.person_id, *invitation(cohort, member, challenge, mates))
        with deps.db.session() as session:
            stored = cohorts.get_member(session, team_id, member_id)
            stored.invite_dm = message_ref(sent)
            session.add(stored)


def ticked_people(body: dict) -> list[str]:
    """Everyone still ticked in the proposal message's checkboxes (Slack sends their state)."""
    values = (body.get("state") or {}).get("values") or {}
    ticked = []
    for block_id, elements in values.items():
        if block_id.startswith("tick_"):
            for element in elements.values():
                ticked += [o["value"] for o in element.get("selected_options") or []]
    return ticked


def replace_after_decline(deps: Deps, team_id: str, member_id: int) -> None:
    with deps.db.session() as session:
        declined = cohorts.get_member(session, team_id, member_id)
        replacement = cohorts.propose_replacement(session, team_id=team_id, cohort_id=declined.cohort_id,
                                                  challenge_id=declined.challenge_id, now=deps.clock.now())
        cohort = cohorts.get(session, team_id, declined.cohort_id)
        challenge = challenges.get_by_id(session, team_id, declined.challenge_id)
    dm(deps.client, cohort.organiser_id, *replacement_message(cohort, declined, replacement, challenge))


def open_cohort_form(deps: Deps, *, trigger_id: str, team_id: str) -> None:
    """The new-cohort form (for `/dozen cohort new`)."""
    with deps.db.reading() as session:
        open_ones = [s.challenge for s in challenges.list_open(session, team_id)]
        defaults = cohorts.default_challenges(session, team_id)
    deps.client.views_open(trigger_id=trigger_id, view=cohort_modal(
        weeks=availability.coming_weeks(deps.today(), FIRST_WEEK_CHOICES), open_challenges=open_ones,
        defaults=defaults))


def register(app: App, deps: Deps) -> None:
    @app.view(COHORT_CALLBACK)
    def cohort_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        if not deps.is_organiser(team_id, user_id):
            refuse_in_modal(ack, view, "Only organisers can form cohorts.")
            return
        draft = cohorts.CohortDraft(name=text_value(view, "name"), first_week=text_value(view, "first_week"),
                                    weeks=text_value(view, "weeks"), size=text_value(view, "size"),
                                    hours=text_value(view, "hours"), challenge_ids=list_value(view, "challenges"))
        try:
            with deps.db.session() as session:
                cohort = cohorts.propose(session, team_id=team_id, organiser_id=user_id, draft=draft,
                                         today=deps.today(), now=deps.clock.now())
        except ValidationFailed as error:
            ack(response_action="errors", errors=error.errors)
            return
        ack()
        send_proposal(deps, cohort.id, team_id)

    @app.action(TICK)
    def ticked(ack):
        ack()  # the boxes are read when Confirm or Re-roll is pressed

    @app.action(REROLL)
    def reroll(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                cohort = cohorts.reroll(session, team_id=team_id, cohort_id=int(action["value"]), user_id=user_id,
                                        ticked=ticked_people(body), now=deps.clock.now())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        send_proposal(deps, cohort.id, team_id, replace_ref=cohort.proposal_dm)

    @app.action(CONFIRM)
    def confirm(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                invited = cohorts.confirm(session, team_id=team_id, cohort_id=int(action["value"]), user_id=user_id,
                                          ticked=ticked_people(body), now=deps.clock.now())
                cohort = cohorts.get(session, team_id, int(action["value"]))
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        update_message(deps.client, *parse_ref(cohort.proposal_dm), *confirmed_message(cohort, len(invited)))
        send_invitations(deps, team_id, [m.id for m in invited])
        for member in invited:
            deps.refresh_home(team_id, member.person_id)

    @app.action(ACCEPT)
    def accept(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        member_id = int(action["value"])
        try:
            with deps.db.session() as session:
                accepted = cohorts.accept(session, team_id=team_id, member_id=member_id, user_id=user_id,
                                          manager_approval=get_config(session, team_id).manager_approval,
                                          today=deps.today(), now=deps.clock.now())
        except cohorts.NoCapacity as error:
            with deps.db.session() as session:
                member = cohorts.mark_no_capacity(session, team_id=team_id, member_id=member_id,
                                                  reason=error.message, now=deps.clock.now())
            note = f"You couldn't join: {error.message}. The organiser will find someone else."
            update_message(deps.client, *parse_ref(member.invite_dm), note, [section(note)])
            replace_after_decline(deps, team_id, member_id)
            return
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        cohort, member = accepted.cohort, accepted.member
        weeks = len(accepted.bookings)
        if accepted.needs_manager:
            with deps.db.reading() as session:
                manager = get_profile(session, team_id, user_id).line_manager_id
            sent = dm(deps.client, manager, *manager_request(cohort, member))
            with deps.db.session() as session:
                stored = cohorts.get_member(session, team_id, member_id)
                stored.manager_dm = message_ref(sent)
                session.add(stored)
            note = f"You're in! Your {weeks} weeks are booked once <@{manager}>, your line manager, approves."
        else:
            note = f"You're in! {cohort.hours:g}h a week is booked in each of the {weeks} weeks."
        update_message(deps.client, *parse_ref(member.invite_dm), note,
                       [section(note)])
        dm(deps.client, cohort.organiser_id, f"<@{user_id}> accepted a place in {cohort.short_id}.")
        deps.refresh_home(team_id, user_id)

    @app.action(DECLINE)
    def decline(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                member = cohorts.decline(session, team_id=team_id, member_id=int(action["value"]), user_id=user_id,
                                         now=deps.clock.now())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        note = "You declined the invitation. Thank you for letting us know."
        update_message(deps.client, *parse_ref(member.invite_dm), note,
                       [section(note)])
        replace_after_decline(deps, team_id, member.id)

    def manager_answer(body: dict, action: dict, approve: bool) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                member, outcome = cohorts.manager_decides(session, team_id=team_id, member_id=int(action["value"]),
                                                          manager_id=user_id, approve=approve, today=deps.today(),
                                                          now=deps.clock.now())
                cohort = cohorts.get(session, team_id, member.cohort_id)
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        if outcome == "confirmed":
            note = f"You approved <@{member.person_id}>'s weeks in {cohort.short_id}."
            dm(deps.client, member.person_id, f"<@{user_id}> approved your weeks in {cohort.name}: you're booked.")
        else:
            note = f"<@{member.person_id}>'s weeks in {cohort.short_id} were declined ({member.note})."
            dm(deps.client, member.person_id, f"Your place in {cohort.name} couldn't go ahead: {member.note}.")
            replace_after_decline(deps, team_id, member.id)
        update_message(deps.client, *parse_ref(member.manager_dm), note,
                       [section(note)])

    @app.action(MANAGER_APPROVE)
    def manager_approve(ack, body, action):
        ack()
        manager_answer(body, action, approve=True)

    @app.action(MANAGER_DECLINE)
    def manager_decline(ack, body, action):
        ack()
        manager_answer(body, action, approve=False)

    def replacement(body: dict, action: dict, invite: bool) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                member = cohorts.invite_replacement(session, team_id=team_id, member_id=int(action["value"]),
                                                    user_id=user_id, invite=invite, now=deps.clock.now())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        container = body.get("container") or {}
        note = f"Invited <@{member.person_id}>." if invite else f"Skipped <@{member.person_id}>."
        update_message(deps.client, container.get("channel_id"), container.get("message_ts"), note,
                       [section(note)])
        if invite:
            send_invitations(deps, team_id, [member.id])

    @app.action(INVITE_REPLACEMENT)
    def invite_replacement(ack, body, action):
        ack()
        replacement(body, action, invite=True)

    @app.action(SKIP_REPLACEMENT)
    def skip_replacement(ack, body, action):
        ack()
        replacement(body, action, invite=False)

    # -- check-ins ------------------------------------------------------------------------------
    @app.action(OPEN_CHECKIN)
    def open_checkin(ack, body, action):
        ack()
        team_id = body["team"]["id"]
        with deps.db.reading() as session:
            checkin = checkins.get(session, team_id, int(action["value"]))
            challenge = challenges.get_by_id(session, team_id, checkin.challenge_id)
        if checkin.person_id != body["user"]["id"]:
            answer_privately(deps.client, body, "This check-in is someone else's.")
            return
        deps.client.views_open(trigger_id=body["trigger_id"], view=checkin_modal(checkin, challenge))

    @app.view(CHECKIN_CALLBACK)
    def checkin_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        answers = checkins.Answers(problem_statement=text_value(view, "problem_statement"),
                                   surprise=text_value(view, "surprise"), shipped=text_value(view, "shipped"),
                                   team_health=text_value(view, "team_health"),
                                   private_note=text_value(view, "private_note"))
        try:
            with deps.db.session() as session:
                first = checkins.get(session, team_id, int(view["private_metadata"])).answered_at is None
                checkin = checkins.answer(session, team_id=team_id, checkin_id=int(view["private_metadata"]),
                                          user_id=user_id, answers=answers, now=deps.clock.now())
                challenge = challenges.get_by_id(session, team_id, checkin.challenge_id)
        except DomainError as error:
            refuse_submission(ack, view, error)
            return
        ack()
        if challenge.channel_id and challenge.message_ts:  # working in the open: the challenge's thread
            text, blocks = checkin_thread_post(checkin)
            if not first:
                text, blocks = text + " (updated)", blocks
            posted = deps.client.chat_postMessage(channel=challenge.channel_id, thread_ts=challenge.message_ts,
                                                  text=text, blocks=blocks, unfurl_links=False)
            with deps.db.session() as session:  # remembered so forget-me can take it down
                stored = checkins.get(session, team_id, checkin.id)
                stored.posted = f"{posted['channel']}:{posted['ts']}"
                session.add(stored)
        thanks = "Thanks for checking in! Your answers are in the challenge's thread."
        update_message(deps.client, *parse_ref(checkin.dm), thanks, [section(thanks)])

    # -- outcomes -------------------------------------------------------------------------------
    @app.action(OPEN_OUTCOME)
    def open_outcome(ack, body, action):
        ack()
        team_id = body["team"]["id"]
        cohort_id, _, challenge_id = action["value"].partition(":")
        with deps.db.reading() as session:
            challenge = challenges.get_by_id(session, team_id, int(challenge_id))
            existing = checkins.outcome_of(session, team_id, challenge.id)
        deps.client.views_open(trigger_id=body["trigger_id"],
                               view=outcome_modal(int(cohort_id) if cohort_id else None, challenge, existing))

    @app.view(OUTCOME_CALLBACK)
    def outcome_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        cohort_id, _, challenge_id = view["private_metadata"].partition(":")
        draft = checkins.OutcomeDraft(delivered=text_value(view, "delivered"), links=text_value(view, "links"),
                                      reusable=text_value(view, "reusable"))
        try:
            with deps.db.session() as session:
                outcome = checkins.record_outcome(session, team_id=team_id,
                                                  cohort_id=int(cohort_id) if cohort_id else None,
                                                  challenge_id=int(challenge_id), user_id=user_id, draft=draft,
                                                  now=deps.clock.now())
                challenge = challenges.get_by_id(session, team_id, int(challenge_id))
        except DomainError as error:
            refuse_submission(ack, view, error)
            return
        ack()
        if challenge.channel_id and challenge.message_ts:
            text = f"{challenge.short_id} is delivered. " + " ".join(outcome_lines(outcome))
            deps.client.chat_postMessage(channel=challenge.channel_id, thread_ts=challenge.message_ts, text=text,
                                         unfurl_links=False)
        deps.post_updater.request(VoteTarget(team_id, "challenge", challenge.id))
        dm(deps.client, user_id, f"Thank you: the outcome of {challenge.short_id} is recorded, and the challenge is "
                                 "marked delivered.")
