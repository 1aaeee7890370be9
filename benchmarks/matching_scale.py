"""How long does the whole digest's matching take, and how much memory, at scale?

Synthetic pool members and challenges generated from the DDaT skills (names, descriptions,
levels), scored and planned by bot/matching exactly as the weekly digest does. Each size runs
in its own process so its peak memory (max RSS) is its own; within it the plan is made
`--repeat` times and the fastest is reported (wall clock, and the process's CPU time, which
other work on the machine disturbs less).

    python benchmarks/matching_scale.py [--challenges 2000] [--people 5000 10000 20000] [--repeat 3]

The target (issue 16): 20,000 people x 2,000 challenges in at most 2 s and 512 MiB on the
2-core development machine, growing no worse than linearly in people. The matcher before
issue 16, measured on the same machine with this script: 5,000 people 1.98 s / 185 MiB;
10,000 people 3.34 s / 244 MiB; 20,000 people 5.71-6.05 s / 364 MiB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.matching.engine import Candidate, Matcher, Need, SkillInfo  # noqa: E402
from bot.matching.vocabulary import HELP_KIND_SKILLS  # noqa: E402
from bot.reference import SKILL_LEVELS, councils, skills  # noqa: E402


def synthetic(people: int, challenges: int, seed: int = 7) -> tuple[list[Candidate], list[Need]]:
    rng = random.Random(seed)
    all_skills = list(skills().values())
    codes = list(councils())
    kinds = list(HELP_KIND_SKILLS)
    pool = []
    for i in range(people):
        chosen = rng.sample(all_skills, rng.randint(3, 8))
        bio = " ".join(s.description.split(".")[0] for s in rng.sample(chosen, 2))
        past = tuple((f"C-{rng.randint(1, 500)}", rng.choice(all_skills).description)
                     for _ in range(rng.choice((0, 0, 0, 1, 2))))
        pool.append(Candidate(
            id=f"U{i:06d}", council=rng.choice(codes),
            skills={s.name: rng.choice((*SKILL_LEVELS, None)) for s in chosen},
            help_kinds=tuple(rng.sample(kinds, rng.randint(1, 3))), bio=bio, past_work=past,
            free_hours=rng.choice((0.0, 2.0, 4.0, 7.5, 15.0)), votes=rng.randint(0, 20)))
    needs = []
    for j in range(challenges):
        wanted = rng.sample(all_skills, rng.randint(2, 4))
        needs.append(Need(
            id=j + 1, council=rng.choice(codes), title=f"Improve {wanted[0].name.lower()}",
            problem=" ".join(s.description for s in wanted),
            skills=tuple(s.name for s in wanted[: rng.randint(0, 3)]), hours_per_week=rng.choice((2, 4, 7.5))))
    return pool, needs


def measure(people: int, challenges: int, repeat: int = 1) -> dict:
    pool, needs = synthetic(people, challenges)
    infos = [SkillInfo(s.name, s.description, tuple(s.levels.values()), s.roles) for s in skills().values()]
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        plan = Matcher(infos).plan(pool, needs)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    proposed = sum(len(p) for p in plan.proposals.values())
    return {"people": people, "challenges": challenges, "seconds": round(min(walls), 2), "cpu": round(min(cpus), 2),
            "first": round(walls[0], 2),
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "proposals": proposed, "nobody": sum(1 for p in plan.proposals.values() if not p),
            "lacking": len(plan.lacking)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--challenges", type=int, default=2000)
    parser.add_argument("--people", type=int, nargs="+", default=[5000, 10000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.people[0], args.challenges, args.repeat)))
        return
    print(f"{'people':>7} {'challenges':>10} {'seconds':>8} {'cpu s':>6} {'first s':>8} {'peak MiB':>9} "
          f"{'proposals':>9} {'nobody':>7} {'lacking':>8}")
    for people in args.people:
        out = subprocess.run([sys.executable, __file__, "--one", "--people", str(people), "--challenges",
                              str(args.challenges), "--repeat", str(args.repeat)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        print(f"{r['people']:>7} {r['challenges']:>10} {r['seconds']:>8} {r['cpu']:>6} {r['first']:>8} {r['peak_mib']:>9} "
              f"{r['proposals']:>9} {r['nobody']:>7} {r['lacking']:>8}")
    print(f"seconds: Matcher(skills) + plan(people, challenges), fastest of {args.repeat}, after the synthetic data "
          "is built; cpu s: its CPU time; first s: the first run's seconds (nothing warm); peak MiB: the process's max RSS, including Python and the libraries; "
          "nobody: challenges with nobody proposed; lacking: challenges asking for a skill nobody free offers")
    print("before issue 16 (same machine): 5,000: 1.98 s / 185 MiB; 10,000: 3.34 s / 244 MiB; "
          "20,000: 5.71-6.05 s / 364 MiB")


if __name__ == "__main__":
    main()
