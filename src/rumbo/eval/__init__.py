"""Measuring Rumbo on evaluation sets (``rumbo eval ...``)."""
