"""A small fake of Slack's Web API, served on 127.0.0.1 for the real slack_sdk client, and
signed requests the way Slack signs them."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from tests.fakes.server import FakeServer, Json, parameters

_triggers = itertools.count(1)


def _trigger() -> str:
    """Slack gives every command and interaction a trigger id of its own."""
    return f"{next(_triggers)}.2.3"


SIGNING_SECRET = "test-signing-secret"
TEAM = "T0TEAM"
BOT_USER = "UBOT"


@dataclass
class FakeSlackApi(FakeServer):
    calls: list[tuple[str, Json]] = field(default_factory=list)
    # user id -> (locale, tz, display name) for users.info
    users: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # method -> how many times to answer 429 (Retry-After: 0) before answering normally
    limited: dict[str, int] = field(default_factory=dict)
    # method -> how many times to answer 503 (Slack down) before answering normally
    down: dict[str, int] = field(default_factory=dict)
    # chat.postMessage calls with what the fake answered (its ts)
    posted: list[tuple[Json, Json]] = field(default_factory=list)
    # channel or user -> the error chat.postMessage and chat.postEphemeral answer (a
    # deactivated user: account_inactive; a channel the app has not joined: not_in_channel)
    refuse: dict[str, str] = field(default_factory=dict)
    # user -> the app's direct message with them (conversations.open); "D" + user if unset
    app_dms: dict[str, str] = field(default_factory=dict)
    # channel -> its creator (conversations.info); users who are workspace admins or owners
    creators: dict[str, str] = field(default_factory=dict)
    admins: set[str] = field(default_factory=set)
    # Socket Mode: the app's open WebSocket, and its acknowledgements by envelope id
    socket: web.WebSocketResponse | None = None
    acks: dict[str, Json] = field(default_factory=dict)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _envelopes: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _responses: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    # files upload v2: file id -> (filename, the bytes uploaded to its URL)
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _files: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> str:
        await self.serve()
        return f"http://127.0.0.1:{self.port}/api/"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/{method}", self._handle)
        app.router.add_get("/api/{method}", self._handle)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_get("/socket", self._socket)
        app.router.add_post("/upload/{id}", self._upload)

    def log(self) -> object:
        return self.calls

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await parameters(request)
        if self.limited.get(method):
            self.limited[method] -= 1
            self.calls.append((method + "!limited", params))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        if self.down.get(method):
            self.down[method] -= 1
            self.calls.append((method + "!down", params))
            return web.Response(status=503, text="Service Unavailable")
        self.calls.append((method, params))
        result = self._result(method, params)
        if method == "chat.postMessage":
            self.posted.append((params, result))
        return web.json_response(result)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode's WebSocket: "hello" on connecting, then envelopes pushed by the test;
        the app acknowledges each by its envelope id."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1})
        async for frame in socket:
            if frame.type == web.WSMsgType.TEXT:
                ack = json.loads(frame.data)
                self.acks[ack["envelope_id"]] = ack.get("payload") or {}
        if self.socket is socket:
            self.socket = None
        return socket

    async def envelope(self, kind: str, payload: Json) -> str:
        """Push a request to the app over its WebSocket: kind is slash_commands, interactive
        or events_api, payload what the HTTP request's body would hold."""
        await self.wait_for(lambda: self.socket is not None)
        assert self.socket is not None
        envelope_id = f"env-{next(self._envelopes)}"
        await self.socket.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
            }
        )
        return envelope_id

    def response_url(self) -> str:
        """A new response_url, as Slack gives one with every command and interaction."""
        return f"http://127.0.0.1:{self.port}/respond/{next(self._responses)}"

    async def _respond(self, request: web.Request) -> web.Response:
        """What Slack does with a post to a response_url: show it where the request was
        made, to the person only (ephemeral) or to the channel (in_channel)."""
        if self.down.get("response"):
            self.down["response"] -= 1
            self.calls.append(("response!down", {}))
            return web.Response(status=503, text="Service Unavailable")
        params = await request.json()
        kind = params.get("response_type") or "ephemeral"
        self.calls.append((f"response:{kind}", {**params, "url": request.match_info["id"]}))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """Files upload v2's second step: the file's bytes, posted to the URL given for it."""
        file_id = request.match_info["id"]
        filename, _ = self.uploads[file_id]
        self.uploads[file_id] = (filename, await request.read())
        self.calls.append(("upload", {"id": file_id}))
        return web.Response(text="OK - " + str(len(self.uploads[file_id][1])))

    def files(self) -> list[Json]:
        """Files shared, completed uploads: channel, comment, filename and content."""
        shared = []
        for name, params in self.calls:
            if name == "files.completeUploadExternal":
                for item in params["files"]:
                    filename, content = self.uploads[item["id"]]
                    shared.append(
                        {
                            "channel": params.get("channel_id"),
                            "comment": params.get("initial_comment", ""),
                            "filename": filename,
                            "content": content,
                        }
                    )
        return shared

    def shown(self) -> list[Json]:
        """Messages shown to everyone in a chat: posted, or answered in_channel."""
        return [p for n, p in self.calls if n in ("chat.postMessage", "response:in_channel")]

    def messages(self) -> list[Json]:
        """Every message shown, to a chat or to one person, by any way."""
        return [p for n, p in self.calls if n.startswith(("chat.post", "response:"))]

    def told(self) -> list[Json]:
        """Messages shown to one person: ephemeral, by either way."""
        return [p for n, p in self.calls if n in ("chat.postEphemeral", "response:ephemeral")]

    def slash(self, user: str, text: str, **kwargs: str) -> tuple[str, str]:
        return slash(user, text, response_url=self.response_url(), **kwargs)

    def button(self, user: str, value: str, **kwargs: str) -> tuple[str, str]:
        return button(user, value, response_url=self.response_url(), **kwargs)

    def _result(self, method: str, params: Json) -> Json:
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER,
                "bot_id": "B0BOT",
                "team_id": TEAM,
                "url": "https://example.slack.com/",
                "team": "Example",
                "user": "convener",
            }
        if method in ("chat.postMessage", "chat.postEphemeral") and (
            str(params.get("channel")) in self.refuse
        ):
            return {"ok": False, "error": self.refuse[str(params.get("channel"))]}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files)}"
            self.uploads[file_id] = (str(params.get("filename")), b"")
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "conversations.open":
            user = str(params.get("users"))
            return {"ok": True, "channel": {"id": self.app_dms.get(user, f"D{user}")}}
        if method == "conversations.info":
            channel = str(params.get("channel"))
            return {
                "ok": True,
                "channel": {"id": channel, "creator": self.creators.get(channel, "U0SOMEONE")},
            }
        if method == "chat.postMessage":
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": f"{next(self._ts)}.0001",
                "message": {"text": params.get("text")},
            }
        if method == "users.info":
            user = str(params.get("user"))
            if user not in self.users and user not in self.admins:
                return {"ok": False, "error": "user_not_found"}
            locale, tz, name = self.users.get(user, ("", "", ""))
            return {
                "ok": True,
                "user": {
                    "id": user,
                    "is_admin": user in self.admins,
                    "is_owner": False,
                    "locale": locale,
                    "tz": tz,
                    "real_name": name,
                    "profile": {"display_name": name},
                },
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{next(self._ts)}.0002"}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        return {"ok": True}

    def sent(self, method: str = "chat.postMessage") -> list[Json]:
        return [params for name, params in self.calls if name == method]


def signed(body: str, *, secret: str = SIGNING_SECRET, age: int = 0) -> dict[str, str]:
    """Headers Slack would send with this body, signed `age` seconds ago."""
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def command_fields(
    user: str,
    text: str,
    *,
    channel: str = "C0CHAN",
    name: str = "",
    team: str = TEAM,
    response_url: str = "",
) -> dict[str, str]:
    """A /convener slash command's fields (Slack always gives a response_url; tests of the
    way without one leave it out)."""
    fields = {
        "token": "x",
        "team_id": team,
        "team_domain": "example",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": name or user.lower(),
        "command": "/convener",
        "text": text,
        "api_app_id": "A0APP",
        "trigger_id": _trigger(),
    }
    if response_url:
        fields["response_url"] = response_url
    return fields


def slash(user: str, text: str, **kwargs: str) -> tuple[str, str]:
    """A /convener slash command as Slack posts it: a form body."""
    return urlencode(command_fields(user, text, **kwargs)), "application/x-www-form-urlencoded"


def button(user: str, value: str, **kwargs: str) -> tuple[str, str]:
    """A button press as Slack posts it."""
    return _form(button_payload(user, value, **kwargs))


def _form(payload: Json) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def button_payload(
    user: str,
    value: str,
    *,
    channel: str = "C0CHAN",
    ts: str = "77.0001",
    response_url: str = "",
) -> Json:
    payload: Json = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "x",
        "trigger_id": _trigger(),
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "channel": {"id": channel, "name": "general"},
        "message": {"type": "message", "ts": ts, "text": "board"},
        "actions": [
            {
                "type": "button",
                "action_id": "convener:0",
                "block_id": "b",
                "value": value,
                "action_ts": "1",
            }
        ],
    }
    if response_url:
        payload["response_url"] = response_url
    return payload


