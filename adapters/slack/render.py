"""Effects as Slack messages: mrkdwn with user text escaped (&, <, >: no user text can make a
mention, <!channel> or a link), Block Kit sections and a button per action."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.effects import Action, Audience, Effect, Menu
from bot.i18n import Link, plain, render
from bot.text import Text, fit

SECTION_LIMIT = 3000  # characters of one section's text
BUTTON_LABEL_LIMIT = 75
ACTION_PREFIX = "convener:"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_of(text: Text, audience: Audience, link: Link) -> str:
    return render(text, audience, escape, link)


def blocks(body: str, actions: tuple[Action, ...], audience: Audience) -> list[Block]:
    out: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=piece, verbatim=True)) for piece in _pieces(body)
    ]
    if actions:
        out.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        # plain_text is shown as is: no escaping, no mentions.
                        text=PlainTextObject(
                            text=fit(plain(action.label, audience), BUTTON_LABEL_LIMIT)
                        ),
                        action_id=f"{ACTION_PREFIX}{index}",
                        value=f"{action.command} {action.args}".strip()[:2000],
                        url=action.url,
                    )
                    for index, action in enumerate(actions[:25])
                ]
            )
        )
    return out


def _pieces(body: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for line in body.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_LIMIT and current:
            pieces.append(current)
            current = line[:SECTION_LIMIT]
        else:
            current = candidate[:SECTION_LIMIT]
    return [*pieces, current or " "]


def home(effects: list[Effect], link: Link) -> View:
    """The App Home tab: the texts and buttons of /home's answer, as one view."""
    shown: list[Block] = []
    for effect in effects:
        if not isinstance(effect, Menu):
            text = text_of(effect.text, effect.audience, link)
            shown.extend(blocks(text, effect.buttons, effect.audience))
    return View(type="home", blocks=shown[:100])
