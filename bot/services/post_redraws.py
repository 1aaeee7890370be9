"""Who redraws a voted-on post, and whether it is up to date (see `PostRedraw`).

`changed` is called in the transaction of every change a post shows. A redrawer `take`s the
target (a lease only one process holds), draws the state it reads after taking it, then calls
`drawn`: that lets go only if no change came meanwhile; otherwise it keeps the lease and says
to draw again. A change made while another process holds the lease is therefore always drawn,
by the holder, and two processes never draw one post out of order."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, text, update
from sqlmodel import Session, select

from bot.storage.models import PostRedraw

LEASE = timedelta(seconds=15)  # renewed at each redraw; a dead holder's lapses this soon


def _key(team_id: str, kind: str, target_id: int):
    return (PostRedraw.team_id == team_id) & (PostRedraw.kind == kind) & (PostRedraw.target_id == target_id)


# One statement (SQLite and PostgreSQL alike), the last of a vote's transaction: on PostgreSQL
# the row lock every vote on a post takes is held only until the commit right after.
_CHANGED = text("INSERT INTO post_redraw (team_id, kind, target_id, version, drawn) "
                "VALUES (:team_id, :kind, :target_id, 1, 0) ON CONFLICT (team_id, kind, target_id) "
                "DO UPDATE SET version = post_redraw.version + 1")


def changed(session: Session, team_id: str, kind: str, target_id: int) -> None:
    """Something this target's posts show has changed (call inside the change's transaction)."""
    session.execute(_CHANGED, {"team_id": team_id, "kind": kind, "target_id": target_id})


def take(session: Session, team_id: str, kind: str, target_id: int, *, owner: str, now: datetime) -> int | None:
    """Take the lease to redraw; the version to draw, or None when it is drawn already or
    another live process holds the lease (it will draw this change too)."""
    version = session.execute(
        update(PostRedraw)
        .where(_key(team_id, kind, target_id), PostRedraw.version > PostRedraw.drawn,
               or_(PostRedraw.owner.is_(None), PostRedraw.lease_until < now))
        .values(owner=owner, lease_until=now + LEASE)
        .returning(PostRedraw.version)
    ).scalar()
    return version


def drawn(session: Session, team_id: str, kind: str, target_id: int, *, owner: str, version: int,
          now: datetime) -> int | None:
    """`version` is on Slack now. Lets go of the lease unless a change came meanwhile; then
    returns the version to draw next (the lease renewed)."""
    released = session.execute(
        update(PostRedraw)
        .where(_key(team_id, kind, target_id), PostRedraw.owner == owner, PostRedraw.version == version)
        .values(drawn=version, owner=None, lease_until=None)
        .returning(PostRedraw.version)
    ).first()
    if released:
        return None
    return session.execute(
        update(PostRedraw)
        .where(_key(team_id, kind, target_id), PostRedraw.owner == owner)
        .values(drawn=version, lease_until=now + LEASE)
        .returning(PostRedraw.version)
    ).scalar()


def let_go(session: Session, team_id: str, kind: str, target_id: int, *, owner: str) -> None:
    """Give the lease back after a failed redraw: the next change (or start-up) tries again."""
    session.execute(update(PostRedraw).where(_key(team_id, kind, target_id), PostRedraw.owner == owner)
                    .values(owner=None, lease_until=None))


def behind(session: Session, now: datetime) -> list[tuple[str, str, int]]:
    """Targets whose posts show an older state and nobody is redrawing (after a crash)."""
    rows = session.exec(select(PostRedraw.team_id, PostRedraw.kind, PostRedraw.target_id).where(
        PostRedraw.version > PostRedraw.drawn,
        or_(PostRedraw.owner.is_(None), PostRedraw.lease_until < now))).all()
    return [tuple(row) for row in rows]
