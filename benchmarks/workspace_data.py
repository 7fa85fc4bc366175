"""A workspace-sized knowledge base for the workspace benchmark, built without the models.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/workspace_data.py --db /tmp/ws.sqlite
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/workspace_data.py \\
        --db postgresql://postgres@127.0.0.1:54330/bench --documents 1000 --sentences 50000

Stores ``--documents`` documents holding ``--sentences`` sentences in all (default 1,000
and 50,000) for one dyad, and one workspace ("Benchmark desk") that links them all, with
an admin account. The documents are made from our own texts: the hand-labelled
development documents (``tests/data/dev/*.json``, labels and events included) and the
sentences of the bundled example (``examples/*.md``, which borrow labels from the pool).
Each document takes a run of sentences, a date spread over 2015-2025 (about 3% undated), a
title of its own, and its labels varied (a valence or an issue changed now and then), so
maps, trends and timelines have something to show. Nothing is annotated by a model: the
records are written as the pipeline's stored records are (``to_record``) and stored with
``KnowledgeBase.store``. With ``--embeddings`` each sentence also gets its MiniLM embedding
(the pool's few hundred distinct texts are encoded once), so that semantic and hybrid
search have something to rank. Prints progress and the time taken.

``build`` is what ``benchmarks/workspace_bench.py`` calls.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from crossroads import cameo
from crossroads.model import Document, Event, Sentence
from crossroads.store import KnowledgeBase, RunInfo, schema
from crossroads.store.queries import dyad_key
from crossroads.store.records import to_record

ROOT = Path(__file__).parents[1]
DEV = ROOT / "tests" / "data" / "dev"
EXAMPLES = ROOT / "examples"
ISSUES = ("alignment", "military-presence", "defense-cooperation", "governance", "economy",
          "regional-order", "diplomacy", "nontraditional-security")  # fmt: skip
VALENCES = ("cooperative", "critical", "neutral")
RUN = RunInfo(version="bench", stages=("benchmark.generated",), taxonomy="default")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


@dataclass
class Labelled:
    """A sentence with its labels, and the events it reports (actor1, actor2, code, date)."""

    text: str
    perspective: str
    issue: str
    valence: str
    frames: list[str]
    recommendation: bool
    events: list[tuple[str, str, str, str | None]]


def _party(code: str, source: tuple[str, str], dyad: tuple[str, str]) -> str:
    """A template's dyad party as the benchmark dyad's (third parties stay themselves)."""
    return dyad[source.index(code)] if code in source else code


def sentence_pool(dyad: tuple[str, str]) -> list[Labelled]:
    """Every labelled development sentence, then the example's sentences with borrowed labels."""
    pool: list[Labelled] = []
    for path in sorted(DEV.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = (gold["dyad"][0], gold["dyad"][1])
        events: dict[str, list[tuple[str, str, str, str | None]]] = {}
        for e in gold.get("events", []):
            code = (
                e["cameo_root"] + "0"
                if e["cameo_root"] + "0" in cameo.cameo_table()
                else e["cameo_root"]
            )
            events.setdefault(e["sentence"], []).append(
                (
                    _party(e["actor1"], source, dyad),
                    _party(e["actor2"], source, dyad),
                    code,
                    e.get("date"),
                )
            )
        for s in gold["sentences"]:
            pool.append(
                Labelled(
                    s["text"],
                    _party(s["perspective"], source, dyad),
                    s["issue"],
                    s["valence"],
                    list(s["frames"]),
                    bool(s["recommendation"]),
                    events.get(s["text"], []),
                )
            )
    borrowed = random.Random(1)
    for path in sorted(EXAMPLES.glob("*.md")):
        body = [line for line in path.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith(("#", "*", "By ", "---"))]  # fmt: skip
        for text in _SENTENCE_END.split(" ".join(body)):
            donor = borrowed.choice(pool)
            pool.append(Labelled(text.strip(), donor.perspective, donor.issue, donor.valence,
                                 donor.frames, donor.recommendation, []))  # fmt: skip
    return pool


def _date(rng: random.Random) -> str | None:
    if rng.random() < 0.03:
        return None
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
    return day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]


