"""The crisis room's background work, for ``app.jobs`` (the scheduler and ``rumbo worker``).

* ``crisis.remind_overdue`` flags overdue tasks of active incidents; run it every few minutes.
* ``crisis.deliver_status_update`` emails a published update (``{"update_id": N}``) to confirmed
  subscribers; each recipient is recorded as served, so a retry never mails anyone twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Context

REMIND = "crisis.remind_overdue"
DELIVER = "crisis.deliver_status_update"


def remind_overdue_job(ctx: Context, _payload: dict[str, Any]) -> None:
    from rumbo.crisis.tasks import remind_overdue

    remind_overdue(ctx)


def deliver_status_update_job(ctx: Context, payload: dict[str, Any]) -> None:
    from rumbo.crisis.notify import deliver_update

    # Mail goes out with its own short transactions, one per recipient served.
    deliver_update(ctx.app, int(payload["update_id"]))


def register_jobs(app: Rumbo) -> None:
    """Make the crisis jobs runnable in ``app`` (safe to call more than once)."""
    app.jobs.register(REMIND, remind_overdue_job)
    app.jobs.register(DELIVER, deliver_status_update_job)
