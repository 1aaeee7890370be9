"""Challenges in Welsh, Swedish and English, end to end: a channel post speaks its workspace's
language (Welsh then English where the workspace is bilingual, each network copy its own
workspace's), a person's form and replies speak theirs (`/dozen language`, else their Slack
locale, else their workspace's), and the public board speaks its visitor's."""

from __future__ import annotations

import urllib.error
import urllib.request

from sqlmodel import select

from bot.storage.models import WorkspaceConfig
from tests.slackdriver import blocks_text
from tests.test_challenges_e2e import GOOD, open_modal, post_challenge
from tests.test_network_e2e import copies, join_all, network  # noqa: F401  (the fixture)
from tests.test_network_e2e import post_challenge as post_in
from tests.test_stages_e2e import configure, thread

LABELS_EN = ["Title", "Problem statement", "Skills needed", "Other skills", "Council", "Hours of help per week",
             "Number of weeks"]
LABELS_SV = ["Titel", "Problembeskrivning", "Kompetenser som behövs", "Andra kompetenser", "Kommun",
             "Timmar hjälp per vecka", "Antal veckor"]
LABELS_CY = ["Teitl", "Datganiad problem", "Sgiliau sydd eu hangen", "Sgiliau eraill", "Cyngor",
             "Oriau o help yr wythnos", "Nifer yr wythnosau"]


def labels(view: dict) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]


def speaks_swedish(dozen, user: str = "UBOB") -> None:
    dozen.fake.users[user]["locale"] = "sv-SE"  # as Slack's users.info reports it (include_locale)


def test_a_welsh_workspace_gets_its_challenge_posts_in_welsh(dozen):
    configure(dozen, language="cy")
    post = post_challenge(dozen)
    shown = blocks_text(post.blocks)
    assert "C-1: Cut the housing repairs backlog" in shown and "Tenants wait 9 weeks" in shown  # as typed
    assert "*Sgiliau sydd eu hangen*" in shown and "*Perchennog*\n<@UALICE>" in shown
    assert "yr wythnos am 6 wythnos" in shown
    assert "Cam: *Arfaethedig*" in shown
    assert "*0 pleidlais* · Ymatebwch gyda :+1: i bleidleisio tan" in shown
    assert post.text == "Her C-1: Cut the housing repairs backlog (0 pleidlais)"
    for english in ("Skills needed", "Owner", "React with", "vote", "Stage:"):
        assert english not in shown, english
    # a vote redraws it in Welsh too (Welsh counts: 1 bleidlais, 2 bleidlais)
    dozen.slack.react("UBOB", post.channel, post.ts)
    dozen.settle()
    assert "*1 bleidlais*" in blocks_text(dozen.fake.message(post.channel, post.ts).blocks)
    # Alice set no language and Slack says none: she is spoken to in her workspace's language
    assert "Wedi postio *C-1: Cut the housing repairs backlog* yn <#CCHALLENGES>" in \
        dozen.fake.responses[-1]["text"]


