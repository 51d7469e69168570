"""Tables of the running service, shared by every process: requests already handled, the
sending pace of a platform, button lines too long for a platform."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.store.types import AwareDateTime


def _tz() -> AwareDateTime:
    return AwareDateTime()


class SeenRequest(SQLModel, table=True):
    """A request already handled (a Telegram update, a Slack request or event), shared by
    every process: a platform's retry or a replayed request is handled once."""

    __tablename__ = "seen_request"

    key: str = Field(primary_key=True, max_length=96)
    seen_at: datetime = Field(sa_type=_tz(), index=True)


class SendingPace(SQLModel, table=True):
    """When a platform may next be written to, for all processes together (PostgreSQL):
    Telegram's overall limit holds however many processes send."""

    __tablename__ = "sending_pace"

    key: str = Field(primary_key=True, max_length=32)
    next_at: datetime = Field(sa_type=_tz())


class ButtonLine(SQLModel, table=True):
    """A command line too long for a platform's button data (Telegram's 64 bytes), kept under
    a short token made from its digest: any process, after any restart, reads what an old
    button means."""

    __tablename__ = "button_line"

    token: str = Field(primary_key=True, max_length=24)
    line: str = Field(sa_type=sa.Text())
    created_at: datetime = Field(sa_type=_tz())
