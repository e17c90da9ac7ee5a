"""Customer accounts and the people in them: shops on a plan, their staff, store shoppers and
a few voices with large audiences."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from rumbo.crm.schemas import CompanyIn, ContactIn, HandleIn
from rumbo.demo import markets as mk
from rumbo.demo.staff import COMPETITOR, PLAN_PRICES, account_manager_for
from rumbo.demo.text import slug

SOURCE = "demo"


@dataclass
class Account:
    """A company as the generator sees it: the input row and what stories need to know."""

    row: CompanyIn
    market: mk.Market
    key_account: bool = False
    people: list[Person] = field(default_factory=list)


@dataclass
class Person:
    row: ContactIn
    market: mk.Market
    account: Account | None
    first_name: str

    @property
    def email(self) -> str:
        return self.row.emails[0]

    @property
    def external_id(self) -> str:
        return self.row.external_id or ""


# The handful of people whose posts many others read. Only Renata is a customer, and unhappy.
INFLUENCERS = (
    ("Renata Salinas", "MX", 850_000, "renatacocina", "instagram", "Creadora de contenido"),
    ("Lucho Benedetti", "AR", 1_200_000, "luchotecno", "x", "Divulgador de tecnología"),
    ("Daniela Ríos", "CO", 320_000, "emprendecondani", "tiktok", "Podcast de emprendimiento"),
    ("Pablo Ferrer", "CL", 95_000, "pabloferrer_tec", "x", "Periodista de tecnología"),
    ("Camila Huamán", "PE", 640_000, "camilanegocios", "tiktok", "Asesora de pequeños negocios"),
)
UNHAPPY_INFLUENCER = INFLUENCERS[0][0]
KEY_ACCOUNT = "Grupo Comercial Altamira"


class Cast:
    """Builds accounts and people with unique names, domains, emails and handles."""

    def __init__(self, rng: random.Random, anchor: dt.datetime) -> None:
        self.rng = rng
        self.today = anchor.date()
        self.accounts: list[Account] = []
        self.people: list[Person] = []
        self._names: set[str] = {KEY_ACCOUNT}
        self._emails: set[str] = set()
        self._domains: set[str] = set()
        self._handles: set[tuple[str, str]] = set()

    # -- accounts ---------------------------------------------------------------------------

    def add_accounts(self, count: int) -> None:
        weights = [m.weight for m in mk.MARKETS]
        for index in range(count):
            market = self.rng.choices(mk.MARKETS, weights)[0]
            if index == 0:
                market = mk.BY_COUNTRY["MX"]
            chain = index < max(2, count // 12)
            self.accounts.append(self._account(index, market, chain))
        self._make_key_account(self.accounts[0])

    def _account(self, index: int, market: mk.Market, chain: bool) -> Account:
        rng = self.rng
        kind = rng.choice(market.shop_kinds)
        if chain:
            name = self._unique(rng.choice(mk.CHAIN_NAMES))
            seats = rng.randint(120, 360)  # the key account, at 380, stays the largest
            industry = "Cadena minorista"
        else:
            name = self._unique(f"{kind} {rng.choice(mk.SHOP_NAMES)}")
            seats = min(400, max(3, int(rng.lognormvariate(2.0, 0.8))))
            industry = mk.INDUSTRY_BY_KIND.get(kind, "Comercio minorista")
        plan = "Básico" if seats < 6 else "Pro" if seats < 40 else "Empresa"
        if seats < 100 and rng.random() < 0.15:
            plan = rng.choice(list(PLAN_PRICES))
        price = PLAN_PRICES[plan]
        if plan == "Empresa" and seats >= 150:
            price -= Decimal("6.00")  # volume discount, as sales would negotiate
        start = self.today - dt.timedelta(days=rng.randint(60, 3 * 365))
        renewal = _next_anniversary(start, self.today)
        health, score = "healthy", rng.randint(70, 96)
        roll = rng.random()
        if roll < 0.06:
            health, score = "at_risk", rng.randint(22, 48)
        elif roll < 0.18:
            health, score = "watch", rng.randint(50, 69)
        row = CompanyIn(
            source=SOURCE,
            external_id=f"demo-co-{index + 1:04d}",
            name=name,
            domain=self._domain(name),
            country=market.country,
            industry=industry,
            plan=plan,
            seats=seats,
            price_per_user=price,
            currency="USD",
            contract_start=start,
            renewal_date=renewal,
            account_manager_email=account_manager_for(market.country).user.email,
            health=health,
            health_score=score,
            notes=f"Cliente desde {start.year}. {_branches(rng.randint(1, max(1, seats // 8)))} "
            f"en {rng.choice(market.cities)}.",
        )
        return Account(row, market)

    def _make_key_account(self, account: Account) -> None:
        """The largest chain, renewing within 45 days and tempted by a cheaper offer."""
        start = self.today - dt.timedelta(days=365 * 2 - 31)
        account.key_account = True
        account.row = account.row.model_copy(
            update={
                "name": KEY_ACCOUNT,
                "domain": self._domain("grupoaltamira"),
                "industry": "Cadena minorista",
                "plan": "Empresa",
                "seats": 380,
                "price_per_user": Decimal("29.00"),
                "contract_start": start,
                "renewal_date": start.replace(year=start.year + 2),
                "health": "at_risk",
                "health_score": 31,
                "notes": "Cuenta clave: 42 sucursales en el Bajío y CDMX. Renovación en "
                f"negociación; {COMPETITOR} les ofreció un precio 40% menor. Decide la "
                "directora de operaciones.",
            }
        )

    def _unique(self, name: str) -> str:
        candidate = name
        while candidate in self._names:
            candidate = f"{name} {self.rng.choice(['Centro', 'Norte', 'Sur', 'Express', 'II'])}"
            if candidate in self._names:
                candidate = f"{name} {self.rng.randint(2, 99)}"
        self._names.add(candidate)
        return candidate

    def _domain(self, name: str) -> str:
        base = slug(name)[:40]
        domain, n = f"{base}.example", 2
        while domain in self._domains:
            domain, n = f"{base}{n}.example", n + 1
        self._domains.add(domain)
        return domain

    # -- people -----------------------------------------------------------------------------

    def add_people(self, target: int) -> None:
        for account in self.accounts:
            count = 2 + min(8, account.row.seats // 40) + self.rng.randint(0, 2)
            for _ in range(count):
                self._person(account.market, account)
        self._key_account_people(self.accounts[0])
        self._influencers()
        while len(self.people) < target:
            self._person(self.rng.choices(mk.MARKETS, [m.weight for m in mk.MARKETS])[0], None)

    def _person(
        self,
        market: mk.Market,
        account: Account | None,
        *,
        name: str | None = None,
        title: str | None = None,
        english: bool | None = None,
        audience: int | None = None,
        handles: list[HandleIn] | None = None,
    ) -> Person:
        rng = self.rng
        if english is None:  # one in twenty, so even a small demo has English speakers
            english = len(self.people) % 20 == 7
        if name is None:
            first = rng.choice(mk.ENGLISH_FIRST if english else market.first_names)
            surname = rng.choice(mk.ENGLISH_LAST if english else market.surnames)
            name = f"{first} {surname}"
            if not english and rng.random() < 0.5:
                name += f" {rng.choice(market.surnames)}"
        else:
            first, surname = name.split(" ")[:2]
        hinted = "tu"
        if account is not None and title is None:
            as_man, as_woman, hinted = rng.choice(mk.JOB_TITLES)
            if account.key_account and as_man.startswith("Director"):
                as_man, as_woman = "Gerente de sucursal", "Gerente de sucursal"  # that is Lorena
            title = as_woman if mk.is_woman(first) else as_man
        register = _register(rng, market.country, hinted, english)
        short = (slug(first.split(" ")[0]), slug(surname))
        if handles is None:
            handles = self._handles_for(short, rng.random() < 0.55)
        index = len(self.people) + 1
        row = ContactIn(
            source=SOURCE,
            external_id=f"demo-ct-{index:05d}",
            name=name,
            company_external_id=account.row.external_id if account else None,
            job_title=title,
            emails=[self._email(short, account)],
            phones=[market.phone(rng)] if rng.random() < 0.85 else [],
            handles=handles,
            language="en" if english else "es",
            country=market.country,
            address_form=register,
            audience_size=audience
            if audience is not None
            else (rng.randint(50, 4000) if handles else 0),
        )
        person = Person(row, market, account, first)
        self.people.append(person)
        if account is not None:
            account.people.append(person)
        return person

    def _key_account_people(self, account: Account) -> None:
        market = account.market
        self._person(
            market,
            account,
            name="Lorena Castañeda Ruiz",
            title="Directora de operaciones",
            english=False,
        )
        self._person(
            market, account, name="Mauricio Treviño", title="Gerente de sistemas", english=False
        )
        self._person(market, account, name="Gabriela Nava", title="Jefa de compras", english=False)

    def _influencers(self) -> None:
        for name, country, audience, handle, network, title in INFLUENCERS:
            market = mk.BY_COUNTRY[country]
            account = None
            if name == UNHAPPY_INFLUENCER:
                account = Account(
                    CompanyIn(
                        source=SOURCE,
                        external_id=f"demo-co-{len(self.accounts) + 1:04d}",
                        name=self._unique("Café Tlacuache"),
                        domain=self._domain("cafetlacuache"),
                        country=country,
                        industry="Cafeterías y restaurantes",
                        plan="Pro",
                        seats=6,
                        price_per_user=PLAN_PRICES["Pro"],
                        currency="USD",
                        contract_start=self.today - dt.timedelta(days=140),
                        renewal_date=self.today + dt.timedelta(days=225),
                        account_manager_email=account_manager_for(country).user.email,
                        health="watch",
                        health_score=55,
                        notes="Dueña con mucha audiencia en redes. Tratar con prioridad.",
                    ),
                    market,
                )
                self.accounts.append(account)
            self._handles.add((network, handle))
            self._person(
                market,
                account,
                name=name,
                title=title,
                english=False,
                audience=audience,
                handles=[HandleIn(network=network, handle=handle)],
            )

    def _email(self, parts: tuple[str, str], account: Account | None) -> str:
        rng = self.rng
        if account is not None:
            domain = account.row.domain or "tienda.example"
            options = [f"{parts[0]}.{parts[1]}", f"{parts[0][0]}{parts[1]}", parts[0]]
        else:
            domain = rng.choice(mk.WEBMAIL)
            options = [
                f"{parts[0]}.{parts[1]}{rng.randint(1, 99)}",
                f"{parts[0][0]}{parts[1]}{rng.randint(60, 99)}",
                f"{parts[0]}_{parts[1]}",
            ]
        for local in itertools.chain(options, (f"{options[0]}{n}" for n in range(2, 500))):
            email = f"{local}@{domain}"
            if email not in self._emails:
                self._emails.add(email)
                return email
        raise RuntimeError("ran out of email addresses")  # pragma: no cover - 500 tries

    def _handles_for(self, parts: tuple[str, str], wanted: bool) -> list[HandleIn]:
        if not wanted:
            return []
        rng = self.rng
        handles = []
        for network in rng.sample(
            ["instagram", "x", "facebook", "tiktok", "linkedin"], rng.choice([1, 1, 2])
        ):
            base = rng.choice(
                [
                    f"{parts[0]}{parts[1]}",
                    f"{parts[0]}_{parts[1]}",
                    f"{parts[0][0]}{parts[1]}",
                    f"{parts[0]}{rng.randint(10, 99)}",
                ]
            )
            handle = base
            while (network, handle) in self._handles:
                handle = f"{base}{rng.randint(1, 999)}"
            self._handles.add((network, handle))
            handles.append(HandleIn(network=network, handle=handle))
        return handles


def _register(rng: random.Random, country: str, hinted: str, english: bool) -> str:
    """Argentines are addressed with vos; elsewhere the role and the country's habits decide."""
    if english:
        return "usted"
    if country == "AR":
        return "vos"
    if country == "CO":
        return "usted" if rng.random() < 0.8 else "tu"
    if country == "PE":
        return "usted" if hinted == "usted" or rng.random() < 0.5 else "tu"
    if country == "CL":
        return "usted" if hinted == "usted" and rng.random() < 0.6 else "tu"
    return hinted


def _branches(count: int) -> str:
    return "1 sucursal" if count == 1 else f"{count} sucursales"


def _next_anniversary(start: dt.date, today: dt.date) -> dt.date:
    years = max(1, today.year - start.year)
    while True:
        try:
            candidate = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            candidate = start.replace(year=start.year + years, day=28)
        if candidate > today:
            return candidate
        years += 1
