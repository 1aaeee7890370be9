"""`/dozen`: help, and the organisers' tools."""

from __future__ import annotations

from slack_bolt import App

from bot.commands.support import Deps, usage_reply
from bot.views.common import escape
from bot.views.help import DOZEN_HELP


def register(app: App, deps: Deps) -> None:
    @app.command("/dozen")
    def dozen_command(ack, command):
        text = " ".join((command.get("text") or "").split())
        verb = text.lower()
        if verb in ("", "help"):
            usage_reply(ack, DOZEN_HELP)
        else:
            usage_reply(ack, f"Sorry, I don't know `/dozen {escape(text)}`.\n\n{DOZEN_HELP}")
