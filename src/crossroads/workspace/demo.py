"""``make demo``: the workspace on the bundled examples, with a login printed in the terminal.

    python -m crossroads.workspace.demo --db .demo/kb.sqlite --html demo-map.html examples/x.md

Sets up an embedded SQLite knowledge base, a demo admin (a fresh password each run), a
demo workspace holding the example documents (analysed as uploads are, by the jobs'
worker), writes the workspace's HTML report (what ``crossroads analyze --format html``
gives), then checks the server: signs in as the admin and opens the overview and the
report. Then it serves (``crossroads serve``), unless it runs without a terminal, under
``CI``, or with ``DEMO_SERVE=0``: then it exits after the check, so CI can run it.
Running it again keeps the knowledge base and the workspace, and links each example once.
The event-data band of the overview shows a synthetic record made for the demo
(:mod:`crossroads.workspace.demo_events`), said so in the terminal and on the page.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from crossroads.errors import CrossroadsError
from crossroads.store import KnowledgeBase
from crossroads.workspace import accounts, spaces
from crossroads.workspace.demo_events import Party, write_demo_events
from crossroads.workspace.jobs import JobSettings, Worker, enqueue_upload, job
from crossroads.workspace.reading import workspace_dyad, workspace_filters

ADMIN = "demo"
SLUG = "demo"
NAME = "Indonesia–Australia demo"
DYAD = "Indonesia-Australia"
PARTIES = (Party("IDNGOV", "INDONESIA", "IDN"), Party("AUSGOV", "AUSTRALIA", "AUS"))
EVENTS_FROM = 2022  # the synthetic record's first year; it runs three years
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class DemoError(CrossroadsError):
    """The demo could not be set up, or its server failed the check."""


@dataclass
class DemoSetup:
    """What the set-up made: where, who may sign in, and what each example became."""

    db: str
    admin: str
    password: str
    slug: str
    documents: int  # the workspace's documents after the set-up
    messages: list[str] = field(default_factory=list)  # one line per example: its job's end
    failed: list[str] = field(default_factory=list)  # the examples that failed, one line each
    report: Path | None = None
    events_db: Path | None = None  # the synthetic event record, if made
    events: int = 0


def set_up_demo(
    db: str,
    examples: Sequence[Path],
    *,
    html: Path | None = None,
    settings: JobSettings | None = None,
    password: str | None = None,
    events: bool = True,
) -> DemoSetup:
    """Make (or refresh) the demo's knowledge base, admin and workspace.

    Args:
        db: The knowledge base (a SQLite path; its folder is made).
        examples: The documents to analyse into the demo workspace.
        html: Where to write the workspace's HTML report (None: nowhere).
        settings: How the worker analyses (default: the full pipeline, as ``serve``).
        password: The admin's password (default: a fresh random one).
        events: Also make the synthetic event record, beside a SQLite knowledge base.

    Returns:
        What was set up.

    Raises:
        DemoError: an example is missing.
    """
    missing = [str(p) for p in examples if not Path(p).is_file()]
    if missing:
        raise DemoError(", ".join(missing), "no such example file")
    if "://" not in db:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    password = password or secrets.token_urlsafe(12)
    kb = KnowledgeBase.open(db, mode="create")
    try:
        engine = kb.engine
        admin = accounts.find_user(engine, ADMIN)
        if admin is None:
            admin = accounts.create_user(engine, ADMIN, password, superuser=True)
        else:
            accounts.change_password(engine, admin.id, password)
        workspace = spaces.get_workspace(engine, SLUG) or spaces.create_workspace(
            engine, NAME, DYAD, slug=SLUG
        )
        spaces.set_member(engine, workspace.id, admin.id, "admin")
        job_ids = [
            enqueue_upload(engine, workspace.id, admin.id, p.name, p.read_bytes())
            for p in map(Path, examples)
        ]
        worker = Worker(engine, settings)
        while worker.run_once():  # the jobs run here, in order, before the server starts
            pass
        setup = DemoSetup(db, ADMIN, password, SLUG, 0)
        for job_id in job_ids:
            done = job(engine, job_id, workspace.id)
            assert done is not None
            setup.messages.append(done.message)
            if done.state != "done":
                setup.failed.append(done.message)
        setup.documents = len(spaces.workspace_documents(engine, workspace.id))
        if html is not None and setup.documents:
            setup.report = write_report(engine, workspace, html)
        if events:
            folder = Path(db).parent if "://" not in db else Path(".demo")
            setup.events_db, setup.events = write_demo_events(folder, *PARTIES, EVENTS_FROM)
        return setup
    finally:
        kb.close()


def write_report(engine: Engine, workspace: spaces.Workspace, out: Path) -> Path:
    """Write the HTML report of the workspace's documents (the ``analyze`` page)."""
    from crossroads.corpus.maps import corpus_map
    from crossroads.render.html import render_html

    analysis = corpus_map(engine, workspace_dyad(workspace), workspace_filters(workspace))
    out.write_text(render_html(analysis, title=f"{workspace.name}: perspective map"), "utf-8")
    return out


