"""The demo's transcript: what each person would see in Slack, printed with Rich.

A section per step under a rule; each thing seen as "Who · where" and then its text, Block
Kit flattened to readable lines: mrkdwn bold and italics kept, mentions and channels by
name, buttons in brackets ([Approve] [Decline]), forms as their fields. What people did is
shown as a line starting with »."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from rich.console import Console
from rich.emoji import Emoji
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from bot.demo.simulator import DELETED, EDIT, EPHEMERAL, FILE, FORM, FORM_UPDATE, MESSAGE, Seen

ACTION = "action"  # as bot.demo.driver records what someone did
LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
STYLE = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])"
                   r"|`([^`\n]+)`|(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])")
SKIN_TONE = re.compile(r"::skin-tone-\d:")


@dataclass
class Names:
    """How the transcript names people, channels and workspaces."""

    person: Callable[[str], str]
    channel: Callable[[str], str]
    workspace: Callable[[str | None], str]
    team_of: Callable[[str], str | None] = lambda user: None  # the workspace a person is in
    seen_in: str | None = None  # the workspace the text is read in

    def mention(self, user: str) -> str:
        """A mention as Slack shows it where it is read: a person of another workspace is
        nobody Slack knows there."""
        team = self.team_of(user)
        if self.seen_in and team and team != self.seen_in:
            return f"{user} (unknown in {self.workspace(self.seen_in)})"
        return self.person(user)


PLAIN = Names(person=lambda user: user, channel=lambda channel: channel, workspace=lambda team: team or "")


# -- mrkdwn -----------------------------------------------------------------------------------------
def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _emoji(text: str) -> str:
    """:tada: as 🎉 (Rich knows Slack's usual names)."""
    return Emoji.replace(SKIN_TONE.sub(":", text))


def _link(match: re.Match, names: Names) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):
        return "@" + (label or names.mention(target[1:]))
    if target.startswith("#"):
        return "#" + (label or names.channel(target[1:]).lstrip("#"))
    if target.startswith("!date"):
        return label or ""
    if target.startswith("!"):
        return "@" + (label or target[1:].split("^")[0])
    return label or target


def mrkdwn(text: str, names: Names = PLAIN) -> Text:
    """Slack mrkdwn as Rich text: *bold*, _italic_, `code`, ~struck~; mentions by name."""
    text = _emoji(LINK.sub(lambda m: _link(m, names), text or ""))
    out, at = Text(), 0
    for match in STYLE.finditer(text):
        out.append(_unescape(text[at:match.start()]))
        bold, italic, code, struck = match.groups()
        if bold is not None:
            out.append(_unescape(bold), "bold")
        elif italic is not None:
            out.append(_unescape(italic), "italic")
        elif code is not None:
            out.append(_unescape(code), "cyan")
        else:
            out.append(_unescape(struck), "strike")
        at = match.end()
    out.append(_unescape(text[at:]))
    return out


# -- Block Kit ---------------------------------------------------------------------------------------
def _plain(node: Any) -> str:
    if isinstance(node, dict):
        return str(node.get("text", ""))
    return "" if node is None else str(node)


def _text_object(node: Any, names: Names) -> Text:
    if isinstance(node, dict) and node.get("type") == "mrkdwn":
        return mrkdwn(node.get("text", ""), names)
    return Text(_emoji(_plain(node)))


def element(node: dict, names: Names) -> Text:
    """A button or another interactive element, as it reads: [Approve], [Choose a week ▾]."""
    kind = node.get("type", "")
    if kind == "button":
        return Text(f"[{_emoji(_plain(node.get('text')))}]", "bold green" if node.get("style") == "primary"
                    else "bold red" if node.get("style") == "danger" else "bold")
    if kind in ("checkboxes", "radio_buttons"):
        chosen = {o.get("value") for o in node.get("initial_options") or []}
        if node.get("initial_option"):
            chosen.add(node["initial_option"].get("value"))
        tick = ("☑", "☐") if kind == "checkboxes" else ("◉", "○")
        return _joined((Text(f"{tick[0] if o.get('value') in chosen else tick[1]} ").append_text(
            mrkdwn(_plain(o.get("text")), names)) for o in node.get("options") or []), "  ")
    if kind == "image":
        return Text(f"[image: {node.get('alt_text', '')}]", "dim")
    if kind in ("plain_text", "mrkdwn"):
        return _text_object(node, names)
    shown = (_plain((node.get("initial_option") or {}).get("text")) or node.get("initial_value")
             or node.get("initial_date") or _plain(node.get("placeholder")) or kind.replace("_", " "))
    return Text(f"[{shown} ▾]", "bold")


