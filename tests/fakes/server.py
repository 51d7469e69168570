"""What the platform fakes share: serving on 127.0.0.1, reading parameters the way the real
APIs accept them, and waiting for the bot's asynchronous calls."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

Json = dict[str, Any]
_WHOLE = re.compile(r"-?\d+")


class FakeServer:
    runner: web.AppRunner | None = None
    port: int = 0

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def serve(self) -> int:
        app = web.Application()
        self.routes(app)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self.port

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    async def wait_for(self, check: Callable[[], bool], patience: float = 10) -> None:
        """Wait until `check` holds (the bot works asynchronously); fail after `patience`."""
        loop = asyncio.get_running_loop()
        end = loop.time() + patience
        while not check():
            if loop.time() > end:
                raise AssertionError(f"gave up waiting; calls were: {self.log()}")
            await asyncio.sleep(0.01)

    def log(self) -> object:
        return None


async def parameters(request: web.Request) -> Json:
    """Query, form or JSON parameters (slack_sdk sends some methods' in the query string of
    a POST); objects inside (reply_markup, blocks) may come as JSON-serialized strings, as
    both APIs allow."""
    source: dict[str, Any] = dict(request.query)
    if request.method != "GET":
        if request.content_type == "application/json":
            source.update(await request.json())
        else:
            source.update(await request.post())
    out: Json = {}
    for key, value in source.items():
        if isinstance(value, web.FileField):  # a file sent as multipart form data
            out[key] = {"filename": value.filename, "content": value.file.read()}
            continue
        # Objects, lists, whole numbers and booleans come serialized; "42.0001" stays text.
        if isinstance(value, str) and (
            value[:1] in "[{" or _WHOLE.fullmatch(value) or value in ("true", "false")
        ):
            try:
                out[key] = json.loads(value)
                continue
            except ValueError:
                pass
        out[key] = value
    return out
