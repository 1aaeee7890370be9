"""Connector introductions: whom to introduce to whom this week, and why. Pure: plain values in,
pairs out; no database, no Slack.

Everyone who wants introductions (people who offer the connector kind of help, and anyone who
opted in) is paired with at most one person from another council, for one of three reasons,
strongest first:
- close challenges: both work on challenges whose words are close (TF-IDF cosine of at least
  CLOSE): "you are solving the same problem in two places";
- needs: one offers skills that the other's challenge asks for and its owner doesn't offer;
- complementary skills: both offer skills, and each offers some the other doesn't.
No pair is introduced twice within REPEAT_WEEKS weeks, and nobody more than once a week, however
many want to meet them. Pairs are chosen best first (greedily) from each person's best few.

Scored a block of people wanting introductions at a time against everyone, with sparse products,
so a pool of 20,000 costs a fraction of a second per block."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

import numpy as np
from scipy import sparse

from bot.matching.text import Tokens, WordCounts, idf_of, tfidf

CLOSE = 0.2  # challenges at least this close (cosine of their words) are "close"
REPEAT_WEEKS = 12  # the same two people are not introduced again within this many weeks
CANDIDATES = 20  # the best few kept for each person wanting an introduction
BLOCK = 256  # people wanting introductions scored at once
ROUNDS = 3  # passes for those whose best few were taken by others
CLOSE_KIND, NEEDS_KIND, SKILLS_KIND = "close", "needs", "skills"


@dataclass(frozen=True)
class Work:
    """A challenge someone owns or works on."""

    label: str  # how people know it, e.g. "C-3 Fix potholes faster"
    text: str  # what it is about: title, problem, skills
    skills: tuple[str, ...] = ()  # the skills it asks for


@dataclass(frozen=True)
class Person:
    id: str
    council: str
    skills: tuple[str, ...] = ()  # the skills they offer
    work: tuple[Work, ...] = ()  # the challenges they own or work on
    wants: bool = False  # they get a weekly introduction (a connector, or opted in)


@dataclass(frozen=True)
class Past:
    """Two people introduced in the week starting `week`."""

    first: str
    second: str
    week: date


@dataclass(frozen=True)
class Reason:
    """Why two people meet. close: `work` (first's) and `other_work` (second's) are close;
    needs: `offerer` offers `skills`, which the other's `work` asks for; skills: first offers
    `skills`, second `other_skills`, that the other doesn't."""

    kind: str
    work: str = ""
    other_work: str = ""
    offerer: str = ""
    skills: tuple[str, ...] = ()
    other_skills: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict) -> Reason:
        known = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Pair:
    first: str  # the one who wants introductions
    second: str
    score: float
    reason: Reason


def _key(skill: str) -> str:
    return " ".join(skill.split()).casefold()


class _Features:
    """People as vectors: skills offered, the skills each work asks for that its owner doesn't
    offer, and each work's words."""

    def __init__(self, people: list[Person]):
        self.people = people
        codes: dict[str, int] = {}
        self.council = np.array([codes.setdefault(p.council, len(codes)) for p in people], dtype=np.int64)
        skills: dict[str, int] = {}
        self.skill_index = skills
        self.offers_of = [{skills.setdefault(_key(s), len(skills)) for s in p.skills} for p in people]
        self.works = [(i, w) for i, p in enumerate(people) for w in p.work]
        self.owner = np.array([i for i, _ in self.works], dtype=np.int64)
        self.asks_of = [{skills.setdefault(_key(s), len(skills)) for s in w.skills} - self.offers_of[i]
                        for i, w in self.works]
        self.offers = _binary(self.offers_of, len(skills))
        self.asks = _binary(self.asks_of, len(skills))
        self.sizes = np.array([len(s) for s in self.offers_of], dtype=np.float32)
        words = WordCounts()
        counts = words.count(Tokens([w.text for _, w in self.works]), grow=True)
        self.text = tfidf(counts, idf_of(counts)) if self.works else sparse.csr_matrix((0, 0), dtype=np.float32)
        self.works_of: list[list[int]] = [[] for _ in people]
        for k, (i, _) in enumerate(self.works):
            self.works_of[i].append(k)

    def scores(self, rows: np.ndarray, close: float) -> np.ndarray:
        """rows x everyone: the strongest reason's score (0: none)."""
        n = len(self.people)
        score = np.zeros((len(rows), n), dtype=np.float32)
        # complementary skills: 0.1 .. 0.2, the more different the higher
        shared = (self.offers[rows] @ self.offers.T).toarray()
        mine, theirs = self.sizes[rows][:, None], self.sizes[None, :]
        union = np.maximum(mine + theirs - shared, 1.0)
        apart = (mine - shared >= 1) & (theirs - shared >= 1)
        score[apart] = (0.1 + 0.1 * (mine + theirs - 2 * shared) / union)[apart]
        local = {int(i): r for r, i in enumerate(rows)}
        works = [k for i in rows for k in self.works_of[int(i)]]
        if self.works:
            # needs: 0.6 .. 0.8 by the number of skills asked for and offered (up to 3)
            given = (self.offers[rows] @ self.asks.T).tocoo()  # what I offer to others' works
            _raise(score, given.row, self.owner[given.col], 0.5 + 0.1 * np.minimum(given.data, 3))
            if works:
                asked = (self.asks[works] @ self.offers.T).tocoo()  # what others offer to my works
                _raise(score, _rows(local, self.owner[works][asked.row]), asked.col,
                       0.5 + 0.1 * np.minimum(asked.data, 3))
                # close challenges: 1 + their closeness
                similar = (self.text[works] @ self.text.T).tocoo()
                keep = similar.data >= close
                _raise(score, _rows(local, self.owner[works][similar.row[keep]]), self.owner[similar.col[keep]],
                       1.0 + similar.data[keep])
        return score

    def reason(self, i: int, j: int, close: float) -> Reason:
        """The strongest reason for i and j, in words they wrote (the same rules as `scores`)."""
        first, second = self.people[i], self.people[j]
        best_close = max(((float(self.text[a].multiply(self.text[b]).sum()), a, b)
                          for a in self.works_of[i] for b in self.works_of[j]), default=(0.0, -1, -1))
        if best_close[0] >= close:
            return Reason(CLOSE_KIND, work=self.works[best_close[1]][1].label,
                          other_work=self.works[best_close[2]][1].label)
        def common_of(k: int, offerer: int) -> set[int]:
            return self.offers_of[offerer] & self.asks_of[k]

        offered = []  # (how many, the first offers, asker's work, offerer)
        for offerer, other in ((i, j), (j, i)):
            for k in self.works_of[other]:
                common = self.offers_of[offerer] & self.asks_of[k]
                if common:
                    offered.append((min(len(common), 3), offerer == i, k, offerer))
        if offered:
            _, _, k, offerer = max(offered, key=lambda o: (o[0], o[1], -o[2]))
            wanted = [s for s in self.works[k][1].skills if self.skill_index[_key(s)] in common_of(k, offerer)]
            return Reason(NEEDS_KIND, work=self.works[k][1].label, offerer=self.people[offerer].id,
                          skills=tuple(dict.fromkeys(wanted))[:3])
        mine = [s for s in first.skills if _key(s) not in {_key(t) for t in second.skills}]
        theirs = [s for s in second.skills if _key(s) not in {_key(t) for t in first.skills}]
        return Reason(SKILLS_KIND, skills=tuple(dict.fromkeys(mine))[:3], other_skills=tuple(dict.fromkeys(theirs))[:3])


