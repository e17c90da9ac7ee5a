"""Surge triage: regroup the queue, read groups, link one to an incident, answer a group."""

from __future__ import annotations

from fastapi import APIRouter

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.errors import NotFound
from rumbo.triage import actions, queries
from rumbo.triage.schemas import (
    BulkReplyIn,
    BulkReplyOut,
    GroupDetailOut,
    GroupOut,
    LinkIn,
    RegroupIn,
    RegroupOut,
)

router = APIRouter(tags=["surges"])


@router.get("/surges", response_model=list[GroupOut], dependencies=needs("tickets.read"))
def list_groups(session: ReadSession, status: str | None = "open") -> list[GroupOut]:
    return [GroupOut.model_validate(g) for g in queries.list_groups(session, status=status)]


@router.post("/surges/regroup", response_model=RegroupOut)
def regroup(data: RegroupIn, ctx: UnitOfWork) -> RegroupOut:
    """Group the open tickets of the last hours; groups of ``min_size`` or more are stored."""
    result = actions.regroup(ctx, data)
    return RegroupOut(
        groups=[GroupOut.model_validate(g) for g in result.groups],
        tickets_seen=result.tickets_seen,
        tickets_grouped=sum(g.size for g in result.groups),
    )


@router.get("/surges/{group_id}", response_model=GroupDetailOut, dependencies=needs("tickets.read"))
def get_group(group_id: int, session: ReadSession) -> GroupDetailOut:
    group = queries.get_group(session, group_id)
    if group is None:
        raise NotFound(f"There is no surge group {group_id}.")
    return GroupDetailOut.model_validate(group)


@router.post("/surges/{group_id}/link", response_model=GroupOut)
def link(group_id: int, data: LinkIn, ctx: UnitOfWork) -> GroupOut:
    return GroupOut.model_validate(actions.link_incident(ctx, group_id, data))


@router.post("/surges/{group_id}/reply", response_model=BulkReplyOut)
def bulk_reply(group_id: int, data: BulkReplyIn, ctx: UnitOfWork) -> BulkReplyOut:
    """One approved reply to every ticket of the group, personalised; a re-run sends nothing
    twice."""
    sent, before = actions.bulk_reply(ctx, group_id, data)
    return BulkReplyOut(
        group_id=group_id, sent=len(sent), already_sent=len(before), ticket_ids=sent
    )
