"""The demo company's conversation: its tickets as they were opened, and public posts.

Everything goes through the real listening pipeline in event-time order, so the detector learns
the ordinary rhythm from weeks of history and, unprompted, raises the historical outage as an
alert, with the accounts whose people wrote about it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rumbo.context import Actor

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.demo.generator import DemoData

SOCIAL = "demo-social"
ACTOR = Actor.system("demo")
BATCH = 1000

CHATTER_ES = (
    "Muy contenta con {p}, me resolvieron todo rapidísimo",
    "¿Alguien sabe si {p} tiene descuento este mes?",
    "Recomiendo {p}, lo uso desde hace un año",
    "El soporte de Tenderete respondió en minutos, gracias",
    "Probando la nueva versión de {p}",
    "Mi pedido llegó un día tarde pero todo bien",
    "Me cobraron dos veces la suscripción, ya escribí a soporte",
    "La app va un poco lenta hoy",
    "Buen servicio, aunque el precio de {p} subió",
    "¿Cómo exporto mis facturas desde {p}?",
)
CHATTER_EN = (
    "Really happy with {p}, support sorted it out fast",
    "Does {p} have a discount this month?",
    "The app feels a bit slow today",
    "Thanks Tenderete team, quick answer as always",
)
OUTAGE_ES = (
    "Tenderete caído otra vez, no puedo cobrar en la tienda #caida",
    "Sin servicio desde hace una hora, error 503 en {p} #caida",
    "¿Soy la única? {p} no carga, sin servicio #tenderetecaido",
    "Llevamos toda la tarde sin poder vender, Tenderete caído",
    "Error 503 en el punto de venta, clientes esperando #caida",
    "Nadie responde y el sistema sigue caído, perdiendo ventas",
)
OUTAGE_EN = (
    "Tenderete is down, error 503 at checkout #outage",
    "Still no service from {p}, we cannot sell anything #outage",
)


def _authors(data: DemoData) -> list[tuple[str, str]]:
    """(handle, language) of demo people with a public handle."""
    found = []
    for contact in data.contacts:
        for handle in contact.handles:
            found.append((handle.handle, contact.language))
    return found


def social_posts(data: DemoData, first: dt.datetime) -> list[dict[str, Any]]:
    """Everyday posts across the history and a wave during the outage, deterministic by seed."""
    rng = random.Random(data.seed * 7919 + 11)
    authors = _authors(data) or [("tenderete_fan", "es")]
    products = [p.name for p in data.products] or ["Tenderete"]
    posts: list[dict[str, Any]] = []
    per_day = max(8, round(30 * data.scale))
    day = first.replace(hour=0, minute=0, second=0, microsecond=0)
    while day < data.anchor:
        for _ in range(rng.randint(per_day // 2, per_day + per_day // 2)):
            # Daytime in the Americas: most posts between 13:00 and 03:00 UTC.
            at = day + dt.timedelta(hours=13 + rng.random() * 14)
            if at < data.anchor:
                posts.append(_post(rng, authors, products, at, CHATTER_ES, CHATTER_EN))
        day += dt.timedelta(days=1)
    start, end = data.moments.outage_start, data.moments.outage_end
    wave = max(20, round(60 * data.scale))
    for _ in range(wave):
        minutes = min((end - start).total_seconds() / 60 - 1, rng.expovariate(1 / 50))
        at = start + dt.timedelta(minutes=2 + minutes, seconds=rng.randrange(60))
        posts.append(_post(rng, authors, products, at, OUTAGE_ES, OUTAGE_EN))
    for n, post in enumerate(sorted(posts, key=lambda p: p["created_at"])):
        post["id"] = f"post-{n:06d}"
    return posts


def _post(
    rng: random.Random,
    authors: list[tuple[str, str]],
    products: list[str],
    at: dt.datetime,
    spanish: tuple[str, ...],
    english: tuple[str, ...],
) -> dict[str, Any]:
    handle, language = rng.choice(authors)
    texts = english if language == "en" else spanish
    return {
        "created_at": at.isoformat(),
        "author": handle,
        "author_followers": int(rng.paretovariate(1.2) * 80),
        "text": rng.choice(texts).format(p=rng.choice(products)),
        "lang": language,
        "source": SOCIAL,
    }


def load_listening(
    app: Rumbo, data: DemoData, progress: Callable[[int, int], None] | None = None
) -> int:
    """Feed tickets and posts through the pipeline in time order; returns the mentions stored."""
    from sqlalchemy import func, select

    from rumbo.listening import actions
    from rumbo.listening.pipeline import store_batch
    from rumbo.listening.sources.parse import parse_event
    from rumbo.listening.sources.tickets import SOURCE, ticket_events
    from rumbo.tickets.models import Ticket

    with app.reading() as session:
        last_ticket = session.scalar(select(func.max(Ticket.id))) or 0
        first = session.scalar(select(func.min(Ticket.created_at))) or (
            data.anchor - dt.timedelta(days=60)
        )
        tickets = ticket_events(session, 0, limit=last_ticket + 1)
    raw = [*tickets, *social_posts(data, first)]
    drafts = [parse_event(r, SOURCE if r.get("source") == SOURCE else SOCIAL) for r in raw]
    drafts.sort(key=lambda d: d.created_at)
    stored = 0
    for start in range(0, len(drafts), BATCH):
        outcome = store_batch(app, ACTOR, drafts[start : start + BATCH])
        stored += outcome.accepted
        if progress:
            progress(min(start + BATCH, len(drafts)), len(drafts))
    with app.unit_of_work(ACTOR) as ctx:
        actions.move_cursor(ctx, SOURCE, str(last_ticket), kind="tickets")
    return stored
