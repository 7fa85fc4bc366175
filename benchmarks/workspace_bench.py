"""Workspace benchmark (run by hand): page latencies under concurrent clients, upload to map.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/workspace_bench.py \\
        --pg postgresql://postgres@127.0.0.1:54330/postgres --out /tmp/workspace-bench.json

For each knowledge base (a temporary SQLite file; with ``--pg``, also a PostgreSQL
database ``bench_ws`` it creates and drops; or the ``--db`` targets given, which must be
new):

1. Builds the workspace "Benchmark desk" of 1,000 documents and 50,000 sentences from our
   own texts, with sentence embeddings (``workspace_data.build``), and gives its admin a
   password.
2. Starts ``crossroads serve`` on a free loopback port in a subprocess (its own data
   directory, so no events database of yours is read) and waits until it answers.
3. Signs in ``--clients`` httpx clients (one sign-in each), then times the cold requests:
   the first overview (the build), the first hybrid search (the server loads MiniLM) and
   the first document page.
4. Sends ``--requests`` requests from the clients at once, a seeded mix of the overview,
   the document list, random document pages, full-text and hybrid searches and the JSON
   twins; reports n, p50, p95 and max per kind against the goals (p95 <= 1 s for the
   overview, <= 300 ms for the other pages).
5. Uploads two one-page documents of our own (about Indonesia and Australia) through the
   API, polls each job until done, then the overview (its JSON twin) until it holds the document:
   the first upload also loads the worker's models, the second is the warm figure (goal
   <= 5 s).

Prints progress and, at the end, a Markdown table (page kind × backend).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
import workspace_data  # noqa: E402 (a sibling script, not a package)

from crossroads.store import KnowledgeBase, schema  # noqa: E402
from crossroads.store.db import StoreError, scratch_database  # noqa: E402
from crossroads.workspace.accounts import change_password, find_user  # noqa: E402

SLUG = "benchmark-desk"
ADMIN = "bench-admin"
QUERIES = ("maritime boundary", "fishing vessels", "security agreement", "sovereignty",
           "defence cooperation with Canberra", "foreign ministers meeting")  # fmt: skip
# kind: (weight in the mix, goal for p95 in seconds)
KINDS = {
    "overview": (15, 1.0),
    "overview JSON": (5, 1.0),
    "document list": (10, 0.3),
    "document": (30, 0.3),
    "document JSON": (10, 0.3),
    "search fts": (15, 0.3),
    "search hybrid": (15, 0.3),
}
UPLOAD_GOAL = 5.0
# Two one-page documents written for this benchmark (not from any corpus).
UPLOADS = (
    (
        "bench-upload-fisheries.md",
        "Fisheries talks in Darwin",
        "2025-03-14",
        "Indonesian and Australian officials met in Darwin this week to review the rules for "
        "traditional fishers in the Timor Sea. Jakarta asked Canberra to stop burning seized "
        "boats, calling the practice a needless humiliation for poor villages. Australian "
        "ministers answered that illegal fishing still drains stocks on the northern shelf. "
        "Both delegations agreed to share patrol data every month. An Indonesian negotiator "
        "said the deal shows that neighbours can manage a hard border without shouting. "
        "Critics in Kupang complained that the fishers themselves were not consulted. "
        "Australia promised funds for new engines and safety radios for small crews. "
        "Indonesia will register the boats that may enter the shared box near Ashmore Reef. "
        "Observers expect a joint survey of shark and trepang stocks next year. "
        "The two governments called the talks a step towards a wider maritime partnership.",
    ),
    (
        "bench-upload-students.md",
        "Students and visas across the Arafura",
        "2025-05-02",
        "Australian universities want more Indonesian students, but visa refusals rose "
        "sharply last year. The Indonesian embassy in Canberra protested that honest "
        "applicants are treated as risks. Australian officials replied that the checks apply "
        "to every country alike. Business groups in Surabaya said the refusals hurt trust "
        "more than any trade dispute. A new scholarship scheme will bring two hundred "
        "Indonesian engineers to Perth and Adelaide. Jakarta welcomed the scheme and asked "
        "for faster processing of family visas too. Some Australian commentators argued "
        "that closer ties with Indonesia matter more than ever for regional stability. "
        "Student unions on both sides plan a joint campaign for fairer fees. The ministers "
        "will discuss education at their next annual meeting in Bali.",
    ),
)


# ----------------------------------------------------------------------------- knowledge bases


@dataclass
class Target:
    """A knowledge base to benchmark: its backend's name and its URL."""

    backend: str
    url: str


