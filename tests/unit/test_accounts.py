"""One member across platforms: a code asked on one platform, sent from the other."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.clock import FixedClock
from tests.world import World


def _code(out: str) -> str:
    found = re.search(r"/linkaccount (\S+)", out)
    assert found, out
    return found.group(1)


async def test_link_accounts_then_one_member(world: World, clock: FixedClock) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    on_telegram = world.person("Bob", platform="telegram")
    on_slack = world.person("Bob S", platform="slack")
    await on_telegram.says("/join 1")
    code = _code(await on_slack.text("/linkaccount"))
    assert "from your account on the other platform" in await on_slack.text(f"/linkaccount {code}")
    out = await on_telegram.text(f"/linkaccount {code}")
    assert "Your accounts are linked: you are Bob on both" in out
    # The Slack account is the same member now: it is in the group, with the same name.
    assert "#1 Purchasing" in await on_slack.text("/home")
    assert "You are already a member" in await on_slack.text("/join 1")
    assert "not valid" in await on_telegram.text(f"/linkaccount {code}")  # used once


async def test_codes_expire_and_two_active_accounts_are_not_merged(
    world: World, clock: FixedClock
) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    on_telegram = world.person("Bob", platform="telegram")
    on_slack = world.person("Bob", platform="slack")
    code = _code(await on_slack.text("/linkaccount"))
    clock.advance(timedelta(minutes=16))
    assert "not valid" in await on_telegram.text(f"/linkaccount {code}")
    await on_telegram.says("/join 1")
    await on_slack.says("/join 1")
    code = _code(await on_slack.text("/linkaccount"))
    assert "Both accounts already take part" in await on_telegram.text(f"/linkaccount {code}")
