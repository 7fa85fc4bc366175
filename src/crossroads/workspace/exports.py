"""A workspace's data out: labelled documents, analysts' agreement, sentences, the network.

* :func:`export_labels` writes the workspace's reviewed documents with their labels in
  force in the gold format (that of ``tests/data/dev/*.json``, which the shared scorer and
  ``crossroads train`` read): per document ``<stem>.json`` and the text it labels,
  ``<stem>.txt``, plus ``summary.yaml`` (not ``.json``, so that neither the scorer nor the
  training corpus loader takes it for a document).
* :func:`agreement` compares, for a document two or more analysts reviewed, each analyst's
  reading (the machine's values overridden by that analyst's own corrections): per field
  the share of sentences where they agree, and Cohen's kappa for the categorical fields.
* :func:`write_sentences_csv` writes every sentence with its labels in force;
  :func:`label_network` builds the actor x issue x stance network (actor = the sentence's
  perspective, stance = its valence toward the other party, weight = sentences), which
  :func:`write_network` writes as GraphML and as a CSV of edges, for Discourse Network
  Analyzer and Gephi.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import IO, Any

import yaml
from sqlalchemy import Engine, select

from crossroads.errors import CrossroadsError
from crossroads.model import AUTHOR, Document
from crossroads.store import schema
from crossroads.store.labels import FIELDS
from crossroads.store.queries import Filters, load_documents
from crossroads.training.agreement import kappa
from crossroads.workspace.labels import Reviewer, corrections, reviewed_documents, sentence_labels

CATEGORICAL = ("perspective", "issue", "valence", "recommendation")
SUMMARY = "summary.yaml"
CSV_COLUMNS = (
    "sentence_id", "document_id", "title", "date", "position", "text", "perspective", "issue",
    "valence", "frames", "recommendation", "events", "corrected",
)  # fmt: skip
EDGE_COLUMNS = ("source", "target", "stance", "weight", "sentences")
# The voice of a document stored before revision 0003c or annotated without the voice
# stage: the default the learned stages assume too (``learned/signals.py``).
UNKNOWN_VOICE = {"genre": "news", "speaker": None, "party": AUTHOR,
                 "evidence": "not known: the document was stored without its voice"}  # fmt: skip
_SLUG = re.compile(r"[^a-z0-9]+")


class ExportError(CrossroadsError):
    """An export that cannot be made: unknown workspace, nothing reviewed, unwritable folder."""


@dataclass(frozen=True)
class Workspace:
    """The workspace an export is made of."""

    id: int
    slug: str
    dyad: tuple[str, str]


def find_workspace(engine: Engine, slug: str) -> Workspace:
    """The workspace with this slug.

    Raises:
        ExportError: No workspace has it.
    """
    w = schema.workspaces
    with engine.connect() as c:
        row = c.execute(select(w.c.id, w.c.slug, w.c.dyad).where(w.c.slug == slug)).first()
    if row is None:
        raise ExportError(f"--workspace {slug}", "no such workspace")
    a, b = row.dyad.split("-", 1)
    return Workspace(row.id, row.slug, (a, b))


def workspace_documents(
    engine: Engine, workspace_id: int, since: str | None = None, until: str | None = None
) -> list[Document]:
    """A workspace's documents (optionally by period), with its labels in force.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        since: Documents dated on or after (``2024``, ``2024-05``, ``2024-05-17``).
        until: Documents dated on or before (inclusive, as precise as given).

    Returns:
        The documents, oldest first, as the map and the renderers take them.
    """
    return load_documents(engine, Filters(workspace=workspace_id, since=since, until=until))


# ----------------------------------------------------------------------------- agreement


@dataclass
class Agreement:
    """Two analysts' readings of the documents both reviewed."""

    first: str
    second: str
    documents: list[int] = field(default_factory=list)
    pairs: dict[str, list[tuple[Any, Any]]] = field(default_factory=lambda: {f: [] for f in FIELDS})

    def figures(self) -> dict[str, dict[str, float]]:
        """Per field the share of sentences agreeing, and kappa for the categorical fields."""
        out: dict[str, dict[str, float]] = {}
        for name, pairs in self.pairs.items():
            if not pairs:
                continue
            share = sum(a == b for a, b in pairs) / len(pairs)
            out[name] = {"agree": round(share, 3)}
            if name in CATEGORICAL:
                out[name]["kappa"] = kappa(pairs)
        return out

    def line(self) -> str:
        """One line for the terminal."""
        sentences = len(self.pairs["valence"])
        parts = []
        for name, f in self.figures().items():
            extra = f" (kappa {f['kappa']:.2f})" if "kappa" in f else ""
            parts.append(f"{name} {f['agree']:.2f}{extra}")
        return (f"{self.first} vs {self.second} on {len(self.documents)} documents "
                f"({sentences} sentences): {', '.join(parts)}")  # fmt: skip


