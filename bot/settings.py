"""Typed settings, read once from the environment or a `.env` file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///dozen.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(Exception):
    """A setting is missing or malformed; the message says what to set."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    admins: frozenset[str] = field(default_factory=frozenset)
    tz_name: str = "Europe/London"
    host: str = "127.0.0.1"
    port: int = 3000
    log_level: str = "INFO"  # Dozen's own loggers; libraries log warnings and errors only (all of it at DEBUG)
    slack_client_id: str = ""  # many workspaces: Dozen is installed with OAuth into each
    slack_client_secret: str = ""
    public_url: str = ""  # where Slack sends people back after installing (DOZEN_PUBLIC_URL)

    @property
    def many_workspaces(self) -> bool:
        """Installed into many workspaces with OAuth (a client ID and no single bot token)."""
        return bool(self.slack_client_id) and not self.slack_bot_token

    @property
    def redirect_url(self) -> str:
        return self.public_url.rstrip("/") + "/slack/oauth_redirect"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def require_slack(self) -> None:
        """Raise naming every Slack credential that serving or posting needs but is unset:
        a bot token for one workspace, or the app's OAuth credentials for many."""
        needed = ((("SLACK_CLIENT_ID", self.slack_client_id), ("SLACK_CLIENT_SECRET", self.slack_client_secret),
                   ("DOZEN_PUBLIC_URL", self.public_url)) if self.many_workspaces
                  else (("SLACK_BOT_TOKEN", self.slack_bot_token),))
        missing = [name for name, value in (*needed, ("SLACK_SIGNING_SECRET", self.slack_signing_secret))
                   if not value]
        if missing:
            raise SettingsError(
                f"Set {' and '.join(missing)} (in the environment or a .env file); see .env.example."
            )


def _api_url(value: str) -> str:
    # WebClient joins method names onto the base URL, so it must end with a slash.
    return value if value.endswith("/") else value + "/"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from `env` (default: os.environ after loading `.env`)."""
    if env is None:
        load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
        env = dict(os.environ)

    port_text = env.get("PORT", "3000").strip() or "3000"
    try:
        port = int(port_text)
    except ValueError:
        raise SettingsError(f"PORT must be a whole number, not {port_text!r}.") from None
    if not 0 < port < 65536:
        raise SettingsError(f"PORT must be between 1 and 65535, not {port}.")

    tz_name = env.get("DOZEN_TZ", "").strip() or "Europe/London"
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"DOZEN_TZ must be an IANA time zone such as Europe/London, not {tz_name!r}.") from None

    log_level = env.get("DOZEN_LOG_LEVEL", "").strip().upper() or "INFO"
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"DOZEN_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {log_level!r}.")

    admins = frozenset(a.strip() for a in env.get("DOZEN_ADMINS", "").split(",") if a.strip())
    return Settings(
        slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
        slack_app_token=env.get("SLACK_APP_TOKEN", "").strip() or None,
        slack_api_url=_api_url(env.get("SLACK_API_URL", "").strip() or DEFAULT_SLACK_API_URL),
        database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        admins=admins,
        tz_name=tz_name,
        host=env.get("HOST", "").strip() or "127.0.0.1",
        port=port,
        log_level=log_level,
        slack_client_id=env.get("SLACK_CLIENT_ID", "").strip(),
        slack_client_secret=env.get("SLACK_CLIENT_SECRET", "").strip(),
        public_url=_public_url(env.get("DOZEN_PUBLIC_URL", "").strip()),
    )


def _public_url(value: str) -> str:
    if value and not value.startswith(("https://", "http://")):
        raise SettingsError(f"DOZEN_PUBLIC_URL must be an address like https://dozen.example.org, not {value!r}.")
    return value.rstrip("/")
