"""Many workspaces, one network: Dozen installed with OAuth in three councils' workspaces,
each with its own token and people, sharing challenges and the pool."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from freezegun import freeze_time

from bot.jobs.runner import run_job
from bot.services import network as network_service
from bot.storage.models import NetworkMember
from tests.conftest import both_backends, serving
from tests.pool_flows import opened_view
from tests.slackdriver import blocks_text
from tests.test_cohorts_e2e import working_day

CLIENT_ID, CLIENT_SECRET = "1111.2222", "oauth-secret"
WORKSPACES = {  # team: (token, name, installer)
    "TA": ("xoxb-leeds", "Leeds City Council", "UA_ADMIN"),
    "TB": ("xoxb-manchester", "Manchester City Council", "UB_ADMIN"),
    "TC": ("xoxb-bristol", "Bristol City Council", "UC_ADMIN"),
}
PEOPLE = {"TA": ["UA_BOB", "UA_CAROL"], "TB": ["UB_DAN", "UB_ERIN"], "TC": ["UC_FRED"]}


@pytest.fixture
def network(fake, db, clock):
    for team, (token, name, installer) in WORKSPACES.items():
        fake.add_workspace(team, token, name=name)
        fake.add_user(installer, team=team, admin=True)
        for person in PEOPLE[team]:
            fake.add_user(person, team=team)
    with serving(fake, db, clock, slack_bot_token="", slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET,
                 public_url="https://dozen.example.org", admins=frozenset()) as dozen:
        yield dozen


def start_install(dozen) -> tuple[str, str]:
    """Someone opens /slack/install: the Add to Slack page, its state, and the state cookie."""
    status, page, headers = dozen.slack.get("/slack/install")
    assert status == 200 and "Add to Slack" in page
    state = re.search(r"state=([^&\"']+)", page).group(1)
    cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
    return state, cookie


def install(dozen, team: str, *, code: str | None = None) -> tuple[int, str]:
    """The whole OAuth install, as a browser and Slack do it."""
    token, name, installer = WORKSPACES[team]
    state, cookie = start_install(dozen)
    code = code or f"code-{team}"
    dozen.fake.grant(code, team, token, installer=installer, team_name=name)
    status, body, _ = dozen.slack.get(f"/slack/oauth_redirect?code={code}&state={state}", cookie=cookie)
    return status, body


def dms(dozen, user: str) -> list:
    return dozen.fake.dms_to(user)


def approve(dozen, team: str, *, by: str = "UA_ADMIN", action: str = "network_approve") -> None:
    request = next(m for m in reversed(dms(dozen, by)) if f"join_{team}" in str(m.blocks))
    reply = dozen.slack.in_team("TA").click(action, user=by, blocks=request.blocks, channel=request.channel,
                                            message_ts=request.ts)
    assert reply.status == 200
    dozen.settle()


def test_install_with_oauth_and_join_the_network(network):
    dozen = network
    status, body = install(dozen, "TA")
    assert status == 200, body
    dozen.settle()
    with dozen.db.reading() as session:
        from bot.services import network as service

        founder = service.member(session, "TA")
        assert founder.status == "member" and founder.home and founder.council_code == "LDS"
    # Leeds founded the network; Manchester asks to join and waits
    assert install(dozen, "TB")[0] == 200
    dozen.settle()
    waiting = dms(dozen, "UB_ADMIN")[-1]
    assert "has asked to join the network" in waiting.text
    assert dozen.fake.calls_in("TB", "chat.postMessage")  # told in its own workspace, with its own token
    request = dms(dozen, "UA_ADMIN")[-1]
    assert "Manchester City Council (Manchester) installed Dozen and asks to join" in request.text
    assert [c for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == "UA_ADMIN"][-1].team == "TA"
    # someone who isn't an organiser of the network can't let it in
    refused = dozen.slack.in_team("TA").click("network_approve", user="UA_BOB", blocks=request.blocks,
                                              channel=request.channel, message_ts=request.ts)
    assert refused.status == 200
    dozen.settle()
    assert "Only the network's organisers" in dozen.fake.responses[-1]["text"]
    approve(dozen, "TB")
    assert "let in by <@UA_ADMIN>" in dozen.fake.message(request.channel, request.ts).text
    assert "is now in Dozen's network" in dms(dozen, "UB_ADMIN")[-1].text
    with dozen.db.reading() as session:
        assert service.teams(session, "TB") == ["TB", "TA"]
        assert service.teams(session, "TC") == ["TC"]  # not installed: on its own


def test_a_forged_or_replayed_state_is_refused(network):
    dozen = network
    state, cookie = start_install(dozen)
    dozen.fake.grant("code-forged", "TA", "xoxb-leeds", installer="UA_ADMIN")
    status, _, _ = dozen.slack.get("/slack/oauth_redirect?code=code-forged&state=made-up", cookie=cookie)
    assert status != 200
    status, _, _ = dozen.slack.get(f"/slack/oauth_redirect?code=code-forged&state={state}", cookie="x=y")
    assert status != 200  # not the browser that started the install
    assert install(dozen, "TA")[0] == 200
    state, cookie = start_install(dozen)
    dozen.fake.grant("code-again", "TB", "xoxb-manchester", installer="UB_ADMIN")
    assert dozen.slack.get(f"/slack/oauth_redirect?code=code-again&state={state}", cookie=cookie)[0] == 200
    dozen.fake.grant("code-replay", "TB", "xoxb-manchester", installer="UB_ADMIN")
    replayed = dozen.slack.get(f"/slack/oauth_redirect?code=code-replay&state={state}", cookie=cookie)
    assert replayed[0] != 200  # a state works once
    with dozen.db.reading() as session:
        from bot.storage.models import NetworkMember

        assert {m.team_id for m in session.exec(__import__("sqlmodel").select(NetworkMember)).all()} == {"TA", "TB"}


def join_all(dozen) -> None:
    """Leeds founds the network; Manchester and Bristol join; each chose a challenges channel."""
    from bot.storage.models import WorkspaceConfig

    for team in WORKSPACES:
        assert install(dozen, team)[0] == 200
        dozen.settle()
        if team != "TA":
            approve(dozen, team)
    with dozen.db.session() as session:
        for team in WORKSPACES:
            session.add(WorkspaceConfig(team_id=team, challenges_channel=f"C{team}_CHALLENGES",
                                        digest_channel=f"C{team}_DIGEST"))


def post_challenge(dozen, team: str, user: str, title: str = "Cut the housing repairs backlog") -> None:
    slack = dozen.slack.in_team(team)
    before = len(dozen.fake.calls_to("views.open"))
    assert slack.command("/challenge", f"new {title}", user=user, channel=f"C{team}_CHALLENGES").status == 200
    view = dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]
    reply = slack.submit(view, {"problem": "Tenants wait nine weeks for repairs and call us again and again.",
                                "skills": ["User research methods"], "council": "LDS", "hours": "4", "weeks": "6"},
                         user=user)
    assert reply.status == 200 and not reply.text, reply.text
    dozen.settle()


def copies(dozen, title: str) -> dict[str, object]:
    """Each workspace's post of a challenge, by workspace."""
    found = {}
    for call in dozen.fake.calls_to("chat.postMessage"):
        if call.result and call.result.get("ok") and title in call.get("text", "") and \
                call["channel"].endswith("_CHALLENGES"):
            found[call.team] = dozen.fake.message(call.result["channel"], call.result["ts"])
    return found


