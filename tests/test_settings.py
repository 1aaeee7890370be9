import pytest

from bot.settings import SettingsError, load_settings


def test_defaults():
    settings = load_settings({})
    assert settings.database_url == "sqlite:///dozen.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert (settings.host, settings.port, settings.tz_name) == ("127.0.0.1", 3000, "Europe/London")
    assert not settings.socket_mode and settings.admins == frozenset()


def test_values_are_read_and_tidied():
    settings = load_settings({"SLACK_API_URL": "http://127.0.0.1:9/api", "DOZEN_ADMINS": " U1, U2 ,,",
                              "SLACK_APP_TOKEN": "xapp-1", "PORT": "8080", "DOZEN_TZ": "Europe/Belfast"})
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.admins == {"U1", "U2"}
    assert settings.socket_mode and settings.port == 8080 and settings.tz.key == "Europe/Belfast"


@pytest.mark.parametrize("env, message", [
    ({"PORT": "eighty"}, "PORT must be a whole number"),
    ({"PORT": "70000"}, "PORT must be between 1 and 65535"),
    ({"DOZEN_TZ": "Mars/Olympus"}, "DOZEN_TZ must be an IANA time zone"),
])
def test_bad_values_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_missing_slack_credentials_are_named():
    with pytest.raises(SettingsError, match="Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"):
        load_settings({}).require_slack()
    load_settings({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"}).require_slack()
