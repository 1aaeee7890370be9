"""Writing to Dozen in its Messages tab: the help text comes back, once per message, and never
in answer to Dozen's own messages, edits or other bots."""

from __future__ import annotations

import time

from tests.slackdriver import blocks_text


def dm_event(user: str, text: str = "hello?", **extra) -> dict:
    return {"type": "message", "channel": f"D{user}", "channel_type": "im", "user": user, "text": text,
            "ts": f"{time.time():.6f}", "event_ts": f"{time.time():.6f}", **extra}


def replies_in(dozen, channel: str) -> list:
    dozen.settle()
    return [c for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == channel]


def test_a_direct_message_is_answered_with_the_help_text(dozen):
    reply = dozen.slack.event(dm_event("UALICE", "how do I post a challenge?"))
    assert reply.status == 200
    [answer] = replies_in(dozen, "DUALICE")
    shown = blocks_text(answer["blocks"])
    assert answer["text"].startswith("Hello! I don't read messages here")
    assert "/challenge new [title]" in shown and "/availability" in shown and "/dozen mydata" in shown


def test_a_retried_delivery_is_answered_once(dozen):
    event = dm_event("UBOB")
    assert dozen.slack.event(event, event_id="EvDM0001").status == 200
    assert dozen.slack.event(event, event_id="EvDM0001", retry=1).status == 200
    assert len(replies_in(dozen, "DUBOB")) == 1
    dozen.slack.event(dm_event("UBOB", "and again"))  # a new message: a new answer
    assert len(replies_in(dozen, "DUBOB")) == 2


def test_a_message_in_a_thread_is_answered_in_the_thread(dozen):
    dozen.slack.event(dm_event("UCAROL", thread_ts="1700000001.000100"))
    [answer] = replies_in(dozen, "DUCAROL")
    assert answer["thread_ts"] == "1700000001.000100"


def test_dozens_own_messages_edits_bots_and_channels_are_not_answered(dozen):
    for event in (
        dm_event("UDOZENBOT", "a check-in"),  # Dozen's own post in a DM
        dm_event("UDAN", bot_id="BOTHER"),  # another bot
        dm_event("UDAN", subtype="message_changed"),  # an edit
        dm_event("UDAN", subtype="bot_message"),
        {**dm_event("UDAN"), "channel_type": "channel", "channel": "CGENERAL"},  # not a DM
        {k: v for k, v in dm_event("UDAN").items() if k != "user"},
    ):
        assert dozen.slack.event(event).status == 200
    dozen.settle()
    assert [c for c in dozen.fake.calls_to("chat.postMessage")] == []
