"""The Web API client goes to SLACK_API_URL and retries what Slack asks it to retry."""

from bot.settings import Settings
from bot.slack.client import make_web_client
from tests.fakeslack import TOKEN


def client_for(fake):
    return make_web_client(Settings(slack_bot_token=TOKEN, slack_signing_secret="s", slack_api_url=fake.url))


def test_retries_after_rate_limit_honouring_retry_after(fake):
    import time

    fake.rate_limit_next["chat.postMessage"] = 1
    start = time.monotonic()
    response = client_for(fake).chat_postMessage(channel="C1", text="hello")
    assert response["ok"]
    calls = fake.calls_to("chat.postMessage")
    assert len(calls) == 2
    assert calls[1].at - calls[0].at >= 0.9  # waited for Retry-After: 1
    assert time.monotonic() - start >= 0.9


def test_retries_server_errors(fake):
    fake.fail_next["chat.postMessage"] = 2
    assert client_for(fake).chat_postMessage(channel="C1", text="hello")["ok"]
    assert len(fake.calls_to("chat.postMessage")) == 3


def test_retries_connection_errors():
    import socket

    from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_web_client(Settings(slack_bot_token=TOKEN, slack_api_url=f"http://127.0.0.1:{port}/api/"))
    assert any(isinstance(h, ConnectionErrorRetryHandler) for h in client.retry_handlers)
    try:
        client.auth_test()
    except Exception as error:  # nothing listens there: retried, then it gives up
        assert "Connection refused" in str(error) or "refused" in str(error).lower()
    else:
        raise AssertionError("expected a connection error")
