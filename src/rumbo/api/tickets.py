"""Tickets and their conversations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.errors import NotFound
from rumbo.schemas import BatchReport, Page
from rumbo.tickets import actions, queries
from rumbo.tickets.schemas import (
    Channel,
    MessageIn,
    MessageOut,
    Priority,
    ReplyIn,
    TicketDetail,
    TicketIn,
    TicketOut,
    TicketPatch,
)

router = APIRouter(tags=["tickets"])


@router.get("/tickets", response_model=Page[TicketOut], dependencies=needs("tickets.read"))
def list_tickets(
    session: ReadSession,
    status: Annotated[
        str | None, Query(pattern="^(active|new|open|pending|solved|closed)$")
    ] = None,
    priority: Priority | None = None,
    channel: Channel | None = None,
    tag: str | None = None,
    assignee_id: int | None = None,
    contact_id: int | None = None,
    company_id: int | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    due_within_hours: Annotated[int | None, Query(ge=0, le=24 * 365)] = None,
    next_deadline_within_hours: Annotated[int | None, Query(ge=0, le=24 * 365)] = None,
    group: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[TicketOut]:
    rows, total = queries.list_tickets(
        session,
        status=status,
        priority=priority,
        channel=channel,
        tag=tag,
        assignee_id=assignee_id,
        contact_id=contact_id,
        company_id=company_id,
        q=q,
        due_within_hours=due_within_hours,
        next_deadline_within_hours=next_deadline_within_hours,
        group=group,
        limit=limit,
        offset=offset,
    )
    return Page(
        items=[TicketOut.model_validate(t) for t in rows], total=total, limit=limit, offset=offset
    )


@router.post("/tickets", response_model=TicketDetail, status_code=status.HTTP_201_CREATED)
def open_ticket(data: TicketIn, ctx: UnitOfWork) -> TicketDetail:
    return TicketDetail.model_validate(actions.open_ticket(ctx, data))


@router.post("/tickets/batch", response_model=BatchReport)
def ingest_tickets(rows: Annotated[list[TicketIn], ...], ctx: UnitOfWork) -> BatchReport:
    """Idempotent batch ingestion keyed by (source, external_id)."""
    return actions.ingest_tickets(ctx, rows)


@router.get("/tickets/{ticket_id}", response_model=TicketDetail, dependencies=needs("tickets.read"))
def get_ticket(ticket_id: int, session: ReadSession) -> TicketDetail:
    ticket = queries.get_ticket(session, ticket_id)
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return TicketDetail.model_validate(ticket)


@router.patch("/tickets/{ticket_id}", response_model=TicketOut)
def update_ticket(ticket_id: int, patch: TicketPatch, ctx: UnitOfWork) -> TicketOut:
    return TicketOut.model_validate(actions.update_ticket(ctx, ticket_id, patch))


@router.post(
    "/tickets/{ticket_id}/replies", response_model=MessageOut, status_code=status.HTTP_201_CREATED
)
def reply(ticket_id: int, data: ReplyIn, ctx: UnitOfWork) -> MessageOut:
    return MessageOut.model_validate(actions.reply(ctx, ticket_id, data))


@router.post(
    "/tickets/{ticket_id}/messages", response_model=MessageOut, status_code=status.HTTP_201_CREATED
)
def customer_message(ticket_id: int, data: MessageIn, ctx: UnitOfWork) -> MessageOut:
    return MessageOut.model_validate(actions.add_customer_message(ctx, ticket_id, data))