def _reading(engine: Engine, workspace_id: int, document_id: int, user_id: int) -> list[dict]:
    """An analyst's reading: the machine's values overridden by that analyst's corrections."""
    positions = {
        s.position: {f: s.labels[f].machine for f in FIELDS}
        for s in sentence_labels(engine, workspace_id, document_id)
    }
    for change in corrections(engine, workspace_id, document_id, user_id):  # oldest first
        positions[change.position][change.field] = change.new
    return list(positions.values())


def _canonical(name: str, value: Any) -> Any:
    if name == "frames":
        return tuple(value)
    if name == "events":
        return tuple(sorted((e["actor1"], e["actor2"], e["cameo"]) for e in value))
    return value


def agreement(
    engine: Engine, workspace_id: int, reviewed: dict[int, list[Reviewer]] | None = None
) -> list[Agreement]:
    """Agreement of every two analysts over the documents both reviewed.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        reviewed: Its reviewed documents (from :func:`reviewed_documents`), if at hand.

    Returns:
        One :class:`Agreement` per pair of analysts who reviewed a document in common.
    """
    reviewed = reviewed if reviewed is not None else reviewed_documents(engine, workspace_id)
    found: dict[tuple[int, int], Agreement] = {}
    for doc_id, people in reviewed.items():
        for a, b in combinations(sorted(people, key=lambda r: r.name), 2):
            pair = found.setdefault((a.user_id, b.user_id), Agreement(a.name, b.name))
            pair.documents.append(doc_id)
            first = _reading(engine, workspace_id, doc_id, a.user_id)
            second = _reading(engine, workspace_id, doc_id, b.user_id)
            for x, y in zip(first, second, strict=True):
                for name in FIELDS:
                    pair.pairs[name].append((_canonical(name, x[name]), _canonical(name, y[name])))
    return list(found.values())


# ----------------------------------------------------------------------------- gold format


def _stem(doc_id: int, title: str | None) -> str:
    slug = _SLUG.sub("-", (title or "").lower()).strip("-")[:48].rstrip("-")
    return f"d{doc_id}-{slug}" if slug else f"d{doc_id}"


