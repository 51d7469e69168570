"""What Slack says about people and conversations, asked once and remembered by this
process: a member's locale, time zone and name; the app's direct message with them; whether
they may speak for a channel. A cache of Slack's answers, not a rule: any process asks anew."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.recent import Recent

log = logging.getLogger(__name__)

CAPACITY = 50_000  # people remembered, the least recently asked forgotten first
Hints = tuple[str, str, str]  # locale, time zone, display name; "" where Slack is silent


class Directory:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._hints: Recent[Hints] = Recent(CAPACITY)
        self._app_dms: Recent[str] = Recent(CAPACITY)

    async def hints(self, key: str) -> Hints:
        """For a user id: their Slack locale, time zone and name (users.info)."""
        found = self._hints.get(key)
        if found is None:
            user = await self._info(self.client.users_info, "user", user=key, include_locale=True)
            profile = user.get("profile") or {}
            name = profile.get("display_name") or user.get("real_name") or ""
            found = (user.get("locale") or "", user.get("tz") or "", name)
            self._hints.put(key, found)
        return found

    async def app_dm(self, user: str, guess: str) -> str:
        """The id of the app's direct message with `user` (conversations.open), `guess`
        when Slack does not tell."""
        known = self._app_dms.get(user)
        if known is None:
            opened = await self._info(self.client.conversations_open, "channel", users=user)
            known = str(opened.get("id") or "")
            if not known:
                return guess
            self._app_dms.put(user, known)
        return known

    async def may_link(self, user: str, channel: str) -> bool:
        """Whether `user` may link this channel: a workspace admin or owner, or the
        channel's creator. When Slack cannot tell, no."""
        person = await self._info(self.client.users_info, "user", user=user)
        if any(person.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner")):
            return True
        found = await self._info(self.client.conversations_info, "channel", channel=channel)
        return bool(found.get("creator") == user)

    async def _info(self, method: Any, key: str, **kwargs: Any) -> dict[str, Any]:
        try:
            answer: dict[str, Any] = (await method(**kwargs)).get(key) or {}
            return answer
        except SlackApiError:
            log.info("Slack did not answer %s", method.__name__, exc_info=True)
            return {}
