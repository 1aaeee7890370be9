"""The App Home tab."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, DividerBlock, StaticSelectElement
from slack_sdk.models.views import View

from bot.locale import ENGLISH, LANGUAGES, N_, Lang
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
from bot.views.common import (
    SAME_WORKSPACE,
    Names,
    blocks_of,
    context,
    escape,
    header,
    mention,
    option,
    plain,
    said_in,
    section,
)
from bot.views.pool import help_text, skills_text

HOME_NEW_CHALLENGE = "home_new_challenge"
HOME_EDIT_PROFILE = "home_edit_profile"
HOME_SET_AVAILABILITY = "home_set_availability"
HOME_LANGUAGE = "home_language"
PROFILE_STATUS = {
    "member": N_("You're in the talent pool."),
    "awaiting_manager": N_("Waiting for {manager} to approve your place in the pool."),
    "manager_declined": N_("{manager} declined your place in the pool for now{reason}. "
                           "Change your profile and save it to ask again."),
}
PROFILE_EMOJI = {"member": ":white_check_mark:", "awaiting_manager": ":hourglass_flowing_sand:",
                 "manager_declined": ":no_entry:"}
NOMINATION_STATUS = {"awaiting_consent": N_("waiting for an answer"), "accepted": N_("accepted"),
                     "declined": N_("declined")}


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
    currency: str = "GBP"  # the workspace's, for pledges
    names: Names = SAME_WORKSPACE  # people of other workspaces of the network, by name (bookings, cohorts)


def _button(text: str, action_id: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(text=plain(text), action_id=action_id, style="primary" if primary else None)


def language_picker(t: Lang = ENGLISH) -> dict:
    """Which language Dozen speaks to this person in, to change on the spot."""
    choices = [option(name, code) for code, name in LANGUAGES.items()]
    return section(t._("Dozen speaks to you in {language}.", language=t.name),
                   block_id="home_language",
                   accessory=StaticSelectElement(action_id=HOME_LANGUAGE, placeholder=plain(t._("Language")),
                                                 options=choices,
                                                 initial_option=next(c for c in choices if c.value == t.code)))


def _profile_blocks(data: HomeData, t: Lang = ENGLISH) -> list:
    profile = data.profile
    if profile is None:
        return [section(t._("You're not in the talent pool yet. People in the pool give a few hours a week to help "
                            "other councils, with their line manager's blessing.")),
                ActionsBlock(block_id="home_profile", elements=[
                    _button(t._("Join the talent pool"), HOME_EDIT_PROFILE, primary=True)])]
    manager = mention(profile.line_manager_id, t=t) if profile.line_manager_id else t._("your line manager")
    reason = f" (“{escape(profile.manager_reason)}”)" if profile.manager_reason else ""
    if profile.status in PROFILE_STATUS:
        status = f"{PROFILE_EMOJI[profile.status]} " + t._(PROFILE_STATUS[profile.status], manager=manager,
                                                           reason=reason)
    else:
        status = profile.status
    details = "\n".join([
        " · ".join([_labelled(t._("Council:"), escape(council_name(profile.council_code))),
                    _labelled(t._("Hours a week:"), t.hours(profile.hours_per_week)),
                    _labelled(t._("Line manager:"), manager)]),
        _labelled(t._("Skills:"), skills_text(profile.skills, t)),
        _labelled(t._("Kinds of help:"), help_text(profile.help_kinds, t)),
    ])
    if profile.bio:
        details += "\n" + _labelled(t._("Bio:"), escape(profile.bio))
    buttons = [_button(t._("Edit profile"), HOME_EDIT_PROFILE)]
    if profile.is_member:
        buttons.append(_button(t._("Set availability"), HOME_SET_AVAILABILITY, primary=True))
    blocks = [section(status), section(details), ActionsBlock(block_id="home_profile", elements=buttons)]
    if profile.is_member and data.weeks:
        blocks += [header(t._("Your next 8 weeks")), section(weeks_table(data.weeks, t=t))]
    return blocks


def _labelled(label: str, value: str) -> str:
    """'*Council:* Leeds'."""
    return f"*{label}* {value}"


def _nomination_line(n: Nomination, user_id: str, t: Lang = ENGLISH) -> str:
    state = t._(NOMINATION_STATUS[n.status]) if n.status in NOMINATION_STATUS else n.status
    if n.nominee_id == user_id and n.nominator_id in (None, user_id):
        what = t._("you put yourself forward")
    elif n.nominee_id == user_id:
        what = t._("{nominator} nominated you", nominator=mention(n.nominator_id, t=t))
    else:
        what = t._("you nominated {nominee}", nominee=mention(n.nominee_id, t=t))
    return f"• `{n.short_id}` {what} — {state}"


def _pledge_blocks(pledges: list[tuple[Pledge, Challenge]], currency: str = "GBP", t: Lang = ENGLISH) -> list:
    blocks = []
    for pledge, challenge in pledges[:10]:
        what = said_in(pledge_what, pledge, currency, t=t) if currency != "GBP" else said_in(pledge_what, pledge, t=t)
        to = "`" + challenge.short_id + "` " + escape(challenge.title)
        line = t._("{what} to {challenge}", what=what, challenge=to)
        # Translators: after a pledge on the Home tab, when it is due to be paid.
        state = " " + t._("(due)") if pledge.status == "due" else ""
        blocks.append(section(f"`{pledge.short_id}` {line}{state}"))
        if pledge.status == "active" and challenge.status == "open":
            blocks.append(said_in(pledge_buttons, pledge, t=t))
    return blocks


def _pending_lines(data: HomeData, t: Lang = ENGLISH) -> list[str]:
    """For organisers: what is waiting for someone's answer."""
    pending = [f"• `{n.short_id}` " + t._("{nominee} hasn't answered their nomination yet",
                                          nominee=mention(n.nominee_id, t=t))
               for n in data.pending_nominations]
    pending += ["• " + t._("{person} is waiting for {manager} to approve their place", person=mention(p.user_id, t=t),
                           manager=mention(p.line_manager_id, t=t))
                for p in data.pending_profiles if p.line_manager_id]
    pending += [f"• `{b.short_id}` " + t._("{requester} asked for {hours} of {person}'s time; not answered yet",
                                          requester=data.names(b.requester_id, t=t), hours=t.hours(b.hours),
                                          person=data.names(b.person_id, t=t))
                for b in data.pending_bookings]
    return pending


