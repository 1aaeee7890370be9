"""What matching sees and says: pool members (Candidate) and challenges (Need) as plain values,
the weights of fit, and the proposals and plan it returns, with their reasons in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.matching.skills import BRIDGE


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

    def fit_reason(self, label: bool = False) -> str:
        """How well they fit and why, without availability: "skills: A, B" (a strong fit: the
        label is said only when asked), or "partial fit: skills: A; lacks C"."""
        parts = []
        if self.matched_skills:
            parts.append("skills: " + ", ".join(self.matched_skills))
        if self.lacking:
            parts.append("lacks " + ", ".join(self.lacking))
        text = "; ".join(parts)
        if label or self.fit_label != "strong":
            text = f"{self.fit_label} fit" + (f": {text}" if text else "")
        return text

    def reason(self) -> str:
        parts = [self.fit_reason()] if self.fit_reason() else []
        if self.free_hours is not None:
            parts.append(f"{self.free_hours:g}h free in the coming weeks")
        if self.past_work:
            parts.append(f"has worked on {self.past_work}")
        return "; ".join(parts)


@dataclass
class Plan:
    proposals: dict[int, list[Proposal]]  # need id -> up to 3, best first
    missing: dict[int, list[str]]  # need id -> skills it asks for, where nobody could be proposed (nobody free)
    lacking: dict[int, list[str]] = field(default_factory=dict)  # need id -> skills it asks for that nobody free offers

    def closest(self, need_id: int) -> str:
        """Plain words for a challenge nobody fits fully, e.g. "no one free with Data engineering;
        closest: U1 (partial fit), U2 (weak fit)"; "" when someone offers everything it asks for."""
        lacking = self.lacking.get(need_id, [])
        proposals = self.proposals.get(need_id, [])
        if not proposals:
            return "nobody in the pool is free"
        if not lacking:
            return ""
        closest = ", ".join(f"{p.person_id} ({p.fit_label} fit)" for p in proposals)
        return f"no one free with {', '.join(lacking)}; closest: {closest}"



def need_text(need: Need) -> str:
    return " ".join([need.title, need.title, need.problem, *need.skills, need.other_skills])

