"""Checks on staged plans: who is involved first, and the wording of every stage and task.

A plan is ``[{"name", "time_frame", "tasks": [{"title", "owner_roles", "due"}]}]``. Findings on
a plan use the stage's index as their span (``start`` = index, ``end`` = index + 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rumbo.drafting.critic import checks, exposure
from rumbo.drafting.critic.textspan import fold_same_length
from rumbo.drafting.critic.types import CriticContext, Finding
from rumbo.drafting.vocabulary import OWNER_ROLES, RISKY_SITUATIONS
from rumbo.errors import ValidationFailed

_WORDING_CHECKS: tuple[checks.Check, ...] = (
    checks.placeholders,
    checks.overpromise,
    checks.terms,
    exposure.sensitive_detail,
)


def validate_plan(plan: Any) -> list[Mapping[str, Any]]:
    """The plan if it has the documented shape, else :class:`ValidationFailed` naming where."""
    if not isinstance(plan, list) or not plan:
        raise ValidationFailed("plan: must be a non-empty list of stages", fields={"plan": "empty"})
    for index, stage in enumerate(plan):
        where = f"plan[{index}]"
        if not isinstance(stage, Mapping):
            raise ValidationFailed(f"{where}: a stage must be an object", fields={where: "type"})
        if not isinstance(stage.get("name"), str) or not stage["name"].strip():
            raise ValidationFailed(f"{where}.name: required", fields={f"{where}.name": "missing"})
        tasks = stage.get("tasks")
        if not isinstance(tasks, list):
            raise ValidationFailed(
                f"{where}.tasks: must be a list", fields={f"{where}.tasks": "type"}
            )
        for number, task in enumerate(tasks):
            spot = f"{where}.tasks[{number}]"
            if not isinstance(task, Mapping) or not isinstance(task.get("title"), str):
                raise ValidationFailed(
                    f"{spot}.title: required", fields={f"{spot}.title": "missing"}
                )
            roles = task.get("owner_roles", [])
            if not isinstance(roles, list) or any(r not in OWNER_ROLES for r in roles):
                raise ValidationFailed(
                    f"{spot}.owner_roles: each role must be one of {sorted(OWNER_ROLES)}",
                    fields={f"{spot}.owner_roles": "unknown role"},
                )
    return plan


def critique_plan(plan: Sequence[Mapping[str, Any]], ctx: CriticContext) -> list[Finding]:
    """Findings on a plan; raises :class:`ValidationFailed` when it does not have a plan's shape."""
    stages = validate_plan(list(plan))
    found: list[Finding] = []
    if ctx.situation in RISKY_SITUATIONS:
        first = stages[0]
        roles = {r for task in first.get("tasks", []) for r in task.get("owner_roles", [])}
        missing = sorted({"legal", "compliance"} - roles)
        if missing:
            found.append(
                Finding(
                    "missing_legal_review",
                    "error",
                    checks.say(
                        ctx,
                        f"La situación ({ctx.situation}) tiene riesgo legal y la primera etapa "
                        f"(«{first['name']}») no incluye a: {', '.join(missing)}.",
                        f"The situation ({ctx.situation}) carries legal risk and the first stage "
                        f"(“{first['name']}”) does not involve: {', '.join(missing)}.",
                    ),
                    0,
                    1,
                    checks.say(
                        ctx,
                        "Añade una tarea de revisión con legal y cumplimiento en la primera etapa.",
                        "Add a review task owned by legal and compliance to the first stage.",
                    ),
                    str(first["name"]),
                )
            )
    for index, stage in enumerate(stages):
        pieces = [str(stage["name"])] + [str(t["title"]) for t in stage.get("tasks", [])]
        for piece in pieces:
            folded = fold_same_length(piece)
            for check in _WORDING_CHECKS:
                for item in check(piece, folded, ctx):
                    found.append(
                        Finding(
                            item.code,
                            item.severity,
                            item.message,
                            index,
                            index + 1,
                            item.suggestion,
                            item.excerpt,
                        )
                    )
    return found
