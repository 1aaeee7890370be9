"""A challenge's whole life end to end: the similar-challenge warning (shown, post anyway, back
instead), every stage move announced once in its thread, voting windows closing at their end
(`python -m bot job voting-windows --at ...`), and `/challenge board`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.services import stages
from bot.storage.models import Challenge, ChallengeStage, Outcome, WorkspaceConfig
from bot.views.checkins import outcome_modal
from tests.conftest import SIGNING_SECRET, both_backends
from tests.fakeslack import TOKEN
from tests.pool_flows import make_member, opened_view
from tests.slackdriver import blocks_text, find_action
from tests.test_bookings_e2e import click, dm_with, request, weeks
from tests.test_challenges_e2e import CHANNEL, open_modal, post_challenge, vote_line
from tests.test_funding_e2e import pledge, set_target
from tests.test_process import clean_env, run_bot

TEAM = "T0DOZEN"
LIKE_GOOD = {  # the same problem as GOOD, told by another council in other words
    "title": "Housing repair requests take too long",
    "problem": "Our tenants wait weeks for repairs to be done and keep phoning to chase progress.",
    "skills": ["User research methods"],
    "other_skills": "",
    "council": "MAN",
    "hours": "4",
    "weeks": "8",
}
UNLIKE = {
    "title": "Council tax reminders people understand",
    "problem": "Residents ignore our council tax reminder letters; we want clearer letters and fewer summonses.",
    "skills": ["User-centred content design"],
    "other_skills": "",
    "council": "BIR",
    "hours": "3",
    "weeks": "4",
}


def configure(dozen, **values):
    """An organiser saves `/dozen config` with these values (the rest as shown)."""
    before = len(dozen.fake.calls_to("views.open"))
    assert dozen.slack.command("/dozen", "config", user="UADMIN").text == ""
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, values, user="UADMIN")
    assert reply.text == "", reply.text
    dozen.settle()  # "settings saved" is sent after the form closes: let it go before anything else is posted
    return view


def thread(dozen, post) -> list[str]:
    """What Dozen said in a post's thread, oldest first."""
    dozen.settle()
    said = [m for m in dozen.fake.messages.values() if m.thread_ts == post.ts and m.channel == post.channel]
    return [m.text + "\n" + blocks_text(m.blocks) for m in sorted(said, key=lambda m: float(m.ts))]


def announced(dozen, post, words: str) -> int:
    return sum(words in text for text in thread(dozen, post))


def challenge(dozen, number=1) -> Challenge:
    with dozen.db.reading() as session:
        return session.exec(select(Challenge).where(Challenge.number == number)).one()


def moves(dozen, number=1) -> list[ChallengeStage]:
    found = challenge(dozen, number)
    with dozen.db.reading() as session:
        return stages.history(session, TEAM, found.id)


def warned(dozen, values=LIKE_GOOD, user="UBOB"):
    """Submit a new challenge like C-1: the modal comes back updated with the warning."""
    view = open_modal(dozen, user=user)
    posts = len(dozen.fake.calls_to("chat.postMessage"))
    reply = dozen.slack.submit(view, values, user=user)
    assert reply.status == 200 and reply.json["response_action"] == "update", reply.text
    assert len(dozen.fake.calls_to("chat.postMessage")) == posts  # nothing posted...
    updated = dict(reply.json["view"], id=view["id"], hash=view["hash"])  # Slack keeps the view's id
    return view, updated


