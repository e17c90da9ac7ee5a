"""The brand voice editor: the YAML, its versions, and the critic run against unsaved edits.

Saving and trying share one form, so neither loses what the other holds: a refused save keeps the
submitted YAML and the sample message, and "Probar" works on the text as it is in the editor.
``static/settings.js`` asks ``/settings/brand/preview.json`` while the person types; without
JavaScript the "Probar" button posts the form and the page comes back with the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from rumbo.drafting.brand import actions as brand_actions
from rumbo.drafting.brand import queries as brand_queries
from rumbo.drafting.critic import CriticContext, Finding, critique
from rumbo.drafting.voice import (
    BrandVoice,
    VoiceInvalid,
    VoiceProblem,
    dump_voice,
    parse_voice,
    voice_from_data,
)
from rumbo.web.deps import CurrentPage, FormText, Page
from rumbo.web.i18n import N_, gettext
from rumbo.web.settings_common import CsrfChecked, flash, render, require_section, writing
from rumbo.web.templating import templates_of

router = APIRouter()

# The channels a sample message may be meant for, as the critic knows them.
CHANNELS: Final = ("", "email", "chat", "social", "sms", "statement", "reply")
CHANNEL_NAMES: Final = {
    "": N_("Cualquiera"),
    "email": N_("Correo"),
    "chat": N_("Chat"),
    "social": N_("Redes sociales"),
    "sms": N_("SMS"),
    "statement": N_("Comunicado"),
    "reply": N_("Respuesta a un ticket"),
}
SEVERITY_NAMES: Final = {"error": N_("Error"), "warning": N_("Aviso"), "info": N_("Nota")}
SAMPLE_LIMIT = 20_000
VOICE_LIMIT = 100_000


@dataclass
class Editor:
    """What the form holds: kept as submitted whatever happens to it."""

    voice: str = ""
    note: str = ""
    sample: str = ""
    channel: str = ""
    language: str = "es"
    problems: list[VoiceProblem] = field(default_factory=list)
    findings: list[Finding] | None = None  # None: the critic has not been asked


def _problem_text(problem: VoiceProblem) -> str:
    where = (
        gettext(N_("Línea {line}")).format(line=problem.line)
        if problem.line
        else gettext(N_("Documento"))
    )
    return (
        f"{where}: {problem.field}: {problem.message}"
        if problem.field
        else f"{where}: {problem.message}"
    )


def _critique(editor: Editor, voice: BrandVoice | None) -> list[Finding]:
    """The critic on the sample, as drafts for this channel would be checked with ``voice``."""
    ctx = CriticContext(
        language=editor.language, channel=editor.channel or None, voice=voice, kind="message"
    )
    return critique(editor.sample, ctx)


def _submitted(
    voice: FormText = "",
    note: FormText = "",
    sample: FormText = "",
    channel: FormText = "",
    language: FormText = "es",
) -> Editor:
    """The form the save and both previews share, as submitted, within its limits."""
    return Editor(
        voice=voice[:VOICE_LIMIT],
        note=note.strip()[:300],
        sample=sample[:SAMPLE_LIMIT],
        channel=channel if channel in CHANNELS else "",
        language=language if language in ("es", "en") else "es",
    )


Submitted = Annotated[Editor, Depends(_submitted)]


def _read_into(editor: Editor) -> BrandVoice | None:
    """The voice the editor holds, its problems noted on the editor (None when it has any)."""
    try:
        return parse_voice(editor.voice)
    except VoiceInvalid as exc:
        editor.problems = exc.problems
        return None


def _page(
    page: Page, editor: Editor, *, status_code: int = 200, shown: int | None = None
) -> HTMLResponse:
    record = brand_queries.get_record(page.session)
    return render(
        page,
        "brand",
        "settings/brand.html",
        status_code=status_code,
        editor=editor,
        record=record,
        versions=brand_queries.list_versions(page.session),
        shown_version=shown,
        problems=[_problem_text(p) for p in editor.problems],
        channels=[(c, gettext(CHANNEL_NAMES[c])) for c in CHANNELS],
        severity_names=_severity_names(),
    )


@router.get("/settings/brand")
def brand_page(page: CurrentPage) -> HTMLResponse:
    """The current voice in the editor, or an older version loaded with ``?version=N``."""
    require_section(page, "brand")
    current = brand_queries.current_voice(page.session)
    text = dump_voice(current) if current is not None else ""
    shown: int | None = None
    raw = page.request.query_params.get("version", "")
    if raw.isdigit() and (old := brand_queries.get_version(page.session, int(raw))) is not None:
        text, shown = dump_voice(voice_from_data(old.document)), old.version
    language = current.languages[0] if current is not None and current.languages else "es"
    return _page(page, Editor(voice=text, language=language), shown=shown)


@router.post("/settings/brand")
def save_brand(page: CurrentPage, _csrf: CsrfChecked, editor: Submitted) -> Response:
    """Store the edited voice as a new version; a broken one comes back with its lines."""
    require_section(page, "brand")
    parsed = _read_into(editor)
    if parsed is None:
        return _page(page, editor, status_code=422)
    with writing(page) as ctx:
        record, changed = brand_actions.save_voice(ctx, parsed, note=editor.note or None)
        version = record.version
    flash(
        page,
        gettext(N_("Se guardó la versión {version} de la voz.")).format(version=version)
        if changed
        else gettext(N_("La voz no cambió: no se creó otra versión.")),
    )
    return RedirectResponse("/settings/brand", status_code=303)


@router.post("/settings/brand/preview")
def preview_brand(page: CurrentPage, _csrf: CsrfChecked, editor: Submitted) -> HTMLResponse:
    """The page again, texts kept, with what the critic says of the sample under this voice."""
    require_section(page, "brand")
    parsed = _read_into(editor)
    editor.findings = _critique(editor, parsed)
    return _page(page, editor)


@router.post("/settings/brand/preview.json")
def preview_brand_json(page: CurrentPage, _csrf: CsrfChecked, editor: Submitted) -> JSONResponse:
    """The same preview for the script: findings and voice problems, worded for the page."""
    require_section(page, "brand")
    parsed = _read_into(editor)
    editor.findings = _critique(editor, parsed)
    problems = [_problem_text(p) for p in editor.problems]
    # The markup is the page's own partial, so the script never builds HTML from data.
    html = templates_of(page.request).render(
        "settings/_findings.html",
        {"editor": editor, "problems": problems, "severity_names": _severity_names()},
    )
    return JSONResponse(
        {
            "findings": [_finding_json(f) for f in editor.findings],
            "problems": problems,
            "html": html,
        },
        headers={"Cache-Control": "no-store"},
    )


def _severity_names() -> dict[str, str]:
    return {k: gettext(v) for k, v in SEVERITY_NAMES.items()}


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "severity_label": gettext(SEVERITY_NAMES.get(finding.severity, N_("Nota"))),
        "message": finding.message,
        "suggestion": finding.suggestion,
        "excerpt": finding.excerpt,
    }
