"""Many workspaces: an installation asks to join the network, organisers answer, and an
uninstall (or revoked tokens) silences Dozen in that workspace at once."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.callback_options import FailureArgs, SuccessArgs

from bot import context as dozen
from bot.context import Context
from bot.listeners.shapes import press
from bot.publish import network as publish
from bot.services import network as service
from bot.slack.payloads import actor
from bot.views.network import APPROVE_JOIN, DECLINE_JOIN, REMOVE_MEMBER

log = logging.getLogger(__name__)


def installed(ctx: Context, args: SuccessArgs) -> BoltResponse:
    """Slack's OAuth flow installed Dozen in a workspace (or a whole Enterprise Grid org)."""
    installation = args.installation
    team_id = installation.team_id or installation.enterprise_id
    name = installation.team_name or installation.enterprise_name or team_id
    ctx.clients.forget(team_id)
    joined, asks = ctx.write(service.installed, team_id=team_id, name=name, enterprise_id=installation.enterprise_id,
                             installed_by=installation.user_id, now=ctx.clock.now())
    if asks:
        publish.ask_organisers(ctx, joined)
    return args.default.success(args)


def organisation_workspace(ctx: Context, context, seen: set[str]) -> None:
    """A request from a workspace of a Grid organisation that installed Dozen org-wide: the first
    one makes it a network member with the organisation's standing (`network.through_organisation`).
    `seen`: the workspaces this app has looked at already (each once)."""
    team_id, enterprise_id = context.team_id, context.enterprise_id
    if not (context.is_enterprise_install and team_id and enterprise_id) or team_id == enterprise_id \
            or team_id in seen:
        return
    if ctx.write(service.through_organisation, team_id=team_id, enterprise_id=enterprise_id, now=ctx.clock.now()):
        ctx.clients.forget(team_id)
    seen.add(team_id)


def install_failed(args: FailureArgs) -> BoltResponse:
    log.info("an installation failed: %s", args.reason)
    return args.default.failure(args)


def app_uninstalled(ack, body, context):
    ack()
    _gone(dozen.of(context), body, everything=True)


def tokens_revoked(ack, body, event, context):
    ack()
    if (event.get("tokens") or {}).get("bot"):
        _gone(dozen.of(context), body, everything=False)


def _gone(ctx: Context, body: dict, *, everything: bool) -> None:
    """Forget the workspace's tokens at once: Dozen stops posting there; the rest goes on."""
    team_id, enterprise_id = body.get("team_id"), body.get("enterprise_id")
    store = ctx.clients.store if ctx.clients else None
    if store is not None:
        if everything:
            store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        else:
            store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        ctx.clients.forget(team_id)
    ctx.write(service.uninstalled, team_id, ctx.clock.now())


def approve_join(ack, body, action, context):
    _decide(ack, body, action, context, approve=True)


def decline_join(ack, body, action, context):
    _decide(ack, body, action, context, approve=False)


def _decide(ack, body: dict, action: dict, context, *, approve: bool) -> None:
    ctx, joined = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.decide, team_id=action.get("value") or "", approve=approve, by=user_id, by_team=team_id,
        is_organiser=ctx.is_organiser(team_id, user_id), now=ctx.clock.now()))
    if joined is not None:
        publish.answered(ctx, joined, actor(body)[1])


def remove_member(ack, body, action, context):
    ctx, removed = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.remove, team_id=action.get("value") or "", by=user_id, by_team=team_id,
        is_organiser=ctx.is_organiser(team_id, user_id), now=ctx.clock.now()))
    if removed is not None:
        publish.answered(ctx, removed, actor(body)[1])


def register(app: App) -> None:
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
    app.action(APPROVE_JOIN)(approve_join)
    app.action(DECLINE_JOIN)(decline_join)
    app.action(REMOVE_MEMBER)(remove_member)
