"""The real Dozen, served for the demo: the same Bolt app (`bot.app.build_app`), the same WSGI
application as under gunicorn (`bot.server.wsgi_app`: Slack's events, OAuth, /healthz and the
public board), the same storage (a fresh SQLite file, migrated by Alembic) and the same jobs
(`bot.jobs.runner.run_job`), on a loopback port, talking to the simulator."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.app import LISTENER_THREADS, build_app
from bot.clock import Clock
from bot.jobs.runner import run_job
from bot.server import wsgi_app
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade

SIGNING_SECRET = "demo-signing-secret-0123456789abcdef"
CLIENT_ID, CLIENT_SECRET = "1000000000.2000000000", "demo-client-secret"
DEFAULT_PORT = 3000


class DemoClock(Clock):
    """The one clock, moved by the script through the council week (it ticks in between)."""

    def __init__(self, at: datetime):
        self._lock = threading.Lock()
        self.set(at)

    def set(self, at: datetime) -> None:
        with self._lock:
            self._at = at.astimezone(timezone.utc)
            self._from = datetime.now(timezone.utc)

    def now(self) -> datetime:
        with self._lock:
            return self._at + (datetime.now(timezone.utc) - self._from)


class Tracking(ThreadPoolExecutor):
    """Bolt runs listeners here and goes on after the ack: the script waits for them."""

    def __init__(self) -> None:
        super().__init__(max_workers=LISTENER_THREADS, thread_name_prefix="listener")
        self._in_flight = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):
        with self._idle:
            self._in_flight += 1

        def tracked():
            try:
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._in_flight -= 1
                    self._idle.notify_all()

        return super().submit(tracked)

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)


class ThreadedServer(WSGIServer):
    """Requests served on a fixed pool of threads, as gunicorn's threaded workers do (2 workers x
    8 threads), not a thread per request: a burst queues for a thread instead of becoming a
    hundred threads that each poll for their listener's ack and starve the ones doing work.
    The tests serve Dozen with it too."""

    request_queue_size = 128  # bursts of concurrent requests must queue, not be reset
    threads = 8

    def server_activate(self) -> None:
        super().server_activate()
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="http")

    def process_request(self, request, client_address) -> None:
        self._pool.submit(self._serve, request, client_address)

    def _serve(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "_pool"):  # not when the port could not be had
            self._pool.shutdown(wait=False, cancel_futures=True)


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def bind(port: int | None) -> ThreadedServer:
    """The loopback port Dozen serves on: `port`, or 3000 when free, else any free one."""
    if port is not None:
        return make_server("127.0.0.1", port, None, server_class=ThreadedServer, handler_class=_Quiet)
    try:
        return make_server("127.0.0.1", DEFAULT_PORT, None, server_class=ThreadedServer, handler_class=_Quiet)
    except OSError:
        return make_server("127.0.0.1", 0, None, server_class=ThreadedServer, handler_class=_Quiet)


class Stage:
    """Dozen running on loopback against the simulator, with its own settings: many
    workspaces installed through OAuth, no tokens of its own, nothing read from the
    environment or .env."""

    def __init__(self, *, slack_url: str, folder: Path, clock: DemoClock, port: int | None):
        self.server = bind(port)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = Settings(
            slack_signing_secret=SIGNING_SECRET, slack_api_url=slack_url,
            database_url=f"sqlite:///{folder / 'dozen-demo.db'}", admins=frozenset({"ULPRIYA"}),
            host="127.0.0.1", port=self.port, log_level="WARNING",
            slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET, public_url=self.url,
        )
        self.db = Database(self.settings.database_url)
        upgrade(self.db)
        self.clock = clock
        self.executor = Tracking()
        self.app = build_app(self.settings, db=self.db, clock=clock, update_delay=0.05, min_update_interval=0.1,
                             listener_executor=self.executor)
        self.server.set_app(wsgi_app(self.app))
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.1,), daemon=True, name="dozen")
        self._thread.start()

    @property
    def ctx(self):
        return self.app.dozen

    def settle(self, timeout: float = 60.0) -> None:
        """Wait until every listener has done its work after the ack, and the redraws it asked for."""
        for _ in range(3):  # a redraw can be asked for by a listener that was still running
            self.executor.wait_idle(timeout)
            self.app.dozen_redraws.wait_idle(timeout)

    def job(self, name: str, *, forced: bool = False) -> str:
        """Run a scheduled job once, now (as `python -m bot job NAME` does), by the demo's clock."""
        ctx = replace(self.ctx.for_job(forced=forced), pause=lambda seconds: None)
        summary = run_job(name, ctx)
        self.settle()
        return summary

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.db.dispose()


def quiet_logs() -> None:
    """The transcript is the demo's output: Dozen's and the libraries' logs only when something
    goes wrong."""
    logging.basicConfig(level=logging.ERROR, format="dozen demo: %(name)s: %(message)s")
    for name in ("bot", "slack_bolt", "slack_sdk", "bot.bolt", "apscheduler", "alembic"):
        logging.getLogger(name).setLevel(logging.ERROR)
