"""A few drafts for the demo, each at a different step of review, written by the composer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Actor

# (request, customer's country or None, how far through review it goes)
DEMO_DRAFTS = (
    (
        "Escribe un mensaje para los clientes: el sistema está caído y no estará disponible "
        "durante 2 horas mientras ingeniería lo soluciona. Pide disculpas.",
        None,
        "approved",
    ),
    (
        "Comunicado y plan por etapas: hubo una fuga de datos con correos electrónicos y "
        "teléfonos de clientes en México y Colombia.",
        None,
        "in_review",
    ),
    (
        "Responde a una clienta molesta porque su pedido llegó tarde; ofrécele un 10% de "
        "descuento.",
        "AR",
        "draft",
    ),
)


def load_drafts(app: Rumbo, actor: Actor) -> int:
    """Write the demo drafts unless the store has drafts already; returns how many it wrote."""
    from sqlalchemy import select

    from rumbo.crm.models import Contact, ContactEmail
    from rumbo.drafting import actions
    from rumbo.drafting.models import Draft
    from rumbo.drafting.schemas import DraftIn

    written = 0
    with app.unit_of_work(actor) as ctx:
        if ctx.session.scalar(select(Draft.id).limit(1)) is not None:
            return 0
        for request, country, step in DEMO_DRAFTS:
            email = None
            if country:
                email = ctx.session.scalar(
                    select(ContactEmail.email)
                    .join(Contact, Contact.id == ContactEmail.contact_id)
                    .where(Contact.country == country, Contact.company_id.is_not(None))
                    .order_by(Contact.id)
                    .limit(1)
                )
            draft, _result = actions.create_draft(
                ctx, DraftIn(request=request, customer_email=email, backend="composer")
            )
            if step != "draft":
                actions.submit_draft(ctx, draft.id)
            if step == "approved":
                actions.approve_draft(ctx, draft.id, "Revisado en la demo")
            written += 1
    return written
