"""The words drafting and crisis share: the situations a request can be about, who owns a task
in a plan or playbook, and the situations that bring legal in from the start.

The understanding of requests, the critic, the API and crisis playbooks all speak this
vocabulary; it is named once.
"""

from __future__ import annotations

from typing import Literal, get_args

Situation = Literal[
    "outage",
    "unhappy_customer",
    "data_leak",
    "political",
    "competitor",
    "key_account",
    "surge",
    "general",
]
SITUATIONS: tuple[str, ...] = get_args(Situation)
OwnerRole = Literal[
    "support",
    "communications",
    "engineering",
    "legal",
    "compliance",
    "account_management",
    "executive",
]
OWNER_ROLES: tuple[str, ...] = get_args(OwnerRole)
# Situations with legal or regulatory exposure (what is said can create liability): legal and
# compliance take part from the first stage, and legal signs the messages off.
RISKY_SITUATIONS = frozenset({"data_leak", "competitor", "political", "key_account"})
