"""A cohort's name is typed by an organiser: wherever Dozen puts it in mrkdwn (the proposal,
invitations, the line manager's request and what the member is told of the answer), it is
escaped, so a name like `<!channel> & <@UX>` pings nobody and forges no mention."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pool_flows import opened_view
from tests.test_challenges_e2e import post_challenge
from tests.test_cohorts_e2e import PEOPLE, add_member, approval, confirm_all, first_week, invitation_of, press, proposal

NAME = "<!channel> & <@UX>"
ESCAPED = "&lt;!channel&gt; &amp; &lt;@UX&gt;"


@pytest.fixture
def managed(dozen):
    """The cohort tests' pool and challenges, in a workspace where line managers approve."""
    approval(dozen, True)
    for user, council in PEOPLE:
        add_member(dozen, user, council)
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    post_challenge(dozen, user="UDAN", title="Understand parking permit users", council="LDS")
    return dozen


def mrkdwn_of(value: Any) -> list[str]:
    """Every mrkdwn string in a message's blocks (plain_text, like a header, pings nobody)."""
    if isinstance(value, list):
        return [text for item in value for text in mrkdwn_of(item)]
    if not isinstance(value, dict):
        return []
    if value.get("type") == "mrkdwn":
        return [value.get("text", "")]
    return [text for item in value.values() for text in mrkdwn_of(item)]


def sent(dozen) -> list[str]:
    """The text and mrkdwn of every message Dozen sent or rewrote."""
    calls = dozen.fake.calls_to("chat.postMessage") + dozen.fake.calls_to("chat.update")
    return [call.get("text") or "" for call in calls] + [t for call in calls for t in mrkdwn_of(call.get("blocks"))]


def form_named(dozen, name: str):
    """Propose a cohort called `name`, confirm everyone, and have the first invited accept."""
    before = len(dozen.fake.calls_to("views.open"))
    assert dozen.slack.command("/dozen", "cohort new", user="UADMIN").text == ""
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {"name": name, "first_week": first_week(dozen).isoformat(), "weeks": "2",
                                      "size": "4", "hours": "3", "challenges": ["1", "2"]}, user="UADMIN")
    assert reply.text == "", reply.text
    dozen.settle()
    offer = proposal(dozen)
    assert offer.text.endswith(f": {ESCAPED}")
    person = sorted(confirm_all(dozen))[0]
    invite = invitation_of(dozen, person)
    assert f"You're invited to join {ESCAPED} (K-1)" in invite.text
    press(dozen, person, "cohort_accept", invite)
    ask = next(m for m in reversed(dozen.fake.dms_to("UCAROL")) if "cohort_manager_approve" in str(m.blocks))
    assert f"accepted a place in {ESCAPED} (K-1)" in ask.text
    return person, ask


def assert_nothing_unescaped(dozen) -> None:
    for text in sent(dozen):
        assert "<!channel>" not in text and "<@UX>" not in text, text


def test_the_line_managers_approval_tells_the_member_the_name_escaped(managed):
    dozen = managed
    person, ask = form_named(dozen, NAME)
    press(dozen, "UCAROL", "cohort_manager_approve", ask)
    assert dozen.fake.dms_to(person)[-1].text == f"<@UCAROL> approved your weeks in {ESCAPED}: you're booked."
    assert_nothing_unescaped(dozen)


def test_the_line_managers_refusal_tells_the_member_the_name_escaped(managed):
    dozen = managed
    person, ask = form_named(dozen, NAME)
    press(dozen, "UCAROL", "cohort_manager_decline", ask)
    told = [m.text for m in dozen.fake.dms_to(person) if "couldn't go ahead" in m.text]
    assert told == [f"Your place in {ESCAPED} couldn't go ahead: declined by their line manager."]
    assert_nothing_unescaped(dozen)


def test_a_stored_reason_keeps_dozens_mentions_and_nothing_else():
    from bot.views.common import escape_but_mentions

    assert escape_but_mentions("<@U123> has 1h free <!channel> <https://evil.example|here> <@U1|x>") == (
        "<@U123> has 1h free &lt;!channel&gt; &lt;https://evil.example|here&gt; &lt;@U1|x&gt;")
