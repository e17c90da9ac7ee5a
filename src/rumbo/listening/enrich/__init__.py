"""Enrichment of listening events: language, sentiment, complaint, terms and topic, offline.

>>> enricher = Enricher(products=["Fibra 600"])
>>> result = enricher.enrich("La Fibra 600 no funciona, sin servicio desde ayer")
>>> result.language, result.sentiment, result.complaint, result.topic
('es', 'negative', True, 'outage')
"""

from __future__ import annotations

from rumbo.listening.enrich.engine import Enricher, Enrichment

__all__ = ["Enricher", "Enrichment"]
