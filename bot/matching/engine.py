"""Scoring pool members against open challenges, and choosing who to propose.

Pure: plain values in, ranked proposals out; no database, no Slack.

How fit is measured (benchmarks/matching_quality.py says what each part is worth on real briefs):
- The skill bridge. A challenge's words are compared with each DDaT skill's texts, field by
  field: the everyday and job-market words for it (vocabulary.py), what its levels ask, its
  name, the roles that use it; by words and by character 3-5-grams (which meet "architect" in
  "architecture", "developer" in "development"). That says which skills the challenge asks
  for; skills it names count in full. A person offers the skills they chose, at their levels
  (Expert counts more than Awareness; many skills count no more than one), and those of the
  kinds of help they offer. Skills are weighted by how rare they are among the people scored
  (everyone offers "Stakeholder relationship management", few "Data engineering"); skill fit
  is the cosine between what is asked and what is offered.
- The words: TF-IDF of the challenge's words against the person's skill names, kinds of help
  and bio (what the skills miss: "Drupal", "parking permits").
- Past outcomes: how like the challenge is what they worked on and delivered before.

Fit alone ranks people for `rank`; the digest multiplies in free hours and a preference for
other councils, breaks ties by votes, then applies rotation and caps (`Matcher.plan`).

Scores are computed in blocks of challenges: a sparse (people x skills) by dense (skills x
challenges) product, and sparse products of words (at very large sizes only the rarer words,
within a fixed amount of work), so 20,000 people x 2,000 challenges takes about a second and
a half (benchmarks/matching_scale.py).

The parts: skills.py (the skill bridge), vectors.py (people and needs as vectors, fit in
blocks), proposals.py (what matching sees and says), arrays.py (top-k and sparse helpers);
this module scores, plans and ranks. Their public names are importable from here."""


from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

import numpy as np

from bot.matching.arrays import add_sparse, dense, top_k
from bot.matching.proposals import FIT_LABELS, Candidate, Need, Plan, Proposal, Weights, need_text
from bot.matching.skills import BRIDGE, FIELDS, SkillInfo, SkillSpace, level_weight
from bot.matching.vectors import Vectors, fit_blocks, vectors
from bot.matching.vocabulary import HELP_KIND_SKILLS

__all__ = ["BRIDGE", "FIELDS", "FIT_LABELS", "Candidate", "Matcher", "Need", "Plan", "Proposal", "SkillInfo",
           "SkillSpace", "Weights", "level_weight", "need_text"]


