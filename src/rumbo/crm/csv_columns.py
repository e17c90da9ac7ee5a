"""Which CSV column feeds which field: kinds, header names in Spanish and English, mapping.

Headers are compared folded (lower case, accents and punctuation removed), so "Correo electrónico",
"correo_electronico" and "CORREO ELECTRONICO" are the same column. A header may be the schema field
name or one of the common names listed in :data:`HEADER_NAMES`; anything else must be mapped
explicitly (``"Columna=field"``, or ``"Columna=-"`` to skip it) or ignored on request.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, get_args

from rumbo.crm.schemas import CompanyIn, ContactIn, OrderIn, SatisfactionIn
from rumbo.errors import ValidationFailed
from rumbo.text import fold as fold_text
from rumbo.textfiles import json_value

Kind = Literal["companies", "contacts", "orders", "satisfaction"]
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
KIND_LABELS: Final[dict[Kind, str]] = {
    "companies": "empresas",
    "contacts": "contactos",
    "orders": "pedidos",
    "satisfaction": "respuestas de satisfacción",
}
CrmInput = CompanyIn | ContactIn | OrderIn | SatisfactionIn
SCHEMAS: Final[dict[Kind, type[CrmInput]]] = {
    "companies": CompanyIn,
    "contacts": ContactIn,
    "orders": OrderIn,
    "satisfaction": SatisfactionIn,
}
SKIP: Final = "-"
# External id written on export for a record that has none: "rumbo:<its id>" (see csvio).
LOCAL_ID_PREFIX: Final = "rumbo:"

_SOURCE_AND_ID: Final[dict[str, tuple[str, ...]]] = {
    "source": ("fuente", "origen", "sistema"),
    "external_id": ("id externo", "external id", "id", "record id", "id de registro", "codigo"),
}
_EMAIL_NAMES: Final = (
    "correo",
    "correo electronico",
    "email",
    "e mail",
    "mail",
    "correo del cliente",
    "email del cliente",
    "customer email",
    "contact email",
)

# Common header names per kind, in both languages. Keys are schema field names; names whose field
# a schema does not have are dropped (so a renamed field only needs its new name added here).
HEADER_NAMES: Final[dict[Kind, dict[str, tuple[str, ...]]]] = {
    "companies": {
        **_SOURCE_AND_ID,
        "name": (
            "nombre",
            "empresa",
            "compania",
            "company",
            "company name",
            "razon social",
            "nombre de la empresa",
            "account",
            "account name",
            "cuenta",
        ),
        "domain": ("dominio", "sitio web", "web", "website"),
        "country": ("pais", "country"),
        "industry": ("industria", "sector", "giro"),
        "plan": ("plan", "plan contratado"),
        "seats": ("asientos", "licencias", "puestos", "licenses", "licences", "users", "usuarios"),
        "price_per_user": (
            "precio por usuario",
            "precio por licencia",
            "precio por asiento",
            "price per user",
            "price per seat",
        ),
        "currency": ("moneda", "divisa"),
        "contract_start": (
            "inicio de contrato",
            "inicio del contrato",
            "inicio contrato",
            "fecha de inicio",
            "contract start",
            "start date",
        ),
        "renewal_date": ("renovacion", "fecha de renovacion", "renewal", "renewal date"),
        "arr": ("ingreso anual", "ingresos anuales recurrentes", "annual recurring revenue"),
        "account_manager_email": (
            "gerente de cuenta",
            "ejecutivo de cuenta",
            "responsable",
            "account manager",
            "correo del gerente",
        ),
        "health": ("salud", "estado de salud", "health"),
        "health_score": ("puntaje de salud", "puntuacion de salud", "health score"),
        "notes": ("notas", "observaciones", "notes"),
    },
    "contacts": {
        **_SOURCE_AND_ID,
        "name": ("nombre", "nombre completo", "full name", "contacto", "contact"),
        "company_external_id": (
            "empresa",
            "compania",
            "company",
            "id externo de la empresa",
            "empresa id externo",
            "company external id",
        ),
        "job_title": ("cargo", "puesto", "job title", "title", "titulo", "position"),
        "emails": ("correos", "correos electronicos", *_EMAIL_NAMES),
        "phones": ("telefono", "telefonos", "celular", "movil", "phone", "phones", "mobile"),
        "handles": ("redes", "redes sociales", "usuarios en redes", "social", "handles"),
        "language": ("idioma", "lengua", "language"),
        "country": ("pais", "country"),
        "address_form": (
            "trato",
            "registro",
            "tratamiento",
            "forma de tratamiento",
            "register",
            "address form",
        ),
        "audience_size": (
            "seguidores",
            "audiencia",
            "tamano de audiencia",
            "followers",
            "audience",
            "audience size",
        ),
    },
    "orders": {
        "source": _SOURCE_AND_ID["source"],
        "external_id": (*_SOURCE_AND_ID["external_id"], "order id", "id del pedido"),
        "number": ("numero", "numero de pedido", "pedido", "folio", "order", "order number"),
        "contact_email": _EMAIL_NAMES,
        "status": ("estado", "estatus", "status"),
        "total": ("total", "importe", "monto", "amount"),
        "currency": ("moneda", "divisa"),
        "placed_at": ("fecha", "fecha de compra", "fecha del pedido", "order date", "date"),
        "items": ("articulos", "productos", "lineas", "items", "products"),
    },
    "satisfaction": {
        "source": _SOURCE_AND_ID["source"],
        "external_id": (*_SOURCE_AND_ID["external_id"], "response id", "id de respuesta"),
        "contact_email": _EMAIL_NAMES,
        "ticket_id": ("ticket", "caso", "ticket id"),
        "kind": ("tipo", "encuesta", "type", "survey"),
        "score": ("puntaje", "puntuacion", "calificacion", "nota", "score", "rating"),
        "comment": ("comentario", "comentarios", "comment", "comments"),
        "responded_at": ("fecha", "fecha de respuesta", "respondido", "responded at", "date"),
    },
}


def fold(text: str) -> str:
    """Lower case without accents or punctuation: how headers and word values are compared."""
    bare = fold_text(text.replace("\ufeff", ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def as_kind(value: str) -> Kind:
    """``value`` as a kind of CRM data, or a clear error."""
    for kind in KINDS:
        if value == kind:
            return kind
    raise ValidationFailed(
        f"'{value}' is not a kind of CRM data ({', '.join(KINDS)}).", fields={"kind": value}
    )


def fields_of(kind: Kind) -> list[str]:
    """The schema field names of ``kind``, in declaration order (also the export header)."""
    return list(SCHEMAS[kind].model_fields)


def required_fields(kind: Kind) -> list[str]:
    return [name for name, info in SCHEMAS[kind].model_fields.items() if info.is_required()]


def known_headers(kind: Kind) -> dict[str, str]:
    """Folded header name -> field, for every name accepted without an explicit mapping."""
    fields = fields_of(kind)
    names = {fold(field): field for field in fields}
    for field, aliases in HEADER_NAMES[kind].items():
        if field in fields:
            for alias in aliases:
                names.setdefault(fold(alias), field)
    return names


@dataclass(frozen=True)
class ColumnMapping:
    """Explicit column -> field choices; ``strict`` ones must name a column of the file."""

    fields: Mapping[str, str]
    strict: frozenset[str] = frozenset()

    @classmethod
    def combine(cls, from_file: Mapping[str, str], from_options: Sequence[str]) -> ColumnMapping:
        """A mapping file's entries overridden by ``Column=field`` options."""
        options = parse_map_options(from_options)
        merged = {fold(k): v for k, v in from_file.items()}
        merged.update({fold(k): v for k, v in options.items()})
        return cls(fields=merged, strict=frozenset(fold(k) for k in options))


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """Parse ``Column=field`` strings; the column is everything before the last ``=``."""
    parsed: dict[str, str] = {}
    for option in options:
        column, sep, field = option.rpartition("=")
        if not sep or not column.strip():
            raise ValidationFailed(
                f"Column mapping '{option}' must look like 'Column=field' (or 'Column=-' to skip).",
                fields={"map": option},
            )
        parsed[column.strip()] = field.strip() or SKIP
    return parsed


