"""The kinds of reminder, the settings members turn them off by, and how many days before a
deadline they go by default."""

from __future__ import annotations

from bot.reminders import timing

# Kinds of reminder, and the setting (member opt-out) each belongs to.
CALL = "call"
CALL_RESULTS = "call.results"
SESSION = "session"
SESSION_HOUR = "session.hour"
DISCUSSANT = "duty.discussant"
CHAIR = "duty.chair"
OPEN_ROLES = "roles.open"
PRODUCT = "product"
ANNOUNCEMENT = "announcement"

CATEGORY = {
    CALL: "calls",
    SESSION: "sessions",
    SESSION_HOUR: "sessions",
    DISCUSSANT: "duties",
    CHAIR: "duties",
    OPEN_ROLES: "roles",
    PRODUCT: "products",
}
CATEGORIES = ("calls", "sessions", "duties", "roles", "products")
SESSION_KINDS = (SESSION, SESSION_HOUR, DISCUSSANT, CHAIR, OPEN_ROLES)
CALL_KINDS = (CALL, CALL_RESULTS)

# Days before each deadline: a group's own settings, else these.
DEFAULT_OFFSETS: dict[str, tuple[int, ...]] = {
    "calls": timing.CALL_DAYS,
    "sessions": timing.SESSION_DAYS,
    "roles": (21,),
    "discussant": (7,),
    "chair": (14,),
    "products": timing.PRODUCT_DAYS,
}
