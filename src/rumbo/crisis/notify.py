"""Emails of the status page: the confirmation link, and each published update.

Mail goes out after the change is committed, never inside the transaction. Each delivery is
recorded right after its email is accepted, so running the delivery again (a retry, a second
worker) skips everyone already served.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select

from rumbo.context import Actor
from rumbo.crisis.models import StatusDelivery, StatusSubscription, StatusUpdate
from rumbo.mail import MailError, send_mail

if TYPE_CHECKING:
    from rumbo.app import Rumbo

log = logging.getLogger(__name__)
STATUS_ACTOR = Actor(label="status-page", role="public")


def _link(app: Rumbo, path: str) -> str:
    return app.settings.base_url.rstrip("/") + path


def send_confirmation(app: Rumbo, subscription_id: int) -> bool:
    """Email the confirmation link; False when the address is gone or already confirmed."""
    with app.reading() as session:
        subscription = session.get(StatusSubscription, subscription_id)
        if subscription is None or subscription.confirmed:
            return False
        email, token = subscription.email, subscription.token
    text = (
        "Hola:\n\nPediste recibir por correo las actualizaciones de la página de estado.\n"
        f"Confirma tu suscripción aquí: {_link(app, f'/status/confirm/{token}')}\n\n"
        "Si no fuiste tú, ignora este mensaje: no recibirás nada más.\n"
    )
    send_mail(app.settings, email, "Confirma tu suscripción a la página de estado", text)
    return True


def deliver_update(app: Rumbo, update_id: int) -> int:
    """Email a published update to every confirmed subscriber not yet served; returns the count."""
    with app.reading() as session:
        update = session.get(StatusUpdate, update_id)
        if update is None or update.state != "published":
            return 0
        served = select(StatusDelivery.subscription_id).where(StatusDelivery.update_id == update_id)
        pending = list(
            session.execute(
                select(StatusSubscription.id, StatusSubscription.email, StatusSubscription.token)
                .where(StatusSubscription.confirmed.is_(True), StatusSubscription.id.not_in(served))
                .order_by(StatusSubscription.id)
            )
        )
        subject, body = update.title, update.body
    sent = 0
    for subscription_id, email, token in pending:
        text = (
            f"{body}\n\n— Página de estado: {_link(app, '/status')}\n"
            f"Dejar de recibir estos correos: {_link(app, f'/status/unsubscribe/{token}')}\n"
        )
        send_mail(app.settings, email, f"[Estado] {subject}", text)
        with app.unit_of_work(STATUS_ACTOR) as ctx:
            ctx.session.add(StatusDelivery(update_id=update_id, subscription_id=subscription_id))
        sent += 1
    return sent


def deliver_quietly(app: Rumbo, update_id: int) -> int:
    """:func:`deliver_update` for background use: a mail failure is logged, not raised.

    Whoever was not served is served by the next run (``rumbo status deliver UPDATE_ID``).
    """
    try:
        return deliver_update(app, update_id)
    except MailError:
        log.exception("status update %s: email delivery stopped", update_id)
        return 0
