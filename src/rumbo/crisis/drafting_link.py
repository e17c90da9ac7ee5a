"""The crisis room and the drafting studio: playbook communications become drafts in review.

Drafts are only created and submitted from here; approving and sending stay with the people who
hold those permissions in the studio. The studio is an optional part of an installation: without
it, communications stay listed as ``pending``.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from rumbo.accounts.access import role_allows
from rumbo.context import Context
from rumbo.crisis.links import has_module
from rumbo.errors import RumboError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.crisis.models import Incident, IncidentCommunication

log = logging.getLogger(__name__)


# How each incident type is named in a drafting request, so the studio recognises the situation.
_SITUATION_WORDS = {
    "es": {
        "outage": "caída del servicio",
        "influencer_complaint": "queja pública de un cliente con mucha audiencia",
        "data_leak": "filtración de datos de clientes",
        "political": "asunto de neutralidad política",
        "competitor": "comentarios negativos de un competidor",
        "key_account": "cuenta clave en riesgo",
        "surge": "oleada de solicitudes iguales",
        "custom": "incidente",
    },
    "en": {
        "outage": "service outage",
        "influencer_complaint": "public complaint by a customer with a large audience",
        "data_leak": "customer data leak",
        "political": "political neutrality matter",
        "competitor": "negative comments spread by a competitor",
        "key_account": "key account at risk",
        "surge": "surge of identical requests",
        "custom": "incident",
    },
}
# The studio's channels; a status-page text is written like a statement.
_CHANNELS = {
    "status_page": "statement",
    "email": "email",
    "social": "social",
    "chat": "chat",
    "statement": "statement",
    "sms": "sms",
}


def prepare_drafts(
    ctx: Context, incident: Incident, communications: list[IncidentCommunication]
) -> int:
    """Ask the drafting studio for one draft per communication and submit it for review.

    Drafts are only ever created and submitted here ("in review"): approving and sending stay
    with the people who hold those permissions. Returns how many drafts were created; a
    communication the studio cannot draft stays ``pending`` with the reason on the timeline.
    """
    if not has_module("rumbo.drafting.actions") or not role_allows(ctx.actor.role, "drafts.write"):
        return 0
    drafting = importlib.import_module("rumbo.drafting.actions")
    schemas = importlib.import_module("rumbo.drafting.schemas")
    made = 0
    for comm in communications:
        try:
            # A savepoint per draft: one the studio refuses leaves the others and the incident.
            with ctx.session.begin_nested():
                data = schemas.DraftIn(
                    request=_draft_request(incident, comm),
                    channel=_CHANNELS.get(comm.channel),
                    backend="composer",
                )
                draft, _result = drafting.create_draft(ctx, data)
                drafting.submit_draft(ctx, draft.id)
        except RumboError as exc:
            _note(ctx, incident, f"Sin borrador para {comm.audience} · {comm.channel}: {exc}")
            continue
        except Exception:
            # Declaring a crisis must not fail because the studio did: the communication stays
            # listed as pending and the failure is logged for whoever runs the installation.
            log.exception("incident %s: drafting failed for %s", incident.id, comm.audience)
            _note(ctx, incident, f"Sin borrador para {comm.audience} · {comm.channel}: error")
            continue
        comm.draft_id = int(draft.id)
        comm.status = "in_review"
        made += 1
    return made


def draft_statuses(session: Session, draft_ids: list[int]) -> dict[int, str]:
    """The drafting studio's own status of each draft (in_review, approved, sent…)."""
    if not draft_ids or not has_module("rumbo.drafting.models"):
        return {}
    from sqlalchemy import select

    models = importlib.import_module("rumbo.drafting.models")
    draft = models.Draft
    rows = session.execute(select(draft.id, draft.status).where(draft.id.in_(draft_ids)))
    return {int(i): str(status) for i, status in rows}


def draft_record(session: Session, draft_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Who approved each draft (and how), and how many recipients it was sent to."""
    if not draft_ids or not has_module("rumbo.drafting.models"):
        return {}
    from sqlalchemy import func, select

    models = importlib.import_module("rumbo.drafting.models")
    approval, delivery = models.DraftApproval, models.DraftDelivery
    record: dict[int, dict[str, Any]] = {i: {"approvals": [], "sent": 0} for i in draft_ids}
    for draft_id, kind, label, at in session.execute(
        select(approval.draft_id, approval.kind, approval.actor_label, approval.created_at)
        .where(approval.draft_id.in_(draft_ids))
        .order_by(approval.created_at)
    ):
        record[int(draft_id)]["approvals"].append({"kind": kind, "by": label, "at": at})
    for draft_id, sent in session.execute(
        select(delivery.draft_id, func.count())
        .where(delivery.draft_id.in_(draft_ids), delivery.status == "sent")
        .group_by(delivery.draft_id)
    ):
        record[int(draft_id)]["sent"] = int(sent)
    return record


def _note(ctx: Context, incident: Incident, message: str) -> None:
    from rumbo.crisis.models import IncidentEvent

    ctx.session.add(
        IncidentEvent(
            incident_id=incident.id, kind="draft", actor_label=ctx.actor.label, message=message
        )
    )


def _draft_request(incident: Incident, comm: IncidentCommunication) -> str:
    language = "en" if incident.language == "en" else "es"
    situation = _SITUATION_WORDS[language].get(incident.type, incident.type)
    if language == "en":
        return (
            f"Message for {comm.audience} ({comm.channel}) about a {situation}: "
            f"{incident.title}. {comm.brief}"
        )
    return (
        f"Mensaje para {comm.audience} ({comm.channel}) sobre una {situation}: "
        f"{incident.title}. {comm.brief}"
    )
