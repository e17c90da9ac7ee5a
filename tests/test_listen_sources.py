"""Feeds polled from a real local HTTP server, and tickets opened in Rumbo, become mentions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.crm import actions as crm
from rumbo.crm.schemas import ContactIn
from rumbo.listening import actions
from rumbo.listening.models import Mention
from rumbo.listening.polling import poll_all
from rumbo.listening.schemas import SourceIn
from rumbo.listening.sources.rss import FeedError, parse_feed
from rumbo.tickets import actions as tickets
from rumbo.tickets.models import Ticket
from rumbo.tickets.schemas import MessageIn, TicketIn
from tests.conftest import SYSTEM
from tests.servers import QuietHandler, http_server

FIXTURES = Path(__file__).parent / "fixtures" / "listening"


@pytest.fixture
def feeds() -> Iterator[str]:
    """Serves the recorded feeds under /reviews.rss and /status.atom; anything else is a 404."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = FIXTURES / self.path.lstrip("/")
            if not path.is_file():
                self.send_error(404)
                return
            self.send_body(path.read_bytes(), "application/xml")

    with http_server(Handler) as url:
        yield url


def test_rss_and_atom_items_are_read_with_their_times_authors_and_links():
    rss = list(parse_feed((FIXTURES / "reviews.rss").read_bytes(), "reviews"))
    assert [i["id"] for i in rss] == ["review-1001", "review-1002"]
    assert rss[0]["author"] == "marisol_tienda"
    assert (
        rss[0]["text"]
        == "No puedo cobrar desde ayer. El punto de venta da error 503 y nadie responde."
    )
    assert "&" in rss[1]["text"]
    atom = list(parse_feed((FIXTURES / "status.atom").read_bytes(), "foro"))
    assert atom[0]["created_at"] == "2026-03-02T21:40:00Z"
    assert (atom[0]["author"], atom[0]["url"]) == ("ruben_mty", "https://foro.example.com/t/77")
    with pytest.raises(FeedError):
        list(parse_feed(b"<html><body>not a feed</body></html>", "x"))


def test_polling_reads_each_feed_once_and_reports_a_broken_one(app: Rumbo, feeds: str):
    with app.unit_of_work(SYSTEM) as ctx:
        for key, path in (("reviews", "reviews.rss"), ("foro", "status.atom"), ("roto", "nada")):
            actions.add_source(ctx, SourceIn(key=key, kind="rss", url=f"{feeds}/{path}"))
    first = poll_all(app)
    assert (first["reviews"].accepted, first["foro"].accepted) == (2, 1)
    assert first["roto"].rejected[0].field == "feed"
    assert "404" in first["roto"].rejected[0].reason
    again = poll_all(app)
    assert (again["reviews"].accepted, again["reviews"].duplicates) == (0, 2)
    with app.reading() as session:
        stored = session.scalars(select(Mention).where(Mention.source == "reviews")).all()
    review = next(m for m in stored if m.external_id == "review-1001")
    assert review.created_at.isoformat() == "2026-03-02T21:20:00+00:00"
    assert review.url == "https://opiniones.example.com/tenderete/r/1001"


def test_tickets_join_the_stream_live_and_by_catching_up(app: Rumbo):
    with app.unit_of_work(SYSTEM) as ctx:
        contact = crm.create_contact(ctx, ContactIn(name="Ana", emails=["ana@example.com"]))
        contact_id = contact.id

    def open_one(subject: str) -> int:
        with app.unit_of_work(SYSTEM) as ctx:
            ticket = tickets.open_ticket(
                ctx,
                TicketIn(
                    subject=subject,
                    contact_id=contact_id,
                    messages=[MessageIn(body="El sistema no responde desde hace una hora")],
                ),
            )
            return ticket.id

    # A batch import does not stream ticket by ticket: polling catches those up.
    with app.unit_of_work(SYSTEM) as ctx:
        tickets.ingest_tickets(
            ctx,
            [
                TicketIn(
                    subject="Sin servicio en la tienda",
                    contact_id=contact_id,
                    source="email",
                    external_id="importado-1",
                    messages=[MessageIn(body="No carga nada desde esta mañana")],
                )
            ],
        )
    with app.reading() as session:
        before = session.scalars(select(Ticket.id).where(Ticket.external_id == "importado-1")).one()
    live = open_one("Error 503 al cobrar")  # the app listens to opened tickets from its start
    with app.reading() as session:
        rows = session.scalars(select(Mention).where(Mention.source == "tickets")).all()
    assert [m.external_id for m in rows] == [str(live)]
    assert rows[0].contact_id == contact_id
    assert "Error 503" in rows[0].text

    caught = poll_all(app)["tickets"]
    assert (caught.accepted, caught.duplicates) == (1, 1)
    assert poll_all(app)["tickets"].received == 0  # the cursor moved past both
    with app.reading() as session:
        ids = set(session.scalars(select(Mention.external_id).where(Mention.source == "tickets")))
    assert ids == {str(before), str(live)}
