"""Slack adapter: slack-bolt (AsyncApp) in, engine effects out."""
