"""Serving Slack: HTTP under gunicorn (threaded workers), or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot import logs
from bot.app import build_app
from bot.jobs.runner import start_scheduler
from bot.publish.redraws import keep_catching_up
from bot.settings import Settings
from bot.slack.requests import gate
from bot.web.routes import Board, is_board_path

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
WORKERS = 2
THREADS = 8


def wsgi_app(app: App) -> Callable:
    """POST /slack/events goes to Bolt once checked (`slack.requests.gate`); GET /healthz
    answers 200; /board, /board/C-12, /board.atom and /board.json are the public board
    (`web.routes`); anything else 404."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    checked = gate(slack, app.dozen.settings.slack_signing_secret)
    board = Board(app.dozen)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "3")])
            return [b"ok\n"]
        if environ.get("PATH_INFO") == EVENTS_PATH:
            return checked(environ, start_response)
        if is_board_path(environ.get("PATH_INFO", "")):
            return board(environ, start_response)
        return slack(environ, start_response)

    return application


class _Gunicorn(BaseApplication):
    def __init__(self, load: Callable[[], Callable], options: dict):
        self._load, self._options = load, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable:
        return self._load()


def serve_http(settings: Settings) -> None:
    """gunicorn with 2 workers × 8 threads; each worker builds its own app and scheduler
    (the jobs' database claims keep the scheduled work to once)."""

    def load() -> Callable:
        app = build_app(settings)
        start_scheduler(app.dozen)
        keep_catching_up(app.dozen)  # posts left showing an older count by a crash
        return wsgi_app(app)

    options = {
        "bind": f"{settings.host}:{settings.port}",
        "workers": WORKERS,
        "threads": THREADS,
        "worker_class": "gthread",
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": logs.gunicorn_level(settings.log_level),
        "proc_name": "dozen",
    }
    _Gunicorn(load, options).run()


def serve_socket_mode(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app = build_app(settings)
    start_scheduler(app.dozen)
    keep_catching_up(app.dozen)
    SocketModeHandler(app, settings.slack_app_token).start()
