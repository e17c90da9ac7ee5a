"""Turning a scene (who wrote, about what, when) into a ticket with a believable conversation."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from rumbo.demo import staff
from rumbo.demo.orders import PlacedOrder, product_slots
from rumbo.demo.people import SOURCE, Person
from rumbo.demo.text import pick, render, roughen
from rumbo.demo.topics import BYE, CLOSING, GREETING, HELLO
from rumbo.demo.topics_en import EN_CLOSING, EN_GREETING
from rumbo.tickets.schemas import MessageIn, TicketIn

Author = Literal["customer", "agent", "system"]

MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SYNC_ERRORS = ("ERR-SYNC-409", "ERR-SYNC-502", "código 1042", "ERR-INV-17")
NEXT_PLAN = {"Básico": "Pro", "Pro": "Empresa", "Empresa": "Empresa"}
_TAX_NUMBERS = {
    "MX": lambda r: (
        f"{''.join(r.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}"
        f"{r.randint(700101, 991231)}{r.choice('ABC')}{r.randint(1, 9)}"
    ),
    "CO": lambda r: f"900.{r.randint(100, 999)}.{r.randint(100, 999)}-{r.randint(0, 9)}",
    "AR": lambda r: f"30-{r.randint(60000000, 71999999)}-{r.randint(0, 9)}",
    "CL": lambda r: f"76.{r.randint(100, 999)}.{r.randint(100, 999)}-{r.choice('0123456789K')}",
    "PE": lambda r: f"20{r.randint(100000000, 609999999)}",
}


@dataclass
class Line:
    author: Author
    body: str
    at: dt.datetime
    internal: bool = False


@dataclass
class Draft:
    """A ticket before it is numbered: numbering happens once all tickets are sorted by time."""

    person: Person
    created_at: dt.datetime
    subject: str
    topic: str
    channel: str
    priority: str
    group: str
    tags: list[str]
    language: str
    lines: list[Line] = field(default_factory=list)
    assignee: str | None = None
    status: str | None = None  # set by the scene when it must not be derived
    mood: float = 0.0  # how the customer feels afterwards: -1 furious … +1 delighted
    settled: bool = False  # the customer's last word was "it works now, thanks"
    external_id: str = ""


class Desk:
    """Writes the customer's and the team's lines in the right language, register and voice."""

    def __init__(self, rng: random.Random, anchor: dt.datetime) -> None:
        self.rng = rng
        self.anchor = anchor

    def slots(
        self, person: Person, at: dt.datetime, order: PlacedOrder | None = None
    ) -> dict[str, str]:
        rng = self.rng
        market = person.market
        account = person.account
        plan = (account.row.plan if account else None) or "Básico"
        next_plan = NEXT_PLAN[plan]
        month = (at.month - 2) % 12
        width = rng.choice(["58 mm", "80 mm"])
        values = {
            "name": person.first_name,
            "email": person.email,
            "brand": staff.BRAND,
            "competitor": staff.COMPETITOR,
            "app_url": staff.APP_URL,
            "status_url": staff.STATUS_URL,
            "store_url": staff.STORE_URL,
            "hello": pick(rng, HELLO[market.country]),
            "bye": pick(rng, BYE[market.country]),
            "city": pick(rng, market.cities),
            "courier": market.courier,
            "company": account.row.name if account else person.row.name,
            "invoice": market.invoice,
            "invoice_the": market.invoice_the,
            "tax_id": market.tax_id,
            "tax_office": market.tax_office,
            "tax_office_the": market.tax_office_the,
            "of_tax_office": market.of_tax_office,
            "tax_number": _TAX_NUMBERS[market.country](rng),
            "card_reader": market.card_reader,
            "month": MONTHS_EN[month] if person.row.language == "en" else MONTHS_ES[month],
            "error": pick(rng, SYNC_ERRORS),
            "width": width,
            "printer": f"impresora de {width}",
            "printer_en": f"{width} receipt printer",
            "branch": rng.choice(
                [
                    "la sucursal Centro",
                    "la caja 2",
                    f"la tienda de {pick(rng, market.cities)}",
                    "la sucursal Norte",
                ]
            ),
            "plan": plan,
            "next_plan": next_plan,
            "next_price": f"{staff.PLAN_PRICES[next_plan]:.0f}",
            "seats": str(account.row.seats if account else 1),
            "phone_tail": (person.row.phones[0][-2:] if person.row.phones else "17"),
            "order": order.row.number if order else f"TND-{rng.randint(100500, 102000)}",
        }
        values.update(product_slots(order.main_sku if order else "TND-IMP-58"))
        return values

    def customer(
        self,
        template: str,
        person: Person,
        slots: dict[str, str],
        carelessness: float | None = None,
    ) -> str:
        """A customer's words, with the slips of someone typing quickly now and then."""
        text = render(template, self.rng, person.row.address_form, slots)
        level = self.rng.choice([0.0, 0.0, 0.2, 0.5]) if carelessness is None else carelessness
        return roughen(text, self.rng, level)

    def answer(
        self,
        draft: Draft,
        body: str,
        slots: dict[str, str],
        agent: str,
        at: dt.datetime,
        first: bool = True,
    ) -> None:
        """Add the team's reply: the answer and the agent's signature; the first reply of a
        conversation also greets (by the time of day where the customer is) and closes warmly."""
        person = draft.person
        english = person.row.language == "en"
        local_hour = (at + dt.timedelta(hours=person.market.utc_offset)).hour
        slots = {
            **slots,
            "daypart": "Buenos días"
            if local_hour < 12
            else "Buenas tardes"
            if local_hour < 19
            else "Buenas noches",
        }
        parts = [body]
        if first:
            parts = [EN_GREETING if english else GREETING, body, EN_CLOSING if english else CLOSING]
        text = "\n\n".join(render(p, self.rng, person.row.address_form, slots) for p in parts)
        team = "Tenderete Support" if english else "Equipo de Soporte de Tenderete"
        draft.lines.append(Line("agent", f"{text}\n\n{agent}\n{team}", at))

    def reply_delay(self, priority: str, at: dt.datetime) -> dt.datetime:
        """When the team answers: faster for urgent tickets, and only in working hours."""
        minutes = {"urgent": (8, 60), "high": (20, 240), "normal": (45, 540), "low": (120, 1440)}[
            priority
        ]
        reply_at = at + dt.timedelta(minutes=self.rng.randint(*minutes))
        return self.working_hours(reply_at)

    def working_hours(self, at: dt.datetime) -> dt.datetime:
        # The team covers 13:00–04:00 UTC (from 7:00 in Mexico to 1:00 in Buenos Aires).
        if 4 <= at.hour < 13:
            at = at.replace(hour=13, minute=self.rng.randint(0, 50))
        return at

    def later(self, at: dt.datetime, low: int, high: int) -> dt.datetime:
        return at + dt.timedelta(minutes=self.rng.randint(low, high))

    def finish(self, draft: Draft) -> Draft:
        """Drop what has not happened yet and decide the status from the conversation."""
        draft.lines = [line for line in draft.lines if line.at <= self.anchor]
        if draft.status is not None:
            return draft
        public = [line for line in draft.lines if not line.internal]
        age = self.anchor - draft.created_at
        answered = any(line.author == "agent" for line in public)
        if not answered:
            draft.status = "new" if age < dt.timedelta(hours=20) else "open"
            draft.assignee = draft.assignee if self.rng.random() < 0.4 else None
        elif public[-1].author == "customer" and not draft.settled:
            draft.status = "open"
        elif age > dt.timedelta(days=4):
            draft.status = (
                "closed" if age > dt.timedelta(days=14) and self.rng.random() < 0.6 else "solved"
            )
        else:
            draft.status = "pending" if self.rng.random() < 0.45 else "solved"
        return draft


def to_ticket(draft: Draft) -> TicketIn:
    """The input row for ``ingest_tickets``; messages get ids derived from the ticket's."""
    return TicketIn(
        source=SOURCE,
        external_id=draft.external_id,
        subject=draft.subject[:300],
        channel=draft.channel,
        priority=draft.priority,
        status=draft.status or "new",
        language=draft.language,
        contact_email=draft.person.email,
        assignee_email=draft.assignee,
        group=draft.group,
        topic=draft.topic,
        tags=draft.tags,
        created_at=draft.created_at,
        messages=[
            MessageIn(
                source=SOURCE,
                external_id=f"{draft.external_id}-m{i + 1}",
                body=line.body,
                author_kind=line.author,
                internal=line.internal,
                created_at=line.at,
            )
            for i, line in enumerate(draft.lines)
        ],
    )
