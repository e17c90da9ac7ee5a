"""Loading the demo company through the domain actions, in batches, idempotently.

Every row goes through the same actions an import would use, so the demo exercises the real
write path (audit entries and domain events included). The demo admin is created last: when it
exists, everything before it was committed, and a second run only reports what is there.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from rumbo.context import Actor
from rumbo.demo.generator import DemoData, default_anchor, generate
from rumbo.demo.staff import ADMIN_EMAIL, DEMO_PASSWORD
from rumbo.schemas import BatchReport

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Context

ProgressFn = Callable[[str, int, int], None]
"""Told ``(what is being loaded, rows done, rows in all)`` after each batch."""

SOURCE = "demo"
LABELS = {
    "users": "Equipo",
    "products": "Catálogo",
    "companies": "Empresas",
    "contacts": "Contactos",
    "orders": "Pedidos",
    "tickets": "Tickets",
    "satisfaction": "Encuestas",
    "articles": "Artículos",
}
ACTOR = Actor.system("demo")
T = TypeVar("T")


@dataclass
class DemoSummary:
    """What ``load_demo`` did, and how to sign in to look at it."""

    already_loaded: bool
    seed: int
    scale: float
    anchor: str | None
    seconds: float
    counts: dict[str, int]
    created: dict[str, int] = field(default_factory=dict)
    step_seconds: dict[str, float] = field(default_factory=dict)
    url: str = "http://127.0.0.1:8000"
    email: str = ADMIN_EMAIL
    password: str = DEMO_PASSWORD

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def is_loaded(app: Rumbo) -> bool:
    """Whether a complete demo is in the database (its admin is the last thing written)."""
    from rumbo.accounts.queries import get_user_by_email

    with app.reading() as session:
        return get_user_by_email(session, ADMIN_EMAIL) is not None


def stored_counts(app: Rumbo) -> dict[str, int]:
    """How many records of each kind the database holds (demo or not)."""
    from rumbo.accounts.queries import count_users
    from rumbo.crm.queries import counts
    from rumbo.knowledge.queries import list_articles
    from rumbo.tickets.queries import count

    with app.reading() as session:
        stored = {"users": count_users(session), **counts(session)}
        stored["tickets"] = count(session)
        stored["articles"] = list_articles(session, limit=0)[1]
    return stored


def load_demo(
    app: Rumbo,
    *,
    seed: int = 7,
    scale: float = 1.0,
    anchor: dt.datetime | None = None,
    progress: ProgressFn | None = None,
    force: bool = False,
) -> DemoSummary:
    """Load the demo company into ``app``'s database, unless it is already there.

    ``force`` runs every upsert again (nothing is duplicated: rows are keyed by external id).
    """
    started = time.perf_counter()
    url = f"http://{app.settings.host}:{app.settings.port}"
    from rumbo.demo.brand import load_brand_voice

    load_brand_voice(app, ACTOR)  # only when no voice is stored: an edited one is kept
    from rumbo.demo.status_page import load_status_page

    load_status_page(app, ACTOR)  # only the missing components: live statuses are kept
    if not force and is_loaded(app):
        return DemoSummary(
            True,
            seed,
            scale,
            None,
            round(time.perf_counter() - started, 2),
            stored_counts(app),
            url=url,
        )
    data = generate(seed, scale, anchor or default_anchor())
    loader = _Loader(app, data, progress)
    loader.run()
    from rumbo.demo.drafts import load_drafts

    loader.created["drafts"] = load_drafts(app, ACTOR)  # after the CRM: drafts greet customers
    return DemoSummary(
        False,
        seed,
        scale,
        data.anchor.isoformat(),
        round(time.perf_counter() - started, 2),
        data.counts(),
        loader.created,
        loader.step_seconds,
        url=url,
    )


class _Loader:
    def __init__(self, app: Rumbo, data: DemoData, progress: ProgressFn | None) -> None:
        self.app = app
        self.data = data
        self.progress = progress
        self.created: dict[str, int] = {}
        self.step_seconds: dict[str, float] = {}
        self.total = sum(data.counts().values()) - data.counts()["messages"]
        self.done = 0
        self.contacts: dict[str, tuple[int, int | None]] = {}
        self.email_to_contact = {
            c.emails[0]: c.external_id for c in data.contacts if c.emails and c.external_id
        }

    def run(self) -> None:
        from rumbo.crm import actions as crm
        from rumbo.knowledge.actions import upsert_articles
        from rumbo.tickets.actions import ingest_tickets

        data = self.data
        self._step("users", self._users, data.users[1:])
        self._step("products", crm.upsert_products, data.products)
        self._step("companies", crm.upsert_companies, data.companies, batch=300)
        self._step("contacts", crm.upsert_contacts, data.contacts, batch=300)
        self._link_contacts()
        self._step("orders", crm.upsert_orders, self._orders(), batch=500)
        self._step("tickets", ingest_tickets, self._tickets(), batch=400)
        self._step("satisfaction", crm.upsert_satisfaction, self._answers(), batch=500)
        self._step("articles", upsert_articles, data.articles, batch=100)
        self._mentions()
        self._step("users", self._users, data.users[:1])  # the admin last: the "done" mark

    def _mentions(self) -> None:
        """Tickets and public posts through the listening pipeline (see rumbo.demo.listening)."""
        from rumbo.demo.listening import load_listening

        started = time.perf_counter()
        report = self.progress
        self.created["mentions"] = load_listening(
            self.app, self.data, lambda done, total: report and report("Menciones", done, total)
        )
        self.step_seconds["mentions"] = round(time.perf_counter() - started, 3)

    def _step(
        self,
        key: str,
        write: Callable[[Context, Sequence[T]], BatchReport],
        rows: Sequence[T],
        batch: int = 1000,
    ) -> None:
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            with self.app.unit_of_work(ACTOR) as ctx, ctx.session.no_autoflush:
                # The rows of one batch never depend on each other, so the action's lookups
                # need not flush each pending row first; it flushes the batch once at the end.
                report = write(ctx, chunk)
            self.created[key] = self.created.get(key, 0) + report.created
            self.done += len(chunk)
            if self.progress:
                self.progress(LABELS[key], self.done, self.total)
        self.step_seconds[key] = round(
            self.step_seconds.get(key, 0.0) + time.perf_counter() - started, 3
        )

    @staticmethod
    def _users(ctx: Context, rows: Sequence[Any]) -> BatchReport:
        from rumbo.accounts.actions import add_user
        from rumbo.accounts.queries import get_user_by_email

        report = BatchReport()
        for user in rows:
            if get_user_by_email(ctx.session, user.email) is None:
                add_user(ctx, user)
                report.created += 1
            else:
                report.unchanged += 1
        return report

    def _link_contacts(self) -> None:
        from rumbo.crm.queries import contacts_by_external_id

        wanted = [c.external_id for c in self.data.contacts if c.external_id]
        with self.app.reading() as session:
            self.contacts = contacts_by_external_id(session, SOURCE, wanted)

    def _contact(self, email: str | None) -> tuple[int, int | None]:
        return self.contacts[self.email_to_contact[email or ""]]

    def _orders(self) -> list[Any]:
        # Linking by id spares the action one email lookup per row.
        rows = []
        for order in self.data.orders:
            contact_id, company_id = self._contact(order.contact_email)
            rows.append(
                order.model_copy(
                    update={
                        "contact_id": contact_id,
                        "company_id": company_id,
                        "contact_email": None,
                    }
                )
            )
        return rows

    def _tickets(self) -> list[Any]:
        return [
            ticket.model_copy(
                update={"contact_id": self._contact(ticket.contact_email)[0], "contact_email": None}
            )
            for ticket in self.data.tickets
        ]

    def _answers(self) -> list[Any]:
        from rumbo.tickets.queries import ids_by_external_id

        wanted = sorted({a.ticket_external_id for a in self.data.answers if a.ticket_external_id})
        with self.app.reading() as session:
            tickets = ids_by_external_id(session, SOURCE, wanted)
        rows = []
        for answer in self.data.answers:
            contact_id, company_id = self._contact(answer.row.contact_email)
            ticket_id = tickets.get(answer.ticket_external_id or "")
            rows.append(
                answer.row.model_copy(
                    update={
                        "contact_id": contact_id,
                        "company_id": company_id,
                        "contact_email": None,
                        "ticket_id": ticket_id,
                    }
                )
            )
        return rows
