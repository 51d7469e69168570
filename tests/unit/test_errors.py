"""The error funnel: refusals roll back and are explained; bugs roll back and apologize."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot import commands
from bot.args import Args
from bot.context import Ctx
from bot.engine import Engine
from bot.events import Actor, Chat, Command
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store
from bot.store.models import LearningGroup
from bot.words import Words
from tests.conftest import truncate
from tests.fakes.tcp_proxy import HangingProxy
from tests.world import World, replies, show


def _write_half(ctx: Ctx) -> None:
    ctx.db.add(
        LearningGroup(
            title="Half",
            title_key="half",
            languages="en",
            positions=1,
            invite_code="X",
            created_by=ctx.member_id,
            created_at=ctx.now,
        )
    )
    ctx.db.flush()


def _write_then_fail(ctx: Ctx, args: Args) -> None:
    _write_half(ctx)
    raise RuntimeError("boom")


async def test_a_crashing_handler_rolls_back_and_apologizes(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    spec = commands.CommandSpec(Words("command", "boom"), _write_then_fail, commands.t("title"))
    monkeypatch.setitem(commands.COMMANDS, "boom", spec)
    bob = world.person("Bob", language="fr")
    with caplog.at_level(logging.ERROR):
        effects = await bob.says("/boom")
    [reply] = replies(effects)
    assert reply.private
    assert "Désolé, un problème est survenu de mon côté" in show(effects)
    assert "failed to handle" in caplog.text
    assert "There are no groups yet" in await world.person("Eve").text("/groups")


async def test_logs_name_the_event_not_the_words(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    spec = commands.CommandSpec(Words("command", "boom"), _write_then_fail, commands.t("title"))
    monkeypatch.setitem(commands.COMMANDS, "boom", spec)
    bob = world.person("Bob Secretname")
    with caplog.at_level(logging.INFO):
        await bob.says("/boom my private words")
    assert "failed to handle /boom from console user" in caplog.text
    assert "private words" not in caplog.text
    assert "Secretname" not in caplog.text


def test_an_unreachable_database_is_told_as_such() -> None:
    """A PostgreSQL server that refuses connections: the person reads that the database
    cannot be reached (in their language, within seconds), not that someone else was
    changing the same thing."""
    settings = Settings(DATABASE_URL="postgresql://postgres@127.0.0.1:1/test", _env_file=None)  # type: ignore[call-arg]
    store = Store(settings.database_url)
    engine = Engine(store, settings)
    try:
        started = time.monotonic()
        actor = Actor("console", "u1", "Marie", "fr")
        effects = engine.handle_sync(Command(actor, Chat("console", "dm", True), "groups"))
        assert time.monotonic() - started < 10
        said = show(effects)
        assert said.startswith("Convener ne peut pas joindre sa base de données"), said
    finally:
        store.dispose()


def test_start_waits_for_the_database_with_longer_waits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    waited: list[float] = []
    with pytest.raises(sa.exc.OperationalError), caplog.at_level(logging.WARNING):
        migrate.upgrade_when_reachable(
            "postgresql://postgres@127.0.0.1:1/test", waits=(1, 2, 4), sleep=waited.append
        )
    assert waited == [1, 2, 4]
    assert caplog.text.count("the database is not reachable") == 3


@pytest.fixture
def hanging_proxy(postgres_url: str) -> Iterator[tuple[HangingProxy, str]]:
    truncate(postgres_url)
    url = sa.engine.make_url(postgres_url)
    proxy = HangingProxy(url.port or 5432, url.host or "127.0.0.1")
    yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    proxy.close()


async def test_a_hung_database_is_told_as_such_and_recovers(
    hanging_proxy: tuple[HangingProxy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The network to PostgreSQL hangs (nothing answers, nothing is refused): each person
    is told within ten seconds that the database cannot be reached, nothing they asked is
    saved, and once the network is back the same process serves them again."""
    proxy, url = hanging_proxy
    settings = Settings(DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    store = Store(url)
    world = World(Engine(store, settings))
    try:
        alice = world.person("Alice")
        await alice.says("/newgroup Purchasing positions=10 languages=en,fr")
        people = [world.person(name, language="fr") for name in ("Bob", "Carol", "Dan", "Eve")]
        proxy.hang()
        started = time.monotonic()
        answers = await asyncio.wait_for(
            asyncio.gather(*(person.text("/join 1") for person in people)), 20
        )
        took = time.monotonic() - started
        assert took < 10, took
        for said in answers:
            assert said.startswith("Convener ne peut pas joindre sa base de données"), said
        proxy.resume()
        started = time.monotonic()
        members = await alice.text("/members 1")
        assert "Alice" in members
        assert "Bob" not in members  # nobody half-joined
        assert "Bienvenue" in await people[0].text("/join 1")
        assert time.monotonic() - started < 5

        def write_then_hang(ctx: Ctx, args: Args) -> None:
            # The network hangs between a write the server has taken and the commit.
            _write_half(ctx)
            proxy.hang()
            ctx.db.execute(sa.text("SELECT 1"))

        spec = commands.CommandSpec(Words("command", "hang"), write_then_hang, commands.t("title"))
        monkeypatch.setitem(commands.COMMANDS, "hang", spec)
        started = time.monotonic()
        said = await asyncio.wait_for(alice.text("/hang"), 20)
        assert time.monotonic() - started < 10
        assert said.startswith("Convener cannot reach its database"), said
        proxy.resume()
        assert "Half" not in await alice.text("/groups")
    finally:
        proxy.resume()
        world.engine.close()
        store.dispose()
