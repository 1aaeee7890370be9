"""The public board over HTTP, served by the same process as /slack/events: off by default
(404), on when an organiser turns it on; HTML-escaped; people shown only if they agreed."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date, datetime, timezone
from xml.etree import ElementTree

import pytest
from sqlmodel import select

from bot.storage.models import Booking, Challenge, Checkin, CohortMember, Profile
from tests.pool_flows import accept_and_save_profile, nominate, opened_view
from tests.test_challenges_e2e import post_challenge
from tests.test_stages_e2e import UNLIKE, configure

TEAM = "T0DOZEN"
NASTY = '<script>alert("x")</script> & <b>bold</b>'


def get(dozen, path: str, method: str = "GET") -> tuple[int, dict, str]:
    request = urllib.request.Request(dozen.slack.url + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def board_on(dozen):
    configure(dozen, public_board="on")


def test_the_board_is_off_by_default_everything_404(dozen):
    post_challenge(dozen)
    for path in ("/board", "/board/", "/board/C-1", "/board.atom", "/board.json"):
        status, _, body = get(dozen, path)
        assert status == 404, path
        assert "Cut the housing repairs backlog" not in body
    assert get(dozen, "/board", "HEAD")[0] == 404
    assert get(dozen, "/healthz")[0] == 200  # the rest of the server is unchanged


def test_on_the_board_shows_lanes_cards_and_a_challenge_page(dozen):
    post = post_challenge(dozen)
    post_challenge(dozen, user="UBOB", **UNLIKE)
    dozen.slack.react("UCAROL", post.channel, post.ts)
    dozen.settle()
    board_on(dozen)

    status, headers, body = get(dozen, "/board")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert '<html lang="en-GB">' in body and "<main" in body and "<h1>The challenge board</h1>" in body
    for lane in ("Proposed", "Shortlisted", "Funded", "In progress", "Delivered"):
        assert f'">{lane} <span class="secondary">' in body
    assert '<a href="/board/C-1">C-1: Cut the housing repairs backlog</a>' in body
    assert "Leeds" in body and "<dd>1</dd>" in body  # council and votes
    assert "User research methods, Iterative design, housing repairs" in body
    assert body.index("C-1: Cut") < body.index("C-2: Council tax")  # most votes first
    assert "<script" not in body  # no JavaScript needed, none served

    status, _, page = get(dozen, "/board/C-1")
    assert status == 200
    assert "<h1>C-1: Cut the housing repairs backlog</h1>" in page
    assert "Tenants wait 9 weeks for repairs and call us repeatedly to chase them." in page
    assert "No funding target has been set." in page and "Not delivered yet." in page
    assert get(dozen, "/board/c-1")[0] == 200  # as people type it
    for missing in ("/board/C-99", "/board/banana", "/board/C-1/more"):
        assert get(dozen, missing)[0] == 404, missing

    status, headers, head = get(dozen, "/board", "HEAD")
    assert status == 200 and head == "" and int(headers["Content-Length"]) == len(body.encode())
    assert get(dozen, "/board", "POST")[0] == 405


def test_json_and_atom_feeds(dozen):
    post_challenge(dozen)
    dozen.slack.command("/challenge", "close C-1 merged elsewhere", user="UALICE")
    post_challenge(dozen, **UNLIKE)
    board_on(dozen)
    status, headers, body = get(dozen, "/board.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    lanes = json.loads(body)["lanes"]
    assert [lane["stage"] for lane in lanes] == ["proposed", "shortlisted", "funded", "in_progress", "delivered"]
    [card] = lanes[0]["challenges"]  # the closed one is not on the board
    assert card["id"] == "C-2" and card["council"] == "Birmingham" and card["votes"] == 0
    assert card["url"].endswith("/board/C-2") and card["stages"][0]["stage"] == "proposed"

    status, headers, feed = get(dozen, "/board.atom")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(feed)
    titles = [e.findtext(f"{atom}title") for e in root.findall(f"{atom}entry")]
    assert titles == ["C-2: Council tax reminders people understand — Proposed"]
    assert get(dozen, "/board/C-1")[0] == 404  # closed: not public


def test_everything_typed_is_escaped(dozen):
    post_challenge(dozen, title=NASTY, problem=f"{NASTY} and the problem goes on a while.",
                   other_skills="<img src=x onerror=alert(1)>")
    board_on(dozen)
    for path in ("/board", "/board/C-1"):
        body = get(dozen, path)[2]
        assert "<script>alert" not in body and "<b>bold</b>" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in body
    feed = get(dozen, "/board.atom")[2]
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    ElementTree.fromstring(feed)  # still well-formed XML
    assert json.loads(get(dozen, "/board.json")[2])["lanes"][0]["challenges"][0]["title"] == NASTY


def test_people_appear_only_if_they_agreed_and_private_notes_never(dozen):
    post = post_challenge(dozen, title="Talk to residents about bins", council="MAN")
    made = _challenge(dozen)
    now = datetime.now(timezone.utc)
    week = date(2026, 11, 30)
    with dozen.db.session() as session:
        for user, council, agreed, name in (("UBOB", "LDS", True, "Bob Builder <b>"), ("UERIN", "BIR", False, None),
                                            ("UGUS", "CRF", True, "Gus Grant")):
            session.add(Profile(team_id=TEAM, user_id=user, council_code=council, hours_per_week=4, status="member",
                                created_at=now, updated_at=now, show_publicly=agreed, public_name=name))
        session.add(CohortMember(team_id=TEAM, cohort_id=1, person_id="UBOB", challenge_id=made.id, status="accepted",
                                 created_at=now))
        session.add(CohortMember(team_id=TEAM, cohort_id=1, person_id="UERIN", challenge_id=made.id,
                                 status="accepted", created_at=now))
        session.add(Booking(team_id=TEAM, number=1, person_id="UGUS", requester_id="UDAN", challenge_id=made.id,
                            week_start=week, hours=3, status="requested", provider_council="CRF",
                            booking_council="MAN", created_at=now))  # not confirmed: not shown
        for person, note, says in (("UBOB", "SECRET bob note", "one"), ("UERIN", "SECRET erin note", "two")):
            session.add(Checkin(team_id=TEAM, week_start=week, person_id=person, challenge_id=made.id,
                                problem_statement=f"Calendars are wrong, says {says}", surprise="Nobody reads leaflets",
                                shipped="A <i>prototype</i> reminder", team_health="struggling", private_note=note,
                                created_at=now, answered_at=now, posted=f"{post.channel}:1.1"))
        session.add(Checkin(team_id=TEAM, week_start=week, person_id="UGUS", challenge_id=made.id,
                            problem_statement="Not answered in the open", created_at=now, answered_at=now))
    board_on(dozen)
    page = get(dozen, f"/board/{made.short_id}")[2]
    assert "<li>Bob Builder &lt;b&gt;, Leeds</li>" in page
    assert "and 1 other." in page  # UERIN works on it but did not agree
    assert "UERIN" not in page and "Birmingham" not in page and "Gus Grant" not in page
    assert "Calendars are wrong, says one" in page and "Calendars are wrong, says two" in page
    assert "Bob Builder &lt;b&gt; (Leeds)" in page and ", a team member" in page
    assert "A &lt;i&gt;prototype&lt;/i&gt; reminder" in page
    assert "SECRET" not in page and "struggling" not in page and "Not answered in the open" not in page


def test_the_profile_form_asks_once_default_no(dozen):
    nominate(dozen)
    before = len(dozen.fake.calls_to("views.open"))
    accept_and_save_profile(dozen)  # left as it was: not shown
    view = opened_view(dozen, before)
    block = next(b for b in view["blocks"] if b.get("block_id") == "show_publicly")
    assert block["element"]["type"] == "checkboxes" and "initial_options" not in block["element"]
    assert block["element"]["options"][0]["text"]["text"] == "Show my name and council on the public board"
    assert (_profile(dozen).show_publicly, _profile(dozen).public_name) == (False, None)

    def edit(ticked: list[str]) -> dict:  # from the Home tab's Edit profile
        dozen.slack.open_home("UBOB")
        dozen.settle()
        before = len(dozen.fake.calls_to("views.open"))
        dozen.slack.click("home_edit_profile", user="UBOB", view=dict(dozen.fake.published["UBOB"], id="VHOME"))
        view = opened_view(dozen, before)
        reply = dozen.slack.submit(view, {"show_publicly": ticked}, user="UBOB")
        assert reply.text == "", reply.text
        return next(b for b in view["blocks"] if b.get("block_id") == "show_publicly")["element"]

    assert "initial_options" not in edit(["yes"])
    assert (_profile(dozen).show_publicly, _profile(dozen).public_name) == (True, "Ubob")  # their Slack name
    assert edit([])["initial_options"][0]["value"] == "yes"  # the form shows what they chose
    assert (_profile(dozen).show_publicly, _profile(dozen).public_name) == (False, None)


def test_funding_progress_stage_dates_and_the_outcome(dozen):
    from tests.test_funding_e2e import pledge, set_target
    from tests.test_stages_e2e import _record_outcome

    post = post_challenge(dozen)
    set_target(dozen, post, target="1000", rule="keep")
    pledge(dozen, user="UBOB", amount="600")
    pledge(dozen, user="UCAROL", kind="resource", description="A room for <40> people", amount="")
    board_on(dozen)
    body = get(dozen, "/board")[2]
    assert "£600 of £1,000 pledged (60%)" in body and 'style="width: 60%"' in body
    page = get(dozen, "/board/C-1")[2]
    assert "£600 of £1,000 pledged (60%) from 2 backers." in page and "Rule: keep what you raise." in page
    assert "A room for &lt;40&gt; people" in page
    assert "<dt>Proposed</dt><dd><time" in body
    card = json.loads(get(dozen, "/board.json")[2])["lanes"][0]["challenges"][0]
    assert card["funding"] == {"target_pence": 100000, "pledged_pence": 60000, "reached": False}

    _record_outcome(dozen, _challenge(dozen), "A tracker <tenants> can check online")
    lanes = json.loads(get(dozen, "/board.json")[2])["lanes"]
    assert [c["id"] for c in lanes[-1]["challenges"]] == ["C-1"] and lanes[0]["challenges"] == []
    page = get(dozen, "/board/C-1")[2]
    assert '<p class="outcome">A tracker &lt;tenants&gt; can check online</p>' in page
    assert "The tracker&#39;s code" in page  # what another council could reuse
    entries = ElementTree.fromstring(get(dozen, "/board.atom")[2]).findall("{http://www.w3.org/2005/Atom}entry")
    assert entries[0].findtext("{http://www.w3.org/2005/Atom}title").endswith("— Delivered")


@pytest.mark.parametrize("path", ["/board.json", "/board.atom", "/board"])
def test_turning_it_off_again_hides_it(dozen, path):
    post_challenge(dozen)
    board_on(dozen)
    assert get(dozen, path)[0] == 200
    configure(dozen, public_board="off")
    assert get(dozen, path)[0] == 404


def _challenge(dozen) -> Challenge:
    with dozen.db.reading() as session:
        return session.exec(select(Challenge)).first()


def _profile(dozen) -> Profile:
    with dozen.db.reading() as session:
        return session.exec(select(Profile).where(Profile.user_id == "UBOB")).one()
