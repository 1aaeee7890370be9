"""Many workspaces: where Dozen's installations are kept, and a Web API client for each.

slack_sdk's SQLAlchemy installation and OAuth state stores keep them in Dozen's own database
(the tables are made by Alembic, see migrations/versions/0011). Bolt reads the installation
for each incoming request and rotates its token when it is about to expire; `Clients` does the
same for Dozen's own sending (jobs, and messages to another workspace than the one asking)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from slack_sdk.web import SlackResponse
from sqlalchemy.engine import Engine

from bot.settings import Settings
from bot.slack.client import make_web_client

log = logging.getLogger(__name__)

# What Dozen asks for when a workspace installs it: app.yaml's bot scopes (a test keeps them equal).
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "reactions:read", "users:read", "im:write", "im:history",
              "mpim:write", "files:write")
STATE_SECONDS = 600  # an "Add to Slack" link is good for ten minutes, and once
ROTATE_MINUTES = 120  # rotate a token that expires within two hours
CACHE_SECONDS = 60.0


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)


class NotInstalled(WebClient):
    """The client of a workspace that has no installation of Dozen (uninstalled, or its tokens
    revoked): every call fails at once with `not_installed`, and nothing reaches Slack."""

    def __init__(self, team_id: str):
        super().__init__(token=None)
        self.team_id = team_id

    def api_call(self, api_method: str, **kwargs) -> SlackResponse:  # noqa: ARG002
        response = SlackResponse(client=self, http_verb="POST", api_url=api_method, req_args={},
                                 data={"ok": False, "error": "not_installed"}, headers={}, status_code=200)
        raise SlackApiError(f"Dozen is not installed in {self.team_id}", response)


class Clients:
    """A Web API client for each workspace: one client for all in single-workspace mode, else
    one per installation, its token rotated before use when it is about to expire."""

    def __init__(self, settings: Settings, default: WebClient, store: SQLAlchemyInstallationStore | None = None,
                 enterprise_of: Callable[[str], str | None] = lambda team_id: None):
        self._settings, self.default, self._store = settings, default, store
        self._enterprise_of = enterprise_of  # a workspace's Grid organisation, when Dozen knows it
        self._cache: dict[str, tuple[float, WebClient]] = {}
        self._lock = threading.Lock()
        self._rotator = (TokenRotator(client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
                                      client=default) if store is not None else None)

    @property
    def many(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> SQLAlchemyInstallationStore | None:
        return self._store

    def for_team(self, team_id: str | None, enterprise_id: str | None = None) -> WebClient:
        if self._store is None or team_id is None:
            return self.default
        with self._lock:
            cached = self._cache.get(team_id)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        client = self._client(team_id, enterprise_id)
        with self._lock:
            self._cache[team_id] = (time.monotonic(), client)
        return client

    def forget(self, team_id: str) -> None:
        """The workspace's installation changed (uninstalled, reinstalled): look it up again."""
        with self._lock:
            self._cache.pop(team_id, None)

    def installed(self, team_id: str) -> bool:
        return not isinstance(self.for_team(team_id), NotInstalled)

    def _client(self, team_id: str, enterprise_id: str | None) -> WebClient:
        enterprise_id = enterprise_id or self._enterprise_of(team_id)
        bot = self._store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id:  # an org-wide install covers every workspace of the org
            bot = self._store.find_bot(enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            return NotInstalled(team_id)
        if bot.bot_refresh_token:
            try:
                rotated = self._rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_MINUTES)
            except SlackApiError as error:
                log.warning("could not rotate the token of %s: %s", team_id, error.response.get("error"))
                rotated = None
            if rotated is not None:
                self._store.save_bot(rotated)
                bot = rotated
        return make_web_client(self._settings, token=bot.bot_token)
