"""Set-up and administration: init, serve, config, users and tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    handles_errors,
    plain,
    print_json,
    system_work,
)
from rumbo.cli.main import cli, token_cli, user_cli


@cli.command()
@handles_errors
def init(json_out: JsonOpt = False) -> None:
    """Create or upgrade the database (SQLite file by default, or RUMBO_DATABASE_URL)."""
    from rumbo import storage

    app = build_app()
    info = {
        "database": app.settings.redacted()["database_url"],
        "revision": storage.current_revision(app.engine),
    }
    if json_out:
        print_json(info)
    else:
        console.print(f"Base de datos lista: {info['database']} (revisión {info['revision']})")


@cli.command()
def config(json_out: JsonOpt = False) -> None:
    """Show the settings in force, secrets hidden."""
    app = build_app()
    shown = app.settings.redacted()
    if json_out:
        print_json(shown)
        return
    for key, value in shown.items():
        console.print(f"[bold]{key}[/] = {plain(value)}", markup=True)


# Idle connections are closed by the client or the proxy in front, not by Rumbo: a server that
# drops an idle connection (uvicorn's default is after 5 s) races the next request a client sends
# on it, and under load that request fails with a reset connection. Proxies idle out at 60 s.
KEEP_ALIVE_SECONDS = 75


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (each one serves requests).")
    ] = 1,
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from rumbo.knowledge.indexing import filler_for
    from rumbo.knowledge.search.hybrid import warm_up

    app = build_app()
    # Passages stored without vectors (after an import or the demo) get them in the background.
    filler_for(app).start()
    if workers == 1:  # each of several workers warms its own process (web.asgi.from_environment)
        warm_up(app)
    if app.settings.is_sqlite:
        app.schedule_periodic_jobs()
        app.jobs.start_background()  # one machine: queued jobs run in this process
    bind_host = host or app.settings.host
    bind_port = port or app.settings.port
    console.print(f"Rumbo en http://{bind_host}:{bind_port}  (Ctrl-C para detener)")
    from rumbo.ops.logs import install_log_redaction

    # Filters on named loggers survive uvicorn's logging set-up (it configures handlers only).
    install_log_redaction()
    if workers == 1:
        uvicorn.run(
            app.asgi(),
            host=bind_host,
            port=bind_port,
            log_level="info",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        return
    # Several processes: each builds its own app from the same settings. This process keeps
    # the vector filler and (SQLite) the job runner, so background work runs once.
    uvicorn.run(
        "rumbo.web.asgi:from_environment",
        factory=True,
        workers=workers,
        host=bind_host,
        port=bind_port,
        log_level="info",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


@user_cli.command("add")
@handles_errors
def user_add(
    email: Annotated[str, typer.Argument(help="Sign-in email.")],
    name: Annotated[str, typer.Option(help="Full name.")] = "",
    role: Annotated[
        str, typer.Option(help="admin, agent, communications, legal or viewer.")
    ] = "agent",
    password: Annotated[
        str | None,
        typer.Option(help="Password (asked for when not given).", envvar="RUMBO_NEW_PASSWORD"),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a person who can sign in."""
    from pydantic import ValidationError

    from rumbo.accounts import actions
    from rumbo.accounts.schemas import UserCreate, UserOut
    from rumbo.cli.common import fail

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        data = UserCreate(
            email=email, name=name or email.split("@")[0], role=role, password=password
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"{first['loc'][0]}: {first['msg']}") from None
    app = build_app()
    with system_work(app) as ctx:
        user = actions.add_user(ctx, data)
        out = UserOut.model_validate(user).model_dump()
    if json_out:
        print_json(out)
    else:
        console.print(f"Usuario creado: {out['email']} ({out['role']})")


@token_cli.command("create")
@handles_errors
def token_create(
    email: Annotated[str, typer.Argument(help="Owner's sign-in email.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    json_out: JsonOpt = False,
) -> None:
    """Create an API token. It is shown once; only its hash is stored."""
    from rumbo.accounts import actions, queries
    from rumbo.cli.common import fail

    app = build_app()
    with system_work(app) as ctx:
        user = queries.get_user_by_email(ctx.session, email)
        if user is None:
            raise fail(f"email: no user with email {email}")
        token, secret = actions.create_token(ctx, user.id, name)
        token_id = token.id
    if json_out:
        print_json({"id": token_id, "name": name, "token": secret})
    else:
        console.print("Token creado (se muestra una sola vez):")
        console.print(secret, highlight=False)
