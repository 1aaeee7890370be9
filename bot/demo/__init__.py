"""`python -m bot demo`: the real Dozen against a Slack Web API simulator, playing a council week.

No tokens and no network: the simulator (`simulator`) stands in for Slack's Web API on
loopback, three councils' workspaces install Dozen through the real OAuth flow, and the
scripted week (`script`) sends Dozen's own HTTP server the requests Slack would send. What
each person would see is printed as a transcript (`transcript`); then the public board is
served until Ctrl-C (`--once`: exit instead)."""

from __future__ import annotations

import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.demo import people
from bot.demo.driver import DemoError, Driver
from bot.demo.script import Week, at, demo_week
from bot.demo.simulator import Simulator
from bot.demo.stage import SIGNING_SECRET, DemoClock, Stage, quiet_logs
from bot.demo.transcript import Names, Transcript


def _simulator() -> Simulator:
    simulator = Simulator()
    for council in people.COUNCILS:
        simulator.add_workspace(council.team, council.name, council.token)
    for person in people.EVERYONE:
        simulator.add_user(person.user_id, person.name, person.team, admin=person in people.ADMINS)
    for channel, (team, name) in people.channels().items():
        simulator.add_channel(channel, name, team)
    return simulator.start()


def _names(simulator: Simulator) -> Names:
    return Names(person=simulator.name_of, channel=simulator.channel_name,
                 workspace=lambda team: people.council_of(team).short if team in simulator.workspaces else "Slack",
                 team_of=lambda user: simulator.users.get(user, {}).get("team_id"))


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except OSError:  # urllib's HTTPError and URLError among them
        return False


def run(once: bool, port: int | None) -> int:
    console = Console(highlight=False, soft_wrap=False)
    quiet_logs()
    started = time.monotonic()
    monday = demo_week(date.today())
    simulator = _simulator()
    with tempfile.TemporaryDirectory(prefix="dozen-demo-") as folder:
        try:
            with console.status("[bold]Starting Dozen[/bold] (a fresh SQLite database, the Slack simulator)…"):
                stage = Stage(slack_url=simulator.url, folder=Path(folder), clock=DemoClock(at(monday, 8, 0)),
                              port=port)
        except OSError as error:
            console.print(Text(f"dozen demo: cannot listen on 127.0.0.1:{port}: {error.strerror or error}", "bold red"))
            simulator.stop()
            return 2
        try:
            console.print(Text.assemble(
                ("Dozen demo", "bold magenta"),
                f": the real Dozen at {stage.url} against a simulated Slack at {simulator.base}, "
                "three councils' workspaces, a fresh SQLite database, no tokens. A council week, as each "
                "person would see it in Slack (» is what someone did; [buttons] in brackets)."))
            week = Week(simulator, stage, Driver(stage.url, SIGNING_SECRET, simulator),
                        Transcript(console, _names(simulator)), console, monday)
            try:
                week.play()
            except DemoError as error:
                console.print(Text(f"dozen demo: the week did not go as scripted: {error}", "bold red"))
                return 1
            if simulator.unknown:
                console.print(Text(f"(Dozen called Web API methods the simulator does not know: "
                                   f"{', '.join(sorted(set(simulator.unknown)))})", "dim"))
            board = f"{stage.url}/board"
            shown = _answers(board)
            console.print()
            console.rule(Text("The week is over", "bold magenta"), align="left")
            console.print(Text.assemble(("The public board: ", "bold"), (board, "bold underline"),
                                        "" if shown else " (it did not answer)"))
            console.print(Text(f"Played in {time.monotonic() - started:.0f} s.", "dim"))
            if once:
                return 0 if shown else 1
            console.print(Text("Serving the public board until Ctrl-C.", "dim"))
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                console.print(Text("Stopped.", "dim"))
            return 0
        finally:
            stage.stop()
            simulator.stop()


def main(once: bool = False, port: int | None = None) -> int:
    try:
        return run(once, port)
    except KeyboardInterrupt:  # Ctrl-C while the week was still playing
        print("Stopped.", file=sys.stderr)
        return 0
