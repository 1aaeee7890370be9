"""Crowdfunding: targets and pledges of money, resources or hours to challenges.

Two rules, as civic crowdfunding taught people: "keep what you raise" (pledges stand whatever
is raised) and "all or nothing" (pledges fall due only if the target is reached by the deadline,
and are released otherwise). Money is pence, never floats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from bot.services import stages
from bot.services.challenges import get as get_challenge_by_ref
from bot.services.challenges import get_by_id as get_challenge
from bot.locale import N_
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.languages import currency, refusal
from bot.services.money import BadAmount, parse_amount
from bot.services.workspace import next_number
from bot.storage.models import Challenge, Funding, Pledge

MAX_PLEDGE_PENCE = 100_000_000  # £1,000,000
MAX_TARGET_PENCE = 100_000_000
RULES = {"keep": N_("keep what you raise"), "all_or_nothing": N_("all or nothing")}
KINDS = {"money": "money", "resource": "an in-kind resource", "hours": "hours of someone's time"}
# What can't happen to a challenge that isn't open any more, by its status.
CANNOT_CHANGE = {"delivered": N_("{challenge} is delivered: its funding can't change."),
                 "closed": N_("{challenge} is closed: its funding can't change.")}
NO_PLEDGES = {"delivered": N_("{challenge} is delivered: it no longer takes pledges."),
              "closed": N_("{challenge} is closed: it no longer takes pledges.")}
PLEDGES_FIXED = {"delivered": N_("{challenge} is delivered: its pledges can't change now."),
                 "closed": N_("{challenge} is closed: its pledges can't change now.")}
# A pledge that no longer counts, by its status.
GONE = {"withdrawn": N_("{pledge} was withdrawn."), "released": N_("{pledge} was released.")}


def _by_status(messages: dict[str, str], status: str) -> str:
    return messages.get(status) or messages[next(iter(messages))]


def amount_error(error: BadAmount) -> Message | str:
    """Why an amount was refused, in the reader's language when it says so (its message)."""
    said = getattr(error, "said", None)
    return said if isinstance(said, Message) else str(error)
TEXT_MAX = 500
LIVE = ("active", "due")  # pledges that count


@dataclass
class PledgeDraft:
    kind: str = ""
    amount: str = ""
    description: str = ""
    on_behalf_of: str = ""
    note: str = ""


