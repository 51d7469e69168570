"""Products as people read them: status, due date, authors, link."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.context import Reader
from bot.store.models import Member, Product, ProductAuthor
from bot.text import ListOf, Msg, Text, lines, t

STATUSES: dict[str, Msg] = {
    "planned": t("planned"),
    "drafting": t("drafting"),
    "submitted": t("submitted"),
    "published": t("published"),
}


def authors(db: Session, product: Product) -> list[Member]:
    """Its authors, by name."""
    return list(
        db.exec(
            select(Member)
            .join(ProductAuthor, col(ProductAuthor.member_id) == Member.id)
            .where(ProductAuthor.product_id == product.id)
            .order_by(col(Member.display_name))
        ).all()
    )


def of_group(db: Session, group_id: int | None) -> list[Product]:
    """A group's products, in the order they were planned."""
    return list(
        db.exec(select(Product).where(Product.group_id == group_id).order_by(col(Product.id)))
    )


def line(ctx: Reader, product: Product) -> Text:
    names = [a.display_name for a in authors(ctx.db, product)]
    return lines(
        t(
            "P{product} {title} — {status}",
            product=product.id or 0,
            title=product.title,
            status=STATUSES[product.status],
        ),
        t("due {day}", day=product.due_date) if product.due_date else None,
        t("authors: {names}", names=ListOf(tuple(names))) if names else t("authors: tbd"),
        t("link: {link}", link=product.link) if product.link else None,
    )