# -- before posting: "someone already did this" ----------------------------------------------------------------
def test_a_close_challenge_is_shown_before_posting_and_nothing_is_stored(dozen):
    post_challenge(dozen)  # C-1, Leeds: housing repairs
    unlike = dozen.slack.submit(open_modal(dozen), UNLIKE)  # nothing like C-1: posted without a warning
    assert unlike.status == 200 and unlike.text == ""
    dozen.settle()
    assert "`C-2` Council tax reminders" in dozen.slack.command("/challenge", "list").message_text
    dozen.slack.react("UCAROL", *_post_ref(dozen, 1))
    dozen.settle()

    _, updated = warned(dozen)
    assert updated["title"]["text"] == "Similar challenges" and updated["submit"]["text"] == "Post anyway"
    shown = blocks_text(updated["blocks"])
    assert "This challenge looks like yours" in shown
    assert "C-1: Cut the housing repairs backlog" in shown and "Leeds · Proposed · 1 vote" in shown
    assert "Council tax" not in shown  # only the close ones
    back = find_action(updated["blocks"], "challenge_back_instead")
    assert back["text"]["text"] == "Back this one instead" and back["value"] == str(challenge(dozen, 1).id)
    # The form below keeps exactly what was typed.
    inputs = {b["block_id"]: b["element"] for b in updated["blocks"] if b["type"] == "input"}
    assert inputs["title"]["initial_value"] == LIKE_GOOD["title"]
    assert inputs["problem"]["initial_value"] == LIKE_GOOD["problem"]
    assert [o["value"] for o in inputs["skills"]["initial_options"]] == ["User research methods"]
    assert inputs["council"]["initial_option"]["value"] == "MAN"
    assert (inputs["hours"]["initial_value"], inputs["weeks"]["initial_value"]) == ("4", "8")
    with dozen.db.reading() as session:  # nothing stored until they choose
        assert len(session.exec(select(Challenge)).all()) == 2


def test_a_delivered_challenge_is_shown_with_its_outcome(dozen):
    post_challenge(dozen)
    _record_outcome(dozen, challenge(dozen, 1), "A repairs tracker tenants can check online, in beta")
    _, updated = warned(dozen)
    shown = blocks_text(updated["blocks"])
    assert "C-1: Cut the housing repairs backlog" in shown and "Leeds · Delivered · 0 votes" in shown
    assert "Outcome: A repairs tracker tenants can check online, in beta" in shown
    with pytest.raises(AssertionError):  # voting on a delivered challenge has ended: nothing to back
        find_action(updated["blocks"], "challenge_back_instead")


def test_post_anyway_posts_exactly_what_was_typed(dozen):
    post_challenge(dozen)
    view, updated = warned(dozen)
    reply = dozen.slack.submit(updated, {}, user="UBOB")  # the submit button: Post anyway
    assert reply.status == 200 and reply.text == "", reply.text
    post = dozen.fake.wait_for("chat.postMessage", count=2)[-1]
    assert "C-2: Housing repair requests take too long" in blocks_text(post["blocks"])
    made = challenge(dozen, 2)
    assert (made.title, made.problem, made.skills, made.council_code, made.hours_per_week, made.weeks,
            made.owner_id) == (LIKE_GOOD["title"], LIKE_GOOD["problem"], ["User research methods"], "MAN", 4.0, 8,
                               "UBOB")
    assert "Posted *C-2: Housing repair requests take too long*" in dozen.fake.wait_for_response(2)[-1]["text"]


def test_back_this_one_instead_votes_for_it_once_and_links_to_it(dozen):
    first = post_challenge(dozen)
    _, updated = warned(dozen)
    assert dozen.slack.click("challenge_back_instead", user="UBOB", view=updated).status == 200
    dozen.settle()
    backed = dozen.fake.last("views.update")
    assert backed["view_id"] == updated["id"]
    shown = blocks_text(backed["view"]["blocks"])
    assert "You back *C-1: Cut the housing repairs backlog* now" in shown and "It has 1 vote" in shown
    link = f"https://dozen-test.slack.com/archives/{CHANNEL}/p{first.ts.replace('.', '')}"
    assert f"<{link}|Open C-1 in Slack>" in shown
    assert "*1 vote*" in vote_line(first)
    assert "There is no challenge C-2" in dozen.slack.command("/challenge", "show C-2").message_text

    # One vote per person, whatever mix of button and reactions.
    dozen.slack.react("UBOB", first.channel, first.ts)
    dozen.settle()
    assert "*1 vote*" in vote_line(first)
    dozen.slack.react("UBOB", first.channel, first.ts, removed=True)
    dozen.slack.react("UCAROL", first.channel, first.ts)
    dozen.settle()
    assert "*2 votes*" in vote_line(first)
    dozen.slack.click("challenge_back_instead", user="UBOB", view=updated)
    dozen.settle()
    assert "You had already voted for *C-1" in blocks_text(dozen.fake.last("views.update")["view"]["blocks"])
    assert "*2 votes*" in vote_line(first)


