"""The ``rumbo`` command. Sub-command modules register themselves on :data:`cli`.

Only Typer and Rich are imported here: the database, web and model libraries load inside the
commands that need them, so ``rumbo --help`` stays fast.
"""

from __future__ import annotations

import typer

cli = typer.Typer(
    name="rumbo",
    help="Rumbo: atención al cliente y gestión de crisis, autoalojado. "
    "Customer service and crisis management, self-hosted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
import_cli = typer.Typer(help="Import data from files.", no_args_is_help=True)
user_cli = typer.Typer(help="Manage people who sign in.", no_args_is_help=True)
token_cli = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
cli.add_typer(import_cli, name="import")
cli.add_typer(user_cli, name="user")
cli.add_typer(token_cli, name="token")


def _register_commands() -> None:
    # Importing these modules attaches their commands; each keeps heavy imports inside functions.
    from rumbo.cli import (  # noqa: F401
        alerts,
        assistant,
        core,
        crisis,
        critic,
        crm_io,
        demo,
        drafting,
        evaluation,
        kb,
        kb_articles,
        listening,
        listening_eval,
        ops,
        triage,
    )


def run() -> None:
    _register_commands()
    cli()


_register_commands()
