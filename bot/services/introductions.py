"""Connector introductions: each week, people who offer the connector kind of help (and anyone
who opted in) meet someone in another council working on a close challenge or with
complementary skills (matching.introductions chooses); a week later one "did you meet?".

Who is introduced: pool members, the owners of open challenges and the people booked or in a
cohort on them; never anyone who opted out, is snoozed, or is paused. "Ignored": nobody answered
an introduction's "did you meet?" by the next week's run; three ignored in a row pause the
person until they act on the Home tab (resume, or opt in again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, delete, select

from bot.matching.introductions import REPEAT_WEEKS, Past, Person, Work, choose_pairs
from bot.services.errors import NotAllowed, NotFound
from bot.storage.models import (
    Booking,
    Challenge,
    CohortMember,
    Introduction,
    IntroductionSettings,
    Profile,
)

CONNECTOR = "connector"  # the kind of help (services.pool.HELP_KINDS) of people who get introductions
SNOOZE_WEEKS = 4
PAUSE_AFTER = 3  # introductions in a row nobody answered
RECENT_ON_HOME = 3


# -- someone's settings ---------------------------------------------------------------------------
def settings_of(session: Session, team_id: str, user_id: str) -> IntroductionSettings | None:
    return session.get(IntroductionSettings, (team_id, user_id))


def _settings(session: Session, team_id: str, user_id: str, now: datetime) -> IntroductionSettings:
    found = settings_of(session, team_id, user_id)
    if found is None:
        found = IntroductionSettings(team_id=team_id, user_id=user_id, updated_at=now)
    return found


def _is_connector(session: Session, team_id: str, user_id: str) -> bool:
    profile = session.exec(select(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id)).first()
    return bool(profile and profile.is_member and CONNECTOR in (profile.help_kinds or []))


def _change(session: Session, team_id: str, user_id: str, now: datetime, **values) -> IntroductionSettings:
    settings = _settings(session, team_id, user_id, now)
    for key, value in values.items():
        setattr(settings, key, value)
    settings.updated_at = now
    session.add(settings)
    session.flush()
    return settings


def opt_in(session: Session, *, team_id: str, user_id: str, now: datetime) -> IntroductionSettings:
    """Weekly introductions from next run on (acting on the Home tab also ends a pause)."""
    return _change(session, team_id, user_id, now, opted_in=True, opted_out=False, snoozed_until=None,
                   paused_at=None, ignored=0)


def opt_out(session: Session, *, team_id: str, user_id: str, now: datetime) -> IntroductionSettings:
    """No introductions at all, as either side, until they opt in again."""
    return _change(session, team_id, user_id, now, opted_in=False, opted_out=True, snoozed_until=None,
                   paused_at=None, ignored=0)


def snooze(session: Session, *, team_id: str, user_id: str, today: date, now: datetime) -> IntroductionSettings:
    """No introductions for the next SNOOZE_WEEKS weeks."""
    if not receives(session, team_id, user_id):
        raise NotAllowed("You don't get weekly introductions: there's nothing to snooze.")
    return _change(session, team_id, user_id, now, snoozed_until=today + timedelta(weeks=SNOOZE_WEEKS),
                   paused_at=None, ignored=0)


def resume(session: Session, *, team_id: str, user_id: str, now: datetime) -> IntroductionSettings:
    """Introductions again after a snooze or a pause."""
    return _change(session, team_id, user_id, now, snoozed_until=None, paused_at=None, ignored=0)


def receives(session: Session, team_id: str, user_id: str) -> bool:
    """They get a weekly introduction (when not snoozed or paused): a connector, or opted in."""
    settings = settings_of(session, team_id, user_id)
    if settings is not None and settings.opted_out:
        return False
    return bool(settings and settings.opted_in) or _is_connector(session, team_id, user_id)


def _resting(settings: IntroductionSettings | None, today: date) -> bool:
    """Not to be introduced this week: opted out, snoozed or paused."""
    return settings is not None and (settings.opted_out or settings.paused_at is not None
                                     or (settings.snoozed_until is not None and settings.snoozed_until > today))


# -- the Home tab ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class HomeState:
    receives: bool  # a connector or opted in (and not opted out)
    connector: bool
    opted_out: bool
    snoozed_until: date | None  # while snoozed
    paused: bool
    council_known: bool  # in the pool or owner of a challenge: Dozen knows which council they are from
    recent: list[Introduction] = field(default_factory=list)


def home_state(session: Session, team_id: str, user_id: str, today: date) -> HomeState:
    settings = settings_of(session, team_id, user_id)
    snoozed = settings.snoozed_until if settings and settings.snoozed_until and settings.snoozed_until > today else None
    recent = session.exec(select(Introduction).where(
        Introduction.team_id == team_id, (Introduction.first_id == user_id) | (Introduction.second_id == user_id))
        .order_by(Introduction.week_start.desc(), Introduction.id.desc()).limit(RECENT_ON_HOME)).all()
    return HomeState(receives=receives(session, team_id, user_id), connector=_is_connector(session, team_id, user_id),
                     opted_out=bool(settings and settings.opted_out), snoozed_until=snoozed,
                     paused=bool(settings and settings.paused_at), council_known=_council(session, team_id, user_id) != "",
                     recent=list(recent))


def _council(session: Session, team_id: str, user_id: str) -> str:
    profile = session.exec(select(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id)).first()
    if profile is not None:
        return profile.council_code
    owned = session.exec(select(Challenge).where(Challenge.team_id == team_id, Challenge.owner_id == user_id)
                         .order_by(Challenge.created_at.desc())).first()
    return owned.council_code if owned else ""


# -- the week's introductions ---------------------------------------------------------------------
def people(session: Session, team_id: str, today: date) -> list[Person]:
    """Everyone who may be introduced this week, as matching sees them: pool members, owners of
    open challenges and the people booked or in a cohort on them, and those who opted in."""
    settings = {s.user_id: s for s in session.exec(select(IntroductionSettings)
                                                   .where(IntroductionSettings.team_id == team_id)).all()}
    councils: dict[str, str] = {}
    skills: dict[str, tuple[str, ...]] = {}
    connectors: set[str] = set()
    for profile in session.exec(select(Profile).where(Profile.team_id == team_id, Profile.status == "member")
                                .order_by(Profile.id)).all():
        councils[profile.user_id] = profile.council_code
        skills[profile.user_id] = tuple(profile.skills or {})
        if CONNECTOR in (profile.help_kinds or []):
            connectors.add(profile.user_id)
    work: dict[str, list[Work]] = {}
    open_ones = {c.id: c for c in session.exec(select(Challenge).where(Challenge.team_id == team_id,
                                                                      Challenge.status == "open")
                                               .order_by(Challenge.number)).all()}

    def works_on(user_id: str, challenge: Challenge) -> None:
        text = " ".join([challenge.title, challenge.problem, *challenge.skills, challenge.other_skills or ""])
        item = Work(f"{challenge.short_id} {challenge.title}", text, tuple(challenge.skills))
        if item not in work.setdefault(user_id, []):
            work[user_id].append(item)

    for challenge in open_ones.values():
        councils.setdefault(challenge.owner_id, challenge.council_code)
        works_on(challenge.owner_id, challenge)
    for person, challenge_id in session.exec(select(Booking.person_id, Booking.challenge_id).where(
            Booking.team_id == team_id, Booking.status == "confirmed", Booking.challenge_id.in_(list(open_ones)),
            Booking.week_start >= today - timedelta(weeks=REPEAT_WEEKS))).all():
        works_on(person, open_ones[challenge_id])
    for person, challenge_id in session.exec(select(CohortMember.person_id, CohortMember.challenge_id).where(
            CohortMember.team_id == team_id, CohortMember.status == "accepted",
            CohortMember.challenge_id.in_(list(open_ones)))).all():
        works_on(person, open_ones[challenge_id])
    everyone = list(dict.fromkeys([*councils, *(u for u, s in settings.items() if s.opted_in)]))
    result = []
    for user_id in everyone:
        mine = settings.get(user_id)
        if _resting(mine, today) or user_id not in councils:
            continue
        wants = bool(mine and mine.opted_in) or user_id in connectors
        result.append(Person(user_id, councils[user_id], skills.get(user_id, ()), tuple(work.get(user_id, ())),
                             wants=wants))
    return result


def _teams(session: Session) -> list[str]:
    teams = set(session.exec(select(Profile.team_id).distinct()).all())
    teams |= set(session.exec(select(IntroductionSettings.team_id).distinct()).all())
    return sorted(teams)


def make_week(session: Session, week: date, today: date, now: datetime) -> list[Introduction]:
    """Choose and store this week's introductions in every workspace (before any is sent)."""
    made = []
    for team_id in _teams(session):
        past = [Past(i.first_id, i.second_id, i.week_start) for i in session.exec(select(Introduction).where(
            Introduction.team_id == team_id, Introduction.week_start > week - timedelta(weeks=REPEAT_WEEKS),
            Introduction.week_start <= week)).all()]
        for pair in choose_pairs(people(session, team_id, today), past, week):
            introduction = Introduction(team_id=team_id, week_start=week, first_id=pair.first, second_id=pair.second,
                                        reason=pair.reason.as_dict(), created_at=now)
            session.add(introduction)
            made.append(introduction)
    session.flush()
    return made


