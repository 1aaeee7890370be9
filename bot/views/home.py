"""The App Home tab."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement
from slack_sdk.models.views import View

from bot.services.challenges import ChallengeSummary
from bot.views.common import blocks_of, context, escape, header, plain, section

HOME_NEW_CHALLENGE = "home_new_challenge"


def home_view(*, user_id: str, own_challenges: list[ChallengeSummary]) -> dict:
    if own_challenges:
        lines = "\n".join(
            f"• `{s.challenge.short_id}` {escape(s.challenge.title)} — {s.votes} vote{'s' if s.votes != 1 else ''}"
            for s in own_challenges
        )
    else:
        lines = "You have no open challenges. Post one with the button below or `/challenge new`."
    blocks = blocks_of(
        header("Dozen"),
        section("Councils share problems and people here. `/dozen help` lists every command."),
        header("Your open challenges"),
        section(lines),
        ActionsBlock(
            block_id="home_actions",
            elements=[ButtonElement(text=plain("Post a challenge"), action_id=HOME_NEW_CHALLENGE, style="primary")],
        ),
        context("Council names: mySociety, CC BY 4.0. Skills: the DDaT capability framework, OGL v3.0."),
    )
    return View(type="home", blocks=blocks).to_dict()
