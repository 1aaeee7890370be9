"""The one dependency object for listeners, publishers, jobs and the web.

Listeners find it in Bolt's `context` (a middleware puts it there, see `app.py`); jobs get it
from the runner. It carries what every door needs: settings, the database, the clock, the
Slack client, who organises, today's date, and the coalesced redraws."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from slack_sdk import WebClient

from bot.clock import Clock, local_today
from bot.services import post_redraws
from bot.settings import Settings
from bot.slack.installations import Clients
from bot.locale import ENGLISH, Lang, from_slack_locale, lang
from bot.services import languages
from bot.slack.people import is_workspace_admin, slack_locale
from bot.storage.db import Database

T = TypeVar("T")
ORGANISER_CACHE_SECONDS = 300
LANGUAGE_CACHE_SECONDS = 600
BOLT_KEY = "dozen"


@dataclass(frozen=True)
class HomeTab:
    """Someone's Home tab, republished through the same coalescing as voted-on posts."""

    team_id: str
    user_id: str
    kind: str = "home"


class Languages:
    """Who speaks what, asked of Slack (a person's locale) at most every ten minutes."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def slack_choice(self, client: WebClient, team_id: str, user_id: str) -> str | None:
        key = (team_id, user_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < LANGUAGE_CACHE_SECONDS:
            return cached[1]
        code = from_slack_locale(slack_locale(client, user_id))
        with self._lock:
            self._cache[key] = (time.monotonic(), code)
        return code


class Organisers:
    """Organisers are workspace admins and owners, and anyone in DOZEN_ADMINS. Slack is asked
    at most every five minutes per person."""

    def __init__(self, admins: frozenset[str]):
        self._admins = admins
        self._cache: dict[tuple[str, str], tuple[float, bool]] = {}
        self._lock = threading.Lock()

    def check(self, client: WebClient, team_id: str, user_id: str) -> bool:
        if user_id in self._admins:
            return True
        key = (team_id, user_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < ORGANISER_CACHE_SECONDS:
            return cached[1]
        answer = is_workspace_admin(client, user_id)
        if answer is not None:
            with self._lock:
                self._cache[key] = (time.monotonic(), answer)
        return bool(answer)


@dataclass
class Context:
    settings: Settings
    db: Database
    clock: Clock
    client: WebClient  # the workspace this context acts in (a request's, or for_team's)
    organisers: Organisers
    clients: Clients | None = None
    languages: Languages = field(default_factory=Languages)  # every workspace's client (many workspaces); None: `client` for all
    request_redraw: Callable[[Hashable], None] = field(default=lambda key: None)
    forced: bool = False  # a job run by a person (CLI, /dozen digest now): now, not only when due
    pause: Callable[[float], None] = time.sleep  # between posts to one channel

    @classmethod
    def build(cls, settings: Settings, *, db: Database, clock: Clock, client: WebClient, **kwargs: Any) -> Context:
        return cls(settings=settings, db=db, clock=clock, client=client, organisers=Organisers(settings.admins),
                   **kwargs)

    def for_team(self, team_id: str | None) -> Context:
        """This context, speaking to Slack in `team_id` (with its installation's token). With one
        workspace that is this context itself."""
        if self.clients is None or not self.clients.many or team_id is None:
            return self
        client = self.clients.for_team(team_id)
        return self if client is self.client else replace(self, client=client)

    def installed(self, team_id: str) -> bool:
        """Whether Dozen can speak in that workspace (it was not uninstalled)."""
        return self.clients is None or not self.clients.many or self.clients.installed(team_id)

    def today(self) -> date:
        """Today's date where people are (DOZEN_TZ)."""
        return local_today(self.clock, self.settings.tz)

    def is_organiser(self, team_id: str, user_id: str) -> bool:
        """A workspace admin or owner there (Slack says), or in DOZEN_ADMINS."""
        return self.organisers.check(self.for_team(team_id).client, team_id, user_id)

    # -- languages -------------------------------------------------------------------------------
    def lang(self, team_id: str | None, user_id: str | None) -> Lang:
        """The language to speak to someone in: their own choice (`/dozen language`), else their
        Slack locale, else their workspace's language."""
        if not team_id or not user_id:
            return ENGLISH
        code = self.read(languages.chosen, team_id, user_id)
        if code is None:
            code = self.languages.slack_choice(self.for_team(team_id).client, team_id, user_id)
        return lang(code or self.read(languages.workspace, team_id)[0])

    def team_lang(self, team_id: str) -> Lang:
        """The language of a workspace's channel posts."""
        return lang(self.read(languages.workspace, team_id)[0])

    def for_job(self, *, forced: bool = False) -> Context:
        return replace(self, forced=forced)

    # -- storage, through services -------------------------------------------------------------
    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service query (its first argument is the session) in a read-only session."""
        with self.db.reading() as session:
            return query(session, *args, **kwargs)

    def write(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service change in one transaction: committed when it returns. For what a
        person is waiting on (a listener's change, before Slack is answered)."""
        with self.db.session() as session:
            return change(session, *args, **kwargs)

    def write_together(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like `write`, for a small change many people make at once (a vote): on SQLite it is
        committed in one group with the others waiting at that moment (`storage.db.GroupCommit`)."""
        return self.db.write_together(change, *args, **kwargs)

    def record(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like `write`, for bookkeeping nobody is waiting on (where a message went, redraws,
        jobs): on SQLite it lets waiting listeners' changes go first."""
        with self.db.session(urgent=False) as session:
            return change(session, *args, **kwargs)

    # -- coalesced redraws -----------------------------------------------------------------------
    def redraw(self, target: Any, *, marked: bool = False) -> None:
        """Redraw a post (a VoteTarget) soon, after a change it shows was committed. `marked`:
        the change's own transaction already noted it (`post_redraws.changed`), as votes do."""
        if not marked:
            self.record(post_redraws.changed, target.team_id, target.kind, target.target_id)
        self.request_redraw(target)

    def refresh_home(self, team_id: str, user_id: str) -> None:
        """Republish someone's Home tab soon; a burst of changes ends in one publish."""
        self.request_redraw(HomeTab(team_id, user_id))


def of(bolt_context: Any) -> Context:
    """Dozen's context from a listener's Bolt `context`."""
    return bolt_context[BOLT_KEY]
