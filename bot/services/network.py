"""One deployment of Dozen is one network: the workspaces that installed it and were let in.

A workspace that installs asks to join; the network's organisers (the first workspace's, or
DOZEN_ADMINS) approve or decline it, and can later remove it. A workspace shares with the
others (challenges, the pool, bookings, pledges, cohorts) only while it is a member; until
then it sees only itself. With one workspace and no installs (one SLACK_BOT_TOKEN) there is
no network: every workspace is on its own, as before."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from bot.locale import N_
from bot.reference import councils
from bot.services import audit
from bot.services.errors import NotAllowed, NotFound
from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Challenge, Counter, NetworkMember

PENDING, MEMBER, DECLINED, REMOVED = "pending", "member", "declined", "removed"
NETWORK = "*network*"  # the counter scope shared by the network (challenge numbers are the network's)


def member(session: Session, team_id: str) -> NetworkMember | None:
    return session.get(NetworkMember, team_id)


def teams(session: Session, team_id: str) -> list[str]:
    """The workspaces `team_id` shares with, itself first: the network's members when it is
    one, else only itself (a pending, declined or removed workspace sees nothing of the rest)."""
    me = member(session, team_id)
    if me is None or me.status != MEMBER:
        return [team_id]
    others = session.exec(select(NetworkMember.team_id).where(NetworkMember.status == MEMBER,
                                                              NetworkMember.team_id != team_id)).all()
    return [team_id, *sorted(others)]


def members(session: Session) -> list[NetworkMember]:
    return list(session.exec(select(NetworkMember).order_by(NetworkMember.requested_at)).all())


def home(session: Session) -> NetworkMember | None:
    """The first workspace: its organisers run the network."""
    return session.exec(select(NetworkMember).where(NetworkMember.home.is_(True))).first()


def _place(name: str) -> str:
    """A council's name without what councils call themselves: "City of Bristol" -> "bristol"."""
    words = re.sub(r"[^a-z ]", " ", name.lower()).split()
    return " ".join(w for w in words if w not in COUNCIL_WORDS)


COUNCIL_WORDS = {"city", "of", "council", "county", "borough", "district", "metropolitan", "the", "royal", "and"}


def guess_council(name: str) -> str | None:
    """The council a workspace is for, when its name says ("Leeds City Council" -> LDS,
    "Bristol City Council" -> BST): the council whose place name its name holds, the longest."""
    place = f" {_place(name)} "
    found = [c for c in councils().values() if _place(c.name) and f" {_place(c.name)} " in place]
    return max(found, key=lambda c: len(_place(c.name))).code if found else None


def installed(session: Session, *, team_id: str, name: str, enterprise_id: str | None, installed_by: str | None,
              now: datetime) -> tuple[NetworkMember, bool]:
    """Dozen was installed (or installed again) in a workspace; returns it and whether its
    organisers must now be asked (a new request). The first workspace founds the network."""
    existing = member(session, team_id)
    if existing is not None:
        existing.uninstalled_at, existing.name = None, name or existing.name
        asks = existing.status in (DECLINED, REMOVED)
        if asks:  # they installed again: ask again
            existing.status, existing.requested_at, existing.decided_at, existing.decided_by = PENDING, now, None, None
        session.add(existing)
        return existing, asks
    founding = home(session) is None
    joined = NetworkMember(team_id=team_id, name=name, enterprise_id=enterprise_id, council_code=guess_council(name),
                           status=MEMBER if founding else PENDING, home=founding, installed_by=installed_by,
                           requested_at=now, decided_at=now if founding else None)
    session.add(joined)
    session.flush()
    if founding:
        _start_network_numbering(session)
    return joined, not founding


def through_organisation(session: Session, *, team_id: str, enterprise_id: str, now: datetime) -> bool:
    """A workspace of an Enterprise Grid organisation that installed Dozen org-wide (the
    organisation's row is keyed by its enterprise ID): the first request from it gives it a row
    of its own with the organisation's standing, so that it shares with the network as the
    organisation does. True when it was added (a workspace already known is left as it is)."""
    if member(session, team_id) is not None:
        return False
    organisation = member(session, enterprise_id)
    if organisation is None or organisation.enterprise_id != enterprise_id:
        return False
    values = {"team_id": team_id, "name": organisation.name, "enterprise_id": enterprise_id,
              "council_code": organisation.council_code, "status": organisation.status, "home": False,
              "installed_by": organisation.installed_by, "requested_at": now,
              "decided_at": organisation.decided_at, "decided_by": organisation.decided_by, "request_dms": []}
    return insert_ignoring_duplicates(session, NetworkMember, values, ["team_id"])