def home_view(data: HomeData, t: Lang = ENGLISH) -> dict:
    if data.own_challenges:
        challenges = "\n".join(
            f"• `{s.challenge.short_id}` {escape(s.challenge.title)} — " + t.ngettext("{n} vote", "{n} votes", s.votes)
            for s in data.own_challenges)
    else:
        challenges = t._("You have no open challenges.")
    nominations = "\n".join(_nomination_line(n, data.user_id, t) for n in data.nominations[:15]) or t._("None yet.")
    blocks = [
        header("Dozen"),
        section(t._("Councils share problems and people here. `/dozen help` lists every command.")),
        language_picker(t),
        DividerBlock(),
        header(t._("Your pool profile")),
        *_profile_blocks(data, t),
        DividerBlock(),
        header(t._("Your challenges")),
        section(challenges),
        ActionsBlock(block_id="home_challenges", elements=[_button(t._("Post a challenge"), HOME_NEW_CHALLENGE)]),
        header(t._("Bookings")),
        *(booking_home_blocks(data.bookings, data.user_id, data.names, t=t)
          or [section(t._("No bookings. Book a pool member's time with `/book @person`."))]),
        header(t._("Nominations")),
        section(nominations),
        *([header(t._("Cohorts")), *said_in(cohort_home_blocks, data.cohorts, names=data.names, t=t)]
          if data.cohorts else []),
        *(said_in(introduction_blocks, data.introductions, data.user_id, t=t) if data.introductions else []),
        header(t._("Your pledges")),
        *(_pledge_blocks(data.pledges, data.currency, t)
          or [section(t._("No pledges. Back a challenge with `/pledge C-12`."))]),
    ]
    if data.organiser:
        blocks += [DividerBlock(), header(t._("Pending (organisers)")),
                   section("\n".join(_pending_lines(data, t)[:40]) or t._("Nothing pending."))]
    blocks.append(context(t._("Council names: mySociety, CC BY 4.0. Skills: the DDaT capability framework, OGL v3.0.")))
    return View(type="home", blocks=blocks_of(*blocks)).to_dict()
