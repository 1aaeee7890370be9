"""Coalesced redraws of voted-on posts (and of Home tabs).

Slack allows about 50 chat.update calls a minute (Tier 3). A burst of votes on one post
must not become a burst of updates: the first change schedules one redraw after a short
delay, later changes ride along with it, and each redraw reads the count afresh, so the
last redraw always shows the final count."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)


class PostUpdater:
    def __init__(self, redraw: Callable[[Hashable], None], *, delay: float = 1.0, min_interval: float = 1.2):
        self._redraw = redraw
        self._delay = delay
        self._min_interval = min_interval
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending: set[Hashable] = set()
        self._running = 0
        self._last_redraw: dict[Hashable, float] = {}

    @property
    def min_interval(self) -> float:
        """The least time between two redraws of one post."""
        return self._min_interval

    def request(self, key: Hashable) -> None:
        """Ask for `key`'s post to be redrawn soon. Call after the change is committed."""
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)
            since_last = time.monotonic() - self._last_redraw.get(key, float("-inf"))
            wait = max(self._delay, self._min_interval - since_last)
        timer = threading.Timer(wait, self._run, args=(key,))
        timer.daemon = True
        timer.start()

    def _run(self, key: Hashable) -> None:
        with self._lock:
            self._pending.discard(key)
            self._last_redraw[key] = time.monotonic()
            self._running += 1
        try:
            self._redraw(key)
        except Exception:
            log.exception("could not redraw post %s", key)
        finally:
            with self._lock:
                self._running -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no redraw is pending or running (for orderly shutdown and tests)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._pending or self._running:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True
