"""``make quality``: the figures that predict unseen documents, in one run.

1. The shared scorer (``../shared/eval/score.py``) on the open gold set, overall and per
   document; 2. the same scorer on ``tests/data/dev``; 3. the learned stages held out on
   ``training/corpus``: leave one genre out, and five folds that each hold out whole pairs.

The analyses run in this process (models load once), with the stages ``analyze`` uses by
default, or with ``--stage NAME`` replacements as on the command line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader, f"{SCORER}: not found"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(folder: Path, stage_names: list[str]) -> str:
    from crossroads.pipeline import DEFAULT_STAGES, PipelineConfig, analyze, with_stages

    scorer = _scorer()
    config = PipelineConfig(stages=with_stages(DEFAULT_STAGES, stage_names))
    pairs = []
    rows = [
        "| document | perspective | issue | valence | frames F1 | events F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    started = time.time()
    for gold in scorer.load_golds([str(folder)]):
        analysis = analyze([str(gold["_path"])], tuple(gold["dyad"]), config)
        pred = json.loads(json.dumps(analysis.to_contract()))
        pairs.append((gold, pred))
        one = scorer.score([(gold, pred)])
        rows.append(
            f"| {gold['doc']} | {one['perspective_acc']:.3f} | {one['issue_acc']:.3f} | "
            f"{one['valence_acc']:.3f} | {one['frames_prf'][2]:.3f} | "
            f"{one['events_prf'][2]:.3f} |"
        )
    res = scorer.score(pairs)
    rows.append(
        f"| **all ({len(pairs)})** | **{res['perspective_acc']:.3f}** | "
        f"**{res['issue_acc']:.3f}** | **{res['valence_acc']:.3f}** | "
        f"**{res['frames_prf'][2]:.3f}** | **{res['events_prf'][2]:.3f}** |"
    )
    line = (
        "score: persp_acc={perspective_acc} issue_acc={issue_acc} valence_acc={valence_acc} "
        "frames_f1={f} events_f1={e} contested_mapped={contested_issues_mapped} "
        "agenda={contested_issues_on_agenda} bridging={bridging_cited} "
        "aligned={sentences_aligned}"
    ).format(f=res["frames_prf"][2], e=res["events_prf"][2], **res)
    return "\n".join(rows) + f"\n\n{line}  ({time.time() - started:.0f} s)\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stage", action="append", default=[], help="a stage replacement")
    ap.add_argument("--corpus", default=str(ROOT / "training" / "corpus"))
    ap.add_argument("--skip-cv", action="store_true")
    args = ap.parse_args()
    if SCORER.exists():
        print("## Open gold set (../shared/eval/gold)\n")
        print(score_set(ROOT.parent / "shared" / "eval" / "gold", args.stage))
    else:
        print(f"({SCORER} not found: open gold set skipped)\n")
    print("## Development texts (tests/data/dev)\n")
    print(score_set(ROOT / "tests" / "data" / "dev", args.stage))
    if args.skip_cv:
        return
    from crossroads.training.evaluate import heading, table
    from crossroads.training.run import train

    result = train(
        Path(args.corpus),
        None,
        ("genre", "pair-folds"),
        lambda step: print(f"  {step} ✓", file=sys.stderr),
    )
    print(
        f"## Held-out cross-validation on the corpus ({result.documents} documents, "
        f"{result.sentences} sentences; rules → learned)\n"
    )
    for by, scores in result.held_out.items():
        print(f"### {heading(by)}\n\n{table(scores, by)}\n")


if __name__ == "__main__":
    main()