def _binary(sets: list[set[int]], width: int) -> sparse.csr_matrix:
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    cols = np.fromiter((c for s in sets for c in sorted(s)), dtype=np.int64, count=len(rows))
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(sets), width))


def _rows(local: dict[int, int], people: np.ndarray) -> np.ndarray:
    return np.fromiter((local[int(i)] for i in people), dtype=np.int64, count=len(people))


def _raise(score: np.ndarray, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
    """score[rows, cols] = max(score[rows, cols], values), repeated cells included."""
    if len(rows):
        np.maximum.at(score, (rows, cols), values.astype(np.float32))


def choose_pairs(people: list[Person], past: list[Past], week: date, *, repeat_weeks: int = REPEAT_WEEKS,
                 close: float = CLOSE, keep: int = CANDIDATES) -> list[Pair]:
    """This week's introductions (the week starting `week`): pairs from different councils, each
    with at least one person who wants introductions, none introduced within `repeat_weeks`
    weeks before, nobody in two pairs this week (nor in one already made this week, in `past`).
    Best reasons first; ties by person id."""
    seen: set[str] = set()
    people = [p for p in people if p.council and not (p.id in seen or seen.add(p.id))]
    wanting = np.array([i for i, p in enumerate(people) if p.wants], dtype=np.int64)
    if not len(wanting) or len(people) < 2:
        return []
    index = {p.id: i for i, p in enumerate(people)}
    busy = np.zeros(len(people), dtype=bool)
    blocked: dict[int, set[int]] = {}
    for made in past:
        a, b = index.get(made.first), index.get(made.second)
        for x in (a, b):
            if x is not None and made.week == week:
                busy[x] = True
        if a is not None and b is not None and (week - made.week) < timedelta(weeks=repeat_weeks):
            blocked.setdefault(a, set()).add(b)
            blocked.setdefault(b, set()).add(a)
    features = _Features(people)
    taken = busy.copy()
    pairs: list[Pair] = []
    for _ in range(ROUNDS):  # again for those whose best few were all taken, among the people left
        left = wanting[~taken[wanting]]
        made = _choose(features, left, taken, blocked, close, keep)
        for i, j, score in made:
            pairs.append(Pair(people[i].id, people[j].id, score, features.reason(i, j, close)))
        if not made:
            break
    return pairs


def _choose(features: _Features, wanting: np.ndarray, taken: np.ndarray, blocked: dict[int, set[int]],
            close: float, keep: int) -> list[tuple[int, int, float]]:
    """Best first among each wanting person's best `keep` people not `taken`: (i, j, score);
    marks them taken."""
    ids = [p.id for p in features.people]
    options: list[tuple[float, str, str, int, int]] = []
    for start in range(0, len(wanting), BLOCK):
        rows = wanting[start:start + BLOCK]
        score = features.scores(rows, close)
        score[features.council[rows][:, None] == features.council[None, :]] = 0.0  # other councils only (not self)
        score[:, taken] = 0.0
        for r, i in enumerate(rows):
            for j in blocked.get(int(i), ()):
                score[r, j] = 0.0
            found = np.flatnonzero(score[r] > 0)
            if len(found) > keep:
                found = found[np.argsort(-score[r, found], kind="stable")[:keep]]
            options += [(-float(score[r, j]), ids[int(i)], ids[int(j)], int(i), int(j)) for j in found]
    made = []
    for negative, _, _, i, j in sorted(options):
        if taken[i] or taken[j]:
            continue
        taken[i] = taken[j] = True
        made.append((i, j, round(-negative, 4)))
    return made
