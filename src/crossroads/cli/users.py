"""``crossroads users`` and ``crossroads workspaces``: accounts and workspaces (thin wrappers)."""

from __future__ import annotations

import sys

import click

# One --db option and one error decorator for every knowledge-base command.
from crossroads.cli.corpus import _db_option, _errors, _open

ROLES = ("admin", "analyst", "viewer")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    value: str = click.prompt(
        "Password", hide_input=True, confirmation_prompt="Repeat the password"
    )
    return value


@click.group()
def users() -> None:
    """Accounts of the workspace (`crossroads serve`).

    Example:

        crossroads users add nadia --role admin --workspace indonesia-australia-desk
    """


@users.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), help="Role in --workspace.")
@click.option("--workspace", "slug", metavar="SLUG", help="Workspace to add the user to.")
@click.option("--superuser", is_flag=True, help="May create workspaces.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from stdin (one line), not a prompt."
)
@_db_option
@_errors
def add_user(
    name: str,
    role: str | None,
    slug: str | None,
    superuser: bool,
    password_stdin: bool,
    db: str | None,
) -> None:
    """Create a user; the password is asked twice (hidden) unless --password-stdin.

    With --workspace the user joins that workspace with --role (default analyst).

    Example:

        crossroads users add nadia --superuser

        crossroads users add omar --workspace desk --role viewer --password-stdin < pw.txt
    """
    from crossroads.workspace import accounts, spaces

    if role and not slug:
        raise click.UsageError("--role needs --workspace: the role is held in a workspace")
    with _open(db, "create") as kb:
        workspace = spaces.get_workspace(kb.engine, slug) if slug else None
        if slug and workspace is None:
            raise click.ClickException(f"no workspace {slug!r}: see `crossroads workspaces list`")
        accounts.check_name(name)
        if accounts.find_user(kb.engine, name) is not None:
            raise click.ClickException(f"{name}: a user of that name exists")
        password = _read_password(password_stdin)
        user = accounts.create_user(kb.engine, name, password, superuser=superuser)
        if workspace is not None:
            spaces.set_member(kb.engine, workspace.id, user.id, role or "analyst")
    where = f", {role or 'analyst'} in {slug}" if slug else ""
    kind = "superuser" if superuser else "user"
    click.echo(f"crossroads: added {kind} {name}{where}", err=True)


@users.command(name="list")
@_db_option
@_errors
def list_users(db: str | None) -> None:
    """List the users, whether each is a superuser, and their role in each workspace.

    Example:

        crossroads users list --db postgresql://crossroads@db.example.org/kb
    """
    from crossroads.workspace import accounts, spaces

    with _open(db, "read") as kb:
        slugs = {ws.id: ws.slug for ws in spaces.all_workspaces(kb.engine)}
        people = accounts.list_users(kb.engine)
    if not people:
        click.echo("crossroads: no users yet; add one with `crossroads users add NAME`", err=True)
        return
    for user in people:
        roles = ", ".join(
            f"{slugs[w]}:{r}" for w, r in sorted(user.roles.items(), key=lambda kv: slugs[kv[0]])
        )
        flag = "superuser" if user.is_superuser else "-"
        click.echo(f"{user.name}\t{flag}\t{roles or '-'}")


@click.group()
def workspaces() -> None:
    """Workspaces of the web app: a team's documents about one dyad.

    Example:

        crossroads workspaces add "Jakarta desk" --dyad Indonesia-Australia --admin nadia
    """


@workspaces.command(name="add")
@click.argument("name")
@click.option(
    "--dyad", required=True, help="The two countries, e.g. IDN-AUS or Indonesia-Australia."
)
@click.option("--slug", help="The name in URLs (default: made from NAME).")
@click.option(
    "--admin", "admin_name", metavar="USER", help="An existing user who becomes its admin."
)
@_db_option
@_errors
def add_workspace(
    name: str, dyad: str, slug: str | None, admin_name: str | None, db: str | None
) -> None:
    """Create a workspace, with an existing user as its admin.

    Example:

        crossroads workspaces add "Indonesia–Australia desk" --dyad IDN-AUS --admin nadia
    """
    from crossroads.workspace import accounts, spaces

    with _open(db, "create") as kb:
        admin = accounts.find_user(kb.engine, admin_name) if admin_name else None
        if admin_name and admin is None:
            raise click.ClickException(
                f"no user {admin_name!r}: add them first with `crossroads users add {admin_name}`"
            )
        ws = spaces.create_workspace(
            kb.engine, name, dyad, slug=slug, admin_id=admin.id if admin else None
        )
    who = f", admin {admin_name}" if admin_name else ""
    click.echo(f"crossroads: added workspace {ws.slug} ({ws.dyad}){who}", err=True)
    click.echo(ws.slug)


@workspaces.command(name="list")
@_db_option
@_errors
def list_workspaces(db: str | None) -> None:
    """List every workspace: slug, dyad, name.

    Example:

        crossroads workspaces list
    """
    from crossroads.workspace import spaces

    with _open(db, "read") as kb:
        found = spaces.all_workspaces(kb.engine)
    if not found:
        click.echo(
            "crossroads: no workspaces yet; add one with `crossroads workspaces add`", err=True
        )
    for ws in found:
        click.echo(f"{ws.slug}\t{ws.dyad}\t{ws.name}")