class Matcher:
    """Scores every (person, challenge) pair; keeps the best candidates of each challenge."""

    def __init__(self, skills: list[SkillInfo], weights: Weights | None = None, *,
                 everyday: dict[str, str] | None = None):
        """`everyday`: the words people use for each skill (default: vocabulary.SKILL_SYNONYMS)."""
        self.weights = weights or Weights()
        self.space = SkillSpace(skills, self.weights.bridge, everyday)
        self._kinds = {kind: sorted({i for name in names for i in self.space.resolve(name)})
                       for kind, names in HELP_KIND_SKILLS.items()}

    def _vectors(self, people: list[Candidate], needs: list[Need]) -> Vectors:
        return vectors(self.space, self.weights, self._kinds, people, needs)

    def _fit_blocks(self, v: Vectors, people: np.ndarray, order: np.ndarray | None = None, block: int = 256):
        return fit_blocks(self.weights, v, people, order, block)

    # -- ranking by fit alone ---------------------------------------------------------------
    def fit_matrix(self, people: list[Candidate], needs: list[Need]) -> np.ndarray:
        """needs x people: fit alone (no availability, council, rotation or caps)."""
        result = np.zeros((len(needs), len(people)), dtype=np.float32)
        if people and needs:
            v = self._vectors(people, needs)
            for rows, fit, _ in self._fit_blocks(v, np.arange(len(people))):
                result[rows] = fit.T
        return result

    def rank(self, people: list[Candidate], needs: list[Need], top: int | None = None) -> dict[int, list[Proposal]]:
        """For each need: every person (or the best `top`) by fit alone, best first, explained."""
        return {need.id: proposals for need, proposals in self.iter_rank(people, needs, top)}

    def iter_rank(self, people: list[Candidate], needs: list[Need],
                  top: int | None = None) -> Iterator[tuple[Need, list[Proposal]]]:
        """`rank`, one need at a time in the order given, so that a caller can write each as it
        comes rather than hold every explanation of every pair at once."""
        if not people:
            yield from ((need, []) for need in needs)
            return
        if not needs:
            return
        v = self._vectors(people, needs)
        keep = len(people) if top is None else max(0, min(top, len(people)))
        for rows, fit, _ in self._fit_blocks(v, np.arange(len(people)), block=256 if keep <= 1000 else 16):
            for column, best in enumerate(top_k(fit, keep)):
                row = int(rows[column])
                yield needs[row], [self._explain(v, people[i], int(i), needs[row], row, float(fit[i, column]),
                                                 float(fit[i, column]), None, free_hours=None) for i in best]

    # -- the digest ----------------------------------------------------------------------------
    def candidates(self, people: list[Candidate], needs: list[Need], *, keep: int = 12,
                   block: int = 256) -> dict[int, list[tuple[int, float, float]]]:
        """For each need: up to `keep` (person index, score, fit) of available people, best first,
        however little they fit (fit below Weights.min_fit means they hardly do)."""
        return self._score(people, needs, keep=keep, block=block)[0]

    def _score(self, people: list[Candidate], needs: list[Need], *, keep: int, block: int = 256):
        w = self.weights
        if not needs:
            return {}, None
        free = np.array([p.free_hours for p in people], dtype=np.float32)
        available = np.flatnonzero(free > 0)
        # Only the people free are read and scored; skills are weighted by how rare they are among them.
        v = self._vectors([people[i] for i in available], needs)
        if not len(available):
            return {n.id: [] for n in needs}, v
        free = free[available]
        ties = (0.01 * np.log1p(np.array([people[i].votes for i in available], dtype=np.float32)) / math.log(100))
        by_council: dict[str, list[int]] = defaultdict(list)
        for k, i in enumerate(available):
            by_council[people[i].council].append(k)
        # availability factor by hours asked: 0.6 (a little free) .. 1.0 (enough for the need).
        # Needs are scored in order of hours asked, so a block's needs asking the same hours are
        # neighbouring columns, scaled in place.
        asks = np.array([max(n.hours_per_week, 0.5) for n in needs], dtype=np.float32)
        order = np.argsort(asks, kind="stable")
        result: dict[int, list[tuple[int, float, float]]] = {}
        top = min(keep, len(available))
        for rows, fit, experience in self._fit_blocks(v, np.arange(len(available)), order, block):
            score = fit.copy()
            if experience is not None:
                add_sparse(score, experience, w.experience)
            block_asks = asks[rows]
            edges = np.flatnonzero(np.diff(block_asks)) + 1
            for a, b in zip([0, *edges], [*edges, len(rows)]):
                score[:, a:b] *= (0.6 + 0.4 * np.minimum(1.0, free / block_asks[a]))[:, None]
            if w.same_council != 1.0:
                for column, row in enumerate(rows):
                    own = by_council.get(needs[row].council)
                    if own:
                        score[own, column] *= w.same_council
            score += ties[:, None]  # votes on their nomination only break ties
            for column, best in enumerate(top_k(score, top)):
                result[needs[rows[column]].id] = [(int(available[k]), float(score[k, column]),
                                                   float(fit[k, column])) for k in best]
        return result, v

    def plan(self, people: list[Candidate], needs: list[Need], *, previous: set[tuple[str, int]] = frozenset(),
             per_need: int = 3, per_person: int = 3) -> Plan:
        """Who to propose for each need: the best fits, at most `per_person` needs each, and not
        the same person for the same need as last time unless nobody else fits. A need nobody
        fits gets the closest free people, said to fit weakly and what they lack; a need gets
        nobody only when nobody is free."""
        w = self.weights
        ranked, v = self._score(people, needs, keep=max(12, per_need * 4))
        taken: dict[str, int] = defaultdict(int)
        chosen: dict[int, list[tuple[int, float, float]]] = {n.id: [] for n in needs}
        pairs = sorted(((score, need_id, i, fit) for need_id, options in ranked.items() for i, score, fit in options),
                       key=lambda pair: (-pair[0], pair[1], pair[2]))

        def choose(allowed, most: int = per_need, capped: bool = True, only_empty: bool = False) -> None:
            empty = {need_id for need_id, picks in chosen.items() if not picks}
            for score, need_id, i, fit in pairs:
                if only_empty and need_id not in empty:
                    continue
                if len(chosen[need_id]) >= most or (capped and taken[people[i].id] >= per_person):
                    continue
                if not allowed(need_id, people[i].id, fit) or any(j == i for j, _, _ in chosen[need_id]):
                    continue
                chosen[need_id].append((i, score, fit))
                taken[people[i].id] += 1

        fits = w.min_fit
        # Everyone who fits gets one challenge before anyone gets a second: first one person for
        # each challenge, then the rest. Not last week's people for the same challenge, unless
        # nobody else fits.
        choose(lambda need_id, person_id, fit: fit >= fits and (person_id, need_id) not in previous, most=1)
        choose(lambda need_id, person_id, fit: fit >= fits, most=1, only_empty=True)
        choose(lambda need_id, person_id, fit: fit >= fits and (person_id, need_id) not in previous)
        # Nobody fits: the closest free people, however little they fit (the proposal says so).
        choose(lambda need_id, person_id, fit: (person_id, need_id) not in previous, only_empty=True)
        choose(lambda need_id, person_id, fit: True, only_empty=True)
        # Everyone free is already proposed `per_person` times: one of them once more rather than nobody.
        choose(lambda need_id, person_id, fit: True, most=1, capped=False, only_empty=True)

        proposals: dict[int, list[Proposal]] = {}
        missing: dict[int, list[str]] = {}
        lacking: dict[int, list[str]] = {}
        if v is None:
            return Plan(proposals, missing, lacking)
        local = {int(i): k for k, i in enumerate(np.flatnonzero([p.free_hours > 0 for p in people]))}  # rows of v
        past = self._relevant_past_work(people, needs, chosen, v)
        free_offered = set(np.unique(v.offered.indices).tolist())  # v holds the people free
        for row, need in enumerate(needs):
            picks = sorted(chosen[need.id], key=lambda pick: -pick[1])
            proposals[need.id] = [self._explain(v, people[i], local[i], need, row, score, fit,
                                                past.get((i, need.id))) for i, score, fit in picks]
            nobody = [name for name, means in v.wanted[row] if not free_offered.intersection(means)]
            if nobody:
                lacking[need.id] = nobody
            if not picks:
                missing[need.id] = [name for name, _ in v.wanted[row]] or list(need.skills)
        return Plan(proposals, missing, lacking)

    def _relevant_past_work(self, people, needs, chosen, v: Vectors) -> dict[tuple[int, int], str]:
        """For each chosen (person, need): the label of the person's most similar past challenge,
        if similar enough to mention. One batch for every proposal."""
        if v.past_items is None:
            return {}
        pairs, items, rows = [], [], []
        for row, need in enumerate(needs):
            for i, _, _ in chosen[need.id]:
                for label, text in people[i].past_work:
                    pairs.append((i, need.id, label))
                    items.append(v.past_index[text])
                    rows.append(row)
        if not pairs:
            return {}
        similarity = np.asarray(v.past_items[items].multiply(v.need_words[rows]).sum(axis=1)).ravel()
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for (i, need_id, label), value in zip(pairs, similarity):
            if value >= 0.15 and value > best.get((i, need_id), (0.0, ""))[0]:
                best[(i, need_id)] = (float(value), label)
        return {pair: label for pair, (_, label) in best.items()}

    def _explain(self, v: Vectors, person: Candidate, i: int, need: Need, row: int, score: float, fit: float,
                 past: str | None, free_hours: float | None | bool = True) -> Proposal:
        offered = v.offers(i).tolist()
        names = self.space.names
        # the skills they offer that the need asks for (at least 0.3 of its strongest), most asked first
        asked = v.asked[row, offered].tolist() if offered else []
        relevant = sorted(((-a, names[s], s) for a, s in zip(asked, offered) if a >= 0.3))
        said = {}  # a skill as the person wrote it ("Programming and build" means four DDaT skills)
        if relevant:
            for name in person.skills:
                for s in self.space.resolve(name):
                    said.setdefault(s, name)
        matched = list(dict.fromkeys(said.get(s, name) for _, name, s in relevant))[:3]
        wanted = v.wanted[row]
        mine = set(offered)
        lacking = [name for name, means in wanted if not mine.intersection(means)]
        has = len(wanted) - len(lacking)
        fits = fit >= self.weights.min_fit
        if wanted and not lacking:
            label = "strong" if fits else "good"
        elif wanted and has * 2 >= len(wanted):
            label = "good" if fits else "partial"
        elif has or fits:
            label = "partial"
        else:
            label = "weak"
        hours = person.free_hours if free_hours is True else free_hours
        return Proposal(person.id, need.id, round(score, 4), matched, hours, past, person.council == need.council,
                        round(fit, 4), label, lacking)

    def reasons(self, people: list[Candidate], needs: list[Need],
                pairs: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The readable reason for each (person id, need id) chosen some other way (cohorts)."""
        return {pair: proposal.reason() for pair, proposal in self.explain(people, needs, pairs).items()}

    def explain(self, people: list[Candidate], needs: list[Need],
                pairs: list[tuple[str, int]]) -> dict[tuple[str, int], Proposal]:
        """The proposal (fit, fit label, skills matched and lacking, reason) for each (person id,
        need id) chosen some other way (cohorts, replacements)."""
        if not pairs or not people or not needs:
            return {}
        v = self._vectors(people, needs)
        person_row = {p.id: i for i, p in enumerate(people)}
        need_row = {n.id: j for j, n in enumerate(needs)}
        result = {}
        for pid, nid in pairs:
            i, j = person_row[pid], need_row[nid]
            fit = self.weights.skill * float((v.person_skills[i] @ v.need_skills[j]).sum())
            fit += self.weights.text * float(dense(v.person_words[i] @ v.need_words[j].T).sum())
            result[(pid, nid)] = self._explain(v, people[i], i, needs[j], j, fit, fit, None)
        return result
