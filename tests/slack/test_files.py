"""Files on Slack: a calendar uploaded with files upload v2 (an upload URL, the bytes, the
completion) to the app's DM with the member, even when asked in a channel; a session card's
link buttons, whose presses Slack reports and Convener ignores."""

from __future__ import annotations

import asyncio

from icalendar import Calendar

from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import SlackClient


async def test_a_calendar_is_uploaded_to_the_members_dm(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.app_dms["U0BOB"] = "D0BOBAPP"
    await slack.post(slack_api.slash("U0ALICE", "newgroup Purchasing positions=10 languages=en"))
    await slack.post(
        slack_api.slash("U0ALICE", 'schedule #1 Governance when="12 February 2027 14:00"')
    )
    await slack.post(slack_api.slash("U0BOB", "join 1"))
    await slack.post(slack_api.slash("U0BOB", "calendar #1 1", channel="C0GENERAL"))
    await slack_api.wait_for(lambda: bool(slack_api.files()))
    (shared,) = slack_api.files()
    assert shared["channel"] == "D0BOBAPP"
    assert shared["filename"] == "group-1-session-1.ics"
    assert "open the file to add it to your calendar" in shared["comment"]
    (event,) = Calendar.from_ical(shared["content"]).walk("VEVENT")
    assert str(event["summary"]) == "Purchasing — session 1: Governance"
    await slack_api.wait_for(
        lambda: any(
            "I sent you the file in a private message." in m["text"] for m in slack_api.told()
        )
    )

    await slack.post(slack_api.slash("U0BOB", "session #1 1"))
    await slack_api.wait_for(lambda: any("Add to Outlook" in str(m) for m in slack_api.messages()))
    card = next(m for m in slack_api.messages() if "Add to Outlook" in str(m))
    actions = next(b for b in card["blocks"] if b["type"] == "actions")
    link = next(e for e in actions["elements"] if e["text"]["text"] == "Add to Google Calendar")
    assert link["url"].startswith("https://calendar.google.com/calendar/render?")
    await asyncio.sleep(0.3)  # whatever else the command sends has arrived
    before = len(slack_api.messages())
    assert await slack.post(slack_api.button("U0BOB", "")) == 200  # Slack opened the link
    await asyncio.sleep(0.3)  # time to answer, were it going to: nothing is
    assert len(slack_api.messages()) == before