@contextmanager
def postgres_database(admin: str, name: str) -> Iterator[str]:
    """A new PostgreSQL database ``name`` on the server of ``admin``, dropped afterwards."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database(admin, name))
        except StoreError as exc:
            raise SystemExit(f"{exc}: drop it or pass --pg-name") from None
        try:
            yield url
        finally:
            stack.close()  # drops the database
            print(f"dropped database {name}", flush=True)


def prepare(url: str, documents: int, sentences: int, seed: int) -> tuple[str, list[int], float]:
    """Build the knowledge base, give the admin a password; return it, the ids, the build time."""
    started = time.perf_counter()
    workspace_data.build(url, documents, sentences, ("AUS", "IDN"), seed, embeddings=True)
    built = time.perf_counter() - started
    password = secrets.token_urlsafe(16)
    with KnowledgeBase.open(url) as kb:
        user = find_user(kb.engine, ADMIN)
        assert user is not None, "workspace_data.build made no admin"
        change_password(kb.engine, user.id, password)
        wd = schema.workspace_documents
        with kb.engine.connect() as c:
            ids = [int(i) for i in c.execute(select(wd.c.document_id)).scalars()]
    return password, sorted(ids), built


# ----------------------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str, home: Path) -> Iterator[str]:
    """``crossroads serve`` on ``url`` in a subprocess; yields its base URL once it answers."""
    port = free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(home), CROSSROADS_SECRET_KEY=secrets.token_hex(32))
    env.setdefault("HF_HUB_OFFLINE", "1")
    log = (home / "server.log").open("w")
    command = [sys.executable, "-c", "from crossroads.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(port), "--db", url]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server stopped: {(home / 'server.log').read_text()}")
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not answer within 120 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def sign_in(base: str, password: str) -> httpx.Client:
    """A client holding a session cookie (one sign-in: the login is rate-limited)."""
    client = httpx.Client(base_url=base, timeout=120)
    answer = client.post("/login", data={"name": ADMIN, "password": password, "next": "/"})
    if answer.status_code != 303 or not client.cookies:
        raise SystemExit(f"sign-in failed: {answer.status_code} {answer.text[:200]}")
    return client


def timed_get(client: httpx.Client, path: str) -> float:
    """Seconds to GET a path, body read; a status other than 200 stops the benchmark."""
    started = time.perf_counter()
    answer = client.get(path)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"GET {path}: {answer.status_code} {answer.text[:300]}")
    return elapsed


# ----------------------------------------------------------------------------- measures


def path_of(kind: str, rng: random.Random, ids: list[int]) -> str:
    """A request of one kind, drawn from the documents and queries."""
    w, q = f"/w/{SLUG}", rng.choice(QUERIES)
    return {
        "overview": f"{w}/overview",
        "overview JSON": f"/api{w}/overview",
        "document list": w,
        "document": f"{w}/documents/{rng.choice(ids)}",
        "document JSON": f"/api{w}/documents/{rng.choice(ids)}",
        "search fts": f"{w}/search?mode=fts&q={q}",
        "search hybrid": f"{w}/search?mode=hybrid&q={q}",
    }[kind]


@dataclass
class Load:
    """The timings of the concurrent phase, per kind, and its wall time."""

    times: dict[str, list[float]] = field(default_factory=dict)
    wall_s: float = 0.0


def run_load(clients: list[httpx.Client], ids: list[int], requests: int, seed: int) -> Load:
    """Send ``requests`` requests of the mix from all clients at once."""
    rng = random.Random(seed)
    kinds = list(KINDS)
    plan = rng.choices(kinds, weights=[KINDS[k][0] for k in kinds], k=requests)
    work = [(kind, path_of(kind, rng, ids)) for kind in plan]
    load, lock, done = Load({k: [] for k in kinds}), threading.Lock(), [0]
    errors: list[str] = []

    def client_loop(client: httpx.Client) -> None:
        while True:
            with lock:
                if not work or errors:
                    return
                kind, path = work.pop()
            try:
                elapsed = timed_get(client, path)
            except SystemExit as exc:
                with lock:
                    errors.append(str(exc))
                return
            with lock:
                load.times[kind].append(elapsed)
                done[0] += 1
                if done[0] % 100 == 0:
                    print(f"  {done[0]:,}/{requests:,} requests", flush=True)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.wall_s = time.perf_counter() - started
    if errors:
        raise SystemExit(errors[0])
    return load


def summary(times: list[float], goal: float) -> dict[str, Any]:
    """n, p50, p95 and max in milliseconds, and whether p95 meets the goal."""
    ordered = sorted(times)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[-1] if len(ordered) > 1 else 0
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "goal_ms": round(goal * 1000),
        "met": p95 <= goal,
    }


def upload_to_map(client: httpx.Client, name: str, title: str, day: str, body: str) -> dict:
    """Seconds from uploading a document to the overview holding it."""
    form = client.get(f"/w/{SLUG}/jobs").text  # the session's CSRF token, as a browser has it
    token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    page = f"---\ntitle: {title}\ndate: {day}\n---\n\n{body}\n".encode()
    started = time.perf_counter()
    answer = client.post(
        f"/api/w/{SLUG}/jobs",
        files={"files": (name, page, "text/markdown")},
        headers={"X-CSRF-Token": token},
    )
    if answer.status_code != 201:
        raise SystemExit(f"upload refused: {answer.status_code} {answer.text[:300]}")
    job_id = answer.json()[0]["id"]
    while True:
        job = client.get(f"/api/w/{SLUG}/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            break
        if time.perf_counter() - started > 600:
            raise SystemExit(f"job {job_id} not done after 600 s: {job}")
        time.sleep(0.1)
    analysed = time.perf_counter() - started
    if job["state"] == "failed":
        raise SystemExit(f"job {job_id} failed: {job['message']}")
    # On the map: among the documents the overview was built from. (The page's timeline
    # draws a thousand documents as bins per period, so it links no single document.)
    wanted = f"d{job['document_id']}"

    def on_map() -> bool:
        shown = client.get(f"/api/w/{SLUG}/overview").json()["documents"]
        return any(d["id"] == wanted for d in shown)

    while not on_map():
        if time.perf_counter() - started > 600:
            raise SystemExit(f"document {job['document_id']} not on the overview after 600 s")
        time.sleep(0.1)
    total = time.perf_counter() - started
    return {"analysed_s": round(analysed, 2), "on_map_s": round(total, 2)}


def bench(target: Target, args: argparse.Namespace, home: Path) -> dict[str, Any]:
    """Every measure on one knowledge base."""
    print(f"\n== {target.backend}: building the knowledge base", flush=True)
    password, ids, built = prepare(target.url, args.documents, args.sentences, args.seed)
    result: dict[str, Any] = {"backend": target.backend, "build_kb_s": round(built, 1)}
    with server(target.url, home) as base:
        print(f"== {target.backend}: server at {base}; signing in {args.clients} clients")
        clients = [sign_in(base, password) for _ in range(args.clients)]
        try:
            first = clients[0]
            cold = {
                "overview (builds it)": timed_get(first, f"/w/{SLUG}/overview"),
                "overview JSON (encodes it)": timed_get(first, f"/api/w/{SLUG}/overview"),
                "search hybrid (loads MiniLM)": timed_get(
                    first, f"/w/{SLUG}/search?mode=hybrid&q=maritime+boundary"
                ),
                "document": timed_get(first, f"/w/{SLUG}/documents/{ids[0]}"),
            }
            result["cold_s"] = {k: round(v, 2) for k, v in cold.items()}
            print(f"   cold: {result['cold_s']}", flush=True)
            print(f"== {target.backend}: {args.requests:,} requests from {args.clients} clients")
            load = run_load(clients, ids, args.requests, args.seed)
            result["load_wall_s"] = round(load.wall_s, 1)
            result["pages"] = {k: summary(v, KINDS[k][1]) for k, v in load.times.items() if v}
            print(f"== {target.backend}: upload to map", flush=True)
            result["uploads"] = []
            for n, upload in enumerate(UPLOADS):
                measured = upload_to_map(first, *upload)
                measured["worker"] = "cold (loads the models)" if n == 0 else "warm"
                result["uploads"].append(measured)
                print(f"   {measured}", flush=True)
        finally:
            for c in clients:
                c.close()
    return result


# ----------------------------------------------------------------------------- report


def table(results: list[dict[str, Any]]) -> str:
    """The Markdown table of every result: one row per page kind and backend."""
    rows = ["| page | backend | n | p50 ms | p95 ms | max ms | goal (p95) | met |",
            "|---|---|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    for kind in KINDS:
        for r in results:
            s = r["pages"].get(kind)
            if s:
                rows.append(f"| {kind} | {r['backend']} | {s['n']} | {s['p50_ms']:.0f} | "
                            f"{s['p95_ms']:.0f} | {s['max_ms']:.0f} | {s['goal_ms']} ms | "
                            f"{'yes' if s['met'] else '**no**'} |")  # fmt: skip
    for r in results:
        for name, seconds in r["cold_s"].items():
            rows.append(f"| first {name} | {r['backend']} | 1 | {seconds * 1000:.0f} | | | | |")
    rows += ["", "| upload to visible map | backend | analysed s | on the map s | goal | met |",
             "|---|---|---:|---:|---:|---|"]  # fmt: skip
    for r in results:
        for u in r["uploads"]:
            met = "yes" if u["on_map_s"] <= UPLOAD_GOAL else "**no**"
            goal = f"{UPLOAD_GOAL:.0f} s" if u["worker"] == "warm" else ""
            rows.append(f"| worker {u['worker']} | {r['backend']} | {u['analysed_s']:.1f} | "
                        f"{u['on_map_s']:.1f} | {goal} | {met if goal else ''} |")  # fmt: skip
    return "\n".join(rows)


def main() -> None:
    """Parse the command line, run every backend, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", default=[],
                        help="a new SQLite path or postgresql:// URL (repeatable); default: a"
                             " temporary SQLite file, and the --pg database")  # fmt: skip
    parser.add_argument("--pg", help="a PostgreSQL server URL: the bench creates a database")
    parser.add_argument("--pg-name", default="bench_ws", help="the database --pg creates")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=800, help="requests in all (bounded)")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path, help="write the results as JSON here too")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="workspace-bench-") as tmp:
        home = Path(tmp)
        targets = [Target("postgresql" if u.startswith("postgresql") else "sqlite", u)
                   for u in args.db]  # fmt: skip
        if not targets:
            targets.append(Target("sqlite", str(home / "kb.sqlite")))
        for target in targets:
            results.append(bench(target, args, home))
        if args.pg:
            with postgres_database(args.pg, args.pg_name) as url:
                results.append(bench(Target("postgresql", url), args, home))
    conditions = {"clients": args.clients, "requests": args.requests,
                  "documents": args.documents, "sentences": args.sentences,
                  "cpus": os.cpu_count()}  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps({"conditions": conditions, "results": results}, indent=2))
    print(f"\n{args.documents:,} documents, {args.sentences:,} sentences; {args.clients} clients,"
          f" {args.requests:,} requests per backend; {os.cpu_count()} CPUs\n")  # fmt: skip
    print(table(results))


if __name__ == "__main__":
    main()
