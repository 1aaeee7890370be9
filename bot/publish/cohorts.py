"""Cohorts: the new-cohort form, the proposal DM to the organiser, invitations, the line
manager's request, and what each answer turns those DMs into.

In a network each DM goes to its person in their own workspace, with its token: the organiser
in the cohort's (`cohort.team_id`), a member and their line manager in the member's
(`member.person_team_id`); people of another workspace than the reader's are named by name and
workspace."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk import WebClient

from bot.context import Context
from bot.locale import Lang
from bot.publish.challenges import stage_may_have_moved
from bot.publish.names import names_for
from bot.services import availability, challenges, cohort_members, cohorts
from bot.slack import messages
from bot.slack.messages import MessageRef, stored
from bot.storage.models import Cohort, CohortMember
from bot.views.cohorts import (
    DECLINED_NOTE,
    accepted_by,
    accepted_note,
    cohort_modal,
    confirmed_message,
    invitation,
    manager_approved,
    manager_declined,
    manager_request,
    no_capacity_note,
    proposal_message,
    replacement_answered,
    replacement_message,
)
from bot.views.common import Names, section

FIRST_WEEK_CHOICES = 12


def open_form(ctx: Context, *, trigger_id: str, team_id: str, user_id: str | None = None) -> None:
    """The new-cohort form (for `/dozen cohort new`), in the organiser's language (their
    workspace's when they are not named)."""
    with ctx.db.reading() as session:
        open_ones = [s.challenge for s in challenges.list_open(session, team_id)]
        defaults = cohorts.default_challenges(session, team_id)
    t = ctx.lang(team_id, user_id) if user_id else ctx.team_lang(team_id)
    messages.open_modal(ctx.client, trigger_id, cohort_modal(
        weeks=availability.coming_weeks(ctx.today(), FIRST_WEEK_CHOICES), open_challenges=open_ones,
        defaults=defaults, t=t))


def _note(client: WebClient, ref: MessageRef | None, note: str) -> None:
    """Replace a DM whose buttons were answered with one line saying what happened."""
    messages.update(client, ref, note, [section(note)])


def _organiser(ctx: Context, cohort: Cohort) -> Lang:
    return ctx.lang(cohort.team_id, cohort.organiser_id)


def _organisers_side(ctx: Context, team_id: str, people: Iterable[CohortMember]) -> tuple[WebClient, Names]:
    """Speaking to the organiser: in the cohort's workspace (`team_id`), naming `people` as seen
    from there."""
    return (ctx.for_team(team_id).client,
            names_for(ctx, team_id, [(m.person_team_id, m.person_id) for m in people]))


def _members_side(ctx: Context, member: CohortMember) -> WebClient:
    """Speaking to a member or their line manager: in the member's own workspace."""
    return ctx.for_team(member.person_team_id).client


def _member_lang(ctx: Context, member: CohortMember, user_id: str | None = None) -> Lang:
    """The language of a member (or of `user_id`, their line manager), in the member's workspace."""
    return ctx.lang(member.person_team_id, user_id or member.person_id)


def _proposal(ctx: Context, team_id: str, cohort_id: int) -> tuple[cohorts.Proposal, WebClient, tuple[str, list]]:
    shown = ctx.read(cohorts.proposal, team_id, cohort_id)
    client, names = _organisers_side(ctx, shown.cohort.team_id, [m for _, team in shown.teams for m in team])
    return shown, client, proposal_message(shown.cohort, shown.teams, shown.councils, names=names,
                                           t=_organiser(ctx, shown.cohort))


def send_proposal(ctx: Context, team_id: str, cohort_id: int) -> None:
    """The proposed teams, to the organiser, with boxes to untick and Confirm / Re-roll."""
    shown, client, message = _proposal(ctx, team_id, cohort_id)
    sent = messages.dm(client, shown.cohort.organiser_id, *message)
    ctx.record(cohorts.record_proposal_dm, team_id, cohort_id, stored(sent))


def redraw_proposal(ctx: Context, cohort: Cohort) -> None:
    """The proposal DM again, after a re-roll."""
    _, client, message = _proposal(ctx, cohort.team_id, cohort.id)
    messages.update(client, MessageRef.parse(cohort.proposal_dm), *message)


def send_invitations(ctx: Context, team_id: str, member_ids: list[int]) -> None:
    """Each invitation to its member, in their own workspace and language."""
    for member_id in member_ids:
        shown = ctx.read(cohort_members.invitation, team_id, member_id)
        member = shown.member
        names = names_for(ctx, member.person_team_id, shown.teammates)
        sent = messages.dm(_members_side(ctx, member), member.person_id,
                           *invitation(shown.cohort, member, shown.challenge, [p for _, p in shown.teammates],
                                       names=names, t=_member_lang(ctx, member)))
        ctx.record(cohort_members.record_invite_dm, team_id, member_id, stored(sent))


