"""What the ticket page offers for the reply box: macros, and the incident customers ask about.

While an incident is active and has published a status update, the page shows that update in a
banner, and an automatic macro built from it comes first. Stored macros get their fields filled
for this ticket (see :mod:`rumbo.macros.fields`), so the text inserted is the text sent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rumbo.crisis import queries as crisis_queries
from rumbo.crisis.models import Incident, StatusUpdate
from rumbo.crm.models import Contact
from rumbo.macros import queries as macro_queries
from rumbo.macros.actions import USE
from rumbo.macros.fields import fill, first_name
from rumbo.tickets.models import Ticket
from rumbo.web.deps import Page
from rumbo.web.i18n import N_, gettext, in_language

INCIDENT_KEY = "incidente"
# Written in the ticket's language, whatever the agent's: it is meant for the customer.
INCIDENT_TITLE = N_("Estado del incidente")
INCIDENT_TEXT = N_(
    "Hola, {nombre}:\n\nTe escribimos sobre «{titulo}». Esto es lo último que sabemos:\n\n"
    "{incidente}\n\nTe avisaremos en cuanto haya novedades."
)


@dataclass(frozen=True)
class IncidentBanner:
    incident: Incident
    update: StatusUpdate
    linked: bool  # the ticket is one of the incident's linked tickets


@dataclass(frozen=True)
class MacroOption:
    key: str  # "incidente" for the automatic macro, else the stored macro's id
    title: str
    text: str
    dropped_incident: bool  # a sentence with {incidente} was removed: no incident is active


@dataclass(frozen=True)
class MacroPanel:
    banners: list[IncidentBanner]
    options: list[MacroOption]
    note: str | None  # what the last insertion wants the agent to know
    can_open_incident: bool

    def option(self, key: str) -> MacroOption | None:
        return next((o for o in self.options if o.key == key), None)


def ticket_language(ticket: Ticket) -> str | None:
    return ticket.language if ticket.language in {"es", "en"} else None


def macro_panel(page: Page, ticket: Ticket, contact: Contact | None) -> MacroPanel:
    language = ticket_language(ticket)
    banners = [
        IncidentBanner(incident, update, ticket.id in incident.ticket_ids)
        for incident, update in crisis_queries.current_statuses(page.session, language=language)
    ]
    # The incident this ticket is linked to speaks for it; else the one with the newest news.
    banners.sort(key=lambda b: not b.linked)
    if not page.allows(USE):
        return MacroPanel(banners, [], None, page.allows("incidents.read"))
    name = first_name(contact.name if contact else None)
    current = banners[0].update if banners else None
    incident_text = current.body if current else None
    options: list[MacroOption] = []
    if current is not None:
        # The update's language: the ticket's when one was published in it, and never a mix.
        template = in_language(current.language, INCIDENT_TEXT)
        filled = fill(
            template.replace("{titulo}", current.title), first_name=name, incident=incident_text
        )
        options.append(MacroOption(INCIDENT_KEY, gettext(INCIDENT_TITLE), filled.text, False))
    for macro in macro_queries.list_macros(page.session):
        filled = fill(macro.body, first_name=name, incident=incident_text)
        options.append(
            MacroOption(str(macro.id), macro.title, filled.text, filled.dropped_incident)
        )
    return MacroPanel(banners, options, None, page.allows("incidents.read"))


def insert_macro(panel: MacroPanel, key: str, draft: str) -> tuple[str, MacroPanel]:
    """The reply text with the chosen macro added after what was already written."""
    option = panel.option(key)
    if option is None:
        return draft, replace(panel, note=gettext("Esa macro ya no existe. Elige otra."))
    text = f"{draft.rstrip()}\n\n{option.text}" if draft.strip() else option.text
    note = (
        gettext(
            "No hay ningún incidente activo con una actualización publicada: se quitó la frase "
            "que lo mencionaba. Revisa el texto antes de enviarlo."
        )
        if option.dropped_incident
        else None
    )
    return text, replace(panel, note=note)