def check_server(setup: DemoSetup) -> list[str]:
    """Sign in to the demo's server as its admin and open the pages; what went wrong, if any.

    Returns:
        One line per failed step (empty: the server works).
    """
    from fastapi.testclient import TestClient

    from crossroads.workspace.app import create_app

    app = create_app(setup.db, secret_key=secrets.token_urlsafe(32))
    app.state.events_db = setup.events_db  # read by crossroads.workspace.reading
    overview_holds = "Perspective map"
    if setup.events_db is not None:
        overview_holds = f"Event data from {setup.events_db.name}"
    problems = []
    with TestClient(app, follow_redirects=False) as client:
        signed = client.post("/login", data={"name": setup.admin, "password": setup.password})
        if signed.status_code != 303 or not client.cookies:
            return [f"sign-in as {setup.admin} failed ({signed.status_code})"]
        for path, must_hold in (
            (f"/w/{setup.slug}", "document"),
            (f"/w/{setup.slug}/overview", overview_holds),
            (f"/w/{setup.slug}/exports/map.html", "<html"),
        ):
            page = client.get(path)
            if page.status_code != 200 or must_hold not in page.text:
                problems.append(f"{path}: {page.status_code}, expected a page with {must_hold!r}")
    return problems


def should_serve(environ: dict[str, str] | None = None, interactive: bool | None = None) -> bool:
    """Serve after the set-up: only at a terminal, not under ``CI``, not with ``DEMO_SERVE=0``."""
    env = os.environ if environ is None else environ
    if env.get("DEMO_SERVE", "").strip() in ("0", "no", "false"):
        return False
    if env.get("DEMO_SERVE", "").strip() in ("1", "yes", "true"):
        return True
    if env.get("CI", "").strip() not in ("", "0", "false"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty() if interactive is None else interactive


def main(argv: Sequence[str] | None = None) -> int:
    """The ``make demo`` command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m crossroads.workspace.demo")
    parser.add_argument("examples", nargs="+", type=Path, help="documents for the workspace")
    parser.add_argument("--db", default=".demo/kb.sqlite", help="the knowledge base")
    parser.add_argument("--html", type=Path, help="also write the HTML report here")
    parser.add_argument("--port", type=int, default=8000, help="the server's port")
    parser.add_argument("--stages", help="comma-separated pipeline stages (tests, quick looks)")
    args = parser.parse_args(argv)
    settings = JobSettings()
    if args.stages:
        settings = JobSettings(stages=tuple(args.stages.split(",")), embed=False)
    try:
        setup = set_up_demo(args.db, args.examples, html=args.html, settings=settings)
    except CrossroadsError as exc:
        print(f"crossroads demo: {exc}", file=sys.stderr)
        return 1
    for line in setup.messages:
        print(f"  {line}")
    if setup.report is not None:
        print(f"HTML report of the examples written to {setup.report}")
    if setup.events_db is not None:
        print(
            f"Event data: {setup.events} synthetic events in {setup.events_db}, made up for"
            " the demo (not GDELT or ICEWS data)"
        )
    problems = check_server(setup)
    if problems or setup.failed:
        for line in [*setup.failed, *problems]:
            print(f"crossroads demo: {line}", file=sys.stderr)
        return 1
    print(
        f"Demo workspace ready: {setup.documents} document(s) in {setup.db}\n"
        f"  sign in at http://127.0.0.1:{args.port}/login\n"
        f"  name:     {setup.admin}\n"
        f"  password: {setup.password}"
    )
    if not should_serve():
        print("Not serving (no terminal, CI, or DEMO_SERVE=0): the check passed.")
        return 0
    from crossroads.cli import main as crossroads

    serve = ["serve", "--db", setup.db, "--port", str(args.port)]
    if setup.events_db is not None:
        serve += ["--events-db", str(setup.events_db)]
    return int(crossroads(serve, standalone_mode=False) or 0)


if __name__ == "__main__":
    sys.exit(main())
