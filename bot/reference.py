"""Reference data shipped in `bot/data/` (see its ATTRIBUTION.md): the DDaT skills
framework and the UK councils list. Loaded once, read-only."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SKILL_LEVELS = ("Awareness", "Working", "Practitioner", "Expert")


@dataclass(frozen=True)
class Skill:
    name: str
    description: str
    family: str  # the DDaT role family whose roles use it most
    levels: dict[str, str]
    roles: tuple[str, ...] = ()  # the DDaT roles that require it


@dataclass(frozen=True)
class Council:
    code: str
    name: str
    official_name: str
    region: str
    nation: str


@lru_cache(maxsize=1)
def skills() -> dict[str, Skill]:
    """DDaT skills by name, in alphabetical order."""
    families: dict[str, Counter] = defaultdict(Counter)
    with open(DATA / "ddat" / "roles.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            families[row["Skill Name"].strip()][row["Role Family"].strip()] += 1
    result = {}
    with open(DATA / "ddat" / "skills.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Skill Name"].strip()
            family = families[name].most_common(1)[0][0] if families[name] else "Other"
            description = row["Skill Description"].strip()
            result[name] = Skill(
                name=name,
                description="" if description == "MISSING" else description,
                family=family,
                levels={level: row[level].strip() for level in SKILL_LEVELS},
                roles=tuple(r.strip() for r in re.split(r"[\n,;]+", row["Roles that require Skill"]) if r.strip()),
            )
    return dict(sorted(result.items(), key=lambda item: item[0].lower()))


@lru_cache(maxsize=1)
def councils() -> dict[str, Council]:
    """Current UK local authorities by code, in name order."""
    result = {}
    with open(DATA / "councils" / "uk_local_authorities_future.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["current-authority"] != "True":
                continue
            result[row["local-authority-code"]] = Council(
                code=row["local-authority-code"],
                name=row["nice-name"],
                official_name=row["official-name"],
                region=row["region"],
                nation=row["nation"],
            )
    return dict(sorted(result.items(), key=lambda item: item[1].name.lower()))


def council_name(code: str | None) -> str:
    if not code:
        return "no council given"
    council = councils().get(code)
    return council.name if council else code
