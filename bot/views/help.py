"""The help text for every command."""

from datetime import date

from babel.dates import format_date

from bot.locale import ENGLISH, LANGUAGES, Lang, N_
from bot.views.common import escape, section


def dozen_help(t: Lang = ENGLISH) -> str:
    """`/dozen help` (and the answer to a direct message)."""
    return "\n".join([
        t._("*Dozen* helps councils share problems and people."),
        "• `/challenge new [title]` · `list` · `board` · `show C-12` · `close C-12 [reason]` · `help` — "
        + t._("challenges, voted with reactions"),
        "• `/nominate @person [why]` — " + t._("propose someone for the talent pool"),
        "• `/availability` — " + t._("set the hours you can give") + " · `/availability show` — "
        + t._("your next 8 weeks"),
        "• `/book @person` — " + t._("request some of a pool member's hours for a challenge"),
        "• `/pledge C-12 [amount]` — " + t._("back a challenge with money, resources or hours"),
        "• `/dozen mydata` — " + t._("what Dozen holds about you") + " · `/dozen forget-me` — " + t._("remove it"),
        t._("Organisers:") + " `/dozen config` · `/dozen digest now` · `/dozen cohort new` · "
        "`/dozen export bookings YYYY-MM` · `/dozen export audit YYYY-MM`",
    ])


DOZEN_HELP = dozen_help()  # in English


def organisers_only(verb: str, t: Lang = ENGLISH) -> str:
    return t._("`/dozen {verb}` is for organisers (workspace admins and the people in DOZEN_ADMINS). "
               "Ask one of them if something needs changing.", verb=verb)


DM_INTRO = N_("Hello! I don't read messages here, but this is what I can do:")


def dm_reply(t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """What Dozen answers to a direct message: the help text."""
    intro = t._(DM_INTRO)
    return intro, [section(intro), section(dozen_help(t))]


def unknown_verb(text: str, t: Lang = ENGLISH) -> str:
    return t._("Sorry, I don't know `/dozen {words}`.", words=escape(text)) + f"\n\n{dozen_help(t)}"


def month_name(month: date, t: Lang = ENGLISH) -> str:
    """"December 2026"."""
    return format_date(month, "LLLL yyyy", locale=t.locale)


def export_usage(what: str, t: Lang = ENGLISH) -> str:
    return "\n" + t._("Usage: `/dozen export {what} YYYY-MM`", what=what)


def export_preparing(what: str, month: date, t: Lang = ENGLISH) -> str:
    """`what`: "bookings" or "audit"."""
    if what == "audit":
        return t._("Preparing the audit file for {month}; I'll send it to you in a DM.", month=month_name(month, t))
    return t._("Preparing the bookings file for {month}; I'll send it to you in a DM.", month=month_name(month, t))


def language_usage(t: Lang = ENGLISH) -> str:
    choices = " · ".join(f"`{code}` {name}" for code, name in LANGUAGES.items())
    return t._("Dozen speaks to you in {language}. Choose another: `/dozen language` and one of {choices}.",
               language=t.name, choices=choices)


def language_chosen(t: Lang) -> str:
    return t._("Dozen will speak to you in {language} from now on.", language=t.name)
