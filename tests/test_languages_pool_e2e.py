"""The pool and bookings in each person's own language, end to end: a Swedish pool member is
booked by a Welsh council officer (each told in their own language, the English line manager
in English), their Home tabs speak their languages, and the Home tab's language picker
changes what Dozen speaks to them from then on."""

from __future__ import annotations

import time

import pytest
from sqlmodel import select

from bot.services import availability
from bot.storage.models import Booking, LanguageChoice
from tests.pool_flows import dm_with, make_member, opened_view
from tests.slackdriver import blocks_text, find_action
from tests.test_challenges_e2e import post_challenge

TEAM = "T0DOZEN"


@pytest.fixture
def people(dozen):
    """UBOB (Slack in Swedish) is in the pool, managed by UCAROL (English); UDAN (Slack in Welsh)
    posted C-1."""
    dozen.fake.users["UBOB"]["locale"] = "sv-SE"
    dozen.fake.users["UDAN"]["locale"] = "cy-GB"
    make_member(dozen, person="UBOB", manager="UCAROL")
    post_challenge(dozen, user="UDAN", title="Digitise planning appeals", council="MAN")
    return dozen


def home(dozen, user: str) -> dict:
    dozen.slack.open_home(user)
    dozen.settle()
    return dozen.fake.published[user]


def pick_language(dozen, user: str, code: str, view: dict | None = None):
    """Choose a language in the Home tab's picker, as Slack sends a static select's action."""
    view = view or dict(home(dozen, user), id="VHOME")
    picker = find_action(view["blocks"], "home_language")
    chosen = next(o for o in picker["options"] if o["value"] == code)
    reply = dozen.slack.interact({
        "type": "block_actions", "team": {"id": TEAM, "domain": "t0dozen"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0DOZEN", "token": "legacy-verification-token", "trigger_id": dozen.slack.trigger_id(),
        "container": {"type": "view", "view_id": "VHOME"}, "view": view,
        "actions": [{"action_id": "home_language", "block_id": "home_language", "type": "static_select",
                     "selected_option": chosen, "action_ts": f"{time.time():.6f}"}]})
    assert reply.status == 200
    dozen.settle()
    return reply


def test_a_booking_speaks_to_each_person_in_their_own_language(people):
    dozen, fake = people, people.fake
    week = availability.coming_weeks(dozen.ctx.today(), 1)[0]

    # UDAN's form, in Welsh
    before = len(fake.calls_to("views.open"))
    assert dozen.slack.command("/book", "<@UBOB|ubob>", user="UDAN").text == ""
    view = opened_view(dozen, before)
    assert view["title"]["text"] == "Archebu amser rhywun"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["Person", "Her", "Wythnos", "Oriau", "Nodyn"]
    reply = dozen.slack.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": "3",
                                      "note": "Help us plan research"}, user="UDAN")
    assert reply.text == ""
    dozen.settle()
    told = fake.responses[-1]["text"]
    assert told.startswith("Gofynnwyd am ") and " o amser <@UBOB> yn " in told
    assert "(B-1)" in told and "rheolwr llinell <@UCAROL>" in told

    # UBOB is asked in Swedish, their English line manager in English
    ask = dm_with(dozen, "UBOB", "booking_approve")
    assert "<@UDAN> vill boka dig i" in ask.text
    shown = blocks_text(ask.blocks)
    assert "Godkänn" in shown and "Avböj" in shown and "Help us plan research" in shown
    assert "Utmaning" in shown and "C-1: Digitise planning appeals" in shown
    manager_ask = dm_with(dozen, "UCAROL", "booking_approve")
    assert "As their line manager" in blocks_text(manager_ask.blocks)

    # both approve: each side's confirmation in their own language
    for user, message in (("UBOB", ask), ("UCAROL", manager_ask)):
        assert dozen.slack.click("booking_approve", user=user, blocks=message.blocks, channel=message.channel,
                                 message_ts=message.ts).status == 200
        dozen.settle()
    with dozen.db.reading() as session:
        assert session.exec(select(Booking)).one().status == "confirmed"
    assert dm_with(dozen, "UBOB", "booking_cancel").text.startswith(":white_check_mark: Bokat: ")
    to_requester = dm_with(dozen, "UDAN", "booking_cancel")
    assert to_requester.text.startswith(":white_check_mark: Wedi'i gadarnhau: mae <@UBOB> yn rhoi ")
    assert "Canslo'r archeb" in blocks_text(to_requester.blocks)
    assert "bekräftad." in blocks_text(fake.message(ask.channel, ask.ts).blocks)
    assert "confirmed." in blocks_text(fake.message(manager_ask.channel, manager_ask.ts).blocks)

    # their Home tabs, in their languages
    swedish = blocks_text(home(dozen, "UBOB")["blocks"])
    assert "Din talangprofil" in swedish and "Bokningar" in swedish and "bekräftad" in swedish
    welsh = blocks_text(home(dozen, "UDAN")["blocks"])
    assert "Eich heriau" in welsh and "Archebion" in welsh and "Your challenges" not in welsh


def test_the_home_tab_language_picker_changes_what_dozen_speaks(people):
    dozen = people
    tab = home(dozen, "UBOB")
    picker = find_action(tab["blocks"], "home_language")
    assert picker["initial_option"]["value"] == "sv"
    assert [o["text"]["text"] for o in picker["options"]] == ["English", "Cymraeg", "Svenska"]
    assert "Din talangprofil" in blocks_text(tab["blocks"])

    pick_language(dozen, "UBOB", "en")  # over their Slack's Swedish
    tab = dozen.fake.published["UBOB"]
    assert "Your pool profile" in blocks_text(tab["blocks"])
    assert find_action(tab["blocks"], "home_language")["initial_option"]["value"] == "en"
    with dozen.db.reading() as session:
        assert session.get(LanguageChoice, (TEAM, "UBOB")).language == "en"
    assert dozen.slack.command("/availability", "show", user="UBOB").message_text.startswith("Your next 8 weeks")

    pick_language(dozen, "UBOB", "cy")
    tab = dozen.fake.published["UBOB"]
    assert "Eich proffil yn y gronfa" in blocks_text(tab["blocks"])
    assert dozen.slack.command("/availability", "show", user="UBOB").message_text.startswith("Eich 8 wythnos nesaf")


def test_a_language_dozen_does_not_speak_is_refused_politely(people):
    dozen = people
    view = dict(home(dozen, "UDAN"), id="VHOME")
    klingon = [{"text": {"type": "plain_text", "text": "Klingon"}, "value": "tlh"}]
    view["blocks"] = [dict(b, accessory=dict(b["accessory"], options=klingon))
                      if b.get("block_id") == "home_language" else b for b in view["blocks"]]
    pick_language(dozen, "UDAN", "tlh", view)
    with dozen.db.reading() as session:
        assert session.get(LanguageChoice, (TEAM, "UDAN")) is None
    refusal = dozen.fake.dms_to("UDAN")[-1].text
    assert "/dozen language cy" in refusal
