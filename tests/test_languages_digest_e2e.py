"""The digest and crowdfunding in Welsh, Swedish and English, end to end: the digest is a
channel post in its workspace's language (Welsh, then English, where the workspace is
bilingual, each message still within Slack's 50 blocks); a pledge's confirmation is a DM in
its pledger's language (their Slack locale here) and their workspace's currency."""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time

from bot.jobs.runner import run_job
from bot.locale import lang
from bot.storage.models import WorkspaceConfig
from tests.pool_flows import opened_view
from tests.slackdriver import blocks_text, find_action
from tests.test_challenges_e2e import post_challenge
from tests.test_digest_e2e import MONDAY_0859, configure, ctx, digest_posts, world  # noqa: F401  (the fixture)

WEEK = date(2026, 11, 30)


def post_the_digest(dozen) -> list:
    with freeze_time(MONDAY_0859.replace(hour=9, minute=5), tick=True):
        run_job("digest", ctx(dozen, forced=True))
    return digest_posts(dozen)


def test_a_welsh_workspace_gets_its_digest_in_welsh(world):
    dozen = world
    configure(dozen, language="cy")
    opening, challenges = post_the_digest(dozen)
    welsh_week = lang("cy").week(WEEK)
    assert welsh_week != "w/c 30 Nov"  # Welsh names its months
    assert opening["text"] == f"Paru ar gyfer {welsh_week}: 2 her agored, 2 berson wedi'u cynnig"
    assert f"Paru'r wythnos hon: {welsh_week}" in blocks_text(opening["blocks"])
    shown = blocks_text(challenges["blocks"])
    assert "*C-1: Talk to residents about bins* — Manchester" in shown  # as typed, and the council's name
    line = next(line for line in shown.splitlines() if line.startswith("<@UBOB>"))
    assert line == "<@UBOB> (Leeds) — sgiliau: User research methods; 16 awr yn rhydd yn yr wythnosau nesaf"
    procurement = shown.split("C-2")[1]
    assert "Does neb sydd ar gael yn cynnig Commercial management; yr agosaf:" in procurement
    assert "cyfateb gwan: heb Commercial management" in procurement
    assert find_action(challenges["blocks"], "digest_book")["text"]["text"] == "Gofyn am archeb"
    for english in ("This week's matches", "free in the coming weeks", "the closest", "weak fit", "Request booking"):
        assert english not in blocks_text(opening["blocks"]) + shown, english


def test_a_bilingual_workspace_gets_its_digest_in_welsh_then_english(world):
    dozen = world
    for n in range(3, 8):  # seven open challenges: more than a bilingual message holds
        post_challenge(dozen, user="UDAN", title=f"Map the footpaths, part {n}", council="MAN", skills=[],
                       other_skills="mapping", problem="We need a survey of every footpath in the county.")
    configure(dozen, bilingual=True)
    posts = post_the_digest(dozen)
    assert len(posts) == 3  # the opening, then four challenges and three, each in both languages
    opening = posts[0]
    shown = blocks_text(opening["blocks"])
    assert shown.index(f"Paru'r wythnos hon: {lang('cy').week(WEEK)}") < shown.index("This week's matches: w/c 30 Nov")
    assert opening["text"] == (f"Paru ar gyfer {lang('cy').week(WEEK)}: 7 o heriau agored, 2 berson wedi'u cynnig / "
                               "Matches for w/c 30 Nov: 7 open challenges, 2 people proposed")
    first = blocks_text(posts[1]["blocks"])
    welsh, english = first.index("sgiliau: User research methods"), first.index("skills: User research methods")
    assert welsh < english
    assert first.count("*C-1: Talk to residents about bins*") == 2  # once in each language
    assert "C-5" not in first and "*C-5: Map the footpaths, part 5*" in blocks_text(posts[2]["blocks"])
    assert posts[1]["text"].endswith(" / Matches for w/c 30 Nov (1–4 of 7)")
    for post in posts:
        assert len(post["blocks"]) <= 50
    buttons = [b["accessory"]["text"]["text"] for b in posts[1]["blocks"] if b.get("accessory")]
    assert buttons.index("Gofyn am archeb") < buttons.index("Request booking")


def test_a_swedish_speaker_pledges_in_swedish_and_kronor(dozen):
    with dozen.db.session() as session:  # the workspace counts in kronor
        config = session.get(WorkspaceConfig, "T0DOZEN") or WorkspaceConfig(team_id="T0DOZEN")
        config.currency = "SEK"
        session.add(config)
    post_challenge(dozen)
    dozen.fake.users["UBOB"]["locale"] = "sv-SE"  # as Slack's users.info reports it (include_locale)
    before = len(dozen.fake.calls_to("views.open"))
    assert dozen.slack.command("/pledge", "C-1 1500", user="UBOB").text == ""
    view = opened_view(dozen, before)
    assert view["title"]["text"] == "Lova"
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"] == [
        "Vad du lovar", "Belopp (SEK)", "Beskrivning", "På uppdrag av", "Offentlig anteckning"]
    reply = dozen.slack.submit(view, {"kind": "money", "amount": "1500", "on_behalf_of": "Leeds City Council"},
                               user="UBOB")
    assert reply.text == "", reply.text
    dozen.settle()
    thanks = dozen.fake.dms_to("UBOB")[-1]
    assert thanks.text == ("Tack! Du har lovat 1\xa0500\xa0kr till C-1: Cut the housing repairs backlog, på uppdrag "
                           "av Leeds City Council (P-1).")
    shown = blocks_text(thanks.blocks)
    assert "Du kan ändra eller dra tillbaka det tills utmaningen stänger." in shown
    buttons = [e["text"]["text"] for b in thanks.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["Ändra löftet", "Dra tillbaka löftet"]
    assert "£" not in thanks.text and "pledged" not in shown
