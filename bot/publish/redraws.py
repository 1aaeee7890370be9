"""Coalesced, ordered redraws of voted-on posts (and Home tabs).

In one process, `slack.redraws.PostUpdater` gathers a burst of changes into one redraw after a
short delay. Across processes and replicas, `services.post_redraws` lets one redrawer hold a
post at a time and keeps it drawing until what Slack shows is the latest state, so the last
redraw always shows the final count whichever process makes it."""

from __future__ import annotations

import logging
import os
import threading
import socket
import uuid
from collections.abc import Callable, Hashable
from typing import Any

from bot.context import Context, HomeTab
from bot.publish import challenges, home, pool
from bot.services import post_redraws
from bot.services.voting import VoteTarget

log = logging.getLogger(__name__)

REDRAWERS: dict[str, Callable[[Context, Any], None]] = {
    "challenge": challenges.redraw,
    "nomination": pool.redraw_nomination,
    "home": home.publish,
}
CATCH_UP_SECONDS = 10.0  # how soon a post left behind by a dead process is redrawn, at most lease + this
OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def redraw(ctx: Context, target: Hashable, *, pause: Callable[[float], None] | None = None,
           interval: float = 0.0) -> None:
    """Redraw one post or Home tab as it stands now. A post is redrawn under its lease, again
    and again (`interval` apart) while changes keep coming, then let go."""
    if isinstance(target, HomeTab):
        REDRAWERS["home"](ctx, target)
        return
    assert isinstance(target, VoteTarget)
    key = (target.team_id, target.kind, target.target_id)
    version = ctx.record(post_redraws.take, *key, owner=OWNER, now=ctx.clock.now())
    while version is not None:
        try:
            REDRAWERS[target.kind](ctx, target)
        except BaseException:
            ctx.record(post_redraws.let_go, *key, owner=OWNER)
            raise
        version = ctx.record(post_redraws.drawn, *key, owner=OWNER, version=version, now=ctx.clock.now())
        if version is not None and interval:
            (pause or ctx.pause)(interval)  # a burst elsewhere: stay within chat.update's rate limit


def catch_up(ctx: Context) -> int:
    """Redraw every post that shows an older state than its latest and that nobody is
    redrawing (a process died holding it, or before its redraw was due)."""
    behind = ctx.read(post_redraws.behind, ctx.clock.now())
    for team_id, kind, target_id in behind:
        ctx.redraw(VoteTarget(team_id, kind, target_id), marked=True)
    return len(behind)


def keep_catching_up(ctx: Context, every: float = CATCH_UP_SECONDS) -> threading.Event:
    """Catch up now and then every `every` seconds, in the background; set the event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                catch_up(ctx)
            except Exception:
                log.exception("catching up on redraws failed")
            if stop.wait(every):
                return

    threading.Thread(target=loop, name="redraw-catch-up", daemon=True).start()
    return stop
