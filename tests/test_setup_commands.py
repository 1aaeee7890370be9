"""The README's two set-up commands: the first makes a virtual environment, installs and runs
the demo; the second runs the tests, and `.ci/run` runs exactly that one."""

from __future__ import annotations

import re
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def setup_commands() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Set up a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_readme_sets_up_in_a_virtual_environment():
    demo, tests = setup_commands()
    assert demo == "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && python -m bot demo"
    assert tests == "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && python -m pytest"


def test_ci_runs_exactly_the_readmes_test_command():
    script = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert script[-1] == setup_commands()[1]

