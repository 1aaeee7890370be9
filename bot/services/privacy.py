"""What Dozen holds about a person (`/dozen mydata`) and forgetting them (`/dozen forget-me`).

Forgetting removes what is theirs, cancels what is still to come (telling the other side),
and replaces their identity with FORMER_MEMBER in what must be kept for accounting (confirmed
bookings in past weeks and their amounts), so cross-charging totals don't change."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, SQLModel, delete, select

from bot.locale import N_, lang
from bot.services import audit, introductions, languages, network
from bot.storage.models import (
    FORMER_MEMBER,
    AuditEvent,
    Availability,
    Booking,
    Challenge,
    ChallengeStage,
    Checkin,
    Cohort,
    CohortMember,
    CouncilRate,
    DigestPart,
    DigestProposal,
    Funding,
    Nomination,
    Outcome,
    Pledge,
    Profile,
    Reaction,
    ReactionOrder,
    WorkspaceConfig,
)

def _plain(row: SQLModel, *, drop: tuple[str, ...] = ("team_id",)) -> dict[str, Any]:
    """A row as JSON-ready values, without what says nothing to the person."""
    values = {}
    for key, value in row.model_dump().items():
        if key in drop or key.endswith(("_dm", "dm")) or key in ("approval_channel", "approval_ts", "posted"):
            continue  # message references: Dozen's bookkeeping, not data about them
        values[key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return values


def collect(session: Session, team_id: str, user_id: str) -> dict[str, Any]:
    """Everything Dozen holds about `user_id` in this workspace. Other people appear only as the
    IDs of those they dealt with (who nominated them, who they booked), never with their data."""
    profile = session.exec(select(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id)).first()
    challenges = {c.id: c for c in session.exec(select(Challenge).where(Challenge.team_id == team_id)).all()}

    def challenge_ref(challenge_id: int) -> str:  # theirs, or another workspace's of the network
        challenge = challenges.get(challenge_id) or session.get(Challenge, challenge_id)
        return f"{challenge.short_id}: {challenge.title}" if challenge else str(challenge_id)

    def with_challenge(row: SQLModel, **extra) -> dict:
        values = _plain(row)
        if "challenge_id" in values:
            values["challenge"] = challenge_ref(values.pop("challenge_id"))
        values.update(extra)
        return values

    bookings = session.exec(select(Booking).where(  # asked for from their workspace, or of them in it
        ((Booking.team_id == team_id) & (Booking.requester_id == user_id))
        | ((Booking.person_team_id == team_id) & ((Booking.person_id == user_id) | (Booking.manager_id == user_id))))
        .order_by(Booking.id)).all()
    reactions = session.exec(select(Reaction).where(Reaction.team_id == team_id, Reaction.user_id == user_id)).all()
    return {
        "user_id": user_id,
        "workspace": team_id,
        "profile": _plain(profile) if profile else None,
        "pool_status": profile.status if profile else "not in the pool",
        "availability": [_plain(a, drop=("team_id", "user_id")) for a in session.exec(
            select(Availability).where(Availability.team_id == team_id, Availability.user_id == user_id)
            .order_by(Availability.week_start)).all()],
        "bookings_of_you": [with_challenge(b) for b in bookings if b.person_id == user_id],
        "bookings_you_asked_for": [with_challenge(b) for b in bookings if b.requester_id == user_id],
        "bookings_you_approved_as_manager": [with_challenge(b) for b in bookings if b.manager_id == user_id],
        "nominations_of_you": [_plain(n) for n in session.exec(
            select(Nomination).where(Nomination.team_id == team_id, Nomination.nominee_id == user_id)).all()],
        "nominations_by_you": [{"nomination": n.short_id, "nominee_id": n.nominee_id, "why": n.why,
                                "status": n.status, "created_at": n.created_at.isoformat()}
                               for n in session.exec(select(Nomination).where(
                                   Nomination.team_id == team_id, Nomination.nominator_id == user_id,
                                   Nomination.nominee_id != user_id)).all()],
        "votes": [{"on": f"{r.kind} {challenge_ref(r.target_id) if r.kind == 'challenge' else r.target_id}",
                   "emoji": r.emoji, "at": r.created_at.isoformat()} for r in reactions],
        "pledges": [with_challenge(p) for p in session.exec(
            select(Pledge).where(Pledge.team_id == team_id, Pledge.pledger_id == user_id)).all()],
        "check_ins": [with_challenge(c) for c in session.exec(
            select(Checkin).where(Checkin.team_id == team_id, Checkin.person_id == user_id)).all()],
        "challenges_you_posted": [{"challenge": challenge_ref(c.id), "status": c.status}
                                  for c in challenges.values() if c.owner_id == user_id],
        "cohorts": [with_challenge(m) for m in session.exec(
            select(CohortMember).where(CohortMember.person_team_id == team_id,
                                       CohortMember.person_id == user_id)).all()],
        "introductions": introductions.of_person(session, team_id, user_id),
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


@dataclass
class Forgotten:
    """What forgetting changed that Slack must hear about."""

    cancelled: list[Booking] = field(default_factory=list)  # future bookings: tell the other side
    challenges_to_redraw: set[int] = field(default_factory=set)
    challenge_teams: dict[int, str] = field(default_factory=dict)  # whose challenge each is (a network's)
    nominations_to_redraw: set[int] = field(default_factory=set)
    messages_to_delete: list[str] = field(default_factory=list)  # "channel:ts" (check-in answers in threads)
    digest_parts: list[DigestPart] = field(default_factory=list)  # to edit: they were proposed there


def forget(session: Session, *, team_id: str, user_id: str, today: date, now: datetime) -> Forgotten:
    out = Forgotten()

    # Bookings: the future is cancelled (and the other side told), the past kept for accounting.
    for booking in session.exec(select(Booking).where(  # asked for from their workspace, or of them in it
            ((Booking.team_id == team_id) & ((Booking.requester_id == user_id) | (Booking.cancelled_by == user_id)))
            | ((Booking.person_team_id == team_id)
               & ((Booking.person_id == user_id) | (Booking.manager_id == user_id)
                  | (Booking.cancelled_by == user_id))))).all():
        if booking.status in ("requested", "confirmed") and booking.week_start > today:
            booking.status, booking.decided_at, booking.reason = "cancelled", now, "a person involved left Dozen"
            booking.cancelled_by = user_id
            out.cancelled.append(Booking(**booking.model_dump()))  # a copy, with their ID, to notify
        for column in ("person_id", "requester_id", "manager_id", "cancelled_by"):
            if getattr(booking, column) == user_id:
                setattr(booking, column, FORMER_MEMBER)
        booking.person_dm = booking.manager_dm = None
        if booking.requester_id == FORMER_MEMBER:
            booking.note = None
        session.add(booking)

    # Votes go; the posts they were on are redrawn with the new counts.
    for reaction in session.exec(select(Reaction).where(Reaction.team_id == team_id,
                                                        Reaction.user_id == user_id)).all():
        (out.challenges_to_redraw if reaction.kind == "challenge" else out.nominations_to_redraw).add(
            reaction.target_id)
    session.exec(delete(Reaction).where(Reaction.team_id == team_id, Reaction.user_id == user_id))
    session.exec(delete(ReactionOrder).where(ReactionOrder.team_id == team_id, ReactionOrder.user_id == user_id))

    # Nominations of them go (the posts are redacted); nominations they made lose their name.
    for nomination in session.exec(select(Nomination).where(Nomination.team_id == team_id,
                                                            Nomination.nominee_id == user_id)).all():
        nomination.status, nomination.nominee_id, nomination.nominator_id = "declined", FORMER_MEMBER, None
        nomination.why = nomination.skills = nomination.help_kinds = nomination.council_code = None
        nomination.dm_channel = nomination.dm_ts = None
        session.add(nomination)
        out.nominations_to_redraw.add(nomination.id)
    for nomination in session.exec(select(Nomination).where(Nomination.team_id == team_id,
                                                            Nomination.nominator_id == user_id)).all():
        nomination.nominator_id = FORMER_MEMBER
        session.add(nomination)
        out.nominations_to_redraw.add(nomination.id)

    # Pledges: open ones are withdrawn; all lose their name and note.
    for pledge in session.exec(select(Pledge).where(Pledge.team_id == team_id, Pledge.pledger_id == user_id)).all():
        if pledge.status == "active":
            pledge.status = "withdrawn"
        pledge.pledger_id, pledge.note, pledge.updated_at = FORMER_MEMBER, None, now
        session.add(pledge)
        out.challenges_to_redraw.add(pledge.challenge_id)

    # Check-in answers go, with their posts in challenge threads.
    for checkin in session.exec(select(Checkin).where(Checkin.team_id == team_id,
                                                      Checkin.person_id == user_id)).all():
        if checkin.posted:
            out.messages_to_delete.append(checkin.posted)
    session.exec(delete(Checkin).where(Checkin.team_id == team_id, Checkin.person_id == user_id))

    # Their profile, availability, cohort places and digest proposals go.
    session.exec(delete(Availability).where(Availability.team_id == team_id, Availability.user_id == user_id))
    session.exec(delete(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id))
    session.exec(delete(CohortMember).where(CohortMember.person_team_id == team_id, CohortMember.person_id == user_id))
    session.exec(delete(DigestProposal).where(DigestProposal.team_id == team_id,
                                              DigestProposal.person_id == user_id))
    introductions.forget(session, team_id, user_id)  # their introduction settings and introductions

    # What they created for their council stays, without their name.
    for challenge in session.exec(select(Challenge).where(Challenge.team_id == team_id,
                                                          (Challenge.owner_id == user_id) |
                                                          (Challenge.closed_by == user_id))).all():
        challenge.owner_id = FORMER_MEMBER if challenge.owner_id == user_id else challenge.owner_id
        challenge.closed_by = FORMER_MEMBER if challenge.closed_by == user_id else challenge.closed_by
        session.add(challenge)
        out.challenges_to_redraw.add(challenge.id)
    for model, column in ((Cohort, "organiser_id"), (Outcome, "submitted_by"), (Funding, "set_by"),
                          (WorkspaceConfig, "updated_by"), (CouncilRate, "updated_by"), (ChallengeStage, "by_user")):
        session.execute(update(model).where(model.team_id == team_id, getattr(model, column) == user_id)
                        .values({column: FORMER_MEMBER}))
    for cohort in session.exec(select(Cohort).where(Cohort.team_id == team_id)).all():
        if user_id in cohort.excluded:
            cohort.excluded = [p for p in cohort.excluded if p != user_id]
            session.add(cohort)

    # Digest messages that proposed them (in any workspace of the network): the line goes.
    for part in session.exec(select(DigestPart).where(DigestPart.team_id.in_(network.teams(session, team_id)))).all():
        text = json.dumps(part.blocks)
        if user_id in text or user_id in part.text:
            words = _digest_words(session, part.team_id)
            part.blocks = _scrub_blocks(part.blocks, user_id, words)
            part.text = part.text.replace(f"<@{user_id}>", words[FORMER])
            session.add(part)
            out.digest_parts.append(part)

    # The audit trail keeps what happened, not who: and the forget-me itself is recorded so.
    session.execute(update(AuditEvent).where(AuditEvent.team_id == team_id, AuditEvent.actor_id == user_id)
                    .values(actor_id=FORMER_MEMBER))
    for event in session.exec(select(AuditEvent).where(AuditEvent.team_id == team_id,
                                                       AuditEvent.subject.contains(user_id))).all():
        event.subject = event.subject.replace(user_id, FORMER_MEMBER)
        session.add(event)
    audit.record(session, team_id=team_id, actor_id=FORMER_MEMBER, action="forget_me", subject=None, now=now)
    session.flush()
    if out.challenges_to_redraw:  # posts are redrawn under their own workspace's challenge
        out.challenge_teams = dict(session.exec(select(Challenge.id, Challenge.team_id).where(
            Challenge.id.in_(out.challenges_to_redraw))).all())
    return out


FORMER = N_("a former member")
PROPOSED_HERE = N_("A former member was proposed here.")


def _digest_words(session: Session, team_id: str) -> dict[str, str]:
    """What a digest says in place of someone forgotten, in its workspace's language (Welsh and
    English when its posts are bilingual)."""
    language, bilingual, _ = languages.workspace(session, team_id)
    speakers = [lang("cy"), lang("en")] if bilingual else [lang(language)]
    return {words: " / ".join(dict.fromkeys(t._(words) for t in speakers)) for words in (FORMER, PROPOSED_HERE)}


def _scrub_blocks(blocks: Any, user_id: str, words: dict[str, str] | None = None) -> Any:
    """Digest blocks with the person's proposal lines removed (and any other mention replaced)."""
    words = words or {FORMER: FORMER, PROPOSED_HERE: PROPOSED_HERE}
    kept = []
    for block in blocks:
        text = json.dumps(block)
        if user_id not in text:
            kept.append(block)
        elif block.get("accessory", {}).get("action_id") == "digest_book":
            kept.append({"type": "section", "text": {"type": "mrkdwn", "text": f"_{words[PROPOSED_HERE]}_"}})
        else:
            replaced = json.dumps(words[FORMER])[1:-1]  # as it is written inside the JSON text
            kept.append(json.loads(text.replace(f"<@{user_id}>", replaced).replace(user_id, "former")))
    return kept
