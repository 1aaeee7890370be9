"""build_app: the Bolt app with every listener registered."""

from __future__ import annotations

import json
import logging
from concurrent.futures import Executor, ThreadPoolExecutor

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.clock import Clock
from bot.commands import (
    availability,
    bookings,
    challenges,
    cohorts,
    dozen,
    funding,
    home,
    pool,
    suggestions,
    voting,
)
from bot.commands.post_updates import PostUpdater
from bot.commands.support import Deps
from bot.settings import Settings
from bot.slack_client import make_web_client
from bot.storage.db import Database

log = logging.getLogger(__name__)
LISTENER_THREADS = 64


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
    """The Slack app. Its dependencies are on `app.dozen` (a Deps)."""
    client = client or make_web_client(settings)
    app = App(
        client=client,
        # Listeners run here and ack from here. Bolt answers "unhandled" if a listener has not
        # acked within 3 s, so the work after acks (DMs, posts, views.open: waiting on Slack,
        # not on the CPU) must never leave new requests queueing for a thread.
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener"),
        signing_secret=settings.slack_signing_secret,
        token_verification_enabled=False,  # auth.test runs lazily on the first request
        logger=logging.getLogger("bot.bolt"),
    )
    deps = Deps(settings=settings, db=db or Database(settings.database_url), clock=clock or Clock(), client=client)

    def redraw(target) -> None:
        deps.redrawers[target.kind](target)

    deps.post_updater = PostUpdater(redraw, delay=update_delay, min_interval=min_update_interval)
    for feature in (challenges, voting, pool, availability, bookings, funding, cohorts, home, dozen, suggestions):
        feature.register(app, deps)
    app.error(_apologise_for_unexpected_errors)
    app.dozen = deps
    return app


SORRY = ("Sorry, something went wrong on Dozen's side and it has been logged. "
         "Nothing you had saved was lost; please try again in a minute.")


def _apologise_for_unexpected_errors(error: Exception, body: dict, response: BoltResponse | None, logger):
    """A bug must not reach a person as a stack trace or a bare failure: a slash command
    that has not been answered yet gets an apology only they see."""
    logger.exception("unhandled error in a listener: %s", error)
    if response is not None and body.get("command"):
        return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": SORRY}),
                            headers={"content-type": "application/json;charset=utf-8"})
    return None