def confirmed(ctx: Context, cohort: Cohort, invited: list[CohortMember]) -> None:
    """The proposal DM says the cohort is confirmed; everyone ticked is invited."""
    messages.update(ctx.for_team(cohort.team_id).client, MessageRef.parse(cohort.proposal_dm),
                    *confirmed_message(cohort, len(invited), t=_organiser(ctx, cohort)))
    send_invitations(ctx, cohort.team_id, [m.id for m in invited])
    for member in invited:
        ctx.refresh_home(member.person_team_id, member.person_id)
    for challenge_id in sorted({m.challenge_id for m in invited}):  # in progress: a cohort is on it
        stage_may_have_moved(ctx, cohort.team_id, challenge_id)


def offer_replacement(ctx: Context, withdrawal: cohort_members.Withdrawal) -> None:
    """Tell the organiser who won't join, and whom Dozen proposes instead (the closest free person,
    with what they lack), or that nobody else is free."""
    cohort = withdrawal.cohort
    people = [m for m in (withdrawal.declined, withdrawal.replacement) if m is not None]
    client, names = _organisers_side(ctx, cohort.team_id, people)
    messages.dm(client, cohort.organiser_id,
                *replacement_message(cohort, withdrawal.declined, withdrawal.replacement, withdrawal.challenge,
                                     withdrawal.lacking, names=names, t=_organiser(ctx, cohort)))


def accepted(ctx: Context, user_id: str, answer: cohort_members.Accepted | cohort_members.Refused) -> None:
    """An invitation accepted: booked (or waiting for the line manager), or refused for capacity."""
    if isinstance(answer, cohort_members.Refused):
        declined_member = answer.withdrawal.declined
        _note(_members_side(ctx, declined_member), MessageRef.parse(declined_member.invite_dm),
              no_capacity_note(answer.said or answer.reason, t=_member_lang(ctx, declined_member)))
        offer_replacement(ctx, answer.withdrawal)
        return
    cohort, member = answer.acceptance.cohort, answer.acceptance.member
    there = _members_side(ctx, member)
    if answer.acceptance.needs_manager:  # their line manager is in their workspace
        sent = messages.dm(there, answer.manager_id,
                           *manager_request(cohort, member, t=_member_lang(ctx, member, answer.manager_id)))
        ctx.record(cohort_members.record_manager_dm, cohort.team_id, member.id, stored(sent))
    _note(there, MessageRef.parse(member.invite_dm),
          accepted_note(cohort, len(answer.acceptance.bookings),
                        answer.manager_id if answer.acceptance.needs_manager else None,
                        t=_member_lang(ctx, member)))
    client, names = _organisers_side(ctx, cohort.team_id, [member])
    messages.dm(client, cohort.organiser_id, accepted_by(user_id, cohort, names=names, t=_organiser(ctx, cohort)))
    ctx.refresh_home(member.person_team_id, user_id)
    stage_may_have_moved(ctx, cohort.team_id, member.challenge_id)


def declined(ctx: Context, withdrawal: cohort_members.Withdrawal) -> None:
    member = withdrawal.declined
    _note(_members_side(ctx, member), MessageRef.parse(member.invite_dm), _member_lang(ctx, member)._(DECLINED_NOTE))
    offer_replacement(ctx, withdrawal)


def manager_answered(ctx: Context, manager_id: str, answer: cohort_members.ManagerAnswer) -> None:
    """Tell the member what their line manager decided; their request DM says it too (both in
    the member's workspace)."""
    member, cohort = answer.member, answer.cohort
    there = _members_side(ctx, member)
    langs = {"t": _member_lang(ctx, member, manager_id), "member_t": _member_lang(ctx, member)}
    if answer.outcome == "confirmed":
        note, told = manager_approved(manager_id, member, cohort, **langs)
        messages.dm(there, member.person_id, told)
        stage_may_have_moved(ctx, cohort.team_id, member.challenge_id)
    else:
        note, told = manager_declined(member, cohort, **langs)
        messages.dm(there, member.person_id, told)
        if answer.withdrawal is not None:
            offer_replacement(ctx, answer.withdrawal)
    _note(there, MessageRef.parse(member.manager_dm), note)


def replacement_answered_by_organiser(ctx: Context, member: CohortMember, invite: bool,
                                      clicked: MessageRef | None, organiser_id: str | None = None) -> None:
    """The organiser invited or skipped a proposed replacement."""
    client, names = _organisers_side(ctx, member.team_id, [member])
    _note(client, clicked, replacement_answered(member, invite, names=names, t=ctx.lang(member.team_id, organiser_id)))
    if invite:
        send_invitations(ctx, member.team_id, [member.id])
