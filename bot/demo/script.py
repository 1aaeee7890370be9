"""The scripted council week: what the demo's people do in Slack, step by step.

Every step goes through Dozen's front door, as Slack would send it (see `driver`), and waits
for Dozen to finish what it does after answering; the transcript then shows what each person
saw. The clock is Dozen's one clock, moved through the week; the digest and the check-ins
are Dozen's scheduled jobs, run on their day."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time as clock_time, timedelta
from zoneinfo import ZoneInfo

from rich.console import Console

from bot.bank_holidays import ENGLAND_AND_WALES, bank_holidays_in_week
from bot.clock import week_label, week_start
from bot.demo import people
from bot.demo.driver import DemoError, Driver, Person, has_action
from bot.demo.people import (
    AISHA,
    BEN,
    BRISTOL,
    CHLOE,
    DEV,
    KEMI,
    LEEDS,
    MANCHESTER,
    NIA,
    OLLIE,
    PRIYA,
    RACHEL,
    SAM,
    TOM,
)
from bot.demo.simulator import Message, Simulator
from bot.demo.stage import Stage
from bot.demo.transcript import Transcript
from bot.storage.models import Profile
from bot.views.digest import REQUEST_BOOKING as REQUEST

LONDON = ZoneInfo("Europe/London")
TITLE = "Cut the housing repairs backlog"
STEPS = (
    "Dozen is installed: Leeds founds the network, Manchester and Bristol join",
    "Each council sets Dozen up",
    "A challenge is posted in Leeds",
    "A similar challenge in Manchester: the warning, and Back this one instead",
    "Votes from three workspaces",
    "A nomination in Manchester, accepted and approved by a manager",
    "Availability",
    "Wednesday: the weekly digest in each workspace",
    "A booking from Bristol: requested, approved, confirmed",
    "A pledge to the challenge",
    "A cohort is formed and its invitations accepted",
    "Monday: the check-in, answered and posted in the thread",
)


def demo_week(today: date) -> date:
    """The Monday the demo's week starts: the next one whose week and the week after have no
    bank holiday (the check-ins then come on the Monday the transcript says)."""
    monday = week_start(today) + timedelta(weeks=1)
    while bank_holidays_in_week(monday, ENGLAND_AND_WALES) or \
            bank_holidays_in_week(monday + timedelta(weeks=1), ENGLAND_AND_WALES):
        monday += timedelta(weeks=1)
    return monday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=LONDON)


class Week:
    def __init__(self, simulator: Simulator, stage: Stage, driver: Driver, transcript: Transcript,
                 console: Console, monday: date):
        self.slack, self.stage, self.driver, self.transcript = simulator, stage, driver, transcript
        self.console = console
        self.monday = monday
        self.next_monday = monday + timedelta(weeks=1)
        self.note = ""

    # -- the steps' frame ---------------------------------------------------------------------------
    @contextmanager
    def step(self, title: str, when: datetime) -> Iterator[None]:
        self.stage.clock.set(when)
        mark = self.slack.mark()
        self.note = f"{when:%A %-d %B %Y, %H:%M}"
        try:
            with self.console.status(f"[bold]Playing:[/bold] {title}…", spinner="dots"):
                yield
                self.stage.settle()
        finally:  # what was seen, also when the step went wrong
            self.transcript.step(title, self.slack.since(mark), self.note)

    def say(self, text: str) -> None:
        """A note under the step's heading; workspace and channel IDs by name."""
        for council in people.COUNCILS:
            text = text.replace(council.team, council.short)
        for channel, (_, name) in people.channels().items():
            text = text.replace(channel, "#" + name)
        self.note += f" · {text}"

    def settle(self) -> None:
        self.stage.settle()

    def form(self, trigger: str) -> dict:
        return self.driver.form(trigger)

    def dm_with(self, person: Person, action_id: str, *, containing: str = "") -> Message:
        """The newest DM to `person` with a button `action_id`."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            self.settle()
            for message in reversed(self.slack.dms_to(person.user_id)):
                if has_action(message.blocks, action_id) and containing in str(message.blocks):
                    return message
            time.sleep(0.05)
        raise DemoError(f"{person.name} got no message with {action_id}")

    def post_in(self, channel: str, words: str,
                matches: Callable[[Message], bool] = lambda message: True) -> Message:
        for message in reversed(self.slack.posts_in(channel)):
            if words in message.text + str(message.blocks) and matches(message):
                return message
        raise DemoError(f"nothing saying {words!r} in {self.slack.channel_name(channel)}")

    # -- the week -----------------------------------------------------------------------------------
    def play(self) -> None:
        steps = (self.install, self.set_up, self.challenge, self.similar, self.votes, self.nomination,
                 self.availability, self.digest, self.booking, self.pledge, self.cohort, self.checkin)
        for title, step in zip(STEPS, steps):
            step(title)

    def install(self, title: str) -> None:
        with self.step(title, at(self.monday, 9, 0)):
            for council in people.COUNCILS:
                installer = people.INSTALLERS[council.team]
                self.driver.install(installer, code=f"code-{council.short.lower()}")
                self.settle()
                if council is not LEEDS:
                    ask = self.dm_with(PRIYA, "network_approve", containing=council.team)
                    self.driver.press(PRIYA, "network_approve", message=ask)
                    self.settle()

    def set_up(self, title: str) -> None:
        with self.step(title, at(self.monday, 9, 30)):
            for council in people.COUNCILS:
                admin = people.INSTALLERS[council.team]
                view = self.form(self.driver.command(admin, "/dozen", "config", channel=council.challenges))
                self.driver.submit(admin, view, {
                    "challenges_channel": council.challenges, "nominations_channel": council.talent,
                    "digest_channel": council.digest, "digest_day": "2", "digest_time": "09:00",
                    "public_board": "on"},
                    saying="chooses the channels, Wednesday 09:00 for the digest and the public board on; "
                           "presses [Save settings]")
                self.settle()
            self._seed_pool()
            self.say("already in the talent pool: " + ", ".join(
                f"{person.name} ({people.council_of(person.team).short})" for person, *_ in people.POOL))

    def _seed_pool(self) -> None:
        """People who joined the pool before this week (the nomination step shows how)."""
        now = self.stage.clock.now() - timedelta(weeks=3)
        with self.stage.db.session() as session:
            for person, council, manager, skills, kinds, hours in people.POOL:
                session.add(Profile(team_id=person.team, user_id=person.user_id, council_code=council,
                                    line_manager_id=manager.user_id, hours_per_week=hours, skills=skills,
                                    help_kinds=kinds, status="member", display_name=person.name,
                                    show_publicly=True, public_name=person.name,
                                    created_at=now, updated_at=now, approved_at=now))

    def challenge(self, title: str) -> None:
        with self.step(title, at(self.monday, 10, 15)):
            view = self.form(self.driver.command(TOM, "/challenge", f"new {TITLE}", channel=LEEDS.challenges))
            redrawn = self.driver.submit(TOM, view, {
                "problem": "Tenants wait nine weeks for repairs and phone us again and again to chase them. "
                           "We want to find out why jobs stall and fix the worst of it.",
                "skills": ["User research methods", "Iterative design"], "other_skills": "housing repairs",
                "council": "LDS", "hours": "7.5", "weeks": "6"})
            if redrawn is not None:
                raise DemoError("the first challenge was not posted")

    def similar(self, title: str) -> None:
        with self.step(title, at(self.monday, 11, 40)):
            view = self.form(self.driver.command(AISHA, "/challenge", "new Housing repair requests take too long",
                                                 channel=MANCHESTER.challenges))
            warned = self.driver.submit(AISHA, view, {
                "problem": "Our tenants wait weeks for repairs to be done and keep phoning to chase progress.",
                "skills": ["User research methods"], "council": "MAN", "hours": "4", "weeks": "8"})
            if warned is None or not has_action(warned.get("blocks") or [], "challenge_back_instead"):
                raise DemoError("no similar-challenge warning was shown")
            self.driver.press(AISHA, "challenge_back_instead", view=warned)

    def _posts(self) -> dict[str, Message]:
        """C-1's post in each workspace's challenges channel."""
        return {council.team: self.post_in(council.challenges, TITLE) for council in people.COUNCILS}

    def votes(self, title: str) -> None:
        with self.step(title, at(self.monday + timedelta(days=1), 9, 20)):
            posts = self._posts()
            for person in (PRIYA, BEN, RACHEL, CHLOE, DEV):
                self.driver.react(person, posts[person.team])
                self.settle()

    def nomination(self, title: str) -> None:
        with self.step(title, at(self.monday + timedelta(days=1), 14, 0)):
            view = self.form(self.driver.command(
                AISHA, "/nominate", f"<@{SAM.user_id}|sam> ran the research behind our repairs service",
                channel=MANCHESTER.talent))
            self.driver.submit(AISHA, view, {
                "nominee": SAM.user_id, "skills_expert": ["User research methods"],
                "skills_working": ["Iterative design"], "help_kinds": ["user_research", "prototyping"],
                "council": "MAN"})
            self.settle()
            trigger = self.driver.press(SAM, "nomination_accept", message=self.dm_with(SAM, "nomination_accept"))
            profile = self.form(trigger)
            self.driver.submit(SAM, profile, {"line_manager": RACHEL.user_id, "hours": "6",
                                              "bio": "User researcher in Manchester's housing team.",
                                              "show_publicly": ["yes"]})
            self.settle()
            self.driver.press(RACHEL, "membership_approve", message=self.dm_with(RACHEL, "membership_approve"))

    def availability(self, title: str) -> None:
        with self.step(title, at(self.monday + timedelta(days=1), 16, 30)):
            view = self.form(self.driver.command(SAM, "/availability", channel=MANCHESTER.talent))
            away = (self.monday + timedelta(weeks=4)).isoformat()
            self.driver.submit(SAM, view, {"hours": "6", "away": [away]},
                               saying=f"offers 6h a week for the next 12 weeks, away {week_label(self.monday + timedelta(weeks=4))}; "
                                      "presses [Save]")

    def digest(self, title: str) -> None:
        with self.step(title, at(self.monday + timedelta(days=2), 9, 10)):
            summary = self.stage.job("digest")
            self.say(f"the scheduler runs `python -m bot job digest`: {summary}")

    def booking(self, title: str) -> None:
        with self.step(title, at(self.monday + timedelta(days=2), 11, 0)):
            digest = self.post_in(BRISTOL.digest, SAM.user_id, lambda message: has_action(message.blocks, REQUEST))
            view = self.form(self.driver.press(DEV, REQUEST, message=digest, value=SAM.user_id))
            week = self.next_monday.isoformat()
            self.driver.submit(DEV, view, {"week": week, "hours": "3",
                                           "note": "Help us plan research with tenants who chase repairs."},
                               saying=f"asks for 3h of Sam's time in {week_label(self.next_monday)}; presses [Request]")
            self.settle()
            for approver in (SAM, RACHEL):
                self.driver.press(approver, "booking_approve", message=self.dm_with(approver, "booking_approve"))
                self.settle()

    def pledge(self, title: str) -> None:
        with self.step(title, at(self.monday + timedelta(days=3), 10, 0)):
            view = self.form(self.driver.command(CHLOE, "/pledge", "C-1 £2,000", channel=BRISTOL.challenges))
            self.driver.submit(CHLOE, view, {"kind": "money", "amount": "£2,000",
                                             "on_behalf_of": "Bristol City Council",
                                             "note": "Our tenants have the same problem: count us in."})

    def cohort(self, title: str) -> None:
        """A cohort draws on the network's pool: Manchester's organiser forms it on Leeds's challenge,
        with Manchester's people and Bristol's Ollie, who answers (and his manager approves) in Bristol."""
        with self.step(title, at(self.monday + timedelta(days=4), 10, 0)):
            view = self.form(self.driver.command(BEN, "/dozen", "cohort new", channel=MANCHESTER.challenges))
            challenge = next(o["value"] for b in view["blocks"] if b.get("block_id") == "challenges"
                             for o in b["element"]["options"] if o["text"]["text"].startswith("C-1"))
            self.driver.submit(BEN, view, {"name": "Housing repairs sprint", "first_week": self.next_monday.isoformat(),
                                           "weeks": "2", "size": "3", "hours": "2", "challenges": [challenge]})
            self.settle()
            self.driver.press(BEN, "cohort_confirm", message=self.dm_with(BEN, "cohort_confirm"))
            self.settle()
            for person in (SAM, KEMI, OLLIE):
                self.driver.press(person, "cohort_accept", message=self.dm_with(person, "cohort_accept"))
                self.settle()
            for manager in (RACHEL, NIA):
                while (ask := self._newest(manager, "cohort_manager_approve")) is not None:
                    self.driver.press(manager, "cohort_manager_approve", message=ask)
                    self.settle()

    def _newest(self, person: Person, action_id: str) -> Message | None:
        """The newest DM to `person` that still offers `action_id`."""
        self.settle()
        for message in reversed(self.slack.dms_to(person.user_id)):
            if has_action(message.blocks, action_id):
                return message
        return None

    def checkin(self, title: str) -> None:
        with self.step(title, at(self.next_monday, 9, 5)):
            summary = self.stage.job("checkins")
            self.say(f"the scheduler runs `python -m bot job checkins`: {summary}")
            view = self.form(self.driver.press(KEMI, "checkin_open", message=self.dm_with(KEMI, "checkin_open")))
            self.driver.submit(KEMI, view, {
                "problem_statement": "Repairs stall when the first visit finds a second trade is needed.",
                "surprise": "Half the chasing calls come after a missed appointment text.",
                "shipped": "A map of the repairs journey from six tenant interviews.",
                "team_health": "fine", "private_note": "Sam and I need access to the repairs system."})
