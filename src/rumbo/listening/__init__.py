"""Listening and early warning: mentions in, enrichment, detection, alerts, notifications, insights.

``enrich`` and ``detect`` are pure and storage-free; everything that touches the store (models,
actions, queries, the ingestion pipeline, alerts and insights) lives beside them.
"""
