"""Playbooks: what a team does for one incident type, written as YAML and checked before use.

A playbook is parsed with PyYAML's node API so every value keeps the line it was written on;
a structural error is then reported as ``FILE:LINE: field.path: message``, which is what an admin
editing the file needs. Content rules experts expect are checked too: cases with legal risk bring
legal and compliance into the first stage, and an outage keeps a status-update cadence.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from rumbo.crisis.kinds import IncidentTypeName
from rumbo.crisis.models import INCIDENT_TYPES, SEVERITIES
from rumbo.drafting.vocabulary import OWNER_ROLES, RISKY_SITUATIONS, OwnerRole
from rumbo.errors import ValidationFailed
from rumbo.textfiles import FileProblem, yaml_document

# Cases where what is said can create legal exposure: counsel is in the room from the start.
LEGAL_FIRST = RISKY_SITUATIONS
_DURATION = re.compile(r"^(\d{1,4})\s*(m|h|d)$")
_UNITS = {"m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> dt.timedelta:
    """``"15m"``, ``"4h"``, ``"2d"`` → a timedelta; anything else is refused."""
    found = _DURATION.match(text.strip())
    if not found:
        raise ValueError(f"'{text}' is not a duration like 15m, 4h or 2d")
    return dt.timedelta(seconds=int(found[1]) * _UNITS[found[2]])


def _duration(value: str) -> str:
    parse_duration(value)
    return value.strip()


Duration = Annotated[str, AfterValidator(_duration)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TaskSpec(_Strict):
    title: str = Field(min_length=3, max_length=500)
    owner: OwnerRole
    due: Duration
    approvals: list[OwnerRole] = Field(default_factory=list)


class StageSpec(_Strict):
    name: str = Field(min_length=2, max_length=200)
    tasks: list[TaskSpec] = Field(min_length=1)


class CommunicationSpec(_Strict):
    audience: str = Field(min_length=2, max_length=50)
    channel: Literal["status_page", "email", "social", "chat", "statement", "internal", "sms"]
    stage: str = Field(min_length=2, max_length=200)
    due: Duration
    brief: str = Field(min_length=10, max_length=4000)
    approvals: list[OwnerRole] = Field(default_factory=list)


class NotificationRule(_Strict):
    """A market's rule for telling the authority and the people affected about a data breach."""

    market: str = Field(pattern=r"^[A-Z]{2}$|^EU$")
    law: str = Field(min_length=3)
    authority: str = Field(min_length=2)
    authority_deadline: str = Field(min_length=3)
    people_deadline: str = Field(min_length=3)


class PlaybookSpec(_Strict):
    type: IncidentTypeName
    name: str = Field(min_length=3, max_length=200)
    language: Literal["es", "en"] = "es"
    description: str = ""
    default_severity: Literal["low", "medium", "high", "critical"] = "medium"
    keywords: list[str] = Field(default_factory=list)
    status_update_every: Duration | None = None
    stages: list[StageSpec] = Field(min_length=1)
    communications: list[CommunicationSpec] = Field(default_factory=list)
    notification_rules: list[NotificationRule] = Field(default_factory=list)
    lessons_prompts: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PlaybookInvalid(ValidationFailed):
    """A playbook that cannot be used, with every problem found and the line it is on."""

    def __init__(self, problems: list[Problem], name: str = "playbook") -> None:
        self.problems = problems
        listed = "; ".join(str(p) for p in problems)
        super().__init__(
            f"The playbook {name} is not valid: {listed}",
            fields={p.field or f"line {p.line}": f"line {p.line}: {p.message}" for p in problems},
        )


NodePath = tuple[str | int, ...]


def _note_lines(node: Any, path: NodePath, lines: dict[NodePath, int]) -> None:
    """Record the line (1-based) where the value at every path starts."""
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            _note_lines(value_node, (*path, key), lines)
            # A missing or unknown field is best pointed at by its key's line.
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _note_lines(item, (*path, i), lines)


