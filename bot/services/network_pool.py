"""The network's pool as the booking form's person picker searches it: members of every
workspace of the network, by name, council and skills."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from bot.reference import council_name
from bot.services import network
from bot.services.pool import get_profile
from bot.storage.models import Profile

POOL_CHOICES_MAX = 100  # Slack shows at most 100 options


@dataclass(frozen=True)
class PoolChoice:
    """A pool member as the network's person picker offers them."""

    value: str  # "T123|U456": their workspace and user ID
    name: str | None  # their Slack name, when known
    council: str  # their council's name
    skills: str  # the first two of their skills

    @property
    def label(self) -> str:
        """Name, council and what they are good at (English; views.bookings.choice_label says it)."""
        return " · ".join(part for part in (self.name or "A pool member", self.council, self.skills) if part)


def _choice(profile: Profile) -> PoolChoice:
    return PoolChoice(f"{profile.team_id}|{profile.user_id}", profile.display_name or None,
                      council_name(profile.council_code), ", ".join(list(profile.skills)[:2]))


def search_pool(session: Session, team_id: str, query: str) -> list[PoolChoice]:
    """Members of the network's pool whose name, council or skills match what someone typed."""
    words = (query or "").lower().split()
    members = session.exec(select(Profile).where(Profile.team_id.in_(network.teams(session, team_id)),
                                                 Profile.status == "member")
                           .order_by(Profile.display_name)).all()
    found = []
    for profile in members:
        haystack = " ".join([profile.display_name or "", council_name(profile.council_code), *profile.skills,
                             *profile.help_kinds]).lower()
        if all(word in haystack for word in words):
            found.append(_choice(profile))
        if len(found) >= POOL_CHOICES_MAX:
            break
    return found


def pool_choice(session: Session, team_id: str, chosen: str | None) -> PoolChoice | None:
    """How the picker shows an already chosen person ("T|U", or a user of this workspace)."""
    if not chosen:
        return None
    their_team, _, user_id = chosen.rpartition("|")
    profile = get_profile(session, their_team or team_id, user_id)
    if profile is None or profile.team_id not in network.teams(session, team_id):
        return None
    return _choice(profile)


def pool_member_named(session: Session, team_id: str, name: str) -> str | None:
    """The network pool member (as "team|user") whose name is exactly `name`, if only one is."""
    wanted = " ".join(name.lower().split())
    found = [c.value for c in search_pool(session, team_id, wanted)
             if c.label.split(" · ")[0].lower() == wanted]
    return found[0] if len(found) == 1 else None
