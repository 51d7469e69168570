"""Products: a session's blog post, the series' synthesis paper; authors, due date, status."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select

from bot import date_words, dates, parsing
from bot.args import Args
from bot.context import Ctx
from bot.effects import Action
from bot.errors import BadInput, NotAllowed, NotFound
from bot.features.access import find_member_in_group, require_facilitator, target_group
from bot.features.changes import ProductCreated, ProductUpdated, changed
from bot.features.scheduling import due_after
from bot.features.sessions import find_session, member_of
from bot.parsing import number_ref
from bot.store.models import (
    LearningGroup,
    LearningSession,
    Product,
    ProductAuthor,
    RoleSlot,
)
from bot.text import Msg, Text, Verbatim, Weekday, lines, t, tn
from bot.views.members import is_facilitator
from bot.views.products import line
from bot.views.readback import ambiguity, other_button
from bot.words import Words, keywords, lookup

# A product's status, and its words in every language (the catalogs).
_STATUS_WORDS: dict[str, Words] = {
    "planned": keywords("product status", "planned"),
    "drafting": keywords("product status", "drafting|draft"),
    "submitted": keywords("product status", "submitted"),
    "published": keywords("product status", "published"),
}
# Who writes a session's blog post unless the facilitator names the authors.
BLOG_ROLES = ("chair", "discussant", "coblogger")


def _status(value: str) -> str:
    found = lookup(_STATUS_WORDS, value)
    if found is None:
        raise BadInput(
            t(
                "The status is one of planned, drafting, submitted, published; “{value}” is not.",
                value=value[:40],
            )
        )
    return found


def _link(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if not value.startswith(("https://", "http://")):
        raise BadInput(t("A link starts with https://"))
    return parsing.clean_text(value, field=t("link"), max_len=500)


def _authors(ctx: Ctx, group: LearningGroup, value: str) -> list[int]:
    ids: list[int] = []
    for name in value.split(","):
        if name.strip():
            member, _ = find_member_in_group(ctx, group, name)
            assert member.id is not None
            ids.append(member.id)
    return list(dict.fromkeys(ids))


def _set_authors(ctx: Ctx, product: Product, ids: list[int]) -> None:
    assert product.id is not None
    ctx.db.execute(delete(ProductAuthor).where(col(ProductAuthor.product_id) == product.id))
    for member_id in ids:
        ctx.db.add(ProductAuthor(product_id=product.id, member_id=member_id))
    ctx.db.flush()


def _set_due(ctx: Ctx, product: Product, value: str) -> tuple[list[Text], list[Action]]:
    """A due date as a day ("1 May", "01/05"), or relative to the product's session ("2 weeks
    after the session"), which then moves with the session. Returns what to say back."""
    offset = date_words.session_offset(value)
    if offset is not None:
        return [_due_after_session(ctx, product, offset)], []
    reading = dates.read_day(value, ctx.writer)
    product.due_offset_days = None
    product.due_date = reading.day
    said: list[Text] = [t("Due {day}.", day=Weekday(reading.day))]
    note = ambiguity(reading, value)
    if note is None:
        return said, []
    return [*said, note], other_button(reading, "updateproduct", f"{product.id} due={{iso}}")


def _due_after_session(ctx: Ctx, product: Product, days: int) -> Msg:
    session = ctx.db.get(LearningSession, product.session_id) if product.session_id else None
    if session is None:
        raise BadInput(
            t("A due date relative to the session needs the product's session: add session=N.")
        )
    product.due_offset_days = days
    product.due_date = due_after(session, days)
    if days >= 0:
        return tn(
            "Due {day}: {n} day after the session; the date moves with the session.",
            "Due {day}: {n} days after the session; the date moves with the session.",
            days,
            day=Weekday(product.due_date),
        )
    return tn(
        "Due {day}: {n} day before the session; the date moves with the session.",
        "Due {day}: {n} days before the session; the date moves with the session.",
        -days,
        day=Weekday(product.due_date),
    )


