"""The help text for every command."""

from bot.locale import ENGLISH, LANGUAGES, Lang
from bot.views.common import section

DOZEN_HELP = (
    "*Dozen* helps councils share problems and people.\n"
    "• `/challenge new [title]` · `list` · `board` · `show C-12` · `close C-12 [reason]` · `help` — challenges, "
    "voted with reactions\n"
    "• `/nominate @person [why]` — propose someone for the talent pool\n"
    "• `/availability` — set the hours you can give · `/availability show` — your next 8 weeks\n"
    "• `/book @person` — request some of a pool member's hours for a challenge\n"
    "• `/pledge C-12 [amount]` — back a challenge with money, resources or hours\n"
    "• `/dozen mydata` — what Dozen holds about you · `/dozen forget-me` — remove it\n"
    "Organisers: `/dozen config` · `/dozen digest now` · `/dozen cohort new` · "
    "`/dozen export bookings YYYY-MM` · `/dozen export audit YYYY-MM`"
)


def organisers_only(verb: str) -> str:
    return (f"`/dozen {verb}` is for organisers (workspace admins and the people in DOZEN_ADMINS). "
            "Ask one of them if something needs changing.")


DM_INTRO = "Hello! I don't read messages here, but this is what I can do:"


def dm_reply() -> tuple[str, list[dict]]:
    """What Dozen answers to a direct message: the help text."""
    return DM_INTRO, [section(DM_INTRO), section(DOZEN_HELP)]


def language_usage(t: Lang = ENGLISH) -> str:
    choices = " · ".join(f"`{code}` {name}" for code, name in LANGUAGES.items())
    return t._("Dozen speaks to you in {language}. Choose another: `/dozen language` and one of {choices}.",
               language=t.name, choices=choices)


def language_chosen(t: Lang) -> str:
    return t._("Dozen will speak to you in {language} from now on.", language=t.name)