def _field(node: Any, names: Names) -> Text:
    """A section field as Slack shows it in its column: "*Week*\nw/c 14 Dec" reads "Week: w/c 14 Dec"."""
    label, _, value = _text_object(node, names).plain.partition("\n")
    shown = _text_object(node, names)
    if not value:
        return shown
    out = Text(label + ": ", "bold")
    out.append(value.replace("\n", " "))
    return out


def _joined(parts: Iterable[Text], separator: str = " ") -> Text:
    out = Text()
    for index, part in enumerate(parts):
        if index:
            out.append(separator)
        out.append_text(part)
    return out


def block_lines(blocks: list[dict], names: Names = PLAIN) -> list[Text]:
    """Block Kit flattened to lines a person reads."""
    lines: list[Text] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind == "header":
            lines.append(Text(_emoji(_plain(block.get("text"))), "bold underline"))
        elif kind == "section":
            if block.get("text"):
                lines.extend(_text_object(block["text"], names).split("\n"))
            fields = [_field(field, names) for field in block.get("fields") or []]
            for pair in range(0, len(fields), 2):
                lines.append(_joined(fields[pair:pair + 2], "   "))
            accessory = block.get("accessory")
            if accessory:
                shown = element(accessory, names)
                if lines and len(lines[-1]) + len(shown) < 70:
                    lines[-1] = _joined([lines[-1], shown])
                else:
                    lines.append(shown)
        elif kind == "context":
            lines.append(Text.assemble(_joined((element(e, names) for e in block.get("elements") or []), " · "),
                                       style="dim"))
        elif kind == "actions":
            lines.append(_joined(element(e, names) for e in block.get("elements") or []))
        elif kind == "input":
            label = _plain(block.get("label"))
            lines.append(Text.assemble((f"{label}: ", "italic"), element(block.get("element") or {}, names)))
        elif kind == "image":
            lines.append(Text(f"[image: {block.get('alt_text', '')}]", "dim"))
        elif kind == "rich_text":
            lines.append(Text(_rich_text(block)))
    return [line for line in lines if line.plain.strip() or not line.plain]


def _rich_text(node: Any) -> str:
    if isinstance(node, dict):
        if node.get("type") == "text":
            return node.get("text", "")
        return "".join(_rich_text(e) for e in node.get("elements") or [])
    if isinstance(node, list):
        return "".join(_rich_text(e) for e in node)
    return ""


def message_lines(text: str, blocks: list[dict], names: Names = PLAIN) -> list[Text]:
    """What a message shows: its blocks, or its text when it has none."""
    if blocks:
        return block_lines(blocks, names)
    return mrkdwn(text, names).split("\n")


FORM_FIELDS_SHOWN = 8


def _form_lines(seen: Seen, names: Names) -> list[Text]:
    """A form: what it says (not its small print), and its first fields in one line."""
    lines: list[Text] = []
    fields: list[str] = []
    for block in seen.blocks:
        if block.get("type") == "input":
            fields.append(_plain(block.get("label")))
        elif block.get("type") != "context":
            lines.extend(block_lines([block], names))
    if fields:
        more = len(fields) - FORM_FIELDS_SHOWN
        lines.append(Text("Fields: " + " · ".join(fields[:FORM_FIELDS_SHOWN])
                          + (f" and {more} more" if more > 0 else ""), "italic"))
    return lines


# -- a step's record -----------------------------------------------------------------------------------
def collapse(entries: list[Seen]) -> list[Seen]:
    """One step's record made short: a message posted and redrawn in the step is shown once, as
    it ended; several redraws of an older message become one (first before, last after);
    deletions of what was posted in the step cancel it; the same post in several workspaces'
    channels is shown once (see `where`)."""
    out: list[Seen] = []
    posted: dict[tuple, int] = {}
    edited: dict[tuple, int] = {}
    acted = -1  # where someone last did something: a redraw after it is shown as one
    for seen in entries:
        key = (seen.channel, seen.ts)
        if seen.kind == ACTION:
            acted = len(out)
            out.append(seen)
        elif seen.kind == MESSAGE:
            posted[key] = len(out)
            out.append(seen)
        elif seen.kind == EDIT and posted.get(key, -1) > acted:
            out[posted[key]] = replace(out[posted[key]], text=seen.text, blocks=seen.blocks)
        elif seen.kind == EDIT and key in edited:
            first = out[edited[key]]
            out[edited[key]] = None  # shown where the last redraw happened
            edited[key] = len(out)
            out.append(replace(seen, before=first.before, before_text=first.before_text))
        elif seen.kind == EDIT:
            edited[key] = len(out)
            out.append(seen)
        elif seen.kind == DELETED and posted.get(key, -1) > acted:
            out[posted[key]] = None
        else:
            out.append(seen)
    return [seen for seen in out if seen is not None]


