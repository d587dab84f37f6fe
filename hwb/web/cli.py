"""CLI commands of hwb.web (registered in hwb.cli): `hwb serve` and `hwb users`."""

from __future__ import annotations

from pathlib import Path

import typer

from hwb.store import connect
from hwb.store.connection import DEFAULT_DB

app = typer.Typer(no_args_is_help=True)
users = typer.Typer(no_args_is_help=True, help="Dashboard accounts (viewer, editor, admin).")
app.add_typer(users, name="users", help="Dashboard accounts (viewer, editor, admin).")


@app.command()
def serve(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="The hwb store (DuckDB file)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    require_login: bool = typer.Option(False, "--require-login", help="Show nothing to visitors who are not signed in."),
    https_only: bool = typer.Option(False, "--https-only", help="Send the session cookie over HTTPS only (set behind TLS)."),
) -> None:
    """Serve the web dashboard."""
    import uvicorn

    from hwb.web.app import create_app, warm

    # One process: DuckDB allows one read-write connection per file. Its worker threads
    # (Starlette's pool) each borrow their own cursor; pages are cached (hwb.web.cache).
    app = create_app(db, require_login, https_only=https_only)
    warm(app)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


@users.command("add")
def add(
    name: str = typer.Argument(..., help="Username."),
    role: str = typer.Option("viewer", "--role", help="viewer, editor or admin."),
    password: str = typer.Option(None, "--password", envvar="HWB_PASSWORD",
                                 help="Password (else HWB_PASSWORD, else a prompt)."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="The hwb store (DuckDB file)."),
) -> None:
    """Create an account, or replace its password and role."""
    from hwb.web.auth import AccountError, add_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = connect(db)
    try:
        add_user(store, name, password, role)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        store.close()
    typer.echo(f"{name}: {role}")


@users.command("list")
def list_accounts(db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="The hwb store (DuckDB file).")) -> None:
    """Accounts and their roles."""
    from hwb.web.auth import list_users

    store = connect(db)
    try:
        for username, role, active in list_users(store):
            typer.echo(f"{username}\t{role}\t{'active' if active else 'disabled'}")
    finally:
        store.close()