def test_back_instead_is_refused_once_voting_has_closed(dozen):
    post_challenge(dozen)
    _, updated = warned(dozen)
    dozen.slack.command("/challenge", "close C-1", user="UALICE")
    dozen.slack.click("challenge_back_instead", user="UBOB", view=updated)
    dozen.settle()
    assert "Voting on C-1 has closed." in blocks_text(dozen.fake.last("views.update")["view"]["blocks"])
    assert "0 votes" in dozen.slack.command("/challenge", "show C-1").message_text


# -- stages ------------------------------------------------------------------------------------------------------
def test_enough_votes_shortlist_a_challenge_announced_once(dozen):
    configure(dozen, vote_threshold="2")
    post = post_challenge(dozen)
    assert "Stage: *Proposed*" in blocks_text(post.blocks)
    dozen.slack.react("UBOB", post.channel, post.ts)
    dozen.settle()
    assert challenge(dozen).stage == "proposed" and thread(dozen, post) == []
    dozen.slack.react("UCAROL", post.channel, post.ts)
    dozen.slack.react("UDAN", post.channel, post.ts)
    dozen.slack.react("UCAROL", post.channel, post.ts, removed=True)
    dozen.slack.react("UCAROL", post.channel, post.ts)
    dozen.settle()
    assert challenge(dozen).stage == "shortlisted" and challenge(dozen).status == "open"
    assert announced(dozen, post, "C-1 is shortlisted") == 1 and len(thread(dozen, post)) == 1
    assert "Stage: *Shortlisted*" in blocks_text(post.blocks)
    assert [m.stage for m in moves(dozen)] == ["proposed", "shortlisted"]
    assert moves(dozen)[1].by_user is None  # the votes moved it


def test_funded_in_progress_and_delivered_each_announced_once(dozen):
    make_member(dozen, person="UBOB", manager="UCAROL")
    with dozen.db.session() as session:  # bookings are confirmed by the person alone
        session.add(WorkspaceConfig(team_id=TEAM, manager_approval=False))
    post = post_challenge(dozen, user="UDAN", council="MAN")
    set_target(dozen, post, user="UDAN", target="1000", rule="keep")
    pledge(dozen, user="UERIN", amount="600")
    assert challenge(dozen).stage == "proposed"
    pledge(dozen, user="UERIN", amount="500")  # the target is met
    pledge(dozen, user="UALICE", amount="100")
    assert challenge(dozen).stage == "funded"
    assert announced(dozen, post, "C-1 is funded") == 1

    for week in weeks(dozen)[:2]:  # two bookings confirmed: in progress once
        request(dozen, week=week, person="UBOB", user="UDAN")
        click(dozen, "UBOB", "booking_approve", dm_with(dozen, "UBOB", "booking_approve"))
    assert challenge(dozen).stage == "in_progress" and challenge(dozen).status == "open"
    assert announced(dozen, post, "C-1 is in progress") == 1
    assert "Stage: *In progress*" in blocks_text(post.blocks)

    _record_outcome(dozen, challenge(dozen), "A repairs tracker tenants can check online, in beta")
    assert (challenge(dozen).stage, challenge(dozen).status) == ("delivered", "delivered")
    assert announced(dozen, post, "C-1 is delivered") == 1  # the outcome note is its announcement
    assert [m.stage for m in moves(dozen)] == ["proposed", "funded", "in_progress", "delivered"]
    assert "(delivered)" in blocks_text(post.blocks)
    assert len(thread(dozen, post)) == 3


