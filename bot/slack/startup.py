"""Start-up checks of the Slack credentials: one call each, before serving or running a job,
so a wrong token is one plain line ("SLACK_BOT_TOKEN was refused…") instead of a traceback
from the first request.

`check_bot_token` asks `auth.test` (is it a bot token, does it carry the scopes Dozen uses),
`check_app_token` asks `apps.connections.open` (Socket Mode). Each raises `StartupProblem`
whose message is the line to show. With many workspaces (no SLACK_BOT_TOKEN, tokens come from
installations) there is no bot token to check: callers skip `check_bot_token`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

# What app.yaml asks for (tests/test_startup.py keeps the two in step).
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "reactions:read", "users:read", "im:write",
              "im:history", "mpim:write", "files:write")
APP_TOKEN_SCOPES = ("connections:write",)
TIMEOUT_SECONDS = 10
HEX_32 = re.compile(r"[0-9a-f]{32}")

WHERE_BOT_TOKEN = "the app's OAuth & Permissions page (Bot User OAuth Token, xoxb-…)"
WHERE_APP_TOKEN = "the app's Basic Information page (App-Level Tokens, xapp-…, with connections:write)"


class StartupProblem(Exception):
    """A credential Slack refused; the message is one line saying what to do."""


@dataclass(frozen=True)
class BotIdentity:
    team_id: str
    team: str
    user_id: str
    bot_id: str
    app_id: str | None


_QUIET = logging.getLogger(__name__ + ".web")  # the SDK's own error lines: the check says it in one
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


def _client(token: str, api_url: str) -> WebClient:
    # One call, no retries: a start-up check answers at once.
    return WebClient(token=token, base_url=api_url, timeout=TIMEOUT_SECONDS, retry_handlers=[], logger=_QUIET)


def check_bot_token(token: str, api_url: str) -> BotIdentity:
    """auth.test with SLACK_BOT_TOKEN: it must be a bot token that Slack accepts and that has
    the scopes Dozen uses (when Slack says which the token has)."""
    if token.startswith("xapp-"):
        raise StartupProblem("SLACK_BOT_TOKEN is an app-level token (xapp-…): put it in SLACK_APP_TOKEN, and "
                             f"set SLACK_BOT_TOKEN to the bot token from {WHERE_BOT_TOKEN}.")
    response = _call(_client(token, api_url), "auth.test", "SLACK_BOT_TOKEN", WHERE_BOT_TOKEN, api_url)
    if not response.get("bot_id"):
        kind = "a user token (xoxp-…)" if token.startswith("xoxp-") or response.get("user_id") else "not a bot token"
        raise StartupProblem(f"SLACK_BOT_TOKEN is {kind}, not the app's bot token: copy the bot token from "
                             f"{WHERE_BOT_TOKEN}.")
    granted = _header(response.headers, "x-oauth-scopes")
    if granted is not None:
        have = {scope.strip() for scope in granted.split(",") if scope.strip()}
        missing = [scope for scope in BOT_SCOPES if scope not in have]
        if missing:
            raise StartupProblem(_missing_scopes("SLACK_BOT_TOKEN", missing))
    return BotIdentity(team_id=response.get("team_id", ""), team=response.get("team", ""),
                       user_id=response.get("user_id", ""), bot_id=response["bot_id"], app_id=response.get("app_id"))


def check_app_token(token: str, api_url: str, bot: BotIdentity | None = None) -> None:
    """apps.connections.open with SLACK_APP_TOKEN (Socket Mode): Slack must accept it, and it
    must belong to the same app as the bot token (when both say which app they are)."""
    if not token.startswith("xapp-"):
        what = "a bot token (xoxb-…)" if token.startswith("xoxb-") else "not an app-level token"
        raise StartupProblem(f"SLACK_APP_TOKEN is {what}: create an app-level token on {WHERE_APP_TOKEN}.")
    app_id = _app_of(token)
    if bot is not None and bot.app_id and app_id and app_id != bot.app_id:
        raise StartupProblem(f"SLACK_APP_TOKEN belongs to app {app_id} but SLACK_BOT_TOKEN to app {bot.app_id}: "
                             "both must come from the same Slack app.")
    _call(_client(token, api_url), "apps.connections.open", "SLACK_APP_TOKEN", WHERE_APP_TOKEN, api_url)


def signing_secret_warning(secret: str) -> str | None:
    """A line to show when SLACK_SIGNING_SECRET does not look like one (32 hexadecimal
    characters): requests signed with the real secret would all be refused."""
    if not secret:
        return "SLACK_SIGNING_SECRET is empty: every request from Slack will be refused (401)."
    if HEX_32.fullmatch(secret):
        return None
    looks = ("looks like a token" if secret.startswith(("xox", "xapp-"))
             else "does not look like a signing secret (32 hexadecimal characters)")
    return (f"SLACK_SIGNING_SECRET {looks}: copy the Signing Secret from the app's Basic Information page, "
            "or requests from Slack will be refused (401).")


def _call(client: WebClient, method: str, setting: str, where: str, api_url: str):
    try:
        return client.api_call(method)
    except SlackApiError as error:
        raise StartupProblem(_refusal(error.response, method, setting, where)) from None
    except Exception as error:  # the network, a proxy, DNS, a timeout: one line, not a traceback
        reason = getattr(error, "reason", None) or error
        raise StartupProblem(f"Cannot reach Slack at {api_url} to check {setting} ({reason}): check the network "
                             "connection or proxy, or SLACK_API_URL.") from None


def _refusal(response, method: str, setting: str, where: str) -> str:
    data = response.data if isinstance(response.data, dict) else {}
    code = data.get("error") or f"HTTP {response.status_code}"
    if code in ("invalid_auth", "not_authed"):
        return f"{setting} was refused by Slack ({code}): copy it again from {where}."
    if code == "account_inactive":
        return (f"{setting} belongs to an app that was uninstalled or a user who was deactivated "
                f"(account_inactive): reinstall the app and copy the new token from {where}.")
    if code == "token_revoked":
        return f"{setting} has been revoked (token_revoked): reinstall the app and copy the new token from {where}."
    if code == "token_expired":
        return (f"{setting} has expired (token_expired): Dozen needs a token that does not expire; turn off token "
                f"rotation for the app, reinstall it, and copy the new token from {where}.")
    if code == "not_allowed_token_type":
        return f"{setting} is the wrong kind of token for {method} (not_allowed_token_type): use the one from {where}."
    if code == "no_permission":
        return (f"{setting} may not call {method} (no_permission): use the app's own token from {where}, "
                "and check the app is installed in the workspace.")
    if code == "missing_scope":
        needed = [s for s in re.split(r"[,\s]+", data.get("needed") or "") if s]
        return _missing_scopes(setting, needed or ["(Slack did not say)"], data.get("provided"))
    if code == "ratelimited" or response.status_code == 429:
        wait = _header(response.headers, "retry-after")
        return (f"Slack is rate-limiting {method} (ratelimited): start again "
                f"{f'in {wait} seconds' if wait else 'in a minute'}.")
    if response.status_code >= 500:
        return f"Slack answered {method} with an error ({code}): start again in a minute."
    return f"Slack refused {setting} ({code}); see {where}."


def _missing_scopes(setting: str, needed: list[str], provided: str | None = None) -> str:
    has = f" (it has {provided})" if provided else ""
    return (f"{setting} lacks the scope{'s' if len(needed) != 1 else ''} {', '.join(needed)}{has}: add "
            f"{'them' if len(needed) != 1 else 'it'} on the app's OAuth & Permissions page (or paste app.yaml into its "
            "App Manifest), reinstall the app, and copy the new token.")


def _header(headers, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value[0] if isinstance(value, list) else value
    return None


def _app_of(app_token: str) -> str | None:
    """The app ID inside an app-level token: xapp-1-A0123ABCD-…"""
    parts = app_token.split("-")
    return parts[2] if len(parts) > 3 and parts[2].startswith("A") else None
