"""Fixtures: databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is set), the fake
Slack Web API, and Dozen itself served on a loopback port."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from bot.app import build_app
from bot.clock import Clock
from bot.demo.stage import ThreadedServer, Tracking  # the demo serves Dozen as the tests do
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade
from tests.fakeslack import TOKEN, FakeSlack
from tests.slackdriver import SlackDriver

SIGNING_SECRET = "test-signing-secret"
PG_URL = os.environ.get("TEST_DATABASE_URL")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL unset"))]
both_backends = pytest.mark.parametrize("backend", BACKENDS)


# -- databases ---------------------------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def postgres_answers() -> None:
    """TEST_DATABASE_URL set but no PostgreSQL answering: the session stops at once, saying so
    in one line, rather than with an error for every PostgreSQL test."""
    if not PG_URL:
        return
    engine = create_engine(PG_URL, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        where = make_url(PG_URL)
        reason = str(error.orig or error).strip().splitlines()[0]
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL at {where.host}:{where.port or 5432} does not answer "
                    f"({reason}); start it, or unset TEST_DATABASE_URL to run the tests on SQLite only.")
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """One migrated SQLite file, copied for each test (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "dozen.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return str(path)


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str | None]:
    """A private schema in the TEST_DATABASE_URL database, migrated once, dropped at the end."""
    if not PG_URL:
        yield None
        return
    schema = f"dozen_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    db = Database(url)
    upgrade(db)
    db.dispose()
    yield url
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def backend() -> str:
    """Which database a test uses; tests marked @both_backends run on each."""
    return "sqlite"


@pytest.fixture
def db(backend, sqlite_template, pg_schema_url, tmp_path) -> Iterator[Database]:
    if backend == "sqlite":
        path = tmp_path / "dozen.db"
        shutil.copy(sqlite_template, path)
        database = Database(f"sqlite:///{path}")
    else:
        database = Database(pg_schema_url)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with database.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    database.dispose()


# -- Slack ---------------------------------------------------------------------------------------
@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    for user in ("UALICE", "UBOB", "UCAROL", "UDAN", "UERIN"):
        slack.add_user(user)
    slack.add_user("UADMIN", admin=True)
    yield slack
    slack.stop()
    assert not slack.problems, "the fake Slack refused calls:\n" + "\n".join(slack.problems)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class Dozen:
    """Dozen running on loopback, the fake Slack it talks to, and a driver to act as Slack."""

    app: object
    fake: FakeSlack
    slack: SlackDriver
    db: Database
    settings: Settings
    executor: Tracking

    @property
    def ctx(self):
        """Dozen's context (settings, database, clock, client) as the listeners see it."""
        return self.app.dozen

    @property
    def redraws(self):
        return self.app.dozen_redraws

    def settle(self) -> None:
        """Wait until every listener has finished its work after the ack, and the coalesced
        post updates it asked for have been sent."""
        for _ in range(2):  # a redraw can be asked for by a listener that was still running
            assert self.executor.wait_idle(60), "listeners did not finish"
            assert self.redraws.wait_idle(60), "post updates did not settle"


def make_settings(fake: FakeSlack, db: Database, **overrides) -> Settings:
    values = dict(slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=fake.url,
                  database_url=db.url, admins=frozenset({"UORG"}))
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@contextmanager
def serving(fake: FakeSlack, db: Database, clock: Clock, **overrides) -> Iterator[Dozen]:
    """Dozen built and served on loopback: one process's worth (several make replicas)."""
    from bot.server import wsgi_app

    settings = make_settings(fake, db, **overrides)
    executor = Tracking()
    app = build_app(settings, db=db, clock=clock, update_delay=0.05, min_update_interval=0.1,
                    listener_executor=executor)
    server = make_server("127.0.0.1", 0, wsgi_app(app), server_class=ThreadedServer,
                         handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    driver = SlackDriver(f"http://127.0.0.1:{server.server_port}", SIGNING_SECRET, fake)
    harness = Dozen(app=app, fake=fake, slack=driver, db=db, settings=settings, executor=executor)
    try:
        yield harness
        harness.settle()
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def dozen(fake, db, clock) -> Iterator[Dozen]:
    with serving(fake, db, clock) as harness:
        yield harness