def gold_record(doc: Document, stem: str, dyad: tuple[str, str], reviewers_: Sequence[str]) -> dict:
    """One document with its labels in force, in the gold format.

    Args:
        doc: The document as the workspace reads it.
        stem: The file stem (``<stem>.json`` labels ``<stem>.txt``).
        dyad: The workspace's two parties.
        reviewers_: The names of the analysts who reviewed it.

    Returns:
        The record: ``doc``, ``file``, ``dyad`` (sorted codes), ``meta``, ``voice``,
        ``sentences``, ``events``, ``contested_issues`` and ``bridging_sentences`` (empty:
        analysts label sentences, not the map).
    """
    voice = doc.voice.to_contract() if doc.voice else dict(UNKNOWN_VOICE)
    texts = {s.id: s.text for s in doc.sentences}
    return {
        "doc": stem,
        "file": f"{stem}.txt",
        "dyad": sorted(dyad),
        "meta": {
            "title": doc.title,
            "author": doc.author,
            "date": doc.date,
            "genre": voice["genre"],
            "source": doc.source,
            "reviewed_by": list(reviewers_),
        },  # fmt: skip
        "voice": voice,
        "sentences": [
            {
                "text": s.text,
                "perspective": s.perspective,
                "issue": s.issue,
                "issue_alt": [],
                "valence": s.valence,
                "frames": list(s.frames),
                "recommendation": bool(s.recommendation),
            }
            for s in doc.sentences
        ],  # fmt: skip
        "events": [
            {
                "actor1": e.actor1,
                "actor2": e.actor2,
                "cameo_root": e.cameo[:2],
                "cameo": e.cameo,
                "sentence": texts[e.sentence_id],
                "date": e.date,
            }
            for e in doc.events
            if e.sentence_id in texts
        ],  # fmt: skip
        "contested_issues": [],
        "bridging_sentences": [],
    }


def _text_file(doc: Document) -> str:
    """The text a gold record labels: title and byline lines (header signals), then the body."""
    head = [doc.title] if doc.title else []
    if doc.author:
        head.append(f"By {doc.author}")
    return "\n\n".join([*head, doc.text]) + "\n"


