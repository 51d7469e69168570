"""Effects as terminal text. The console has no markup; escaping strips control characters
so that user text cannot move the cursor or recolour the terminal."""

from __future__ import annotations

import re

from bot.conversation import ANSWER
from bot.effects import Action, Audience, Edit, Effect, Menu, Prompt, Reply, Send
from bot.i18n import render
from bot.text import Verbatim, t

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line if line else prefix.rstrip() for line in text.split("\n")]


def _buttons(buttons: tuple[Action, ...], audience: Audience) -> list[str]:
    out = []
    for button in buttons:
        label = render(button.label, audience, escape)
        if button.url:
            out.append(f"[{label}] {escape(button.url)}")
            continue
        # A button that answers a question is typed as the answer itself.
        command = (
            button.args if button.command == ANSWER else f"/{button.command} {button.args}".strip()
        )
        out.append(
            render(
                t("[{label}] type: {command}", label=label, command=Verbatim(command)),
                audience,
                escape,
            )
        )
    return out


def render_effect(effect: Effect, name_of: dict[str, str], *, reminder: bool = False) -> list[str]:
    """The lines to print for one effect; `name_of` maps console user ids to names."""
    if isinstance(effect, Menu):
        return []  # the console has no command menu
    body = render(effect.text, effect.audience, escape)
    buttons = _buttons(effect.buttons, effect.audience)
    if isinstance(effect, Reply):
        return [*_indent(body, "  "), *(f"    {b}" for b in buttons)]
    if isinstance(effect, Prompt):
        first, *rest = _indent(body, "    ")
        return ["  ? " + first.lstrip(), *rest, *(f"    {b}" for b in buttons)]
    if isinstance(effect, Send):
        name = name_of.get(effect.to.id, effect.to.id)
        if reminder:
            header = t("⏰ reminder to {name}:", name=name)
        elif effect.to.kind == "user":
            header = t("→ to {name}:", name=name)
        else:
            header = t("→ to the room {name}:", name=name)
    else:
        assert isinstance(effect, Edit)
        header = t("(message updated)")
    return [
        "  " + render(header, effect.audience, escape),
        *_indent(body, "    "),
        *(f"      {b}" for b in buttons),
    ]
