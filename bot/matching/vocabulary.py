"""The skills vocabulary: DDaT skill documents, the words councils use for them, and the
kinds of help people offer, mapped onto DDaT skills. Pure data and text handling."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words people in councils use that the DDaT texts never do ("interviews" appears nowhere in the
# framework): each DDaT skill listed here also answers to these words.
SKILL_SYNONYMS: dict[str, str] = {
    "User research methods": "user interviews interviewing surveys usability testing focus groups diary studies "
                             "contextual research residents participants personas journey mapping research",
    "Inclusive research": "accessibility research assisted digital seldom heard digitally excluded vulnerable",
    "Prototyping": "prototype prototypes mock-up mockups wireframes wireframing clickable figma paper prototype "
                   "proof of concept",
    "Iterative design": "design iterate iteration alpha beta test and learn interaction design",
    "Accessibility": "wcag screen reader accessible disabled disability accessibility audit",
    "Data analysis and synthesis": "spreadsheet spreadsheets excel analyse analysing analyst insight statistics",
    "Data visualisation": "dashboard dashboards charts power bi tableau maps infographic",
    "Data engineering": "pipeline pipelines etl database databases warehouse",
    "Data ethics and privacy": "gdpr dpia privacy personal data consent",
    "Data governance": "information governance data sharing agreement data protection records retention",
    "Information security": "cyber security phishing penetration testing iso 27001",
    "Programming and build (software engineering)": "developer development code coding python javascript api "
                                                    "apis software build app website automation",
    "Systems integration": "api apis integration integrate legacy systems crm",
    "Commercial management": "procurement tender tendering contract contracts supplier suppliers g-cloud",
    "Product management": "product manager roadmap backlog prioritise prioritisation outcomes",
    "Agile working": "agile scrum kanban sprint sprints standup retrospective",
    "Stakeholder relationship management": "stakeholders partners engagement relationships networking "
                                           "introductions connector connect",
    "Change management": "transformation culture change adoption training",
    "Business process improvement": "process processes workflow lean efficiency backlog waiting times automation",
    "User-centred content design": "content writing copy plain english letters forms web pages style guide",
    "Strategic design and business change": "service design end-to-end journey blueprint redesign",
    "Customer service management": "contact centre call centre customer service complaints",
    "Performance measurement": "kpi kpis metrics performance indicators measure measurement",
}

HELP_KIND_SKILLS: dict[str, tuple[str, ...]] = {
    "connector": ("Stakeholder relationship management", "Community collaboration", "Consultancy"),
    "information_governance": ("Data governance", "Data ethics and privacy", "Information security",
                               "Data risk management"),
    "prototyping": ("Prototyping", "Content concepts and prototyping", "Iterative design"),
    "user_research": ("User research methods", "Inclusive research", "Analysis and synthesis"),
    "service_design": ("Strategic design and business change", "Iterative design", "Evidence-based design",
                       "Designing together", "User-centred practice and advocacy"),
    "content_design": ("User-centred content design", "User focus (content design)",
                       "Content concepts and prototyping"),
    "data": ("Data analysis and synthesis", "Data visualisation", "Data engineering", "Data management"),
    "software_development": ("Programming and build (software engineering)", "Coding and scripting",
                             "Modern development standards"),
    "delivery": ("Agile working", "Agile and Lean practices", "Maintaining delivery momentum", "Planning"),
    "product": ("Product management", "Managing product outcomes", "Leading digital products and services"),
    "procurement": ("Commercial management", "Commercial perspective", "Creating value for money"),
    "other": (),
}

LEVEL_WEIGHTS = {"Expert": 1.0, "Practitioner": 0.85, "Working": 0.65, "Awareness": 0.4, None: 0.6}
WORD = re.compile(r"[a-z][a-z0-9]+")
STOP = ENGLISH_STOP_WORDS | {"able", "ability", "understand", "understanding", "use", "using", "work", "working",
                             "know", "knowledge", "including", "ensure", "help", "need", "needs", "make"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Plurals to singular, enough for 'interviews' to meet 'interview'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def analyse(text: str) -> list[str]:
    """Lower-case words without stop words, plurals folded: the tokens every vectoriser uses."""
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP]


def skill_document(name: str, description: str, levels: Iterable[str] = (), roles: Iterable[str] = ()) -> str:
    """What a DDaT skill means, for matching: its name (weighted), description, what its
    levels ask for, the roles that use it, and the everyday words for it."""
    return " ".join([name, name, name, description, *levels, *roles, SKILL_SYNONYMS.get(name, "")])


def tokens(analysed: list[str]) -> list[str]:
    """The analyser for text that was already analysed (each text is tokenised once)."""
    return analysed