def vote_line(message) -> str:
    return next(line for line in blocks_text(message.blocks).splitlines() if "vote" in line)


@both_backends
def test_a_challenge_from_one_workspace_is_voted_on_in_the_others(network, backend):
    dozen = network
    join_all(dozen)
    post_challenge(dozen, "TA", "UA_BOB")
    posts = copies(dozen, "Cut the housing repairs backlog")
    assert set(posts) == {"TA", "TB", "TC"}  # posted in Leeds, copied to Manchester and Bristol
    assert "<@UA_BOB>" in blocks_text(posts["TA"].blocks)
    for team in ("TB", "TC"):  # a mention of someone from another workspace shows nothing there
        assert "<@UA_BOB>" not in blocks_text(posts[team].blocks)
        assert "(Leeds City Council)" in blocks_text(posts[team].blocks), blocks_text(posts[team].blocks)
    for team, user in (("TA", "UA_CAROL"), ("TB", "UB_DAN"), ("TC", "UC_FRED"), ("TB", "UB_ERIN")):
        dozen.slack.in_team(team).react(user, posts[team].channel, posts[team].ts)
    dozen.slack.in_team("TB").react("UB_DAN", posts["TB"].channel, posts["TB"].ts, "+1::skin-tone-2")  # still one
    dozen.settle()
    for team, post in posts.items():
        assert "*4 votes*" in vote_line(post), (team, vote_line(post))
    updates = [c for c in dozen.fake.calls_to("chat.update") if c.result and c.result.get("ok")]
    assert {c.team for c in updates} == {"TA", "TB", "TC"}  # each copy redrawn with its own workspace's token
    listed = dozen.slack.in_team("TC").command("/challenge", "list", user="UC_FRED")
    assert "Cut the housing repairs backlog" in listed.message_text  # the network's challenges, seen from Bristol
    shown = dozen.slack.in_team("TC").command("/challenge", "show C-1", user="UC_FRED").message_text
    assert "(Leeds City Council)" in shown and "<@UA_BOB>" not in shown
    for team, post in posts.items():  # the redraws name the owner as the first drawing did
        assert ("<@UA_BOB>" in blocks_text(post.blocks)) == (team == "TA")


