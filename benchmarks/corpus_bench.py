"""Corpus benchmark (run by hand): ``corpus add`` serial vs Dask, ``corpus trends``, memory.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/corpus_bench.py --docs 2000

1. Writes ``--docs`` short documents (about ten sentences each, dated over three years)
   from the sentences of ``tests/data/dev/*.json``, shuffled with a fixed seed.
2. Adds them with the default pipeline (all stages, embeddings) serially, then on a Dask
   LocalCluster (two worker processes, one thread each), each into its own SQLite KB;
   reports documents per second, with and without the cluster's start-up.
3. Inserts 100,000 synthetic sentences directly and times ``corpus trends`` over them.
4. Reports the client's peak resident memory. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path

from crossroads.corpus import AnalysisSpec, add_sources
from crossroads.corpus.engines import DaskEngine
from crossroads.store import Filters, KnowledgeBase, RunInfo, schema, trends

DEV = Path(__file__).parents[1] / "tests" / "data" / "dev"
ISSUES = ("alignment", "military-presence", "defense-cooperation", "governance", "economy",
          "regional-order", "diplomacy", "nontraditional-security", "other")  # fmt: skip
PARTIES = ("KHM", "USA", "author", "ASEAN")
VALENCES = ("cooperative", "critical", "neutral")
FRAMES = ("", "security", "legal", "sovereignty,legal", "development", "values")


def write_documents(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` documents of about ten shuffled development sentences each."""
    sentences = [
        s["text"]
        for f in sorted(DEV.glob("*.json"))
        for s in json.loads(f.read_text())["sentences"]
    ]
    rng = random.Random(seed)
    for i in range(n):
        picked = rng.sample(sentences, 10)
        date = f"{2023 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        body = " ".join(picked)
        (folder / f"doc-{i:05d}.md").write_text(
            f"---\ntitle: Generated report {i}\ndate: {date}\n---\n\n{body}\n", encoding="utf-8"
        )


def timed_add(db: Path, folder: Path, engine: DaskEngine | None) -> tuple[float, int]:
    with KnowledgeBase.open(db) as kb:
        start = time.perf_counter()
        report = add_sources(kb, [str(folder)], AnalysisSpec(("KHM", "USA")), engine)
        return time.perf_counter() - start, report.added


def synthetic_trends(db: Path, sentences: int = 100_000, per_doc: int = 20) -> float:
    """Insert ``sentences`` annotated sentences directly, then time trends by quarter."""
    rng = random.Random(3)
    run = RunInfo("bench", ("synthetic",), "default")
    with KnowledgeBase.open(db) as kb:
        run_id = kb.run_id(run)
        with kb.engine.begin() as c:
            for d in range(sentences // per_doc):
                date = f"{2015 + d % 10}-{1 + d % 12:02d}-01"
                doc_id = c.execute(
                    schema.documents.insert().values(
                        dyad="KHM-USA", content_hash=f"h{d}", source=f"s{d}", title=None,
                        author=None, date=date, kind="txt", raw_text="x", text="x", notes="[]",
                        sentence_count=per_doc, run_id=run_id, added_at=datetime(2025, 1, 1),
                    )
                ).inserted_primary_key[0]  # fmt: skip
                c.execute(schema.sentences.insert(), [
                    {"document_id": doc_id, "position": p + 1, "text": f"Sentence {p}.",
                     "start": 0, "end": 1, "paragraph": 1, "heading": None,
                     "perspective": rng.choice(PARTIES), "issue": rng.choice(ISSUES),
                     "valence": rng.choice(VALENCES), "frames": rng.choice(FRAMES),
                     "recommendation": False, "quoted": False, "actors": "", "cues": "{}",
                     "embedding": None}
                    for p in range(per_doc)
                ])  # fmt: skip
        start = time.perf_counter()
        rows = trends(kb.engine, ("KHM", "USA"), Filters(dyad="KHM-USA"), by="quarter")
        elapsed = time.perf_counter() - start
        assert rows
        return elapsed


def main() -> None:
    """Run the benchmark and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "docs"
        folder.mkdir()
        write_documents(folder, args.docs)
        serial_s, serial_n = timed_add(root / "serial.sqlite", folder, None)
        start = time.perf_counter()
        with DaskEngine(n_workers=2, threads_per_worker=1) as engine:
            startup = time.perf_counter() - start
            dask_s, dask_n = timed_add(root / "dask.sqlite", folder, engine)
        trends_s = synthetic_trends(root / "trends.sqlite", args.sentences)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    serial_rate = serial_n / serial_s
    dask_rate = dask_n / dask_s
    dask_total = dask_n / (dask_s + startup)
    print(f"| measure ({args.docs} documents of ~10 sentences, 2 cores) | value |")
    print("|---|---|")
    print(f"| `corpus add`, serial | {serial_rate:.2f} docs/s ({serial_s:.0f} s) |")
    print(f"| `corpus add`, Dask LocalCluster 2×1 (excl. start-up) | {dask_rate:.2f} docs/s "
          f"({dask_s:.0f} s) |")  # fmt: skip
    print(f"| `corpus add`, Dask incl. cluster start-up ({startup:.1f} s) | {dask_total:.2f} "
          "docs/s |")  # fmt: skip
    print(f"| Dask / serial | {dask_rate / serial_rate:.2f} (incl. start-up "
          f"{dask_total / serial_rate:.2f}) |")  # fmt: skip
    print(f"| `corpus trends --by quarter` over {args.sentences:,} sentences | {trends_s:.2f} s |")
    print(f"| peak RSS of the client | {rss_mb:.0f} MB |")


if __name__ == "__main__":
    main()