def test_a_confirmed_cohort_puts_its_challenges_in_progress(dozen):
    from tests.test_cohorts_e2e import PEOPLE, add_member, approval, confirm_all, propose

    approval(dozen, False)
    for user, council in PEOPLE:
        add_member(dozen, user, council)
    first = post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    second = post_challenge(dozen, user="UDAN", **UNLIKE)
    propose(dozen, size="4", challenges=("1", "2"))
    confirm_all(dozen)
    for post, number in ((first, 1), (second, 2)):
        assert challenge(dozen, number).stage == "in_progress"
        assert announced(dozen, post, f"C-{number} is in progress") == 1
        assert moves(dozen, number)[-1].by_user == "UADMIN"


def test_close_with_a_reason_is_recorded_announced_and_shown(dozen):
    post = post_challenge(dozen)
    reply = dozen.slack.command("/challenge", "close C-1 <!channel> merged into C-7 & done", user="UALICE")
    assert "Closed C-1" in reply.message_text
    dozen.settle()
    closed = challenge(dozen)
    assert (closed.stage, closed.status, closed.closed_by) == ("closed", "closed", "UALICE")
    assert closed.close_reason == "<!channel> merged into C-7 & done"
    assert [(m.stage, m.by_user, m.reason) for m in moves(dozen)][-1] == (
        "closed", "UALICE", "<!channel> merged into C-7 & done")
    [said] = thread(dozen, post)
    assert "C-1 was closed* by <@UALICE>: &lt;!channel&gt; merged into C-7 &amp; done" in said
    assert "<!channel>" not in said
    shown = blocks_text(post.blocks)
    assert "Stage: *Closed*" in shown and "voting has ended" in shown
    assert "already closed" in dozen.slack.command("/challenge", "close C-1 again", user="UALICE").message_text
    assert announced(dozen, post, "was closed") == 1


def test_a_closing_reason_has_a_limit(dozen):
    post_challenge(dozen)
    reply = dozen.slack.command("/challenge", "close C-1 " + "x" * 301, user="UALICE")
    assert "Keep the reason to 300 characters" in reply.message_text
    assert challenge(dozen).stage == "proposed"


def test_board_lists_challenges_by_stage_most_votes_first(dozen):
    configure(dozen, vote_threshold="1")
    post_challenge(dozen, title="Least loved", **{k: v for k, v in UNLIKE.items() if k != "title"})
    loved = post_challenge(dozen, title="Most loved")
    fewer = post_challenge(dozen, title="Second best", problem="Bus shelters are broken and nobody reports them.")
    dozen.slack.command("/challenge", "close C-1 not needed", user="UALICE")
    for user in ("UBOB", "UCAROL"):
        dozen.slack.react(user, loved.channel, loved.ts)
    dozen.slack.react("UDAN", fewer.channel, fewer.ts)
    dozen.settle()
    reply = dozen.slack.command("/challenge", "board")
    assert reply.json["response_type"] == "ephemeral"
    text = reply.message_text
    for lane in ("*Proposed* (0)", "*Shortlisted* (2)", "*Funded* (0)", "*In progress* (0)", "*Delivered* (0)"):
        assert lane in text
    assert text.index("Most loved") < text.index("Second best")
    assert "*2 votes* · `C-2` Most loved" in text and "Least loved" not in text  # closed: not on the board
    assert "board" in dozen.slack.command("/challenge", "help").message_text


