"""``rumbo critic`` (check a text or plan), ``rumbo brand`` (the brand voice) and
``rumbo eval critic`` (precision and recall on a labelled set)."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    fail,
    handles_errors,
    plain,
    print_json,
    progress_bar,
)
from rumbo.cli.evaluation import eval_cli
from rumbo.cli.main import cli

if TYPE_CHECKING:
    from rumbo.drafting.voice import BrandVoice

brand_cli = typer.Typer(
    help="The brand voice: show, export, import, validate.", no_args_is_help=True
)
cli.add_typer(brand_cli, name="brand")


class Kind(enum.StrEnum):
    message = "message"
    plan = "plan"


class Register(enum.StrEnum):
    tu = "tu"
    usted = "usted"
    vos = "vos"


class Language(enum.StrEnum):
    es = "es"
    en = "en"


class Channel(enum.StrEnum):
    email = "email"
    chat = "chat"
    social = "social"
    sms = "sms"
    statement = "statement"
    reply = "reply"


class Situation(enum.StrEnum):
    outage = "outage"
    unhappy_customer = "unhappy_customer"
    data_leak = "data_leak"
    political = "political"
    competitor = "competitor"
    key_account = "key_account"
    surge = "surge"
    general = "general"


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    from rumbo.textfiles import FileProblem, read_text

    try:
        return read_text(Path(source))
    except OSError as exc:
        raise fail(f"{source}: {exc.strerror or exc}") from None
    except FileProblem as exc:
        raise fail(str(exc)) from None


def _stored_voice() -> BrandVoice | None:
    from rumbo.drafting.brand.queries import current_voice

    app = build_app()
    try:
        with app.reading() as session:
            return current_voice(session)
    finally:
        app.dispose()


@cli.command("critic")
@handles_errors
def critic(
    source: Annotated[str, typer.Argument(help="A text file, or - to read standard input.")] = "-",
    kind: Annotated[Kind, typer.Option(help="A message, or a plan (JSON list of stages).")] = (
        Kind.message
    ),
    json_out: JsonOpt = False,
    brand: Annotated[
        Path | None, typer.Option(help="Brand voice YAML file (default: the stored voice).")
    ] = None,
    channel: Annotated[Channel | None, typer.Option(help="Where the text goes.")] = None,
    register: Annotated[Register | None, typer.Option(help="Form of address asked for.")] = None,
    language: Annotated[Language, typer.Option(help="Language of the messages.")] = Language.es,
    market: Annotated[str | None, typer.Option(help="Country code, e.g. AR.")] = None,
    situation: Annotated[Situation | None, typer.Option(help="What happened.")] = None,
    facts: Annotated[
        Path | None, typer.Option(help="JSON file with the facts (and 'customer' CRM fields).")
    ] = None,
) -> None:
    """Check a draft (or a plan) and print each finding with its span and a suggested fix."""
    from rumbo.drafting.critic import CriticContext, critique, critique_plan
    from rumbo.drafting.voice import load_voice
    from rumbo.errors import ValidationFailed

    text = _read_input(source)
    if not text.strip():
        raise ValidationFailed("text: the input is empty", fields={"text": "empty"})
    given: dict[str, Any] = {}
    if facts is not None:
        given = _json_object(_read_input(str(facts)), str(facts))
    voice = load_voice(brand) if brand is not None else _stored_voice()
    ctx = CriticContext(
        language=language.value,
        kind=kind.value,
        channel=channel.value if channel else None,
        register=register.value if register else None,
        market=market.upper() if market else None,
        voice=voice,
        situation=situation.value if situation else None,
        facts={k: v for k, v in given.items() if k != "customer"},
        crm=given.get("customer"),
    )
    if kind is Kind.plan:
        data = _json_object(text, source, allow_list=True)
        plan = data.get("plan") if isinstance(data, dict) else data
        found = critique_plan(plan if isinstance(plan, list) else [], ctx)
    else:
        found = critique(text, ctx)
    if json_out:
        print_json({"findings": [f.as_json() for f in found]})
        return
    if not found:
        console.print("Sin observaciones." if language is Language.es else "No findings.")
        return
    from rich.table import Table

    table = Table(show_lines=True)
    table.add_column("code", no_wrap=True)
    for column in ("severity", "where", "message", "suggestion"):
        table.add_column(column)
    for item in found:
        table.add_row(
            item.code,
            item.severity,
            f"{item.start}-{item.end}",
            item.message,
            item.suggestion or "",
        )
    console.print(table)


def _json_object(text: str, source: str, *, allow_list: bool = False) -> Any:
    from rumbo.errors import ValidationFailed
    from rumbo.textfiles import json_value

    try:
        data = json_value(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"{source}, line {exc.lineno}: not valid JSON ({exc.msg})", fields={"file": source}
        ) from None
    if not isinstance(data, dict) and not (allow_list and isinstance(data, list)):
        raise ValidationFailed(f"{source}: expected a JSON object", fields={"file": source})
    return data


@brand_cli.command("validate")
@handles_errors
def brand_validate(
    file: Annotated[Path, typer.Argument(help="Brand voice YAML or JSON file.")],
    json_out: JsonOpt = False,
) -> None:
    """Check a brand-voice file without storing it; errors name the field and the line."""
    from rumbo.drafting.voice import load_voice

    voice = load_voice(file)
    summary = {"valid": True, "name": voice.name, "markets": voice.markets}
    if json_out:
        print_json(summary)
    else:
        console.print(
            f"{file}: voz de marca válida ({voice.name}, {', '.join(voice.markets)}).",
        )


@brand_cli.command("import")
@handles_errors
def brand_import(
    file: Annotated[Path, typer.Argument(help="Brand voice YAML or JSON file.")],
    note: Annotated[
        str | None, typer.Option(help="Why it changed (kept with the version).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Store a brand voice as the current one (a new version when it differs)."""
    from rumbo.cli.common import system_work
    from rumbo.drafting.brand.actions import save_voice
    from rumbo.drafting.voice import load_voice

    voice = load_voice(file)
    app = build_app()
    with system_work(app, "brand-import") as ctx:
        record, changed = save_voice(ctx, voice, note=note or f"imported from {file.name}")
        info = {"name": record.name, "version": record.version, "changed": changed}
    if json_out:
        print_json(info)
    elif changed:
        console.print(f"Voz de marca «{info['name']}» guardada como versión {info['version']}.")
    else:
        console.print(f"Sin cambios: la voz de marca ya está en la versión {info['version']}.")