@dataclass
class Shown:
    """One entry of the transcript: a heading (who · where) and its lines."""

    heading: Text
    lines: list[Text]
    action: bool = False


def render_entries(entries: list[Seen], names: Names) -> list[Shown]:
    shown: list[Shown] = []
    merged: dict[tuple, Shown] = {}
    forms: set[str] = set()
    for seen in collapse(entries):
        item = _entry(seen, names)
        if item is None:
            continue
        if seen.kind == FORM:
            body = "\n".join(line.plain for line in item.lines)
            if body in forms:  # a form shown to someone else in this step already
                item.lines = item.lines[:1] + [Text("(the same form as above)", "dim")]
            forms.add(body)
        if seen.kind in (MESSAGE, EDIT) and seen.user is None and not seen.channel.startswith(("D", "G")):
            key = (seen.kind, names.channel(seen.channel), "\n".join(line.plain for line in item.lines),
                   seen.thread_ts is None)
            if key in merged:  # the same post in another workspace's channel
                merged[key].heading.append(f", {names.workspace(seen.team)}", "bold")
                continue
            merged[key] = item
        shown.append(item)
    return shown


def _who_where(seen: Seen, names: Names) -> Text:
    workspace = names.workspace(seen.team)
    if seen.kind == ACTION:
        where = f" in {names.channel(seen.channel)}" if seen.channel and not seen.channel.startswith("D") else ""
        return Text.assemble(("» ", "dim"), (names.person(seen.user), "bold"), (f" ({workspace}){where}", "dim"))
    if seen.kind in (FORM, FORM_UPDATE):
        return Text.assemble((names.person(seen.user or ""), "bold cyan"), (" · form in ", "dim"),
                             (workspace, "bold"))
    if seen.kind == EPHEMERAL:
        where = names.channel(seen.channel) if seen.channel else "Slack"
        return Text.assemble((names.person(seen.user or ""), "bold cyan"), (f" · {where}, only they see this · ", "dim"),
                             (workspace, "bold"))
    channel = seen.channel or ""
    if channel.startswith("D"):
        who, where = names.person(channel[1:]), "DM from Dozen"
    elif channel.startswith("G"):
        who, where = ", ".join(names.person(u) for u in channel[1:].split("-")), "group DM"
    else:
        who, where = f"Everyone in {names.channel(channel)}", ""
    if seen.thread_ts:
        where = (where + ", " if where else "") + "in a thread"
    if seen.kind == EDIT:
        where = (where + ", " if where else "") + "redrawn"
    if seen.kind == DELETED:
        where = (where + ", " if where else "") + "removed"
    if seen.kind == FILE:
        where = (where + ", " if where else "") + "a file"
    return Text.assemble((who, "bold cyan"), (f" · {where} · " if where else " · ", "dim"), (workspace, "bold"))


def _entry(seen: Seen, names: Names) -> Shown | None:
    heading = _who_where(seen, names)
    names = replace(names, seen_in=seen.team)
    if seen.kind == ACTION:
        heading.append(": ", "dim")
        heading.append_text(mrkdwn(seen.text, names))
        return Shown(heading, [], action=True)
    if seen.kind in (FORM, FORM_UPDATE):
        title = Text(f"“{seen.title}”", "bold")
        return Shown(heading, [title, *_form_lines(seen, names)])
    if seen.kind == EDIT:
        before = {line.plain for line in message_lines(seen.before_text, seen.before, names)}
        changed = [line for line in message_lines(seen.text, seen.blocks, names) if line.plain not in before]
        if not changed:
            return None
        return Shown(heading, changed[:4] + ([Text("…", "dim")] if len(changed) > 4 else []))
    if seen.kind == DELETED:
        return Shown(heading, [Text("(a message Dozen had posted was removed)", "dim")])
    if seen.kind == FILE:
        return Shown(heading, [Text(f"📎 {seen.title}", "bold"), *mrkdwn(seen.text, names).split("\n")])
    return Shown(heading, message_lines(seen.text, seen.blocks, names))


# -- printing --------------------------------------------------------------------------------------
class Transcript:
    """Prints the steps of the demo as they are played."""

    def __init__(self, console: Console, names: Names):
        self.console = console
        self.names = names
        self.steps: list[str] = []

    def step(self, title: str, entries: list[Seen], note: str = "") -> None:
        self.steps.append(title)
        self.console.print()
        self.console.print(Rule(Text(f"{len(self.steps)}. {title}", "bold magenta"), align="left"))
        if note:
            self.console.print(Text(note, "italic dim"))
        for item in render_entries(entries, self.names):
            if item.action:
                self.console.print(item.heading)
                continue
            self.console.print(item.heading)
            for line in item.lines:
                self.console.print(Padding(line, (0, 0, 0, 2), expand=False))
