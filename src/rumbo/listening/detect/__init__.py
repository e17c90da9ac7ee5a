"""What is rising in the listening stream: bursts, new terms, negative share, influencers.

Feed ``Engine.observe`` with observations in event-time order; it counts each term and topic in
time buckets against a baseline that learns the usual level and the daily/weekly rhythm, and
returns a ``Signal`` when something rises beyond chance (minimum support, significance, cooldown;
one signal per burst). Alongside: a rising negative share per hour, a day's running count against
the previous days (slow complaint waves), and complaints from authors with a large audience. It
is never told where bursts are.
"""

from __future__ import annotations

from rumbo.listening.detect.engine import Engine
from rumbo.listening.detect.types import (
    TOPIC_PREFIX,
    VOLUME,
    DetectorConfig,
    Observation,
    Signal,
)

__all__ = ["TOPIC_PREFIX", "VOLUME", "DetectorConfig", "Engine", "Observation", "Signal"]
