"""The Slack adapter: slack-bolt receives slash commands, button presses and direct messages,
acknowledges within Slack's 3 seconds, then the engine decides and the effects go out
through one rate-limited path."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.port import Elsewhere, Forward, nowhere, platform_of
from adapters.slack import modals, render
from adapters.slack.convert import (
    PLATFORM,
    Body,
    from_action,
    from_command,
    from_message,
    interaction_actor,
    request_key,
)
from adapters.slack.delivery import PatientWaits, SlackDelivery, retry_handlers
from adapters.slack.people import Directory
from bot.effects import Edit, Effect, Menu, Prompt, Reply, Send, board_posted
from bot.engine import Engine
from bot.events import Actor, Chat, Command, Event, FreeText, MessageRef, Unreachable
from bot.features import forms
from bot.settings import Settings
from bot.store.statuses import SendOutcome
from bot.text import Text, lines, t

log = logging.getLogger(__name__)

COMMAND = "/convener"
# Commands that need to know whether the actor may speak for the channel itself.
ADMIN_COMMANDS = ("linkchat",)
# "/convener schedule" or "/convener schedule #2": nothing typed yet, so open the form.
_GROUP_ONLY = re.compile(r"(#\d{1,9})?")


class SlackAdapter:
    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        delivery: SlackDelivery | None = None,
        waits: RetryIntervalCalculator | None = None,
    ) -> None:
        assert settings.slack_bot_token, "SLACK_BOT_TOKEN is not set"
        self.engine = engine
        self.settings = settings
        self.delivery = delivery or SlackDelivery()
        self._retries = retry_handlers(waits or PatientWaits())
        self.client = AsyncWebClient(
            token=settings.slack_bot_token,
            base_url=settings.slack_api_url,
            retry_handlers=self._retries,
        )
        self.app = AsyncApp(
            client=self.client,
            signing_secret=settings.slack_signing_secret or "",
            # Socket Mode has no signatures; HTTP mode always checks them.
            request_verification_enabled=not settings.slack_app_token,
        )
        self.people = Directory(self.client)
        self._socket: AsyncSocketModeHandler | None = None
        self.forward: Forward = nowhere  # messages for other platforms (set by the app)
        self._running = False
        self.app.use(self._once)
        self.app.command(COMMAND)(self._on_command)
        self.app.action(re.compile(f"^{render.ACTION_PREFIX}"))(self._on_action)
        self.app.event("message")(self._on_message)
        self.app.event("app_home_opened")(self._on_home)
        self.app.view(re.compile(f"^{modals.CALLBACK_PREFIX}"))(self._on_submit)

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Socket Mode connects out to Slack; HTTP mode waits on the shared server."""
        if self.settings.slack_app_token:
            self._socket = AsyncSocketModeHandler(self.app, self.settings.slack_app_token)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
        self._running = True

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        self._running = False

    def running(self) -> bool:
        return self._running

    # -- HTTP mode ------------------------------------------------------------------------

    async def handle_http(self, request: web.Request) -> web.Response:
        """POST /slack/events: signatures checked by bolt (bad or stale ones get 401)."""
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))

    # -- requests in ----------------------------------------------------------------------

    async def _on_command(self, ack: AsyncAck, body: Body) -> None:
        await ack()
        command = from_command(body)
        modal = modals.MODALS.get(command.name)
        group = command.args.strip()
        if modal is not None and body.get("trigger_id") and _GROUP_ONLY.fullmatch(group):
            await self._open_modal(modal, command, group.lstrip("#"), body)
            return
        await self._run(command, body)

    async def _open_modal(
        self, modal: modals.Modal, command: Command, group: str, body: Body
    ) -> None:
        placed = await self._placed(command)
        found = await self.engine.read(
            placed,
            partial(forms.facts, facilitators_only=modal.for_facilitators, group_ref=group),
        )
        if not group and len(found.groups) == 1:
            group = found.groups[0].group.value
        # The command's response_url answers the form's outcome where the command was typed.
        metadata = {
            "group": group,
            "channel": command.chat.chat_id,
            "response_url": body.get("response_url") or "",
        }
        try:
            await self.client.views_open(
                trigger_id=body["trigger_id"], view=modals.view(modal, found, metadata)
            )
        except SlackApiError:
            log.warning("could not open the %s form", modal.command, exc_info=True)

    async def _on_submit(self, ack: AsyncAck, body: Body, view: Body) -> None:
        """A form sent: run its command now, so a refusal can be shown inside the form."""
        name = view["callback_id"].removeprefix(modals.CALLBACK_PREFIX)
        metadata = json.loads(view.get("private_metadata") or "{}")
        actor = interaction_actor(body)
        channel = str(metadata.get("channel", ""))
        respond = str(metadata.get("response_url") or "") or None
        chat = Chat(PLATFORM, channel, private=channel.startswith("D"))
        if name == "confirm":
            event: Event = await self._placed(FreeText(actor, chat, "yes"))
            await ack()
            await self.deliver(await self.engine.handle(event), event, respond)
            return
        modal = modals.MODALS[name]
        line = modal.command_line(metadata.get("group", ""), modals.values_of(view["state"]))
        event = await self._placed(Command(actor, chat, modal.command, line))
        effects = await self.engine.handle(event)
        refusal = next((e for e in effects if isinstance(e, Reply) and e.refusal), None)
        if refusal is not None:
            message = render.text_of(refusal.text, refusal.audience, self.link)
            await ack(response_action="errors", errors={modal.error_field: message[:2000]})
            return
        question = next((e for e in effects if isinstance(e, Prompt)), None)
        if question is not None:
            # A last question (open this call?) becomes the form's next page.
            await ack(
                response_action="update",
                view=modals.confirmation(
                    render.text_of(question.text, question.audience, self.link),
                    question.audience,
                    metadata,
                ),
            )
            return
        await ack()
        await self.deliver(effects, event, respond)

    async def _on_action(self, ack: AsyncAck, body: Body) -> None:
        await ack()
        event = from_action(body)
        if event is not None:
            await self._run(event, body)

    async def _once(
        self,
        req: AsyncBoltRequest,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        """Every request once, across processes: an event Slack retries (it thinks we missed
        it) by its id, anything else by its signed timestamp and body, so a replayed request
        (a valid signature lasts five minutes) does nothing."""
        key = request_key(req.body, req.headers, req.raw_body)
        if key is not None and not await self.engine.first_time(key):
            return BoltResponse(status=200, body="")
        return await next()

    async def _on_message(self, body: Body, event: Body) -> None:
        converted = from_message(body, event)
        if converted is not None:
            await self._run(converted, body, app_dm=True)

    async def _on_home(self, body: Body, event: Body) -> None:
        """The App Home tab: the member's overview, published as a view."""
        if event.get("tab") not in (None, "home"):
            return
        team = body.get("team_id", "")
        actor = Actor(PLATFORM, event["user"], "", workspace=team)
        command = await self._with_hints(
            Command(actor, Chat(PLATFORM, event.get("channel") or "", private=True), "home")
        )
        view = render.home(await self.engine.handle(command), self.link)
        await self.delivery.call(
            event["user"], self.client.views_publish, user_id=event["user"], view=view
        )

    async def _run(self, event: Event, body: Body, *, app_dm: bool = False) -> None:
        event = await self._placed(event, app_dm=app_dm)
        effects = await self.engine.handle(event)
        await self.deliver(effects, event, body.get("response_url") or None)

    async def _placed(self, event: Event, *, app_dm: bool = False) -> Event:
        """The member's hints, and whether a `D…` channel is their direct message with the
        app (a private chat) or one between people, where the app reads nothing. Message
        events come only from the app's own (`app_dm`)."""
        event = await self._with_hints(event)
        chat = event.chat
        user = event.actor.user_id
        if (
            chat.private
            and not app_dm
            and chat.chat_id != await self.people.app_dm(user, chat.chat_id)
        ):
            chat = replace(chat, private=False)
        if isinstance(event, Command) and event.name in ADMIN_COMMANDS and not chat.private:
            chat = replace(chat, actor_is_admin=await self.people.may_link(user, chat.chat_id))
        return replace(event, chat=chat)

    async def _with_hints(self, event: Event) -> Event:
        """The member's Slack locale, time zone and name, used until they set theirs."""
        locale, zone, name = await self.people.hints(event.actor.user_id)
        actor = replace(
            event.actor,
            language_hint=locale or event.actor.language_hint,
            timezone_hint=zone or event.actor.timezone_hint,
            display_name=name or event.actor.display_name,
        )
        return replace(event, actor=actor)

    # -- effects out ----------------------------------------------------------------------

    async def deliver(
        self, effects: list[Effect], event: Event, response_url: str | None = None
    ) -> None:
        """The effects of a person's request. Replies go to the request's response_url when
        it has one: it works in any channel, private channel or DM, joined or not."""
        user = event.actor.user_id
        for effect in effects:
            if isinstance(effect, Send | Edit | Menu) and platform_of(effect) != PLATFORM:
                await self.forward(effect)
                continue
            await self.send_effect(effect, event.chat, user, response_url)

    async def send_effect(
        self, effect: Effect, chat: Chat, user: str, response_url: str | None = None
    ) -> None:
        if isinstance(effect, Menu):
            return  # Slack lists one command for everyone; /convener help tells each theirs
        if isinstance(effect, Send):
            await self.send_message(effect)
            return
        channel = chat.chat_id
        body: Text = effect.text
        if isinstance(effect, Prompt) and not chat.private:
            # Slack does not send us what people write in channels: answers come by DM.
            body = lines(effect.text, t("Answer me in a direct message (the Convener app)."))
        text = render.text_of(body, effect.audience, self.link)
        blocks = render.blocks(text, effect.buttons, effect.audience)
        if isinstance(effect, Edit):
            await self.delivery.call(
                effect.ref.chat_id,
                self.client.chat_update,
                channel=effect.ref.chat_id,
                ts=effect.ref.message_id,
                text=text,
                blocks=blocks,
            )
            return
        assert isinstance(effect, Reply | Prompt)
        # Errors, help and questions are for the one who asked: ephemeral, as Slack users
        # expect; what they chose to share is shown to the channel.
        for_one = (isinstance(effect, Prompt) or effect.private) and not chat.private
        board = effect.board if isinstance(effect, Reply) and not for_one else None
        if board is not None and not chat.private and not channel.startswith("D"):
            # A board in a channel we may post in is our own message: later changes, from
            # anywhere, edit it. Where we may not, the response_url still shows it.
            posted = await self.delivery.call(
                channel, self.client.chat_postMessage, channel=channel, text=text, blocks=blocks
            )
            if posted is not None:
                ref = MessageRef(PLATFORM, channel, str(posted["ts"]))
                await self.engine.handle(board_posted(board, ref, effect.audience))
                return
        if response_url is not None and await self._respond(
            response_url, channel, text, blocks, ephemeral=for_one
        ):
            return
        if for_one:
            await self.delivery.call(
                channel,
                self.client.chat_postEphemeral,
                channel=channel,
                user=user,
                text=text,
                blocks=blocks,
            )
            return
        await self.delivery.call(
            channel, self.client.chat_postMessage, channel=channel, text=text, blocks=blocks
        )

    async def _respond(
        self, url: str, channel: str, text: str, blocks: list[Block], *, ephemeral: bool
    ) -> bool:
        """Answer through a request's response_url (valid 30 minutes, 5 answers)."""
        hook = AsyncWebhookClient(url, retry_handlers=self._retries)

        async def send() -> bool:
            answer = await hook.send(
                text=text,
                blocks=blocks,
                response_type="ephemeral" if ephemeral else "in_channel",
            )
            if answer.status_code != 200:
                log.warning("Slack refused a response to %s: %s", channel, answer.body)
            return answer.status_code == 200

        return bool(await self.delivery.call(channel, send))

    def link(self, payload: str) -> str:
        return f"{COMMAND} start {payload}"

    async def send_message(self, effect: Send) -> str:
        """A message to someone or somewhere else (news, a reminder): "sent", "unreachable"
        (the member is deactivated or gone; recorded) or "failed" (try later)."""
        text = render.text_of(effect.text, effect.audience, self.link)
        blocks = render.blocks(text, effect.buttons, effect.audience)
        target = effect.to.id
        if effect.attachment is not None:
            posted = await self._upload(effect, text)
        else:
            posted = await self.delivery.call(
                target, self.client.chat_postMessage, channel=target, text=text, blocks=blocks
            )
        if posted is not None:
            return SendOutcome.SENT
        if target in self.delivery.unreachable:
            if effect.to.kind == "user":
                await self.engine.handle(Unreachable(PLATFORM, effect.to.id))
            return SendOutcome.UNREACHABLE
        return SendOutcome.FAILED

    async def _upload(self, effect: Send, text: str) -> object | None:
        """A file, its text as the comment (files upload v2: an upload URL, the bytes, the
        completion). A file goes to a conversation: a person's is the app's DM with them."""
        attachment = effect.attachment
        assert attachment is not None
        target = effect.to.id
        channel = (
            await self.people.app_dm(target, f"D{target}") if effect.to.kind == "user" else target
        )
        uploaded: object | None = await self.delivery.call(
            target,
            self.client.files_upload_v2,
            channel=channel,
            content=attachment.content,
            filename=attachment.filename,
            title=attachment.filename,
            initial_comment=text,
        )
        return uploaded

    async def send_from_elsewhere(self, effect: Elsewhere) -> None:
        """A message another platform's event produced for someone here."""
        chat = effect.ref.chat_id if isinstance(effect, Edit) else effect.to.id
        await self.send_effect(effect, Chat(PLATFORM, chat, private=chat.startswith("D")), "")
