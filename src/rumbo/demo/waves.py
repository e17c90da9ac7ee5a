"""The crises that arrive as waves of tickets: the outage, the phishing scare, the invoice surge."""

from __future__ import annotations

import datetime as dt

from rumbo.demo import crisis_texts as tx
from rumbo.demo import staff
from rumbo.demo.conversation import MONTHS_EN, MONTHS_ES, Draft, Line
from rumbo.demo.scene import OUTAGE_HOURS, Scene
from rumbo.demo.text import pick, render

OUTAGE_TAGS = ["caida-servicio", "incidente"]
# During an outage people also call and post in public.
OUTAGE_CHANNELS = ("chat", "email", "social", "phone", "portal")
OUTAGE_CHANNEL_WEIGHTS = (35, 25, 20, 15, 5)


def outage(scene: Scene) -> list[Draft]:
    """The outage: a few hours at many times the usual volume, answered with one macro."""
    rng, desk, when = scene.rng, scene.desk, scene.when
    key = scene.person("Mauricio Treviño")
    drafts = []
    for i in range(scene.counts["outage"]):
        person = key if i == 0 else pick(rng, scene.customers)
        minutes = min(OUTAGE_HOURS * 60 - 5, rng.expovariate(1 / 55))
        at = when.outage_start + dt.timedelta(minutes=3 + int(minutes), seconds=rng.randrange(60))
        english = person.row.language == "en"
        channel = rng.choices(OUTAGE_CHANNELS, OUTAGE_CHANNEL_WEIGHTS)[0]
        slots = desk.slots(person, at)
        slots.update(
            start=scene.local(person, when.outage_start),
            end=scene.local(person, when.outage_end),
            start_utc=when.outage_start.strftime("%H:%M"),
        )
        if i == 0:
            body = tx.KEY_ACCOUNT_OUTAGE
        elif english:
            body = desk.customer(pick(rng, tx.OUTAGE_EN), person, slots, 0.0)
        elif channel == "social":
            body = desk.customer(pick(rng, tx.OUTAGE_SOCIAL), person, slots)
        else:
            body = desk.customer(pick(rng, tx.OUTAGE_BODIES), person, slots)
        subject = (
            "System down - error 503"
            if english
            else desk.customer(pick(rng, tx.OUTAGE_SUBJECTS), person, slots, 0.2)
        )
        priority = "urgent" if i == 0 or rng.random() < 0.5 else "high"
        draft = scene.draft(
            person,
            at,
            subject,
            "outage",
            channel=channel,
            priority=priority,
            group="Soporte",
            tags=list(OUTAGE_TAGS) + (["cuenta-clave"] if i == 0 else []),
        )
        draft.lines.append(Line("customer", body, at))
        agent = scene.agent_for(person)
        draft.assignee = agent.user.email
        name = staff.first_name(agent)
        if i < 3:
            draft.lines.append(
                Line(
                    "agent",
                    render(tx.OUTAGE_NOTE, rng, slots=slots),
                    desk.later(at, 2, 10),
                    internal=True,
                )
            )
        # The backlog grows during the incident: answers take longer than usual.
        reply_at = desk.later(at, 15, 100)
        desk.answer(
            draft, tx.OUTAGE_REPLY_EN if english else tx.OUTAGE_REPLY, slots, name, reply_at
        )
        resolved_at = desk.later(max(when.outage_end, reply_at), 5, 90)
        if rng.random() < 0.4 and not english:
            draft.lines.append(
                Line(
                    "customer",
                    desk.customer(pick(rng, tx.OUTAGE_FOLLOWUPS), person, slots),
                    desk.later(max(reply_at, when.outage_end), 1, 30),
                )
            )
            resolved_at = desk.later(resolved_at, 30, 60)
        desk.answer(
            draft,
            tx.OUTAGE_RESOLVED_EN if english else tx.OUTAGE_RESOLVED,
            slots,
            name,
            resolved_at,
            first=False,
        )
        draft.status = "closed" if rng.random() < 0.5 else "solved"
        draft.mood = rng.uniform(-0.9, 0.1)
        drafts.append(draft)
    return drafts


