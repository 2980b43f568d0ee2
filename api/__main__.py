"""`python -m api users add|list|disable|enable|passwd|token`: manage the users of the protected API;
`python -m api export KIND FORMAT --out PATH`: write a public export to a file.

Passwords are read from a hidden prompt, or from stdin with --password-stdin (scripts); never
from an argument, which would end up in the shell history and the process list."""
import getpass
import sys

import typer
from rich.console import Console
from rich.table import Table

from api.export_cli import export
from api.queries import api_tokens, audit, users
from api.queries.users import User
from core.db import get_engine
from core.errors import ClsmError
from core.security import ROLES, hash_password
from core.settings import get_settings

app = typer.Typer(help=__doc__, no_args_is_help=True)
users_app = typer.Typer(help="Users of the protected API", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.command("export")(export)
console = Console()
CLI_ACTOR = User("cli", "admin", None, False, 0)  # audit rows of CLI changes: who ran it is the OS's business


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("password: ")
    if password != getpass.getpass("again: "):
        raise typer.BadParameter("the two passwords differ")
    return password


def _run(action):
    try:
        with get_engine(get_settings().database_url).connect() as conn:
            out = action(conn)
            conn.commit()
            return out
    except (ClsmError, ValueError) as exc:
        console.print(f"[red]✗ {getattr(exc, 'detail', exc)}[/red]")
        raise typer.Exit(2) from exc


@users_app.command("add")
def add(username: str, role: str = typer.Option(..., help=f"one of {', '.join(ROLES)}"),
        region: str | None = typer.Option(None, help="INSEE region code (ars users only)"),
        password_stdin: bool = typer.Option(False, help="read the password from the first line of stdin")) -> None:
    def action(conn):
        password_hash = hash_password(_read_password(password_stdin))
        user = users.add_user(conn, username, password_hash, role, region)
        audit.record(conn, CLI_ACTOR, "user.create", "user", username, None, user.as_dict(), register_change=False)
        return user

    user = _run(action)
    console.print(f"✓ user {user.username} ({user.role}{' ' + user.region_code if user.region_code else ''}) added")


@users_app.command("list")
def list_() -> None:
    table = Table("username", "role", "region", "disabled")
    for u in _run(users.list_users):
        table.add_row(u.username, u.role, u.region_code or "", "yes" if u.disabled else "")
    console.print(table)


def _set(username: str, action_name: str, **change) -> None:
    def action(conn):
        before, after = users.update_user(conn, username, **change)
        b, a = audit.changed_fields(before.as_dict(), after.as_dict())
        audit.record(conn, CLI_ACTOR, action_name, "user", username, b, a, register_change=False)

    _run(action)
    console.print(f"✓ {username}: {action_name.removeprefix('user.')}")


@users_app.command("disable")
def disable(username: str) -> None:
    """Disable a user: their tokens stop working at once."""
    _set(username, "user.disable", disabled=True)


@users_app.command("enable")
def enable(username: str) -> None:
    _set(username, "user.enable", disabled=False)


@users_app.command("passwd")
def passwd(username: str, password_stdin: bool = typer.Option(False)) -> None:
    """Set a new password (revokes the user's tokens)."""
    _set(username, "user.password", password_hash=hash_password(_read_password(password_stdin)))


@users_app.command("token")
def token(username: str, name: str = typer.Option(..., help="what the script is")) -> None:
    """Create an API token for a script acting as USERNAME; printed once, only its hash is kept."""
    def action(conn):
        if users.get_user(conn, username) is None:
            raise ClsmError(f"no user {username!r}")
        secret, row = api_tokens.create(conn, username, name)
        audit.record(conn, CLI_ACTOR, "api_token.create", "api_token", str(row["id"]), None, {"name": name},
                     register_change=False)
        return secret

    print(_run(action))


if __name__ == "__main__":
    app()
