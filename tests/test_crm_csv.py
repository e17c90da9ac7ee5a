"""CRM CSV import and export, through `rumbo import crm`, `rumbo export` and the REST API.

Files are read whole before anything is written: every bad row is reported by line (the header is
line 1) and field, and then nothing is stored. A dry run checks against the database and stores
nothing either. Exported files import back as "unchanged".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.audit import queries as audit_queries
from rumbo.cli.main import cli
from rumbo.crm import actions
from rumbo.crm import queries as crm_queries
from rumbo.crm.schemas import CompanyIn, ContactIn
from tests.conftest import SYSTEM, client_for

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
Run = Callable[..., Result]


@pytest.fixture
def rumbo(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the `rumbo` command against this test's database, from an empty folder."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, list(args), env={"RUMBO_DATABASE_URL": database_url})

    return run


def report_of(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def said(result: Result) -> str:
    """Everything printed, with line wrapping undone."""
    return " ".join(result.output.split())


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def counts(app: Rumbo) -> dict[str, int]:
    with app.reading() as session:
        return crm_queries.counts(session)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- Reading files -------------------------------------------------------------------------


def test_spanish_headers_with_accents_and_spreadsheet_values(app: Rumbo, rumbo: Run):
    result = rumbo("import", "crm", fixture("empresas.csv"), "--json")
    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert (report["kind"], report["kind_inferred"]) == ("companies", True)
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 0, 0)

    with app.reading() as session:
        companies = {c.external_id: c for c in crm_queries.list_companies(session)[0]}
    esperanza, cafe = companies["EMP-001"], companies["EMP-002"]
    assert esperanza.name == "Ferretería La Esperanza"
    assert esperanza.country == "MX"  # "mx" in the file
    assert str(esperanza.price_per_user) == "18.50"  # "18,50": decimal comma
    assert esperanza.renewal_date.isoformat() == "2027-01-15"  # "15/01/2027": day first
    assert cafe.seats == 1200  # "1.200": thousands
    assert cafe.health == "at_risk"  # "en riesgo"


def test_the_inferred_kind_is_said(rumbo: Run):
    result = rumbo("import", "crm", fixture("empresas.csv"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Tipo: empresas (deducido de las columnas" in said(result)


def test_semicolon_file_with_bom_and_several_values_per_cell(app: Rumbo, rumbo: Run):
    assert rumbo("import", "crm", fixture("empresas.csv")).exit_code == 0
    result = rumbo("import", "crm", fixture("contactos.csv"), "--json")
    assert result.exit_code == 0, result.output
    assert report_of(result)["created"] == 3

    with app.reading() as session:
        ana = crm_queries.find_contact_by_email(session, "compras@esperanza.mx")
        assert ana is not None
        assert [e.email for e in ana.emails] == ["ana.perez@esperanza.mx", "compras@esperanza.mx"]
        assert [p.phone for p in ana.phones] == ["+525512345678"]
        assert [(h.network, h.handle) for h in ana.handles] == [
            ("x", "anaperez"),
            ("instagram", "ana.perez"),
        ]
        assert (ana.address_form, ana.language, ana.audience_size) == ("tu", "es", 12500)
        assert ana.company is not None
        assert ana.company.external_id == "EMP-001"


def test_latin1_file_is_refused_naming_the_encoding_and_line(app: Rumbo, rumbo: Run):
    result = rumbo("import", "crm", fixture("empresas_latin1.csv"), "--kind", "companies")
    assert result.exit_code == 2
    message = said(result)
    assert "not valid UTF-8: line 3" in message
    assert "Latin-1" in message
    assert counts(app)["companies"] == 0


def test_binary_file_is_refused(rumbo: Run, tmp_path: Path):
    picture = tmp_path / "logo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = rumbo("import", "crm", str(picture))
    assert result.exit_code == 2
    assert "looks binary" in said(result)


def test_empty_file_and_header_only_file_are_clear_errors(rumbo: Run, tmp_path: Path):
    empty = rumbo("import", "crm", write(tmp_path / "vacio.csv", ""))
    assert empty.exit_code == 2
    assert "The file is empty" in said(empty)

    header_only = rumbo(
        "import", "crm", write(tmp_path / "cabecera.csv", "Nombre,País\n\n"), "--kind", "companies"
    )
    assert header_only.exit_code == 2
    assert "has a header but no rows" in said(header_only)


def test_unknown_column_is_an_error_naming_it(app: Rumbo, rumbo: Run, tmp_path: Path):
    path = write(tmp_path / "e.csv", "Nombre,País,Color favorito\nAcme,MX,azul\n")
    result = rumbo("import", "crm", path, "--kind", "companies")
    assert result.exit_code == 2
    assert "'Color favorito': unknown column" in said(result)
    assert counts(app)["companies"] == 0

    ignored = rumbo("import", "crm", path, "--kind", "companies", "--ignore-unknown", "--json")
    assert ignored.exit_code == 0, ignored.output
    assert report_of(ignored)["created"] == 1


def test_columns_are_mapped_with_map(app: Rumbo, rumbo: Run, tmp_path: Path):
    path = write(
        tmp_path / "crm.csv",
        "Código cliente,Cliente,Usuarios contratados,Comentario interno\n"
        "K-9,Óptica Lumen,12,no importar\n",
    )
    result = rumbo(
        "import",
        "crm",
        path,
        "--kind",
        "companies",
        "--json",
        "--map",
        "Código cliente=external_id",
        "--map",
        "cliente=name",
        "--map",
        "Usuarios contratados=seats",
        "--map",
        "Comentario interno=-",
    )
    assert result.exit_code == 0, result.output
    with app.reading() as session:
        [company] = crm_queries.list_companies(session)[0]
    assert (company.external_id, company.name, company.seats, company.notes) == (
        "K-9",
        "Óptica Lumen",
        12,
        None,
    )


def test_map_to_a_field_that_does_not_exist_is_refused(rumbo: Run, tmp_path: Path):
    path = write(tmp_path / "crm.csv", "Cliente\nÓptica Lumen\n")
    result = rumbo("import", "crm", path, "--kind", "companies", "--map", "Cliente=nombre")
    assert result.exit_code == 2
    assert "'Cliente': 'nombre' is not a field of companies" in said(result)


def test_mapping_file_in_toml_can_name_the_kind(app: Rumbo, rumbo: Run, tmp_path: Path):
    mapping = write(
        tmp_path / "mapa.toml",
        'kind = "companies"\nsource = "erp"\n\n[columns]\n"Razón" = "name"\n'
        '"Clave" = "external_id"\n',
    )
    path = write(tmp_path / "erp.csv", "Clave,Razón\nR-1,Textiles del Sur\n")
    result = rumbo("import", "crm", path, "--mapping-file", mapping, "--json")
    assert result.exit_code == 0, result.output
    assert report_of(result)["kind_inferred"] is False
    with app.reading() as session:
        [company] = crm_queries.list_companies(session)[0]
    assert (company.source, company.external_id) == ("erp", "R-1")


# --- Validation: every bad row, nothing written -------------------------------------------


def test_bad_rows_are_all_reported_by_line_and_field_and_nothing_is_written(app: Rumbo, rumbo: Run):
    assert rumbo("import", "crm", fixture("empresas.csv")).exit_code == 0
    result = rumbo("import", "crm", fixture("contactos_con_errores.csv"), "--json")
    assert result.exit_code == 1
    report = report_of(result)
    assert {(e["row"], e["field"]) for e in report["rejected"]} == {
        (3, "emails"),  # not an email address
        (4, "address_form"),  # "señoría" is not tu/usted/vos
        (5, "external_id"),  # CON-101 again
        (6, "company_external_id"),  # EMP-999 does not exist: found in the database
    }
    reasons = {e["row"]: e["reason"] for e in report["rejected"]}
    assert "is also on line 2" in reasons[5]
    assert "EMP-999" in reasons[6]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 0)
    assert counts(app)["contacts"] == 0


def test_bad_rows_are_shown_as_a_table(rumbo: Run):
    rumbo("import", "crm", fixture("empresas.csv"))
    result = rumbo("import", "crm", fixture("contactos_con_errores.csv"))
    assert result.exit_code == 1
    assert "Filas con errores" in result.output
    assert "no se guardó nada" in said(result)


def test_duplicate_external_ids_in_one_file(app: Rumbo, rumbo: Run, tmp_path: Path):
    path = write(
        tmp_path / "dup.csv",
        "external_id,name\nA-1,Uno\nA-2,Dos\nA-1,Uno otra vez\nA-2,Dos otra vez\n",
    )
    result = rumbo("import", "crm", path, "--kind", "companies", "--json")
    assert result.exit_code == 1
    assert [(e["row"], e["field"]) for e in report_of(result)["rejected"]] == [
        (4, "external_id"),
        (5, "external_id"),
    ]
    assert counts(app)["companies"] == 0


def test_rows_naming_unknown_contacts_are_bad_rows(app: Rumbo, rumbo: Run, tmp_path: Path):
    path = write(
        tmp_path / "orders.csv",
        "external_id,number,contact_email,total,placed_at\n"
        "O-1,1001,nadie@example.com,10,2026-01-01T10:00:00Z\n",
    )
    result = rumbo("import", "crm", path, "--json")
    assert result.exit_code == 1
    assert report_of(result)["rejected"] == [
        {"row": 2, "field": "contact_email", "reason": "No contact with email nadie@example.com."}
    ]
    assert counts(app)["orders"] == 0


def test_a_conflict_with_stored_contacts_is_a_bad_row_not_a_half_import(
    app: Rumbo, rumbo: Run, tmp_path: Path
):
    rumbo("import", "crm", fixture("empresas.csv"))
    rumbo("import", "crm", fixture("contactos.csv"))
    path = write(
        tmp_path / "nuevos.csv",
        "external_id,name,emails\n"
        "CON-900,Nueva Persona,nueva@example.com\n"
        "CON-901,Otra Sofía,sofia@nandu.ar\n",
    )  # the email of CON-003
    result = rumbo("import", "crm", path, "--json")
    assert result.exit_code == 1
    [error] = report_of(result)["rejected"]
    assert (error["row"], error["field"]) == (3, "emails")
    assert "sofia@nandu.ar already belongs to contact" in error["reason"]
    assert counts(app)["contacts"] == 3  # CON-900 was not written either


def test_validate_only_writes_nothing_even_when_every_row_is_good(app: Rumbo, rumbo: Run):
    result = rumbo("import", "crm", fixture("empresas.csv"), "--validate-only", "--json")
    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert report["dry_run"] is True
    assert report["created"] == 3  # what a real import would do
    assert counts(app)["companies"] == 0
    with app.reading() as session:
        assert audit_queries.list_entries(session, entity_type="company") == []


def test_dry_run_checks_references_against_the_database(rumbo: Run):
    result = rumbo("import", "crm", fixture("contactos.csv"), "--dry-run", "--json")
    assert result.exit_code == 1  # the companies are not imported yet
    assert {e["field"] for e in report_of(result)["rejected"]} == {"company_external_id"}


# --- Idempotence and round trips ------------------------------------------------------------


def test_a_real_import_is_one_audited_batch_and_reimporting_changes_nothing(app: Rumbo, rumbo: Run):
    first = rumbo("import", "crm", fixture("empresas.csv"))
    assert first.exit_code == 0, first.output
    assert "Importación completa" in first.output

    again = rumbo("import", "crm", fixture("empresas.csv"), "--json")
    report = report_of(again)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)
    with app.reading() as session:
        entries = audit_queries.list_entries(session, entity_type="company")
    assert [e.action for e in entries] == ["company.batch_upserted"] * 2
    assert counts(app)["companies"] == 3


def test_export_then_import_reports_everything_unchanged(app: Rumbo, rumbo: Run, tmp_path: Path):
    for name in ("empresas.csv", "contactos.csv", "pedidos.csv", "satisfaccion.csv"):
        assert rumbo("import", "crm", fixture(name)).exit_code == 0, name
    with app.unit_of_work(SYSTEM) as ctx:  # records made in Rumbo have no external id
        local = actions.create_company(
            ctx, CompanyIn(name="Hecha a mano", seats=2, price_per_user="5.00")
        )
        actions.create_contact(
            ctx, ContactIn(name="Sin id", company_id=local.id, emails=["sin.id@example.com"])
        )
        local_id = local.id

    exported = rumbo("export", "--out", "exportado", "--json")
    assert exported.exit_code == 0, exported.output
    files = {f["kind"]: f for f in report_of(exported)["files"]}
    assert {k: f["rows"] for k, f in files.items()} == {
        "companies": 4,
        "contacts": 4,
        "orders": 2,
        "satisfaction": 2,
    }
    companies_csv = (tmp_path / "exportado" / "companies.csv").read_text(encoding="utf-8")
    assert companies_csv.splitlines()[0] == ",".join(CompanyIn.model_fields)
    assert f"rumbo,rumbo:{local_id},Hecha a mano" in companies_csv

    before = counts(app)
    for _round in range(2):
        for kind in ("companies", "contacts", "orders", "satisfaction"):
            result = rumbo("import", "crm", files[kind]["path"], "--json")
            assert result.exit_code == 0, result.output
            report = report_of(result)
            assert report["kind"] == kind
            assert (report["created"], report["updated"]) == (0, 0), kind
            assert report["unchanged"] == files[kind]["rows"]
    assert counts(app) == before


def test_export_of_one_kind(rumbo: Run, tmp_path: Path):
    rumbo("import", "crm", fixture("empresas.csv"))
    result = rumbo("export", "--kind", "companies", "--out", "solo")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "solo").iterdir()] == ["companies.csv"]


# --- The REST API ---------------------------------------------------------------------------


@pytest.fixture
def api(client: Any) -> Any:
    return client


def body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


CSV = {"Content-Type": "text/csv"}


def test_api_import_raw_body_then_reimport_is_unchanged(app: Rumbo, api: Any):
    response = api.post("/api/v1/crm/import/companies", content=body("empresas.csv"), headers=CSV)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "kind": "companies",
        "dry_run": False,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "rows": 3,
        "warnings": [],
    }
    again = api.post("/api/v1/crm/import/companies", content=body("empresas.csv"), headers=CSV)
    assert again.json()["unchanged"] == 3
    assert counts(app)["companies"] == 3


def test_api_dry_run_writes_nothing(app: Rumbo, api: Any):
    response = api.post(
        "/api/v1/crm/import/companies",
        params={"dry_run": "true"},
        content=body("empresas.csv"),
        headers=CSV,
    )
    assert response.status_code == 200, response.text
    assert (response.json()["dry_run"], response.json()["created"]) == (True, 3)
    assert counts(app)["companies"] == 0


def test_api_multipart_upload_with_a_column_map(app: Rumbo, api: Any):
    response = api.post(
        "/api/v1/crm/import/companies",
        files={"file": ("clientes.csv", "Clave;Cliente\nK-1;Óptica Lumen\n".encode(), "text/csv")},
        data={"map": ["Clave=external_id", "Cliente=name"]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 1
    with app.reading() as session:
        [company] = crm_queries.list_companies(session)[0]
    assert (company.external_id, company.name) == ("K-1", "Óptica Lumen")


def test_api_map_as_query_parameters(api: Any):
    response = api.post(
        "/api/v1/crm/import/companies",
        params=[("map", "Clave=external_id"), ("map", "Cliente=name")],
        content=b"Clave,Cliente\nK-2,Vidrios Andes\n",
        headers=CSV,
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 1


def test_api_bad_rows_answer_422_with_the_error_and_the_report(app: Rumbo, api: Any):
    api.post("/api/v1/crm/import/companies", content=body("empresas.csv"), headers=CSV)
    response = api.post(
        "/api/v1/crm/import/contacts", content=body("contactos_con_errores.csv"), headers=CSV
    )
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"]["code"] == "validation_failed"
    assert "nothing was imported" in payload["error"]["message"]
    assert "line 3: emails" in payload["error"]["fields"]
    assert payload["report"]["kind"] == "contacts"
    assert [r["row"] for r in payload["report"]["rejected"]] == [3, 4, 5, 6]
    assert counts(app)["contacts"] == 0


def test_api_unreadable_file_is_a_plain_422(api: Any):
    response = api.post(
        "/api/v1/crm/import/companies", content=body("empresas_latin1.csv"), headers=CSV
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["fields"] == {"file": "line 3: not UTF-8"}
    assert "Latin-1" in error["message"]


def test_api_export_then_import_is_unchanged(api: Any):
    api.post("/api/v1/crm/import/companies", content=body("empresas.csv"), headers=CSV)
    exported = api.get("/api/v1/crm/export/companies.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[0].startswith("source,external_id,name,")

    response = api.post("/api/v1/crm/import/companies", content=exported.content, headers=CSV)
    assert response.status_code == 200, response.text
    assert (response.json()["created"], response.json()["unchanged"]) == (0, 3)


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_only_roles_allowed_to_import_may_import(app: Rumbo, role: str):
    with client_for(app, role) as other:
        response = other.post(
            "/api/v1/crm/import/companies", content=body("empresas.csv"), headers=CSV
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert other.get("/api/v1/crm/export/companies.csv").status_code == 403
    assert counts(app)["companies"] == 0
