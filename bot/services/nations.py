"""Which bank holiday calendar applies: a person's (their pool profile's council) and a
workspace's (where most of its pool members' and open challenges' councils are)."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from bot.bank_holidays import DEFAULT_NATION, NATIONS, nation_of_council
from bot.storage.models import Challenge, Profile


def person_nations(session: Session, people: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(team, person) -> nation, from each person's pool profile in that workspace (else any of
    their profiles; England and Wales when they have none)."""
    if not people:
        return {}
    ids = {person for _, person in people}
    councils: dict[tuple[str, str], str] = {}
    anywhere: dict[str, str] = {}
    for team, person, council in session.exec(select(Profile.team_id, Profile.user_id, Profile.council_code)
                                              .where(Profile.user_id.in_(ids))).all():
        councils[(team, person)] = council
        anywhere.setdefault(person, council)
    return {(team, person): nation_of_council(councils.get((team, person)) or anywhere.get(person))
            for team, person in people}


def workspace_nation(session: Session, team_id: str) -> str:
    """The nation most of the workspace's pool members and open challenges are in; England and
    Wales when it has none, or on a tie with England and Wales."""
    count: Counter[str] = Counter()
    for (code,) in session.execute(select(Profile.council_code).where(Profile.team_id == team_id,
                                                                      Profile.status == "member")).all():
        count[nation_of_council(code)] += 1
    for (code,) in session.execute(select(Challenge.council_code).where(Challenge.team_id == team_id,
                                                                        Challenge.status == "open")).all():
        count[nation_of_council(code)] += 1
    if not count:
        return DEFAULT_NATION
    return max(NATIONS, key=lambda nation: (count[nation], nation == DEFAULT_NATION))


def workspace_nations(session: Session, team_ids: set[str]) -> dict[str, str]:
    return {team: workspace_nation(session, team) for team in team_ids}
