"""Benchmark: peak memory of `crossroads analyze` as one document grows.

Run by hand (not in CI):

    .venv/bin/python benchmarks/long_document_bench.py [--sizes 0.125,0.25,0.5,1] [--whole]

For each size (MB) it writes one essay-like document of that size from the project's own
development texts (paragraphs of five sentences) and runs, in a fresh process each,
`crossroads.pipeline.analyze` and the JSON renderer on it: once chunked as `crossroads
analyze` runs (1,000 sentences at a time), and with `--whole` once more as a single chunk,
the way it ran before chunking. It prints a table of sentences, wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "dev"
WHOLE = 10**9  # a chunk size no document reaches: the unchunked run

_CHILD = """
import resource, sys, time
t0 = time.perf_counter()
import crossroads.render
from crossroads.pipeline import PipelineConfig, analyze
from crossroads.readers import Limits
from crossroads.registry import renderers
config = PipelineConfig(chunk_sentences=int(sys.argv[2]))
analysis = analyze([sys.argv[1]], ("IDN", "AUS"), config, None, Limits(max_bytes=1 << 30))
renderers.get("json")(analysis)
sentences = sum(len(d.sentences) for d in analysis.documents)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(sentences, time.perf_counter() - t0, rss, analysis.errors)
"""


def build_document(megabytes: float, out: Path) -> Path:
    """An essay of about ``megabytes`` MB made of the development texts' sentences."""
    sentences = [
        s["text"]
        for g in sorted(DEV.glob("*.json"))
        for s in json.loads(g.read_text("utf-8"))["sentences"]
    ]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    target = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    size = 0
    while size < target:
        for paragraph in paragraphs:
            parts.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
            if size >= target:
                break
    path = out / f"essay-{megabytes:g}mb.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def measure(path: Path, chunk: int) -> tuple[int, float, float]:
    """Sentences, wall seconds and peak RSS (MiB) of one fresh analysing process."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(chunk)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    sentences, wall, rss_kib, _errors = out.stdout.split(maxsplit=3)
    return int(sentences), float(wall), int(rss_kib) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="0.125,0.25,0.5,1", help="document sizes in MB")
    ap.add_argument("--whole", action="store_true", help="also run each size unchunked")
    args = ap.parse_args()
    modes = {"chunked": 1000, **({"whole": WHOLE} if args.whole else {})}
    print("| size (MB) | sentences | run | wall (s) | peak RSS (MiB) |")
    print("|---:|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in (float(s) for s in args.sizes.split(",")):
            path = build_document(megabytes, Path(tmp))
            for mode, chunk in modes.items():
                sentences, wall, rss = measure(path, chunk)
                print(
                    f"| {megabytes:g} | {sentences} | {mode} | {wall:.0f} | {rss:.0f} |", flush=True
                )


if __name__ == "__main__":
    main()
