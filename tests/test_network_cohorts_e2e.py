"""Cohorts across the network: an organiser in one workspace forms a cohort from the network's
pool; each member is invited, answers and is approved by their line manager in their own
workspace, with its own token; the organiser sees people of other workspaces by name."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.services import availability
from bot.storage.models import Booking, CohortMember
from tests.conftest import both_backends
from tests.pool_flows import opened_view
from tests.slackdriver import blocks_text
from tests.test_network_e2e import join_all, network, pool_member, post_challenge, sent_to  # noqa: F401 (fixture)

RESEARCH = {"User research methods": "Expert"}


def members(dozen) -> dict[str, CohortMember]:
    with dozen.db.reading() as session:
        return {m.person_id: m for m in session.exec(select(CohortMember)).all()}


def newest_dm(dozen, user: str, action_id: str):
    return next(m for m in reversed(dozen.fake.dms_to(user)) if action_id in str(m.blocks))


def press(dozen, team: str, user: str, action_id: str, message):
    reply = dozen.slack.in_team(team).click(action_id, user=user, blocks=message.blocks, channel=message.channel,
                                            message_ts=message.ts)
    assert reply.status == 200
    dozen.settle()
    return reply


@both_backends
def test_an_organiser_forms_a_cohort_with_people_of_other_workspaces(network, backend):
    dozen = network
    join_all(dozen)
    pool_member(dozen, "TA", "UA_BOB", "Bob Leeds", "LDS", "UA_CAROL", RESEARCH)
    pool_member(dozen, "TB", "UB_ERIN", "Erin Manchester", "MAN", "UB_DAN", RESEARCH)
    pool_member(dozen, "TC", "UC_FRED", "Fred Bristol", "BST", "UC_ADMIN", RESEARCH)
    post_challenge(dozen, "TA", "UA_CAROL")  # Leeds's own challenge: Bob is kept off it while others fit

    # Leeds's organiser forms a cohort: drawn from the network's pool
    leeds = dozen.slack.in_team("TA")
    before = len(dozen.fake.calls_to("views.open"))
    assert leeds.command("/dozen", "cohort new", user="UA_ADMIN").text == ""
    first = availability.coming_weeks(dozen.ctx.today(), 1)[0]
    reply = leeds.submit(opened_view(dozen, before), {"name": "Network dozen", "first_week": first.isoformat(),
                                                      "weeks": "2", "size": "2", "hours": "3", "challenges": ["1"]},
                         user="UA_ADMIN")
    assert reply.text == "", reply.text
    dozen.settle()
    proposed = members(dozen)
    assert {p: m.person_team_id for p, m in proposed.items()} == {"UB_ERIN": "TB", "UC_FRED": "TC"}
    [proposal_sent] = [c for c in sent_to(dozen, "UA_ADMIN") if "cohort_confirm" in str(c["blocks"])]
    assert proposal_sent.team == "TA"
    proposal = newest_dm(dozen, "UA_ADMIN", "cohort_confirm")
    shown = blocks_text(proposal.blocks)
    assert "Erin Manchester (Manchester City Council)" in shown and "Fred Bristol (Bristol City Council)" in shown
    assert "<@UB_ERIN>" not in shown and "<@UC_FRED>" not in shown  # mentions would show nothing in Leeds
    assert "2 people from 2 councils" in shown

    press(dozen, "TA", "UA_ADMIN", "cohort_confirm", proposal)
    assert {m.status for m in members(dozen).values()} == {"invited"}
    # the invitation goes to Erin in Manchester, with Manchester's token
    [invited] = [c for c in sent_to(dozen, "UB_ERIN") if "cohort_accept" in str(c["blocks"])]
    assert invited.team == "TB"  # the fake knows a call's workspace by the token that made it
    invitation = newest_dm(dozen, "UB_ERIN", "cohort_accept")
    shown = blocks_text(invitation.blocks)
    assert "You're invited: Network dozen" in shown
    assert "*Teammates:* Fred Bristol (Bristol City Council)" in shown  # Fred is of Bristol, not Manchester
    assert [c.team for c in sent_to(dozen, "UC_FRED") if "cohort_accept" in str(c["blocks"])] == ["TC"]

    # someone of another workspace can't answer Erin's invitation
    press(dozen, "TC", "UC_FRED", "cohort_accept", invitation)
    assert "That invitation no longer exists" in dozen.fake.responses[-1]["text"]
    assert members(dozen)["UB_ERIN"].status == "invited"

    # Erin accepts from Manchester: the cohort's weeks are booked of her, in her workspace
    press(dozen, "TB", "UB_ERIN", "cohort_accept", invitation)
    assert members(dozen)["UB_ERIN"].status == "accepted"
    with dozen.db.reading() as session:
        booked = session.exec(select(Booking).where(Booking.person_id == "UB_ERIN")).all()
    assert sorted(b.week_start for b in booked) == [first, first + timedelta(weeks=1)]
    assert {(b.team_id, b.person_team_id, b.status, b.manager_id) for b in booked} == {
        ("TA", "TB", "requested", "UB_DAN")}
    assert "booked once <@UB_DAN>, your line manager, approves" in dozen.fake.message(invitation.channel,
                                                                                     invitation.ts).text
    told = [c for c in sent_to(dozen, "UA_ADMIN") if "accepted a place" in c["text"]]
    assert len(told) == 1 and told[0].team == "TA"
    assert "Erin Manchester (Manchester City Council) accepted a place in K-1" in told[0]["text"]

    # her line manager, in Manchester, is asked there and approves every week at once
    [asked] = [c for c in sent_to(dozen, "UB_DAN") if "cohort_manager_approve" in str(c["blocks"])]
    assert asked.team == "TB"
    press(dozen, "TB", "UB_DAN", "cohort_manager_approve", newest_dm(dozen, "UB_DAN", "cohort_manager_approve"))
    with dozen.db.reading() as session:
        assert {b.status for b in session.exec(select(Booking).where(Booking.person_id == "UB_ERIN"))} == {
            "confirmed"}
    approved = [c for c in sent_to(dozen, "UB_ERIN") if "approved your weeks in Network dozen" in c["text"]]
    assert len(approved) == 1 and approved[0].team == "TB"

    # Fred declines from Bristol: the organiser is offered a replacement, named from Leeds
    press(dozen, "TC", "UC_FRED", "cohort_decline", newest_dm(dozen, "UC_FRED", "cohort_decline"))
    offer = newest_dm(dozen, "UA_ADMIN", "cohort_invite_replacement")
    assert "Fred Bristol (Bristol City Council) won't join K-1" in offer.text
    assert "Proposed instead: <@UA_BOB>" in offer.text  # Bob is of Leeds: a mention there
    press(dozen, "TA", "UA_ADMIN", "cohort_invite_replacement", offer)
    assert members(dozen)["UA_BOB"].status == "invited"
    assert [c.team for c in sent_to(dozen, "UA_BOB") if "cohort_accept" in str(c["blocks"])] == ["TA"]
    bob_invite = blocks_text(newest_dm(dozen, "UA_BOB", "cohort_accept").blocks)
    assert "*Teammates:* Erin Manchester (Manchester City Council)" in bob_invite

    # Erin's check-in is hers once, in Manchester; her Home tab there shows the cohort
    with dozen.db.reading() as session:
        from bot.services.checkins import due

        assert {(team, person) for team, person, _, _ in due(session, first)} == {("TB", "UB_ERIN")}
    dozen.slack.in_team("TB").open_home("UB_ERIN")
    dozen.settle()
    home = blocks_text(dozen.fake.published["UB_ERIN"]["blocks"])
    assert "Network dozen" in home and "Bob Leeds (Leeds City Council) (invited)" in home