def load_mapping_file(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Read a JSON or TOML mapping: ``{"Column": "field"}``, or ``columns`` plus options.

    Returns the column mapping and the options found beside it (``kind``, ``source``).
    """
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json_value(text)
    except (OSError, ValueError) as exc:  # JSONDecodeError, TOMLDecodeError, UnicodeDecodeError
        raise ValidationFailed(
            f"Cannot read the mapping file {path.name}: {exc}", fields={"mapping_file": str(path)}
        ) from None
    if not isinstance(data, dict):
        raise ValidationFailed(
            "A mapping file must hold a table of 'Column': 'field'.",
            fields={"mapping_file": str(path)},
        )
    options: dict[str, str] = {}
    if isinstance(data.get("columns"), dict):
        options = {k: str(v) for k, v in data.items() if k in {"kind", "source"}}
        data = data["columns"]
    columns = {str(k): str(v) for k, v in data.items() if isinstance(v, str)}
    if len(columns) != len(data):
        raise ValidationFailed(
            "Every entry of a mapping file must map a column to a field name.",
            fields={"mapping_file": str(path)},
        )
    return columns, options


@dataclass(frozen=True)
class ColumnPlan:
    """For each column of the file (by position), the field it feeds, or None when skipped."""

    kind: Kind
    headers: tuple[str, ...]
    targets: tuple[str | None, ...]

    def column_of(self, field: str) -> str:
        """The header of the column that feeds ``field`` (for messages)."""
        for header, target in zip(self.headers, self.targets, strict=True):
            if target == field:
                return header
        return field


def plan_columns(
    headers: Sequence[str], kind: Kind, mapping: ColumnMapping, *, ignore_unknown: bool = False
) -> ColumnPlan:
    """Decide each column's field, or raise naming every column that cannot be placed."""
    fields = fields_of(kind)
    by_fold = {fold(f): f for f in fields}
    known = known_headers(kind)
    folded = [fold(h) for h in headers]
    problems: dict[str, str] = {}
    for column in sorted(mapping.strict - set(folded)):
        problems[column] = "mapped, but the file has no such column"
    targets: list[str | None] = []
    for header, key in zip(headers, folded, strict=True):
        chosen = mapping.fields.get(key)
        if chosen is not None:
            target = None if chosen == SKIP else by_fold.get(fold(chosen))
            if chosen != SKIP and target is None:
                problems[header] = f"'{chosen}' is not a field of {kind}"
            targets.append(target)
        elif key in known:
            targets.append(known[key])
        elif ignore_unknown:
            targets.append(None)
        else:
            label = header if header.strip() else "(column without a name)"
            problems[label] = "unknown column"
            targets.append(None)
    seen: dict[str, str] = {}
    for header, target in zip(headers, targets, strict=True):
        if target is None:
            continue
        if target in seen:
            problems[header] = f"feeds {target}, like column '{seen[target]}'"
        seen.setdefault(target, header)
    if problems:
        detail = "; ".join(f"'{c}': {why}" for c, why in problems.items())
        hint = f"Fields of {kind}: {', '.join(fields)}."
        if "unknown column" in problems.values():
            hint = (
                "Map a column to a field with 'Column=field' (--map, or the map parameter), "
                f"or ignore unknown columns. {hint}"
            )
        raise ValidationFailed(f"The columns do not fit {kind}: {detail}. {hint}", fields=problems)
    missing = [f for f in required_fields(kind) if f not in seen]
    if missing:
        raise ValidationFailed(
            f"A {kind} file needs the column(s) {', '.join(missing)}.",
            fields=dict.fromkeys(missing, "missing column"),
        )
    return ColumnPlan(kind=kind, headers=tuple(headers), targets=tuple(targets))


def infer_kind(headers: Sequence[str], mapping: ColumnMapping) -> Kind:
    """The kind whose columns the headers match best; ambiguous or unknown files are refused."""
    scores: dict[Kind, tuple[int, int]] = {}
    for kind in KINDS:
        known = known_headers(kind)
        mapped_fields = {fold(f) for f in fields_of(kind)}
        matched: set[str] = set()
        for header in headers:
            chosen = mapping.fields.get(fold(header))
            if chosen is not None and chosen != SKIP:
                if fold(chosen) in mapped_fields:
                    matched.add(fold(chosen))
            elif chosen is None and fold(header) in known:
                matched.add(fold(known[fold(header)]))
        has_required = all(fold(f) in matched for f in required_fields(kind))
        scores[kind] = (int(has_required), len(matched))
    best = max(scores.values())
    winners = [k for k, score in scores.items() if score == best]
    if best[0] == 0 or len(winners) > 1:
        reason = (
            f"it could be {' or '.join(winners)}"
            if best[0] and len(winners) > 1
            else "its columns do not match any kind"
        )
        raise ValidationFailed(
            f"Cannot tell what the file holds ({reason}); name the kind "
            f"(--kind {'|'.join(KINDS)}).",
            fields={"kind": "cannot be inferred"},
        )
    return winners[0]
