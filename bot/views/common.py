"""Small Block Kit helpers shared by every view. Views are pure: domain objects in,
JSON-ready dicts out (built with slack_sdk's Block Kit models, which check lengths)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ContextBlock,
    DividerBlock,
    ExternalDataMultiSelectElement,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextObject,
    SectionBlock,
)

from bot.locale import ENGLISH, Lang
from bot.reference import councils, skills
from bot.storage.models import FORMER_MEMBER

OPTION_TEXT_MAX = 75


def escape(text: str | None) -> str:
    """Make text people typed safe for mrkdwn: no pings, no forged mentions or links."""
    if text is None:
        return ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


USER_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]{2,})&gt;")


def escape_but_mentions(text: str | None) -> str:
    """`escape`, keeping the user mentions Dozen itself wrote (`<@U123>` in a reason it stored):
    nothing else gets through, so no channel pings or links."""
    return USER_MENTION.sub(r"<@\1>", escape(text))


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=True)


def md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def header(text: str) -> dict:
    return HeaderBlock(text=plain(truncate(text, 150))).to_dict()


def section(text: str, **kwargs: Any) -> dict:
    return SectionBlock(text=md(truncate(text, 3000)), **kwargs).to_dict()


def context(*texts: str) -> dict:
    return ContextBlock(elements=[md(truncate(t, 3000)) for t in texts]).to_dict()


def blocks_of(*blocks: Any) -> list[dict]:
    return [b if isinstance(b, dict) else b.to_dict() for b in blocks if b is not None]


BLOCKS_MAX = 50  # Slack's limit for one message


def one_after_another(rendered: Sequence[tuple[str, list[dict]]]) -> tuple[str, list[dict]]:
    """One message said in several languages (Welsh first, then English): the first's blocks,
    then a divider and each next one's, leaving out blocks shown word for word already (what
    people typed reads the same in both), block IDs kept unique. The fallback text is each
    language's, "cy / en". Slack takes at most 50 blocks: what doesn't fit of the later
    languages is left out."""
    if len(rendered) == 1:
        return rendered[0]
    texts: list[str] = []
    blocks: list[dict] = []
    for index, (text, drawn) in enumerate(rendered):
        if text not in texts:
            texts.append(text)
        if index:
            drawn = [_suffixed(b, index) for b in drawn if b not in blocks]
            if drawn:
                drawn = [DividerBlock().to_dict(), *drawn]
        blocks.extend(drawn)
    return " / ".join(texts), blocks[:BLOCKS_MAX]


def _suffixed(block: dict, index: int) -> dict:
    return dict(block, block_id=f"{block['block_id']}-{index}") if block.get("block_id") else block


def option(text: str, value: str) -> Option:
    return Option(text=plain(truncate(text, OPTION_TEXT_MAX)), value=value)


def grouped_options(items: Iterable[tuple[str, str, str]]) -> list[OptionGroup]:
    """(group, text, value) triples -> option groups, groups in first-seen order."""
    groups: dict[str, list[Option]] = {}
    for group, text, value in items:
        groups.setdefault(group, []).append(option(text, value))
    return [OptionGroup(label=truncate(g, OPTION_TEXT_MAX), options=opts) for g, opts in groups.items()]


SKILL_SEARCH = "skill_search"  # the action_id of every skill picker: block_suggestion routes on it
SUGGESTIONS_MAX = 100


def skill_picker(initial: list[str] | None = None, *, t: Lang = ENGLISH) -> ExternalDataMultiSelectElement:
    """A multi-select over the 188 DDaT skills that searches as people type (names first,
    then descriptions: typing "interviews" finds "User research methods"). Skill names stay
    as the framework names them, in every language."""
    known = skills()
    chosen = [option(name, name) for name in (initial or []) if name in known]
    return ExternalDataMultiSelectElement(action_id=SKILL_SEARCH, placeholder=plain(t._("Type to find skills")),
                                          min_query_length=0, initial_options=chosen or None)


def skill_suggestions(query: str) -> list[Option]:
    """Skills matching what someone typed, best first, at most 100 (Slack's limit)."""
    words = query.lower().split()
    if not words:
        return [option(name, name) for name in list(skills())[:SUGGESTIONS_MAX]]
    in_name, in_description = [], []
    for name, skill in skills().items():
        lowered = name.lower()
        if all(w in lowered for w in words):
            in_name.append(name)
        elif all(w in skill.description.lower() for w in words):
            in_description.append(name)
    return [option(name, name) for name in (in_name + in_description)[:SUGGESTIONS_MAX]]


class _Serialised(OptionGroup):
    """An option group turned into JSON once. The ~400 councils are the same in every form,
    and checking and serialising them again each time cost more than everything else a form
    does (15 ms of CPU per form)."""

    def __init__(self, group: OptionGroup):
        super().__init__(label=group.label, options=group.options)
        self._as_dict = group.to_dict()

    def to_dict(self, *args: Any) -> dict:  # noqa: ARG002
        return self._as_dict  # read only: nobody changes a view after building it


@lru_cache(maxsize=1)
def _council_groups() -> tuple[_Serialised, ...]:
    by_region = sorted(councils().values(), key=lambda c: (c.region, c.name.lower()))
    return tuple(_Serialised(g) for g in grouped_options((c.region, c.name, c.code) for c in by_region))


def council_option_groups() -> list[OptionGroup]:
    """The current UK councils grouped by region (mySociety data, CC BY 4.0)."""
    return list(_council_groups())


def council_option(code: str) -> Option | None:
    council = councils().get(code)
    return option(council.name, council.code) if council else None


def metadata(**values: Any) -> str:
    return json.dumps({k: v for k, v in values.items() if v is not None}, separators=(",", ":"))


def read_metadata(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def mention(user_id: str | None, *, t: Lang = ENGLISH) -> str:
    if not user_id or user_id == FORMER_MEMBER:
        # Translators: stands for someone who asked Dozen to forget them, e.g. "nominated by a former member".
        return t._("a former member")
    return f"<@{user_id}>"


class Names:
    """Who someone is, to the person reading: a mention, unless they are from another
    workspace of the network (then their name and workspace, escaped). `t`: the reader's
    language (for "a former member"), given here or at each call."""

    def __init__(self, labels: dict[str, str] | None = None, *, t: Lang = ENGLISH):
        self._labels = labels or {}
        self._t = t

    def __call__(self, user_id: str | None, *, t: Lang | None = None) -> str:
        label = self._labels.get(user_id or "")
        return escape(label) if label else mention(user_id, t=t or self._t)


SAME_WORKSPACE = Names()  # everyone in one workspace: mentions


def hours(value: float, *, t: Lang = ENGLISH) -> str:
    """7.5 -> '7.5h', 4.0 -> '4h' ("7,5 h" in Swedish)."""
    return t.hours(value)


def said_in(view: Any, *args: Any, t: Lang, **kwargs: Any) -> Any:
    """`view(*args, t=t, **kwargs)`, or without `t` while that view does not take one yet (views
    of other features move into the catalogue one by one)."""
    import inspect

    if "t" in inspect.signature(view).parameters:
        return view(*args, t=t, **kwargs)
    return view(*args, **kwargs)