def pool_member(dozen, team: str, user: str, name: str, council: str, manager: str, skills: dict) -> None:
    """Someone who joined their workspace's pool (the pool tests show how); the network shares it."""
    from bot.storage.models import Profile

    now = dozen.ctx.clock.now()
    with dozen.db.session() as session:
        session.add(Profile(team_id=team, user_id=user, council_code=council, line_manager_id=manager,
                            hours_per_week=10, skills=skills, help_kinds=["user_research"], status="member",
                            display_name=name, created_at=now, updated_at=now, approved_at=now))


def sent_to(dozen, user: str) -> list:
    """chat.postMessage calls that reached `user` (a DM), with the workspace whose token sent them."""
    return [c for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == user and c.result
            and c.result.get("ok")]


@both_backends
def test_a_member_of_one_workspace_is_booked_from_another(network, backend):
    from bot.services import availability

    dozen = network
    join_all(dozen)
    pool_member(dozen, "TA", "UA_BOB", "Bob Leeds", "LDS", "UA_CAROL", {"User research methods": "Expert"})
    post_challenge(dozen, "TB", "UB_DAN", title="Digitise planning appeals")
    manchester = dozen.slack.in_team("TB")
    # Bob isn't in Manchester's Slack: /book finds him in the network's pool by name
    before = len(dozen.fake.calls_to("views.open"))
    assert manchester.command("/book", "@Bob Leeds", user="UB_DAN", channel="CTB_CHALLENGES").status == 200
    view = dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]
    person = next(b for b in view["blocks"] if b.get("block_id") == "person")["element"]
    assert person["type"] == "external_select" and person["initial_option"]["value"] == "TA|UA_BOB"
    offered = manchester.suggest(view, "person", "research").json["options"]
    assert [o["value"] for o in offered] == ["TA|UA_BOB"] and "Leeds" in offered[0]["text"]["text"]
    week = availability.coming_weeks(dozen.ctx.today(), 2)[1]
    reply = manchester.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": "3"}, user="UB_DAN")
    assert reply.status == 200 and not reply.text, reply.text
    dozen.settle()
    # each DM goes to its person in their own workspace, with that workspace's token
    [ask_bob], [ask_carol] = sent_to(dozen, "UA_BOB"), sent_to(dozen, "UA_CAROL")
    assert ask_bob.team == ask_carol.team == "TA"
    assert "Dan (Manchester City Council) would like to book" in ask_bob["text"].replace("Ub_Dan", "Dan")
    leeds = dozen.slack.in_team("TA")
    for approver in ("UA_BOB", "UA_CAROL"):
        dm = next(m for m in dozen.fake.dms_to(approver) if "would like to book" in m.text)
        assert leeds.click("booking_approve", user=approver, blocks=dm.blocks, channel=dm.channel,
                           message_ts=dm.ts).status == 200
        dozen.settle()
    confirmed_bob = [c for c in sent_to(dozen, "UA_BOB") if "Booked" in c["text"]]
    confirmed_dan = [c for c in sent_to(dozen, "UB_DAN") if "Confirmed" in c["text"]]
    assert len(confirmed_bob) == 1 and confirmed_bob[0].team == "TA"
    assert len(confirmed_dan) == 1 and confirmed_dan[0].team == "TB"
    assert "Bob Leeds (Leeds City Council) gives 3h" in confirmed_dan[0]["text"]
    with dozen.db.reading() as session:
        [hours] = availability.week_hours(session, __import__("bot.services.pool", fromlist=["x"]).get_profile(
            session, "TA", "UA_BOB"), [week])
    assert hours.booked == 3  # Bob's own workspace sees the hours gone
    assert manchester.open_home("UB_DAN").status == 200
    dozen.settle()
    home = [c for c in dozen.fake.calls_to("views.publish") if c["user_id"] == "UB_DAN"][-1]
    shown = json.dumps(home["view"])
    assert "Bob Leeds (Leeds City Council)" in shown and "<@UA_BOB>" not in shown  # Dan's Home names Bob
    # that week Bob checks in from Leeds: his answers go to the Manchester challenge's thread, naming him
    with freeze_time(working_day(week, 0) + timedelta(hours=9, minutes=5), tick=True):
        assert run_job("checkins", dozen.ctx.for_job()).startswith("sent 1 check-in")
    ask = next(m for m in dozen.fake.dms_to("UA_BOB") if "checkin_open" in str(m.blocks))
    before = len(dozen.fake.calls_to("views.open"))
    assert leeds.click("checkin_open", user="UA_BOB", blocks=ask.blocks, channel=ask.channel,
                       message_ts=ask.ts).status == 200
    view = opened_view(dozen, before)
    answers = {"problem_statement": "Appeals wait months for a hearing date", "surprise": "Half are withdrawn",
               "shipped": "A triage form", "team_health": "fine"}
    assert leeds.submit(view, answers, user="UA_BOB").text == ""
    dozen.settle()
    thread = [c for c in dozen.fake.calls_to("chat.postMessage") if c.get("thread_ts")][-1]
    assert thread.team == "TB" and "Bob Leeds (Leeds City Council)'s check-in" in blocks_text(thread["blocks"])
    # Bob's data, asked for in Leeds, names the Manchester challenge he was booked on
    assert leeds.command("/dozen", "mydata", user="UA_BOB").status == 200
    dozen.settle()
    [booked] = json.loads(dozen.fake.files[-1]["content"])["bookings_of_you"]
    assert booked["challenge"].endswith(": Digitise planning appeals")