@dataclass(frozen=True)
class FundingState:
    """What the funding line shows."""

    funding: Funding | None
    pledged_pence: int = 0
    backers: int = 0
    in_kind: list[Pledge] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.funding or not self.funding.target_pence:
            return 0
        return int(self.pledged_pence * 100 // self.funding.target_pence)


def get_funding(session: Session, team_id: str, challenge_id: int, *, lock: bool = False) -> Funding | None:
    # A challenge's funding and pledges are found by the challenge alone: in a network, pledges
    # come from every workspace the challenge is shared with (each pledge a row of its own workspace).
    statement = select(Funding).where(Funding.challenge_id == challenge_id)
    return session.exec(statement.with_for_update() if lock else statement).first()


def live_pledges(session: Session, team_id: str, challenge_id: int) -> list[Pledge]:
    return list(session.exec(select(Pledge).where(Pledge.challenge_id == challenge_id,
                                                  Pledge.status.in_(LIVE)).order_by(Pledge.id)).all())


def state(session: Session, team_id: str, challenge_id: int) -> FundingState:
    pledges = live_pledges(session, team_id, challenge_id)
    money = [p for p in pledges if p.kind == "money"]
    return FundingState(
        funding=get_funding(session, team_id, challenge_id),
        pledged_pence=sum(p.amount_pence or 0 for p in money),
        backers=len({p.pledger_id for p in pledges}),
        in_kind=[p for p in pledges if p.kind != "money"],
    )


def states(session: Session, team_id: str, challenge_ids: list[int]) -> dict[int, FundingState]:
    """Funding lines for many challenges (for /challenge list), in two queries."""
    fundings = {f.challenge_id: f for f in session.exec(
        select(Funding).where(Funding.challenge_id.in_(challenge_ids))).all()}
    sums = dict(session.exec(
        select(Pledge.challenge_id, func.sum(Pledge.amount_pence))
        .where(Pledge.challenge_id.in_(list(fundings)), Pledge.kind == "money",
               Pledge.status.in_(LIVE))
        .group_by(Pledge.challenge_id)).all()) if fundings else {}
    return {cid: FundingState(funding=f, pledged_pence=int(sums.get(cid) or 0)) for cid, f in fundings.items()}


def can_manage(challenge: Challenge, user_id: str, is_organiser: bool) -> bool:
    return challenge.owner_id == user_id or is_organiser


def set_target(session: Session, *, team_id: str, challenge_id: int, user_id: str, is_organiser: bool,
               amount: str, rule: str, deadline: str | None, today: date, now: datetime) -> tuple[Funding, bool]:
    """Set or change a challenge's target; returns (funding, reached just now)."""
    challenge = get_challenge(session, team_id, challenge_id)
    if not can_manage(challenge, user_id, is_organiser):
        owner = f"<@{challenge.owner_id}>"
        raise NotAllowed("Only {owner}, who posted {challenge}, or an organiser can set its funding target.",
                         owner=owner, challenge=challenge.short_id)
    if challenge.status != "open":
        raise NotAllowed(_by_status(CANNOT_CHANGE, challenge.status), challenge=challenge.short_id)
    errors: dict[str, Message | str] = {}
    try:
        target = parse_amount(amount, maximum_pence=MAX_TARGET_PENCE, currency=currency(session, challenge.team_id))
    except BadAmount as error:
        target = None
        errors["target"] = amount_error(error)
    if rule not in RULES:
        errors["rule"] = Message("Choose how pledges work: keep what you raise, or all or nothing.")
    try:
        until = date.fromisoformat(deadline or "")
    except ValueError:
        until = None
        errors["deadline"] = Message("Choose the deadline.")
    if until is not None and until <= today:
        errors["deadline"] = Message("The deadline must be after today.")
    funding = get_funding(session, team_id, challenge_id, lock=True)
    if funding is not None and funding.reached_at is not None:
        errors["target"] = Message("The target was already reached; it can't change now.")
    if errors:
        raise ValidationFailed(errors)
    if funding is None:
        funding = Funding(team_id=challenge.team_id, challenge_id=challenge_id, target_pence=target, rule=rule,
                          deadline=until, set_by=user_id, set_at=now)
    funding.target_pence, funding.rule, funding.deadline = target, rule, until
    funding.set_by, funding.set_at, funding.closed_at = user_id, now, None
    session.add(funding)
    session.flush()
    return funding, _reach_if_met(session, funding, now)


def _reach_if_met(session: Session, funding: Funding, now: datetime) -> bool:
    """Mark the target reached if the pledges meet it; True only for the call that did.
    The conditional UPDATE makes it once, whatever races."""
    pledged = session.exec(
        select(func.coalesce(func.sum(Pledge.amount_pence), 0))
        .where(Pledge.challenge_id == funding.challenge_id,
               Pledge.kind == "money", Pledge.status.in_(LIVE))).one()
    if pledged < funding.target_pence:
        return False
    won = session.execute(
        update(Funding)
        .where(Funding.challenge_id == funding.challenge_id,
               Funding.reached_at.is_(None))
        .values(reached_at=now)
        .returning(Funding.challenge_id)
    ).first()
    if won and funding.rule == "all_or_nothing":
        session.execute(update(Pledge).where(Pledge.challenge_id == funding.challenge_id, Pledge.status == "active")
                        .values(status="due", updated_at=now))
    if won:
        stages.move_by_id(session, funding.team_id, funding.challenge_id, stages.FUNDED, now=now)
    session.refresh(funding)
    return bool(won)


def _check(draft: PledgeDraft, counted_in: str = "GBP") -> tuple[dict, dict[str, Message | str]]:
    errors: dict[str, Message | str] = {}
    values: dict = {"kind": draft.kind}
    if draft.kind not in KINDS:
        errors["kind"] = Message("Choose what you are pledging.")
    if draft.kind == "money":
        try:
            values["amount_pence"] = parse_amount(draft.amount, maximum_pence=MAX_PLEDGE_PENCE, currency=counted_in)
        except BadAmount as error:
            errors["amount"] = amount_error(error)
    description = " ".join((draft.description or "").split())
    if draft.kind in ("resource", "hours") and len(description) < 3:
        errors["description"] = (Message("Describe the resource, e.g. a venue for 40 people.")
                                 if draft.kind == "resource"
                                 else Message("Describe the time, e.g. 20 hours of a data analyst."))
    elif len(description) > TEXT_MAX:
        errors["description"] = Message("Keep it to {most} characters.", most=TEXT_MAX)
    values["description"] = description or None
    on_behalf = " ".join((draft.on_behalf_of or "").split())
    if len(on_behalf) < 2:
        errors["on_behalf_of"] = Message("Say which council or organisation this pledge is from.")
    elif len(on_behalf) > 150:
        errors["on_behalf_of"] = Message("Keep it to {most} characters.", most=150)
    values["on_behalf_of"] = on_behalf
    note = (draft.note or "").strip()
    if len(note) > TEXT_MAX:
        errors["note"] = Message("Keep the note to {most} characters.", most=TEXT_MAX)
    values["note"] = note or None
    if draft.kind != "money":
        values["amount_pence"] = None
    return values, errors


def open_for_pledges(session: Session, challenge: Challenge, today: date) -> Funding | None:
    """The challenge's funding, if pledges can be made now; otherwise say why not."""
    if challenge.status != "open":
        raise NotAllowed(_by_status(NO_PLEDGES, challenge.status), challenge=challenge.short_id)
    funding = get_funding(session, challenge.team_id, challenge.id)
    if funding is not None and (funding.closed_at is not None or funding.deadline < today):
        raise refusal(NotAllowed, N_("Funding for {challenge} closed on {day}."), challenge=challenge.short_id,
                      day=funding.deadline)
    return funding


def pledge(session: Session, *, team_id: str, challenge_id: int, user_id: str, draft: PledgeDraft, today: date,
           now: datetime) -> tuple[Pledge, bool]:
    """Record a pledge; returns (pledge, whether it made the target reached just now)."""
    challenge = get_challenge(session, team_id, challenge_id)
    values, errors = _check(draft, currency(session, challenge.team_id))
    try:
        open_for_pledges(session, challenge, today)
    except NotAllowed as error:
        errors = {"kind": error.said}
    if errors:
        raise ValidationFailed(errors)
    funding = get_funding(session, team_id, challenge_id, lock=True)  # one pledge at a time per challenge
    status = "due" if funding and funding.reached_at and funding.rule == "all_or_nothing" else "active"
    made = Pledge(team_id=team_id, number=next_number(session, team_id, "pledge"), challenge_id=challenge_id,
                  pledger_id=user_id, status=status, created_at=now, updated_at=now, **values)
    session.add(made)
    session.flush()
    reached = _reach_if_met(session, funding, now) if funding else False
    if reached:
        session.refresh(made)
    return made, reached


def get_pledge(session: Session, team_id: str, pledge_id: int) -> Pledge:
    made = session.get(Pledge, pledge_id)
    if made is None or made.team_id != team_id:
        raise NotFound("That pledge no longer exists.")
    return made


def check_changeable(session: Session, made: Pledge, user_id: str) -> Funding | None:
    """The pledge's funding (locked) if its pledger may still change or withdraw it."""
    if made.pledger_id != user_id:
        raise NotAllowed("Only the person who made a pledge can change or withdraw it.")
    if made.status not in LIVE:
        raise NotAllowed(_by_status(GONE, made.status), pledge=made.short_id)
    challenge = get_challenge(session, made.team_id, made.challenge_id)
    if challenge.status != "open":
        raise NotAllowed(_by_status(PLEDGES_FIXED, challenge.status), challenge=challenge.short_id)
    funding = get_funding(session, made.team_id, made.challenge_id, lock=True)
    if funding and funding.rule == "all_or_nothing" and funding.reached_at:
        raise NotAllowed("{challenge} reached its all-or-nothing target, so its pledges are due and can't change "
                         "now.", challenge=challenge.short_id)
    if funding and funding.closed_at:
        raise NotAllowed("Funding for {challenge} has closed.", challenge=challenge.short_id)
    return funding


def change(session: Session, *, team_id: str, pledge_id: int, user_id: str, draft: PledgeDraft,
           now: datetime) -> tuple[Pledge, bool]:
    made = get_pledge(session, team_id, pledge_id)
    try:
        funding = check_changeable(session, made, user_id)
    except NotAllowed as error:
        raise ValidationFailed(dict(kind=error.said)) from None
    values, errors = _check(draft, currency(session, funding.team_id))  # the challenge's workspace's
    if errors:
        raise ValidationFailed(errors)
    for key, value in values.items():
        setattr(made, key, value)
    made.updated_at = now
    session.add(made)
    session.flush()
    return made, _reach_if_met(session, funding, now) if funding else False


def withdraw(session: Session, *, team_id: str, pledge_id: int, user_id: str, now: datetime) -> Pledge:
    made = get_pledge(session, team_id, pledge_id)
    check_changeable(session, made, user_id)
    made.status, made.updated_at = "withdrawn", now
    session.add(made)
    session.flush()
    return made


def backers(session: Session, team_id: str, challenge_id: int) -> list[tuple[str, str]]:
    """(workspace, person) of everyone with a live pledge: told in their own workspace."""
    return sorted({(p.team_id, p.pledger_id) for p in live_pledges(session, team_id, challenge_id)})


def pledges_of(session: Session, team_id: str, user_id: str) -> list[tuple[Pledge, Challenge]]:
    statement = (select(Pledge, Challenge).join(Challenge, Challenge.id == Pledge.challenge_id)
                 .where(Pledge.team_id == team_id, Pledge.pledger_id == user_id, Pledge.status.in_(LIVE))
                 .order_by(Pledge.id.desc()))
    return list(session.exec(statement).all())


@dataclass(frozen=True)
class Closed:
    funding: Funding
    challenge: Challenge
    released: bool  # an all-or-nothing target was missed: its pledges were released
    pledged_pence: int
    backers: list[tuple[str, str]]  # (workspace, person)


def close_past_deadlines(session: Session, *, today: date, now: datetime) -> list[Closed]:
    """Fundings whose deadline has passed (every workspace): all-or-nothing ones short of their
    target release their pledges. Each is closed once (conditional UPDATE)."""
    due = session.exec(select(Funding).where(Funding.closed_at.is_(None), Funding.deadline < today)).all()
    closed = []
    for funding in due:
        won = session.execute(
            update(Funding).where(Funding.challenge_id == funding.challenge_id,
                                  Funding.closed_at.is_(None)).values(closed_at=now).returning(Funding.challenge_id)
        ).first()
        if not won:
            continue
        current = state(session, funding.team_id, funding.challenge_id)
        people = backers(session, funding.team_id, funding.challenge_id)
        released = funding.rule == "all_or_nothing" and funding.reached_at is None
        if released:
            session.execute(update(Pledge).where(    Pledge.challenge_id == funding.challenge_id,
                                                 Pledge.status.in_(LIVE)).values(status="released", updated_at=now))
        closed.append(Closed(funding, get_challenge(session, funding.team_id, funding.challenge_id), released,
                             current.pledged_pence, people))
    session.flush()
    return closed


# -- what the Slack surface asks for in one go -------------------------------------------------
@dataclass(frozen=True)
class PledgeOutcome:
    """A pledge made, changed or withdrawn, with what its confirmation shows."""

    pledge: Pledge
    challenge: Challenge
    funding: Funding | None
    reached: bool = False  # this change made the target reached


def pledgeable(session: Session, team_id: str, *, ref: str | None = None, challenge_id: int | None = None,
               today: date) -> Challenge:
    """The challenge (by reference like C-12, or by ID) if it takes pledges now; otherwise say why not."""
    challenge = get_challenge_by_ref(session, team_id, ref) if ref is not None else \
        get_challenge(session, team_id, challenge_id)
    open_for_pledges(session, challenge, today)
    return challenge


def make_or_change(session: Session, *, team_id: str, challenge_id: int, pledge_id: int | None, user_id: str,
                   draft: PledgeDraft, today: date, now: datetime) -> PledgeOutcome:
    """The pledge form's submission: a new pledge, or a change to `pledge_id`."""
    if pledge_id:
        made, reached = change(session, team_id=team_id, pledge_id=pledge_id, user_id=user_id, draft=draft, now=now)
    else:
        made, reached = pledge(session, team_id=team_id, challenge_id=challenge_id, user_id=user_id, draft=draft,
                               today=today, now=now)
    return PledgeOutcome(made, get_challenge(session, team_id, made.challenge_id),
                         get_funding(session, team_id, made.challenge_id), reached)


def target_form(session: Session, team_id: str, challenge_id: int, user_id: str,
                is_organiser: bool) -> tuple[Challenge, Funding | None]:
    """The challenge and its current target, if this person may set the target now."""
    challenge = get_challenge(session, team_id, challenge_id)
    current = get_funding(session, team_id, challenge.id)
    if not can_manage(challenge, user_id, is_organiser):
        owner = f"<@{challenge.owner_id}>"
        raise NotAllowed("Only {owner}, who posted {challenge}, or an organiser can set its funding target. You can "
                         "back it with Pledge.", owner=owner, challenge=challenge.short_id)
    if challenge.status != "open" or (current and current.reached_at):
        raise NotAllowed("{challenge}'s funding target can't change now.", challenge=challenge.short_id)
    return challenge, current


def changeable(session: Session, team_id: str, pledge_id: int, user_id: str) -> PledgeOutcome:
    """A pledge its pledger may still change (the checks lock the funding row: a write session)."""
    made = get_pledge(session, team_id, pledge_id)
    funding = check_changeable(session, made, user_id)
    return PledgeOutcome(made, get_challenge(session, team_id, made.challenge_id), funding)


def withdraw_pledge(session: Session, *, team_id: str, pledge_id: int, user_id: str, now: datetime) -> PledgeOutcome:
    made = withdraw(session, team_id=team_id, pledge_id=pledge_id, user_id=user_id, now=now)
    return PledgeOutcome(made, get_challenge(session, team_id, made.challenge_id),
                         get_funding(session, team_id, made.challenge_id))


def target_reached(session: Session, team_id: str, challenge_id: int) -> tuple[Challenge, FundingState, list[str]]:
    """What the target-reached announcement says, and to whom: the challenge, its funding, its backers."""
    return (get_challenge(session, team_id, challenge_id), state(session, team_id, challenge_id),
            backers(session, team_id, challenge_id))
