"""One settings object, read from the environment (and an optional .env file)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SUPPORTED_LOCALES = ("en", "fr")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        default="sqlite:///convener.db",
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL; a SQLite file by default, postgresql://... at scale.",
    )
    default_language: str = Field(default="en", validation_alias="CONVENER_DEFAULT_LANGUAGE")
    default_timezone: str = Field(default="UTC", validation_alias="CONVENER_DEFAULT_TIMEZONE")
    conversation_timeout_minutes: int = Field(
        default=30, ge=1, le=7 * 24 * 60, validation_alias="CONVENER_CONVERSATION_TIMEOUT_MINUTES"
    )
    log_level: str = Field(default="INFO", validation_alias="CONVENER_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field(
        default="text",
        validation_alias="CONVENER_LOG_FORMAT",
        description="text for people, json (one object per line) for log collectors.",
    )
    http_host: str = Field(default="127.0.0.1", validation_alias="CONVENER_HTTP_HOST")
    http_port: int = Field(default=3000, ge=1, le=65535, validation_alias="CONVENER_HTTP_PORT")
    public_url: str | None = Field(
        default=None,
        validation_alias="CONVENER_PUBLIC_URL",
        description="Where people reach the HTTP server (https://bot.example.org): the base"
        " of calendar feed addresses. Unset: http://CONVENER_HTTP_HOST:CONVENER_HTTP_PORT.",
    )

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.http_host}:{self.http_port}").rstrip("/")

    telegram_bot_token: str | None = Field(default=None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias="TELEGRAM_API_BASE_URL",
        description="Bot API server in the form http://host:port/bot (the token is appended).",
    )
    telegram_webhook_url: str | None = Field(
        default=None,
        validation_alias="TELEGRAM_WEBHOOK_URL",
        description="Public https URL Telegram posts updates to; unset = long polling.",
    )
    telegram_webhook_secret: str | None = Field(
        default=None, validation_alias="TELEGRAM_WEBHOOK_SECRET"
    )
    reminder_poll_seconds: float = Field(
        default=10,
        ge=0.1,
        le=3600,
        validation_alias="CONVENER_REMINDER_POLL_SECONDS",
        description="How often the scheduler looks for due reminders.",
    )
    reminder_grace_hours: float = Field(
        default=12,
        ge=0,
        le=24 * 30,
        validation_alias="CONVENER_REMINDER_GRACE_HOURS",
        description="After a restart, reminders overdue by more than this are dropped.",
    )
    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(
        default=None,
        validation_alias="SLACK_APP_TOKEN",
        description="xapp-... token: Socket Mode instead of HTTP mode.",
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/",
        validation_alias="SLACK_API_URL",
        description="Web API base URL (a test fake, a government Slack instance).",
    )

    @field_validator("default_language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value
