"""The whole demo company as input rows, from a seed, a scale and the moment history ends.

Only ``random.Random(seed)`` decides anything, so the same (seed, scale, anchor) always gives
the same data, row for row.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from rumbo.accounts.schemas import UserCreate
from rumbo.crm.schemas import CompanyIn, ContactIn, OrderIn, ProductIn
from rumbo.demo import staff
from rumbo.demo.articles import help_center
from rumbo.demo.conversation import to_ticket
from rumbo.demo.orders import Store
from rumbo.demo.people import Cast
from rumbo.demo.satisfaction import SurveyAnswer, survey
from rumbo.demo.scene import Moments, moments
from rumbo.demo.tickets import write_tickets
from rumbo.knowledge.schemas import ArticleIn
from rumbo.tickets.schemas import TicketIn

# Sizes at scale 1.
COMPANIES = 120
CONTACTS = 600
ORDERS = 1500
TICKETS = 3000
ANSWERS = 1500


@dataclass
class DemoData:
    seed: int
    scale: float
    anchor: dt.datetime
    moments: Moments
    users: list[UserCreate]
    products: list[ProductIn]
    companies: list[CompanyIn]
    contacts: list[ContactIn]
    orders: list[OrderIn]
    tickets: list[TicketIn]
    answers: list[SurveyAnswer]
    articles: list[ArticleIn]

    def counts(self) -> dict[str, int]:
        return {
            "users": len(self.users),
            "products": len(self.products),
            "companies": len(self.companies),
            "contacts": len(self.contacts),
            "orders": len(self.orders),
            "tickets": len(self.tickets),
            "messages": sum(len(t.messages) for t in self.tickets),
            "satisfaction": len(self.answers),
            "articles": len(self.articles),
        }


def default_anchor() -> dt.datetime:
    """Now in UTC, floored to the hour: the default end of the demo's history."""
    return dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)


def generate(seed: int = 7, scale: float = 1.0, anchor: dt.datetime | None = None) -> DemoData:
    """Build every row of the demo company. ``scale`` multiplies the volumes (0.1 … 10)."""
    if scale <= 0:
        raise ValueError("scale must be greater than zero")
    anchor = (anchor or default_anchor()).astimezone(dt.UTC)
    rng = random.Random(seed)
    cast = Cast(rng, anchor)
    cast.add_accounts(max(4, round(COMPANIES * scale)))
    cast.add_people(max(30, round(CONTACTS * scale)))
    store = Store(rng, anchor)
    store.place(cast.people, max(20, round(ORDERS * scale)))
    drafts = write_tickets(rng, anchor, cast, store, max(60, round(TICKETS * scale)))
    answers = survey(rng, anchor, drafts, cast.people, max(20, round(ANSWERS * scale)))
    return DemoData(
        seed=seed,
        scale=scale,
        anchor=anchor,
        moments=moments(anchor),
        users=[m.user for m in staff.STAFF],
        products=list(staff.PRODUCTS),
        companies=[a.row for a in cast.accounts],
        contacts=[p.row for p in cast.people],
        orders=[o.row for o in store.orders],
        tickets=[to_ticket(d) for d in drafts],
        answers=answers,
        articles=help_center(anchor),
    )
