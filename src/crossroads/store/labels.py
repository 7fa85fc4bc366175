"""A workspace's labels in force over the machine reading: their stored form and reading them.

The ``labels`` table holds, per workspace, document, sentence position and field, the value
an analyst set (``crossroads.workspace.labels`` writes it). A value is stored as text in
the form of the ``sentences`` column it overrides, so that SQL reads the value in force as
``COALESCE(label, machine value)`` (:func:`in_force`): perspective, issue and valence as
they are, frames comma-joined in the order of :data:`~crossroads.model.FRAMES`,
recommendation ``true``/``false``; events, which are rows of their own, as a JSON list of
``{actor1, actor2, cameo}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from crossroads.model import FRAMES
from crossroads.store import schema

FIELDS = ("perspective", "issue", "valence", "frames", "recommendation", "events")
# The fields SQL reads in force: text columns of ``sentences`` of the same form.
SQL_FIELDS = ("perspective", "issue", "valence", "frames")
ANALYST_TRIGGER = "analyst"  # the trigger of an event an analyst set
L, S, E = schema.labels, schema.sentences, schema.events


def label_text(field: str, value: Any) -> str:
    """The stored text of a (validated) label value.

    Args:
        field: One of :data:`FIELDS`.
        value: A str (perspective, issue, valence), a list of frames, a bool
            (recommendation) or a list of ``{actor1, actor2, cameo}`` dicts (events).

    Returns:
        The text stored in ``labels.value``.
    """
    if field == "frames":
        return ",".join(f for f in FRAMES if f in set(value))
    if field == "recommendation":
        return "true" if value else "false"
    if field == "events":
        rows = [{"actor1": e["actor1"], "actor2": e["actor2"], "cameo": e["cameo"]} for e in value]
        return json.dumps(rows, sort_keys=True)
    return str(value)


def label_value(field: str, text: str) -> Any:
    """The value of a stored label text (the inverse of :func:`label_text`)."""
    if field == "frames":
        return [f for f in text.split(",") if f]
    if field == "recommendation":
        return text == "true"
    if field == "events":
        return json.loads(text)
    return text


def in_force(field: str, workspace_id: int) -> ColumnElement[Any]:
    """A sentence column as the workspace reads it: its label if set, else the machine's.

    Correlated with ``sentences``, so it can stand in a WHERE clause or a column list of
    any query over that table.

    Args:
        field: One of :data:`SQL_FIELDS`.
        workspace_id: The workspace whose labels apply.

    Returns:
        ``COALESCE((the label's value), sentences.<field>)``.
    """
    label = (
        select(L.c.value)
        .where(
            L.c.workspace_id == workspace_id,
            L.c.document_id == S.c.document_id,
            L.c.position == S.c.position,
            L.c.field == field,
        )
        .scalar_subquery()
    )
    return func.coalesce(label, S.c[field])


def labels_in_force(
    connection: Connection, workspace_id: int, document_ids: Iterable[int]
) -> dict[tuple[int, int], dict[str, str]]:
    """The stored label texts of some documents in one workspace.

    Args:
        connection: An open connection.
        workspace_id: The workspace.
        document_ids: The documents.

    Returns:
        ``{(document id, position): {field: stored text}}``.
    """
    out: dict[tuple[int, int], dict[str, str]] = {}
    ids = list(document_ids)
    if not ids:
        return out
    rows = connection.execute(
        select(L.c.document_id, L.c.position, L.c.field, L.c.value).where(
            L.c.workspace_id == workspace_id, L.c.document_id.in_(ids)
        )
    )
    for doc_id, position, field, value in rows:
        out.setdefault((doc_id, position), {})[field] = value
    return out


def event_rows(
    events: Sequence[Mapping[str, Any]], position: int, machine: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """``events`` rows for an analyst's event list of one sentence.

    Args:
        events: ``{actor1, actor2, cameo}`` dicts, as validated.
        position: The sentence's position.
        machine: The machine's events of that sentence; their date is kept, since an
            analyst corrects who did what, not when.

    Returns:
        Rows shaped as ``events`` rows (goldstein and quad class from the codebook).
    """
    from crossroads import cameo

    date = next((m["date"] for m in machine if m.get("date")), None)
    return [
        {
            "sentence_position": position,
            "actor1": e["actor1"],
            "actor2": e["actor2"],
            "cameo": e["cameo"],
            "goldstein": cameo.goldstein(e["cameo"]),
            "date": date,
            "trigger": ANALYST_TRIGGER,
            "quad_class": cameo.quad_class_of(e["cameo"]),
        }
        for e in events
    ]


def apply_labels(
    sentence_rows: Sequence[Mapping[str, Any]],
    event_rows_: Sequence[Mapping[str, Any]],
    labels: Mapping[int, Mapping[str, str]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One document's stored rows with the labels in force applied.

    Args:
        sentence_rows: Its ``sentences`` rows.
        event_rows_: Its ``events`` rows.
        labels: ``{position: {field: stored text}}`` (see :func:`labels_in_force`).

    Returns:
        Copies of the sentence and event rows; a sentence whose events were corrected has
        the analyst's events instead of the machine's.
    """
    sentences = []
    for row in sentence_rows:
        s = dict(row)
        for field, text in labels.get(s["position"], {}).items():
            if field == "recommendation":
                s[field] = label_value(field, text)
            elif field != "events":
                s[field] = text  # the sentences column's own form
        sentences.append(s)
    events: list[dict[str, Any]] = []
    by_position: dict[int, list[Mapping[str, Any]]] = {}
    for e in event_rows_:
        by_position.setdefault(e["sentence_position"], []).append(e)
    corrected = {p: f["events"] for p, f in labels.items() if "events" in f}
    for position in sorted({*by_position, *corrected}):
        machine = by_position.get(position, [])
        if position in corrected:
            events.extend(event_rows(label_value("events", corrected[position]), position, machine))
        else:
            events.extend(dict(e) for e in machine)
    return sentences, events
