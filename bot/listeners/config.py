"""`/dozen config`: the organisers' settings form."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import config as publish
from bot.services import config as service
from bot.services.workspace import ConfigDraft
from bot.listeners.shapes import submit
from bot.services.errors import ValidationFailed
from bot.slack.payloads import input_value, text_value
from bot.views.config import CONFIG_CALLBACK
from bot.views.help import organisers_only


def open_config(ack, ctx: dozen.Context, command: dict) -> None:
    ack()
    publish.open_form(ctx, trigger_id=command["trigger_id"], team_id=command["team_id"],
                      user_id=command.get("user_id"))


def config_submitted(ack, body, view, context):
    draft = ConfigDraft(
        challenges_channel=input_value(view, "challenges_channel"),
        nominations_channel=input_value(view, "nominations_channel"),
        digest_channel=input_value(view, "digest_channel"),
        digest_day=text_value(view, "digest_day"),
        digest_time=text_value(view, "digest_time"),
        vote_emojis=text_value(view, "vote_emojis"),
        manager_approval=text_value(view, "manager_approval"),
        language=text_value(view, "language") or "en",
        bilingual=text_value(view, "bilingual") or "off",
        currency=text_value(view, "currency") or "GBP",
        vote_threshold=text_value(view, "vote_threshold"),
        voting_window_weeks=text_value(view, "voting_window_weeks"),
        public_board=text_value(view, "public_board"),
    )

    def save(ctx: dozen.Context, team_id: str, user_id: str) -> tuple[str, str]:
        if not ctx.is_organiser(team_id, user_id):
            refused = {"challenges_channel": organisers_only("config", ctx.lang(team_id, user_id))}
            raise ValidationFailed(refused)
        ctx.write(service.save, team_id=team_id, user_id=user_id, draft=draft,
                  rate_council=text_value(view, "rate_council"), rate_amount=text_value(view, "rate_amount").strip(),
                  rate_unit=text_value(view, "rate_unit"), now=ctx.clock.now())
        return team_id, user_id

    ctx, saved_by = submit(ack, body, view, context, save)
    if saved_by is not None:
        team_id, user_id = saved_by
        publish.saved(ctx, user_id, team_id)


def register(app: App) -> None:
    app.view(CONFIG_CALLBACK)(config_submitted)
