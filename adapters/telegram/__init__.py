"""Telegram adapter: python-telegram-bot in, engine effects out."""
