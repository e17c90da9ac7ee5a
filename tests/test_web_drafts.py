"""Reply drafts on the ticket page and the approval queue, driven like a browser would.

An agent has Rumbo write a reply for a ticket, edits it, lets the critic fix what it found and
asks for approval; someone else approves it and sends it as the ticket's reply. Every step is a
form post with the session's CSRF token; the rules (four eyes, the critic's errors, approval
before sending) are the drafting domain's, and the pages say clearly when one refuses a step.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from rumbo.app import Rumbo
from rumbo.drafting import queries as draft_queries
from rumbo.drafting.models import Draft, DraftDelivery
from rumbo.tickets import queries as ticket_queries
from tests.conftest import make_user
from tests.test_web import PASSWORD, add_customer, add_ticket, csrf_of, message_count, sign_in
from tests.test_web_i18n import spanish_giveaways
from tests.test_web_polish import Controls

# A promise nobody can keep and a gap left for a name: two errors the critic catches.
WITH_ERRORS = (
    "Hola, [nombre del cliente]:\n\n"
    "Revisamos tu pedido PED-1001. Te garantizamos al 100 % que llega mañana.\n\n"
    "Si necesitas algo más, escríbenos a soporte@ruiz.example."
)


def browser(app: Rumbo, role: str, name: str) -> TestClient:
    email = f"{name}@example.com"
    make_user(app, email, role, PASSWORD)
    client = TestClient(app.asgi())
    assert sign_in(client, email).status_code == 303
    return client


def ticket_for_ana(app: Rumbo) -> int:
    return add_ticket(app, "Pedido incompleto", contact_id=add_customer(app))


def post(client: TestClient, path: str, page: str, **fields: str):
    """Submit a form of the page at ``page`` (its CSRF token) to ``path``."""
    token = csrf_of(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **fields}, follow_redirects=False)


def generate(app: Rumbo, client: TestClient, ticket_id: int) -> Draft:
    answer = post(client, f"/tickets/{ticket_id}/draft", f"/tickets/{ticket_id}")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/tickets/{ticket_id}#borrador"
    return latest(app, ticket_id)


def latest(app: Rumbo, ticket_id: int) -> Draft:
    with app.reading() as session:
        draft = draft_queries.latest_for_ticket(session, ticket_id)
        assert draft is not None
        session.expunge_all()
        return draft


def stored(app: Rumbo, draft_id: int) -> Draft:
    with app.reading() as session:
        draft = draft_queries.get_draft(session, draft_id)
        assert draft is not None
        session.expunge_all()
        return draft


def write_and_check(client: TestClient, ticket_id: int, draft_id: int, text: str) -> None:
    page = f"/tickets/{ticket_id}"
    answer = post(client, f"/drafts/{draft_id}/check", page, text=text, origin="ticket")
    assert answer.status_code == 303


def codes_shown(html: str) -> set[str]:
    return set(re.findall(r'data-finding="([a-z_]+)"', html))


def start(app: Rumbo) -> tuple[TestClient, int, Draft]:
    """An agent with a draft written for Ana's ticket."""
    agent = browser(app, "agent", "agente")
    ticket_id = ticket_for_ana(app)
    return agent, ticket_id, generate(app, agent, ticket_id)


def test_a_draft_is_written_for_the_ticket_and_its_findings_marked_in_the_text(app: Rumbo):
    agent = browser(app, "agent", "agente")
    ticket_id = ticket_for_ana(app)
    page = agent.get(f"/tickets/{ticket_id}").text
    assert "Borrador de respuesta" in page
    assert "Generar borrador" in page
    with app.reading() as session:  # showing the page wrote nothing
        assert session.scalar(select(func.count()).select_from(Draft)) == 0

    draft = generate(app, agent, ticket_id)
    assert draft.ticket_id == ticket_id
    assert draft.language == "es"
    assert draft.understood["resolved_register"] == "tu"  # Ana's form of address in the CRM
    assert draft.customer_email == "ana@ruiz.mx"
    page = agent.get(f"/tickets/{ticket_id}").text
    assert "Borrador generado." in page
    words = draft.versions[0].text
    assert "Ana" in words
    assert f'id="draft-text-{draft.id}"' in page  # the words, editable
    assert "Revisar de nuevo" in page

    write_and_check(agent, ticket_id, draft.id, WITH_ERRORS)
    page = agent.get(f"/tickets/{ticket_id}").text
    assert {"unfilled_placeholder", "overpromise"} <= codes_shown(page)
    # Each span is marked in the text, its code and message readable by a screen reader.
    mark = re.search(r'<mark class="finding-mark finding-mark--error"[^>]*>([^<]*)<span', page)
    assert mark is not None
    assert mark[1] == "[nombre del cliente]"
    assert "unfilled_placeholder:" in page
    assert re.search(r"Hay \d+ errores del revisor: no se puede aprobar", page)


