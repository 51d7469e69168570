"""Convener: a platform-neutral conversation engine for collaborative learning groups."""
