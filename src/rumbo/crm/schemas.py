"""Input and output shapes of the CRM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from rumbo.schemas import CountryCode, ExternalId, LanguageCode, NonEmpty, StrictInput

# "Forma de tratamiento": the register a person is addressed in.
AddressForm = Literal["tu", "usted", "vos"]
Health = Literal["healthy", "watch", "at_risk"]
OrderStatus = Literal["paid", "shipped", "delivered", "returned", "refunded", "cancelled"]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class CompanyIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    name: NonEmpty = Field(max_length=200)
    domain: str | None = Field(None, max_length=200)
    country: CountryCode | None = None
    industry: str | None = Field(None, max_length=100)
    plan: str | None = Field(None, max_length=50)
    seats: int = Field(0, ge=0, le=1_000_000)
    price_per_user: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    contract_start: dt.date | None = None
    renewal_date: dt.date | None = None
    arr: Decimal | None = Field(
        None,
        ge=0,
        max_digits=14,
        decimal_places=2,
        description="Annual recurring revenue; computed from seats × price × 12 when not given.",
    )
    account_manager_email: str | None = Field(None, pattern=EMAIL_PATTERN)
    health: Health = "healthy"
    health_score: int = Field(80, ge=0, le=100)
    notes: str | None = Field(None, max_length=5000)

    @model_validator(mode="after")
    def _dates_in_order(self) -> CompanyIn:
        if self.contract_start and self.renewal_date and self.renewal_date < self.contract_start:
            raise ValueError("renewal_date is before contract_start")
        return self


class CompanyPatch(StrictInput):
    name: NonEmpty | None = Field(None, max_length=200)
    plan: str | None = Field(None, max_length=50)
    seats: int | None = Field(None, ge=0, le=1_000_000)
    price_per_user: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    renewal_date: dt.date | None = None
    health: Health | None = None
    health_score: int | None = Field(None, ge=0, le=100)
    notes: str | None = Field(None, max_length=5000)


class CompanyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    external_id: str | None
    name: str
    domain: str | None
    country: str | None
    industry: str | None
    plan: str | None
    seats: int
    price_per_user: Decimal
    currency: str
    contract_start: dt.date | None
    renewal_date: dt.date | None
    arr: Decimal
    account_manager_id: int | None
    health: str
    health_score: int


class HandleIn(StrictInput):
    network: str = Field(pattern=r"^[a-z0-9_]{1,30}$")
    handle: str = Field(min_length=1, max_length=100)

    @field_validator("handle")
    @classmethod
    def _no_at(cls, value: str) -> str:
        return value.lstrip("@").lower()


class ContactIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    name: NonEmpty = Field(max_length=200)
    company_external_id: str | None = Field(
        None, description="Links the contact to the company with this external id (same source)."
    )
    company_id: int | None = None
    job_title: str | None = Field(None, max_length=200)
    emails: list[str] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    handles: list[HandleIn] = Field(default_factory=list, max_length=20)
    language: LanguageCode = "es"
    country: CountryCode | None = None
    address_form: AddressForm = Field(
        "usted",
        validation_alias=AliasChoices("address_form", "register"),
        description="How to address the person: tu, usted or vos (also accepted as 'register').",
    )
    audience_size: int = Field(0, ge=0)

    @field_validator("emails")
    @classmethod
    def _valid_emails(cls, values: list[str]) -> list[str]:
        import re

        cleaned = []
        for value in values:
            value = value.strip().lower()
            if not re.match(EMAIL_PATTERN, value):
                raise ValueError(f"'{value}' is not an email address")
            cleaned.append(value)
        return list(dict.fromkeys(cleaned))

    @field_validator("phones")
    @classmethod
    def _valid_phones(cls, values: list[str]) -> list[str]:
        import re

        cleaned = []
        for value in values:
            compact = re.sub(r"[\s().-]", "", value)
            if not re.fullmatch(r"\+?\d{6,16}", compact):
                raise ValueError(f"'{value}' is not a phone number")
            cleaned.append(compact)
        return list(dict.fromkeys(cleaned))


class ContactPatch(StrictInput):
    name: NonEmpty | None = Field(None, max_length=200)
    job_title: str | None = Field(None, max_length=200)
    language: LanguageCode | None = None
    country: CountryCode | None = None
    address_form: AddressForm | None = Field(
        None, validation_alias=AliasChoices("address_form", "register")
    )
    audience_size: int | None = Field(None, ge=0)
    company_id: int | None = None


class HandleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    network: str
    handle: str


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    external_id: str | None
    name: str
    company_id: int | None
    job_title: str | None
    emails: list[str]
    phones: list[str]
    handles: list[HandleOut]
    language: str
    country: str | None
    address_form: str
    audience_size: int

    @field_validator("emails", mode="before")
    @classmethod
    def _emails(cls, value: object) -> object:
        return [getattr(v, "email", v) for v in value] if isinstance(value, list) else value

    @field_validator("phones", mode="before")
    @classmethod
    def _phones(cls, value: object) -> object:
        return [getattr(v, "phone", v) for v in value] if isinstance(value, list) else value


class OrderItem(StrictInput):
    sku: str = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=200)
    quantity: int = Field(1, ge=1)
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)


class OrderIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    number: NonEmpty = Field(max_length=50)
    contact_id: int | None = None
    contact_email: str | None = Field(None, pattern=EMAIL_PATTERN)
    company_id: int | None = None
    status: OrderStatus = "paid"
    total: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    placed_at: dt.datetime
    items: list[OrderItem] = Field(default_factory=list, max_length=500)

    @field_validator("placed_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("needs a time zone (e.g. 2026-01-31T10:00:00-05:00)")
        return value


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str | None
    number: str
    contact_id: int | None
    company_id: int | None
    status: str
    total: Decimal
    currency: str
    placed_at: dt.datetime
    items: list[dict[str, object]]


class SatisfactionIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    contact_id: int | None = None
    contact_email: str | None = Field(None, pattern=EMAIL_PATTERN)
    company_id: int | None = None
    ticket_id: int | None = None
    kind: Literal["csat", "nps"]
    score: int
    comment: str | None = Field(None, max_length=5000)
    responded_at: dt.datetime

    @model_validator(mode="after")
    def _score_in_range(self) -> SatisfactionIn:
        low, high = (1, 5) if self.kind == "csat" else (0, 10)
        if not low <= self.score <= high:
            raise ValueError(f"score for {self.kind} must be between {low} and {high}")
        if self.responded_at.tzinfo is None:
            raise ValueError("responded_at needs a time zone")
        return self


class SatisfactionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    contact_id: int | None
    company_id: int | None
    ticket_id: int | None
    kind: str
    score: int
    comment: str | None
    responded_at: dt.datetime


class ProductIn(StrictInput):
    sku: str = Field(min_length=1, max_length=50)
    name: NonEmpty = Field(max_length=200)
    kind: Literal["software", "hardware", "service"]
    price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    aliases: list[str] = Field(default_factory=list)
