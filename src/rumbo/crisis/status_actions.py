"""The public status page: components, updates (draft → approved → published), subscriptions.

A status update is written by someone who may work incidents, approved by someone who may
approve messages (or manage incidents), and only then published. Publishing one puts the
incident into "incident mode": the assistant and the portal show the update as their notice.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from rumbo.accounts.access import role_allows
from rumbo.context import Context
from rumbo.crisis import links
from rumbo.crisis.actions import add_event, get_incident
from rumbo.crisis.models import StatusComponent, StatusSubscription, StatusUpdate
from rumbo.crisis.schemas import ComponentIn, StatusUpdateIn
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

APPROVERS = ("drafts.approve", "incidents.manage")


def _require_approver(ctx: Context) -> None:
    if not any(role_allows(ctx.actor.role, p) for p in APPROVERS):
        raise PermissionDenied(
            f"Your role ({ctx.actor.role}) does not allow approving or publishing status "
            "updates (drafts.approve or incidents.manage)."
        )


def save_component(ctx: Context, data: ComponentIn) -> StatusComponent:
    """Create a component, or change the one with the same key."""
    ctx.require("incidents.manage")
    component = ctx.session.scalar(select(StatusComponent).where(StatusComponent.key == data.key))
    before = None
    if component is None:
        component = StatusComponent(**data.model_dump())
        ctx.session.add(component)
    else:
        before = {"name": component.name, "status": component.status}
        for name, value in data.model_dump().items():
            setattr(component, name, value)
    ctx.session.flush()
    ctx.record(
        "status_component.saved",
        "status_component",
        component.id,
        before=before,
        after=data.model_dump(),
    )
    return component


def _get_update(ctx: Context, update_id: int) -> StatusUpdate:
    update = ctx.session.get(StatusUpdate, update_id)
    if update is None:
        raise NotFound(f"Status update {update_id} does not exist.")
    return update


def draft_update(ctx: Context, data: StatusUpdateIn) -> StatusUpdate:
    ctx.require("incidents.write")
    incident = get_incident(ctx, data.incident_id)
    if incident.status in ("detected", "review"):
        raise Conflict(
            f"Incident {incident.id} is {incident.status}: status updates are for declared "
            "incidents until they are resolved.",
            fields={"incident_id": incident.status},
        )
    known = set(ctx.session.scalars(select(StatusComponent.key)))
    unknown = sorted(set(data.component_statuses) - known)
    if unknown:
        raise ValidationFailed(
            f"Unknown status components: {', '.join(unknown)}.",
            fields={"component_statuses": "unknown"},
        )
    update = StatusUpdate(**data.model_dump(), state="draft", drafted_by=ctx.actor.label)
    ctx.session.add(update)
    ctx.session.flush()
    add_event(
        ctx,
        incident,
        "status_update",
        f"Borrador de actualización: {update.title}",
        update_id=update.id,
        state="draft",
    )
    ctx.record(
        "status_update.drafted",
        "status_update",
        update.id,
        after={"incident_id": incident.id, "title": update.title, "phase": update.phase},
    )
    return update


def approve_update(ctx: Context, update_id: int) -> StatusUpdate:
    """Approve a draft. People approve each other's words, never their own."""
    _require_approver(ctx)
    update = _get_update(ctx, update_id)
    if update.state != "draft":
        raise Conflict(
            f"Status update {update_id} is {update.state}; only drafts are approved.",
            fields={"state": update.state},
        )
    if ctx.actor.role != "system" and update.drafted_by == ctx.actor.label:
        raise PermissionDenied("A status update is approved by someone other than its author.")
    update.state = "approved"
    update.approved_by = ctx.actor.label
    update.approved_at = utcnow()
    incident = get_incident(ctx, update.incident_id)
    add_event(
        ctx,
        incident,
        "status_update",
        f"Actualización aprobada: {update.title}",
        update_id=update.id,
        state="approved",
    )
    ctx.record(
        "status_update.approved",
        "status_update",
        update.id,
        before={"state": "draft"},
        after={"state": "approved"},
    )
    return update


def publish_update(ctx: Context, update_id: int) -> StatusUpdate:
    """Publish an approved update: the page, the components and the assistant's notice change."""
    _require_approver(ctx)
    update = _get_update(ctx, update_id)
    if update.state != "approved":
        raise Conflict(
            f"Status update {update_id} is {update.state}; it must be approved before it is "
            "published.",
            fields={"state": update.state},
        )
    incident = get_incident(ctx, update.incident_id)
    update.state = "published"
    update.published_at = utcnow()
    wanted = dict(update.component_statuses)
    if update.phase == "resolved":
        # The resolution gives back every component this incident marked, unless it says more.
        for earlier in ctx.session.scalars(
            select(StatusUpdate).where(
                StatusUpdate.incident_id == incident.id, StatusUpdate.state == "published"
            )
        ):
            for key in earlier.component_statuses:
                wanted.setdefault(key, "operational")
    for component in ctx.session.scalars(
        select(StatusComponent).where(StatusComponent.key.in_(list(wanted)))
    ):
        component.status = wanted[component.key]
    if update.phase == "resolved":
        links.end_incident_notice(ctx, incident)
    else:
        links.show_incident_notice(ctx, incident, update)
    add_event(
        ctx,
        incident,
        "status_update",
        f"Actualización publicada: {update.title}",
        update_id=update.id,
        state="published",
    )
    ctx.record(
        "status_update.published",
        "status_update",
        update.id,
        before={"state": "approved"},
        after={"state": "published"},
        payload={"id": update.id, "incident_id": incident.id},
    )
    return update


def subscribe(ctx: Context, email: str) -> StatusSubscription:
    """Ask for updates by email; the address receives nothing until it confirms."""
    address = email.strip().lower()
    subscription = ctx.session.scalar(
        select(StatusSubscription).where(StatusSubscription.email == address)
    )
    if subscription is None:
        subscription = StatusSubscription(email=address, token=secrets.token_urlsafe(32))
        ctx.session.add(subscription)
        ctx.session.flush()
        ctx.record(
            "status_subscription.created",
            "status_subscription",
            subscription.id,
            after={"confirmed": False},
        )
    return subscription


def confirm_subscription(ctx: Context, token: str) -> StatusSubscription:
    subscription = _by_token(ctx, token)
    if not subscription.confirmed:
        subscription.confirmed = True
        subscription.confirmed_at = utcnow()
        ctx.record(
            "status_subscription.confirmed",
            "status_subscription",
            subscription.id,
            before={"confirmed": False},
            after={"confirmed": True},
        )
    return subscription


def unsubscribe(ctx: Context, token: str) -> None:
    subscription = _by_token(ctx, token)
    ctx.record(
        "status_subscription.removed",
        "status_subscription",
        subscription.id,
        before={"confirmed": subscription.confirmed},
    )
    ctx.session.delete(subscription)


def _by_token(ctx: Context, token: str) -> StatusSubscription:
    subscription = ctx.session.scalar(
        select(StatusSubscription).where(StatusSubscription.token == token)
    )
    if subscription is None:
        raise NotFound("This subscription link is not valid (any more).")
    return subscription
