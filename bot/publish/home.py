"""The App Home tab: what someone has going on in Dozen, with buttons to act on it."""

from __future__ import annotations

from bot.context import Context, HomeTab
from bot.publish.names import names_for
from bot.services import availability, bookings, challenges, cohorts, funding, introductions, languages, pool
from bot.slack import messages
from bot.storage.models import Challenge
from bot.views.home import HomeData, home_view

HOME_WEEKS = 8


def home_data(ctx: Context, team_id: str, user_id: str) -> HomeData:
    organiser = ctx.is_organiser(team_id, user_id)
    today = ctx.today()
    with ctx.db.reading() as session:
        data = HomeData(user_id=user_id, organiser=organiser)
        data.profile = pool.get_profile(session, team_id, user_id)
        if data.profile and data.profile.is_member:
            data.weeks = availability.week_hours(session, data.profile, availability.coming_weeks(today, HOME_WEEKS))
        data.own_challenges = [s for s in challenges.list_open(session, team_id) if s.challenge.owner_id == user_id]
        data.nominations = pool.nominations_involving(session, team_id, user_id)
        data.bookings = [(b, session.get(Challenge, b.challenge_id))
                         for b in bookings.involving(session, team_id, user_id, today=today)]
        data.pledges = funding.pledges_of(session, team_id, user_id)
        data.cohorts = [(c, cohorts.teams_of(session, c))
                        for c in cohorts.cohorts_involving(session, team_id, user_id, organiser=organiser)]
        data.introductions = introductions.home_state(session, team_id, user_id, today)
        data.currency = languages.currency(session, team_id)
        if organiser:
            data.pending_nominations, data.pending_profiles = pool.pending_items(session, team_id)
            data.pending_bookings = bookings.pending(session, team_id)
    shown = [b for b, _ in data.bookings] + data.pending_bookings
    members = [m for _, teams in data.cohorts for _, team in teams for m in team]
    data.names = names_for(ctx, team_id, [person for b in shown
                                          for person in ((b.team_id, b.requester_id), (b.person_team_id, b.person_id))]
                           + [(m.person_team_id, m.person_id) for m in members])
    return data


def publish(ctx: Context, tab: HomeTab) -> None:
    """Someone's Home tab, in their own workspace and their own language."""
    ctx = ctx.for_team(tab.team_id)
    t = ctx.lang(tab.team_id, tab.user_id)
    messages.publish_home(ctx.client, tab.user_id, home_view(home_data(ctx, tab.team_id, tab.user_id), t=t))
