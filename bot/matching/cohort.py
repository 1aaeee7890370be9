"""Forming a cohort: assign pool members to challenges to maximise total fit, under rules.

Pure: a fit matrix and councils in, teams out. The core is scipy's linear_sum_assignment
over challenge "slots" (the first two slots of each challenge carry a large bonus, so every
challenge gets two people before any gets a third); council rules are costs and repairs on
top, and every rule that had to give way is said in plain words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from bot.matching.words import N_, Said, ngettext

MIN_PER_CHALLENGE = 2
MIN_COUNCILS = 4
MUST_FILL = 100.0  # the bonus that makes the first two slots of every challenge come first
OWN_COUNCIL = 10.0  # the cost of putting someone on their own council's challenge
UNFIT = 0.05  # below this fit a person doesn't really fit a challenge


@dataclass
class Team:
    challenge: int  # index into the challenges given
    members: list[int] = field(default_factory=list)  # indexes into the people given


@dataclass
class CohortPlan:
    teams: list[Team]
    rules: list[Said]  # which rules could not be kept, and why (said in whoever's language reads them)

    @property
    def gave_way(self) -> list[str]:
        """The rules that gave way, in English."""
        return [rule.say() for rule in self.rules]

    def assigned(self) -> dict[int, int]:
        return {person: team.challenge for team in self.teams for person in team.members}


def form_cohort(fit: np.ndarray, people_councils: list[str], challenge_councils: list[str], *, size: int,
                challenge_labels: list[str] | None = None, min_per_challenge: int = MIN_PER_CHALLENGE,
                min_councils: int = MIN_COUNCILS) -> CohortPlan:
    """`fit[j, i]`: how well person i fits challenge j (0..1). Everyone given is eligible
    (free for the asked hours in every week). Returns teams and the rules that gave way."""
    n_challenges, n_people = fit.shape if fit.size else (len(challenge_councils), len(people_councils))
    labels = challenge_labels or [f"challenge {j + 1}" for j in range(n_challenges)]
    gave_way: list[Said] = []
    if n_challenges == 0:
        return CohortPlan([], [N_("No challenges were chosen.")])
    if n_people == 0:
        return CohortPlan([Team(j) for j in range(n_challenges)],
                          [N_("Nobody in the pool is free for the asked hours in every week of the cohort.")])
    requested, size = size, min(size, n_people)
    per_challenge = max(min_per_challenge, -(-size // n_challenges))
    own = np.array([[people_councils[i] == challenge_councils[j] for i in range(n_people)]
                    for j in range(n_challenges)])
    columns, bonus = [], []
    for j in range(n_challenges):
        for slot in range(per_challenge):
            columns.append(j)
            bonus.append(MUST_FILL if slot < min_per_challenge else 0.0)
    # cost[i, slot]: low is good. Fit is worth up to 1; own council costs 10 (used only if needed).
    cost = np.empty((n_people, len(columns)))
    for k, j in enumerate(columns):
        cost[:, k] = -(fit[j] + bonus[k]) + OWN_COUNCIL * own[j]
    rows, cols = linear_sum_assignment(cost)
    chosen = sorted(zip(rows, cols), key=lambda rc: cost[rc[0], rc[1]])  # best first
    teams = [Team(j) for j in range(n_challenges)]
    kept = 0
    for i, k in chosen:
        j = columns[k]
        if kept >= size and bonus[k] == 0.0:
            continue  # the cohort is full: only the must-fill slots beyond it are kept
        teams[j].members.append(int(i))
        kept += 1
    _spread_councils(teams, fit, own, people_councils, min_councils, gave_way)

    for team in teams:
        if len(team.members) < min_per_challenge:
            gave_way.append(ngettext(
                "{challenge} has {n} person: not enough people are free (rule: at least {least} per challenge).",
                "{challenge} has {n} people: not enough people are free (rule: at least {least} per challenge).",
                len(team.members), challenge=labels[team.challenge], least=min_per_challenge))
        for i in team.members:
            if own[team.challenge, i]:
                gave_way.append(N_("{challenge} includes someone from its own council: nobody else free fitted "
                                   "(rule: nobody from the challenge's own council where others fit).",
                                   challenge=labels[team.challenge]))
                break
        weak = [i for i in team.members if fit[team.challenge, i] < UNFIT]
        if weak:
            gave_way.append(ngettext(
                "{challenge} has {n} member whose skills hardly fit it: the pool had nobody closer.",
                "{challenge} has {n} members whose skills hardly fit it: the pool had nobody closer.",
                len(weak), challenge=labels[team.challenge]))
    total = sum(len(t.members) for t in teams)
    if total < requested:
        gave_way.append(N_("The cohort has {total} people, not {requested}: not enough people are free.",
                           total=total, requested=requested))
    elif total > requested:
        gave_way.append(N_("The cohort has {total} people, not {requested}: every challenge needs at least "
                           "{least}.", total=total, requested=requested, least=min_per_challenge))
    return CohortPlan(teams, gave_way)


def _spread_councils(teams: list[Team], fit: np.ndarray, own: np.ndarray, councils: list[str], wanted: int,
                     gave_way: list[Said]) -> None:
    """Swap people until at least `wanted` councils are in the cohort (or the pool can't do it),
    each time losing the least fit."""
    assigned = {i for t in teams for i in t.members}
    available_councils = len(set(councils))
    target = min(wanted, available_councils, sum(len(t.members) for t in teams))
    while True:
        present = Counter(councils[i] for i in assigned)
        if len(present) >= target:
            break
        best = None
        for team in teams:
            for i in team.members:
                if present[councils[i]] < 2:
                    continue  # swapping them out would lose a council
                for candidate in range(len(councils)):
                    if candidate in assigned or councils[candidate] in present or own[team.challenge, candidate]:
                        continue
                    loss = fit[team.challenge, i] - fit[team.challenge, candidate]
                    if best is None or loss < best[0]:
                        best = (loss, team, i, candidate)
        if best is None:
            break
        _, team, out, into = best
        team.members[team.members.index(out)] = into
        assigned.discard(out)
        assigned.add(into)
    present = len({councils[i] for i in assigned})
    if present < wanted:
        reason = (ngettext("only {n} council has people free", "only {n} councils have people free",
                           available_councils)
                  if available_councils < wanted else N_("more would have broken the other rules"))
        gave_way.append(ngettext("The cohort has people from {n} council, not {wanted}: {reason} (rule: at least "
                                 "{wanted} councils).",
                                 "The cohort has people from {n} councils, not {wanted}: {reason} (rule: at least "
                                 "{wanted} councils).", present, wanted=wanted, reason=reason))
