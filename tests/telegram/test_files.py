"""Files on Telegram: a calendar sent with sendDocument to the member's private chat, its
caption in their language, and the link buttons of a session's card."""

from __future__ import annotations

from icalendar import Calendar

from adapters.telegram.adapter import TelegramAdapter
from tests.fakes.telegram_api import FakeBotApi, User, message
from tests.telegram.test_telegram import say

ALICE = User(1, "Alice")
MARIE = User(3, "Marie", "fr")


async def test_a_calendar_arrives_as_a_document(api: FakeBotApi, telegram: TelegramAdapter) -> None:
    await say(api, message(ALICE, "/newgroup Purchasing positions=10 languages=en,fr"))
    await say(api, message(ALICE, '/schedule #1 Governance when="12 February 2027 14:00"'))
    await say(api, message(MARIE, "/join 1"))
    (document,) = await say(api, message(MARIE, "/calendar 1"), method="sendDocument")
    assert document["chat_id"] == MARIE.id
    assert "ouvrez le fichier pour l’ajouter à votre agenda" in document["caption"]
    assert document["document"]["filename"] == "group-1-session-1.ics"
    (event,) = Calendar.from_ical(document["document"]["content"]).walk("VEVENT")
    assert str(event["summary"]) == "Purchasing — session 1: Governance"

    (card,) = await say(api, message(MARIE, "/seance 1"))
    urls = [b["url"] for row in card["reply_markup"]["inline_keyboard"] for b in row if "url" in b]
    assert urls[0].startswith("https://calendar.google.com/calendar/render?")
    assert urls[1].startswith("https://outlook.office.com/calendar/")
