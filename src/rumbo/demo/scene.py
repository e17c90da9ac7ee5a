"""What every crisis scene shares: the dates of the crises and the helpers that write them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from rumbo.demo import staff
from rumbo.demo.conversation import Desk, Draft
from rumbo.demo.orders import Store
from rumbo.demo.people import Cast, Person
from rumbo.demo.text import pick

OUTAGE_DAYS_AGO = 21
OUTAGE_HOURS = 4.25


@dataclass(frozen=True)
class Moments:
    """When each crisis happened, for the satisfaction answers and for anyone reading the data."""

    outage_start: dt.datetime
    outage_end: dt.datetime
    phishing_start: dt.datetime
    invoice_surge_start: dt.datetime
    invoice_month: int


def moments(anchor: dt.datetime) -> Moments:
    """The crises' dates for history ending at ``anchor``."""
    surge = _surge_start(anchor.date().replace(day=1))
    if surge + dt.timedelta(days=2) > anchor:  # this month's surge has not happened yet
        surge = _surge_start((anchor.date().replace(day=1) - dt.timedelta(days=1)).replace(day=1))
    invoice_month = (surge.date().replace(day=1) - dt.timedelta(days=1)).month
    day = anchor.date() - dt.timedelta(days=OUTAGE_DAYS_AGO)
    # Outages that hurt most happen on a working day; keep it apart from the invoice surge.
    while day.weekday() >= 5 or abs((day - surge.date()).days) <= 2:
        day -= dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(15, 10), tzinfo=dt.UTC)
    return Moments(
        outage_start=start,
        outage_end=start + dt.timedelta(hours=OUTAGE_HOURS),
        phishing_start=dt.datetime.combine(
            anchor.date() - dt.timedelta(days=12), dt.time(14, 0), tzinfo=dt.UTC
        ),
        invoice_surge_start=surge,
        invoice_month=invoice_month,
    )


def _surge_start(month: dt.date) -> dt.datetime:
    """Invoices go out on the 1st; people ask for them on the next two working days."""
    day = month.replace(day=2)
    while day.weekday() >= 4:  # the two days must be Monday–Friday
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(13, 0), tzinfo=dt.UTC)


class Scene:
    """The generator's state that the crisis scenes read and write."""

    def __init__(
        self, rng: random.Random, anchor: dt.datetime, cast: Cast, store: Store, desk: Desk
    ) -> None:
        self.rng, self.anchor, self.cast, self.store, self.desk = rng, anchor, cast, store, desk
        self.when = moments(anchor)
        self.customers = [p for p in cast.people if p.account is not None]
        self.counts: dict[str, int] = {}

    def person(self, name: str) -> Person:
        return next(p for p in self.cast.people if p.row.name == name)

    def draft(
        self,
        person: Person,
        at: dt.datetime,
        subject: str,
        topic: str,
        *,
        channel: str,
        priority: str,
        group: str,
        tags: list[str],
    ) -> Draft:
        return Draft(
            person, at, subject, topic, channel, priority, group, tags, person.row.language
        )

    def agent_for(self, person: Person) -> staff.StaffMember:
        if person.row.language == "en":
            return staff.ENGLISH_AGENT
        return pick(self.rng, staff.SUPPORT_AGENTS)

    def local(self, person: Person, at: dt.datetime) -> str:
        """``at`` as a wall-clock time where ``person`` lives."""
        local = at + dt.timedelta(hours=person.market.utc_offset)
        return local.strftime("%H:%M")
