"""Steps people take through the talent pool, shared by the pool, booking and later tests."""

from __future__ import annotations

from tests.slackdriver import blocks_text

NOMINATION = {
    "why": "Ran the user research for our housing repairs service.",
    "skills_expert": ["User research methods"],
    "skills_working": ["Iterative design"],
    "help_kinds": ["user_research", "prototyping"],
    "council": "LDS",
}
PROFILE = {"line_manager": "UCAROL", "hours": "4", "bio": "Researcher at Leeds."}


def opened_view(dozen, before: int) -> dict:
    return dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]


def dm_with(dozen, user: str, action_id: str):
    """The newest DM to `user` with a button `action_id`."""
    dozen.settle()
    for message in reversed(dozen.fake.dms_to(user)):
        if action_id in str(message.blocks):
            return message
    raise AssertionError(f"no DM to {user} with {action_id}: {[m.text for m in dozen.fake.dms_to(user)]}")


def click_in_dm(dozen, user: str, action_id: str):
    message = dm_with(dozen, user, action_id)
    return dozen.slack.click(action_id, user=user, blocks=message.blocks, channel=message.channel,
                             message_ts=message.ts)


def nominate(dozen, nominator="UALICE", nominee="UBOB", channel="CNOMS", **changes):
    before = len(dozen.fake.calls_to("views.open"))
    reply = dozen.slack.command("/nominate", f"<@{nominee}|{nominee.lower()}> {changes.pop('text', 'great')}",
                                user=nominator, channel=channel)
    assert reply.status == 200 and reply.text == "", reply.text
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {**NOMINATION, "nominee": nominee, **changes}, user=nominator)
    assert reply.status == 200 and reply.text == "", reply.text
    dozen.settle()
    return view


def accept_and_save_profile(dozen, nominee="UBOB", **changes):
    before = len(dozen.fake.calls_to("views.open"))
    assert click_in_dm(dozen, nominee, "nomination_accept").status == 200
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {**PROFILE, **changes}, user=nominee)
    assert reply.status == 200 and reply.text == "", reply.text
    dozen.settle()
    return view


def approve(dozen, manager="UCAROL"):
    assert click_in_dm(dozen, manager, "membership_approve").status == 200
    dozen.settle()


def make_member(dozen, person="UBOB", manager="UCAROL", nominator="UALICE", **profile):
    nominate(dozen, nominator=nominator, nominee=person)
    accept_and_save_profile(dozen, nominee=person, line_manager=manager, **profile)
    approve(dozen, manager=manager)


def last_dm_text(dozen, user: str) -> str:
    dozen.settle()
    messages = dozen.fake.dms_to(user)
    assert messages, f"no DM to {user}"
    return messages[-1].text + "\n" + blocks_text(messages[-1].blocks)