def three_pools(dozen) -> None:
    pool_member(dozen, "TA", "UA_BOB", "Bob Leeds", "LDS", "UA_CAROL", {"User research methods": "Expert"})
    pool_member(dozen, "TB", "UB_ERIN", "Erin Manchester", "MAN", "UB_ADMIN",
                {"Programming and build (software engineering)": "Expert"})
    pool_member(dozen, "TC", "UC_FRED", "Fred Bristol", "BST", "UC_ADMIN", {"Data engineering": "Expert"})


def run_digests(dozen) -> str:
    from bot.jobs.runner import run_job

    context = dozen.ctx.for_job(forced=True)
    context.pause = lambda seconds: None
    return run_job("digest", context)


def digest_text(dozen, team: str) -> str:
    return "\n".join(blocks_text(c["blocks"]) for c in dozen.fake.calls_to("chat.postMessage")
                     if c["channel"] == f"C{team}_DIGEST" and c.result and c.result.get("ok"))


@both_backends
def test_each_workspace_digest_names_people_from_the_others(network, backend):
    dozen = network
    join_all(dozen)
    three_pools(dozen)
    post_challenge(dozen, "TA", "UA_CAROL", title="Build a bin collection app")
    summary = run_digests(dozen)
    assert summary.count("posted") == 3, summary  # one digest in each workspace
    for team in WORKSPACES:
        assert dozen.fake.calls_in(team, "chat.postMessage")
    leeds, manchester = digest_text(dozen, "TA"), digest_text(dozen, "TB")
    assert "Build a bin collection app" in manchester  # the network's challenges, in every digest
    assert "Erin Manchester (Manchester)" in leeds and "<@UB_ERIN>" not in leeds  # by name and council
    assert "<@UB_ERIN>" in manchester or "Erin Manchester" not in manchester  # at home, a mention
    buttons = [e["value"] for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == "CTA_DIGEST"
               for b in c["blocks"] for e in ([b.get("accessory")] if b.get("accessory") else [])]
    assert any('"person":"TB|UB_ERIN"' in v for v in buttons)  # Request booking knows where Erin is


@both_backends
def test_uninstalled_mid_week_dozen_stops_posting_there_and_the_rest_goes_on(network, backend):
    dozen = network
    join_all(dozen)
    three_pools(dozen)
    post_challenge(dozen, "TA", "UA_BOB")
    posts = copies(dozen, "Cut the housing repairs backlog")
    bristol = dozen.slack.in_team("TC")
    assert bristol.event({"type": "app_uninstalled", "event_ts": "1.1"}).status == 200
    dozen.settle()
    dozen.fake.revoke(WORKSPACES["TC"][0])  # Slack no longer accepts its token
    calls_before = len(dozen.fake.calls)
    dozen.slack.in_team("TB").react("UB_DAN", posts["TB"].channel, posts["TB"].ts)  # votes go on elsewhere
    dozen.settle()
    summary = run_digests(dozen)
    assert "TA" in summary and "TB" in summary and "posted" in summary
    assert not [c for c in dozen.fake.calls[calls_before:] if c.team == "TC" or c.result is None
                or c.result.get("error") == "invalid_auth"]  # nothing even tried in Bristol
    assert "*1 vote*" in vote_line(posts["TA"]) and "*1 vote*" in vote_line(posts["TB"])
    assert "*0 votes*" in vote_line(posts["TC"])  # Bristol's copy was left as it was
    with dozen.db.reading() as session:
        from bot.services import network as service

        assert service.member(session, "TC").uninstalled_at is not None
        assert "TC" in service.teams(session, "TA")  # still in the network: reinstalling restores it
    assert install(dozen, "TC")[0] == 200
    dozen.settle()
    dozen.slack.in_team("TA").react("UA_CAROL", posts["TA"].channel, posts["TA"].ts)
    dozen.settle()
    assert "*2 votes*" in vote_line(posts["TC"])  # speaking in Bristol again


