"""``crossroads serve``: the workspace web app on uvicorn (one process)."""

from __future__ import annotations

from pathlib import Path

import click

from crossroads.cli.corpus import _db_option, _errors


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run the analysis worker in this process (--no-worker: pages only).",
)
@_db_option
@click.option(
    "--events-db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The GDELT/ICEWS events database the overview shows (default: the one the"
    " `events` commands use, if it exists).",
)
@_errors
def serve(host: str, port: int, db: str | None, worker: bool, events_db: Path | None) -> None:
    """Serve the workspace: sign in, read, correct and follow a dyad in the browser.

    Sessions are signed with $CROSSROADS_SECRET_KEY, else with a key kept in the per-user
    data directory. Behind an https proxy, cookies are marked Secure. The process runs one
    analysis worker for uploads and URL imports (its models load once, on the first job);
    on start it queues again the jobs a stopped server left running. Several processes on
    one PostgreSQL knowledge base never run a job twice.

    Example:

        crossroads serve --db postgresql://crossroads@db.example.org/kb --host 0.0.0.0 --port 8080

        crossroads serve --events-db ~/data/gdelt.duckdb
    """
    import uvicorn

    from crossroads.workspace.app import create_app
    from crossroads.workspace.routes.jobs import WorkerService

    app = create_app(db, services=[WorkerService()] if worker else [])
    if events_db is not None:
        app.state.events_db = events_db  # read by crossroads.workspace.reading.events_database
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"crossroads: workspace at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
