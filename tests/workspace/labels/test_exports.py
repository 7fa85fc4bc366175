"""Labelled data out: the gold format the scorer and `train` read, agreement, CSV, network."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner

from crossroads.aggregate import build_analysis
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.cli import main
from crossroads.pipeline import Pipeline, PipelineConfig
from crossroads.readers import read
from crossroads.store import Filters
from crossroads.store.queries import load_documents
from crossroads.training.corpus import check
from crossroads.training.dataset import align
from crossroads.training.run import labelled_documents
from crossroads.workspace.exports import (
    export_labels,
    find_workspace,
    label_network,
    workspace_documents,
    write_network,
    write_sentences_csv,
)
from crossroads.workspace.labels import correct, mark_reviewed

from .conftest import LIGHT_STAGES, Desk

SCORER = Path("/work/shared/eval/score.py")
TRAINING_SLICE = Path(__file__).resolve().parents[2] / "data" / "voice"


def _two_analysts_read_the_port_story(desk: Desk) -> None:
    """nadia and omar each correct the port story, both mark it reviewed; nadia the rice one."""
    port, nadia, omar = desk.documents["port"], desk.users["nadia"], desk.users["omar"]
    correct(desk.engine, desk.workspace, port, 1, "perspective", "USA", nadia, 0)
    correct(desk.engine, desk.workspace, port, 1, "issue", "military-presence", nadia, 0)
    correct(desk.engine, desk.workspace, port, 2, "valence", "neutral", nadia, 0)
    correct(desk.engine, desk.workspace, port, 3, "perspective", "KHM", omar, 0)
    correct(desk.engine, desk.workspace, port, 3, "issue", "military-presence", omar, 0)
    correct(desk.engine, desk.workspace, port, 2, "valence", "cooperative", omar, 1)
    for who in (nadia, omar):
        mark_reviewed(desk.engine, desk.workspace, port, who)
    mark_reviewed(desk.engine, desk.workspace, desk.documents["rice"], nadia)


def _export(desk: Desk, kb_url: str, out: Path) -> CliRunner:
    result = CliRunner().invoke(
        main,
        [
            "corpus",
            "export-labels",
            "--workspace",
            "khm-usa",
            "--out",
            str(out),
            "--db",
            kb_url,
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    return result


def test_export_writes_reviewed_documents_with_labels_in_force(
    desk: Desk, kb_url: str, tmp_path: Path
) -> None:
    _two_analysts_read_the_port_story(desk)
    out = tmp_path / "labelled"
    result = _export(desk, kb_url, out)
    assert "2 reviewed documents" in result.stderr
    port = desk.documents["port"]
    files = sorted(p.name for p in out.iterdir())
    stem = f"d{port}-pier-works-at-ream-draw-a-warning"
    assert f"{stem}.json" in files and f"{stem}.txt" in files and "summary.yaml" in files
    assert len([f for f in files if f.endswith(".json")]) == 2  # the other workspace's: not
    gold = json.loads((out / f"{stem}.json").read_text())
    assert gold["dyad"] == ["KHM", "USA"] and gold["file"] == f"{stem}.txt"
    assert gold["meta"]["reviewed_by"] == ["nadia", "omar"]
    assert gold["voice"]["genre"] == gold["meta"]["genre"] == "news"
    got = [(s["perspective"], s["issue"], s["valence"]) for s in gold["sentences"]]
    assert got == [
        ("USA", "military-presence", "critical"),
        ("author", "other", "cooperative"),  # omar's correction of nadia's
        ("KHM", "military-presence", "neutral"),
        ("author", "other", "neutral"),
    ]
    [event] = gold["events"]
    assert (event["actor1"], event["actor2"], event["cameo_root"]) == ("USA", "KHM", "04")
    assert event["sentence"] == gold["sentences"][3]["text"]
    # Every exported file is a sound labelled document for the training corpus.
    assert [p for f in sorted(out.glob("*.json")) for p in check(f)] == []


def test_agreement_of_two_analysts_on_the_command_line_and_in_the_summary(
    desk: Desk, kb_url: str, tmp_path: Path
) -> None:
    _two_analysts_read_the_port_story(desk)
    out = tmp_path / "labelled"
    result = _export(desk, kb_url, out)
    # nadia: perspective USA, author, author, author; valence critical, neutral, neutral, neutral
    # omar:  perspective author, author, KHM, author; valence critical, cooperative, neutral, neutral
    line = result.stdout.strip()
    assert line.startswith("agreement: nadia vs omar on 1 documents (4 sentences): ")
    assert "perspective 0.50 (kappa -0.14)" in line
    assert "valence 0.75 (kappa 0.56)" in line
    assert "issue 0.50" in line and "frames 1.00" in line and "events 1.00" in line
    [pair] = yaml.safe_load((out / "summary.yaml").read_text())["agreement"]
    assert pair["analysts"] == ["nadia", "omar"] and pair["sentences"] == 4
    # kappa: observed .75, expected by chance (1*1 + 3*2) / 16, (.75 - .4375) / .5625
    assert pair["fields"]["valence"] == {"agree": 0.75, "kappa": 0.556}
    assert pair["fields"]["perspective"] == {"agree": 0.5, "kappa": -0.143}
    assert pair["fields"]["frames"] == {"agree": 1.0}


def _print_contract(folder: Path, stem: str, doc: object, dyad: tuple[str, str]) -> None:
    analysis = build_analysis([doc], dyad, load_taxonomy())  # type: ignore[list-item]
    (folder / f"{stem}.json").write_text(json.dumps(analysis.to_contract()))


def _score(gold: Path, predictions: Path) -> dict:
    run = f"cat {predictions}/$(basename {{file}} .txt).json"
    done = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--run", run],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    *metrics, last = done.stdout.strip().splitlines()
    assert last.startswith("score: ")
    return json.loads("\n".join(metrics))


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared scorer is not here")
def test_the_shared_scorer_reads_the_export_as_gold(
    desk: Desk, kb_url: str, tmp_path: Path
) -> None:
    _two_analysts_read_the_port_story(desk)
    out = tmp_path / "labelled"
    _export(desk, kb_url, out)
    stems = {int(p.stem.split("-")[0][1:]): p.stem for p in out.glob("*.json")}
    corrected, machine = tmp_path / "corrected", tmp_path / "machine"
    corrected.mkdir(), machine.mkdir()
    for doc in workspace_documents(desk.engine, desk.workspace):
        _print_contract(corrected, stems[int(doc.id[1:])], doc, ("KHM", "USA"))
    for doc in load_documents(desk.engine, Filters(dyad="KHM-USA")):
        if int(doc.id[1:]) in stems:
            _print_contract(machine, stems[int(doc.id[1:])], doc, ("KHM", "USA"))
    same = _score(out, corrected)
    assert same["documents"] == 2 and same["failures"] == []
    assert same["sentences_aligned"] == 1.0
    assert (same["perspective_acc"], same["issue_acc"], same["valence_acc"]) == (1.0, 1.0, 1.0)
    assert same["events_prf"] == [1.0, 1.0, 1.0]
    before = _score(out, machine)
    assert before["sentences_aligned"] == 1.0
    assert before["perspective_acc"] < 1.0 and before["valence_acc"] < 1.0


def test_training_reads_the_export_with_its_corpus(desk: Desk, kb_url: str, tmp_path: Path) -> None:
    _two_analysts_read_the_port_story(desk)
    out = tmp_path / "labelled"
    _export(desk, kb_url, out)
    docs = labelled_documents(TRAINING_SLICE, (out,))
    exported = [d for d in docs if d.path.parent == out]
    assert len(exported) == 2 and len(docs) > 2
    # Training reads each .txt as analyze does and aligns the labels to its sentences.
    for labelled in exported:
        pipeline = Pipeline(labelled.dyad, PipelineConfig(stages=LIGHT_STAGES[:1]))
        doc = pipeline.annotate(read(str(out / labelled.labels["file"]), doc_id="d1"))
        at = align([s["text"] for s in labelled.sentences], [s.text for s in doc.sentences])
        assert None not in at and len(set(at)) == len(at)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["train", "--corpus", str(TRAINING_SLICE),
                                       "--extra", str(empty), "--no-write", "-q"])  # fmt: skip
    assert result.exit_code == 1
    assert f"{empty}: no labelled documents (*.json) found" in result.output


def test_export_refuses_an_unknown_workspace_and_one_with_nothing_reviewed(
    desk: Desk, kb_url: str, tmp_path: Path
) -> None:
    def run(slug: str) -> object:
        return CliRunner().invoke(main, ["corpus", "export-labels", "--workspace", slug,
                                         "--out", str(tmp_path / "x"), "--db", kb_url])  # fmt: skip

    unknown = run("nowhere")
    assert unknown.exit_code == 1  # type: ignore[attr-defined]
    assert "--workspace nowhere: no such workspace" in unknown.output  # type: ignore[attr-defined]
    nothing = run("khm-usa")
    assert nothing.exit_code == 1  # type: ignore[attr-defined]
    assert "workspace khm-usa: no reviewed documents" in nothing.output  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="no reviewed documents"):
        export_labels(desk.engine, find_workspace(desk.engine, "khm-usa"), tmp_path / "y")


def test_sentences_csv_has_the_labels_in_force_and_what_was_corrected(desk: Desk) -> None:
    _two_analysts_read_the_port_story(desk)
    buffer = io.StringIO()
    assert write_sentences_csv(desk.engine, desk.workspace, buffer) == 7
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    port = desk.documents["port"]
    first = next(r for r in rows if r["sentence_id"] == f"d{port}:s1")
    assert (first["perspective"], first["issue"], first["corrected"]) == (
        "USA", "military-presence", "issue;perspective")  # fmt: skip
    assert first["frames"] == "security" and first["recommendation"] == "false"
    fourth = next(r for r in rows if r["sentence_id"] == f"d{port}:s4")
    assert (fourth["events"], fourth["corrected"]) == ("USA>KHM:042", "")
    assert {r["document_id"] for r in rows} == {str(port), str(desk.documents["rice"])}


def test_the_network_round_trips_through_graphml_and_csv(desk: Desk, tmp_path: Path) -> None:
    _two_analysts_read_the_port_story(desk)
    port = desk.documents["port"]
    correct(desk.engine, desk.workspace, port, 2, "perspective", "USA", desk.users["nadia"], 0)
    correct(desk.engine, desk.workspace, port, 2, "issue", "military-presence",
            desk.users["nadia"], 0)  # fmt: skip
    graph = label_network(workspace_documents(desk.engine, desk.workspace))
    write_network(graph, tmp_path / "net.graphml", tmp_path / "edges.csv")
    back = nx.read_graphml(tmp_path / "net.graphml", force_multigraph=True)
    assert set(back.nodes) == {"actor:USA", "actor:KHM", "issue:military-presence"}
    assert back.nodes["actor:USA"]["kind"] == "actor"
    edges = sorted((u, v, d["stance"], int(d["weight"]), d["sentences"])
                   for u, v, d in back.edges(data=True))  # fmt: skip
    assert edges == [
        ("actor:KHM", "issue:military-presence", "neutral", 1, f"d{port}:s3"),
        ("actor:USA", "issue:military-presence", "cooperative", 1, f"d{port}:s2"),
        ("actor:USA", "issue:military-presence", "critical", 1, f"d{port}:s1"),
    ]
    rows = list(csv.DictReader((tmp_path / "edges.csv").open()))
    assert sorted((r["source"], r["target"], r["stance"], r["weight"]) for r in rows) == [
        ("KHM", "military-presence", "neutral", "1"),
        ("USA", "military-presence", "cooperative", "1"),
        ("USA", "military-presence", "critical", "1"),
    ]
    with_author = label_network(workspace_documents(desk.engine, desk.workspace), True)
    assert "actor:author" in with_author.nodes
