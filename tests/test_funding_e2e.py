"""Crowdfunding end to end: targets, pledges of each kind, withdrawal rules, reaching a
target exactly once, and all-or-nothing deadlines."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlmodel import select

from bot.jobs.runner import run_job
from bot.services import funding
from bot.storage.models import Pledge, WorkspaceConfig
from tests.conftest import both_backends
from tests.pool_flows import last_dm_text, opened_view
from tests.slackdriver import blocks_text
from tests.test_challenges_e2e import post_challenge

MONEY = {"kind": "money", "amount": "£1,500", "on_behalf_of": "Leeds City Council", "note": "Go for it"}


def open_views(dozen) -> int:
    return len(dozen.fake.calls_to("views.open"))


def click_on_post(dozen, post, action, user):
    before = open_views(dozen)
    dozen.slack.click(action, user=user, blocks=post.blocks, channel=post.channel, message_ts=post.ts)
    dozen.settle()
    return before


def deadline(days=30) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def set_target(dozen, post, *, user="UALICE", target="5000", rule="all_or_nothing", days=30):
    before = click_on_post(dozen, post, "funding_target_open", user)
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {"target": target, "rule": rule, "deadline": deadline(days)}, user=user)
    dozen.settle()
    return reply


def pledge(dozen, user="UBOB", text="C-1", **values):
    before = open_views(dozen)
    reply = dozen.slack.command("/pledge", text, user=user)
    assert reply.text == "", reply.text
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {**MONEY, **values}, user=user)
    dozen.settle()
    return reply, view


def funding_line(post) -> str:
    return next((line for line in blocks_text(post.blocks).splitlines() if "pledged" in line), "")


def test_owner_sets_a_target_and_the_post_shows_it(dozen):
    post = post_challenge(dozen)
    assert "funding_target_open" in str(post.blocks) and "pledge_open" in str(post.blocks)
    before = click_on_post(dozen, post, "funding_target_open", "UALICE")
    view = opened_view(dozen, before)
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"] == [
        "Target in pounds", "Rule", "Deadline"]
    bad = dozen.slack.submit(view, {"target": "lots", "rule": "keep", "deadline": date.today().isoformat()},
                             user="UALICE")
    assert set(bad.json["errors"]) == {"target", "deadline"}
    assert dozen.slack.submit(view, {"target": "£5,000", "rule": "all_or_nothing", "deadline": deadline(30)},
                              user="UALICE").text == ""
    dozen.settle()
    assert funding_line(post) == ("`░░░░░░░░░░` *£0* of £5,000 pledged (0%) by 0 backers · all or nothing · "
                                  "30 days left")
    shown = dozen.slack.command("/challenge", "show C-1").message_text
    assert "£0* of £5,000 pledged" in shown


def test_only_the_owner_or_an_organiser_can_set_the_target(dozen):
    post = post_challenge(dozen)
    before = click_on_post(dozen, post, "funding_target_open", "UBOB")
    assert open_views(dozen) == before
    assert dozen.fake.responses[-1]["text"].startswith("Only <@UALICE>, who posted C-1, or an organiser can set")
    assert set_target(dozen, post, user="UADMIN").text == ""
    assert "£5,000" in funding_line(post)


def test_pledging_each_kind(dozen):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="keep")
    reply, view = pledge(dozen, text="C-1 £1,500")
    amount = next(b for b in view["blocks"] if b.get("block_id") == "amount")
    assert amount["element"]["initial_value"] == "£1,500"
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"] == [
        "What you are pledging", "Amount in pounds", "Description", "On behalf of", "Public note"]
    thanks = last_dm_text(dozen, "UBOB")
    assert "You pledged £1,500 to C-1" in thanks and "on behalf of Leeds City Council (P-1)" in thanks
    assert "pledge_change" in str(dozen.fake.dms_to("UBOB")[-1].blocks)
    pledge(dozen, user="UCAROL", kind="resource", amount="", description="A venue for 40 people",
           on_behalf_of="Manchester City Council")
    pledge(dozen, user="UDAN", kind="hours", amount="", description="20 hours of a data analyst",
           on_behalf_of="Acme Data Ltd")
    pledge(dozen, user="UERIN", amount="1.5k")
    assert funding_line(post).startswith("`▓▓▓▓▓▓░░░░` *£3,000* of £5,000 pledged (60%) by 4 backers")
    assert ("In kind: A venue for 40 people (Manchester City Council); 20 hours of a data analyst (Acme Data Ltd)"
            in blocks_text(post.blocks))
    listed = dozen.slack.command("/challenge", "list").message_text
    assert "`C-1` Cut the housing repairs backlog — Leeds · £3,000 of £5,000 (60%)" in listed


@pytest.mark.parametrize("values, field, message", [
    ({"amount": "lots"}, "amount", "is not an amount in pounds"),
    ({"amount": "0"}, "amount", "more than £0"),
    ({"amount": "-5"}, "amount", "is not an amount in pounds"),
    ({"amount": "12.345"}, "amount", "at most two decimal places"),
    ({"amount": "£1,000,000.01"}, "amount", "at most £1,000,000"),
    ({"amount": ""}, "amount", "Enter an amount"),
    ({"kind": "resource", "description": ""}, "description", "Describe the resource"),
    ({"kind": "hours", "description": "x"}, "description", "Describe the time"),
    ({"on_behalf_of": ""}, "on_behalf_of", "which council or organisation"),
])
def test_pledge_refusals_name_the_field(dozen, values, field, message):
    post_challenge(dozen)
    reply, _ = pledge(dozen, **values)
    assert message in reply.json["errors"][field]
    with dozen.db.reading() as session:
        assert session.exec(select(Pledge)).all() == []


def test_amounts_people_write(dozen):
    post_challenge(dozen)
    for number, text in enumerate(("1500", "£1,500", "1.5k", "£1500.00"), start=1):
        assert pledge(dozen, amount=text)[0].text == ""
    with dozen.db.reading() as session:
        assert [p.amount_pence for p in session.exec(select(Pledge).order_by(Pledge.id)).all()] == [150000] * 4


@pytest.mark.parametrize("text, expected", [
    ("", "/pledge C-12 [amount]"),
    ("C-9", "There is no challenge C-9"),
    ("banana", "is not a challenge ID"),
])
def test_pledge_command_usage(dozen, text, expected):
    assert expected in dozen.slack.command("/pledge", text).message_text


def test_closed_challenges_take_no_pledges(dozen):
    post_challenge(dozen)
    _, view = pledge(dozen)  # one pledge first, while it is open
    dozen.slack.command("/challenge", "close C-1", user="UALICE")
    assert "C-1 is closed: it no longer takes pledges" in dozen.slack.command("/pledge", "C-1").message_text
    stale = dozen.slack.submit(view, MONEY, user="UDAN")  # a form opened before it closed
    assert "it no longer takes pledges" in stale.json["errors"]["kind"]


def test_change_and_withdraw_with_keep_what_you_raise(dozen):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="keep", target="1000")
    pledge(dozen)  # £1,500: target reached
    assert "target reached" in funding_line(post)
    confirmation = next(m for m in dozen.fake.dms_to("UBOB") if "pledge_change" in str(m.blocks))
    before = open_views(dozen)
    dozen.slack.click("pledge_change", user="UBOB", blocks=confirmation.blocks, channel=confirmation.channel,
                      message_ts=confirmation.ts)
    view = opened_view(dozen, before)
    assert next(b for b in view["blocks"] if b.get("block_id") == "amount")["element"]["initial_value"] == "£1,500"
    assert dozen.slack.submit(view, {**MONEY, "amount": "900"}, user="UBOB").text == ""
    dozen.settle()
    assert "*£900* of £1,000" in funding_line(post)
    dozen.slack.click("pledge_withdraw", user="UBOB", blocks=confirmation.blocks, channel=confirmation.channel,
                      message_ts=confirmation.ts)  # keep what you raise: any time before it closes
    dozen.settle()
    assert "*£0* of £1,000" in funding_line(post)
    assert "You withdrew P-1" in dozen.fake.message(confirmation.channel, confirmation.ts).text


def test_all_or_nothing_pledges_are_fixed_once_the_target_is_reached(dozen):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="all_or_nothing", target="1000")
    pledge(dozen, user="UCAROL", amount="400")
    confirmation = next(m for m in dozen.fake.dms_to("UCAROL") if "pledge_withdraw" in str(m.blocks))
    pledge(dozen, user="UBOB", amount="600")  # reaches £1,000
    dozen.slack.click("pledge_withdraw", user="UCAROL", blocks=confirmation.blocks, channel=confirmation.channel,
                      message_ts=confirmation.ts)
    dozen.settle()
    assert "reached its all-or-nothing target, so its pledges are due" in dozen.fake.responses[-1]["text"]
    with dozen.db.reading() as session:
        assert {p.status for p in session.exec(select(Pledge)).all()} == {"due"}


def test_target_reached_is_announced_once_to_channel_owner_and_backers(dozen):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="all_or_nothing", target="2000")
    pledge(dozen, user="UCAROL", amount="1000")
    pledge(dozen, user="UBOB", amount="1000")
    pledge(dozen, user="UDAN", amount="50")  # after: no second announcement
    announcements = [c for c in dozen.fake.calls_to("chat.postMessage")
                     if c["channel"] == post.channel and "reached its funding target" in c["text"]]
    assert len(announcements) == 1
    assert "£2,000 of £2,000 pledged by 2 backers" in announcements[0]["text"]
    assert "Your challenge C-1" in last_dm_text(dozen, "UALICE") and "pledges are now due" in last_dm_text(dozen,
                                                                                                        "UALICE")
    for backer in ("UBOB", "UCAROL"):
        assert any("which you backed, reached its funding target. Your pledge is now due." in m.text
                   for m in dozen.fake.dms_to(backer))


@both_backends
def test_two_pledges_crossing_the_target_at_once_reach_it_once(db, backend):
    """£600 + £600 against £1,000, at the same moment, ten times over: each time exactly one of
    the two pledges reaches the target (neither may miss it, and never both)."""
    from bot.services import challenges

    now = datetime.now(timezone.utc)
    draft = challenges.ChallengeDraft(title="Race", problem="Two pledges arrive at the same moment.",
                                      skills=["Iterative design"], council_code="LDS", hours_per_week="2", weeks="2")
    for round_ in range(10):
        with db.session() as session:
            challenge = challenges.create(session, team_id="T1", owner_id="UO", draft=draft, now=now)
            funding.set_target(session, team_id="T1", challenge_id=challenge.id, user_id="UO", is_organiser=False,
                               amount="1000", rule="all_or_nothing", deadline=deadline(5), today=date.today(), now=now)
        start = threading.Barrier(2)
        reached = []

        def back(i, challenge_id=challenge.id):
            start.wait()
            with db.session() as session:
                _, did = funding.pledge(session, team_id="T1", challenge_id=challenge_id, user_id=f"UB{i}",
                                        draft=funding.PledgeDraft(kind="money", amount="600", on_behalf_of="Someone"),
                                        today=date.today(), now=now)
            reached.append(did)

        threads = [threading.Thread(target=back, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(reached) == [False, True], f"round {round_}: {reached}"


@both_backends
def test_crossing_pledges_through_slack_make_one_announcement(dozen, backend):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="keep", target="1000")
    views = []
    for user in ("UBOB", "UCAROL", "UDAN"):
        before = open_views(dozen)
        dozen.slack.command("/pledge", "C-1", user=user)
        views.append((user, opened_view(dozen, before)))
    results = []
    threads = [threading.Thread(target=lambda u=u, v=v: results.append(
        dozen.slack.submit(v, {**MONEY, "amount": "600"}, user=u).status)) for u, v in views]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    dozen.settle()
    assert results == [200, 200, 200]
    announcements = [c for c in dozen.fake.calls_to("chat.postMessage")
                     if c["channel"] == post.channel and "reached its funding target" in c["text"]]
    assert len(announcements) == 1


def test_all_or_nothing_deadline_releases_pledges_short_of_target(dozen):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="all_or_nothing", target="5000", days=10)
    pledge(dozen, user="UBOB", amount="1000")
    pledge(dozen, user="UCAROL", kind="resource", amount="", description="A venue", on_behalf_of="Leeds")
    ctx = dozen.ctx.for_job()
    with freeze_time(datetime.now(timezone.utc) + timedelta(days=10), tick=True):  # the deadline day itself
        assert run_job("pledge-deadlines", ctx) == "closed 0 funding deadlines, released 0"
    with freeze_time(datetime.now(timezone.utc) + timedelta(days=11), tick=True):
        assert run_job("pledge-deadlines", ctx) == "closed 1 funding deadline, released 1"
        assert run_job("pledge-deadlines", ctx) == "closed 0 funding deadlines, released 0"
    with dozen.db.reading() as session:
        assert {p.status for p in session.exec(select(Pledge)).all()} == {"released"}
    for person in ("UBOB", "UCAROL"):
        assert "every pledge is released: you owe nothing" in last_dm_text(dozen, person)
    assert "nobody owes anything" in last_dm_text(dozen, "UALICE")
    assert "Funding for C-1 closed" in dozen.slack.command("/pledge", "C-1").message_text


def test_keep_what_you_raise_deadline_keeps_pledges(dozen):
    post = post_challenge(dozen)
    set_target(dozen, post, rule="keep", target="5000", days=3)
    pledge(dozen, user="UBOB", amount="1000")
    with freeze_time(datetime.now(timezone.utc) + timedelta(days=4), tick=True):
        assert run_job("pledge-deadlines", dozen.ctx.for_job()) == "closed 1 funding deadline, released 0"
    with dozen.db.reading() as session:
        assert [p.status for p in session.exec(select(Pledge)).all()] == ["active"]
    assert "Funding for C-1: Cut the housing repairs backlog has closed with £1,000 pledged." in last_dm_text(
        dozen, "UBOB")


def test_a_workspace_counting_in_kronor_takes_amounts_as_swedes_write_them(dozen):
    """Money is counted in the workspace's currency: "1 500 kr", "1500,50" and "1,5k" are kronor,
    and a refusal does not speak of pounds."""
    with dozen.db.session() as session:
        session.add(WorkspaceConfig(team_id=dozen.slack.team, currency="SEK"))
    post_challenge(dozen)
    for text in ("1 500 kr", "1500,50", "SEK 2000", "1,5k"):
        assert pledge(dozen, amount=text)[0].text == "", text
    with dozen.db.reading() as session:
        assert [p.amount_pence for p in session.exec(select(Pledge).order_by(Pledge.id)).all()] == [
            150000, 150050, 200000, 150000]
    reply, _ = pledge(dozen, amount="lots")
    assert reply.json["errors"]["amount"] == "“lots” is not an amount. Write it like 1500, 1 500 or 1.5k."
    reply, _ = pledge(dozen, amount="1.500")  # 1500 or 1,5? Asked again rather than guessed
    assert "is not an amount" in reply.json["errors"]["amount"]
