"""Engine, sessions and the few dialect differences Dozen cares about."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from typing import Any

try:
    import fcntl
except ImportError:  # Windows has none: there only the threads of one process queue
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import DateTime, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, create_engine


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, gives back aware UTC: SQLite has no time zones, PostgreSQL
    `timestamp` columns then hold the same values."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store aware datetimes only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver Dozen ships with.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        # As many connections as listener threads may want at once (SQLite connections are cheap).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=16,
                               max_overflow=64)
        _serialise_sqlite_writes(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _serialise_sqlite_writes(engine: Engine) -> None:
    """SQLite allows one writer. `BEGIN IMMEDIATE` takes the write lock at the start of
    each transaction, so a read-check-write (capacity, counters) cannot interleave with
    another one; waiting writers queue on the 30 s busy timeout instead of failing."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let us issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Readers (Database.reading) need no write lock: WAL lets them run beside a writer.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")


class WriterQueue:
    """SQLite's one writer at a time. Threads of this process queue here: a waiting writer that
    someone is waiting on (a request Slack wants answered within 3 seconds) goes before
    background writers (recording where a message went, redraw bookkeeping, jobs). Processes
    (gunicorn workers) then take turns on a lock file beside the database, which the kernel
    hands on at once, where SQLite's own busy handler would poll with growing sleeps."""

    def __init__(self, lock_path: str | None = None) -> None:
        self._changed = threading.Condition()
        self._busy = False
        self._urgent_waiting = 0
        self._lock_path = lock_path if fcntl is not None else None
        self._lock_file = None

    @contextmanager
    def turn(self, *, urgent: bool) -> Iterator[None]:
        with self._changed:
            self._urgent_waiting += urgent
            while self._busy or (not urgent and self._urgent_waiting):
                self._changed.wait()
            self._urgent_waiting -= urgent
            self._busy = True
        try:
            with self._between_processes():
                yield
        finally:
            with self._changed:
                self._busy = False
                self._changed.notify_all()

    @contextmanager
    def _between_processes(self) -> Iterator[None]:
        if self._lock_path is None:
            yield
            return
        if self._lock_file is None:  # opened once per process (under the turn: one thread at a time)
            self._lock_file = open(self._lock_path, "a+b")  # noqa: SIM115  (kept open for the process)
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)


class _Change:
    """One thread's change waiting to be committed with others (`Database.write_together`)."""

    def __init__(self, change: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        self.change, self.args, self.kwargs = change, args, kwargs
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    """Group commit for SQLite's one writer: request threads that want a small change committed
    before they answer hand it here; whichever thread finds no write under way takes everything
    waiting and commits it in one transaction. A burst then pays for one BEGIN, one lock
    hand-over and one disk sync per group rather than per change. Should a change fail, the
    group is undone and written again with each change in its own savepoint, so that one
    change's refusal undoes only that change (changes are database work only: running one
    again after a rollback is safe)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._changed = threading.Condition()
        self._waiting: list[_Change] = []
        self._writing = False

    def write(self, change: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        mine = _Change(change, args, kwargs)
        with self._changed:
            self._waiting.append(mine)
            while self._writing and not mine.done:
                self._changed.wait()
            if not mine.done:
                self._writing = True
                group, self._waiting = self._waiting, []
        if not mine.done:
            try:
                self._commit(group)
            finally:
                with self._changed:
                    self._writing = False
                    self._changed.notify_all()
        if mine.error is not None:
            raise mine.error
        return mine.result

    def _commit(self, group: list[_Change]) -> None:
        try:
            try:
                with self._database.session() as session:
                    for waiting in group:
                        waiting.result = waiting.change(session, *waiting.args, **waiting.kwargs)
            except Exception:  # noqa: BLE001  (some change failed: all undone; each alone now)
                self._commit_each_in_a_savepoint(group)
        except BaseException as error:  # the commit failed: nothing of the group is stored
            for waiting in group:
                waiting.error, waiting.result = error, None
            raise
        finally:
            for waiting in group:
                waiting.done = True

    def _commit_each_in_a_savepoint(self, group: list[_Change]) -> None:
        with self._database.session() as session:
            for waiting in group:
                waiting.result = waiting.error = None
                try:
                    with session.begin_nested():
                        waiting.result = waiting.change(session, *waiting.args, **waiting.kwargs)
                except Exception as error:  # noqa: BLE001  (handed to the thread that asked)
                    waiting.error = error


class Database:
    """Owns the engine; hands out sessions that commit on success and roll back on error."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._reader = self.engine.execution_options(read_only=True)
        # SQLite has one writer at a time. Threads of this process queue here, which wakes the
        # next one at once, rather than on SQLite's busy handler, which polls with growing
        # sleeps and under a burst lets some writers wait for seconds.
        path = self.engine.url.database if self.dialect == "sqlite" else None
        on_disk = path not in (None, "", ":memory:")
        self._writers = WriterQueue(f"{path}.writers" if on_disk else None) if self.dialect == "sqlite" else None
        self._group = GroupCommit(self) if self._writers else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, urgent: bool = True) -> Iterator[Session]:
        """A transaction; `urgent=False` for writes nobody is waiting on (they let urgent ones
        go first on SQLite)."""
        turn = self._writers.turn(urgent=urgent) if self._writers else nullcontext()
        with turn, Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def write_together(self, change: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`change(session, *args, **kwargs)`, committed when this returns, on SQLite together with
        other threads' changes waiting at the same moment (`GroupCommit`). On PostgreSQL, which
        syncs concurrent commits together itself, in a transaction of its own: grouping there
        would hold row locks across changes that replicas may take in another order."""
        if self._group is None:
            with self.session() as session:
                return change(session, *args, **kwargs)
        return self._group.write(change, *args, **kwargs)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries that write nothing (on SQLite it takes no write lock)."""
        with Session(self._reader, expire_on_commit=False) as session:
            yield session  # closing ends the transaction and keeps loaded objects readable

    def dispose(self) -> None:
        self.engine.dispose()


def insert_ignoring_duplicates(session: Session, model: Any, values: dict[str, Any], unique: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted.

    The database decides, so two threads or two replicas racing insert exactly one row."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=unique)
        .returning(getattr(model, unique[0]))  # rowcount is not reliable here across drivers
    )
    return session.execute(statement).first() is not None
