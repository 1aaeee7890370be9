"""The demo's cast: three councils' Slack workspaces, their people and channels."""

from __future__ import annotations

from dataclasses import dataclass

from bot.demo.driver import Person


@dataclass(frozen=True)
class Council:
    team: str
    name: str
    short: str
    token: str
    challenges: str  # channel IDs
    digest: str
    talent: str


LEEDS = Council("TLEEDS", "Leeds City Council", "Leeds", "xoxb-demo-leeds", "CLDSCHALLENGES", "CLDSDIGEST",
                "CLDSTALENT")
MANCHESTER = Council("TMANCHESTER", "Manchester City Council", "Manchester", "xoxb-demo-manchester",
                     "CMANCHALLENGES", "CMANDIGEST", "CMANTALENT")
BRISTOL = Council("TBRISTOL", "Bristol City Council", "Bristol", "xoxb-demo-bristol", "CBSTCHALLENGES",
                  "CBSTDIGEST", "CBSTTALENT")
COUNCILS = (LEEDS, MANCHESTER, BRISTOL)
CHANNEL_NAMES = {"challenges": "challenges", "digest": "dozen-digest", "talent": "talent-pool"}

# Leeds
PRIYA = Person("ULPRIYA", "Priya Shah", LEEDS.team)  # head of digital; installs Dozen, runs the network
TOM = Person("ULTOM", "Tom Baker", LEEDS.team)  # housing service lead
HANNAH = Person("ULHANNAH", "Hannah Wood", LEEDS.team)  # user researcher, already in the pool
JOE = Person("ULJOE", "Joe Walsh", LEEDS.team)  # Hannah's line manager
# Manchester
BEN = Person("UMBEN", "Ben Okafor", MANCHESTER.team)  # digital lead; installs Dozen there
AISHA = Person("UMAISHA", "Aisha Khan", MANCHESTER.team)  # housing product manager
SAM = Person("UMSAM", "Sam Lee", MANCHESTER.team)  # user researcher, nominated this week
RACHEL = Person("UMRACHEL", "Rachel Green", MANCHESTER.team)  # Sam's (and Kemi's) line manager
KEMI = Person("UMKEMI", "Kemi Adeyemi", MANCHESTER.team)  # service designer, already in the pool
# Bristol
CHLOE = Person("UBCHLOE", "Chloe Evans", BRISTOL.team)  # chief digital officer; installs Dozen there
DEV = Person("UBDEV", "Dev Patel", BRISTOL.team)  # service owner who books Sam
OLLIE = Person("UBOLLIE", "Ollie Hughes", BRISTOL.team)  # data engineer, already in the pool
NIA = Person("UBNIA", "Nia Roberts", BRISTOL.team)  # Ollie's line manager

ADMINS = {PRIYA, BEN, CHLOE}
EVERYONE = (PRIYA, TOM, HANNAH, JOE, BEN, AISHA, SAM, RACHEL, KEMI, CHLOE, DEV, OLLIE, NIA)
INSTALLERS = {LEEDS.team: PRIYA, MANCHESTER.team: BEN, BRISTOL.team: CHLOE}

# Already in the talent pool when the week starts: (person, council, manager, skills, kinds of help, hours)
POOL = (
    (HANNAH, "LDS", JOE, {"User research methods": "Expert", "User-centred content design": "Practitioner"},
     ["user_research", "content_design"], 6.0),
    (KEMI, "MAN", RACHEL, {"Service focus": "Expert", "Iterative design": "Practitioner",
                           "User research methods": "Working"}, ["service_design", "user_research"], 6.0),
    (OLLIE, "BST", NIA, {"Data engineering": "Expert", "Programming and build (software engineering)": "Practitioner"},
     ["data", "software_development"], 6.0),
)


def council_of(team: str) -> Council:
    return next(c for c in COUNCILS if c.team == team)


def channels() -> dict[str, tuple[str, str]]:
    """channel ID -> (workspace, name)."""
    found = {}
    for council in COUNCILS:
        for kind, name in CHANNEL_NAMES.items():
            found[getattr(council, kind)] = (council.team, name)
    return found