def test_one_click_fix_removes_the_finding(app: Rumbo):
    agent, ticket_id, draft = start(app)
    write_and_check(agent, ticket_id, draft.id, WITH_ERRORS)
    before = stored(app, draft.id).version

    answer = post(
        agent,
        f"/drafts/{draft.id}/fix",
        f"/tickets/{ticket_id}",
        code="unfilled_placeholder",
        origin="ticket",
    )
    assert answer.status_code == 303
    page = agent.get(f"/tickets/{ticket_id}").text
    assert "Corrección aplicada." in page
    assert "unfilled_placeholder" not in codes_shown(page)
    assert "overpromise" in codes_shown(page)  # the other finding waits for its own fix
    fixed = stored(app, draft.id)
    assert fixed.version == before + 1
    words = next(v.text for v in fixed.versions if v.version == fixed.version)
    assert words.startswith("Hola, Ana:")  # the gap filled from the CRM

    # A finding already gone is said so, not silently ignored.
    again = post(
        agent,
        f"/drafts/{draft.id}/fix",
        f"/tickets/{ticket_id}",
        code="unfilled_placeholder",
        origin="ticket",
    )
    assert again.status_code == 409
    assert "ya no encuentra ese problema" in again.text


def test_approval_is_refused_while_an_error_remains(app: Rumbo):
    agent, ticket_id, draft = start(app)
    write_and_check(agent, ticket_id, draft.id, WITH_ERRORS)
    page = f"/tickets/{ticket_id}"
    assert post(agent, f"/drafts/{draft.id}/submit", page, origin="ticket").status_code == 303
    lead = browser(app, "communications", "comunicacion")

    refused = post(lead, f"/drafts/{draft.id}/approve", page, origin="ticket")
    assert refused.status_code == 409
    assert "no se puede aprobar: el revisor encontró errores" in refused.text.lower()
    assert stored(app, draft.id).status == "in_review"
    assert stored(app, draft.id).approvals == []

    # The errors fixed by the writer, the same reviewer approves.
    for code in ("unfilled_placeholder", "overpromise"):
        fixed = post(agent, f"/drafts/{draft.id}/fix", page, code=code, origin="ticket")
        assert fixed.status_code == 303
    assert post(lead, f"/drafts/{draft.id}/approve", page, origin="ticket").status_code == 303
    assert stored(app, draft.id).status == "approved"


def test_an_approved_draft_is_sent_as_the_tickets_reply_once(app: Rumbo):
    agent, ticket_id, draft = start(app)
    page = f"/tickets/{ticket_id}"
    lead = browser(app, "communications", "comunicacion")
    messages = message_count(app, ticket_id)

    # Nothing unapproved goes out: the page offers no send step, and the route refuses one.
    assert "Enviar como respuesta" not in lead.get(page).text
    early = post(lead, f"/drafts/{draft.id}/send", page, origin="ticket")
    assert early.status_code == 409
    assert "Solo se envía un borrador aprobado" in early.text
    assert message_count(app, ticket_id) == messages

    assert post(agent, f"/drafts/{draft.id}/submit", page, origin="ticket").status_code == 303
    assert post(lead, f"/drafts/{draft.id}/approve", page, origin="ticket").status_code == 303
    assert "Enviar como respuesta" in lead.get(page).text
    sent = post(lead, f"/drafts/{draft.id}/send", page, status="pending", origin="ticket")
    assert sent.status_code == 303
    assert re.fullmatch(rf"/tickets/{ticket_id}#m\d+", sent.headers["location"])

    words = next(v.text for v in draft.versions if v.version == 1)
    with app.reading() as session:
        ticket = ticket_queries.get_ticket(session, ticket_id)
        assert ticket is not None
        reply = ticket.messages[-1]
        assert (reply.author_kind, reply.internal, reply.body) == ("agent", False, words)
        assert ticket.status == "pending"
        assert ticket.first_responded_at is not None
        delivery = session.scalars(select(DraftDelivery)).one()
        assert (delivery.channel, delivery.recipient, delivery.status) == (
            "ticket",
            f"ticket:{ticket_id}",
            "sent",
        )
    assert stored(app, draft.id).status == "sent"
    shown = lead.get(page).text
    assert "Respuesta enviada." in shown
    assert "El último borrador ya se envió como respuesta." in shown

    twice = post(lead, f"/drafts/{draft.id}/send", f"/drafts/{draft.id}", origin="draft")
    assert twice.status_code == 409
    assert "ya se envió" in twice.text
    assert message_count(app, ticket_id) == messages + 1


def test_people_without_the_right_are_refused_with_a_clear_message(app: Rumbo):
    agent, ticket_id, draft = start(app)
    page = f"/tickets/{ticket_id}"
    assert post(agent, f"/drafts/{draft.id}/submit", page, origin="ticket").status_code == 303

    # Another agent: may write drafts, not approve them.
    colleague = browser(app, "agent", "colega")
    shown = colleague.get(page).text
    assert "no permite aprobar borradores" in shown
    assert f'action="/drafts/{draft.id}/approve"' not in shown
    refused = post(colleague, f"/drafts/{draft.id}/approve", page, origin="ticket")
    assert refused.status_code == 403
    assert "Tu rol (Agente de soporte) no permite aprobar borradores." in refused.text

    # Four eyes: whoever wrote the version in review does not approve it, even with the right.
    lead = browser(app, "communications", "comunicacion")
    fix = post(lead, f"/drafts/{draft.id}/check", page, text=WITH_ERRORS, origin="ticket")
    assert fix.status_code == 303
    own = post(lead, f"/drafts/{draft.id}/approve", page, origin="ticket")
    assert own.status_code == 403
    assert "otra persona debe aprobarla" in own.text
    assert stored(app, draft.id).approvals == []