def test_a_bilingual_workspace_posts_welsh_then_english(dozen):
    configure(dozen, bilingual="on")
    post = post_challenge(dozen)
    shown = blocks_text(post.blocks)
    assert shown.index("Sgiliau sydd eu hangen") < shown.index("Skills needed")
    assert shown.index("Ymatebwch gyda :+1: i bleidleisio") < shown.index("React with :+1: to vote")
    assert shown.count("Tenants wait 9 weeks") == 1  # what was typed reads the same: shown once
    assert shown.count("C-1: Cut the housing repairs backlog") == 1
    assert post.text == ("Her C-1: Cut the housing repairs backlog (0 pleidlais) / "
                         "Challenge C-1: Cut the housing repairs backlog (0 votes)")
    ids = [b["block_id"] for b in post.blocks if b.get("block_id")]
    assert len(ids) == len(set(ids)) and len(post.blocks) <= 50
    buttons = [e["text"]["text"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons[-2:] == ["Pledge", "Set funding target"]  # the English half's, after the Welsh
    # what is said in its thread is Welsh, then English
    assert dozen.slack.command("/challenge", "close C-1 Solved elsewhere").status == 200
    dozen.settle()
    closed = [said for said in thread(dozen, post) if "Solved elsewhere" in said][-1]
    assert closed.index("*Caewyd C-1* gan <@UALICE>: Solved elsewhere.") < \
        closed.index("*C-1 was closed* by <@UALICE>: Solved elsewhere.")
    redrawn = blocks_text(dozen.fake.message(post.channel, post.ts).blocks)
    assert redrawn.index("(ar gau)") < redrawn.index("(closed)")


def test_someone_whose_slack_speaks_swedish_gets_the_form_and_replies_in_swedish(dozen):
    speaks_swedish(dozen)
    view = open_modal(dozen, "Fix potholes faster", user="UBOB")
    assert view["title"]["text"] == "Ny utmaning" and view["submit"]["text"] == "Publicera utmaning"
    assert view["close"]["text"] == "Avbryt"
    assert labels(view) == LABELS_SV
    refused = dozen.slack.submit(view, {**GOOD, "title": "ab", "hours": "40"}, user="UBOB").json
    assert refused["errors"] == {"title": "Titeln behöver minst 3 tecken.",
                                 "hours": "Timmar per vecka får vara högst 37.5."}
    reply = dozen.slack.submit(view, GOOD, user="UBOB")
    assert reply.status == 200 and reply.text == ""
    dozen.settle()
    told = dozen.fake.responses[-1]["text"]
    assert told.startswith("*C-1: Cut the housing repairs backlog* är publicerad i <#CCHALLENGES>.")
    post = dozen.fake.wait_for("chat.postMessage")[0]
    assert "Skills needed" in blocks_text(post["blocks"])  # the channel post speaks the workspace's English
    assert "Öppna utmaningar (1)" in dozen.slack.command("/challenge", "list", user="UBOB").message_text
    assert "Open challenges (1)" in dozen.slack.command("/challenge", "list", user="UALICE").message_text


def test_dozen_language_overrides_the_slack_locale(dozen):
    speaks_swedish(dozen)
    assert "Dozen talar med dig på Svenska" in dozen.slack.command("/dozen", "language", user="UBOB").message_text
    chosen = dozen.slack.command("/dozen", "language cy", user="UBOB").message_text
    assert chosen.strip() == "O hyn ymlaen, bydd Dozen yn siarad â chi yn yr iaith hon: Cymraeg."
    view = open_modal(dozen, user="UBOB")
    assert view["title"]["text"] == "Her newydd" and labels(view) == LABELS_CY
    assert "Mae *Dozen* yn helpu cynghorau" in dozen.slack.command("/dozen", "help", user="UBOB").message_text
    assert "`/challenge list` — heriau agored" in dozen.slack.command("/challenge", "help", user="UBOB").message_text
    assert "`/dozen language cy`" in dozen.slack.command("/dozen", "language fr", user="UBOB").message_text
    # back to English, over the Swedish Slack
    dozen.slack.command("/dozen", "language en", user="UBOB")
    assert labels(open_modal(dozen, user="UBOB")) == LABELS_EN
    assert labels(open_modal(dozen, user="UALICE")) == LABELS_EN  # nobody else changed


def test_each_workspace_of_a_network_gets_its_copy_in_its_own_language(network):  # noqa: F811
    dozen = network
    join_all(dozen)
    with dozen.db.session() as session:
        config = session.exec(select(WorkspaceConfig).where(WorkspaceConfig.team_id == "TB")).one()
        config.language = "cy"
        other = session.exec(select(WorkspaceConfig).where(WorkspaceConfig.team_id == "TC")).one()
        other.language, other.bilingual = "sv", True  # bilingual is Welsh and English whatever the language
        session.add_all([config, other])
    post_in(dozen, "TA", "UA_BOB")
    posts = copies(dozen, "Cut the housing repairs backlog")
    assert "React with :+1: to vote" in blocks_text(posts["TA"].blocks)
    assert "Ymatebwch gyda :+1: i bleidleisio" in blocks_text(posts["TB"].blocks)
    assert "React with" not in blocks_text(posts["TB"].blocks)
    bilingual = blocks_text(posts["TC"].blocks)
    assert bilingual.index("Ymatebwch gyda") < bilingual.index("React with") and "Reagera" not in bilingual
    dozen.slack.in_team("TB").react("UB_DAN", posts["TB"].channel, posts["TB"].ts)
    dozen.settle()
    assert "*1 vote*" in blocks_text(dozen.fake.message(posts["TA"].channel, posts["TA"].ts).blocks)
    assert "*1 bleidlais*" in blocks_text(dozen.fake.message(posts["TB"].channel, posts["TB"].ts).blocks)


def get(dozen, path: str, language: str | None = None) -> tuple[int, dict, str]:
    headers = {"Accept-Language": language} if language else {}
    request = urllib.request.Request(dozen.slack.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_public_board_speaks_its_visitors_language(dozen):
    post_challenge(dozen)
    assert "Nid yw&#39;r bwrdd wedi&#39;i gyhoeddi." in get(dozen, "/board", "cy")[2]  # 404, in Welsh
    configure(dozen, public_board="on")
    status, headers, body = get(dozen, "/board", "cy-GB,cy;q=0.9,en-GB;q=0.8")
    assert status == 200 and '<html lang="cy-GB">' in body and headers["Content-Language"] == "cy-GB"
    assert "Accept-Language" in headers["Vary"]
    assert "<h1>Bwrdd yr heriau</h1>" in body and '">Arfaethedig <span class="secondary">' in body
    assert '<a href="/board/C-1">C-1: Cut the housing repairs backlog</a>' in body
    status, _, page = get(dozen, "/board/C-1", "fr-FR, sv;q=0.5, en;q=0.1")
    assert '<html lang="sv-SE">' in page and "<h2>Problemet</h2>" in page
    assert "Inget finansieringsmål har satts." in page
    assert "7,5 timmar i veckan i 6 veckor" in page
    _, _, english = get(dozen, "/board", "en-US,cy;q=0.5")
    assert '<html lang="en-GB">' in english and "<h1>The challenge board</h1>" in english
    # no preference: the language of the workspaces whose board it is
    configure(dozen, language="cy")
    assert '<html lang="cy-GB">' in get(dozen, "/board")[2]
    assert '<html lang="en-GB">' in get(dozen, "/board", "en")[2]
