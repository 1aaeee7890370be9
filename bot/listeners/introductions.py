"""Connector introductions: "did you meet?" answered in the group DM, and the Home tab's opt in,
opt out, snooze and resume."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.shapes import press
from bot.publish import introductions as publish
from bot.services import introductions
from bot.slack.payloads import clicked_message, int_value
from bot.views.introductions import MET, NOT_MET, OPT_IN, OPT_OUT, RESUME, SNOOZE


def introduction_met(ack, body, action, context):
    _answer(ack, body, action, context, met=True)


def introduction_not_met(ack, body, action, context):
    _answer(ack, body, action, context, met=False)


def _answer(ack, body: dict, action: dict, context, *, met: bool) -> None:
    ctx, introduction = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        introductions.answer, team_id=team_id, introduction_id=int_value(action), user_id=user_id, met=met,
        now=ctx.clock.now()))
    if introduction is not None:
        publish.answered(ctx, introduction, clicked_message(body))


def introductions_opt_in(ack, body, context):
    _settings(ack, body, context, introductions.opt_in)


def introductions_opt_out(ack, body, context):
    _settings(ack, body, context, introductions.opt_out)


def introductions_resume(ack, body, context):
    _settings(ack, body, context, introductions.resume)


def introductions_snooze(ack, body, context):
    ctx, settings = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        introductions.snooze, team_id=team_id, user_id=user_id, today=ctx.today(), now=ctx.clock.now()))
    if settings is not None:
        publish.settings_changed(ctx, settings)


def _settings(ack, body: dict, context, change) -> None:
    ctx, settings = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        change, team_id=team_id, user_id=user_id, now=ctx.clock.now()))
    if settings is not None:
        publish.settings_changed(ctx, settings)


def register(app: App) -> None:
    app.action(MET)(introduction_met)
    app.action(NOT_MET)(introduction_not_met)
    app.action(OPT_IN)(introductions_opt_in)
    app.action(OPT_OUT)(introductions_opt_out)
    app.action(SNOOZE)(introductions_snooze)
    app.action(RESUME)(introductions_resume)