def cmd_newproduct(ctx: Ctx, parsed: Args) -> None:
    """/newproduct #1 Blog post on RBF session=2 due="1 May" [authors=Bob,Carol]"""
    group = target_group(ctx, parsed.group, usage="/newproduct #1 Blog post session=2")
    require_facilitator(ctx, group)
    if not parsed.words:
        raise BadInput(
            lines(
                t("Give the product's title, for example:"),
                Verbatim('/newproduct #1 Blog post: RBF in Argentina session=2 due="1 May"'),
                Verbatim('/newproduct #1 Synthesis paper due="end of June" authors=Ana,Bob'),
            )
        )
    assert group.id is not None
    product = Product(
        group_id=group.id,
        title=parsing.clean_text(parsed.text, field=t("title"), max_len=200),
        created_by=ctx.member_id,
        created_at=ctx.now,
    )
    session = None
    if "session" in parsed.options:
        session = find_session(ctx, group, parsed.options["session"])
        product.session_id = session.id
    if "status" in parsed.options:
        product.status = _status(parsed.options["status"])
    if "link" in parsed.options:
        product.link = _link(parsed.options["link"])
    if "authors" in parsed.options:
        authors = _authors(ctx, group, parsed.options["authors"])
    elif session is not None:
        authors = list(
            dict.fromkeys(
                m
                for m in ctx.db.exec(
                    select(RoleSlot.member_id)
                    .where(
                        RoleSlot.session_id == session.id,
                        col(RoleSlot.role).in_(BLOG_ROLES),
                        col(RoleSlot.member_id).is_not(None),
                    )
                    .order_by(col(RoleSlot.id))
                ).all()
                if m is not None
            )
        )
    else:
        authors = []
    ctx.db.add(product)
    ctx.db.flush()
    said, buttons = (
        _set_due(ctx, product, parsed.options["due"]) if "due" in parsed.options else ([], [])
    )
    _set_authors(ctx, product, authors)
    changed(ctx, ProductCreated(group, product))
    ctx.reply(
        lines(
            t("Product {product} is planned.", product=product.id or 0),
            *said,
            line(ctx, product),
            t(
                "Authors update it with {command}.",
                command=Verbatim(f"/updateproduct {product.id} status=drafting link=https://..."),
            ),
        ),
        buttons,
    )


def cmd_products(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/products 1")
    member_of(ctx, group)
    products = ctx.db.exec(
        select(Product).where(Product.group_id == group.id).order_by(col(Product.id))
    ).all()
    if not products:
        ctx.reply(t("“{group}” has no products planned yet.", group=group.title))
        return
    items: list[Text | Verbatim] = [t("Products of “{group}”:", group=group.title)]
    items.extend(line(ctx, p) for p in products)
    ctx.reply(lines(*items))


def cmd_updateproduct(ctx: Ctx, parsed: Args) -> None:
    """/updateproduct 3 status=drafting link=https://... (authors and facilitators)."""
    number = number_ref(parsed.words[0].lstrip("Pp")) if len(parsed.words) == 1 else None
    product = ctx.db.get(Product, number) if number is not None else None
    if product is None:
        raise NotFound(
            t(
                "Which product? Give its number from /products, for example: {example}",
                example=Verbatim("/updateproduct 3 status=drafting"),
            )
        )
    group = ctx.db.get(LearningGroup, product.group_id)
    assert group is not None
    facilitator = is_facilitator(ctx, group)
    author = ctx.db.get(ProductAuthor, (product.id, ctx.member_id)) is not None
    if not (facilitator or author):
        raise NotAllowed(t("Only the product's authors and facilitators can update it."))
    if not parsed.options:
        raise BadInput(
            t(
                "Say what changes: status=, link=, due=, title= (authors= for facilitators),"
                " for example {example}",
                example=Verbatim(f"/updateproduct {product.id} status=submitted"),
            )
        )
    if ("authors" in parsed.options or "session" in parsed.options) and not facilitator:
        raise NotAllowed(t("Only a facilitator can change a product's authors or session."))
    options = parsed.options
    if "session" in options:
        product.session_id = find_session(ctx, group, options["session"]).id
    if "status" in options:
        product.status = _status(options["status"])
    if "link" in options:
        product.link = _link(options["link"])
    said: list[Text] = []
    buttons: list[Action] = []
    if "due" in options:
        said, buttons = _set_due(ctx, product, options["due"])
    elif "session" in options and product.due_offset_days is not None:
        said = [_due_after_session(ctx, product, product.due_offset_days)]
    if "title" in options:
        product.title = parsing.clean_text(options["title"], field=t("title"), max_len=200)
    if "authors" in options:
        _set_authors(ctx, product, _authors(ctx, group, options["authors"]))
    ctx.db.add(product)
    ctx.db.flush()
    changed(ctx, ProductUpdated(group, product, ", ".join(sorted(options))))
    ctx.reply(
        lines(
            t("Product {product} is updated.", product=product.id or 0), *said, line(ctx, product)
        ),
        buttons,
    )
