"""What every command shares: building the app, printing data, turning errors into messages."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

    from rumbo.app import Rumbo

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def build_app() -> Rumbo:
    """The application for this command, with its schema migrated to the newest version."""
    from pydantic import ValidationError

    from rumbo import storage
    from rumbo.app import create_app

    try:
        app = create_app()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "RUMBO_" + str(first["loc"][0]).upper() if first.get("loc") else "settings"
        fail(f"configuration {field}: {first['msg']}")
    storage.upgrade(app.engine)
    return app


def fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Show domain errors as one clear line naming the field, with exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from rumbo.errors import RumboError

        try:
            return func(*args, **kwargs)
        except RumboError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            raise fail(f"{exc.message}" + (f" ({detail})" if detail else "")) from None

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
