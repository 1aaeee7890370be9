"""How much the process says: Dozen's own loggers (`bot.*`) at DOZEN_LOG_LEVEL (default INFO),
the libraries (gunicorn, Alembic, APScheduler, Slack's SDK, SQLAlchemy) at WARNING, so the
start-up log holds only what a person can act on. DOZEN_LOG_LEVEL=DEBUG shows everything."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LIBRARIES = ("alembic", "apscheduler", "gunicorn", "slack_bolt", "slack_sdk", "sqlalchemy", "urllib3")
# Warnings nobody can act on. Bolt reads SLACK_BOT_TOKEN from the environment itself and then
# warns that it won't use it, because Dozen hands it a ready client (with retries).
NOT_ACTIONABLE = {"bot.bolt": ("As you gave `client` as well, `token` will be unused.",)}


class _Drop(logging.Filter):
    def __init__(self, messages: tuple[str, ...]):
        super().__init__()
        self.messages = messages

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.messages


def configure(level: str = "INFO") -> None:
    """Root (and so every library) at WARNING, Dozen at `level`; DEBUG opens both."""
    debug = level == "DEBUG"
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format=FORMAT, force=True)
    logging.getLogger("bot").setLevel(level)
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.NOTSET if debug else logging.WARNING)
    for name, messages in NOT_ACTIONABLE.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Drop) for f in logger.filters):
            logger.addFilter(_Drop(messages))


def gunicorn_level(level: str) -> str:
    """gunicorn's own `loglevel`: its INFO lines (Starting gunicorn, Booting worker) only at DEBUG."""
    return "info" if level == "DEBUG" else "warning"
