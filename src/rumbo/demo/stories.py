"""The crises that follow one person or one account: the influencer, the key account, the
competitor's rumours."""

from __future__ import annotations

import datetime as dt

from rumbo.demo import crisis_texts as tx
from rumbo.demo import staff
from rumbo.demo.conversation import MONTHS_ES, Draft, Line
from rumbo.demo.people import INFLUENCERS, UNHAPPY_INFLUENCER
from rumbo.demo.scene import Scene
from rumbo.demo.text import pick, render
from rumbo.demo.topics import TOPICS


def influencer(scene: Scene) -> list[Draft]:
    """An unanswered email, then a public post to hundreds of thousands of followers."""
    person = scene.person(UNHAPPY_INFLUENCER)
    ordered = scene.anchor - dt.timedelta(days=24, hours=5)
    order = scene.store.add(person, ordered, "TND-KIT-01", "shipped")
    slots = scene.desk.slots(person, scene.anchor, order)
    first_at = (scene.anchor - dt.timedelta(days=10)).replace(hour=19, minute=47)
    unanswered = scene.draft(
        person,
        first_at,
        f"Pedido {order.row.number} sin llegar",
        "shipping_delay",
        channel="email",
        priority="normal",
        group="Logística",
        tags=["envio"],
    )
    unanswered.lines.append(
        Line("customer", render(tx.INFLUENCER_EMAIL, scene.rng, slots=slots), first_at)
    )
    unanswered.status, unanswered.mood = "open", -1.0
    post_at = (scene.anchor - dt.timedelta(days=4)).replace(hour=18, minute=20)
    post = scene.draft(
        person,
        post_at,
        "Queja pública en Instagram: pedido sin llegar",
        "shipping_delay",
        channel="social",
        priority="urgent",
        group="Logística",
        tags=["queja-publica", "influencer", "envio", "redes-sociales"],
    )
    comms = next(m for m in staff.STAFF if m.user.role == "communications")
    post.assignee = comms.user.email
    post.lines += [
        Line("customer", render(tx.INFLUENCER_POST, scene.rng, slots=slots), post_at),
        Line("agent", tx.INFLUENCER_REPLY, post_at + dt.timedelta(minutes=38)),
        Line("customer", tx.INFLUENCER_AGAIN, post_at + dt.timedelta(hours=3, minutes=12)),
        Line(
            "agent",
            render(tx.INFLUENCER_NOTE, scene.rng, slots=slots),
            post_at + dt.timedelta(hours=4),
            internal=True,
        ),
    ]
    post.status, post.mood = "open", -1.0
    return [unanswered, post]


def key_account(scene: Scene) -> list[Draft]:
    """The largest account, renewing soon, weighing the competitor's cheaper offer."""
    lorena = scene.person("Lorena Castañeda Ruiz")
    gabriela = scene.person("Gabriela Nava")
    account = lorena.account
    if account is None or account.row.renewal_date is None:
        raise RuntimeError("the key account lost its renewal date")  # pragma: no cover
    manager = staff.account_manager_for("MX")
    at = (scene.anchor - dt.timedelta(days=8)).replace(hour=15, minute=12, second=0, microsecond=0)
    deadline = account.row.renewal_date - dt.timedelta(days=15)
    slots = scene.desk.slots(lorena, at)
    slots.update(
        renewal=_spanish_date(account.row.renewal_date),
        outage_date=_spanish_date(scene.when.outage_start.date()),
        deadline=_spanish_date(deadline),
    )
    renewal = scene.draft(
        lorena,
        at,
        render(tx.KEY_ACCOUNT_SUBJECT, scene.rng, slots=slots),
        "renewal",
        channel="email",
        priority="high",
        group="Cuentas",
        tags=["riesgo-renovacion", "competencia", "cuenta-clave"],
    )
    renewal.assignee = manager.user.email
    renewal.lines += [
        Line("customer", render(tx.KEY_ACCOUNT_BODY, scene.rng, slots=slots), at),
        Line("agent", tx.KEY_ACCOUNT_REPLY, at + dt.timedelta(hours=2, minutes=40)),
        Line("customer", tx.KEY_ACCOUNT_AGAIN, at + dt.timedelta(days=1, hours=1)),
    ]
    renewal.status, renewal.mood = "pending", -0.6
    earlier = at - dt.timedelta(days=22)
    invoice_topic = next(t for t in TOPICS if t.key == "billing_invoice")
    breakdown = scene.draft(
        gabriela,
        earlier,
        "Desglose de la factura por sucursal",
        "billing_invoice",
        channel="email",
        priority="normal",
        group="Facturación",
        tags=[*invoice_topic.tags, "cuenta-clave"],
    )
    breakdown.assignee = manager.user.email
    breakdown.lines.append(
        Line(
            "customer",
            "Buenas tardes. Para cerrar el mes necesitamos la factura desglosada por "
            "sucursal (42 centros de costo). ¿Es posible? Gracias.",
            earlier,
        )
    )
    scene.desk.answer(
        breakdown,
        "Sí es posible. Ya [te|le|te] enviamos el anexo con el "
        "desglose por sucursal y lo dejamos configurado para las próximas "
        "facturas.",
        scene.desk.slots(gabriela, earlier),
        staff.first_name(manager),
        earlier + dt.timedelta(hours=5),
    )
    breakdown.mood = 0.2
    return [renewal, breakdown]


def rumours(scene: Scene) -> list[Draft]:
    """Customers (and one voice with a large audience) asking whether rumours are true."""
    rng, desk = scene.rng, scene.desk
    spanish = [p for p in scene.customers if p.row.language == "es"]
    drafts = []
    for i in range(scene.counts["rumours"]):
        public = i == 0
        person = scene.person(INFLUENCERS[2][0]) if public else pick(rng, spanish)
        at = desk.working_hours(scene.anchor - dt.timedelta(minutes=rng.randint(60, 40 * 24 * 60)))
        slots = desk.slots(person, at)
        body = (
            render(tx.RUMOUR_SOCIAL, rng, slots=slots)
            if public
            else desk.customer(pick(rng, tx.RUMOUR_BODIES), person, slots)
        )
        subject = tx.RUMOUR_SUBJECTS[0] if public else pick(rng, tx.RUMOUR_SUBJECTS)
        draft = scene.draft(
            person,
            at,
            render(subject, rng, slots=slots),
            "competitor_rumor",
            channel="social" if public else rng.choice(["email", "chat", "social"]),
            priority="high" if public else "normal",
            group="Soporte",
            tags=["rumor", "competencia"],
        )
        draft.lines.append(Line("customer", body, at))
        agent = scene.agent_for(person)
        draft.assignee = agent.user.email
        desk.answer(
            draft,
            tx.RUMOUR_PUBLIC_REPLY if public else tx.RUMOUR_REPLY,
            slots,
            staff.first_name(agent),
            desk.reply_delay("normal", at),
        )
        draft.mood = rng.uniform(0.0, 0.8)
        drafts.append(draft)
    return drafts


def _spanish_date(day: dt.date) -> str:
    return f"{day.day} de {MONTHS_ES[day.month - 1]}"
