"""app.yaml is a valid Slack manifest that declares the contract's commands and events."""

import json
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "app.yaml").read_text())
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "manifest.schema.1.0.0.json").read_text())


def test_manifest_is_valid_against_slacks_schema():
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(SCHEMA).iter_errors(MANIFEST)]
    assert errors == []


def test_all_six_commands_with_descriptions_and_hints():
    commands = {c["command"]: c for c in MANIFEST["features"]["slash_commands"]}
    assert set(commands) == {"/challenge", "/nominate", "/availability", "/book", "/pledge", "/dozen"}
    for command in commands.values():
        assert command["description"] and command["usage_hint"]
        assert command["url"].endswith("/slack/events")


def test_events_interactivity_and_request_urls():
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"reaction_added", "reaction_removed",
                                                                  "app_home_opened", "message.im",
                                                                  "app_uninstalled", "tokens_revoked"}
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    url = settings["event_subscriptions"]["request_url"]
    assert settings["interactivity"] == {"is_enabled": True, "request_url": url, "message_menu_options_url": url}


def test_oauth_installs_come_back_to_dozen_and_ask_for_the_manifests_scopes():
    from bot.slack.installations import BOT_SCOPES

    assert MANIFEST["oauth_config"]["redirect_urls"] == ["https://dozen.example.org/slack/oauth_redirect"]
    assert set(BOT_SCOPES) == set(MANIFEST["oauth_config"]["scopes"]["bot"])  # what OAuth installs ask for


def test_only_the_scopes_dozen_uses():
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == {
        "commands", "chat:write", "chat:write.public", "reactions:read", "users:read", "im:write", "im:history",
        "mpim:write", "files:write"
    }


def test_the_scopes_cover_every_web_api_method_dozen_calls():
    """Each Web API method named in bot/ needs a scope the manifest asks for."""
    needs = {"chat_postMessage": "chat:write", "chat_update": "chat:write", "chat_postEphemeral": "chat:write",
             "users_info": "users:read", "conversations_open": "im:write", "files_upload_v2": "files:write",
             "group_dm": "mpim:write"}  # conversations.open with several users: a group DM
    source = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    for method, scope in needs.items():
        if method in source:
            assert scope in scopes, f"{method} needs {scope}"
