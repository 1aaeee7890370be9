"""The Slack surface, one module per feature. Each listener is a module-level function that
acknowledges Slack, calls one service, and hands the outcome to `publish/`; each module's
`register(app)` only lists its listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import (
    availability,
    bookings,
    challenges,
    checkins,
    cohorts,
    config,
    dozen,
    funding,
    home,
    introductions,
    messages,
    network,
    pool,
    suggestions,
    voting,
)

FEATURES = (challenges, voting, pool, availability, bookings, funding, cohorts, checkins, home, config, dozen,
            suggestions, introductions, messages, network)


def register_all(app: App) -> None:
    for feature in FEATURES:
        feature.register(app)