def test_the_queue_lists_drafts_to_review_and_each_has_its_own_page(app: Rumbo):
    agent, ticket_id, draft = start(app)
    lead = browser(app, "communications", "comunicacion")
    assert "No hay borradores con este estado." in lead.get("/drafts").text  # not asked yet

    page = f"/drafts/{draft.id}"
    assert post(agent, f"/drafts/{draft.id}/submit", page, origin="draft").status_code == 303
    queue = lead.get("/drafts").text
    assert f'href="/drafts/{draft.id}"' in queue
    assert f'href="/tickets/{ticket_id}"' in queue
    assert "Pedido incompleto" in queue
    assert "En revisión" in queue
    assert f'href="/drafts/{draft.id}"' not in lead.get("/drafts?status=sent").text
    assert lead.get("/drafts?status=nope").status_code == 400

    detail = lead.get(page).text
    assert "Revisar de nuevo" in detail
    assert f'action="/drafts/{draft.id}/approve"' in detail
    assert f'action="/drafts/{draft.id}/reject"' in detail
    back = post(lead, f"/drafts/{draft.id}/reject", page, origin="draft")
    assert back.status_code == 303
    assert back.headers["location"] == page
    assert stored(app, draft.id).status == "draft"
    assert "Borrador devuelto a su redactor." in lead.get(page).text
    assert lead.get("/drafts/999999").status_code == 404


def test_the_review_panel_is_labelled_and_translated(app: Rumbo):
    agent, ticket_id, draft = start(app)
    write_and_check(agent, ticket_id, draft.id, WITH_ERRORS)
    giveaways = spanish_giveaways()
    for language in ("es", "en"):
        agent.get(f"/tickets?lang={language}")
        for path in (f"/tickets/{ticket_id}", f"/drafts/{draft.id}", "/drafts?status=all"):
            html = agent.get(path).text
            controls = Controls()
            controls.feed(html)
            assert controls.unlabelled() == [], f"{path} ({language}): controls without a label"
            if language == "en":
                assert [g for g in giveaways if g in html] == [], path
    english = agent.get(f"/tickets/{ticket_id}").text
    assert "Reply draft" in english
    assert "Check again" in english
    assert "Unfilled placeholder" in english


def test_words_sent_back_unchanged_make_no_new_version(app: Rumbo):
    agent, ticket_id, draft = start(app)
    words = draft.versions[0].text
    # Browsers send a textarea's lines with CRLF; the same words are not an edit.
    write_and_check(agent, ticket_id, draft.id, words.replace("\n", "\r\n"))
    assert "El texto no cambió" in agent.get(f"/tickets/{ticket_id}").text
    assert stored(app, draft.id).version == 1

    write_and_check(agent, ticket_id, draft.id, words.replace("\n", "\r\n") + "\r\nSaludos.")
    edited = stored(app, draft.id)
    assert edited.version == 2
    assert next(v.text for v in edited.versions if v.version == 2) == words + "\nSaludos."


def test_a_risky_reply_needs_the_legal_sign_off_as_well(app: Rumbo):
    agent = browser(app, "agent", "agente")
    ticket_id = add_ticket(app, "¿Se filtraron nuestros datos?", contact_id=add_customer(app))
    draft = generate(app, agent, ticket_id)
    assert draft.needs_legal
    page = f"/tickets/{ticket_id}"
    assert "Necesita el visto bueno legal" in agent.get(page).text
    assert post(agent, f"/drafts/{draft.id}/submit", page, origin="ticket").status_code == 303

    lead = browser(app, "communications", "comunicacion")
    assert post(lead, f"/drafts/{draft.id}/approve", page, origin="ticket").status_code == 303
    assert stored(app, draft.id).status == "in_review"
    shown = lead.get(page).text
    assert "Aprobado: falta el visto bueno legal." in shown
    assert "Enviar como respuesta" not in shown
    refused = post(lead, f"/drafts/{draft.id}/legal-signoff", page, origin="ticket")
    assert refused.status_code == 403
    assert "no permite dar el visto bueno legal" in refused.text

    legal = browser(app, "legal", "legal")
    signed = post(legal, f"/drafts/{draft.id}/legal-signoff", page, origin="ticket")
    assert signed.status_code == 303
    assert stored(app, draft.id).status == "approved"
    # Legal signs off; sending is for those whose role sends.
    assert "no permite enviarlo como respuesta" in legal.get(page).text
    assert "Enviar como respuesta" in lead.get(page).text