def unsent(session: Session, week: date) -> list[Introduction]:
    """This week's introductions not sent yet (all of them, or those a failed run left)."""
    return list(session.exec(select(Introduction).where(Introduction.week_start == week,
                                                        Introduction.message.is_(None))
                             .order_by(Introduction.team_id, Introduction.id)).all())


def councils_of(session: Session, introduction: Introduction) -> tuple[str, str]:
    """The councils of the two people introduced (as the introduction says them)."""
    return (_council(session, introduction.team_id, introduction.first_id),
            _council(session, introduction.team_id, introduction.second_id))


def get(session: Session, team_id: str, introduction_id: int) -> Introduction:
    found = session.get(Introduction, introduction_id)
    if found is None or found.team_id != team_id:
        raise NotFound("That introduction no longer exists.")
    return found


def record_message(session: Session, introduction_id: int, ref: str | None) -> None:
    """Remember the group DM's message; a refusal (None) marks it sent nowhere, so it isn't retried."""
    found = session.get(Introduction, introduction_id)
    if found is not None:
        found.message = ref or "-"
        session.add(found)


def sent(introduction: Introduction) -> bool:
    return bool(introduction.message) and introduction.message != "-"


# -- a week later ---------------------------------------------------------------------------------
def claim_followups(session: Session, week: date, now: datetime) -> list[Introduction]:
    """Introductions made before this week and sent, not yet followed up: each claimed (a
    conditional UPDATE) so "did you meet?" is asked once, whatever runs at once."""
    due = session.exec(select(Introduction).where(Introduction.week_start < week, Introduction.followup_at.is_(None),
                                                  Introduction.message.is_not(None), Introduction.message != "-",
                                                  Introduction.answered_at.is_(None))
                       .order_by(Introduction.team_id, Introduction.id)).all()
    return [i for i in due if session.execute(
        update(Introduction).where(Introduction.id == i.id, Introduction.followup_at.is_(None))
        .values(followup_at=now).returning(Introduction.id)).first() is not None]


