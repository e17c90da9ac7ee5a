"""``rumbo surge``: grouping requests that ask the same thing and answering a group at once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
    system_work,
)
from rumbo.cli.evaluation import eval_cli
from rumbo.cli.main import cli

surge_cli = typer.Typer(help="Surge triage: group near-identical requests.", no_args_is_help=True)
cli.add_typer(surge_cli, name="surge")


@surge_cli.command("group")
@handles_errors
def group(
    file: Annotated[str, typer.Argument(help='JSONL of {"id", "text"} lines, or - for stdin.')],
    json_out: JsonOpt = False,
    merge_distance: Annotated[
        float, typer.Option(help="Cosine distance under which groups merge.", min=0.05, max=1.5)
    ] = 0.8,
) -> None:
    """Group any file of requests; every id ends in exactly one group (largest first)."""
    from rumbo.textfiles import read_text
    from rumbo.triage.files import group_file
    from rumbo.triage.grouping import GroupingConfig

    if file == "-":
        lines = sys.stdin.read().splitlines()
    else:
        path = Path(file)
        if not path.is_file():
            raise fail(f"file: {file} does not exist")
        lines = read_text(path).splitlines()  # not UTF-8: handles_errors names the file
    with progress_bar(hidden=json_out) as bar:
        task = bar.add_task("Leyendo", total=None)
        result = group_file(
            lines,
            config=GroupingConfig(merge_distance=merge_distance),
            on_stage=lambda stage: bar.update(
                task, description={"read": "Leyendo", "group": "Agrupando"}[stage]
            ),
        )
    if json_out:
        print_json(result)
        return
    for g in result["groups"][:30]:
        console.print(f"[bold]{g['id']:>4}[/]  {g['size']:>6}  {plain(g['label'])}", markup=True)
    console.print(f"{len(result['groups'])} grupos")


def _show_surge(group: dict[str, Any]) -> None:
    console.print(
        f"[bold]#{group['id']}[/] {group['size']:>4} tickets  prio {group['priority']:.2f}  "
        f"{plain(group['label'])}",
        markup=True,
    )


@surge_cli.command("detect")
@handles_errors
def detect(
    hours: Annotated[
        int, typer.Option(help="Open tickets from this many hours back.", min=1, max=720)
    ] = 24,
    min_size: Annotated[
        int, typer.Option(help="Smallest group that counts as a surge.", min=2, max=1000)
    ] = 3,
    json_out: JsonOpt = False,
) -> None:
    """Group the open tickets of the last hours and store the surges, most urgent first."""
    from rumbo.triage.actions import regroup
    from rumbo.triage.schemas import GroupOut, RegroupIn

    app = build_app()
    with system_work(app, "surge-detect") as ctx:
        result = regroup(ctx, RegroupIn(hours=hours, min_size=min_size))
        out = [GroupOut.model_validate(g).model_dump(mode="json") for g in result.groups]
    if json_out:
        print_json({"groups": out})
        return
    for g in out:
        _show_surge(g)
    console.print(f"{len(out)} surges")


@surge_cli.command("list")
@handles_errors
def list_(json_out: JsonOpt = False) -> None:
    """The open surge groups, most urgent first."""
    from rumbo.triage.queries import list_groups
    from rumbo.triage.schemas import GroupOut

    app = build_app()
    with app.reading() as session:
        out = [GroupOut.model_validate(g).model_dump(mode="json") for g in list_groups(session)]
    if json_out:
        print_json(out)
        return
    for g in out:
        _show_surge(g)


@surge_cli.command("reply")
@handles_errors
def reply(
    group_id: Annotated[int, typer.Argument(help="The surge group.")],
    body_file: Annotated[
        Path, typer.Option("--body-file", help="The approved reply text.", exists=True)
    ],
    status: Annotated[str, typer.Option(help="Ticket status after the reply.")] = "pending",
    json_out: JsonOpt = False,
) -> None:
    """Send one approved reply to every ticket of a group, personalised; never twice."""
    from pydantic import ValidationError

    from rumbo.textfiles import read_text
    from rumbo.triage.actions import bulk_reply
    from rumbo.triage.schemas import BulkReplyIn

    try:
        reply = BulkReplyIn(body=read_text(body_file), status=status)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"--body-file: {problems}") from None
    app = build_app()
    with system_work(app, "surge-reply") as ctx:
        sent, before = bulk_reply(ctx, group_id, reply)
    result = {
        "group_id": group_id,
        "sent": len(sent),
        "already_sent": len(before),
        "ticket_ids": sent,
    }
    if json_out:
        print_json(result)
    else:
        console.print(f"{len(sent)} respuestas enviadas, {len(before)} ya enviadas antes")


@eval_cli.command("grouping")
@handles_errors
def eval_grouping(
    file: Annotated[Path, typer.Argument(help="Labelled CSV (a text and an intent column).")],
    text_column: Annotated[str | None, typer.Option(help="Column with the request.")] = None,
    label_column: Annotated[str | None, typer.Option(help="Column with the true group.")] = None,
    limit: Annotated[int | None, typer.Option(help="Evaluate a random sample of N.", min=2)] = None,
    merge_distance: Annotated[float, typer.Option(min=0.05, max=1.5)] = 0.8,
    json_out: JsonOpt = False,
) -> None:
    """Adjusted Rand index and purity of the grouping vs TF-IDF k-means told the true k."""
    from rumbo.triage.evaluation import evaluate, read_labelled, sample
    from rumbo.triage.grouping import GroupingConfig

    if not file.is_file():
        raise fail(f"file: {file} does not exist")
    texts, truth = sample(*read_labelled(file, text_column, label_column), limit)
    with progress_bar(hidden=json_out) as bar:
        task = bar.add_task("Agrupando", total=None)
        result = evaluate(
            texts,
            truth,
            config=GroupingConfig(merge_distance=merge_distance),
            on_stage=lambda s: bar.update(task, description=f"Agrupando ({s})"),
        )
    result["file"] = file.name
    print_json(result)
