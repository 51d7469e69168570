"""The error funnel: refusals roll back and are explained; bugs roll back and apologize."""

from __future__ import annotations

import logging

import pytest

from bot import commands
from bot.args import Args
from bot.context import Ctx
from bot.store.models import LearningGroup
from bot.words import Words
from tests.world import World, replies, show


def _write_then_fail(ctx: Ctx, args: Args) -> None:
    ctx.session.add(
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
    ctx.session.flush()
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
