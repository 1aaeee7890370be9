"""The App Home tab."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, DividerBlock
from slack_sdk.models.views import View

from bot.reference import council_name
from bot.services.availability import WeekHours
from bot.services.challenges import ChallengeSummary
from bot.services.introductions import HomeState as IntroductionsState
from bot.storage.models import Booking, Challenge, Nomination, Pledge, Profile
from bot.views.bookings import booking_home_blocks
from bot.views.cohorts import cohort_home_blocks
from bot.views.funding import pledge_buttons, pledge_what
from bot.views.introductions import home_blocks as introduction_blocks
from bot.views.availability import weeks_table
from bot.views.common import blocks_of, context, escape, header, hours, mention, plain, section
from bot.views.pool import help_text, skills_text

HOME_NEW_CHALLENGE = "home_new_challenge"
HOME_EDIT_PROFILE = "home_edit_profile"
HOME_SET_AVAILABILITY = "home_set_availability"
PROFILE_STATUS = {
    "member": ":white_check_mark: You're in the talent pool.",
    "awaiting_manager": ":hourglass_flowing_sand: Waiting for {manager} to approve your place in the pool.",
    "manager_declined": ":no_entry: {manager} declined your place in the pool for now{reason}. "
                        "Change your profile and save it to ask again.",
}
NOMINATION_STATUS = {"awaiting_consent": "waiting for an answer", "accepted": "accepted", "declined": "declined"}


@dataclass
class HomeData:
    user_id: str
    profile: Profile | None = None
    weeks: list[WeekHours] = field(default_factory=list)
    own_challenges: list[ChallengeSummary] = field(default_factory=list)
    nominations: list[Nomination] = field(default_factory=list)
    organiser: bool = False
    pending_nominations: list[Nomination] = field(default_factory=list)
    pending_profiles: list[Profile] = field(default_factory=list)
    bookings: list[tuple[Booking, Challenge | None]] = field(default_factory=list)
    pledges: list[tuple[Pledge, Challenge]] = field(default_factory=list)
    cohorts: list = field(default_factory=list)  # [(cohort, [(challenge, members)])]
    pending_bookings: list[Booking] = field(default_factory=list)
    introductions: IntroductionsState | None = None


def _button(text: str, action_id: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(text=plain(text), action_id=action_id, style="primary" if primary else None)


def _profile_blocks(data: HomeData) -> list:
    profile = data.profile
    if profile is None:
        return [section("You're not in the talent pool yet. People in the pool give a few hours a week to help "
                        "other councils, with their line manager's blessing."),
                ActionsBlock(block_id="home_profile", elements=[
                    _button("Join the talent pool", HOME_EDIT_PROFILE, primary=True)])]
    manager = mention(profile.line_manager_id) if profile.line_manager_id else "your line manager"
    reason = f" (“{escape(profile.manager_reason)}”)" if profile.manager_reason else ""
    status = PROFILE_STATUS.get(profile.status, profile.status).format(manager=manager, reason=reason)
    details = (f"*Council:* {escape(council_name(profile.council_code))} · *Hours a week:* "
               f"{hours(profile.hours_per_week)} · *Line manager:* {manager}\n"
               f"*Skills:* {skills_text(profile.skills)}\n*Kinds of help:* {help_text(profile.help_kinds)}")
    if profile.bio:
        details += f"\n*Bio:* {escape(profile.bio)}"
    buttons = [_button("Edit profile", HOME_EDIT_PROFILE)]
    if profile.is_member:
        buttons.append(_button("Set availability", HOME_SET_AVAILABILITY, primary=True))
    blocks = [section(status), section(details), ActionsBlock(block_id="home_profile", elements=buttons)]
    if profile.is_member and data.weeks:
        blocks += [header("Your next 8 weeks"), section(weeks_table(data.weeks))]
    return blocks


def _nomination_line(n: Nomination, user_id: str) -> str:
    state = NOMINATION_STATUS.get(n.status, n.status)
    if n.nominee_id == user_id and n.nominator_id in (None, user_id):
        return f"• `{n.short_id}` you put yourself forward — {state}"
    if n.nominee_id == user_id:
        return f"• `{n.short_id}` {mention(n.nominator_id)} nominated you — {state}"
    return f"• `{n.short_id}` you nominated {mention(n.nominee_id)} — {state}"


def _pledge_blocks(pledges: list[tuple[Pledge, Challenge]]) -> list:
    blocks = []
    for pledge, challenge in pledges[:10]:
        state = " (due)" if pledge.status == "due" else ""
        blocks.append(section(f"`{pledge.short_id}` {pledge_what(pledge)} to `{challenge.short_id}` "
                              f"{escape(challenge.title)}{state}"))
        if pledge.status == "active" and challenge.status == "open":
            blocks.append(pledge_buttons(pledge))
    return blocks


def home_view(data: HomeData) -> dict:
    if data.own_challenges:
        challenges = "\n".join(
            f"• `{s.challenge.short_id}` {escape(s.challenge.title)} — {s.votes} vote{'s' if s.votes != 1 else ''}"
            for s in data.own_challenges)
    else:
        challenges = "You have no open challenges."
    nominations = "\n".join(_nomination_line(n, data.user_id) for n in data.nominations[:15]) or "None yet."
    blocks = [
        header("Dozen"),
        section("Councils share problems and people here. `/dozen help` lists every command."),
        DividerBlock(),
        header("Your pool profile"),
        *_profile_blocks(data),
        DividerBlock(),
        header("Your challenges"),
        section(challenges),
        ActionsBlock(block_id="home_challenges", elements=[_button("Post a challenge", HOME_NEW_CHALLENGE)]),
        header("Bookings"),
        *(booking_home_blocks(data.bookings, data.user_id)
          or [section("No bookings. Book a pool member's time with `/book @person`.")]),
        header("Nominations"),
        section(nominations),
        *([header("Cohorts"), *cohort_home_blocks(data.cohorts)] if data.cohorts else []),
        *(introduction_blocks(data.introductions, data.user_id) if data.introductions else []),
        header("Your pledges"),
        *(_pledge_blocks(data.pledges) or [section("No pledges. Back a challenge with `/pledge C-12`.")]),
    ]
    if data.organiser:
        pending = [f"• `{n.short_id}` {mention(n.nominee_id)} hasn't answered their nomination yet"
                   for n in data.pending_nominations]
        pending += [f"• {mention(p.user_id)} is waiting for {mention(p.line_manager_id)} to approve their place"
                    for p in data.pending_profiles if p.line_manager_id]
        pending += [f"• `{b.short_id}` {mention(b.requester_id)} asked for {hours(b.hours)} of {mention(b.person_id)}'s "
                    "time; not answered yet" for b in data.pending_bookings]
        blocks += [DividerBlock(), header("Pending (organisers)"), section("\n".join(pending[:40]) or "Nothing pending.")]
    blocks.append(context("Council names: mySociety, CC BY 4.0. Skills: the DDaT capability framework, OGL v3.0."))
    return View(type="home", blocks=blocks_of(*blocks)).to_dict()
