"""build_app: the Bolt app with Dozen's context, every listener, and the apology for bugs."""

from __future__ import annotations

import json
import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace
from functools import partial

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from bot.clock import Clock
from bot.context import BOLT_KEY, Context
from bot.listeners import network, register_all
from bot.publish.redraws import redraw
from bot.services import network as network_service
from bot.settings import Settings
from bot.slack.client import make_web_client
from bot.slack.installations import BOT_SCOPES, ROTATE_MINUTES, Clients, installation_store, state_store
from bot.slack.redraws import PostUpdater
from bot.storage.db import Database

log = logging.getLogger(__name__)
LISTENER_THREADS = 64
INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"


def build_context(settings: Settings, *, db: Database | None = None, clock: Clock | None = None,
                  client: WebClient | None = None, update_delay: float = 1.0,
                  min_update_interval: float = 1.2) -> tuple[Context, PostUpdater]:
    """Dozen's context, with coalesced redraws routed to the publishers."""
    updater = PostUpdater(lambda target: redraw(ctx, target, interval=updater.min_interval), delay=update_delay,
                          min_interval=min_update_interval)
    db = db or Database(settings.database_url)
    client = client or make_web_client(settings)
    store = installation_store(settings, db.engine) if settings.many_workspaces else None

    def enterprise_of(team_id: str) -> str | None:
        with db.reading() as session:
            return network_service.enterprise_of(session, team_id)

    clients = Clients(settings, client, store, enterprise_of=enterprise_of)
    ctx = Context.build(settings, db=db, clock=clock or Clock(), client=client, clients=clients,
                        request_redraw=updater.request)
    return ctx, updater


def oauth_settings(ctx: Context) -> OAuthSettings:
    """Installing Dozen into many workspaces: Slack's OAuth v2 flow, run by Bolt, its state and
    installations kept in Dozen's database; a new installation asks to join the network."""
    settings = ctx.settings
    return OAuthSettings(
        client_id=settings.slack_client_id, client_secret=settings.slack_client_secret, scopes=list(BOT_SCOPES),
        redirect_uri=settings.redirect_url, install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        installation_store=ctx.clients.store, installation_store_bot_only=True,
        state_store=state_store(ctx.db.engine), token_rotation_expiration_minutes=ROTATE_MINUTES,
        callback_options=CallbackOptions(success=partial(network.installed, ctx), failure=network.install_failed),
    )


def build_app(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    client: WebClient | None = None,
    update_delay: float = 1.0,
    min_update_interval: float = 1.2,
    listener_executor: Executor | None = None,
) -> App:
    """The Slack app. Its context is `app.dozen` and its redraws `app.dozen_redraws`."""
    ctx, updater = build_context(settings, db=db, clock=clock, client=client, update_delay=update_delay,
                                 min_update_interval=min_update_interval)
    app = App(
        client=ctx.client,
        oauth_settings=oauth_settings(ctx) if settings.many_workspaces else None,
        # Listeners run here and ack from here. Bolt answers "unhandled" if a listener has not
        # acked within 3 s, so the work after acks (DMs, posts, views.open: waiting on Slack,
        # not on the CPU) must never leave new requests queueing for a thread.
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS,
                                                                  thread_name_prefix="listener"),
        signing_secret=settings.slack_signing_secret,
        token_verification_enabled=False,  # auth.test runs lazily on the first request
        logger=logging.getLogger("bot.bolt"),
    )

    organisation_workspaces: set[str] = set()

    @app.middleware
    def put_dozen_in_context(context, next):  # noqa: A002  (Bolt's name for the next middleware)
        # speaking to Slack with the token of the workspace the request came from
        client = context.client or ctx.client
        context[BOLT_KEY] = ctx if client is ctx.client else replace(ctx, client=client)
        if settings.many_workspaces:
            network.organisation_workspace(context[BOLT_KEY], context, organisation_workspaces)
        return next()

    register_all(app)
    app.error(apologise_for_unexpected_errors)
    app.dozen, app.dozen_redraws = ctx, updater
    return app


SORRY = ("Sorry, something went wrong on Dozen's side and it has been logged. "
         "Nothing you had saved was lost; please try again in a minute.")


def apologise_for_unexpected_errors(error: Exception, body: dict, response: BoltResponse | None, logger):
    """A bug must not reach a person as a stack trace or a bare failure: a slash command
    that has not been answered yet gets an apology only they see."""
    logger.exception("unhandled error in a listener: %s", error)
    if response is not None and body.get("command"):
        return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": SORRY}),
                            headers={"content-type": "application/json;charset=utf-8"})
    return None
