"""SQLModel tables. Every table carries `team_id`: no row belongs to two workspaces.

The schema is created only by the Alembic revisions in `migrations/`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, Index, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlmodel import Field, SQLModel

from bot.storage.db import UTCDateTime


# What replaces a forgotten person's Slack user ID in records kept for accounting.
FORMER_MEMBER = "former member"


def _utc(**kwargs):
    return Field(sa_type=UTCDateTime, **kwargs)


class WorkspaceConfig(SQLModel, table=True):
    """Organiser settings for one workspace."""

    __tablename__ = "workspace_config"

    team_id: str = Field(primary_key=True, max_length=32)
    vote_emojis: str = Field(default="+1", max_length=500)  # comma-separated reaction names
    challenges_channel: str | None = Field(default=None, max_length=32)
    nominations_channel: str | None = Field(default=None, max_length=32)
    digest_channel: str | None = Field(default=None, max_length=32)
    digest_weekday: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # Monday
    digest_time: str = Field(default="09:00", max_length=5, sa_column_kwargs={"server_default": "09:00"})
    manager_approval: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    vote_threshold: int = Field(default=5, sa_column_kwargs={"server_default": "5"})  # votes to be shortlisted
    voting_window_weeks: int = Field(default=4, sa_column_kwargs={"server_default": "4"})  # 0: no limit
    public_board: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    language: str = Field(default="en", max_length=8, sa_column_kwargs={"server_default": "en"})  # channel posts
    bilingual: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})  # Welsh, then English
    currency: str = Field(default="GBP", max_length=3, sa_column_kwargs={"server_default": "GBP"})
    updated_at: datetime | None = _utc(default=None, nullable=True)
    updated_by: str | None = Field(default=None, max_length=32)


class NetworkMember(SQLModel, table=True):
    """A workspace that installed this Dozen (one deployment is one network) and asked to join.

    pending -> member | declined; member -> removed. Until it is a member, a workspace sees
    nothing of the network and shares nothing with it."""

    __tablename__ = "network_member"

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=200)
    enterprise_id: str | None = Field(default=None, max_length=32)
    council_code: str | None = Field(default=None, max_length=16)
    status: str = Field(default="pending", max_length=16)
    home: bool = Field(default=False)  # the first workspace: its organisers run the network
    installed_by: str | None = Field(default=None, max_length=32)
    requested_at: datetime = _utc()
    decided_at: datetime | None = _utc(default=None, nullable=True)
    decided_by: str | None = Field(default=None, max_length=32)
    request_dms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # "team:channel:ts"
    uninstalled_at: datetime | None = _utc(default=None, nullable=True)


class LanguageChoice(SQLModel, table=True):
    """The language someone chose with `/dozen language` (over their Slack locale)."""

    __tablename__ = "language_choice"

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    language: str = Field(max_length=8)
    chosen_at: datetime = _utc()


class Counter(SQLModel, table=True):
    """Per-workspace sequences, for short IDs people can type (C-12)."""

    __tablename__ = "counter"

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(primary_key=True, max_length=32)
    value: int = 0


class Challenge(SQLModel, table=True):
    __tablename__ = "challenge"
    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_challenge_team_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    number: int
    title: str = Field(max_length=150)
    problem: str = Field(sa_column=Column(Text, nullable=False))
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    other_skills: str | None = Field(default=None, max_length=500)
    council_code: str = Field(max_length=16)
    owner_id: str = Field(max_length=32)
    hours_per_week: float
    weeks: int
    status: str = Field(default="open", max_length=16)  # open | delivered | closed (open: any live stage)
    # proposed | shortlisted | funded | in_progress | delivered | closed (see services/stages.py)
    stage: str = Field(default="proposed", max_length=16, sa_column_kwargs={"server_default": "proposed"})
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _utc()
    closed_at: datetime | None = _utc(default=None, nullable=True)
    closed_by: str | None = Field(default=None, max_length=32)
    close_reason: str | None = Field(default=None, max_length=300)
    voting_closes_at: datetime | None = _utc(default=None, nullable=True)  # None: no voting window
    voting_closed_at: datetime | None = _utc(default=None, nullable=True)  # when the job closed the window

    @property
    def short_id(self) -> str:
        return f"C-{self.number}"


class ChallengeStage(SQLModel, table=True):
    """One move of a challenge to a stage: when, by whom (None: Dozen, as votes or money
    moved it), why (a closing reason), and when it was announced in the challenge's thread.
    A challenge enters each stage at most once (the unique key), so each move is announced once."""

    __tablename__ = "challenge_stage"
    __table_args__ = (UniqueConstraint("team_id", "challenge_id", "stage", name="uq_challenge_stage"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    challenge_id: int
    stage: str = Field(max_length=16)
    at: datetime = _utc()
    by_user: str | None = Field(default=None, max_length=32)
    reason: str | None = Field(default=None, max_length=300)
    announced_at: datetime | None = _utc(default=None, nullable=True)


class Post(SQLModel, table=True):
    """A message Dozen posted that people vote on, found again from a reaction event."""

    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", "ts", name="uq_post_message"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # challenge | nomination
    target_id: int


class Reaction(SQLModel, table=True):
    """One vote emoji of one person on one target. A person's vote is counted once
    however many vote emojis they leave; it goes when the last one does."""

    __tablename__ = "reaction"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "target_id", "user_id", "emoji", name="uq_reaction"),
        Index("ix_reaction_target", "team_id", "kind", "target_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    target_id: int
    user_id: str = Field(max_length=32)
    emoji: str = Field(max_length=100)
    created_at: datetime = _utc()


class ReactionOrder(SQLModel, table=True):
    """The newest reaction event applied for one emoji of one person on one target, added or
    removed: an older event delivered late (a Slack retry of a vote already taken back)
    changes nothing. Kept for a week, like event IDs."""

    __tablename__ = "reaction_order"

    team_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=16)
    target_id: int = Field(primary_key=True)
    user_id: str = Field(primary_key=True, max_length=32)
    emoji: str = Field(primary_key=True, max_length=100)
    event_ts: float  # Slack's event_ts: seconds, to the microsecond
    added: bool
    at: datetime = _utc(index=True)


class PostRedraw(SQLModel, table=True):
    """Ordered redraws of one voted-on target's posts across processes and replicas.

    Every change bumps `version` in the transaction that makes it; whoever holds the lease
    (`owner`, `lease_until`) redraws, then records `drawn`, and lets go only if nothing changed
    meanwhile, so the last redraw always shows the latest state."""

    __tablename__ = "post_redraw"

    team_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=16)
    target_id: int = Field(primary_key=True)
    version: int = 0
    drawn: int = 0
    owner: str | None = Field(default=None, max_length=80)
    lease_until: datetime | None = _utc(default=None, nullable=True)


class ProcessedEvent(SQLModel, table=True):
    """Events API deliveries already handled: Slack retries must change nothing."""

    __tablename__ = "processed_event"

    team_id: str = Field(primary_key=True, max_length=32)
    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = _utc(index=True)


class JobRun(SQLModel, table=True):
    """One scheduled job's claim on one period: the unique key makes each period's work
    happen once, however many processes try."""

    __tablename__ = "job_run"

    team_id: str = Field(primary_key=True, max_length=32)
    job: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=64)
    started_at: datetime = _utc()
    finished_at: datetime | None = _utc(default=None, nullable=True)
    lease_until: datetime | None = _utc(default=None, nullable=True)  # a run in progress holds it until then
    owner: str | None = Field(default=None, max_length=64)


class Nomination(SQLModel, table=True):
    """Someone proposed for the talent pool. A declined nomination keeps only who and
    when (so the person is not asked again within 90 days); everything else is erased."""

    __tablename__ = "nomination"
    __table_args__ = (
        UniqueConstraint("team_id", "number", name="uq_nomination_team_number"),
        Index("ix_nomination_nominee", "team_id", "nominee_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    number: int
    nominee_id: str = Field(max_length=32)
    nominator_id: str | None = Field(default=None, max_length=32)
    why: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    skills: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))  # skill -> level or None
    help_kinds: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    council_code: str | None = Field(default=None, max_length=16)
    status: str = Field(default="awaiting_consent", max_length=20)  # awaiting_consent | accepted | declined
    created_at: datetime = _utc()
    decided_at: datetime | None = _utc(default=None, nullable=True)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    dm_channel: str | None = Field(default=None, max_length=32)
    dm_ts: str | None = Field(default=None, max_length=32)

    @property
    def short_id(self) -> str:
        return f"N-{self.number}"

    @property
    def is_self(self) -> bool:
        return self.nominator_id == self.nominee_id


class Profile(SQLModel, table=True):
    """A person who said yes to the pool: bookable once their line manager approves
    (or at once when the workspace does not ask managers)."""

    __tablename__ = "profile"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_profile_person"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    council_code: str = Field(max_length=16)
    line_manager_id: str | None = Field(default=None, max_length=32)
    hours_per_week: float
    bio: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    skills: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # skill -> level or None
    help_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="awaiting_manager", max_length=20)  # awaiting_manager | member | manager_declined
    manager_reason: str | None = Field(default=None, max_length=500)
    approval_channel: str | None = Field(default=None, max_length=32)
    approval_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _utc()
    updated_at: datetime = _utc()
    approved_at: datetime | None = _utc(default=None, nullable=True)
    # They agreed to be shown on the public board, by this name (their Slack name when they agreed) and council.
    show_publicly: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    public_name: str | None = Field(default=None, max_length=100)
    # How the network sees them: in another workspace a <@mention> of them shows nothing.
    display_name: str | None = Field(default=None, max_length=100)

    @property
    def is_member(self) -> bool:
        return self.status == "member"


class Availability(SQLModel, table=True):
    """Hours a pool member offers in one ISO week (Monday date, Europe/London). Weeks with
    no row offer the profile's hours_per_week."""

    __tablename__ = "availability"

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    week_start: date = Field(primary_key=True, sa_type=Date)
    hours: float
    away: bool = False
    updated_at: datetime = _utc()


