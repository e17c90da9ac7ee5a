"""Staged response plans: stages in order, each with tasks, owner roles and when they are due.

Where a situation carries legal or regulatory risk (a data leak, a competitor's claims, a
political matter, a large account's contract) legal and compliance own a task in the first stage,
because what is said in the first hours is what a regulator or a court reads later.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rumbo.drafting.legal_rules import BREACH_RULES
from rumbo.drafting.understanding import Understood

# How the roles read in a Spanish plan; the JSON keeps the keys above.
ROLE_NAMES_ES = {
    "support": "soporte",
    "communications": "comunicación",
    "engineering": "ingeniería",
    "legal": "legal",
    "compliance": "cumplimiento",
    "account_management": "gestión de cuentas",
    "executive": "dirección",
}
LIBRARY = Path(__file__).with_name("plan_stages.yaml")


@lru_cache(maxsize=1)
def library() -> dict[str, Any]:
    """The stages of every situation (``plan_stages.yaml``), read once."""
    import yaml

    data: dict[str, Any] = yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))
    return data


def _task(task: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"title": task[lang], "owner_roles": list(task["roles"]), "due": task["due"][lang]}


def make_plan(understood: Understood, *, markets: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The staged plan for ``understood``'s situation in its language.

    ``markets`` (ISO codes) name where affected people are, for a data leak's notification duties;
    without any, every market Rumbo knows the rules of is listed for legal to confirm.
    """
    lang = "en" if understood.language == "en" else "es"
    stages = library()["situations"][understood.situation]
    plan: list[dict[str, Any]] = []
    for index, stage in enumerate(stages):
        tasks = [_task(t, lang) for t in stage["tasks"]]
        legal_first = library()["legal_first"].get(understood.situation)
        if index == 0 and legal_first:
            tasks.insert(0, _task(legal_first, lang))
        if understood.situation == "data_leak" and index == 1:
            tasks = breach_tasks(markets, lang)
        plan.append(
            {"name": stage["name"][lang], "time_frame": stage["time_frame"][lang], "tasks": tasks}
        )
    return plan


def breach_tasks(markets: Sequence[str], lang: str) -> list[dict[str, Any]]:
    """Per market: notify the authority and tell the people affected, within the law's time."""
    known = [m for m in dict.fromkeys(m.upper() for m in markets) if m in BREACH_RULES]
    tasks: list[dict[str, Any]] = []
    for code in known or list(BREACH_RULES):
        rule = BREACH_RULES[code]
        en = lang == "en"
        due = rule.due_en if en else rule.due_es
        authority = rule.authority_en if en else rule.authority_es
        people = rule.people_en if en else rule.people_es
        tasks.append(
            {"title": f"{code}: {authority}", "owner_roles": ["legal", "compliance"], "due": due}
        )
        tasks.append(
            {
                "title": f"{code}: {people}",
                "owner_roles": ["compliance", "communications"],
                "due": due,
            }
        )
    return tasks


def render_plan(plan: Sequence[dict[str, Any]], language: str) -> str:
    """The plan as plain text, for people reading it in a terminal or an email."""
    owners = "responsables" if language != "en" else "owners"
    lines: list[str] = []
    for number, stage in enumerate(plan, start=1):
        lines.append(f"{number}. {stage['name']} ({stage['time_frame']})")
        for task in stage["tasks"]:
            names = ROLE_NAMES_ES if language != "en" else {}
            roles = ", ".join(names.get(r, r.replace("_", " ")) for r in task["owner_roles"])
            lines.append(f"   - {task['title']} — {owners}: {roles}; {task['due']}")
    return "\n".join(lines)
