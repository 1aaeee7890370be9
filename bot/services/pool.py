"""The talent pool: nominations with consent, profiles, line manager approval.

Nobody is in the pool without saying yes, and (unless the workspace turned it off)
without their line manager's approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.locale import N_
from bot.reference import SKILL_LEVELS, councils, skills
from bot.services import audit
from bot.services.availability import at
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.languages import refusal
from bot.services.workspace import get_config, next_number
from bot.storage.models import Nomination, Post, Profile

# The kinds of help pool members offer (English names for the catalogue: translate where shown).
HELP_KINDS: dict[str, str] = {
    "connector": N_("Connector: knows everyone, makes introductions"),
    "information_governance": N_("Information governance"),
    "prototyping": N_("Prototyping"),
    "user_research": N_("User research"),
    "service_design": N_("Service and interaction design"),
    "content_design": N_("Content design"),
    "data": N_("Data"),
    "software_development": N_("Software development"),
    "delivery": N_("Delivery and agile"),
    "product": N_("Product"),
    "procurement": N_("Procurement and commercial"),
    # Translators: a kind of help someone offers, when none of the others fits.
    "other": N_("Other"),
}
REPEAT_AFTER_DECLINE = timedelta(days=90)
WHY_MAX = 1000
BIO_MAX = 1000
REASON_MAX = 500
HOURS_MAX = 37.5
HOURS_MAX_TEXT = f"{HOURS_MAX:g}"
# Level blocks in the forms, highest first; None = the level is not known.
LEVEL_FIELDS: dict[str | None, str] = {
    "Expert": "skills_expert",
    "Practitioner": "skills_practitioner",
    "Working": "skills_working",
    "Awareness": "skills_awareness",
    None: "skills_unknown",
}
assert set(SKILL_LEVELS) == {level for level in LEVEL_FIELDS if level}


PUBLIC_NAME_MAX = 100


@dataclass
class SkillsDraft:
    """Skills as chosen in a form: level (or None) -> skill names."""

    by_level: dict[str | None, list[str]] = field(default_factory=dict)
    help_kinds: list[str] = field(default_factory=list)
    council_code: str = ""


@dataclass
class NominationDraft(SkillsDraft):
    nominee_id: str = ""
    why: str = ""


@dataclass
class ProfileDraft(SkillsDraft):
    line_manager_id: str | None = None
    hours_per_week: str = ""
    bio: str = ""
    show_publicly: bool = False  # on the public board, by name and council
    public_name: str | None = None  # their Slack name when they agreed
    display_name: str | None = None  # their Slack name: how other workspaces of the network see them


def _check_skills(draft: SkillsDraft, errors: dict[str, Message]) -> dict[str, str | None]:
    """One level per skill, highest first; fills `errors` keyed by form field."""
    known = skills()
    chosen: dict[str, str | None] = {}
    for level, block in LEVEL_FIELDS.items():
        for name in draft.by_level.get(level, []):
            if name not in known:
                errors[block] = Message("Not a DDaT skill: {skill}.", skill=name)
            elif name in chosen and chosen[name]:
                # Translators: {level} is a DDaT skill level, left in English: Expert, Practitioner, Working, Awareness.
                errors[block] = Message("{skill} is already chosen at {level} level; pick one level.", skill=name,
                                        level=chosen[name])
            elif name in chosen:
                errors[block] = Message("{skill} is already chosen at another level; pick one level.", skill=name)
            else:
                chosen[name] = level
    if not chosen and not any(k in errors for k in LEVEL_FIELDS.values()):
        errors["skills_unknown"] = Message(
            "Choose at least one skill (under a level, or here if you don't know the level).")
    unknown_kinds = [k for k in draft.help_kinds if k not in HELP_KINDS]
    if unknown_kinds:
        errors["help_kinds"] = Message("Choose kinds of help from the list.")
    elif not draft.help_kinds:
        errors["help_kinds"] = Message("Choose at least one kind of help.")
    if not draft.council_code:
        errors["council"] = Message("Choose their council.")
    elif draft.council_code not in councils():
        errors["council"] = Message("Choose a council from the list.")
    return chosen


def get_profile(session: Session, team_id: str, user_id: str) -> Profile | None:
    return session.exec(select(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id)).first()


def get_nomination(session: Session, team_id: str, nomination_id: int) -> Nomination:
    nomination = session.get(Nomination, nomination_id)
    if nomination is None or nomination.team_id != team_id:
        raise NotFound("That nomination no longer exists.")
    return nomination


def check_can_nominate(session: Session, *, team_id: str, nominee_id: str, nominator_id: str, now: datetime) -> None:
    """Refuse nominations that would pester someone or duplicate the pool."""
    profile = get_profile(session, team_id, nominee_id)
    person = at(nominee_id)
    if profile is not None and profile.status == "member":
        raise NotAllowed("{person} is already in the talent pool.", person=person)
    if profile is not None and profile.status == "awaiting_manager":
        raise NotAllowed("{person} has already said yes and is waiting for their line manager's approval.",
                         person=person)
    nominations = session.exec(
        select(Nomination).where(Nomination.team_id == team_id, Nomination.nominee_id == nominee_id)
    ).all()
    for nomination in nominations:
        if nomination.status == "awaiting_consent":
            if nominee_id == nominator_id:
                return  # someone else nominated them; they may still put themselves forward
            raise NotAllowed("{person} has already been nominated ({nomination}) and hasn't answered yet.",
                             person=person, nomination=nomination.short_id)
        if (nomination.status == "declined" and nomination.decided_at
                and now - nomination.decided_at < REPEAT_AFTER_DECLINE and nominee_id != nominator_id):
            again = (nomination.decided_at + REPEAT_AFTER_DECLINE).date()
            raise refusal(NotAllowed, N_("{person} can't be nominated again until {day}."), person=person, day=again)


def start_nomination(session: Session, *, team_id: str, nominee_id: str, nominator_id: str, now: datetime) -> bool:
    """Whether `/nominate` may go ahead: True when people name themselves (their profile form
    opens), False for someone else (the nomination form opens); NotAllowed says why not."""
    if nominee_id == nominator_id:
        profile = get_profile(session, team_id, nominator_id)
        if profile is not None and profile.status == "member":
            raise NotAllowed("You're already in the talent pool. Change your profile from Dozen's Home tab.")
        return True
    check_can_nominate(session, team_id=team_id, nominee_id=nominee_id, nominator_id=nominator_id, now=now)
    return False


def nominate(session: Session, *, team_id: str, nominator_id: str, draft: NominationDraft,
             now: datetime) -> Nomination:
    """Record a nomination of someone else; it waits for their consent."""
    errors: dict[str, Message] = {}
    if not draft.nominee_id:
        errors["nominee"] = Message("Choose who you are nominating.")
    elif draft.nominee_id == nominator_id:
        errors["nominee"] = Message(
            "To put yourself forward, use `/nominate` with your own name: it opens your profile.")
    why = (draft.why or "").strip()
    if len(why) < 10:
        errors["why"] = Message("Say in a sentence or two why they'd be great (at least 10 characters).")
    elif len(why) > WHY_MAX:
        errors["why"] = Message("Keep it to {n} characters.", n=WHY_MAX)
    chosen = _check_skills(draft, errors)
    if errors:
        raise ValidationFailed(errors)
    try:
        check_can_nominate(session, team_id=team_id, nominee_id=draft.nominee_id, nominator_id=nominator_id, now=now)
    except NotAllowed as error:
        raise ValidationFailed(dict(nominee=error.said)) from None
    nomination = Nomination(
        team_id=team_id,
        number=next_number(session, team_id, "nomination"),
        nominee_id=draft.nominee_id,
        nominator_id=nominator_id,
        why=why,
        skills=chosen,
        help_kinds=list(dict.fromkeys(draft.help_kinds)),
        council_code=draft.council_code,
        created_at=now,
    )
    session.add(nomination)
    session.flush()
    return nomination


def awaiting_consent(session: Session, *, team_id: str, nomination_id: int, user_id: str) -> Nomination:
    """The nomination `user_id` is answering, if it is theirs and still open."""
    nomination = get_nomination(session, team_id, nomination_id)
    if nomination.nominee_id != user_id:
        raise NotAllowed("Only the person nominated can answer this.")
    if nomination.status != "awaiting_consent":
        raise NotAllowed(ANSWERED.get(nomination.status, ANSWERED["declined"]))
    return nomination


ANSWERED = {"accepted": N_("You already answered this nomination (accepted)."),
            "declined": N_("You already answered this nomination (declined).")}


def decline_nomination(session: Session, *, team_id: str, nomination_id: int, user_id: str,
                       now: datetime) -> tuple[Nomination, str | None]:
    """The nominee says no. Keep only the fact (for the 90-day rule); return the
    nomination and who to tell."""
    nomination = awaiting_consent(session, team_id=team_id, nomination_id=nomination_id, user_id=user_id)
    nominator = nomination.nominator_id
    nomination.status, nomination.decided_at = "declined", now
    audit.record(session, team_id=team_id, actor_id=user_id, action="nomination.declined",
                 subject=f"nomination {nomination.short_id}", now=now)
    nomination.why = nomination.skills = nomination.help_kinds = nomination.council_code = None
    nomination.nominator_id = None
    session.add(nomination)
    session.flush()
    return nomination, nominator


@dataclass(frozen=True)
class SavedProfile:
    profile: Profile
    needs_manager: bool  # a manager approval request should go out now
    nomination: Nomination | None  # the nomination this accepted or created, if any


def save_profile(session: Session, *, team_id: str, user_id: str, draft: ProfileDraft, manager_approval: bool,
                 now: datetime, nomination_id: int | None = None, why: str | None = None) -> SavedProfile:
    """Create or change someone's profile. A new profile accepts their nomination (or, with
    no nomination, is a self-nomination). Raising hours or changing manager asks again."""
    errors: dict[str, Message] = {}
    chosen = _check_skills(draft, errors)
    manager = draft.line_manager_id or None
    if manager_approval and not manager:
        errors["line_manager"] = Message("Choose your line manager: they approve your time in the pool.")
    elif manager and manager == user_id:
        errors["line_manager"] = Message("Your line manager can't be you.")
    text = (draft.hours_per_week or "").strip()
    try:
        hours = float(text)
    except ValueError:
        hours = None
    if hours is None or hours != hours:
        errors["hours"] = Message("Enter the hours a week you can give, like 4 or 7.5.")
    elif not 0.5 <= hours <= HOURS_MAX:
        errors["hours"] = Message("Hours a week must be between 0.5 and {most}.", most=HOURS_MAX_TEXT)
    elif hours * 2 != int(hours * 2):
        errors["hours"] = Message("Hours go in half hours, like 3.5.")
    bio = (draft.bio or "").strip()
    if len(bio) > BIO_MAX:
        errors["bio"] = Message("Keep your bio to {n} characters (it has {length}).", n=BIO_MAX, length=len(bio))
    why = (why or "").strip() or None
    if why and len(why) > WHY_MAX:
        errors["why"] = Message("Keep it to {n} characters.", n=WHY_MAX)
    if errors:
        raise ValidationFailed(errors)

    nomination = None
    if nomination_id is not None:
        nomination = awaiting_consent(session, team_id=team_id, nomination_id=nomination_id, user_id=user_id)
        nomination.status, nomination.decided_at = "accepted", now
        session.add(nomination)

    profile = get_profile(session, team_id, user_id)
    if profile is None:
        if nomination is None:  # putting themselves forward
            nomination = Nomination(
                team_id=team_id, number=next_number(session, team_id, "nomination"), nominee_id=user_id,
                nominator_id=user_id, why=why, skills=chosen, help_kinds=list(draft.help_kinds),
                council_code=draft.council_code, status="accepted", created_at=now, decided_at=now,
            )
            session.add(nomination)
        profile = Profile(team_id=team_id, user_id=user_id, created_at=now, council_code=draft.council_code,
                          hours_per_week=hours, status="awaiting_manager")
        ask_again = True
    else:
        ask_again = (
            profile.status != "member"
            or manager != profile.line_manager_id
            or hours > profile.hours_per_week
        )
    profile.council_code = draft.council_code
    profile.line_manager_id = manager
    profile.hours_per_week = hours
    profile.bio = bio or None
    profile.skills = chosen
    profile.help_kinds = list(dict.fromkeys(draft.help_kinds))
    profile.show_publicly = bool(draft.show_publicly and draft.public_name)
    profile.public_name = draft.public_name[:PUBLIC_NAME_MAX] if profile.show_publicly else None
    if draft.display_name:
        profile.display_name = draft.display_name[:PUBLIC_NAME_MAX]
    profile.updated_at = now
    needs_manager = False
    if ask_again:
        if manager_approval:
            profile.status, profile.manager_reason, profile.approved_at = "awaiting_manager", None, None
            needs_manager = True
        else:
            profile.status, profile.approved_at = "member", now
    session.add(profile)
    session.flush()
    return SavedProfile(profile, needs_manager, nomination)


def submit_profile(session: Session, *, team_id: str, user_id: str, draft: ProfileDraft, now: datetime,
                   nomination_id: int | None = None, why: str | None = None) -> SavedProfile:
    """Save someone's profile from the form, asking their line manager when the workspace wants that."""
    return save_profile(session, team_id=team_id, user_id=user_id, draft=draft,
                        manager_approval=get_config(session, team_id).manager_approval, now=now,
                        nomination_id=nomination_id, why=why)


