"""Platform adapters: small converters between a platform and the engine's events/effects."""
