"""How long does `rank` take on files, end to end (start, read, score, write)?

Writes PEOPLE.jsonl and CHALLENGES.jsonl from the same synthetic pool and challenges as
matching_scale.py (20,000 x 2,000 by default), then runs the matcher's command line on them
in a fresh process, as an operator would, and times it from start to exit. The target
(issue 16): at most 10 seconds for 20,000 people x 2,000 challenges.

    python benchmarks/rank_scale.py [--people 20000] [--challenges 2000] [--top 10] [--repeat 3]

`--top 0` prints every person for every challenge (40 million lines' worth at full size:
that is the output's size, not the matcher's speed, and is not what the target is about).
This runs `python -m bot.matching.rank`, the same code as `python -m bot rank`, without
loading the rest of Dozen.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_scale import synthetic  # noqa: E402

LEVELS = {"Expert": "expert", "Practitioner": "practitioner", "Working": "working", "Awareness": "awareness",
          None: None}


def write_files(folder: Path, people: int, challenges: int) -> tuple[Path, Path]:
    pool, needs = synthetic(people, challenges)
    people_file, challenges_file = folder / "people.jsonl", folder / "challenges.jsonl"
    with open(people_file, "w", encoding="utf-8") as f:
        for p in pool:
            f.write(json.dumps({"id": p.id, "skills": [{"name": n, "level": LEVELS[lv]} for n, lv in p.skills.items()],
                                "help_kinds": list(p.help_kinds), "bio": p.bio, "council": p.council}) + "\n")
    with open(challenges_file, "w", encoding="utf-8") as f:
        for n in needs:
            f.write(json.dumps({"id": n.id, "title": n.title, "problem": n.problem, "skills": list(n.skills),
                                "council": n.council}) + "\n")
    return people_file, challenges_file


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--challenges", type=int, default=2000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        people_file, challenges_file = write_files(Path(folder), args.people, args.challenges)
        command = [sys.executable, "-m", "bot.matching.rank", "--people", str(people_file),
                   "--challenges", str(challenges_file)] + (["--top", str(args.top)] if args.top else [])
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        lines = done.stdout.decode().splitlines()
        ranked = sum(len(json.loads(line)["ranked"]) for line in lines)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{args.people} people x {args.challenges} challenges, top {args.top or 'all'}: "
              f"{min(times):.2f} s end to end (fastest of {args.repeat}; all: {', '.join(f'{t:.2f}' for t in times)}), "
              f"peak {peak:.0f} MiB, {len(lines)} lines, {ranked} people ranked, "
              f"{len(done.stdout) / 2 ** 20:.1f} MiB written")


if __name__ == "__main__":
    main()