def membership_request(session: Session, *, team_id: str, profile_id: int, manager_id: str) -> Profile:
    """The profile a line manager is about to decline, if it is theirs to answer and still open."""
    profile = session.get(Profile, profile_id)
    if (profile is None or profile.team_id != team_id or profile.line_manager_id != manager_id
            or profile.status != "awaiting_manager"):
        raise NotAllowed("This request was already answered, or isn't yours to answer.")
    return profile


def decide_membership(session: Session, *, team_id: str, profile_id: int, manager_id: str, approve: bool,
                      reason: str | None, now: datetime) -> Profile:
    """The line manager approves or declines someone's time in the pool."""
    profile = session.get(Profile, profile_id)
    if profile is None or profile.team_id != team_id:
        raise NotFound("That request no longer exists.")
    if profile.line_manager_id != manager_id:
        raise NotAllowed("Only {manager}, the line manager named, can answer this.",
                         manager=at(profile.line_manager_id))
    if profile.status != "awaiting_manager":
        raise NotAllowed("This request was already answered.")
    reason = (reason or "").strip() or None
    if reason and len(reason) > REASON_MAX:
        too_long = Message("Keep the reason to {n} characters.", n=REASON_MAX)
        raise ValidationFailed(dict(reason=too_long))
    audit.record(session, team_id=team_id, actor_id=manager_id,
                 action="membership.approved" if approve else "membership.declined",
                 subject=f"member {profile.user_id}", now=now)
    if approve:
        profile.status, profile.approved_at, profile.manager_reason = "member", now, None
    else:
        profile.status, profile.manager_reason = "manager_declined", reason
    profile.updated_at = now
    session.add(profile)
    session.flush()
    return profile


