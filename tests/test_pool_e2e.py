"""The talent pool end to end: nomination, consent, profile, manager approval, availability."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.storage.models import Booking, Nomination, Profile
from tests.conftest import both_backends
from tests.pool_flows import (
    NOMINATION,
    PROFILE,
    accept_and_save_profile,
    approve,
    click_in_dm,
    dm_with,
    last_dm_text,
    make_member,
    nominate,
    opened_view,
)
from tests.slackdriver import blocks_text


def nomination_post(dozen):
    post = [c for c in dozen.fake.calls_to("chat.postMessage") if "Nomination N-" in c["text"]][-1]
    return dozen.fake.message(post.result["channel"], post.result["ts"])


def profile_of(dozen, user):
    with dozen.db.reading() as session:
        return session.exec(select(Profile).where(Profile.user_id == user)).first()


def test_nomination_to_pool_member(dozen):
    fake = dozen.fake
    reply = dozen.slack.command("/nominate", "<@UBOB|bob> brilliant researcher", user="UALICE", channel="CNOMS")
    assert reply.status == 200 and reply.text == ""
    view = opened_view(dozen, 0)
    assert view["callback_id"] == "nominate"
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert blocks["nominee"]["element"]["initial_user"] == "UBOB"
    assert blocks["why"]["element"]["initial_value"] == "brilliant researcher"
    assert [b["label"]["text"] for b in blocks.values()] == [
        "Who", "Why they'd be great", "Skills at Expert level", "Skills at Practitioner level",
        "Skills at Working level", "Skills at Awareness level", "Skills, level not known", "Kinds of help", "Council"]
    kinds = [o["text"]["text"] for o in blocks["help_kinds"]["element"]["options"]]
    assert "Connector: knows everyone, makes introductions" in kinds and "Procurement and commercial" in kinds
    assert len(kinds) == 12

    assert dozen.slack.submit(view, {**NOMINATION, "nominee": "UBOB"}, user="UALICE").text == ""
    dozen.settle()

    consent = dm_with(dozen, "UBOB", "nomination_accept")
    shown = blocks_text(consent.blocks)
    assert "<@UALICE> nominated you" in shown
    assert "Ran the user research for our housing repairs service." in shown
    assert "User research methods (Expert)" in shown and "Iterative design (Working)" in shown
    assert "What Dozen stores if you say yes" in shown and "Who sees it" in shown
    assert "nomination_decline" in str(consent.blocks)

    post = nomination_post(dozen)
    assert post.channel == "CNOMS"
    assert "<@UALICE> nominated <@UBOB> for the talent pool" in blocks_text(post.blocks)
    assert "waiting for <@UBOB> to say yes" in blocks_text(post.blocks)
    told = fake.wait_for_response()[-1]["text"]
    assert "I've asked <@UBOB>" in told and "<#CNOMS>" in told

    before = len(fake.calls_to("views.open"))
    click_in_dm(dozen, "UBOB", "nomination_accept")
    profile_view = opened_view(dozen, before)
    assert profile_view["callback_id"] == "profile"
    pblocks = {b["block_id"]: b for b in profile_view["blocks"] if b["type"] == "input"}
    assert [o["value"] for o in pblocks["skills_expert"]["element"]["initial_options"]] == ["User research methods"]
    assert pblocks["council"]["element"]["initial_option"]["value"] == "LDS"
    assert {"line_manager", "hours", "bio"} <= set(pblocks)
    assert pblocks["line_manager"]["label"]["text"] == "Line manager"
    assert dozen.slack.submit(profile_view, PROFILE, user="UBOB").text == ""
    dozen.settle()

    assert "You accepted this nomination" in blocks_text(fake.message(consent.channel, consent.ts).blocks)
    assert "accepted your nomination" in last_dm_text(dozen, "UALICE")
    assert "I've asked <@UCAROL> to approve your 4h a week" in last_dm_text(dozen, "UBOB")
    request = dm_with(dozen, "UCAROL", "membership_approve")
    assert "<@UBOB>" in blocks_text(request.blocks) and "4h a week" in blocks_text(request.blocks)
    assert profile_of(dozen, "UBOB").status == "awaiting_manager"
    assert "waiting for their line manager's approval" in blocks_text(nomination_post(dozen).blocks)

    approve(dozen)
    assert profile_of(dozen, "UBOB").status == "member"
    assert "approved your place in the talent pool. You're in!" in last_dm_text(dozen, "UBOB")
    assert "You approved <@UBOB>'s place" in blocks_text(fake.message(request.channel, request.ts).blocks)
    assert "in the talent pool" in blocks_text(nomination_post(dozen).blocks)
    assert "4h offered · 0h booked · *4h free*" in dozen.slack.command("/availability", "show", user="UBOB").message_text


def test_only_the_right_people_can_answer(dozen):
    nominate(dozen)
    consent = dm_with(dozen, "UBOB", "nomination_accept")
    reply = dozen.slack.click("nomination_decline", user="UDAN", blocks=consent.blocks, channel=consent.channel,
                              message_ts=consent.ts)
    assert reply.status == 200
    dozen.settle()
    assert dozen.fake.responses[-1]["text"] == "Only the person nominated can answer this."
    accept_and_save_profile(dozen)
    request = dm_with(dozen, "UCAROL", "membership_approve")
    dozen.slack.click("membership_approve", user="UDAN", blocks=request.blocks, channel=request.channel,
                      message_ts=request.ts)
    dozen.settle()
    assert "Only <@UCAROL>, the line manager named, can answer this." in dozen.fake.responses[-1]["text"]
    assert profile_of(dozen, "UBOB").status == "awaiting_manager"
    old_buttons = list(request.blocks)
    approve(dozen)
    # A second press (a stale copy of the message) changes nothing.
    dozen.slack.click("membership_approve", user="UCAROL", blocks=old_buttons, channel=request.channel,
                      message_ts=request.ts)
    dozen.settle()
    assert "already answered" in dozen.fake.responses[-1]["text"]


def test_decline_keeps_only_the_fact_and_blocks_repeats_for_90_days(dozen):
    nominate(dozen)
    click_in_dm(dozen, "UBOB", "nomination_decline")
    dozen.settle()
    kind = last_dm_text(dozen, "UALICE")
    assert "<@UBOB> has decided not to join the talent pool for now. Thank you for thinking of them" in kind
    with dozen.db.reading() as session:
        nomination = session.exec(select(Nomination)).one()
    assert nomination.status == "declined"
    assert (nomination.why, nomination.skills, nomination.help_kinds, nomination.council_code,
            nomination.nominator_id) == (None, None, None, None, None)
    assert profile_of(dozen, "UBOB") is None
    shown = blocks_text(nomination_post(dozen).blocks)
    assert "declined; its details have been removed" in shown and "housing" not in shown
    assert "You declined this nomination" in last_dm_text(dozen, "UBOB")

    again = dozen.slack.command("/nominate", "<@UBOB|bob>", user="UDAN")
    until = (nomination.decided_at + timedelta(days=90)).strftime("%-d %B %Y")
    assert f"<@UBOB> can't be nominated again until {until}." in again.message_text

    dozen.ctx.clock = FixedClock(nomination.decided_at + timedelta(days=91))
    assert dozen.slack.command("/nominate", "<@UBOB|bob>", user="UDAN").text == ""


def test_manager_declines_with_a_reason(dozen):
    nominate(dozen)
    accept_and_save_profile(dozen)
    before = len(dozen.fake.calls_to("views.open"))
    click_in_dm(dozen, "UCAROL", "membership_decline_open")
    view = opened_view(dozen, before)
    assert view["callback_id"] == "membership_decline"
    assert dozen.slack.submit(view, {"reason": "Budget season <!channel>"}, user="UCAROL").text == ""
    dozen.settle()
    told = last_dm_text(dozen, "UBOB")
    assert "<@UCAROL> declined your place in the talent pool for now." in told
    assert "Budget season &lt;!channel&gt;" in told
    assert profile_of(dozen, "UBOB").status == "manager_declined"
    assert "Only talent pool members can set availability" in dozen.slack.command("/availability", user="UBOB").message_text


def test_self_nomination_skips_consent(dozen):
    reply = dozen.slack.command("/nominate", "<@UALICE|alice> I love prototyping", user="UALICE", channel="CNOMS")
    assert reply.text == ""
    view = opened_view(dozen, 0)
    assert view["callback_id"] == "profile"
    why = next(b for b in view["blocks"] if b.get("block_id") == "why")
    assert why["element"]["initial_value"] == "I love prototyping"
    values = {k: v for k, v in NOMINATION.items() if k != "why"}
    assert dozen.slack.submit(view, {**values, **PROFILE}, user="UALICE").text == ""
    dozen.settle()
    assert not [m for m in dozen.fake.dms_to("UALICE") if "nomination_accept" in str(m.blocks)]
    assert "<@UALICE> has put themselves forward" in blocks_text(nomination_post(dozen).blocks)
    assert dm_with(dozen, "UCAROL", "membership_approve")
    approve(dozen)
    assert profile_of(dozen, "UALICE").status == "member"
    assert "already in the talent pool" in dozen.slack.command("/nominate", "<@UALICE>", user="UALICE").message_text


def test_without_manager_approval_people_join_at_once(dozen):
    from bot.storage.models import WorkspaceConfig

    with dozen.db.session() as session:
        session.add(WorkspaceConfig(team_id="T0DOZEN", manager_approval=False))
    nominate(dozen)
    accept_and_save_profile(dozen, line_manager=None)
    assert profile_of(dozen, "UBOB").status == "member"
    assert not [m for m in dozen.fake.dms_to("UCAROL") if "membership_approve" in str(m.blocks)]
    assert "you're in the talent pool" in last_dm_text(dozen, "UBOB")


@pytest.mark.parametrize("changes, field, message", [
    ({"why": "ok"}, "why", "at least 10 characters"),
    ({"skills_expert": [], "skills_working": []}, "skills_unknown", "Choose at least one skill"),
    ({"skills_working": ["User research methods"]}, "skills_working", "already chosen at Expert level"),
    ({"help_kinds": []}, "help_kinds", "at least one kind of help"),
    ({"council": None}, "council", "Choose their council"),
    ({"nominee": "UALICE"}, "nominee", "To put yourself forward"),
])
def test_nomination_form_names_the_field_at_fault(dozen, changes, field, message):
    dozen.slack.command("/nominate", "<@UBOB|bob>", user="UALICE")
    view = opened_view(dozen, 0)
    reply = dozen.slack.submit(view, {**NOMINATION, "nominee": "UBOB", **changes}, user="UALICE")
    assert reply.json["response_action"] == "errors"
    assert message in reply.json["errors"][field]
    with dozen.db.reading() as session:
        assert session.exec(select(Nomination)).all() == []


def test_bots_cannot_be_nominated(dozen):
    dozen.fake.add_user("UROBOT")
    dozen.fake.users["UROBOT"]["is_bot"] = True
    dozen.slack.command("/nominate", "<@UROBOT|robot>", user="UALICE")
    view = opened_view(dozen, 0)
    reply = dozen.slack.submit(view, {**NOMINATION, "nominee": "UROBOT"}, user="UALICE")
    assert "bots and deactivated accounts" in reply.json["errors"]["nominee"]


@pytest.mark.parametrize("changes, field, message", [
    ({"line_manager": "UBOB"}, "line_manager", "can't be you"),
    ({"line_manager": None}, "line_manager", "Choose your line manager"),
    ({"hours": "0"}, "hours", "between 0.5 and 37.5"),
    ({"hours": "38"}, "hours", "between 0.5 and 37.5"),
    ({"hours": "3.2"}, "hours", "half hours"),
    ({"bio": "x" * 1001}, "bio", "1000 characters"),
])
def test_profile_form_names_the_field_at_fault(dozen, changes, field, message):
    nominate(dozen)
    before = len(dozen.fake.calls_to("views.open"))
    click_in_dm(dozen, "UBOB", "nomination_accept")
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {**PROFILE, **changes}, user="UBOB")
    assert message in reply.json["errors"][field]
    assert profile_of(dozen, "UBOB") is None


def test_repeat_and_duplicate_nominations_are_refused(dozen):
    nominate(dozen)
    refused = dozen.slack.command("/nominate", "<@UBOB|bob>", user="UDAN")
    assert "<@UBOB> has already been nominated (N-1) and hasn't answered yet." in refused.message_text
    accept_and_save_profile(dozen)
    assert "waiting for their line manager" in dozen.slack.command("/nominate", "<@UBOB>", user="UDAN").message_text
    approve(dozen)
    assert "already in the talent pool" in dozen.slack.command("/nominate", "<@UBOB>", user="UDAN").message_text


@pytest.mark.parametrize("text, expected", [
    ("", "/nominate @person [why]"),
    ("help", "/nominate @person [why]"),
    ("bob is great", "Start with the person's @name"),
])
def test_nominate_usage(dozen, text, expected):
    reply = dozen.slack.command("/nominate", text)
    assert reply.json["response_type"] == "ephemeral" and expected in reply.message_text


def test_people_vote_on_nominations_like_challenges(dozen):
    nominate(dozen)
    post = nomination_post(dozen)
    for user in ("UDAN", "UERIN", "UDAN"):
        dozen.slack.react(user, post.channel, post.ts)
    dozen.settle()
    assert "*2 votes*" in blocks_text(post.blocks)
    dozen.slack.react("UERIN", post.channel, post.ts, removed=True)
    dozen.settle()
    assert "*1 vote*" in blocks_text(post.blocks)


# -- availability ----------------------------------------------------------------------------
def availability_view(dozen, user="UBOB"):
    before = len(dozen.fake.calls_to("views.open"))
    reply = dozen.slack.command("/availability", user=user)
    assert reply.text == "", reply.text
    return opened_view(dozen, before)


def coming_mondays(dozen, count):
    from bot.services.availability import coming_weeks

    return [w.isoformat() for w in coming_weeks(dozen.ctx.today(), count)]


def test_availability_is_for_members_only(dozen):
    told = dozen.slack.command("/availability", user="UDAN").message_text
    assert "Only talent pool members can set availability" in told and "/nominate" in told
    assert "Only talent pool members" in dozen.slack.command("/availability", "show", user="UDAN").message_text
    nominate(dozen)
    accept_and_save_profile(dozen)
    assert "once your line manager approves" in dozen.slack.command("/availability", user="UBOB").message_text


def test_setting_availability(dozen):
    make_member(dozen)
    view = availability_view(dozen)
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    weeks = coming_mondays(dozen, 26)
    assert blocks["from_week"]["element"]["initial_option"]["value"] == weeks[0]
    assert blocks["until_week"]["element"]["initial_option"]["value"] == weeks[11]  # the next 12 weeks
    assert blocks["hours"]["element"]["initial_value"] == "4"
    reply = dozen.slack.submit(view, {"hours": "6.5", "from_week": weeks[0], "until_week": weeks[3],
                                      "away": [weeks[1]]}, user="UBOB")
    assert reply.text == ""
    dozen.settle()
    shown = dozen.slack.command("/availability", "show", user="UBOB").message_text
    lines = [line for line in shown.splitlines() if line.startswith("• ")]
    assert len(lines) == 8
    assert "6.5h offered · 0h booked · *6.5h free*" in lines[0]
    assert lines[1].endswith(": away")
    assert "4h offered" in lines[4]  # after the range: the profile's hours


@pytest.mark.parametrize("values, field, message", [
    ({"hours": "40"}, "hours", "between 0 and 37.5"),
    ({"hours": "-1"}, "hours", "between 0 and 37.5"),
    ({"hours": "2.2"}, "hours", "half hours"),
    ({"from_week": 3, "until_week": 1}, "until_week", "can't be before the first"),
    ({"away": [5]}, "away", "within the weeks you are setting"),
])
def test_availability_form_names_the_field_at_fault(dozen, values, field, message):
    make_member(dozen)
    weeks = coming_mondays(dozen, 26)
    view = availability_view(dozen)
    submitted = {"hours": "4", "from_week": weeks[0], "until_week": weeks[2]}
    for key, value in values.items():
        submitted[key] = [weeks[v] for v in value] if key == "away" else (weeks[value] if "week" in key else value)
    reply = dozen.slack.submit(view, submitted, user="UBOB")
    assert message in reply.json["errors"][field]


@both_backends
def test_availability_never_drops_a_confirmed_booking(dozen, backend):
    make_member(dozen)
    week = date.fromisoformat(coming_mondays(dozen, 2)[1])
    with dozen.db.session() as session:
        session.add(Booking(team_id="T0DOZEN", number=1, person_id="UBOB", requester_id="UDAN", challenge_id=1,
                            week_start=week, hours=3, status="confirmed", provider_council="LDS",
                            booking_council="MAN", created_at=dozen.ctx.clock.now()))
    weeks = coming_mondays(dozen, 26)
    view = availability_view(dozen)
    label = f"w/c {week.day} {week.strftime('%b')}"
    reply = dozen.slack.submit(view, {"hours": "2", "from_week": weeks[0], "until_week": weeks[3]}, user="UBOB")
    assert f"You have 3h booked in {label}" in reply.json["errors"]["hours"]
    reply = dozen.slack.submit(view, {"hours": "5", "from_week": weeks[0], "until_week": weeks[3],
                                      "away": [weeks[1]]}, user="UBOB")
    assert f"You have 3h booked in {label}" in reply.json["errors"]["away"]
    assert dozen.slack.submit(view, {"hours": "3", "from_week": weeks[0], "until_week": weeks[3]},
                              user="UBOB").text == ""
    shown = dozen.slack.command("/availability", "show", user="UBOB").message_text
    assert "3h offered · 3h booked · *0h free*" in shown


# -- App Home and organisers -------------------------------------------------------------------
def test_app_home_shows_profile_weeks_challenges_and_nominations(dozen):
    make_member(dozen)
    dozen.slack.open_home("UBOB")
    dozen.settle()
    home = dozen.fake.published["UBOB"]
    shown = blocks_text(home["blocks"])
    assert "You're in the talent pool." in shown
    assert "User research methods (Expert)" in shown and "Leeds" in shown and "<@UCAROL>" in shown
    assert "Your next 8 weeks" in shown and shown.count("4h offered") == 8
    assert "`N-1` <@UALICE> nominated you — accepted" in shown
    for action in ("home_edit_profile", "home_set_availability", "home_new_challenge"):
        assert action in str(home["blocks"])
    assert "Pending (organisers)" not in shown

    dozen.slack.open_home("UDAN")
    dozen.settle()
    assert "Join the talent pool" in blocks_text(dozen.fake.published["UDAN"]["blocks"])


def test_organisers_see_pending_items(dozen):
    nominate(dozen, nominee="UBOB")
    nominate(dozen, nominee="UERIN")
    accept_and_save_profile(dozen, nominee="UERIN", line_manager="UCAROL")
    dozen.slack.open_home("UADMIN")
    dozen.settle()
    shown = blocks_text(dozen.fake.published["UADMIN"]["blocks"])
    assert "Pending (organisers)" in shown
    assert "`N-1` <@UBOB> hasn't answered their nomination yet" in shown
    assert "<@UERIN> is waiting for <@UCAROL> to approve their place" in shown


def test_home_buttons_open_the_forms(dozen):
    make_member(dozen)
    dozen.slack.open_home("UBOB")
    dozen.settle()
    home = dozen.fake.published["UBOB"]
    for action, callback in (("home_edit_profile", "profile"), ("home_set_availability", "availability"),
                             ("home_new_challenge", "challenge_new")):
        before = len(dozen.fake.calls_to("views.open"))
        dozen.slack.click(action, user="UBOB", view=dict(home, id="VHOME"))
        assert opened_view(dozen, before)["callback_id"] == callback


def test_editing_a_profile_asks_the_manager_again_only_for_more_hours(dozen):
    make_member(dozen)
    dozen.slack.open_home("UBOB")
    dozen.settle()
    home = dozen.fake.published["UBOB"]
    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.click("home_edit_profile", user="UBOB", view=dict(home, id="VHOME"))
    view = opened_view(dozen, before)
    initial = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert initial["hours"]["initial_value"] == "4" and initial["line_manager"]["initial_user"] == "UCAROL"
    values = {"skills_expert": ["User research methods"], "help_kinds": ["user_research"], "council": "LDS",
              "line_manager": "UCAROL", "hours": "3", "bio": "Less time now."}
    assert dozen.slack.submit(view, values, user="UBOB").text == ""
    dozen.settle()
    assert profile_of(dozen, "UBOB").status == "member"
    assert dozen.slack.submit(view, {**values, "hours": "8"}, user="UBOB").text == ""
    dozen.settle()
    assert profile_of(dozen, "UBOB").status == "awaiting_manager"
    assert "8h a week" in blocks_text(dm_with(dozen, "UCAROL", "membership_approve").blocks)


def test_config_is_for_organisers(dozen):
    refused = dozen.slack.command("/dozen", "config", user="UBOB")
    assert "`/dozen config` is for organisers" in refused.message_text
    assert not dozen.fake.calls_to("views.open")


def test_organiser_changes_settings(dozen):
    assert dozen.slack.command("/dozen", "config", user="UADMIN").text == ""
    view = opened_view(dozen, 0)
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["Challenges channel", "Nominations channel", "Digest channel", "Digest day", "Digest time",
                      "Vote emoji", "Manager approval", "Votes to shortlist a challenge", "Voting window in weeks",
                      "Public board", "Language of channel posts", "Welsh and English channel posts", "Currency",
                      "Council rate: council",
                      "Council rate: amount in pounds", "Council rate: per"]
    bad = dozen.slack.submit(view, {"vote_emojis": "<!channel>", "digest_day": "0", "digest_time": "09:00",
                                    "manager_approval": "on"}, user="UADMIN")
    assert "Not an emoji name" in bad.json["errors"]["vote_emojis"]
    good = {"nominations_channel": "CPOOL", "digest_channel": "CDIGEST", "digest_day": "2", "digest_time": "10:30",
            "vote_emojis": ":raised_hands:, +1", "manager_approval": "off"}
    assert dozen.slack.submit(view, good, user="UADMIN").text == ""
    with dozen.db.reading() as session:
        from bot.services.workspace import get_config

        config = get_config(session, "T0DOZEN")
    assert (config.nominations_channel, config.digest_channel, config.digest_weekday, config.digest_time,
            config.vote_emojis, config.manager_approval) == ("CPOOL", "CDIGEST", 2, "10:30", "raised_hands,+1", False)

    nominate(dozen, channel="CGENERAL")
    post = nomination_post(dozen)
    assert post.channel == "CPOOL"
    assert "React with :raised_hands: or :+1:" in blocks_text(post.blocks)
    dozen.slack.react("UDAN", post.channel, post.ts, "raised_hands")
    dozen.settle()
    assert "*1 vote*" in blocks_text(post.blocks)


def test_dozen_help_lists_every_command(dozen):
    shown = dozen.slack.command("/dozen", "help").message_text
    for command in ("/challenge new", "/nominate", "/availability", "/book", "/pledge", "/dozen config",
                    "digest now", "cohort new", "export bookings", "export audit", "mydata", "forget-me"):
        assert command in shown


def test_an_unescaped_at_name_is_found_by_name(dozen):
    reply = dozen.slack.command("/nominate", "@ubob knows everyone", user="UALICE")
    assert reply.text == ""
    view = opened_view(dozen, 0)
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert blocks["nominee"]["element"]["initial_user"] == "UBOB"
    assert blocks["why"]["element"]["initial_value"] == "knows everyone"
    # A plain name is looked up after Slack is answered (users.list can outlast its 3 seconds),
    # so the person hears that nobody has that name through the command's response_url.
    unknown = dozen.slack.command("/nominate", "@nobody-here", user="UALICE")
    assert unknown.status == 200 and unknown.text == ""
    assert "Start with the person's @name" in dozen.fake.wait_for_response()[-1]["text"]
