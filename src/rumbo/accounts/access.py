"""Who may do what. Every permission check in Rumbo goes through the functions here.

Permissions are ``domain.verb`` strings; roles grant sets of them. Interfaces never compare roles
themselves: they ask :func:`role_allows` (or ``Context.require``).
"""

from __future__ import annotations

from typing import Final

ROLES: Final = ("admin", "agent", "communications", "legal", "viewer")

ROLE_TITLES: Final = {
    "admin": "Administración",
    "agent": "Agente de soporte",
    "communications": "Comunicación",
    "legal": "Legal y cumplimiento",
    "viewer": "Solo lectura",
}

_READ: Final = frozenset(
    {
        "crm.read",
        "tickets.read",
        "knowledge.read",
        "audit.read",
        "accounts.read_self",
        "assistant.ask",
        "listening.read",
        "alerts.read",
        "drafts.read",
        "brand.read",
        "incidents.read",
    }
)

PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    "viewer": _READ,
    "agent": _READ
    | {"tickets.write", "crm.write", "knowledge.write", "drafts.write", "alerts.ack"},
    "communications": _READ
    | {
        "tickets.write",
        "knowledge.write",
        "knowledge.publish",
        "assistant.notices",
        "drafts.write",
        "drafts.approve",
        "drafts.send",
        "alerts.ack",
        "incidents.write",
    },
    # Legal and compliance sign off drafts and plans where the situation carries legal risk.
    "legal": _READ
    | {"tickets.write", "knowledge.publish", "drafts.approve", "drafts.legal_signoff"},
    "admin": _READ
    | {
        "tickets.write",
        "crm.write",
        "crm.import",
        "crm.export",
        "knowledge.write",
        "knowledge.publish",
        "knowledge.admin",
        "accounts.manage",
        "tokens.manage",
        "assistant.notices",
        "listening.ingest",
        "listening.admin",
        "alerts.ack",
        "alerts.manage",
        "drafts.write",
        "drafts.approve",
        "drafts.legal_signoff",
        "drafts.send",
        "brand.manage",
        "incidents.write",
        "incidents.manage",
    },
    # The system actor (CLI run by the machine's operator, demo loader) may do everything.
    "system": frozenset({"*"}),
}


def role_allows(role: str, permission: str) -> bool:
    granted = PERMISSIONS.get(role, frozenset())
    return "*" in granted or permission in granted


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role '{role}' (one of: {', '.join(ROLES)})")
    return role