def record_nomination_post(session: Session, team_id: str, nomination_id: int, channel_id: str, ts: str) -> None:
    """Remember where the nomination was posted, so votes on that message count for it."""
    nomination = get_nomination(session, team_id, nomination_id)
    nomination.channel_id, nomination.message_ts = channel_id, ts
    session.add(nomination)
    session.add(Post(team_id=nomination.team_id, channel_id=channel_id, ts=ts, kind="nomination",
                     target_id=nomination.id))
    session.flush()


def record_nominee_dm(session: Session, team_id: str, nomination_id: int, channel_id: str, ts: str) -> None:
    """Remember the DM that asked the nominee, so it can show their answer later."""
    nomination = get_nomination(session, team_id, nomination_id)
    nomination.dm_channel, nomination.dm_ts = channel_id, ts
    session.add(nomination)
    session.flush()


def record_manager_request(session: Session, team_id: str, profile_id: int, channel_id: str, ts: str) -> None:
    """Remember the DM that asked the line manager, so it can show their answer later."""
    profile = session.get(Profile, profile_id)
    if profile is None or profile.team_id != team_id:
        raise NotFound("That request no longer exists.")
    profile.approval_channel, profile.approval_ts = channel_id, ts
    session.add(profile)
    session.flush()


def open_nomination_of(session: Session, team_id: str, user_id: str) -> Nomination | None:
    """Someone else's nomination of this person that still waits for their answer."""
    return session.exec(
        select(Nomination).where(Nomination.team_id == team_id, Nomination.nominee_id == user_id,
                                 Nomination.status == "awaiting_consent")
    ).first()


def nominations_involving(session: Session, team_id: str, user_id: str) -> list[Nomination]:
    """Nominations of and by someone, newest first (for App Home)."""
    statement = (
        select(Nomination)
        .where(Nomination.team_id == team_id,
               (Nomination.nominee_id == user_id) | (Nomination.nominator_id == user_id))
        .order_by(Nomination.id.desc())
    )
    return list(session.exec(statement).all())


def pending_items(session: Session, team_id: str) -> tuple[list[Nomination], list[Profile]]:
    """For organisers: nominations awaiting consent, profiles awaiting a manager."""
    nominations = session.exec(
        select(Nomination).where(Nomination.team_id == team_id, Nomination.status == "awaiting_consent")
        .order_by(Nomination.id)
    ).all()
    profiles = session.exec(
        select(Profile).where(Profile.team_id == team_id, Profile.status == "awaiting_manager").order_by(Profile.id)
    ).all()
    return list(nominations), list(profiles)
