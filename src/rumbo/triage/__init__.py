"""Surge triage: grouping requests that ask the same thing, and answering a group at once."""
