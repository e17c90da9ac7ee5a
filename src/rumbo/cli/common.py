"""What every command shares: building the app, printing data, turning errors into messages."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError
    from rich.progress import Progress

    from rumbo.app import Rumbo

# Lines are not broken at the console's width (80 columns when output is piped): a long path or
# message stays whole for grep and for the terminal to wrap.
# Markup is off unless a print asks for it (markup=True): most of what the commands print came
# from people (titles, drafts, event ids, file names), and a "[nombre]" or an unmatched "[/x]"
# in it must print as typed, not vanish as a style or crash the command. A print that styles
# its own words passes markup=True and puts any value it shows through ``plain``.
console = Console(soft_wrap=True, markup=False)
err_console = Console(stderr=True, soft_wrap=True, markup=False)

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound="BaseModel")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def configured_app() -> Rumbo:
    """The application from this machine's settings, its schema untouched; a bad setting fails."""
    from pydantic import ValidationError

    from rumbo.app import create_app

    try:
        return create_app()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "RUMBO_" + str(first["loc"][0]).upper() if first.get("loc") else "settings"
        raise fail(f"configuration {field}: {first['msg']}") from None


def build_app() -> Rumbo:
    """The application for this command, with its schema migrated to the newest version."""
    from rumbo import storage

    app = configured_app()
    storage.upgrade(app.engine)
    return app


def plain(value: object) -> str:
    """``value`` as text inside Rich markup: brackets people typed ("[nombre]", "[/x]") are
    shown as they are, never read as styles (an unmatched one would crash the command)."""
    from rich.markup import escape

    return escape(str(value))


def fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/] {plain(message)}", highlight=False, markup=True)
    raise typer.Exit(code)


def invalid_input(exc: ValidationError, whole: str = "input") -> typer.Exit:
    """The first thing wrong with a command's input, as an error naming the field."""
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or whole
    return fail(f"{field}: {str(first['msg']).removeprefix('Value error, ')}")


def parse_input(schema: type[M], **values: Any) -> M:
    """Build an input schema, turning a validation error into a CLI error naming the field."""
    from pydantic import ValidationError

    try:
        return schema.model_validate(values)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def json_rows(schema: type[BaseModel], rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Database rows shown through their output schema, as JSON-ready dicts."""
    return [schema.model_validate(row).model_dump(mode="json") for row in rows]


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Show domain errors as one clear line naming the field, with exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from rumbo.errors import RumboError
        from rumbo.textfiles import FileProblem

        try:
            return func(*args, **kwargs)
        except RumboError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            raise fail(f"{exc.message}" + (f" ({detail})" if detail else "")) from None
        except FileProblem as exc:  # a file that is not what it should be (not UTF-8, say)
            raise fail(str(exc)) from None

    return wrapper


def progress_bar(*, hidden: bool = False) -> Progress:
    """The bar long commands show on stderr (hidden when they print JSON)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=hidden,
        transient=True,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def system_work(app: Rumbo, label: str = "cli") -> Iterator[Any]:
    """A unit of work done by the machine's operator (the CLI runs with full rights)."""
    from rumbo.context import Actor

    with app.unit_of_work(Actor.system(label)) as ctx:
        yield ctx