@brand_cli.command("show")
@handles_errors
def brand_show(json_out: JsonOpt = False) -> None:
    """The stored brand voice: name, version, markets, registers and contact channels."""
    from rumbo.drafting.brand.queries import get_record

    app = build_app()
    with app.reading() as session:
        record = get_record(session)
        if record is None:
            raise fail("no brand voice is stored yet (rumbo brand import FILE)")
        name, version, voice = record.name, record.version, dict(record.document)
    if json_out:
        print_json({"name": name, "version": version, "voice": voice})
        return
    console.print(f"[bold]{plain(name)}[/] — versión {version}", markup=True)
    console.print(f"Mercados: {', '.join(voice.get('markets', []))}; tono: {voice.get('tone')}")
    for market, per_channel in voice.get("register", {}).items():
        pairs = ", ".join(f"{c}={f}" for c, f in per_channel.items())
        console.print(f"  trato {market}: {pairs}")
    contact = {k: v for k, v in voice.get("contact", {}).items() if v}
    console.print("Contacto: " + ", ".join(f"{k}={v}" for k, v in contact.items()))


@brand_cli.command("export")
@handles_errors
def brand_export(
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """The stored brand voice as YAML."""
    from rumbo.drafting.brand.queries import current_voice
    from rumbo.drafting.voice import dump_voice

    app = build_app()
    with app.reading() as session:
        voice = current_voice(session)
    if voice is None:
        raise fail("no brand voice is stored yet (rumbo brand import FILE)")
    text = dump_voice(voice)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"Voz de marca exportada a {output}.")


@eval_cli.command("critic")
@handles_errors
def eval_critic(
    file: Annotated[
        Path | None, typer.Argument(help="Labelled JSONL set (default: the one Rumbo ships).")
    ] = None,
    split: Annotated[str, typer.Option(help="dev, heldout or all.")] = "all",
    json_out: JsonOpt = False,
) -> None:
    """Precision and recall of the critic per finding code on a labelled set of drafts."""
    from rumbo.drafting.critic.evaluation import default_set, evaluate, read_set

    if split not in {"dev", "heldout", "all"}:
        raise fail("--split: one of dev, heldout, all")
    items = read_set(file or default_set())
    with progress_bar(hidden=json_out) as bar:
        task = bar.add_task("Evaluando el crítico", total=len(items))
        result = evaluate(
            items, split=split, progress=lambda done, total: bar.update(task, completed=done)
        )
    if json_out:
        print_json(result)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table("code", "precision", "recall", "tp", "fp", "fn", title=f"split: {split}")
    for code, row in result["per_code"].items():
        table.add_row(
            code,
            _pct(row["precision"]),
            _pct(row["recall"]),
            str(row["tp"]),
            str(row["fp"]),
            str(row["fn"]),
        )
    micro = result["micro"]
    table.add_row(
        Text("all", style="bold"),
        _pct(micro["precision"]),
        _pct(micro["recall"]),
        str(micro["tp"]),
        str(micro["fp"]),
        str(micro["fn"]),
    )
    console.print(table)
    console.print(f"{result['items']} items; exact match {_pct(result['exact_match'])}")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
