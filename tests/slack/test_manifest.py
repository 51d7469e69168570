"""slack-manifest.yml asks for what the code uses: a scope for every Web API method the
adapter calls, the events it listens to, interactivity for buttons and forms."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The scopes each Web API method needs (api.slack.com/methods), any one of them enough.
NEEDS: dict[str, tuple[str, ...]] = {
    "chat_postMessage": ("chat:write",),
    "chat_postEphemeral": ("chat:write",),
    "chat_update": ("chat:write",),
    "users_info": ("users:read",),
    "conversations_open": ("im:write",),
    "conversations_info": ("channels:read", "groups:read"),
    "views_open": (),
    "views_publish": (),
    "files_upload_v2": ("files:write",),
}
# The Events API subscription each listener needs.
EVENTS = {'event("message")': "message.im", 'event("app_home_opened")': "app_home_opened"}


def test_the_manifest_matches_what_the_code_uses() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text(encoding="utf-8"))
    code = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "adapters/slack").glob("*.py"))
    )
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    called = set(re.findall(r"client\.(\w+)", code))
    assert called, "no Web API call found: the pattern no longer matches the code"
    unknown = called - set(NEEDS)
    assert not unknown, f"add the scopes these methods need to NEEDS and the manifest: {unknown}"
    missing = {m: NEEDS[m] for m in called if NEEDS[m] and not scopes & set(NEEDS[m])}
    assert not missing, missing
    assert "commands" in scopes  # slash commands and their response_url
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    for listener, event in EVENTS.items():
        assert listener in code
        assert event in events
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == re.search(r'COMMAND = "(/\w+)"', code).group(1)  # type: ignore[union-attr]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
