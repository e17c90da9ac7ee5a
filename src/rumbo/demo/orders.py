"""Orders from the online store: counter hardware bought by shops and private shoppers."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from rumbo.crm.schemas import OrderIn, OrderItem
from rumbo.demo.people import SOURCE, Person
from rumbo.demo.staff import HARDWARE

# How people name each item in a message: Spanish with article gender, and English.
SHORT_NAMES: dict[str, tuple[str, str, str]] = {
    "TND-IMP-58": ("impresora de tickets", "f", "receipt printer"),
    "TND-IMP-80": ("impresora de 80 mm", "f", "80 mm printer"),
    "TND-IMP-BT": ("impresora Bluetooth", "f", "Bluetooth printer"),
    "TND-LEC-1D": ("lector de código de barras", "m", "barcode scanner"),
    "TND-LEC-2D": ("lector inalámbrico", "m", "wireless scanner"),
    "TND-CAJ-01": ("cajón de dinero", "m", "cash drawer"),
    "TND-PAY-01": ("lector de tarjetas", "m", "card reader"),
    "TND-BAL-30": ("balanza digital", "f", "digital scale"),
    "TND-ETQ-01": ("impresora de etiquetas", "f", "label printer"),
    "TND-PAP-58": ("caja de rollos de papel", "f", "box of paper rolls"),
    "TND-KIT-01": ("kit mostrador", "m", "counter kit"),
}
# Popular items sell more: paper rolls and receipt printers above all.
_POPULARITY = {
    "TND-PAP-58": 5,
    "TND-IMP-58": 4,
    "TND-LEC-1D": 3,
    "TND-IMP-80": 2,
    "TND-CAJ-01": 2,
    "TND-PAY-01": 2,
    "TND-KIT-01": 2,
}
HISTORY_DAYS = 120


@dataclass
class PlacedOrder:
    row: OrderIn
    person: Person

    @property
    def main_sku(self) -> str:
        return self.row.items[0].sku


class Store:
    """Generates orders and finds a plausible one for a ticket written at a given time."""

    def __init__(self, rng: random.Random, anchor: dt.datetime) -> None:
        self.rng = rng
        self.anchor = anchor
        self.orders: list[PlacedOrder] = []
        self._times: list[dt.datetime] = []
        self._mentioned: set[str] = set()  # one ticket per order, as people rarely write twice

    def place(self, people: list[Person], count: int) -> None:
        rng = self.rng
        cumulative = list(itertools.accumulate(0.6 if p.account else 1.0 for p in people))
        drafts = []
        for _ in range(count):
            person = rng.choices(people, cum_weights=cumulative)[0]
            age = dt.timedelta(minutes=rng.randint(30, HISTORY_DAYS * 24 * 60))
            drafts.append((self.anchor - age, person))
        drafts.sort(key=lambda d: d[0])
        for at, person in drafts:
            self.add(person, at, None, None)

    def add(
        self, person: Person, at: dt.datetime, sku: str | None, status: str | None
    ) -> PlacedOrder:
        rng = self.rng
        market = person.market
        skus = [sku] if sku else self._basket()
        items = []
        for code in skus:
            product = next(p for p in HARDWARE if p.sku == code)
            quantity = rng.choice([2, 3, 5]) if code == "TND-PAP-58" else 1
            if person.account and person.account.row.seats > 40 and rng.random() < 0.4:
                quantity *= rng.randint(2, 6)  # chains buy for several registers at once
            items.append(
                OrderItem(
                    sku=code,
                    name=product.name,
                    quantity=quantity,
                    unit_price=_local_price(product.price, market.usd_rate),
                )
            )
        index = len(self.orders) + 1
        row = OrderIn(
            source=SOURCE,
            external_id=f"demo-ord-{index:06d}",
            number=f"TND-{100400 + index}",
            contact_email=person.email,
            status=status or self._status(at),
            total=sum((i.unit_price * i.quantity for i in items), Decimal("0")),
            currency=market.currency,
            placed_at=at,
            items=items,
        )
        placed = PlacedOrder(row, person)
        position = bisect.bisect(self._times, at)
        self._times.insert(position, at)
        self.orders.insert(position, placed)
        return placed

    def _basket(self) -> list[str]:
        codes = [p.sku for p in HARDWARE]
        weights = [_POPULARITY.get(c, 1) for c in codes]
        first = self.rng.choices(codes, weights)[0]
        basket = [first]
        if self.rng.random() < 0.3:
            extra = self.rng.choice(codes)
            if extra != first:
                basket.append(extra)
        return basket

    def _status(self, at: dt.datetime) -> str:
        age = (self.anchor - at).days
        roll = self.rng.random()
        if age < 2:
            return "paid" if roll < 0.93 else "cancelled"
        if age < 7:
            return "shipped" if roll < 0.6 else "delivered" if roll < 0.92 else "paid"
        for status, share in (
            ("delivered", 0.84),
            ("returned", 0.05),
            ("refunded", 0.06),
            ("cancelled", 0.03),
        ):
            if roll < share:
                return status
            roll -= share
        return "shipped"  # lost in transit: the shipping-delay tickets are about these

    def find(
        self,
        before: dt.datetime,
        statuses: tuple[str, ...],
        english: bool | None = None,
        min_age_days: int = 2,
        max_age_days: int = 25,
    ) -> PlacedOrder | None:
        """A random order placed in the window before ``before``, in one of ``statuses``."""
        low = bisect.bisect(self._times, before - dt.timedelta(days=max_age_days))
        high = bisect.bisect(self._times, before - dt.timedelta(days=min_age_days))
        window = self.orders[low:high]

        def fits(o: PlacedOrder) -> bool:
            return (
                o.row.status in statuses
                and o.row.number not in self._mentioned
                and (english is None or (o.person.row.language == "en") == english)
            )

        # Random probes find a fitting order quickly; the full scan is for sparse windows.
        chosen = next(
            (o for o in (self.rng.choice(window) for _ in range(min(30, len(window)))) if fits(o)),
            None,
        )
        if chosen is None:
            candidates = [o for o in window if fits(o)]
            if not candidates:
                return None
            chosen = self.rng.choice(candidates)
        self._mentioned.add(chosen.row.number)
        return chosen


def _local_price(usd: Decimal, rate: float) -> Decimal:
    """Shop prices end in round numbers: whole units, or hundreds for the large currencies."""
    value = float(usd) * rate
    step = 100 if rate > 100 else 1
    rounded = max(step, round(value / step) * step) - (0 if step > 1 else 0.01)
    return Decimal(str(round(rounded, 2))).quantize(Decimal("0.01"))


def product_slots(sku: str) -> dict[str, str]:
    """``{product}``, ``{product_a}``, ``{product_the}``… for a message about ``sku``."""
    name, gender, english = SHORT_NAMES[sku]
    a, the = ("una", "la") if gender == "f" else ("un", "el")
    return {
        "product": name,
        "product_a": f"{a} {name}",
        "product_the": f"{the} {name}",
        "product_the_cap": f"{the.capitalize()} {name}",
        "product_en": english,
    }