def record_followup(session: Session, introduction_id: int, ref: str | None) -> None:
    found = session.get(Introduction, introduction_id)
    if found is not None:
        found.followup = ref
        session.add(found)


def judge_ignored(session: Session, week: date, today: date, now: datetime) -> list[tuple[str, str]]:
    """Follow-ups sent in an earlier week that nobody answered are ignored: each person's count
    goes up (not while they are snoozed or opted out); at PAUSE_AFTER in a row they are paused.
    Returns the (workspace, person) newly paused."""
    due = session.exec(select(Introduction).where(Introduction.week_start < week - timedelta(weeks=1),
                                                  Introduction.followup.is_not(None),
                                                  Introduction.answered_at.is_(None), Introduction.ignored_at.is_(None))
                       .order_by(Introduction.week_start, Introduction.id)).all()
    paused = []
    for introduction in due:
        if session.execute(update(Introduction).where(Introduction.id == introduction.id,
                                                      Introduction.ignored_at.is_(None))
                           .values(ignored_at=now).returning(Introduction.id)).first() is None:
            continue
        for user_id in (introduction.first_id, introduction.second_id):
            settings = _settings(session, introduction.team_id, user_id, now)
            if settings.opted_out or (settings.snoozed_until and settings.snoozed_until > today):
                continue
            settings.ignored += 1
            if settings.ignored >= PAUSE_AFTER and settings.paused_at is None:
                settings.paused_at = now
                paused.append((introduction.team_id, user_id))
            settings.updated_at = now
            session.add(settings)
            session.flush()
    return paused


def answer(session: Session, *, team_id: str, introduction_id: int, user_id: str, met: bool,
           now: datetime) -> Introduction:
    """One of the two answers "did you meet?": the introduction isn't ignored, and neither
    person's run of ignored introductions goes on."""
    introduction = get(session, team_id, introduction_id)
    if user_id not in (introduction.first_id, introduction.second_id):
        raise NotAllowed("Only the two people introduced can answer this.")
    if introduction.answered_at is not None:
        answered_by = f"<@{introduction.answered_by}>"
        raise NotAllowed("{person} already answered this.", person=answered_by)
    introduction.met, introduction.answered_by, introduction.answered_at = met, user_id, now
    session.add(introduction)
    for person in (introduction.first_id, introduction.second_id):
        settings = settings_of(session, team_id, person)
        if settings is not None and settings.ignored:
            settings.ignored, settings.updated_at = 0, now
            session.add(settings)
    session.flush()
    return introduction


# -- their data -----------------------------------------------------------------------------------
def of_person(session: Session, team_id: str, user_id: str) -> dict:
    """What `/dozen mydata` shows of introductions."""
    settings = settings_of(session, team_id, user_id)
    rows = session.exec(select(Introduction).where(
        Introduction.team_id == team_id, (Introduction.first_id == user_id) | (Introduction.second_id == user_id))
        .order_by(Introduction.week_start)).all()
    return {
        "settings": None if settings is None else {
            "opted_in": settings.opted_in, "opted_out": settings.opted_out,
            "snoozed_until": settings.snoozed_until.isoformat() if settings.snoozed_until else None,
            "ignored_in_a_row": settings.ignored, "paused": settings.paused_at is not None},
        "introductions": [{"week": i.week_start.isoformat(),
                           "with": i.second_id if i.first_id == user_id else i.first_id,
                           "why": i.reason.get("kind"), "met": i.met} for i in rows],
    }


def forget(session: Session, team_id: str, user_id: str) -> None:
    """Their settings and every introduction they were in go."""
    session.exec(delete(IntroductionSettings).where(IntroductionSettings.team_id == team_id,
                                                    IntroductionSettings.user_id == user_id))
    session.exec(delete(Introduction).where(Introduction.team_id == team_id,
                                            (Introduction.first_id == user_id) | (Introduction.second_id == user_id)))