def _line_of(loc: NodePath, lines: dict[NodePath, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def parse_playbook(text: str, name: str = "playbook") -> PlaybookSpec:
    """Parse and check a playbook; raise :class:`PlaybookInvalid` listing each problem's line.

    Results are cached by text: incidents re-read the same few playbooks all the time.
    """
    return _parse(text, name).model_copy(deep=True)


@functools.lru_cache(maxsize=64)
def _parse(text: str, name: str) -> PlaybookSpec:
    import yaml

    lines: dict[NodePath, int] = {}
    try:
        # Values come from the safe loader (a tag like !!python/object is refused there).
        root, data = yaml_document(text)
        if root is None or not isinstance(root, yaml.MappingNode):
            raise PlaybookInvalid(
                [Problem(1, "", "a playbook is a mapping with type, name, stages")], name
            )
        _note_lines(root, (), lines)
    except FileProblem as exc:
        raise PlaybookInvalid([Problem(None, "", str(exc))], name) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PlaybookInvalid([Problem(line, "", f"YAML syntax: {exc.problem}")], name) from None
    except yaml.YAMLError as exc:  # e.g. a control character the YAML reader refuses
        raise PlaybookInvalid([Problem(None, "", f"YAML: {exc}")], name) from None
    except RecursionError:
        raise PlaybookInvalid([Problem(None, "", "YAML nested too deeply")], name) from None
    try:
        spec = PlaybookSpec.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                _line_of(tuple(e["loc"]), lines),
                ".".join(str(p) for p in e["loc"]),
                "unknown field"
                if e["type"] == "extra_forbidden"
                else e["msg"].removeprefix("Value error, "),
            )
            for e in exc.errors()
        ]
        raise PlaybookInvalid(problems, name) from None
    problems = _content_problems(spec, lines)
    if problems:
        raise PlaybookInvalid(problems, name)
    return spec


def _content_problems(spec: PlaybookSpec, lines: dict[NodePath, int]) -> list[Problem]:
    problems: list[Problem] = []
    if spec.type in LEGAL_FIRST:
        first = {t.owner for t in spec.stages[0].tasks}
        missing = [role for role in ("legal", "compliance") if role not in first]
        if missing:
            problems.append(
                Problem(
                    lines.get(("stages", 0)),
                    "stages.0",
                    f"a {spec.type} playbook needs {' and '.join(missing)} in its first stage",
                )
            )
    if spec.type == "outage" and spec.status_update_every is None:
        problems.append(
            Problem(1, "status_update_every", "an outage playbook needs a status-update cadence")
        )
    if spec.type == "data_leak" and not spec.notification_rules:
        problems.append(
            Problem(1, "notification_rules", "a data_leak playbook lists each market's rules")
        )
    stage_names = {s.name for s in spec.stages}
    for i, comm in enumerate(spec.communications):
        if comm.stage not in stage_names:
            problems.append(
                Problem(
                    lines.get(("communications", i, "stage")),
                    f"communications.{i}.stage",
                    f"no stage is called '{comm.stage}'",
                )
            )
    return problems


def shipped_playbook_text(incident_type: str) -> str:
    """The playbook Rumbo ships for ``incident_type`` (used until an admin imports their own)."""
    if incident_type not in INCIDENT_TYPES:
        raise ValidationFailed(
            f"Unknown incident type '{incident_type}'.", fields={"type": "unknown"}
        )
    return (resources.files("rumbo.crisis") / "playbooks" / f"{incident_type}.yaml").read_text(
        encoding="utf-8"
    )


# Kept importable for callers that only need the vocabularies.
__all__ = [
    "INCIDENT_TYPES",
    "LEGAL_FIRST",
    "OWNER_ROLES",
    "SEVERITIES",
    "PlaybookInvalid",
    "PlaybookSpec",
    "parse_duration",
    "parse_playbook",
    "shipped_playbook_text",
]
