"""A hundred days of support tickets with a working week's rhythm, plus the crises."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random

from rumbo.demo import crises, staff
from rumbo.demo.conversation import Desk, Draft, Line
from rumbo.demo.orders import PlacedOrder, Store
from rumbo.demo.people import Cast, Person
from rumbo.demo.text import pick
from rumbo.demo.topics import ACK, TOPICS, Case, Topic
from rumbo.demo.topics_en import EN_ACK, english

HISTORY_DAYS = 100
ENGLISH_SHARE = 0.09
# Tickets by local hour: a morning peak, a lunch dip and an after-work bump.
HOUR_WEIGHTS = {
    8: 2,
    9: 5,
    10: 8,
    11: 9,
    12: 8,
    13: 6,
    14: 6,
    15: 7,
    16: 8,
    17: 7,
    18: 5,
    19: 3,
    20: 2,
    21: 1,
}
WEEKDAY_FACTOR = (1.2, 1.05, 1.0, 1.0, 0.95, 0.45, 0.3)  # Monday … Sunday
CHANNELS = (("email", 45), ("chat", 27), ("portal", 12), ("social", 10), ("phone", 6))
STORE_TOPICS = ("shipping_delay", "returns_refund", "printer_setup", "hardware")
ESCALATION = (
    "Gracias por [avisarnos|avisarnos|avisarnos]. Pasamos el caso a nuestro equipo "
    "técnico y [te|le|te] escribimos en cuanto tengamos novedades."
)
ESCALATION_EN = (
    "Thanks for letting us know. We've escalated this to our technical team and "
    "will get back to you as soon as we have news."
)


class Schedule:
    """How many ordinary tickets each day gets, from the target total."""

    def __init__(self, rng: random.Random, anchor: dt.datetime, total: int) -> None:
        self.anchor = anchor
        self.first_day = anchor.date() - dt.timedelta(days=HISTORY_DAYS)
        days = [self.first_day + dt.timedelta(days=i) for i in range(HISTORY_DAYS + 1)]
        # The business grows a little over the period; each day is a bit noisy.
        weights = [
            WEEKDAY_FACTOR[d.weekday()] * (0.9 + 0.2 * i / HISTORY_DAYS) * rng.uniform(0.85, 1.15)
            for i, d in enumerate(days)
        ]
        weights[-1] *= min(1.0, anchor.hour / 20)  # the last day is still going on
        scale = total / sum(weights)
        self.per_day = _apportion(dict(zip(days, (w * scale for w in weights), strict=True)), total)


def _apportion(shares: dict[dt.date, float], total: int) -> dict[dt.date, int]:
    """Round shares to whole tickets that add up to exactly ``total``."""
    floors = {d: math.floor(s) for d, s in shares.items()}
    missing = total - sum(floors.values())
    by_remainder = sorted(shares, key=lambda d: (shares[d] - floors[d], d), reverse=True)
    for d in by_remainder[:missing]:
        floors[d] += 1
    return floors


class Inbox:
    """Writes ordinary tickets: who, about what, when, and how the conversation went."""

    def __init__(self, rng: random.Random, anchor: dt.datetime, cast: Cast, store: Store) -> None:
        self.rng = rng
        self.anchor = anchor
        self.desk = Desk(rng, anchor)
        self.store = store
        company_people = [p for p in cast.people if p.account is not None]
        self.spanish = [p for p in company_people if p.row.language == "es"]
        self.english = [p for p in cast.people if p.row.language == "en"]
        self.store_buyers = [p for p in cast.people if p.account is None and p.row.language == "es"]
        # Big accounts have more people writing in.
        self.spanish_weights = list(
            itertools.accumulate(
                1 + math.log1p(p.account.row.seats) / 3 if p.account else 1.0 for p in self.spanish
            )
        )
        self.topics = list(TOPICS)
        self.topic_weights = [t.weight for t in TOPICS]

    def day(self, day: dt.date, count: int) -> list[Draft]:
        drafts = []
        for _ in range(count):
            at = self._moment(day)
            if at <= self.anchor:
                drafts.append(self.ticket(at))
        return drafts

    def _moment(self, day: dt.date) -> dt.datetime:
        hours = list(HOUR_WEIGHTS)
        weights = list(HOUR_WEIGHTS.values())
        hour = self.rng.choices(hours, weights)[0]
        offset = self.rng.choice([-6, -5, -5, -4, -3])  # the writer's time zone
        local = dt.datetime.combine(
            day, dt.time(hour, self.rng.randrange(60), self.rng.randrange(60))
        )
        return (local - dt.timedelta(hours=offset)).replace(tzinfo=dt.UTC)

    def ticket(self, at: dt.datetime) -> Draft:
        rng = self.rng
        in_english = bool(self.english) and rng.random() < ENGLISH_SHARE
        topic = rng.choices(self.topics, self.topic_weights)[0]
        order: PlacedOrder | None = None
        if topic.needs_order:
            # Statuses are today's: a delivered order may well have been late back then.
            statuses = (
                ("shipped", "paid", "delivered")
                if topic.key == "shipping_delay"
                else ("returned", "refunded", "delivered")
            )
            order = self.store.find(at, statuses, english=in_english)
            if order is None:
                topic = next(t for t in TOPICS if t.key == "printer_setup")
        person = order.person if order else self._writer(in_english, topic)
        if topic.key == "cancellation" and person.account and person.account.row.seats >= 100:
            topic = next(t for t in TOPICS if t.key == "feature_question")  # chains don't quit
        if person.row.language == "en":
            topic = english(topic)
        return self.converse(person, topic, at, order)

    def _writer(self, in_english: bool, topic: Topic) -> Person:
        rng = self.rng
        if in_english:
            return pick(rng, self.english)
        if topic.key in STORE_TOPICS and self.store_buyers and rng.random() < 0.5:
            return pick(rng, self.store_buyers)
        return rng.choices(self.spanish, cum_weights=self.spanish_weights)[0]

    def converse(
        self, person: Person, topic: Topic, at: dt.datetime, order: PlacedOrder | None
    ) -> Draft:
        rng, desk = self.rng, self.desk
        cases = topic.cases
        if topic.key == "plan_upgrade" and person.account and person.account.row.plan == "Empresa":
            cases = cases[:1]  # already on the top plan: they can only add users
        case = pick(rng, cases)
        slots = desk.slots(person, at, order)
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        priority = _priority(rng.random(), topic.urgent_share)
        subject = desk.customer(pick(rng, case.subjects), person, slots, carelessness=0.15)
        draft = Draft(
            person,
            at,
            subject,
            topic.key,
            channel,
            priority,
            topic.group,
            list(topic.tags),
            person.row.language,
        )
        draft.lines.append(
            Line("customer", desk.customer(pick(rng, case.bodies), person, slots), at)
        )
        agent = self._agent(person, topic)
        draft.assignee = agent.user.email
        name = staff.first_name(agent)
        reply_at = desk.reply_delay(priority, at)
        desk.answer(draft, pick(rng, case.replies), slots, name, reply_at)
        draft.mood = rng.uniform(-0.2, 0.8)
        if case.followups and rng.random() < 0.45:
            self._follow_up(draft, case, slots, name, reply_at)
        return desk.finish(draft)

    def _follow_up(
        self, draft: Draft, case: Case, slots: dict[str, str], agent: str, after: dt.datetime
    ) -> None:
        """The customer writes again: thanks, a new request, or the problem goes on."""
        rng, desk = self.rng, self.desk
        index = rng.randrange(len(case.followups))
        followup = case.followups[index]
        kind = followup[0] if followup[0] in "!?" else ""
        at = desk.later(after, 10, 1800)
        text = desk.customer(followup.lstrip("!?"), draft.person, slots)
        draft.lines.append(Line("customer", text, at))
        draft.mood = rng.uniform(-0.9, 0.0) if kind == "!" else rng.uniform(0.3, 1.0)
        draft.settled = kind == ""
        answer = case.closings[index] if index < len(case.closings) else ""
        answer = answer or _usual_answer(kind, english=draft.language == "en")
        if rng.random() < (0.35 if kind == "" else 0.8):
            reply_at = desk.reply_delay(draft.priority, at)
            desk.answer(draft, answer, slots, agent, reply_at, first=False)

    def _agent(self, person: Person, topic: Topic) -> staff.StaffMember:
        if person.row.language == "en":
            return staff.ENGLISH_AGENT
        if topic.group == "Cuentas" and person.account is not None:
            return staff.account_manager_for(person.market.country)
        return pick(self.rng, staff.SUPPORT_AGENTS)


def _usual_answer(kind: str, english: bool) -> str:
    if kind == "!":
        return ESCALATION_EN if english else ESCALATION
    return EN_ACK if english else ACK


def _priority(roll: float, urgent_share: float) -> str:
    if roll < urgent_share:
        return "urgent"
    if roll < 0.2:
        return "high"
    return "low" if roll > 0.88 else "normal"


def write_tickets(
    rng: random.Random, anchor: dt.datetime, cast: Cast, store: Store, total: int
) -> list[Draft]:
    """All tickets of the period, oldest first, numbered ``demo-tk-000001`` onwards."""
    inbox = Inbox(rng, anchor, cast, store)
    stories = crises.Crises(rng, anchor, cast, store, inbox.desk)
    planned = stories.plan(total, ordinary_weekday=total / HISTORY_DAYS)
    schedule = Schedule(rng, anchor, max(0, total - planned))
    drafts: list[Draft] = []
    for day, count in schedule.per_day.items():
        drafts.extend(inbox.day(day, count))
    drafts.extend(stories.write())
    drafts.sort(key=lambda d: (d.created_at, d.subject, d.person.email))
    for index, draft in enumerate(drafts, start=1):
        draft.external_id = f"demo-tk-{index:06d}"
    return drafts