@both_backends
def test_a_person_of_one_workspace_forgotten_is_forgotten_in_the_others(network, backend):
    from bot.services import availability

    dozen = network
    join_all(dozen)
    three_pools(dozen)
    post_challenge(dozen, "TA", "UA_CAROL")
    posts = copies(dozen, "Cut the housing repairs backlog")
    manchester = dozen.slack.in_team("TB")
    manchester.react("UB_DAN", posts["TB"].channel, posts["TB"].ts)
    dozen.slack.in_team("TA").react("UA_BOB", posts["TA"].channel, posts["TA"].ts)
    week = availability.coming_weeks(dozen.ctx.today(), 2)[1]
    before = len(dozen.fake.calls_to("views.open"))
    manchester.command("/book", "@Bob Leeds", user="UB_DAN", channel="CTB_CHALLENGES")
    view = dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]
    assert not manchester.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": "2"},
                                 user="UB_DAN").text
    dozen.settle()
    assert "*2 votes*" in vote_line(posts["TA"])
    # Dan, in Manchester, asks Dozen to forget him
    before = len(dozen.fake.calls_to("views.open"))
    manchester.command("/dozen", "forget-me", user="UB_DAN")
    form = dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]
    assert manchester.submit(form, {}, user="UB_DAN").status == 200
    dozen.settle()
    assert "*1 vote*" in vote_line(posts["TA"])  # Leeds sees his vote gone from its own challenge
    told = [c for c in sent_to(dozen, "UA_BOB") if "a person involved has left Dozen" in c["text"]]
    assert len(told) == 1 and told[0].team == "TA"  # Bob is told, in Leeds
    with dozen.db.reading() as session:
        from sqlmodel import select

        from bot.storage.models import Booking, Reaction

        assert session.exec(select(Reaction).where(Reaction.user_id == "UB_DAN")).all() == []
        assert {b.status for b in session.exec(select(Booking)).all()} == {"cancelled"}
        assert "UB_DAN" not in {b.requester_id for b in session.exec(select(Booking)).all()}


def test_a_grid_organisation_installed_org_wide_shares_through_its_workspaces(network):
    """An Enterprise Grid organisation installs Dozen org-wide and is let in: each of its
    workspaces, served with the organisation's token, shares with the network from its first
    request; removing the organisation removes them too."""
    dozen = network
    join_all(dozen)
    post_challenge(dozen, "TA", "UA_BOB")
    dozen.fake.add_workspace("EG", "xoxb-grid", name="Grid")
    for person in ("UG_ADMIN", "UG_ANN"):
        dozen.fake.add_user(person, team="EG", admin=person == "UG_ADMIN")
    state, cookie = start_install(dozen)
    dozen.fake.grant("code-EG", "EG", "xoxb-grid", installer="UG_ADMIN", team_name="Grid", enterprise_id="EG",
                     org_wide=True)
    status, _, _ = dozen.slack.get(f"/slack/oauth_redirect?code=code-EG&state={state}", cookie=cookie)
    assert status == 200
    dozen.settle()
    approve(dozen, "EG")

    grid = dozen.slack.in_team("TG1", enterprise="EG")  # one of the organisation's workspaces
    listed = grid.command("/challenge", "list", user="UG_ANN")
    assert "Cut the housing repairs backlog" in listed.message_text  # the network's challenges
    with dozen.db.reading() as session:
        workspace = session.get(NetworkMember, "TG1")
        assert (workspace.status, workspace.enterprise_id) == ("member", "EG")
    assert dozen.ctx.installed("TG1")  # jobs reach it with the organisation's token

    with dozen.db.session() as session:  # an organiser removes the organisation
        network_service.remove(session, team_id="EG", by="UA_ADMIN", by_team="TA", is_organiser=True,
                               now=dozen.ctx.clock.now())
    with dozen.db.reading() as session:
        assert session.get(NetworkMember, "TG1").status == "removed"
    assert "Cut the housing repairs backlog" not in grid.command("/challenge", "list", user="UG_ANN").message_text
