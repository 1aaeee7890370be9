"""Many workspaces, one network: Dozen installed with OAuth in three councils' workspaces,
each with its own token and people, sharing challenges and the pool."""

from __future__ import annotations

import re

import pytest

from tests.conftest import both_backends, serving
from tests.slackdriver import find_action

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
