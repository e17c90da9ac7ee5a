"""Notifier plugins for alerts (Slack-compatible webhook, in-app) and their dispatch."""
