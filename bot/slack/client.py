"""The Slack Web API client: every call goes to SLACK_API_URL and is retried on rate
limits (honouring Retry-After), connection errors and 5xx, by slack_sdk's handlers.

Generous on purpose: a message that gives up is a message lost. Up to 8 retries of one call,
whatever mix of rate limits (each waits what Slack's Retry-After says) and server errors
(waits of 0.5, 1, 2, then 4 s) ride out a burst or a short outage (slack_sdk counts the
attempts of all handlers together); the work after that (a digest part) is resumed by its
next run."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

from bot.settings import Settings

RATE_LIMITED_RETRIES = 8
SERVER_ERROR_RETRIES = 8


class CappedBackoff(RetryIntervalCalculator):
    """0.5, 1, 2, then 4 seconds between attempts: doubling, but never more than 4."""

    def calculate_sleep_duration(self, current_attempt: int) -> float:
        return min(0.5 * 2 ** current_attempt, 4.0)


def make_web_client(settings: Settings, *, timeout: int = 10, token: str | None = None) -> WebClient:
    """A client with `token`, or the single workspace's SLACK_BOT_TOKEN (none with many workspaces)."""
    return WebClient(
        token=token or settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=3),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMITED_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=CappedBackoff()),
        ],
    )
