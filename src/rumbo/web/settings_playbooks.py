"""Crisis playbooks: the YAML in force for each incident type, new versions and their history.

A new version is typed into the editor or imported from a file; a refused one comes back with
each problem as ``FILE:LINE: field: message`` and the text kept in the editor.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.crisis.models import INCIDENT_TYPES, PlaybookVersion
from rumbo.crisis.playbook import PlaybookInvalid, Problem, parse_playbook
from rumbo.crisis.playbooks_store import current_text, import_playbook, versions
from rumbo.web.deps import CurrentPage, FormText, Page, PageError
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import message
from rumbo.web.settings_common import CsrfChecked, flash, render, require_section, writing

router = APIRouter()
UploadedFile = Annotated[UploadFile | None, File()]
PLAYBOOK_LIMIT = 200_000


def problem_line(file_name: str, problem: Problem) -> str:
    """``outage.yaml:12: stages.0.tasks: message``, the form editors and linters use."""
    where = f"{file_name}:{problem.line}" if problem.line else file_name
    return (
        f"{where}: {problem.field}: {problem.message}"
        if problem.field
        else f"{where}: {problem.message}"
    )


def _incident_type(raw: str) -> str:
    if raw not in INCIDENT_TYPES:
        raise PageError(
            404, message("not_found_title"), gettext(N_("No hay playbooks de ese tipo."))
        )
    return raw


@router.get("/settings/playbooks")
def playbook_list(page: CurrentPage) -> HTMLResponse:
    """Every incident type with the playbook it follows now: an imported version or Rumbo's."""
    require_section(page, "playbooks")
    rows = []
    for incident_type in INCIDENT_TYPES:
        text, stored = current_text(page.session, incident_type)
        try:
            name = parse_playbook(text, f"{incident_type}.yaml").name
        except PlaybookInvalid:  # a shipped file is checked by the tests; be safe all the same
            name = incident_type
        rows.append({"type": incident_type, "name": name, "stored": stored})
    return render(page, "playbooks", "settings/playbooks.html", rows=rows)


def _detail(
    page: Page,
    incident_type: str,
    *,
    text: str | None = None,
    note: str = "",
    problems: list[str] | None = None,
) -> HTMLResponse:
    current, stored = current_text(page.session, incident_type)
    history = versions(page.session, incident_type)
    shown: PlaybookVersion | None = None
    raw = page.request.query_params.get("version", "")
    if text is None and raw.isdigit():
        shown = next((v for v in history if v.version == int(raw)), None)
    return render(
        page,
        "playbooks",
        "settings/playbook.html",
        status_code=422 if problems else 200,
        incident_type=incident_type,
        stored=stored,
        shown=shown,
        text=text if text is not None else (shown.source_yaml if shown else current),
        note=note,
        problems=problems or [],
        history=history,
    )


@router.get("/settings/playbooks/{incident_type}")
def playbook_detail(incident_type: str, page: CurrentPage) -> HTMLResponse:
    require_section(page, "playbooks")
    return _detail(page, _incident_type(incident_type))


@router.post("/settings/playbooks/{incident_type}")
def playbook_import(
    incident_type: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    yaml: FormText = "",
    note: FormText = "",
    file: UploadedFile = None,
) -> Response:
    """Store the editor's text (or the uploaded file) as the next version, once it is valid."""
    require_section(page, "playbooks")
    chosen = _incident_type(incident_type)
    file_name = f"{chosen}.yaml"
    text = yaml
    if file is not None and file.filename:
        raw = file.file.read(PLAYBOOK_LIMIT + 1)
        file_name = file.filename.rsplit("/", 1)[-1][:100]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problem = gettext(N_("el archivo no es texto UTF-8"))
            return _detail(page, chosen, text=yaml, note=note, problems=[f"{file_name}: {problem}"])
    text = text.replace("\r\n", "\n")[:PLAYBOOK_LIMIT]
    try:
        spec = parse_playbook(text, file_name)
    except PlaybookInvalid as exc:
        lines = [problem_line(file_name, p) for p in exc.problems]
        return _detail(page, chosen, text=text, note=note, problems=lines)
    with writing(page) as ctx:
        stored = import_playbook(ctx, text, note=note.strip() or None)
        version, saved_type = stored.version, stored.incident_type
    flash(
        page,
        gettext(N_("Se guardó la versión {version} del playbook «{name}».")).format(
            version=version, name=spec.name
        ),
    )
    # The document names its own type: an import may belong to another page than this one.
    return RedirectResponse(f"/settings/playbooks/{saved_type}", status_code=303)
