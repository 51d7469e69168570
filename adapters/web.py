"""The one HTTP server: Telegram's webhook, Slack's events, calendar feeds and a health
check.

Served on CONVENER_HTTP_HOST:CONVENER_HTTP_PORT (127.0.0.1:3000 by default); a reverse
proxy terminates TLS in front of it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[bool]]


class WebServer:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.app = web.Application(client_max_size=1024 * 1024)
        self.app.router.add_get("/health", self._health)
        self.checks: dict[str, Check] = {}
        self._runner: web.AppRunner | None = None

    def add_telegram_webhook(
        self, path: str, secret: str, feed: Callable[[dict[str, Any]], Awaitable[None]]
    ) -> None:
        async def webhook(request: web.Request) -> web.Response:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403, text="forbidden")
            try:
                payload = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                return web.Response(status=400, text="bad request")
            if not isinstance(payload, dict):
                return web.Response(status=400, text="bad request")
            await feed(payload)
            return web.Response(text="ok")

        self.app.router.add_post(path, webhook)

    def add_slack(self, handler: Callable[[web.Request], Awaitable[web.Response]]) -> None:
        self.app.router.add_post("/slack/events", handler)

    def add_calendar(self, feed: Callable[[str], Awaitable[bytes | None]]) -> None:
        """Each group's calendar feed at its secret address; any other address is a 404,
        the same whether the group or the token is wrong (nothing to guess from)."""

        async def calendar(request: web.Request) -> web.Response:
            found = await feed(request.match_info["token"])
            if found is None:
                return web.Response(status=404, text="not found")
            return web.Response(
                body=found,
                content_type="text/calendar",
                charset="utf-8",
                headers={"Cache-Control": "private, max-age=300"},
            )

        self.app.router.add_get("/calendar/{token}.ics", calendar)

    async def _health(self, _: web.Request) -> web.Response:
        results: dict[str, str] = {}
        for name, check in self.checks.items():
            try:
                ok = await asyncio.wait_for(check(), 5)
            except Exception:  # a failing check is a "down", never a crash
                log.warning("health check %s failed", name, exc_info=True)
                ok = False
            results[name] = "up" if ok else "down"
        healthy = all(v == "up" for v in results.values())
        return web.json_response(
            {"status": "up" if healthy else "down", **results}, status=200 if healthy else 503
        )

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if server is not None and self.port == 0:
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        log.info("HTTP server on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