def make_document(
    k: int, pool: list[Labelled], size: int, rng: random.Random
) -> tuple[Document, str]:
    """Document ``k``: a run of ``size`` pool sentences, varied, with its events."""
    first = rng.randrange(len(pool))
    picked = [pool[(first + i) % len(pool)] for i in range(size)]
    title = f"Benchmark document {k + 1}: {picked[0].text[:60].rstrip()}"
    when = _date(rng)
    doc = Document(id="d0", source=f"bench://document/{k + 1}", title=title, date=when, kind="md")
    offset, pieces = 0, []
    for n, s in enumerate(picked, start=1):
        valence = rng.choice(VALENCES) if rng.random() < 0.15 else s.valence
        issue = rng.choice(ISSUES) if rng.random() < 0.1 else s.issue
        doc.sentences.append(
            Sentence(id=f"d0:s{n}", text=s.text, start=offset, end=offset + len(s.text),
                     paragraph=(n - 1) // 4, perspective=s.perspective, issue=issue,
                     valence=valence, frames=list(s.frames), recommendation=s.recommendation,
                     confidence={"issue": round(rng.uniform(0.4, 0.99), 2),
                                 "valence": round(rng.uniform(0.4, 0.99), 2)})
        )  # fmt: skip
        for actor1, actor2, code, event_date in s.events:
            entry = cameo.lookup(code)
            doc.events.append(
                Event(actor1, actor2, entry.code, entry.goldstein, event_date or when,
                      f"d0:s{n}", quad_class=entry.quad_class)
            )  # fmt: skip
        pieces.append(s.text)
        offset += len(s.text) + 1
    doc.text = " ".join(pieces)
    # The title makes each text, and so its content hash, unique.
    return doc, f"# {title}\n\n{doc.text}\n"


def build(
    target: str,
    documents: int,
    sentences: int,
    dyad: tuple[str, str],
    seed: int,
    embeddings: bool = False,
) -> dict[str, float]:
    """Fill a knowledge base with one workspace of generated documents.

    Returns:
        ``store_s`` and ``total_s`` (seconds), ``workspace_id``.
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    pool = sentence_pool(dyad)
    vectors: dict[str, np.ndarray] = {}
    if embeddings:
        from crossroads.models import encode

        texts = sorted({s.text for s in pool})
        vectors = dict(zip(texts, encode(texts), strict=True))
        print(f"encoded {len(texts):,} distinct sentences", flush=True)
    key = dyad_key(dyad)
    kb = KnowledgeBase.open(target)
    ids: list[int] = []
    try:
        per, extra = divmod(sentences, documents)
        for k in range(documents):
            doc, raw = make_document(k, pool, per + (k < extra), rng)
            rows = np.stack([vectors[s.text] for s in doc.sentences]) if vectors else None
            status = kb.store(to_record(doc, raw, key, rows), RUN)
            if status == "unchanged":
                raise SystemExit(f"{target}: already holds generated documents; use a new --db")
            if (k + 1) % 100 == 0 or k + 1 == documents:
                elapsed = time.perf_counter() - started
                print(
                    f"stored {k + 1:,}/{documents:,} documents ({(k + 1) / elapsed:,.0f}/s)",
                    flush=True,
                )
        stored = time.perf_counter() - started
        now = datetime.now(UTC).replace(tzinfo=None)
        d = schema.documents
        with kb.engine.begin() as c:
            ids = [
                int(i)
                for i in c.execute(
                    d.select().with_only_columns(d.c.id).where(d.c.dyad == key)
                ).scalars()
            ]
            user = c.execute(
                insert(schema.users).values(
                    name="bench-admin", password_hash="!benchmark-account-no-login", created_at=now
                )
            )
            user_id = int(user.inserted_primary_key[0])
            space = c.execute(
                insert(schema.workspaces).values(
                    slug="benchmark-desk", name="Benchmark desk", dyad=key, created_at=now
                )
            )
            workspace_id = int(space.inserted_primary_key[0])
            c.execute(
                insert(schema.memberships).values(
                    workspace_id=workspace_id, user_id=user_id, role="admin"
                )
            )
            c.execute(
                insert(schema.workspace_documents),
                [
                    {
                        "workspace_id": workspace_id,
                        "document_id": i,
                        "added_by": user_id,
                        "added_at": now,
                    }
                    for i in ids
                ],
            )
        counts = kb.counts()
    finally:
        kb.close()
    total = time.perf_counter() - started
    print(f"workspace 'benchmark-desk' (id {workspace_id}) links {len(ids):,} documents;"
          f" the knowledge base holds {counts['documents']:,} documents,"
          f" {counts['sentences']:,} sentences and {counts['events']:,} events")  # fmt: skip
    print(
        f"stored in {stored:.1f} s, workspace rows in {total - stored:.1f} s, {total:.1f} s in all"
    )
    return {"store_s": stored, "total_s": total, "workspace_id": workspace_id}


def main() -> None:
    """Parse the command line and build the knowledge base."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a new SQLite path or postgresql:// URL")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=50_000)
    parser.add_argument("--dyad", default="AUS-IDN", help="two ISO3 codes, e.g. AUS-IDN")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--embeddings", action="store_true", help="store MiniLM sentence embeddings too"
    )
    args = parser.parse_args()
    a, b = args.dyad.upper().split("-")
    if args.sentences < args.documents:
        parser.error("--sentences must be at least --documents (one sentence each)")
    build(args.db, args.documents, args.sentences, (a, b), args.seed, args.embeddings)


if __name__ == "__main__":
    main()
