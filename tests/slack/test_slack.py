"""Slack end to end: the real slack-bolt app, signed requests, a fake Web API."""

from __future__ import annotations

import asyncio

from sqlmodel import Session, col, select

from adapters.slack.delivery import PatientWaits
from bot.store.models import Identity, LearningSession, RoleSlot
from scheduler.dispatcher import Dispatcher
from tests.fakes.slack_api import TEAM, FakeSlackApi, dm_event
from tests.slack.conftest import BOTH_DATABASES, SlackClient


async def _wait_posts(api: FakeSlackApi, count: int) -> list[dict]:  # type: ignore[type-arg]
    """Messages shown in chats (posted or answered in_channel), once there are `count`."""
    await api.wait_for(lambda: len(api.shown()) >= count)
    return api.shown()


async def _series(slack: SlackClient, api: FakeSlackApi) -> None:
    assert (
        await slack.post(api.slash("U0ALICE", "newgroup Purchasing positions=10 languages=en"))
        == 200
    )
    await _wait_posts(api, 1)
    await slack.post(
        api.slash("U0ALICE", 'schedule #1 Results-based financing when="end of April"')
    )
    await _wait_posts(api, 2)
    await slack.post(api.slash("U0BOB", "join 1"))
    await _wait_posts(api, 3)


