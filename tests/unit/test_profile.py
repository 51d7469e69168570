"""Profiles, and which language a member reads."""

from __future__ import annotations

from tests.world import World, replies, sends


async def test_profile_edits_and_country_names_in_either_language(world: World) -> None:
    bob = world.person("Bob")
    assert "Country: not set" in await bob.text("/profile")
    assert "Country: Argentina" in await bob.text("/profile country Argentine")
    assert "Organization: Ministry of Health" in await bob.text(
        "/profile organization Ministry of Health"
    )
    assert "Time zone: America/Argentina/Buenos_Aires" in await bob.text(
        "/profile timezone america/argentina/buenos_aires"
    )
    assert "I don't know the time zone “Mars/Olympus”" in await bob.text(
        "/profile timezone Mars/Olympus"
    )
    assert "I don't know the country “Atlantis”" in await bob.text("/profile pays Atlantis")
    assert "I can't change “shoe”" in await bob.text("/profile shoe size 42")
    assert "Give the new value too" in await bob.text("/profile name")
    assert "Name: Roberto" in await bob.text("/profile name Roberto")
    out = await bob.text("/profile langue fr")
    assert "Pays : Argentine" in out
    assert "Votre profil est mis à jour." in out
    assert "Convener speaks English (en) and French (fr)" in await world.person("Zoe").text(
        "/profile language Spanish"
    )


async def test_language_comes_from_profile_then_hint_then_group(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Achat positions=5 languages=fr,en")
    await alice.says("/linkchat 1", room="achat")
    # A Spanish-speaking member: no catalog for the hint. In a private chat there is no
    # group: the default language; the group also works in it, so he reads it there too.
    pablo = world.person("Pablo", language="es")
    await pablo.says("/join 1")
    [reply] = replies(await pablo.says("/groups"))
    assert reply.audience.locale == "en"
    [reply] = replies(await pablo.says("/members", room="achat"))
    assert reply.audience.locale == "en"
    # A hint that we speak wins over the group...
    english = world.person("Eve", language="en-GB")
    [reply] = replies(await english.says("/groups", room="achat"))
    assert reply.audience.locale == "en"
    # ...and the profile wins over the hint.
    await english.says("/profile language fr")
    [reply] = replies(await english.says("/groups"))
    assert reply.audience.locale == "fr"


async def test_messages_to_others_are_in_their_language(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Achat positions=1 languages=en policy=approval")
    marie = world.person("Marie", language="fr")
    await marie.says("/join 1")
    effects = await alice.says("/approve #1 Marie")
    [told] = sends(effects)
    assert told.audience.locale == "fr"
    [reply] = replies(effects)
    assert reply.audience.locale == "en"
