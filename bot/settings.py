"""One settings object, read from the environment (and an optional .env file)."""

from __future__ import annotations

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