# -- voting windows ------------------------------------------------------------------------------------------------
def test_voting_closes_when_the_window_ends(dozen, monkeypatch, tmp_path):
    configure(dozen, voting_window_weeks="1", vote_threshold="2")
    post = post_challenge(dozen)
    posted = challenge(dozen)
    assert posted.voting_closes_at == posted.created_at + timedelta(weeks=1)
    assert "to vote until" in vote_line(post)
    dozen.slack.react("UBOB", post.channel, post.ts)
    dozen.settle()
    assert "*1 vote*" in vote_line(post)

    end = posted.voting_closes_at
    env = clean_env(tmp_path, DATABASE_URL=dozen.db.url, SLACK_API_URL=dozen.fake.url, SLACK_BOT_TOKEN=TOKEN,
                    SLACK_SIGNING_SECRET=SIGNING_SECRET)
    assert "voting-windows" in run_bot("jobs", env=env).stdout
    before = run_bot("job", "voting-windows", "--at", (end - timedelta(minutes=1)).isoformat(), env=env)
    assert before.returncode == 0, before.stderr
    assert "closed voting on 0 challenges" in before.stdout

    monkeypatch.setattr(dozen.ctx.clock, "now", lambda: end + timedelta(minutes=5))
    dozen.slack.react("UCAROL", post.channel, post.ts)  # after the window: not a vote
    dozen.settle()
    assert "*1 vote*" in vote_line(post) and challenge(dozen).stage == "proposed"

    ran = run_bot("job", "voting-windows", "--at", (end + timedelta(minutes=7)).isoformat(), env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"closed voting on 1 challenge: {TEAM} C-1"
    assert "Voting on C-1 closed on" in vote_line(post) and "React with" not in vote_line(post)
    again = run_bot("job", "voting-windows", "--at", (end + timedelta(hours=1)).isoformat(), env=env)
    assert "closed voting on 0 challenges" in again.stdout  # once per challenge
    assert challenge(dozen).status == "open"  # still open: pledges and bookings go on
    assert "Pledge" in blocks_text(post.blocks)


def test_no_window_means_voting_never_closes(dozen, monkeypatch):
    configure(dozen, voting_window_weeks="0")
    post = post_challenge(dozen)
    assert challenge(dozen).voting_closes_at is None and "until" not in vote_line(post)
    later = challenge(dozen).created_at + timedelta(weeks=100)
    monkeypatch.setattr(dozen.ctx.clock, "now", lambda: later)
    dozen.slack.react("UBOB", post.channel, post.ts)
    dozen.settle()
    assert "*1 vote*" in vote_line(post)


def test_settings_are_checked_and_named(dozen):
    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.command("/dozen", "config", user="UADMIN")
    view = opened_view(dozen, before)
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["vote_threshold"]["initial_value"] == "5" and inputs["voting_window_weeks"]["initial_value"] == "4"
    assert inputs["public_board"]["initial_option"]["value"] == "off"
    bad = dozen.slack.submit(view, {"vote_threshold": "0", "voting_window_weeks": "-1"}, user="UADMIN")
    assert set(bad.json["errors"]) == {"vote_threshold", "voting_window_weeks"}
    assert "from 1 to 1000" in bad.json["errors"]["vote_threshold"]
    assert "0: voting never closes" in bad.json["errors"]["voting_window_weeks"]
    configure(dozen, vote_threshold="7", voting_window_weeks="2", public_board="on")
    with dozen.db.reading() as session:
        config = session.get(WorkspaceConfig, TEAM)
    assert (config.vote_threshold, config.voting_window_weeks, config.public_board) == (7, 2, True)


# -- helpers -------------------------------------------------------------------------------------------------------
def _post_ref(dozen, number):
    found = challenge(dozen, number)
    return found.channel_id, found.message_ts


def _record_outcome(dozen, made: Challenge, delivered: str):
    """The challenge's owner saves the outcome form (as a cohort's Record the outcome opens it)."""
    view = dict(outcome_modal(None, made, None), id="VOUTCOME")
    reply = dozen.slack.submit(view, {"delivered": delivered, "links": "", "reusable": "The tracker's code"},
                               user=made.owner_id)
    assert reply.text == "", reply.text
    dozen.settle()
    with dozen.db.reading() as session:
        assert session.get(Outcome, (TEAM, made.id)) is not None


def test_only_its_team_or_owner_records_an_outcome(dozen):
    """Without a cohort the team is the people booked on the challenge: a form sent by anyone
    else (a forged or stale one) is refused, and nothing is stored."""
    post_challenge(dozen)
    made = challenge(dozen, 1)
    view = dict(outcome_modal(None, made, None), id="VOUTCOME")
    reply = dozen.slack.submit(view, {"delivered": "A repairs tracker tenants can check online"}, user="UERIN")
    assert "Only C-1's team or its owner can record its outcome." in reply.text
    with dozen.db.reading() as session:
        assert session.get(Outcome, (TEAM, made.id)) is None
        assert session.get(Challenge, made.id).stage == "proposed"


# -- the migration: existing challenges get a stage ------------------------------------------------------------------
@both_backends
def test_the_migration_gives_existing_challenges_sensible_stages(backend, tmp_path):
    """At revision 0008: an open challenge with 2 votes, one with 5, one with its target reached,
    one with a confirmed booking, a closed one and a delivered one. After 0009 each has a stage
    and a history, nothing to announce, and no voting window."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from bot.storage.db import Database
    from bot.storage.migrate import alembic_config
    from tests.conftest import PG_URL

    if backend == "sqlite":
        url, admin, schema = f"sqlite:///{tmp_path / 'old.db'}", None, None
    else:
        schema = f"dozen_mig_{tmp_path.name[-8:].lower().replace('-', '_')}"
        admin = create_engine(PG_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    db = Database(url)
    try:
        config = alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0008")
        at = "2026-10-01 09:00:00"
        with db.engine.begin() as connection:
            for number, status in enumerate(("open", "open", "open", "open", "closed", "delivered"), start=1):
                connection.execute(text(
                    "INSERT INTO challenge (id, team_id, number, title, problem, skills, council_code, owner_id, "
                    "hours_per_week, weeks, status, created_at, closed_at, closed_by) VALUES (:n, 'T1', :n, 'T', "
                    "'A problem statement', '[]', 'LDS', 'U1', 2, 2, :status, :at, :closed, :by)"),
                    {"n": number, "status": status, "at": at, "closed": at if status == "closed" else None,
                     "by": "U9" if status == "closed" else None})
            for challenge_id, voters in ((1, 2), (2, 5)):
                for voter in range(voters):
                    connection.execute(text("INSERT INTO reaction (team_id, kind, target_id, user_id, emoji, created_at)"
                                            " VALUES ('T1', 'challenge', :c, :u, '+1', :at)"),
                                       {"c": challenge_id, "u": f"U{voter}", "at": at})
            connection.execute(text("INSERT INTO funding (team_id, challenge_id, target_pence, rule, deadline, set_by, "
                                    "set_at, reached_at) VALUES ('T1', 3, 100, 'keep', '2026-12-01', 'U1', :at, :at)"),
                               {"at": at})
            connection.execute(text(
                "INSERT INTO booking (team_id, number, person_id, requester_id, challenge_id, week_start, hours, "
                "status, provider_council, booking_council, created_at, decided_at) VALUES ('T1', 1, 'U2', 'U1', 4, "
                "'2026-10-05', 3, 'confirmed', 'LDS', 'LDS', :at, :at)"), {"at": at})
            connection.execute(text("INSERT INTO outcome (team_id, challenge_id, delivered, submitted_by, submitted_at) "
                                    "VALUES ('T1', 6, 'A thing that works', 'U1', :at)"), {"at": at})
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0009")
        with db.reading() as session:
            found = {c.number: c for c in session.exec(select(Challenge)).all()}
            history = session.exec(select(ChallengeStage).order_by(ChallengeStage.id)).all()
        assert {n: (c.stage, c.status) for n, c in found.items()} == {
            1: ("proposed", "open"), 2: ("shortlisted", "open"), 3: ("funded", "open"), 4: ("in_progress", "open"),
            5: ("closed", "closed"), 6: ("delivered", "delivered")}
        assert all(c.voting_closes_at is None for c in found.values())
        assert [(h.challenge_id, h.stage) for h in history if h.stage != "proposed"] == [
            (2, "shortlisted"), (3, "funded"), (4, "in_progress"), (5, "closed"), (6, "delivered")]
        assert len([h for h in history if h.stage == "proposed"]) == 6
        assert all(h.announced_at is not None for h in history)  # nothing old is announced again
        assert next(h for h in history if h.stage == "closed").by_user == "U9"
        with db.engine.begin() as connection:  # and back down
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
    finally:
        db.dispose()
        if admin is not None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