class Booking(SQLModel, table=True):
    """A request for some of a pool member's hours in one ISO week, for a challenge.

    requested -> confirmed | declined | expired; confirmed -> cancelled (before its week).
    Only confirmed bookings use up a week's hours."""

    __tablename__ = "booking"
    __table_args__ = (
        UniqueConstraint("team_id", "number", name="uq_booking_team_number"),
        Index("ix_booking_person_week", "team_id", "person_id", "week_start", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    number: int
    person_id: str = Field(max_length=32)
    requester_id: str = Field(max_length=32)
    challenge_id: int
    week_start: date = Field(sa_type=Date)
    hours: float
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default="requested", max_length=16)
    person_decision: str | None = Field(default=None, max_length=16)  # approved | declined
    manager_id: str | None = Field(default=None, max_length=32)  # set when the manager must approve too
    manager_decision: str | None = Field(default=None, max_length=16)
    provider_council: str = Field(max_length=16)  # the person's council: it is paid
    booking_council: str = Field(max_length=16)  # the challenge's council: it pays
    rate_pence: int | None = None  # the provider council's rate when confirmed...
    rate_unit: str | None = Field(default=None, max_length=8)  # ...per "hour" or per "day" (7.5 hours)
    amount_pence: int | None = None
    reason: str | None = Field(default=None, max_length=500)  # why declined or cancelled
    created_at: datetime = _utc()
    decided_at: datetime | None = _utc(default=None, nullable=True)
    cancelled_by: str | None = Field(default=None, max_length=32)
    person_dm: str | None = Field(default=None, max_length=64)  # "channel:ts" of the request DM
    manager_dm: str | None = Field(default=None, max_length=64)
    cohort_id: int | None = Field(default=None, index=True)  # booked as part of a cohort
    # The booked person's workspace (and their line manager's): in a network of workspaces, a
    # booking made in one (team_id, the requester's) is of someone in another.
    person_team_id: str = Field(default=None, max_length=32, index=True, nullable=False,
                                sa_column_kwargs={"default": lambda context: context.get_current_parameters()["team_id"]})

    @property
    def short_id(self) -> str:
        return f"B-{self.number}"


class CouncilRate(SQLModel, table=True):
    """What a council charges for an hour (or a day of 7.5 hours) of its people's time."""

    __tablename__ = "council_rate"

    team_id: str = Field(primary_key=True, max_length=32)
    council_code: str = Field(primary_key=True, max_length=16)
    rate_pence: int
    unit: str = Field(default="hour", max_length=8)  # hour | day
    updated_at: datetime = _utc()
    updated_by: str | None = Field(default=None, max_length=32)


class DigestPart(SQLModel, table=True):
    """One message of a week's digest, planned before the first is posted: a run that was
    interrupted posts only the parts that have no ts yet."""

    __tablename__ = "digest_part"

    team_id: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=16)  # ISO week, e.g. 2026-W49
    part: int = Field(primary_key=True)
    channel_id: str = Field(max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    blocks: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ts: str | None = Field(default=None, max_length=32)
    posted_at: datetime | None = _utc(default=None, nullable=True)


class DigestProposal(SQLModel, table=True):
    """Who a digest proposed for which challenge: the next digest rotates them."""

    __tablename__ = "digest_proposal"

    team_id: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=16)
    challenge_id: int = Field(primary_key=True)
    person_id: str = Field(primary_key=True, max_length=32)