def enterprise_of(session: Session, team_id: str) -> str | None:
    """The Grid organisation a workspace is known to be of (whose org-wide install serves it)."""
    known = member(session, team_id)
    return known.enterprise_id if known is not None else None


def _with_organisation(session: Session, joined: NetworkMember) -> None:
    """An organisation's standing is its workspaces' standing too."""
    if joined.enterprise_id is None or joined.team_id != joined.enterprise_id:
        return
    for workspace in session.exec(select(NetworkMember).where(NetworkMember.enterprise_id == joined.enterprise_id,
                                                              NetworkMember.team_id != joined.team_id)).all():
        workspace.status, workspace.decided_at, workspace.decided_by = joined.status, joined.decided_at, joined.decided_by
        session.add(workspace)


def record_request_dms(session: Session, team_id: str, refs: list[str]) -> None:
    joined = member(session, team_id)
    joined.request_dms = refs
    session.add(joined)


NOT_ORGANISER = N_("Only the network's organisers (the first workspace's admins, and DOZEN_ADMINS) can let a "
                    "workspace in or remove one.")
# A workspace already answered, by what became of it.
ALREADY = {MEMBER: N_("{workspace} was already let in."), DECLINED: N_("{workspace} was already declined."),
           REMOVED: N_("{workspace} was already removed.")}


def check_organiser(session: Session, by_team: str, is_organiser: bool) -> None:
    """The network is run from its first workspace, by its organisers."""
    founder = home(session)
    if not is_organiser or founder is None or founder.team_id != by_team:
        raise NotAllowed(NOT_ORGANISER)


def decide(session: Session, *, team_id: str, approve: bool, by: str, by_team: str, is_organiser: bool,
           now: datetime) -> NetworkMember:
    """An organiser of the network lets a workspace in, or not."""
    check_organiser(session, by_team, is_organiser)
    joined = member(session, team_id)
    if joined is None:
        raise NotFound("That workspace didn't ask to join.")
    if joined.status != PENDING:
        raise NotAllowed(ALREADY.get(joined.status, ALREADY[DECLINED]), workspace=joined.name)
    joined.status, joined.decided_at, joined.decided_by = (MEMBER if approve else DECLINED), now, by
    session.add(joined)
    _with_organisation(session, joined)
    audit.record(session, team_id=by_team, actor_id=by, action="network.approved" if approve else "network.declined",
                 subject=team_id, now=now)
    if approve:
        _start_network_numbering(session)
    return joined


def remove(session: Session, *, team_id: str, by: str, by_team: str, is_organiser: bool,
           now: datetime) -> NetworkMember:
    check_organiser(session, by_team, is_organiser)
    joined = member(session, team_id)
    if joined is None or joined.status != MEMBER:
        raise NotFound("That workspace isn't in the network.")
    if joined.home:
        raise NotAllowed("The first workspace runs the network: it can't be removed.")
    joined.status, joined.decided_at, joined.decided_by = REMOVED, now, by
    session.add(joined)
    _with_organisation(session, joined)
    audit.record(session, team_id=by_team, actor_id=by, action="network.removed", subject=team_id, now=now)
    return joined


def uninstalled(session: Session, team_id: str, now: datetime) -> None:
    """Dozen was uninstalled there (its tokens are gone): it stays in the network, silent."""
    joined = member(session, team_id)
    if joined is not None:
        joined.uninstalled_at = now
        session.add(joined)


def numbering_scope(session: Session, team_id: str) -> str:
    """Where a workspace's challenge numbers come from: the network's when it is a member (so
    C-12 means one challenge everywhere), else its own."""
    me = member(session, team_id)
    return NETWORK if me is not None and me.status == MEMBER else team_id


def _start_network_numbering(session: Session) -> None:
    """The network's challenge numbers go on from the highest any member has used, once."""
    if session.get(Counter, (NETWORK, "challenge")) is None:
        highest = session.exec(select(func.max(Challenge.number))).one() or 0
        session.add(Counter(team_id=NETWORK, name="challenge", value=highest))
        session.flush()
