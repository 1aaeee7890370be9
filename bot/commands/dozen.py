"""`/dozen`: help, and the organisers' tools."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from slack_bolt import App

from bot.commands.privacy import after_forgetting
from bot.commands.support import (
    Deps,
    dm,
    display_names,
    input_value,
    send_file,
    send_to_response_url,
    text_value,
    usage_reply,
)
from bot.commands.cohorts import open_cohort_form
from bot.jobs.digest import post_digest
from bot.services.challenges import list_open
from bot.services import audit, bookings, privacy
from bot.services.errors import DomainError, ValidationFailed
from bot.services.workspace import ConfigDraft, get_config, update_config, vote_emojis
from bot.views.common import escape
from bot.views.config import CONFIG_CALLBACK, config_modal
from bot.views.help import DOZEN_HELP
from bot.views.privacy import FORGET_CALLBACK, forget_modal, mydata_summary

log = logging.getLogger(__name__)
ORGANISERS_ONLY = ("`/dozen {verb}` is for organisers (workspace admins and the people in DOZEN_ADMINS). "
                   "Ask one of them if something needs changing.")


def register(app: App, deps: Deps) -> None:
    @app.command("/dozen")
    def dozen_command(ack, command):
        text = " ".join((command.get("text") or "").split())
        verb = text.lower()
        team_id, user_id = command["team_id"], command["user_id"]
        if verb in ("", "help"):
            usage_reply(ack, DOZEN_HELP)
        elif verb == "config":
            if not deps.is_organiser(team_id, user_id):
                usage_reply(ack, ORGANISERS_ONLY.format(verb="config"))
                return
            ack()
            with deps.db.reading() as session:
                config = get_config(session, team_id)
                rates = bookings.rates(session, team_id)
            deps.client.views_open(trigger_id=command["trigger_id"],
                                   view=config_modal(config, vote_emojis(config), rates))
        elif verb == "mydata":
            usage_reply(ack, "I'm sending you everything Dozen holds about you, in a DM.")
            send_mydata(team_id, user_id)
        elif verb == "forget-me":
            ack()
            deps.client.views_open(trigger_id=command["trigger_id"], view=forget_modal())
        elif verb.startswith("export audit"):
            monthly_file(ack, command, "audit", text[len("export audit"):].strip(), audit_file)
        elif verb == "cohort new":
            if not deps.is_organiser(team_id, user_id):
                usage_reply(ack, ORGANISERS_ONLY.format(verb="cohort new"))
                return
            with deps.db.reading() as session:
                if not list_open(session, team_id):
                    usage_reply(ack, "There are no open challenges to form a cohort around yet.")
                    return
            ack()
            open_cohort_form(deps, trigger_id=command["trigger_id"], team_id=team_id)
        elif verb == "digest now":
            digest_now(ack, command)
        elif verb.startswith("export bookings"):
            monthly_file(ack, command, "bookings", text[len("export bookings"):].strip(), bookings_file)
        else:
            usage_reply(ack, f"Sorry, I don't know `/dozen {escape(text)}`.\n\n{DOZEN_HELP}")

    def digest_now(ack, command) -> None:
        team_id, user_id = command["team_id"], command["user_id"]
        if not deps.is_organiser(team_id, user_id):
            usage_reply(ack, ORGANISERS_ONLY.format(verb="digest now"))
            return
        usage_reply(ack, "Working out this week's matches…")
        ctx = deps.job_context(forced=True)
        typed_in = command.get("channel_id")
        try:
            outcome = post_digest(ctx, team_id, channel=None if (typed_in or "D").startswith("D") else typed_in)
        except Exception:
            log.exception("digest now failed")
            outcome = "failed"
        if outcome.endswith("no digest channel"):
            text = "There's no digest channel yet: choose one with `/dozen config` (or run this in a channel)."
        elif "already posted" in outcome:
            text = "This week's digest was already posted; it goes out once a week."
        elif "being posted elsewhere" in outcome:
            text = "This week's digest is being posted right now."
        elif outcome == "failed":
            text = "Sorry, the digest could not be posted; it has been logged. Run `/dozen digest now` again to finish it."
        else:
            text = "This week's digest is posted: " + outcome.split(": ", 1)[1] + "."
        send_to_response_url(command.get("response_url"), text)

    def send_mydata(team_id: str, user_id: str) -> None:
        with deps.db.reading() as session:
            data = privacy.collect(session, team_id, user_id)
        text, blocks = mydata_summary(data)
        dm(deps.client, user_id, text, blocks)
        send_file(deps.client, user_id, content=privacy.as_json(data), filename="dozen-my-data.json",
                  title="Everything Dozen holds about you", comment="Your data, as JSON.")

    @app.view(FORGET_CALLBACK)
    def forget_confirmed(ack, body):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        with deps.db.session() as session:
            done = privacy.forget(session, team_id=team_id, user_id=user_id, today=deps.today(),
                                  now=deps.clock.now())
        after_forgetting(deps, team_id, user_id, done)

    def monthly_file(ack, command, what: str, month_text: str, make: Callable[[str, date], tuple[str, str, str]]):
        """An organisers' CSV for one month, sent to them in a DM: `make` gives (content, title, comment)."""
        team_id, user_id = command["team_id"], command["user_id"]
        if not deps.is_organiser(team_id, user_id):
            usage_reply(ack, ORGANISERS_ONLY.format(verb=f"export {what}"))
            return
        try:
            month = bookings.parse_month(month_text)
        except DomainError as error:
            usage_reply(ack, f"{error.message}\nUsage: `/dozen export {what} YYYY-MM`")
            return
        usage_reply(ack, f"Preparing the {what} file for {month:%B %Y}; I'll send it to you in a DM.")
        content, title, comment = make(team_id, month)
        send_file(deps.client, user_id, content=content, filename=f"dozen-{what}-{month:%Y-%m}.csv", title=title,
                  comment=comment)

    def audit_file(team_id: str, month: date) -> tuple[str, str, str]:
        with deps.db.reading() as session:
            content, count = audit.month_csv(session, team_id, month)
        return content, f"Dozen audit trail {month:%B %Y}", (
            f"The audit trail for {month:%B %Y}: {count} event{'s' if count != 1 else ''} "
            "(approvals, declines, cancellations, configuration changes, forget-me requests).")

    def bookings_file(team_id: str, month: date) -> tuple[str, str, str]:
        with deps.db.reading() as session:
            people = bookings.people_in_month(session, team_id, month)
        names = display_names(deps.client, people)
        with deps.db.reading() as session:
            content, count = bookings.month_statement(session, team_id, month, names)
        return content, f"Dozen bookings statement {month:%B %Y}", (
            f"The cross-charging statement for {month:%B %Y}: {count} confirmed booking{'s' if count != 1 else ''} "
            "in weeks starting that month, then totals per pair of councils.")

    @app.view(CONFIG_CALLBACK)
    def config_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        if not deps.is_organiser(team_id, user_id):
            ack(response_action="errors", errors={"challenges_channel": ORGANISERS_ONLY.format(verb="config")})
            return
        draft = ConfigDraft(
            challenges_channel=input_value(view, "challenges_channel"),
            nominations_channel=input_value(view, "nominations_channel"),
            digest_channel=input_value(view, "digest_channel"),
            digest_day=text_value(view, "digest_day"),
            digest_time=text_value(view, "digest_time"),
            vote_emojis=text_value(view, "vote_emojis"),
            manager_approval=text_value(view, "manager_approval"),
        )
        rate_council = text_value(view, "rate_council")
        rate_amount = text_value(view, "rate_amount").strip()
        try:
            with deps.db.session() as session:
                update_config(session, team_id=team_id, user_id=user_id, draft=draft, now=deps.clock.now())
                if rate_amount and not rate_council:
                    raise ValidationFailed({"rate_council": "Choose the council this rate is for."})
                if rate_council:
                    bookings.set_rate(session, team_id=team_id, council_code=rate_council, amount_text=rate_amount,
                                      unit=text_value(view, "rate_unit") or "hour", user_id=user_id,
                                      now=deps.clock.now())
        except ValidationFailed as error:
            ack(response_action="errors", errors=error.errors)
            return
        ack()
        deps.client.chat_postMessage(channel=user_id, text="Dozen's settings are saved.")
