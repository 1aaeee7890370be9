"""What matching sees and says: pool members (Candidate) and challenges (Need) as plain values,
the weights of fit, and the proposals and plan it returns, with their reasons in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.matching.skills import BRIDGE
from bot.matching.words import N_, Said


@dataclass(frozen=True)
class Candidate:
    """A pool member as matching sees them."""

    id: str
    council: str
    skills: dict[str, str | None]  # DDaT skill -> level (or None)
    help_kinds: tuple[str, ...] = ()
    bio: str = ""
    past_work: tuple[tuple[str, str], ...] = ()  # (label, text) of challenges they worked on
    free_hours: float = 0.0  # free hours in the coming weeks
    votes: int = 0


@dataclass(frozen=True)
class Need:
    """An open challenge as matching sees it."""

    id: int
    council: str
    title: str
    problem: str
    skills: tuple[str, ...] = ()
    other_skills: str = ""
    hours_per_week: float = 1.0



@dataclass(frozen=True)
class Weights:
    skill: float = 1.0  # fit in DDaT skill space (the skills asked for and offered)
    text: float = 0.25  # fit of the raw words
    experience: float = 0.25  # similarity to challenges they worked on before
    same_council: float = 0.85  # multiplier when the person is from the challenge's own council
    min_fit: float = 0.15  # below this a person doesn't really fit (proposed only when nobody does)
    bio_skills: float = 0.0  # how much the skills a bio speaks of count beside skills chosen (1 if none chosen)
    bio_top: int = 3  # how many skills a bio is read for
    named_skills: float = 0.5  # inferred skills beside the skills a challenge names (those count 1)
    bridge: tuple[tuple[str, str, float], ...] = BRIDGE


FIT_LABELS = ("strong", "good", "partial", "weak")
FIT_WORDS = {"strong": N_("strong fit"), "good": N_("good fit"), "partial": N_("partial fit"), "weak": N_("weak fit")}


def fit_words(label: str) -> Said:
    """"weak fit", said in whoever's language shows it."""
    return FIT_WORDS.get(label) or N_("{fit} fit", fit=label)


@dataclass
class Proposal:
    person_id: str
    need_id: int
    score: float
    matched_skills: list[str] = field(default_factory=list)
    free_hours: float | None = 0.0  # None: not known (ranking by fit alone)
    past_work: str | None = None
    same_council: bool = False
    fit: float = 0.0  # how well their skills and words fit the challenge, about 0..1
    fit_label: str = "strong"  # strong (offers every skill asked for), good, partial or weak
    lacking: list[str] = field(default_factory=list)  # skills the challenge asks for that they don't offer

    def fit_reason(self, label: bool = False, t: Any = None) -> str:
        """How well they fit and why, without availability: "skills: A, B" (a strong fit: the
        label is said only when asked), or "partial fit: skills: A; lacks C". English, or in the
        language of `t` (a translator: see bot.matching.words)."""
        parts = []
        if self.matched_skills:
            parts.append(N_("skills: {skills}", skills=", ".join(self.matched_skills)).say(t))
        if self.lacking:
            parts.append(N_("lacks {skills}", skills=", ".join(self.lacking)).say(t))
        text = "; ".join(parts)
        if label or self.fit_label != "strong":
            text = fit_words(self.fit_label).say(t) + (f": {text}" if text else "")
        return text

    def reason(self, t: Any = None) -> str:
        fit = self.fit_reason(t=t)
        parts = [fit] if fit else []
        if self.free_hours is not None:
            # Translators: a reason someone is proposed for a challenge; {hours} is a number, e.g. "6h free …".
            parts.append(N_("{hours}h free in the coming weeks", hours=float(self.free_hours)).say(t))
        if self.past_work:
            # Translators: {work} is a challenge they worked on, e.g. "C-7: Resident interviews".
            parts.append(N_("has worked on {work}", work=self.past_work).say(t))
        return "; ".join(parts)

    def reason_values(self) -> dict[str, Any]:
        """What the reason is made of, to store and say later in someone's language (`from_reason`)."""
        return {"fit_label": self.fit_label, "matched_skills": list(self.matched_skills),
                "lacking": list(self.lacking), "free_hours": self.free_hours, "past_work": self.past_work}

    @classmethod
    def from_reason(cls, values: dict[str, Any]) -> Proposal:
        known = ("fit_label", "matched_skills", "lacking", "free_hours", "past_work")
        return cls(person_id="", need_id=0, score=0.0, **{k: values[k] for k in known if k in values})


@dataclass
class Plan:
    proposals: dict[int, list[Proposal]]  # need id -> up to 3, best first
    missing: dict[int, list[str]]  # need id -> skills it asks for, where nobody could be proposed (nobody free)
    lacking: dict[int, list[str]] = field(default_factory=dict)  # need id -> skills it asks for that nobody free offers

    def closest(self, need_id: int, t: Any = None) -> str:
        """Plain words for a challenge nobody fits fully, e.g. "no one free with Data engineering;
        closest: U1 (partial fit), U2 (weak fit)"; "" when someone offers everything it asks for.
        English, or in the language of `t` (a translator: see bot.matching.words)."""
        lacking = self.lacking.get(need_id, [])
        proposals = self.proposals.get(need_id, [])
        if not proposals:
            return N_("nobody in the pool is free").say(t)
        if not lacking:
            return ""
        closest = ", ".join(f"{p.person_id} ({fit_words(p.fit_label).say(t)})" for p in proposals)
        return N_("no one free with {skills}; closest: {closest}", skills=", ".join(lacking),
                  closest=closest).say(t)



def need_text(need: Need) -> str:
    return " ".join([need.title, need.title, need.problem, *need.skills, need.other_skills])

