"""A small fake of Telegram's Bot API, served on 127.0.0.1 for the real python-telegram-bot.

It queues updates for getUpdates, records every call, and can answer a chosen call with a
failure (429 with retry_after, 403 for a blocked member) to test delivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.server import FakeServer, Json, parameters

TOKEN = "123456:TEST-token"
BOT = {"id": 999, "is_bot": True, "first_name": "Convener", "username": "ConvenerBot"}


@dataclass
class Call:
    method: str
    params: Json
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeBotApi(FakeServer):
    calls: list[Call] = field(default_factory=list)
    # How many times each method was answered, kept as calls come (cheap to poll).
    counts: Counter[str] = field(default_factory=Counter)
    # (method, chat_id) -> responses to give before answering normally
    failures: dict[tuple[str, str], list[tuple[int, Json]]] = field(default_factory=dict)
    admins: set[str] = field(default_factory=set)
    _updates: list[Json] = field(default_factory=list)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    # -- serving --------------------------------------------------------------------------

    async def start(self) -> str:
        await self.serve()
        return f"http://127.0.0.1:{self.port}/bot"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self._handle)
        # For a fake in another process (the benchmark): push updates, read the counts.
        app.router.add_post("/_control/push", self._control_push)
        app.router.add_get("/_control/counts", self._control_counts)

    def log(self) -> object:
        return self.calls

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await parameters(request)
        chat = str(params.get("chat_id", ""))
        queued = self.failures.get((method, chat))
        if queued:
            status, body = queued.pop(0)
            self.calls.append(Call(method + "!failed", params))
            return web.json_response(body, status=status)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        self.calls.append(Call(method, params))
        self.counts[method] += 1
        self._changed.set()
        return web.json_response({"ok": True, "result": self._result(method, params)})

    async def _control_push(self, request: web.Request) -> web.Response:
        for update in await request.json():
            self.push(update)
        return web.json_response({"ok": True})

    async def _control_counts(self, _: web.Request) -> web.Response:
        return web.json_response(dict(self.counts))

    async def _get_updates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait(), min(float(params.get("timeout") or 0), 0.25)
                )
        limit = int(params.get("limit") or 100)
        return [u for u in self._updates if u["update_id"] >= offset][:limit]

    def _result(self, method: str, params: Json) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "editMessageText"):
            chat_id = int(params["chat_id"])
            message_id = (
                int(params["message_id"])
                if method == "editMessageText"
                else next(self._message_ids)
            )
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": BOT,
                "text": params.get("text", ""),
            }
        if method == "getChatMember":
            user = str(params["user_id"])
            status = "administrator" if user in self.admins else "member"
            return {
                "status": status,
                "user": {"id": int(user), "is_bot": False, "first_name": "x"},
                **(
                    {
                        "can_be_edited": False,
                        "is_anonymous": False,
                        "can_manage_chat": True,
                        "can_delete_messages": True,
                        "can_manage_video_chats": True,
                        "can_restrict_members": True,
                        "can_promote_members": False,
                        "can_change_info": True,
                        "can_invite_users": True,
                        "can_post_stories": False,
                        "can_edit_stories": False,
                        "can_delete_stories": False,
                    }
                    if status == "administrator"
                    else {}
                ),
            }
        return True

    # -- the tests' side ------------------------------------------------------------------

    def push(self, update: Json) -> None:
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        self._changed.set()

    def sent(self, method: str = "sendMessage") -> list[Json]:
        return [c.params for c in self.calls if c.method == method]


@dataclass
class User:
    id: int
    first_name: str
    language_code: str | None = "en"

    def json(self) -> Json:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            **({"language_code": self.language_code} if self.language_code else {}),
        }


_message_counter = itertools.count(1)


def message(
    user: User, text: str, *, chat_id: int | None = None, reply_to: int | None = None
) -> Json:
    chat_id = chat_id if chat_id is not None else user.id
    chat = (
        {"id": chat_id, "type": "private", "first_name": user.first_name}
        if chat_id > 0
        else {"id": chat_id, "type": "supergroup", "title": "Group"}
    )
    msg: Json = {
        "message_id": next(_message_counter),
        "date": int(time.time()),
        "chat": chat,
        "from": user.json(),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split(" ", 1)[0])
        msg["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if reply_to is not None:
        msg["reply_to_message"] = {
            "message_id": reply_to,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT,
            "text": "?",
        }
    return {"message": msg}


def press(user: User, data: str, *, message_id: int, chat_id: int | None = None) -> Json:
    chat_id = chat_id if chat_id is not None else user.id
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    return {
        "callback_query": {
            "id": str(next(_message_counter)),
            "from": user.json(),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT,
                "text": "board",
            },
        }
    }


def bot_status(user: User, chat_id: int, *, old: str, new: str) -> Json:
    """Convener's own membership of a group changed (`member`, `left`, `kicked`...), by `user`."""
    member = {"user": BOT}
    return {
        "my_chat_member": {
            "chat": {"id": chat_id, "type": "supergroup", "title": "Group"},
            "from": user.json(),
            "date": int(time.time()),
            "old_chat_member": {
                "status": old,
                **member,
                **({"until_date": 0} if old == "kicked" else {}),
            },
            "new_chat_member": {
                "status": new,
                **member,
                **({"until_date": 0} if new == "kicked" else {}),
            },
        }
    }


async def _serve() -> None:
    """Run alone (`python -m tests.fakes.telegram_api`): print the port, serve until killed."""
    logging.getLogger("aiohttp").setLevel(logging.CRITICAL)  # clients hang up on shutdown
    fake = FakeBotApi()
    await fake.start()
    print(fake.port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(_serve())
