"""The App Home tab and its buttons."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.commands.availability import open_availability
from bot.commands.challenges import open_new_challenge
from bot.commands.pool import open_profile
from bot.commands.support import Deps, dm
from bot.commands.cohorts import teams_of
from bot.services import availability, bookings, challenges, cohorts, funding, pool
from bot.storage.models import Challenge
from bot.services.errors import DomainError
from bot.views.home import HOME_EDIT_PROFILE, HOME_NEW_CHALLENGE, HOME_SET_AVAILABILITY, HomeData, home_view

log = logging.getLogger(__name__)
HOME_WEEKS = 8


def home_data(deps: Deps, team_id: str, user_id: str) -> HomeData:
    organiser = deps.is_organiser(team_id, user_id)
    with deps.db.reading() as session:
        data = HomeData(user_id=user_id, organiser=organiser)
        data.profile = pool.get_profile(session, team_id, user_id)
        if data.profile and data.profile.is_member:
            data.weeks = availability.week_hours(session, data.profile,
                                                 availability.coming_weeks(deps.today(), HOME_WEEKS))
        data.own_challenges = [s for s in challenges.list_open(session, team_id) if s.challenge.owner_id == user_id]
        data.nominations = pool.nominations_involving(session, team_id, user_id)
        data.bookings = [(b, session.get(Challenge, b.challenge_id))
                         for b in bookings.involving(session, team_id, user_id, today=deps.today())]
        data.pledges = funding.pledges_of(session, team_id, user_id)
        data.cohorts = [(c, teams_of(session, c)) for c in cohorts.cohorts_involving(session, team_id, user_id,
                                                                                    organiser=organiser)]
        if organiser:
            data.pending_nominations, data.pending_profiles = pool.pending_items(session, team_id)
            data.pending_bookings = bookings.pending(session, team_id)
    return data


def publish_home(deps: Deps, team_id: str, user_id: str) -> None:
    try:
        deps.client.views_publish(user_id=user_id, view=home_view(home_data(deps, team_id, user_id)))
    except SlackApiError as error:
        log.warning("could not publish App Home for %s: %s", user_id, error.response.get("error"))


def register(app: App, deps: Deps) -> None:
    deps.redrawers["home"] = lambda tab: publish_home(deps, tab.team_id, tab.user_id)

    @app.event("app_home_opened")
    def home_opened(ack, body, event):
        ack()
        if event.get("tab", "home") != "home":
            return
        publish_home(deps, body.get("team_id") or event.get("view", {}).get("team_id"), event["user"])

    @app.action(HOME_NEW_CHALLENGE)
    def home_new_challenge(ack, body):
        ack()
        open_new_challenge(deps, trigger_id=body["trigger_id"])

    @app.action(HOME_EDIT_PROFILE)
    def home_edit_profile(ack, body):
        ack()
        open_profile(deps, trigger_id=body["trigger_id"], team_id=body["team"]["id"], user_id=body["user"]["id"])

    @app.action(HOME_SET_AVAILABILITY)
    def home_set_availability(ack, body):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.reading() as session:
                profile = availability.member_profile(session, team_id, user_id)
        except DomainError as error:
            dm(deps.client, user_id, error.message)
            return
        open_availability(deps, trigger_id=body["trigger_id"], hours=profile.hours_per_week)