@dataclass
class LabelExport:
    """What :func:`export_labels` wrote."""

    folder: Path
    documents: list[Path] = field(default_factory=list)
    agreement: list[Agreement] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def export_labels(engine: Engine, workspace: Workspace, out_dir: Path) -> LabelExport:
    """Write a workspace's reviewed documents in the gold format, with a summary.

    Args:
        engine: The knowledge base's engine.
        workspace: The workspace (see :func:`find_workspace`).
        out_dir: The folder to write (created if missing); files of the same names are
            replaced.

    Returns:
        The files written, the analysts' agreement and the summary (also in ``summary.yaml``).

    Raises:
        ExportError: No document of the workspace is reviewed, or the folder is unwritable.
    """
    reviewed = reviewed_documents(engine, workspace.id)
    if not reviewed:
        raise ExportError(
            f"workspace {workspace.slug}", "no reviewed documents to export: mark some reviewed"
        )
    docs = {int(d.id[1:]): d for d in workspace_documents(engine, workspace.id)}
    result = LabelExport(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        listed = []
        for doc_id, people in reviewed.items():
            doc = docs[doc_id]
            stem = _stem(doc_id, doc.title)
            names = [r.name for r in people]
            record = gold_record(doc, stem, workspace.dyad, names)
            (out_dir / f"{stem}.txt").write_text(_text_file(doc), encoding="utf-8")
            path = out_dir / f"{stem}.json"
            path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
            result.documents.append(path)
            listed.append({"file": path.name, "document_id": doc_id, "title": doc.title,
                           "sentences": len(doc.sentences), "reviewed_by": names})  # fmt: skip
        result.agreement = agreement(engine, workspace.id, reviewed)
        result.summary = {
            "workspace": workspace.slug,
            "dyad": list(workspace.dyad),
            "documents": listed,
            "agreement": [
                {
                    "analysts": [a.first, a.second],
                    "documents": a.documents,
                    "sentences": len(a.pairs["valence"]),
                    "fields": a.figures(),
                }
                for a in result.agreement
            ],  # fmt: skip
        }
        (out_dir / SUMMARY).write_text(
            yaml.safe_dump(result.summary, sort_keys=False, allow_unicode=True), "utf-8"
        )
    except OSError as exc:
        raise ExportError(str(out_dir), f"cannot write the export: {exc.strerror}") from None
    return result


# ----------------------------------------------------------------------------- tables


def _corrected_fields(engine: Engine, workspace_id: int) -> dict[tuple[int, int], list[str]]:
    L = schema.labels
    out: dict[tuple[int, int], list[str]] = {}
    stmt = select(L.c.document_id, L.c.position, L.c.field).where(L.c.workspace_id == workspace_id)
    with engine.connect() as c:
        for doc_id, position, name in c.execute(stmt):
            out.setdefault((doc_id, position), []).append(name)
    return out


def write_sentences_csv(
    engine: Engine, workspace_id: int, out: IO[str], documents: Iterable[Document] | None = None
) -> int:
    """Write every sentence of a workspace with its labels in force as CSV.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        out: A text stream (opened with ``newline=""`` if a file).
        documents: Its documents, if already loaded (see :func:`workspace_documents`).

    Returns:
        How many sentences were written. Frames are ``;``-separated; events
        ``ACTOR1>ACTOR2:CAMEO``, ``;``-separated; ``corrected`` names the fields an analyst set.
    """
    docs = workspace_documents(engine, workspace_id) if documents is None else documents
    corrected = _corrected_fields(engine, workspace_id)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for doc in docs:
        doc_id = int(doc.id[1:])
        events: dict[str, list[str]] = {}
        for e in doc.events:
            events.setdefault(e.sentence_id, []).append(f"{e.actor1}>{e.actor2}:{e.cameo}")
        for s in doc.sentences:
            position = int(s.id.rsplit(":s", 1)[1])
            writer.writerow({
                "sentence_id": s.id, "document_id": doc_id, "title": doc.title or doc.source,
                "date": doc.date or "", "position": position, "text": s.text,
                "perspective": s.perspective, "issue": s.issue, "valence": s.valence,
                "frames": ";".join(s.frames), "recommendation": str(bool(s.recommendation)).lower(),
                "events": ";".join(events.get(s.id, [])),
                "corrected": ";".join(sorted(corrected.get((doc_id, position), []))),
            })  # fmt: skip
            n += 1
    return n


def label_network(documents: Iterable[Document], include_author: bool = False) -> Any:
    """The actor x issue x stance network of the documents' sentences.

    Args:
        documents: Documents with the labels to count (in force, for a workspace).
        include_author: Count the writers' own voice (``author``) as an actor too.

    Returns:
        A ``networkx.MultiDiGraph``: actor nodes (``actor:USA``, ``kind`` ``actor``) and
        issue nodes (``issue:economy``, ``kind`` ``issue``), ``label`` on each; one edge
        per actor, issue and stance, keyed by the stance, with ``stance``, ``weight`` (the
        number of sentences) and ``sentences`` (their ids, space-separated).
    """
    import networkx as nx

    found: dict[tuple[str, str, str], list[str]] = {}
    for doc in documents:
        for s in doc.sentences:
            if s.perspective == AUTHOR and not include_author:
                continue
            found.setdefault((s.perspective, s.issue, s.valence), []).append(s.id)
    graph = nx.MultiDiGraph()
    for (actor, issue, stance), ids in sorted(found.items()):
        graph.add_node(f"actor:{actor}", kind="actor", label=actor)
        graph.add_node(f"issue:{issue}", kind="issue", label=issue)
        graph.add_edge(f"actor:{actor}", f"issue:{issue}", key=stance, stance=stance,
                       weight=len(ids), sentences=" ".join(ids))  # fmt: skip
    return graph


def write_network(graph: Any, graphml: Path | None = None, edges_csv: Path | None = None) -> None:
    """Write the network as GraphML and/or a CSV of edges (source, target, stance, ...).

    Raises:
        ExportError: A file cannot be written.
    """
    import networkx as nx

    try:
        if graphml is not None:
            nx.write_graphml(graph, graphml)
        if edges_csv is not None:
            with edges_csv.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(EDGE_COLUMNS)
                for source, target, data in graph.edges(data=True):
                    nodes = graph.nodes
                    row = [nodes[source]["label"], nodes[target]["label"]]
                    writer.writerow([*row, data["stance"], data["weight"], data["sentences"]])
    except OSError as exc:
        where = exc.filename or graphml or edges_csv
        raise ExportError(str(where), f"cannot write the network: {exc.strerror}") from None
