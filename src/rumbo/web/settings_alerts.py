"""Alert rules: when a listening signal becomes an alert, how severe, and who is told.

The form is parsed here into the listening schemas; the listening actions check and store the
rule. Every problem is shown beside its field and the form keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Final, get_args

from fastapi import APIRouter, Depends, Form
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.errors import ValidationFailed
from rumbo.listening import actions as listening_actions
from rumbo.listening import queries as listening_queries
from rumbo.listening.models import SEVERITIES, AlertRule
from rumbo.listening.schemas import AlertRuleIn, AlertRulePatch, SignalKind
from rumbo.web.deps import CurrentPage, FormText, Page, PageError, rumbo_of
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import message
from rumbo.web.settings_common import (
    CsrfChecked,
    field_errors,
    flash,
    render,
    require_section,
    writing,
)

router = APIRouter()
FormList = Annotated[list[str], Form()]

KINDS: Final = get_args(SignalKind)
KIND_NAMES: Final = {
    "burst": N_("Pico de menciones"),
    "new_term": N_("Término nuevo"),
    "negative_share": N_("Aumento del tono negativo"),
    "influencer": N_("Cuenta influyente"),
    "keyword": N_("Palabra vigilada"),
}
SEVERITY_NAMES: Final = {
    "low": N_("Baja"),
    "medium": N_("Media"),
    "high": N_("Alta"),
    "critical": N_("Crítica"),
}
# What the listening actions refuse, by the field they name, in the page's words.
RULE_PROBLEMS: Final = {
    "terms": N_("Una regla con umbral cuenta menciones de sus términos: escribe al menos uno."),
    "quiet_end": N_("Las horas de silencio necesitan un inicio y un fin."),
    "timezone": N_("No es una zona horaria conocida (por ejemplo, America/Mexico_City)."),
}


@dataclass
class RuleForm:
    """The rule's fields as the form shows them (text), kept as typed when refused."""

    name: str = ""
    active: bool = True
    terms: str = ""
    kinds: list[str] = field(default_factory=list)
    min_severity: str = "low"
    min_score: str = "0"
    threshold: str = ""
    window_minutes: str = "60"
    severity: str = ""
    channels: str = ""
    quiet_start: str = ""
    quiet_end: str = ""
    timezone: str = ""

    @classmethod
    def of(cls, rule: AlertRule) -> RuleForm:
        return cls(
            name=rule.name,
            active=rule.active,
            terms="\n".join(rule.terms),
            kinds=list(rule.kinds),
            min_severity=rule.min_severity,
            min_score=f"{rule.min_score:g}",
            threshold="" if rule.threshold is None else str(rule.threshold),
            window_minutes=str(rule.window_minutes),
            severity=rule.severity or "",
            channels="\n".join(f"{c['notifier']}: {c['target']}" for c in rule.channels),
            quiet_start=rule.quiet_start or "",
            quiet_end=rule.quiet_end or "",
            timezone=rule.timezone or "",
        )

    def values(self, notifiers: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
        """The fields for the schema, and the problems found before the schema sees them."""
        problems: dict[str, str] = {}
        channels: list[dict[str, str]] = []
        for number, line in enumerate(self.channels.splitlines(), start=1):
            if not line.strip():
                continue
            notifier, _sep, target = line.partition(":")
            notifier, target = notifier.strip().lower(), target.strip()
            if notifier not in notifiers or not target:
                problems.setdefault(
                    "channels",
                    gettext(
                        N_("Línea {line}: escribe «tipo: destino», con un tipo de {known}.")
                    ).format(line=number, known=", ".join(sorted(notifiers))),
                )
                continue
            channels.append({"notifier": notifier, "target": target})
        terms = [t.strip() for chunk in self.terms.splitlines() for t in chunk.split(",")]
        return {
            "name": self.name,
            "active": self.active,
            "terms": [t for t in terms if t],
            "kinds": self.kinds,
            "min_severity": self.min_severity,
            "min_score": self.min_score.strip() or "0",
            "threshold": self.threshold.strip() or None,
            "window_minutes": self.window_minutes.strip() or "60",
            "severity": self.severity or None,
            "channels": channels,
            "quiet_start": self.quiet_start.strip() or None,
            "quiet_end": self.quiet_end.strip() or None,
            "timezone": self.timezone.strip() or None,
        }, problems


def _rule_id(raw: str) -> int:
    if not raw.isdigit():
        raise PageError(404, message("not_found_title"), gettext(N_("Esa regla no existe.")))
    return int(raw)


def _names() -> dict[str, dict[str, str]]:
    return {
        "kinds": {k: gettext(v) for k, v in KIND_NAMES.items()},
        "severities": {k: gettext(v) for k, v in SEVERITY_NAMES.items()},
    }


def _notifiers(page: Page) -> set[str]:
    return set(rumbo_of(page.request).plugins.notifiers)


@router.get("/settings/alert-rules")
def rule_list(page: CurrentPage) -> HTMLResponse:
    """Every rule, active or not, with what it watches and where it sends its alerts."""
    require_section(page, "alert-rules")
    return render(
        page,
        "alert-rules",
        "settings/alert_rules.html",
        rules=listening_queries.list_rules(page.session),
        names=_names(),
    )


def _form_page(
    page: Page,
    form: RuleForm,
    *,
    rule_id: int | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        page,
        "alert-rules",
        "settings/alert_rule_form.html",
        status_code=422 if errors else 200,
        form=form,
        rule_id=rule_id,
        errors=errors or {},
        kinds=KINDS,
        severities=SEVERITIES,
        notifiers=sorted(_notifiers(page)),
        names=_names(),
    )


@router.get("/settings/alert-rules/new")
def new_rule(page: CurrentPage) -> HTMLResponse:
    require_section(page, "alert-rules")
    return _form_page(page, RuleForm())


@router.get("/settings/alert-rules/{rule_id}")
def edit_rule(rule_id: str, page: CurrentPage) -> HTMLResponse:
    require_section(page, "alert-rules")
    rule = listening_queries.get_rule(page.session, _rule_id(rule_id))
    if rule is None:
        raise PageError(404, message("not_found_title"), gettext(N_("Esa regla no existe.")))
    return _form_page(page, RuleForm.of(rule), rule_id=rule.id)


def _submitted(
    name: FormText = "",
    active: FormText = "",
    terms: FormText = "",
    kinds: FormList = [],  # noqa: B006 - FastAPI copies form defaults per request
    min_severity: FormText = "low",
    min_score: FormText = "0",
    threshold: FormText = "",
    window_minutes: FormText = "60",
    severity: FormText = "",
    channels: FormText = "",
    quiet_start: FormText = "",
    quiet_end: FormText = "",
    timezone: FormText = "",
) -> RuleForm:
    """The rule form as submitted (a dependency: creating and editing read the same fields)."""
    return RuleForm(
        name=name,
        active=bool(active),
        terms=terms,
        kinds=[k for k in kinds if k],
        min_severity=min_severity,
        min_score=min_score,
        threshold=threshold,
        window_minutes=window_minutes,
        severity=severity,
        channels=channels,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        timezone=timezone,
    )


def _save(page: Page, form: RuleForm, rule_id: int | None) -> Response:
    """Check and store the rule; any problem brings the form back with it beside its field."""
    values, errors = form.values(_notifiers(page))
    try:
        data: AlertRuleIn | AlertRulePatch = (
            AlertRuleIn.model_validate(values)
            if rule_id is None
            else AlertRulePatch.model_validate(values)
        )
    except ValidationError as exc:
        errors = {**field_errors(exc), **errors}
    if errors:
        return _form_page(page, form, rule_id=rule_id, errors=errors)
    try:
        with writing(page) as ctx:
            if isinstance(data, AlertRuleIn):
                rule = listening_actions.add_rule(ctx, data)
            else:
                rule = listening_actions.update_rule(ctx, rule_id or 0, data)
            saved_name = rule.name
    except ValidationFailed as exc:
        refused = {
            key: gettext(RULE_PROBLEMS.get(key, N_("El valor no es válido.")))
            for key in exc.fields or {"name": ""}
        }
        return _form_page(page, form, rule_id=rule_id, errors=refused)
    flash(page, gettext(N_("Se guardó la regla «{name}».")).format(name=saved_name))
    return RedirectResponse("/settings/alert-rules", status_code=303)


SubmittedRule = Annotated[RuleForm, Depends(_submitted)]


@router.post("/settings/alert-rules")
def create_rule(
    page: CurrentPage,
    _csrf: CsrfChecked,
    form: SubmittedRule,
) -> Response:
    require_section(page, "alert-rules")
    return _save(page, form, None)


@router.post("/settings/alert-rules/{rule_id}")
def update_rule(
    rule_id: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    form: SubmittedRule,
) -> Response:
    require_section(page, "alert-rules")
    return _save(page, form, _rule_id(rule_id))


@router.post("/settings/alert-rules/{rule_id}/active")
def set_rule_active(
    rule_id: str, page: CurrentPage, _csrf: CsrfChecked, active: FormText = ""
) -> Response:
    """Switch a rule off (or back on) without touching the rest of it."""
    require_section(page, "alert-rules")
    with writing(page) as ctx:
        rule = listening_actions.update_rule(
            ctx, _rule_id(rule_id), AlertRulePatch(active=active == "1")
        )
        name, now_active = rule.name, rule.active
    text = (
        N_("La regla «{name}» está activa.")
        if now_active
        else N_("La regla «{name}» quedó desactivada.")
    )
    flash(page, gettext(text).format(name=name))
    return RedirectResponse("/settings/alert-rules", status_code=303)