async def test_a_chair_claims_by_slash_command_and_by_button(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    await _series(slack, slack_api)
    assert await slack.post(slack_api.slash("U0BOB", "claim chair 1")) == 200
    posts = await _wait_posts(slack_api, 4)
    assert "You are chair for session 1." in posts[-1]["text"]
    await slack.post(slack_api.slash("U0ALICE", "join 1"))  # already a member: an ephemeral refusal
    await slack_api.wait_for(lambda: bool(slack_api.told()))
    assert "already a member" in slack_api.told()[0]["text"]
    await slack.post(slack_api.slash("U0CAROL", "join 1", name="Carol"))
    await _wait_posts(slack_api, 5)
    board = next(b for b in posts[-1]["blocks"] if b["type"] == "actions")
    focal = next(e for e in board["elements"] if e["text"]["text"] == "Claim: focal country")
    assert await slack.post(slack_api.button("U0CAROL", focal["value"], ts="42.0001")) == 200
    await slack_api.wait_for(lambda: bool(slack_api.sent("chat.update")))
    update = slack_api.sent("chat.update")[0]
    assert update["ts"] == "42.0001"
    assert "focal country: Carol" in update["text"]
    assert "Claim: focal country" not in str(update["blocks"])


@BOTH_DATABASES
async def test_two_quick_presses_give_one_role(slack: SlackClient, slack_api: FakeSlackApi) -> None:
    """A member presses "chair" and "focal country" on one board at the same moment, five
    times over: each time one of the two is theirs, the other press is refused."""
    await _series(slack, slack_api)
    for n in range(2, 7):
        before = len(slack_api.shown())
        await slack.post(slack_api.slash("U0ALICE", f'schedule #1 Session {n} when="end of April"'))
        await _wait_posts(slack_api, before + 1)
    for n in range(1, 6):
        before = len(slack_api.shown())
        await slack.post(slack_api.slash("U0BOB", f"session {n}"))
        posts = await _wait_posts(slack_api, before + 1)
        board = next(b for b in posts[-1]["blocks"] if b["type"] == "actions")
        claims = {e["text"]["text"]: e["value"] for e in board["elements"]}
        updates = len(slack_api.sent("chat.update"))
        refusals = len(slack_api.told())
        await asyncio.gather(
            slack.post(slack_api.button("U0BOB", claims["Claim: chair"], ts=f"5{n}.0001")),
            slack.post(slack_api.button("U0BOB", claims["Claim: focal country"], ts=f"5{n}.0001")),
        )
        await slack_api.wait_for(
            lambda updates=updates, refusals=refusals: (
                len(slack_api.sent("chat.update")) > updates
                and len(slack_api.told()) >= refusals + 2  # taken; refused
            )
        )
        with Session(slack.adapter.engine.store.engine) as session:
            held = session.exec(
                select(RoleSlot)
                .join(LearningSession, col(LearningSession.id) == RoleSlot.session_id)
                .where(LearningSession.number == n, col(RoleSlot.member_id).is_not(None))
            ).all()
        assert len(held) == 1, [(slot.role, slot.member_id) for slot in held]
        told = [m["text"] for m in slack_api.told()[refusals:]]
        assert any(text.startswith("You already hold") for text in told), told


async def test_bad_and_stale_signatures_are_refused(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    assert await slack.post(slack_api.slash("U0BOB", "groups"), secret="not-the-secret") == 401
    assert await slack.post(slack_api.slash("U0BOB", "groups"), age=60 * 10) == 401
    assert await slack.post(slack_api.slash("U0BOB", "groups"), sign=False) == 401
    assert not slack_api.calls


async def test_user_text_cannot_mention_or_link(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    # Slack sends typed <, > and & encoded; what was typed must not become a mention.
    await slack.post(
        slack_api.slash(
            "U0ALICE", "newgroup &lt;!channel&gt; &amp; &lt;b&gt; positions=5 languages=en"
        )
    )
    [created] = await _wait_posts(slack_api, 1)
    assert "“&lt;!channel&gt; &amp; &lt;b&gt;”" in created["text"]
    assert "<!channel>" not in str(created["blocks"])


async def test_retried_events_are_handled_once(slack: SlackClient, slack_api: FakeSlackApi) -> None:
    request = dm_event("U0BOB", "/groups", event_id="Ev1")
    assert await slack.post(request) == 200
    await _wait_posts(slack_api, 1)
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert await slack.post(request, headers=retry) == 200
    assert await slack.post(dm_event("U0BOB", "/help", event_id="Ev2")) == 200
    posts = await _wait_posts(slack_api, 2)
    assert len(posts) == 2
    assert "What you can do:" in posts[1]["text"]


async def test_language_time_zone_and_name_come_from_slack(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    slack_api.users["U0MARIE"] = ("fr-FR", "Europe/Paris", "Marie")
    await slack.post(slack_api.slash("U0MARIE", "profile"))
    [profile] = await _wait_posts(slack_api, 1)
    assert "Nom : Marie" in profile["text"]
    assert "Fuseau horaire : Europe/Paris" in profile["text"]
    # Someone Slack does not describe still gets an answer, in the default language.
    await slack.post(slack_api.slash("U0NOBODY", "profile"))
    posts = await _wait_posts(slack_api, 2)
    assert "Your profile:" in posts[1]["text"]


async def test_app_home_lists_the_members_sessions_roles_and_calls(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    from tests.fakes.slack_api import home_opened

    await _series(slack, slack_api)
    await slack.post(slack_api.slash("U0BOB", "claim chair 1"))
    await _wait_posts(slack_api, 4)
    assert await slack.post(home_opened("U0BOB", event_id="Ev10")) == 200
    await slack_api.wait_for(lambda: bool(slack_api.sent("views.publish")))
    view = slack_api.sent("views.publish")[0]
    assert view["user_id"] == "U0BOB"
    text = "\n".join(b["text"]["text"] for b in view["view"]["blocks"] if b["type"] == "section")
    assert "#1 Purchasing" in text
    assert "Session 1: Results-based financing — end of April 2027 — you: chair" in text
    assert "Needs you" not in text  # Bob facilitates nothing

    # Alice facilitates: her home shows what needs her.
    await slack.post(slack_api.slash("U0CAROL", "join 1", name="Carol"))
    await slack.post(slack_api.slash("U0ALICE", 'call #1 deadline="15 March" "focal, session 1"'))
    await slack_api.wait_for(lambda: any("Open this call" in m["text"] for m in slack_api.told()))
    await slack.post(slack_api.button("U0ALICE", _buttons(slack_api.told()[-1])["Yes, open it"]))
    await slack_api.wait_for(lambda: any("Call 1 is open" in m["text"] for m in slack_api.shown()))
    await slack.post(slack_api.slash("U0BOB", "answer 1 1"))
    await slack.post(slack_api.slash("U0ALICE", 'newproduct #1 "Synthesis paper" due=2027-01-20'))
    await slack_api.wait_for(lambda: any("Synthesis" in m["text"] for m in slack_api.messages()))
    assert await slack.post(home_opened("U0ALICE", event_id="Ev11")) == 200
    await slack_api.wait_for(lambda: len(slack_api.sent("views.publish")) >= 2)
    view = slack_api.sent("views.publish")[1]
    text = "\n".join(b["text"]["text"] for b in view["view"]["blocks"] if b["type"] == "section")
    assert "Needs you as facilitator:" in text
    assert "Call 1: 1 of 2 members answered" in text
    assert "Session 1: nobody holds focal country, discussant country, and co-blogger yet" in text
    assert "“Synthesis paper” is due 20 January 2027 (planned)" in text


async def test_forms_for_a_question_a_session_and_a_call(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    from tests.fakes.slack_api import submission

    await _series(slack, slack_api)
    where = {"group": "1", "channel": "C0CHAN"}
    assert await slack.post(slack_api.slash("U0BOB", "ask")) == 200
    await slack_api.wait_for(lambda: bool(slack_api.sent("views.open")))
    form = slack_api.sent("views.open")[0]["view"]
    assert form["callback_id"] == "convener:ask"
    assert [b["block_id"] for b in form["blocks"]] == ["session", "text"]
    # The session is chosen among the group's upcoming ones.
    select = form["blocks"][0]["element"]
    assert select["type"] == "static_select"
    [session] = select["options"]
    assert session["text"]["text"] == "Session 1: Results-based financing"
    # A question sent through the form.
    values: dict[str, str | dict] = {  # type: ignore[type-arg]
        "session": {"type": "static_select", "selected_option": {"value": session["value"]}},
        "text": 'How do districts "own" the budget?',
    }
    assert await slack.post(submission("U0BOB", "convener:ask", values, where)) == 200
    assert slack.last_body == ""  # accepted: the form closes
    posts = await _wait_posts(slack_api, 4)
    assert "Your question is question 1 of session 1." in posts[-1]["text"]
    # The schedule form: a day and an hour on pickers, or a part of a month as written.
    await slack.post(slack_api.slash("U0ALICE", "schedule"))
    await slack_api.wait_for(lambda: len(slack_api.sent("views.open")) >= 2)
    form = slack_api.sent("views.open")[1]["view"]
    kinds = {b["block_id"]: b["element"]["type"] for b in form["blocks"]}
    assert kinds["when_day"] == "datepicker"
    assert kinds["when_hour"] == "timepicker"
    assert kinds["when"] == "plain_text_input"
    # A bad date is shown in the form, beside its field; nothing is scheduled.
    bad = {"subtopic": "Governance", "when": "31 February 2027 10:00"}
    assert await slack.post(submission("U0ALICE", "convener:schedule", bad, where)) == 200
    answer = slack.last_json
    assert answer["response_action"] == "errors"
    assert "could not read “31 February 2027 10:00”" in answer["errors"]["when"]
    good = {"subtopic": 'Governance "light"', "when": "end of June", "link": "https://x.org/m"}
    assert await slack.post(submission("U0ALICE", "convener:schedule", good, where)) == 200
    posts = await _wait_posts(slack_api, 5)
    assert 'Session 2 — Governance "light"' in posts[-1]["text"]
    picked: dict[str, str | dict] = {  # type: ignore[type-arg]
        "subtopic": "Budgets",
        "when_day": {"type": "datepicker", "selected_date": "2027-07-08"},
        "when_hour": {"type": "timepicker", "selected_time": "14:30"},
    }
    assert await slack.post(submission("U0ALICE", "convener:schedule", picked, where)) == 200
    posts = await _wait_posts(slack_api, 6)
    assert "Thursday 8 July 2027, 14:30" in posts[-1]["text"]
    # A call's form takes its deadline on a date picker and shows what it understood
    # before the call opens.
    call: dict[str, str | dict] = {  # type: ignore[type-arg]
        "options": "chair of session 2\nfocal country for session 2",
        "deadline": {"type": "datepicker", "selected_date": "2027-03-15"},
    }
    assert await slack.post(submission("U0ALICE", "convener:call", call, where)) == 200
    page = slack.last_json
    assert page["response_action"] == "update"
    preview = page["view"]["blocks"][0]["text"]["text"]
    assert "Deadline: Monday 15 March 2027" in preview
    assert "1. chair of session 2 → chair in session 2" in preview
    assert await slack.post(submission("U0ALICE", "convener:confirm", {}, where)) == 200
    posts = await _wait_posts(slack_api, 7)
    assert "Call 1 is open until 15 March 2027." in posts[-1]["text"]


async def test_a_form_speaks_the_members_own_language(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    """Slack says English; the member chose French in their profile: the form is French."""
    await _series(slack, slack_api)
    await slack.post(slack_api.slash("U0BOB", "profile language fr"))
    await slack_api.wait_for(lambda: any("Votre profil" in m["text"] for m in slack_api.messages()))
    await slack.post(slack_api.slash("U0BOB", "ask"))
    await slack_api.wait_for(lambda: bool(slack_api.sent("views.open")))
    form = slack_api.sent("views.open")[0]["view"]
    assert form["title"]["text"] == "Poser une question"
    assert form["submit"]["text"] == "Envoyer"
    labels = [b["label"]["text"] for b in form["blocks"]]
    assert labels[0] == "Séance"
    assert form["blocks"][0]["element"]["options"][0]["text"]["text"].startswith("Séance 1")


async def test_another_workspace_sees_a_group_only_once_shared(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    await slack.post(slack_api.slash("U0ALICE", "newgroup Purchasing positions=5 languages=en"))
    await _wait_posts(slack_api, 1)
    other = {"team": "T0OTHER"}
    await slack.post(slack_api.slash("U0ZED", "groups", **other))
    posts = await _wait_posts(slack_api, 2)
    assert "There are no groups yet" in posts[-1]["text"]
    await slack.post(slack_api.slash("U0ZED", "join 1", **other))
    await slack_api.wait_for(lambda: bool(slack_api.told()))
    assert "There is no group “1”" in slack_api.told()[-1]["text"]
    await slack.post(slack_api.slash("U0ALICE", "share #1 T0OTHER"))
    posts = await _wait_posts(slack_api, 3)
    assert "now shared with the Slack workspace T0OTHER" in posts[-1]["text"]
    await slack.post(slack_api.slash("U0ZED", "join 1", **other))
    posts = await _wait_posts(slack_api, 4)
    assert "Welcome to “Purchasing”!" in posts[-1]["text"]


async def test_rate_limited_calls_are_retried(slack: SlackClient, slack_api: FakeSlackApi) -> None:
    slack_api.limited["chat.postMessage"] = 2
    typed = "/newgroup Purchasing positions=5 languages=en"
    await slack.post(dm_event("U0ALICE", typed, event_id="Ev9"))
    [created] = await _wait_posts(slack_api, 1)
    assert "Purchasing" in created["text"]
    assert [name for name, _ in slack_api.calls if name.startswith("chat.postMessage")] == [
        "chat.postMessage!limited",
        "chat.postMessage!limited",
        "chat.postMessage",
    ]


async def test_a_reply_outlives_two_minutes_of_slack_errors(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    """Slack answers 503 for more than two minutes of retries: the reply is kept and
    retried with growing waits (recorded, not slept), then delivered once."""
    slack_api.down["response"] = 14
    await slack.post(slack_api.slash("U0ALICE", "newgroup Purchasing positions=5 languages=en"))
    [created] = await _wait_posts(slack_api, 1)
    assert "Purchasing" in created["text"]
    waits = slack.adapter.client.retry_handlers[-1].interval_calculator
    assert isinstance(waits, PatientWaits)
    assert sum(waits.planned) > 120
    assert max(waits.planned) <= 15
    down = [name for name, _ in slack_api.calls if name == "response!down"]
    assert len(down) == 14


async def test_a_question_asked_in_a_channel_is_answered_by_direct_message(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    await _series(slack, slack_api)
    await slack.post(slack_api.slash("U0BOB", "ask 1"))
    await slack_api.wait_for(lambda: bool(slack_api.told()))
    prompt = slack_api.told()[-1]
    assert "What is your question or experience?" in prompt["text"]
    assert "Answer me in a direct message" in prompt["text"]
    await slack.post(dm_event("U0BOB", "How do you pay for results?", event_id="Ev3"))
    posts = await _wait_posts(slack_api, 4)
    assert posts[-1]["channel"] == "D0DM"
    assert "Your question is question 1 of session 1." in posts[-1]["text"]


async def test_reminders_go_by_direct_message_and_skip_deactivated_users(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    await _series(slack, slack_api)
    await slack.post(slack_api.slash("U0CAROL", "join 1", name="Carol"))
    await _wait_posts(slack_api, 4)
    await slack.post(slack_api.slash("U0ALICE", "announce #1 Report &lt;!channel&gt; due *Friday*"))
    await _wait_posts(slack_api, 5)
    slack_api.refuse["U0CAROL"] = "account_inactive"
    before = len(slack_api.sent())
    dispatcher = Dispatcher(slack.adapter.engine, slack.adapter.send_message, name="s")
    assert await dispatcher.run_due() == {"sent": 2, "unreachable": 1}
    sent = {m["channel"]: m for m in slack_api.sent()[before:] if m["channel"] != "U0CAROL"}
    assert set(sent) == {"U0ALICE", "U0BOB"}
    assert "Report &lt;!channel&gt; due *Friday*" in sent["U0BOB"]["text"]
    with Session(slack.adapter.engine.store.engine) as session:
        carol = session.exec(
            select(Identity).where(Identity.external_id == "U0CAROL", Identity.workspace == TEAM)
        )
        assert carol.one().unreachable_since is not None


def _buttons(message: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """Label -> value of a message's buttons."""
    return {
        e["text"]["text"]: e["value"]
        for b in message.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
    }


async def test_closed_questions_are_answered_by_pressing_buttons(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    """Which group (a choice) and "open this call?" (yes/no), each pressed."""
    await _series(slack, slack_api)
    await slack.post(slack_api.slash("U0ALICE", "newgroup Governance positions=10 languages=en"))
    await _wait_posts(slack_api, 4)
    await slack.post(slack_api.slash("U0ALICE", "members"))
    await slack_api.wait_for(lambda: bool(slack_api.told()))
    which = slack_api.told()[-1]
    assert "Which group?" in which["text"]
    choices = _buttons(which)
    assert list(choices) == ["#1 Purchasing", "#2 Governance"]
    await slack.post(slack_api.button("U0ALICE", choices["#1 Purchasing"]))
    members = (await _wait_posts(slack_api, 5))[-1]["text"]
    assert members.startswith("Members of “Purchasing”:")
    assert "u0bob" in members

    await slack.post(slack_api.slash("U0ALICE", 'call #1 deadline="15 March" "chair, session 1"'))
    await slack_api.wait_for(lambda: len(slack_api.told()) >= 2)
    preview = slack_api.told()[-1]
    assert "1. chair, session 1 → chair in session 1" in preview["text"]
    await slack.post(slack_api.button("U0ALICE", _buttons(preview)["Yes, open it"]))
    posts = await _wait_posts(slack_api, 6)
    assert "Call 1 is open until 15 March 2027." in posts[-1]["text"]


async def test_a_replayed_request_is_handled_once(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    """The same signed request posted again (an attacker's replay within the five minutes a
    signature lasts, or a second process behind a load balancer) does nothing more."""
    await _series(slack, slack_api)
    request = slack_api.slash("U0CAROL", "join 1", name="Carol")
    assert await slack.post(request) == 200
    await _wait_posts(slack_api, 4)
    assert await slack.post(request) == 200
    assert await slack.post(slack_api.slash("U0CAROL", "groups")) == 200
    posts = await _wait_posts(slack_api, 5)
    assert "Welcome to “Purchasing”" in posts[3]["text"]
    assert "already" not in posts[4]["text"]  # the replay was not answered "already a member"
    assert len(slack_api.shown()) + len(slack_api.told()) == 5


async def test_commands_are_answered_where_the_app_may_not_post(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    """A channel the app has not joined (not_in_channel) and a direct message between two
    people: each command is answered through its response_url, privately or to the chat."""
    slack_api.refuse["C0SECRET"] = "not_in_channel"
    slack_api.refuse["D0PAIR"] = "channel_not_found"
    slack_api.app_dms["U0BOB"] = "D0BOB"
    await _series(slack, slack_api)

    async def answer(user: str, text: str, channel: str) -> tuple[str, dict]:  # type: ignore[type-arg]
        before = len(slack_api.calls)
        await slack.post(slack_api.slash(user, text, channel=channel))
        await slack_api.wait_for(
            lambda: any(n.startswith("response:") for n, _ in slack_api.calls[before:])
        )
        [(kind, params)] = [(n, p) for n, p in slack_api.calls[before:] if n.startswith("resp")]
        return kind, params

    # In a channel the app has not joined: a refusal to the one who typed it...
    kind, said = await answer("U0BOB", "join 1", "C0SECRET")
    assert kind == "response:ephemeral"
    assert "already a member" in said["text"]
    # ...what they chose to do, to the channel...
    kind, said = await answer("U0BOB", "claim chair 1", "C0SECRET")
    assert kind == "response:in_channel"
    assert "You are chair for session 1." in said["text"]
    # ...and a board: the app may not post it there, so the response_url shows it.
    kind, said = await answer("U0BOB", "session 1", "C0SECRET")
    assert kind == "response:in_channel"
    assert "chair: u0bob" in said["text"]
    assert "chat.postMessage" in [n for n, _ in slack_api.calls]  # it tried
    # In a direct message between two people (not the app's own with Bob).
    kind, said = await answer("U0BOB", "sessions 1", "D0PAIR")
    assert kind == "response:in_channel"
    assert "Results-based financing" in said["text"]
    kind, said = await answer("U0BOB", "ask 1", "D0PAIR")
    assert kind == "response:ephemeral"  # Alice, on the other side, does not see it
    assert "Answer me in a direct message" in said["text"]
    kind, said = await answer("U0BOB", "release chair 9", "D0PAIR")
    assert kind == "response:ephemeral"
    # In Bob's own direct message with the app, everything is his: shown in the chat.
    kind, said = await answer("U0BOB", "release chair 9", "D0BOB")
    assert kind == "response:in_channel"
    refused = [n for n, p in slack_api.calls if p.get("channel") in ("C0SECRET", "D0PAIR")]
    assert "chat.postEphemeral" not in refused


async def test_only_a_workspace_admin_or_the_channels_creator_links_it(
    slack: SlackClient, slack_api: FakeSlackApi
) -> None:
    await _series(slack, slack_api)
    await slack.post(slack_api.slash("U0ALICE", "cofacilitator #1 u0bob"))
    await slack_api.wait_for(lambda: len(slack_api.shown()) >= 4)

    async def link(user: str, channel: str) -> str:
        before = len(slack_api.calls)
        await slack.post(slack_api.slash(user, "linkchat 1", channel=channel))
        await slack_api.wait_for(
            lambda: any(n.startswith("response:") for n, _ in slack_api.calls[before:])
        )
        return next(p["text"] for n, p in slack_api.calls[before:] if n.startswith("response:"))

    slack_api.creators["C0ONE"] = "U0CAROL"
    # A facilitator who is neither the channel's creator nor a workspace admin: refused.
    assert "Only an admin of this chat can link it" in await link("U0ALICE", "C0ONE")
    assert "Only an admin of this chat can link it" in await link("U0BOB", "C0ONE")
    # The channel's creator, facilitating the group: linked.
    slack_api.creators["C0TWO"] = "U0ALICE"
    assert "This chat now acts for “Purchasing”" in await link("U0ALICE", "C0TWO")
    # A workspace admin may link a channel someone else created.
    slack_api.admins.add("U0BOB")
    assert "This chat now acts for “Purchasing”" in await link("U0BOB", "C0ONE")
