"""Storage rules, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from bot.services import challenges, voting
from bot.services.workspace import next_number
from tests.conftest import both_backends

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
DRAFT = challenges.ChallengeDraft(title="Potholes", problem="Potholes take months to fix in winter.",
                                  skills=["Iterative design"], council_code="MAN", hours_per_week="3", weeks="2")


OAUTH_TABLES = {"slack_bots", "slack_installations", "slack_oauth_states"}  # slack_sdk's stores own these


@both_backends
def test_migrations_match_the_models(db, backend):
    def ours(obj, name, type_, reflected, compare_to) -> bool:
        table = getattr(obj, "table", obj) if type_ != "table" else obj
        return getattr(table, "name", name) not in OAUTH_TABLES

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": ours})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


@both_backends
def test_the_oauth_stores_find_the_tables_the_migrations_made(db, backend):
    """slack_sdk's SQLAlchemy installation and state stores work on Dozen's own tables."""
    from datetime import datetime

    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    store = SQLAlchemyInstallationStore(client_id="C1", engine=db.engine)
    store.save(Installation(app_id="A1", team_id="T9", user_id="U1", bot_token="xoxb-9", bot_id="B1",
                            bot_user_id="UB", installed_at=datetime.now().timestamp()))
    assert store.find_bot(enterprise_id=None, team_id="T9").bot_token == "xoxb-9"
    states = SQLAlchemyOAuthStateStore(expiration_seconds=60, engine=db.engine)
    state = states.issue()
    assert states.consume(state) and not states.consume(state)  # a state works once


@both_backends
def test_every_table_has_team_id(db, backend):
    for table in SQLModel.metadata.sorted_tables:
        assert "team_id" in table.columns, table.name


@both_backends
def test_sequences_are_per_workspace_and_never_repeat_under_concurrency(db, backend):
    def take(_):
        with db.session() as session:
            return next_number(session, "T1", "challenge")

    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(take, range(40)))
    assert sorted(numbers) == list(range(1, 41))
    with db.session() as session:
        assert next_number(session, "T2", "challenge") == 1


@both_backends
def test_times_come_back_in_utc(db, backend):
    with db.session() as session:
        made = challenges.create(session, team_id="T1", owner_id="U1", draft=DRAFT, now=NOW)
    with db.session() as session:
        again = challenges.get(session, "T1", made.short_id)
    assert again.created_at == NOW and again.created_at.tzinfo is not None


@both_backends
def test_votes_and_retries_at_the_service_level(db, backend):
    with db.session() as session:
        made = challenges.create(session, team_id="T1", owner_id="U1", draft=DRAFT, now=NOW)
        challenges.record_post(session, made.team_id, made.id, "C1", "1.1")

    def vote(user, emoji="+1", event_id=None, removed=False, team="T1"):
        reaction = voting.ReactionEvent(team_id=team, channel_id="C1", ts="1.1", user_id=user, emoji=emoji,
                                        event_id=event_id or "", event_ts=time.time())
        with db.session() as session:
            return voting.record_reaction(session, reaction, added=not removed, now=NOW)

    assert vote("U2", event_id="E1") is not None
    assert vote("U2", event_id="E1") is None  # a retry: nothing new
    assert vote("U2", "+1::skin-tone-2") is None  # another vote emoji of the same person: no new vote
    assert vote("U3") is not None
    with db.session() as session:
        assert voting.vote_count(session, "challenge", made.id) == 2
    # another workspace's message with the same channel and ts is not ours
    assert vote("U9", team="T2") is None
    vote("U3", removed=True)
    with db.session() as session:
        assert voting.vote_count(session, "challenge", made.id) == 1
        assert [s.votes for s in challenges.list_open(session, "T1")] == [1]
        assert challenges.list_open(session, "T2") == []


@both_backends
def test_concurrent_confirmations_never_exceed_free_hours(db, backend):
    """The capacity rule under a real race: 20 pending 1h requests, 4h free, all approved at once."""
    import threading
    from datetime import date, timedelta

    from bot.services import bookings
    from bot.storage.models import Booking, Profile

    today = date(2026, 11, 23)
    week = date(2026, 11, 30)
    with db.session() as session:
        challenge = challenges.create(session, team_id="T1", owner_id="U1", draft=DRAFT, now=NOW)
        session.add(Profile(team_id="T1", user_id="UP", council_code="LDS", hours_per_week=4, status="member",
                            created_at=NOW, updated_at=NOW))
        for n in range(20):
            session.add(Booking(team_id="T1", number=n + 1, person_id="UP", requester_id=f"UR{n}",
                                challenge_id=challenge.id, week_start=week, hours=1, provider_council="LDS",
                                booking_council="MAN", created_at=NOW))
    with db.session() as session:
        ids = [b.id for b in session.exec(select(Booking)).all()]
    start = threading.Barrier(len(ids))
    outcomes = []

    def approve(booking_id):
        start.wait()
        with db.session() as session:
            decision = bookings.decide(session, team_id="T1", booking_id=booking_id, user_id="UP", approve=True,
                                       today=today, now=NOW + timedelta(seconds=1))
        outcomes.append(decision.outcome)

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["confirmed"] * 4 + ["no_capacity"] * 16
    with db.session() as session:
        assert sum(b.hours for b in session.exec(select(Booking)).all() if b.status == "confirmed") == 4


@both_backends
def test_changes_written_together_are_each_committed_or_refused_alone(db, backend):
    """Votes arriving at once are committed in groups on SQLite (`Database.write_together`):
    every thread's change is stored when its call returns, and one change that fails undoes only
    itself, its thread getting its error."""
    def count(session, name: str) -> int:
        if name == "refused":
            next_number(session, "T1", "refused")  # written, then undone with its savepoint
            raise ValueError("refused")
        return next_number(session, "T1", name)

    names = [f"n{i % 7}" for i in range(140)] + ["refused"] * 3
    outcomes = {}

    def one(i: int, name: str) -> None:
        try:
            outcomes[i] = db.write_together(count, name)
        except ValueError as error:
            outcomes[i] = error

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(one, range(len(names)), names))
    assert sum(isinstance(o, ValueError) for o in outcomes.values()) == 3
    for i in range(7):  # each name counted 20 times, each value handed out once
        assert sorted(outcomes[j] for j, n in enumerate(names) if n == f"n{i}") == list(range(1, 21))
    with db.session() as session:
        assert next_number(session, "T1", "refused") == 1  # none of the refused changes stayed