class Funding(SQLModel, table=True):
    """A challenge's funding target and rule. Its row is the lock every pledge takes, so
    the moment the target is reached is decided once."""

    __tablename__ = "funding"

    team_id: str = Field(primary_key=True, max_length=32)
    challenge_id: int = Field(primary_key=True)
    target_pence: int
    rule: str = Field(max_length=16)  # keep | all_or_nothing
    deadline: date = Field(sa_type=Date)
    set_by: str = Field(max_length=32)
    set_at: datetime = _utc()
    reached_at: datetime | None = _utc(default=None, nullable=True)
    closed_at: datetime | None = _utc(default=None, nullable=True)  # the deadline passed and was dealt with


class Pledge(SQLModel, table=True):
    """Money (pence), an in-kind resource, or hours of someone's time, promised to a challenge."""

    __tablename__ = "pledge"
    __table_args__ = (
        UniqueConstraint("team_id", "number", name="uq_pledge_team_number"),
        Index("ix_pledge_challenge", "team_id", "challenge_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    number: int
    challenge_id: int
    pledger_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # money | resource | hours
    amount_pence: int | None = None
    description: str | None = Field(default=None, max_length=500)
    on_behalf_of: str = Field(max_length=150)
    note: str | None = Field(default=None, max_length=500)
    status: str = Field(default="active", max_length=16)  # active | withdrawn | due | released
    created_at: datetime = _utc()
    updated_at: datetime = _utc()

    @property
    def short_id(self) -> str:
        return f"P-{self.number}"


class Cohort(SQLModel, table=True):
    """Up to a dozen pool members matched to the top challenges for a few weeks."""

    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_cohort_team_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    number: int
    name: str = Field(max_length=100)
    first_week: date = Field(sa_type=Date)
    weeks: int
    size: int
    hours: float  # asked of each member, every week
    challenge_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    excluded: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # unticked people
    gave_way: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="proposed", max_length=16)  # proposed | confirmed | finished
    organiser_id: str = Field(max_length=32)
    proposal_dm: str | None = Field(default=None, max_length=64)
    created_at: datetime = _utc()
    confirmed_at: datetime | None = _utc(default=None, nullable=True)
    outcomes_asked_at: datetime | None = _utc(default=None, nullable=True)

    @property
    def short_id(self) -> str:
        return f"K-{self.number}"


class CohortMember(SQLModel, table=True):
    __tablename__ = "cohort_member"
    __table_args__ = (UniqueConstraint("cohort_id", "person_id", name="uq_cohort_person"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    cohort_id: int = Field(index=True)
    person_id: str = Field(max_length=32)
    challenge_id: int
    reason: str = Field(default="", max_length=500)
    status: str = Field(default="proposed", max_length=16)  # proposed | invited | accepted | declined | dropped
    note: str | None = Field(default=None, max_length=300)  # why declined (e.g. capacity)
    invite_dm: str | None = Field(default=None, max_length=64)
    manager_dm: str | None = Field(default=None, max_length=64)
    created_at: datetime = _utc()
    decided_at: datetime | None = _utc(default=None, nullable=True)
    # The member's workspace (and their line manager's): in a network of workspaces, a cohort
    # formed in one (team_id, the organiser's) draws people from the others.
    person_team_id: str = Field(default=None, max_length=32, nullable=False,
                                sa_column_kwargs={"default": lambda context: context.get_current_parameters()["team_id"]})


class Checkin(SQLModel, table=True):
    """One person's weekly check-in on one challenge."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("team_id", "week_start", "person_id", "challenge_id", name="uq_checkin"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    week_start: date = Field(sa_type=Date)
    person_id: str = Field(max_length=32)
    challenge_id: int
    cohort_id: int | None = None
    dm: str | None = Field(default=None, max_length=64)
    problem_statement: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    surprise: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    shipped: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    team_health: str | None = Field(default=None, max_length=16)  # fine | stretched | struggling
    private_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _utc()
    answered_at: datetime | None = _utc(default=None, nullable=True)
    reminded_at: datetime | None = _utc(default=None, nullable=True)
    posted: str | None = Field(default=None, max_length=64)  # "channel:ts" of the answers in the thread


class Outcome(SQLModel, table=True):
    """What a team delivered on a challenge, for other councils to reuse."""

    __tablename__ = "outcome"

    team_id: str = Field(primary_key=True, max_length=32)
    challenge_id: int = Field(primary_key=True)
    cohort_id: int | None = None
    delivered: str = Field(sa_column=Column(Text, nullable=False))
    links: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reusable: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    submitted_by: str = Field(max_length=32)
    submitted_at: datetime = _utc()


class AuditEvent(SQLModel, table=True):
    """Who did what, when: approvals, declines, cancellations, configuration changes and
    forget-me requests. No free text, only identifiers."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_team_at", "team_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    at: datetime = _utc()
    actor_id: str = Field(max_length=32)
    action: str = Field(max_length=40)
    subject: str | None = Field(default=None, max_length=40)  # e.g. "booking B-3", "profile of U123"


class IntroductionSettings(SQLModel, table=True):
    """Someone's weekly introductions (people offering the connector kind of help get them unless
    they opt out; anyone can opt in): snoozed until a date, or paused after three in a row that
    nobody answered, until they act on the Home tab."""

    __tablename__ = "introduction_settings"

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    opted_in: bool = False
    opted_out: bool = False
    snoozed_until: date | None = Field(default=None, sa_type=Date, nullable=True)  # introduced again from this day
    ignored: int = 0  # introductions in a row whose "did you meet?" nobody answered
    paused_at: datetime | None = _utc(default=None, nullable=True)
    updated_at: datetime = _utc()


class Introduction(SQLModel, table=True):
    """Two people from different councils introduced in a group DM in one ISO week, with the
    reason; then one "did you meet?" a week later, its answer, or that nobody answered it."""

    __tablename__ = "introduction"
    __table_args__ = (Index("ix_introduction_week", "team_id", "week_start"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    week_start: date = Field(sa_type=Date)
    first_id: str = Field(max_length=32)  # the one who wants introductions
    second_id: str = Field(max_length=32)
    reason: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # matching.introductions.Reason
    message: str | None = Field(default=None, max_length=64)  # "channel:ts" of the introduction (a group DM)
    created_at: datetime = _utc()
    followup: str | None = Field(default=None, max_length=64)  # "channel:ts" of the "did you meet?"
    followup_at: datetime | None = _utc(default=None, nullable=True)
    met: bool | None = None  # the answer: yes, no, or none yet
    answered_by: str | None = Field(default=None, max_length=32)
    answered_at: datetime | None = _utc(default=None, nullable=True)
    ignored_at: datetime | None = _utc(default=None, nullable=True)  # nobody answered the follow-up within a week