def dm_event(user: str, text: str, *, event_id: str, channel: str = "D0DM") -> tuple[str, str]:
    body = {
        "token": "x",
        "team_id": TEAM,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": "5.0001",
            "team": TEAM,
        },
    }
    return json.dumps(body), "application/json"


def home_opened(user: str, *, event_id: str) -> tuple[str, str]:
    body = {
        "token": "x",
        "team_id": TEAM,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": "home",
            "event_ts": "9.0001",
        },
    }
    return json.dumps(body), "application/json"


def submission(
    user: str, callback: str, values: dict[str, str | Json], metadata: dict[str, str]
) -> tuple[str, str]:
    """A form sent (view_submission), as Slack posts it."""
    return _form(submission_payload(user, callback, values, metadata))


def submission_payload(
    user: str, callback: str, values: dict[str, str | Json], metadata: dict[str, str]
) -> Json:
    """A form sent (view_submission) with its fields' values: text typed, or an element's
    state as Slack sends it (a date picked: {"type": "datepicker", "selected_date": ...})."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "x",
        "trigger_id": _trigger(),
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": callback,
            "private_metadata": json.dumps(metadata),
            "state": {
                "values": {
                    key: {
                        "value": value
                        if isinstance(value, dict)
                        else {"type": "plain_text_input", "value": value}
                    }
                    for key, value in values.items()
                }
            },
        },
    }
