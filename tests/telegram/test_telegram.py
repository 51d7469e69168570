"""Telegram end to end: the real PTB Application, the engine, and a fake Bot API."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from adapters.limits import TELEGRAM, Rate
from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.delivery import Delivery
from tests.fakes.telegram_api import FakeBotApi, User, bot_status, message, press
from tests.telegram.conftest import Sleeps

GROUP_CHAT = -100123

ALICE = User(1, "Alice")
BOB = User(2, "Bob")
MARIE = User(3, "Marie", "fr")


async def say(
    api: FakeBotApi, update: dict, count: int = 1, method: str = "sendMessage"
) -> list[dict]:  # type: ignore[type-arg]
    """Push an update and wait for `count` more calls of `method`; return the new ones."""
    before = len(api.sent(method))
    api.push(update)
    await api.wait_for(lambda: len(api.sent(method)) >= before + count)
    return api.sent(method)[before:]


async def _series(api: FakeBotApi) -> None:
    await say(api, message(ALICE, "/newgroup Purchasing positions=10 languages=en,fr"))
    await say(api, message(ALICE, '/schedule #1 Results-based financing when="end of April"'))


async def test_commands_are_registered_in_both_languages(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    calls = api.sent("setMyCommands")
    languages = {c.get("language_code") for c in calls}
    assert {"en", "fr"} <= languages
    french = next(
        c
        for c in calls
        if c.get("language_code") == "fr" and c["scope"]["type"] == "all_private_chats"
    )
    assert {
        "command": "join",
        "description": "rejoindre un groupe, ou sa liste d’attente s’il est complet",
    } in french["commands"]
    group = next(
        c
        for c in calls
        if c.get("language_code") == "en" and c["scope"]["type"] == "all_group_chats"
    )
    names = {c["command"] for c in group["commands"]}
    assert "claim" in names
    assert "linkchat" not in names  # a group's administrators have it
    assert "profile" not in names
    admins = next(
        c
        for c in calls
        if c.get("language_code") == "fr" and c["scope"]["type"] == "all_chat_administrators"
    )
    assert {"linkchat", "schedule", "claim"} <= {c["command"] for c in admins["commands"]}
    described = {c.get("language_code"): c["description"] for c in api.sent("setMyDescription")}
    assert described["fr"].startswith("Convener tient le rythme")
    assert described["en"].startswith("Convener keeps a learning group's rhythm")
    assert {c.get("language_code") for c in api.sent("setMyShortDescription")} >= {"en", "fr"}


async def test_a_facilitators_menu_has_their_commands_a_members_does_not(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    """Members' menus lack the facilitators' commands; a member who starts a group, or is
    made co-facilitator, gets them in their private chat, and loses them on leaving."""
    private = next(
        c
        for c in api.sent("setMyCommands")
        if c.get("language_code") is None and c["scope"]["type"] == "all_private_chats"
    )
    assert "schedule" not in {c["command"] for c in private["commands"]}
    assert "join" in {c["command"] for c in private["commands"]}
    await say(api, message(ALICE, "/newgroup Purchasing positions=10 languages=en,fr"))
    await api.wait_for(lambda: len(_menus_of(api, ALICE.id)) >= 3)
    for menu in _menus_of(api, ALICE.id):
        assert "schedule" in {c["command"] for c in menu["commands"]}
    await say(api, message(BOB, "/join 1"))
    assert not _menus_of(api, BOB.id)
    await say(api, message(ALICE, "/cofacilitator #1 Bob"), count=2)
    await api.wait_for(lambda: len(_menus_of(api, BOB.id)) >= 3)
    await say(api, message(BOB, "/leave 1"), count=1)
    await api.wait_for(lambda: len(_menus_of(api, BOB.id, "deleteMyCommands")) >= 3)


def _menus_of(api: FakeBotApi, user: int, method: str = "setMyCommands") -> list[dict]:  # type: ignore[type-arg]
    return [
        c
        for c in api.sent(method)
        if c["scope"]["type"] == "chat" and int(c["scope"]["chat_id"]) == user
    ]


async def test_join_by_deep_link(api: FakeBotApi, telegram: TelegramAdapter) -> None:
    await _series(api)
    [invite] = await say(api, message(ALICE, "/invite 1"))
    link = next(w for w in invite["text"].split() if w.startswith("https://t.me/"))
    assert link.startswith("https://t.me/ConvenerBot?start=join-1-")
    payload = link.split("start=")[1]
    [welcome] = await say(api, message(BOB, f"/start {payload}"))
    assert welcome["chat_id"] == BOB.id
    assert "Welcome to “Purchasing”!" in welcome["text"]


async def test_claim_with_a_button_edits_the_board(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    await _series(api)
    await say(api, message(BOB, "/join 1"))
    [board] = await say(api, message(BOB, "/session 1"))
    buttons = [row[0] for row in board["reply_markup"]["inline_keyboard"]]
    chair = next(b for b in buttons if b["text"] == "Claim: chair")
    assert len(chair["callback_data"].encode()) <= 64
    [edit] = await say(
        api, press(BOB, chair["callback_data"], message_id=4242), method="editMessageText"
    )
    assert edit["message_id"] == 4242
    assert "chair: Bob" in edit["text"]
    assert "Claim: chair" not in str(edit["reply_markup"])
    await api.wait_for(lambda: bool(api.sent("answerCallbackQuery")))
    answer = api.sent("answerCallbackQuery")[-1]
    assert answer["text"] == "You are chair for session 1."
    # No new message was sent for the press: the board changed in place.
    assert not any("You are chair" in m["text"] for m in api.sent())


async def test_prompt_in_a_group_uses_force_reply(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    await _series(api)
    await say(api, message(BOB, "/join 1"))
    ask = message(BOB, "/ask@ConvenerBot 1", chat_id=GROUP_CHAT)
    [prompt] = await say(api, ask)
    assert prompt["chat_id"] == GROUP_CHAT
    assert prompt["reply_markup"] == {"force_reply": True, "selective": True}
    assert prompt["reply_parameters"]["message_id"] == ask["message"]["message_id"]
    # Talk in the group that is not a reply to the bot is not taken as the answer.
    api.push(message(BOB, "brb, coffee", chat_id=GROUP_CHAT))
    [done] = await say(
        api, message(BOB, "How do you pay for results?", chat_id=GROUP_CHAT, reply_to=1000)
    )
    assert "question 1 of session 1" in done["text"]
    # Another bot's command in the group is not for us.
    before = len(api.calls)
    api.push(message(BOB, "/help@OtherBot", chat_id=GROUP_CHAT))
    [check] = await say(api, message(BOB, "/questions 1", chat_id=GROUP_CHAT))
    assert "How do you pay for results?" in check["text"]
    assert len(api.sent())
    assert len(api.calls) == before + 1


async def test_french_user_gets_french(api: FakeBotApi, telegram: TelegramAdapter) -> None:
    [reply] = await say(api, message(MARIE, "/groups"))
    assert reply["text"].startswith("Il n’y a encore aucun groupe")
    [help_text] = await say(api, message(MARIE, "/help"))
    assert "Ce que vous pouvez faire" in help_text["text"]


async def test_user_text_shows_literally(api: FakeBotApi, telegram: TelegramAdapter) -> None:
    [created] = await say(api, message(ALICE, "/newgroup <b>& _*[ positions=5 languages=en"))
    assert created["parse_mode"] == "HTML"
    assert "“&lt;b&gt;&amp; _*[”" in created["text"]
    assert "<b>" not in created["text"]


async def test_429_is_retried_after_retry_after(
    api: FakeBotApi, telegram: TelegramAdapter, sleeps: Sleeps
) -> None:
    api.failures[("sendMessage", str(ALICE.id))] = [
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            },
        )
    ]
    [reply] = await say(api, message(ALICE, "/groups"))
    assert "group" in reply["text"].lower()
    assert sleeps.seconds == [3.0]
    assert [c.method for c in api.calls if c.method.startswith("sendMessage")] == [
        "sendMessage!failed",
        "sendMessage",
    ]


async def test_a_blocked_member_does_not_stop_the_others(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    carol = User(4, "Carol")
    await _series(api)
    for person in (BOB, carol):
        await say(api, message(person, "/join 1"))
    await say(api, message(BOB, "/claim chair 1"))
    await say(api, message(carol, "/claim focal 1"))
    api.failures[("sendMessage", str(BOB.id))] = [
        (
            403,
            {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            },
        )
    ]
    await say(api, message(ALICE, "/cancelsession 1"), count=2)
    told = [m for m in api.sent() if "is cancelled; your role in it lapses" in m["text"]]
    assert [m["chat_id"] for m in told] == [carol.id]
    assert str(BOB.id) in telegram.delivery.unreachable
    # Bob is marked unreachable in the database: later news skips him without asking
    # Telegram again (not only this process's memory knows).
    telegram.delivery.unreachable.clear()
    await say(api, message(ALICE, '/schedule #1 Again when="end of May"'))
    attempts = len([c for c in api.calls if c.params.get("chat_id") == BOB.id])
    [done] = await say(api, message(ALICE, "/assign focal 2 Bob"))
    assert "Bob is focal country for session 2." in done["text"]
    assert len([c for c in api.calls if c.params.get("chat_id") == BOB.id]) == attempts
    # Bob writes again: he unblocked the bot, and news reaches him again.
    await say(api, message(BOB, "/groups"))
    told = await say(api, message(ALICE, "/assign coblogger 2 Bob"), count=2)
    assert any(m["chat_id"] == BOB.id and "You are now co-blogger" in m["text"] for m in told)


async def test_only_a_telegram_admin_links_a_group_chat(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    await _series(api)
    [refused] = await say(api, message(ALICE, "/linkchat 1", chat_id=GROUP_CHAT))
    assert "admin" in refused["text"]
    assert api.sent("getChatMember")[-1]["user_id"] == ALICE.id
    api.admins.add(str(ALICE.id))
    [linked] = await say(api, message(ALICE, "/linkchat@ConvenerBot 1", chat_id=GROUP_CHAT))
    assert "Purchasing" in linked["text"]
    # In the linked chat the group number can be left out.
    await say(api, message(BOB, "/join 1"))
    [board] = await say(api, message(BOB, "/sessions", chat_id=GROUP_CHAT))
    assert "Session 1 — Results-based financing" in board["text"]


async def test_added_to_a_group_it_says_how_to_link_removed_it_unlinks(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    await _series(api)
    [hello] = await say(api, bot_status(MARIE, GROUP_CHAT, old="left", new="member"))
    assert hello["chat_id"] == GROUP_CHAT
    assert "peut le relier à un groupe d’apprentissage avec /linkchat" in hello["text"]
    api.admins.add(str(ALICE.id))
    await say(api, message(ALICE, "/linkchat 1", chat_id=GROUP_CHAT))
    [told] = await say(api, bot_status(BOB, GROUP_CHAT, old="member", new="kicked"))
    assert told["chat_id"] == ALICE.id  # the facilitator, in private
    assert "removed from a chat linked to “Purchasing”" in told["text"]
    [unlinked] = await say(api, message(ALICE, "/unlinkchat", chat_id=GROUP_CHAT))
    assert "not linked to any group" in unlinked["text"]


async def test_session_board_deep_link(api: FakeBotApi, telegram: TelegramAdapter) -> None:
    await _series(api)
    await say(api, message(BOB, "/join 1"))
    [invite] = await say(api, message(ALICE, "/invite 1 1"))
    assert "https://t.me/ConvenerBot?start=session-1-1" in invite["text"]
    [board] = await say(api, message(BOB, "/start session-1-1"))
    assert "Session 1 — Results-based financing" in board["text"]
    assert board["reply_markup"]["inline_keyboard"]


def _keyboard(sent: dict) -> list[dict]:  # type: ignore[type-arg]
    markup = sent.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_closed_questions_are_answered_by_pressing_buttons(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    """A choice (join policy), a skip and a yes/no, each pressed, never typed."""
    await say(api, message(ALICE, "/newgroup"))
    [description] = await say(api, message(ALICE, "Purchasing"))
    [skip] = [b for b in _keyboard(description) if b["text"] == "Skip"]
    [positions] = await say(api, press(ALICE, skip["callback_data"], message_id=10))
    assert "How many positions" in positions["text"]
    await say(api, message(ALICE, "12"))
    [policy] = await say(api, message(ALICE, "English, French"))
    labels = [b["text"] for b in _keyboard(policy)]
    assert labels == [
        "Open: anyone joins",
        "Approval: a facilitator approves",
        "Invite: with an invite code",
        "Skip",
    ]
    approval = _keyboard(policy)[1]
    [created] = await say(api, press(ALICE, approval["callback_data"], message_id=11))
    assert "Group #1 “Purchasing” is created, with 12 positions." in created["text"]
    assert "you approve them with /approve" in created["text"]

    [confirm] = await say(api, message(ALICE, '/call #1 deadline="15 March" "chair"'))
    yes = next(b for b in _keyboard(confirm) if b["text"] == "Yes, open it")
    [opened] = await say(api, press(ALICE, yes["callback_data"], message_id=12))
    assert "Call 1 is open until 15 March" in opened["text"]
    # A press on an answer whose question is gone says so, in the press's own notice.
    api.push(press(ALICE, yes["callback_data"], message_id=12))
    await api.wait_for(
        lambda: any(
            c.get("text", "").startswith("That question is no longer open")
            for c in api.sent("answerCallbackQuery")
        )
    )


async def test_which_group_is_answered_by_a_button(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    await say(api, message(ALICE, "/newgroup Purchasing positions=10 languages=en"))
    await say(api, message(ALICE, "/newgroup Governance positions=10 languages=en"))
    [which] = await say(api, message(ALICE, "/members"))
    assert "Which group?" in which["text"]
    buttons = _keyboard(which)
    assert [b["text"] for b in buttons] == ["#1 Purchasing", "#2 Governance"]
    [members] = await say(api, press(ALICE, buttons[1]["callback_data"], message_id=13))
    assert "Governance" in members["text"]
    assert "Purchasing" not in members["text"]


async def test_a_duplicate_update_is_handled_once(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    """A webhook delivery Telegram retried (or two processes behind one webhook URL): the
    same update_id twice, handled once."""
    telegram.settings = telegram.settings.model_copy(
        update={"telegram_webhook_url": "https://bot.example.org/telegram"}
    )
    data = {"update_id": 777, **message(ALICE, "/newgroup Purchasing positions=10 languages=en")}
    before = len(api.sent())
    for _ in range(2):
        await telegram._on_update(Update.de_json(data, telegram.app.bot), None)  # type: ignore[arg-type]
    sent = api.sent()[before:]
    assert len(sent) == 1
    assert "is created" in sent[0]["text"]


async def test_a_reply_outlives_two_minutes_of_bot_api_errors(
    api: FakeBotApi, telegram: TelegramAdapter, sleeps: Sleeps
) -> None:
    """The Bot API answers 502 for more than two minutes: the reply is kept and retried
    with growing waits, then delivered (the waits are recorded, not slept)."""
    # Per-chat pacing aside (it would make the 14 attempts take 14 real seconds).
    telegram.delivery = Delivery(sleep=sleeps, limits=replace(TELEGRAM, chat=Rate(1000, 1)))
    bad_gateway = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    api.failures[("sendMessage", str(ALICE.id))] = [bad_gateway] * 14
    [reply] = await say(api, message(ALICE, "/groups"))
    assert "group" in reply["text"].lower()
    assert sum(sleeps.seconds) > 120
    assert max(sleeps.seconds) <= 15
    failed = [c for c in api.calls if c.method == "sendMessage!failed"]
    assert len(failed) == 14


async def test_posted_boards_follow_every_change_each_in_its_own_language(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    """A board Bob posted in English in a French-speaking group's chat stays English when
    Marie claims on it in French; choosing the guiding question and moving the session edit
    it too; an upvote press is answered by a toast, not by a message to the group."""
    await say(api, message(ALICE, "/newgroup Achats positions=10 languages=fr,en"))
    await say(api, message(ALICE, '/schedule #1 Financement when="end of April"'))
    api.admins.add(str(ALICE.id))
    await say(api, message(ALICE, "/linkchat 1", chat_id=GROUP_CHAT))
    await say(api, message(MARIE, "/join 1"))
    await say(api, message(BOB, "/join 1"))
    [board] = await say(api, message(BOB, "/session 1", chat_id=GROUP_CHAT))
    assert "Claim: focal country" in str(board["reply_markup"])
    board_id = 1000 + api.sent().index(board)
    focal = next(b for b in _keyboard(board) if b["text"] == "Claim: focal country")

    async def board_edit(update: dict) -> dict:  # type: ignore[type-arg]
        edits = [e for e in await say(api, update, method="editMessageText")]
        return next(e for e in edits if e["message_id"] == board_id)

    edit = await board_edit(
        press(MARIE, focal["callback_data"], message_id=board_id, chat_id=GROUP_CHAT)
    )
    assert "focal country: Marie" in edit["text"]  # English, as posted
    await api.wait_for(lambda: bool(api.sent("answerCallbackQuery")))
    assert api.sent("answerCallbackQuery")[-1]["text"].startswith("Vous")  # Marie's own
    await say(api, message(MARIE, "/ask 1 Comment payer les résultats ?"))
    edit = await board_edit(message(ALICE, "/guiding 1"))
    assert "Guiding question: Comment payer les résultats ? (Marie)" in edit["text"]
    edit = await board_edit(message(ALICE, '/editsession #1 1 when="end of May"'))
    assert "end of May 2027" in edit["text"]
    # An upvote pressed in the group: a toast for Bob, nothing posted to the group.
    await say(api, message(MARIE, "/ask 1 Qui paie les prestataires ?"))
    [listing] = await say(api, message(BOB, "/questions 1", chat_id=GROUP_CHAT))
    upvote = next(b for b in _keyboard(listing) if b["text"] == "Upvote Q2")
    sent, toasts = len(api.sent()), len(api.sent("answerCallbackQuery"))
    api.push(press(BOB, upvote["callback_data"], message_id=77, chat_id=GROUP_CHAT))
    await api.wait_for(lambda: len(api.sent("answerCallbackQuery")) > toasts)
    assert api.sent("answerCallbackQuery")[-1]["text"] == "You upvoted question 2."
    assert len(api.sent()) == sent
    # A cancelled session's board says so and offers no more claims.
    edit = await board_edit(message(ALICE, "/cancelsession #1 1"))
    assert "This session is cancelled." in edit["text"]
    assert "Claim:" not in str(edit.get("reply_markup"))
