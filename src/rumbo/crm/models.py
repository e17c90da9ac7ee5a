"""Customers: companies (accounts), contacts, orders, products and satisfaction responses.

Records that arrive from outside carry ``source`` and ``external_id``; the pair is unique, which is
what makes every import idempotent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rumbo.db import Base, TimestampMixin

ADDRESS_FORMS = ("tu", "usted", "vos")  # forma de tratamiento
HEALTH_LEVELS = ("healthy", "watch", "at_risk")
ORDER_STATUSES = ("paid", "shipped", "delivered", "returned", "refunded", "cancelled")
SATISFACTION_KINDS = ("csat", "nps")


class Company(TimestampMixin, Base):
    """A business account: who pays, for what plan, until when."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50), default="rumbo")
    external_id: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), index=True)
    domain: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    industry: Mapped[str | None] = mapped_column(String(100))
    plan: Mapped[str | None] = mapped_column(String(50))
    seats: Mapped[int] = mapped_column(default=0)
    price_per_user: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    contract_start: Mapped[dt.date | None]
    renewal_date: Mapped[dt.date | None] = mapped_column(index=True)
    arr: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    account_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    health: Mapped[str] = mapped_column(String(20), default="healthy")
    health_score: Mapped[int] = mapped_column(default=80)
    notes: Mapped[str | None] = mapped_column(Text)

    contacts: Mapped[list[Contact]] = relationship(back_populates="company")


class Contact(TimestampMixin, Base):
    """A person: a customer, or someone who talks about the brand."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50), default="rumbo")
    external_id: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), index=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    job_title: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="es")
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    address_form: Mapped[str] = mapped_column(String(10), default="usted")
    # Internal only: agents see it, customers never do (it decides who gets priority in a crisis).
    audience_size: Mapped[int] = mapped_column(default=0)

    company: Mapped[Company | None] = relationship(back_populates="contacts")
    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactEmail.id"
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.id"
    )
    handles: Mapped[list[SocialHandle]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="SocialHandle.id"
    )


class ContactEmail(Base):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)

    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Base):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    phone: Mapped[str] = mapped_column(String(40), index=True)

    contact: Mapped[Contact] = relationship(back_populates="phones")


class SocialHandle(Base):
    """A handle on one network (``x``, ``instagram``, ``tiktok``…), stored without the ``@``."""

    __tablename__ = "social_handles"
    __table_args__ = (UniqueConstraint("network", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    network: Mapped[str] = mapped_column(String(30))
    handle: Mapped[str] = mapped_column(String(100))

    contact: Mapped[Contact] = relationship(back_populates="handles")


class Product(TimestampMixin, Base):
    """The catalogue: software plans and store items, so text can be matched to products."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # software | hardware | service
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Order(TimestampMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_orders_contact_placed", "contact_id", "placed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50), default="rumbo")
    external_id: Mapped[str | None] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(50), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="paid")
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    placed_at: Mapped[dt.datetime]
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)


class SatisfactionResponse(Base):
    """A CSAT (1–5) or NPS (0–10) answer, optionally about one ticket."""

    __tablename__ = "satisfaction_responses"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50), default="rumbo")
    external_id: Mapped[str | None] = mapped_column(String(100))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[dt.datetime] = mapped_column(index=True)
