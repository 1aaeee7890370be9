"""`/dozen`: help, everyone's data, and the organisers' tools."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App

from bot import context as dozen
from bot.listeners.config import open_config
from bot.publish import cohorts, exports, network, privacy
from bot.publish.digest import post_digest
from bot.locale import N_, Lang, lang
from bot.services import charging, languages
from bot.services import privacy as privacy_service
from bot.services.challenges import list_open
from bot.slack import messages
from bot.slack.payloads import actor, command_actor
from bot.slack.replies import or_usage_reply, send_to_response_url, usage_reply
from bot.views.digest import digest_now_reply
from bot.views.help import (
    dozen_help,
    export_preparing,
    export_usage,
    language_chosen,
    language_usage,
    organisers_only,
    unknown_verb,
)
from bot.views.privacy import FORGET_CALLBACK, forget_modal

log = logging.getLogger(__name__)
MYDATA_REPLY = N_("I'm sending you everything Dozen holds about you, in a DM.")
NO_OPEN_CHALLENGES = N_("There are no open challenges to form a cohort around yet.")
DIGEST_WORKING = N_("Working out this week's matches…")


def dozen_command(ack, command, context):
    ctx = dozen.of(context)
    text = " ".join((command.get("text") or "").split())
    verb = text.lower()
    if verb == "language" or verb.startswith("language "):
        return choose_language(ack, ctx, command, text[len("language"):].strip())
    for prefix in ("export audit", "export bookings"):
        if verb.startswith(prefix):
            return export_month(ack, ctx, command, prefix.split()[1], text[len(prefix):].strip())
    if verb in ORGANISER_VERBS and not ctx.is_organiser(*command_actor(command)):
        return usage_reply(ack, organisers_only(verb, _lang(ctx, command)))
    handler = VERBS.get(verb)
    if handler is None:
        return usage_reply(ack, unknown_verb(text, _lang(ctx, command)))
    handler(ack, ctx, command)


def _lang(ctx: dozen.Context, command: dict) -> Lang:
    """The language of whoever typed the command."""
    return ctx.lang(*command_actor(command))


def choose_language(ack, ctx: dozen.Context, command: dict, code: str) -> None:
    """`/dozen language cy|en|sv`: the language Dozen speaks to this person in, over their Slack's."""
    team_id, user_id = command_actor(command)
    if not code:
        t = ctx.lang(team_id, user_id)
        return usage_reply(ack, language_usage(t))
    chosen = or_usage_reply(ack, lambda: ctx.write(languages.choose, team_id=team_id, user_id=user_id,
                                                   language=code, now=ctx.clock.now()),
                            t=ctx.lang(team_id, user_id))
    if chosen:
        usage_reply(ack, language_chosen(lang(chosen)))
        ctx.refresh_home(team_id, user_id)


def show_help(ack, ctx: dozen.Context, command: dict) -> None:
    usage_reply(ack, dozen_help(_lang(ctx, command)))


def mydata(ack, ctx: dozen.Context, command: dict) -> None:
    usage_reply(ack, _lang(ctx, command)._(MYDATA_REPLY))
    privacy.send_mydata(ctx, *command_actor(command))


def forget_me(ack, ctx: dozen.Context, command: dict) -> None:
    ack()
    messages.open_modal(ctx.client, command["trigger_id"], forget_modal(t=_lang(ctx, command)))


def show_network(ack, ctx: dozen.Context, command: dict) -> None:
    usage_reply(ack, *network.listing(ctx, *command_actor(command)))


def cohort_new(ack, ctx: dozen.Context, command: dict) -> None:
    if not ctx.read(list_open, command["team_id"]):
        return usage_reply(ack, _lang(ctx, command)._(NO_OPEN_CHALLENGES))
    ack()
    cohorts.open_form(ctx, trigger_id=command["trigger_id"], team_id=command["team_id"])


def digest_now(ack, ctx: dozen.Context, command: dict) -> None:
    t = _lang(ctx, command)
    usage_reply(ack, t._(DIGEST_WORKING))
    typed_in = command.get("channel_id") or "D"
    try:
        outcome = post_digest(ctx.for_job(forced=True), command["team_id"],
                              channel=None if typed_in.startswith("D") else typed_in)
    except Exception:
        log.exception("digest now failed")
        outcome = None
    send_to_response_url(command.get("response_url"), digest_now_reply(outcome, t=t))


def export_month(ack, ctx: dozen.Context, command: dict, what: str, month_text: str) -> None:
    """An organisers' CSV for one month, sent to them in a DM."""
    team_id, user_id = command_actor(command)
    t = ctx.lang(team_id, user_id)
    if not ctx.is_organiser(team_id, user_id):
        return usage_reply(ack, organisers_only(f"export {what}", t))
    month = or_usage_reply(ack, lambda: charging.parse_month(month_text), usage=export_usage(what, t), t=t)
    if month is None:
        return
    usage_reply(ack, export_preparing(what, month, t))
    exports.send_month(ctx, what, team_id, user_id, month)


def forget_confirmed(ack, body, context):
    ack()
    ctx = dozen.of(context)
    team_id, user_id = actor(body)
    done = ctx.write(privacy_service.forget, team_id=team_id, user_id=user_id, today=ctx.today(), now=ctx.clock.now())
    privacy.after_forgetting(ctx, team_id, user_id, done)


VERBS: dict[str, Callable[..., None]] = {
    "": show_help, "help": show_help, "config": open_config, "mydata": mydata, "forget-me": forget_me,
    "cohort new": cohort_new, "digest now": digest_now, "network": show_network,
}
ORGANISER_VERBS = {"config", "cohort new", "digest now"}


def register(app: App) -> None:
    app.command("/dozen")(dozen_command)
    app.view(FORGET_CALLBACK)(forget_confirmed)