def phishing(scene: Scene) -> list[Draft]:
    """Customers forwarding a phishing email that knows too much about them."""
    rng, desk = scene.rng, scene.desk
    drafts = []
    for i in range(scene.counts["phishing"]):
        person = pick(rng, scene.customers)
        at = scene.when.phishing_start + dt.timedelta(minutes=rng.randint(0, 2 * 24 * 60))
        at = desk.working_hours(at)
        english = person.row.language == "en"
        slots = desk.slots(person, at)
        body = (
            pick(rng, tx.PHISHING_EN)
            if english
            else desk.customer(pick(rng, tx.PHISHING_BODIES), person, slots)
        )
        subject = (
            "Suspicious email - data breach?"
            if english
            else desk.customer(pick(rng, tx.PHISHING_SUBJECTS), person, slots, 0.1)
        )
        draft = scene.draft(
            person,
            at,
            subject,
            "security",
            channel=rng.choice(["email", "email", "chat", "portal"]),
            priority="urgent" if rng.random() < 0.4 else "high",
            group="Seguridad",
            tags=["phishing", "posible-filtracion", "seguridad"],
        )
        draft.lines.append(Line("customer", body, at))
        agent = scene.agent_for(person)
        draft.assignee = agent.user.email
        reply_at = desk.reply_delay("high", at)
        if i % 4 == 0:
            draft.lines.append(
                Line("agent", tx.PHISHING_NOTE, desk.later(at, 5, 30), internal=True)
            )
        desk.answer(
            draft,
            tx.PHISHING_REPLY_EN if english else tx.PHISHING_REPLY,
            slots,
            staff.first_name(agent),
            reply_at,
        )
        if rng.random() < 0.5 and not english:
            draft.lines.append(
                Line(
                    "customer",
                    desk.customer(pick(rng, tx.PHISHING_FOLLOWUPS), person, slots),
                    desk.later(reply_at, 30, 2000),
                )
            )
        draft.mood = rng.uniform(-0.7, 0.3)
        drafts.append(draft)
    return drafts


def invoice_surge(scene: Scene) -> list[Draft]:
    """Near-identical "where is my invoice?" requests over two working days."""
    rng, desk, when = scene.rng, scene.desk, scene.when
    drafts = []
    for _ in range(scene.counts["invoice_surge"]):
        person = pick(rng, scene.customers)
        english = person.row.language == "en"
        at = when.invoice_surge_start + dt.timedelta(minutes=rng.randint(0, 34 * 60))
        at = desk.working_hours(at)
        slots = desk.slots(person, at)
        slots["month"] = (MONTHS_EN if english else MONTHS_ES)[when.invoice_month - 1]
        subject = (
            f"Where is my {slots['month']} invoice?"
            if english
            else desk.customer(pick(rng, tx.INVOICE_SUBJECTS), person, slots, 0.1)
        )
        body = (
            render(tx.INVOICE_EN, rng, slots=slots)
            if english
            else desk.customer(pick(rng, tx.INVOICE_BODIES), person, slots)
        )
        draft = scene.draft(
            person,
            at,
            subject,
            "billing_invoice",
            channel=rng.choices(["email", "chat", "portal"], [60, 25, 15])[0],
            priority="normal",
            group="Facturación",
            tags=["factura-mensual", "facturacion"],
        )
        draft.lines.append(Line("customer", body, at))
        agent = scene.agent_for(person)
        draft.assignee = agent.user.email
        desk.answer(
            draft,
            tx.INVOICE_REPLY_EN if english else tx.INVOICE_REPLY,
            slots,
            staff.first_name(agent),
            desk.working_hours(desk.later(at, 20, 600)),
        )
        draft.mood = rng.uniform(-0.2, 0.6)
        drafts.append(draft)
    return drafts
