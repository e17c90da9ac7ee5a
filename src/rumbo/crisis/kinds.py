"""The kinds of incident and their severities, named once for the models, schemas and playbooks."""

from __future__ import annotations

from typing import Literal

IncidentTypeName = Literal[
    "outage",
    "influencer_complaint",
    "data_leak",
    "political",
    "competitor",
    "key_account",
    "surge",
    "custom",
]
Severity = Literal["low", "medium", "high", "critical"]
