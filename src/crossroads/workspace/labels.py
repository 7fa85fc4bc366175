"""Corrections of the machine reading in a workspace, and documents marked reviewed.

An analyst corrects one field of one sentence (:data:`FIELDS`): :func:`correct` checks the
value, then writes the label in force (its version + 1), the ``corrections`` row (old and
new value, who, when) and an audit entry, in one transaction. The version the analyst saw
(``base_version``, 0 for the machine's value) must still be the one in force, else
:class:`Conflict` names who changed it and when: two analysts correcting the same sentence
at once never overwrite each other silently. On PostgreSQL the label row is locked
(``SELECT ... FOR UPDATE``) and a first label is protected by its primary key; on SQLite
every write transaction holds the database's write lock (``BEGIN IMMEDIATE``).

Values: perspective ``author`` or a country or organisation code the actors data knows;
issue an id of the taxonomy the document was annotated with; valence one of
:data:`~crossroads.model.VALENCES`; frames a subset of :data:`~crossroads.model.FRAMES`;
recommendation a bool; events a list of ``{actor1, actor2, cameo}`` with codes the actors
data and the CAMEO codebook know.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from crossroads.errors import CrossroadsError
from crossroads.model import AUTHOR, FRAMES, VALENCES
from crossroads.store import schema
from crossroads.store.db import retrying
from crossroads.store.labels import FIELDS, label_text, label_value
from crossroads.workspace import audit

L, S, E, U = schema.labels, schema.sentences, schema.events, schema.users
D, R, WD, C = schema.documents, schema.reviews, schema.workspace_documents, schema.corrections

__all__ = [
    "FIELDS",
    "Conflict",
    "Correction",
    "Label",
    "LabelError",
    "NotInWorkspace",
    "Reviewer",
    "SentenceLabels",
    "correct",
    "corrections",
    "mark_reviewed",
    "reviewed_documents",
    "reviewers",
    "sentence_labels",
    "unmark_reviewed",
    "validate",
]


class LabelError(CrossroadsError):
    """A correction the workspace cannot take: unknown field or sentence, invalid value."""


class NotInWorkspace(CrossroadsError):
    """A document that the workspace does not hold (nothing crosses workspaces)."""


@dataclass(frozen=True)
class Label:
    """One field of one sentence as a workspace reads it.

    ``version`` 0 means the machine's value is in force (``user``/``updated_at`` None).
    """

    workspace_id: int
    document_id: int
    position: int
    field: str
    value: Any
    machine: Any
    version: int
    user_id: int | None = None
    user: str | None = None
    updated_at: datetime | None = None

    @property
    def sentence_id(self) -> str:
        """The sentence's id, as the analysis contract writes it (``d12:s4``)."""
        return f"d{self.document_id}:s{self.position}"

    @property
    def corrected(self) -> bool:
        """Whether an analyst set this value (even back to the machine's)."""
        return self.version > 0


class Conflict(CrossroadsError):
    """The label in force moved on since the analyst saw it (the web layer answers 409)."""

    def __init__(self, current: Label, base_version: int) -> None:
        at = current.updated_at
        when = at.isoformat(sep=" ", timespec="seconds") + " UTC" if at else "an unknown time"
        who = current.user or "a former user"
        super().__init__(
            f"{current.sentence_id} {current.field}",
            f"changed by {who} at {when} (version {current.version}, you saw version "
            f"{base_version}); reload the sentence and correct it again",
        )
        self.current = current
        self.base_version = base_version


@dataclass
class SentenceLabels:
    """A sentence with each field's machine value and value in force."""

    document_id: int
    position: int
    text: str
    confidence: dict[str, float]
    labels: dict[str, Label] = field(default_factory=dict)

    @property
    def sentence_id(self) -> str:
        """The sentence's id (``d12:s4``)."""
        return f"d{self.document_id}:s{self.position}"


@dataclass(frozen=True)
class Reviewer:
    """Who marked a document reviewed, and when."""

    user_id: int
    name: str
    reviewed_at: datetime


@dataclass(frozen=True)
class Correction:
    """One change of a label: old and new value, who, when."""

    id: int
    document_id: int
    position: int
    field: str
    old: Any
    new: Any
    user_id: int | None
    user: str | None
    at: datetime


# ----------------------------------------------------------------------------- values


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    from crossroads.annotate.actors import gazetteer

    g = gazetteer()
    return frozenset(g.country_codes | g.organisation_codes)


def _code(value: Any, what: str, allow_author: bool) -> str:
    text = str(value).strip() if isinstance(value, str) else ""
    if allow_author and text.lower() == AUTHOR:
        return AUTHOR
    code = text.upper()
    if code not in _known_codes():
        also = "'author' or " if allow_author else ""
        raise LabelError(
            what, f"{value!r} is not {also}a country or organisation code (KHM, USA, ASEAN...)"
        )
    return code


def issue_ids(connection: Connection, document_id: int) -> set[str]:
    """The issue ids a document's corrections may use: those of its taxonomy.

    The run that annotated the document names its taxonomy; the default taxonomy's ids are
    known from its file, another taxonomy's from the issues its stored sentences carry
    (its file is not kept), as ``corpus --issue`` reads them.
    """
    from crossroads.annotate.taxonomy import default_taxonomy

    runs = schema.runs
    name = connection.execute(
        select(runs.c.taxonomy)
        .select_from(D.outerjoin(runs, D.c.run_id == runs.c.id))
        .where(D.c.id == document_id)
    ).scalar()
    default = default_taxonomy()
    ids: set[str] = set()
    if name is None or name == default.name:
        ids |= {*default.ids, default.fallback}
    if name is not None:
        same = (
            select(D.c.id)
            .select_from(D.join(runs, D.c.run_id == runs.c.id))
            .where(runs.c.taxonomy == name)
        )
        # Each issue stored at all (the issue index, a short scan), kept if one sentence of
        # the taxonomy's documents carries it: not a read of every sentence row.
        issues = select(S.c.issue).distinct().subquery()
        carried = select(S.c.issue).where(S.c.issue == issues.c.issue, S.c.document_id.in_(same))
        stored = select(issues.c.issue).where(carried.exists())
        ids |= set(connection.execute(stored).scalars())
    return ids


def _events(value: Any, what: str) -> list[dict[str, str]]:
    from crossroads import cameo

    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise LabelError(what, "expected a JSON list of {actor1, actor2, cameo}") from None
    if not isinstance(value, list):
        raise LabelError(what, "expected a list of {actor1, actor2, cameo}")
    out = []
    for n, event in enumerate(value, 1):
        where = f"{what} #{n}"
        if not isinstance(event, dict) or not {"actor1", "actor2", "cameo"} <= set(event):
            raise LabelError(where, "each event needs actor1, actor2 and cameo")
        a1 = _code(event["actor1"], f"{where} actor1", allow_author=False)
        a2 = _code(event["actor2"], f"{where} actor2", allow_author=False)
        if a1 == a2:
            raise LabelError(where, f"an event is between two actors, got {a1} twice")
        try:
            code = cameo.lookup(str(event["cameo"])).code
        except KeyError:
            raise LabelError(
                where, f"{event['cameo']!r} is not a CAMEO code (e.g. 042, 112)"
            ) from None
        out.append({"actor1": a1, "actor2": a2, "cameo": code})
    return out


def validate(connection: Connection, document_id: int, field: str, value: Any) -> Any:
    """Check a corrected value and bring it to its canonical form.

    Args:
        connection: An open connection (the document's taxonomy is looked up).
        document_id: The document the sentence belongs to.
        field: One of :data:`FIELDS`.
        value: The analyst's value: a str (perspective, issue, valence), a list of frames
            (or a comma-separated str), a bool (or ``true``/``false``), a list of events
            (or its JSON).

    Returns:
        The canonical value: upper-case codes, frames in their standard order, CAMEO
        codes as the codebook spells them.

    Raises:
        LabelError: The field is unknown or the value is not one it takes.
    """
    what = field
    if field == "perspective":
        return _code(value, what, allow_author=True)
    if field == "issue":
        known = issue_ids(connection, document_id)
        if value not in known:
            raise LabelError(what, f"{value!r} is not an issue id of the document's taxonomy "
                             f"({', '.join(sorted(known))})")  # fmt: skip
        return value
    if field == "valence":
        if value not in VALENCES:
            raise LabelError(what, f"{value!r} is not one of {', '.join(VALENCES)}")
        return value
    if field == "frames":
        frames = value.split(",") if isinstance(value, str) else value
        if not isinstance(frames, list | tuple | set):
            raise LabelError(what, "expected a list of frames")
        chosen = {str(f).strip() for f in frames if str(f).strip()}
        bad = sorted(chosen - set(FRAMES))
        if bad:
            raise LabelError(what, f"{', '.join(bad)}: not frames; frames are {', '.join(FRAMES)}")
        return [f for f in FRAMES if f in chosen]
    if field == "recommendation":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise LabelError(what, f"expected true or false, got {value!r}")
    if field == "events":
        return _events(value, what)
    raise LabelError(field, f"not a field one can correct; fields are {', '.join(FIELDS)}")


# ----------------------------------------------------------------------------- reading


def _check_held(c: Connection, workspace_id: int, document_id: int) -> None:
    held = c.execute(
        select(WD.c.document_id).where(
            WD.c.workspace_id == workspace_id, WD.c.document_id == document_id
        )
    ).first()
    if held is None:
        raise NotInWorkspace(f"document {document_id}", "not in this workspace")


def _machine(c: Connection, document_id: int, positions: list[int] | None) -> dict[int, dict]:
    """Each sentence's machine values (and text and confidence), by position."""
    stmt = select(S).where(S.c.document_id == document_id).order_by(S.c.position)
    if positions is not None:
        stmt = stmt.where(S.c.position.in_(positions))
    out: dict[int, dict[str, Any]] = {}
    for s in c.execute(stmt).mappings():
        out[s["position"]] = {
            "text": s["text"],
            "confidence": json.loads(s["confidence"] or "{}"),
            "perspective": s["perspective"],
            "issue": s["issue"],
            "valence": s["valence"],
            "frames": label_value("frames", s["frames"]),
            "recommendation": bool(s["recommendation"]),
            "events": [],
        }
    events = select(E).where(E.c.document_id == document_id).order_by(E.c.id)
    for e in c.execute(events).mappings():
        if e["sentence_position"] in out:
            out[e["sentence_position"]]["events"].append(
                {"actor1": e["actor1"], "actor2": e["actor2"], "cameo": e["cameo"]}
            )
    return out


def _label_rows(
    c: Connection, workspace_id: int, document_id: int, position: int | None = None
) -> dict[tuple[int, str], Any]:
    stmt = (
        select(L, U.c.name.label("user"))
        .select_from(L.outerjoin(U, L.c.user_id == U.c.id))
        .where(L.c.workspace_id == workspace_id, L.c.document_id == document_id)
    )
    if position is not None:
        stmt = stmt.where(L.c.position == position)
    return {(r.position, r.field): r for r in c.execute(stmt)}


def _label(workspace_id: int, document_id: int, position: int, field_: str,
           machine: Any, row: Any) -> Label:  # fmt: skip
    if row is None:
        return Label(workspace_id, document_id, position, field_, machine, machine, 0)
    return Label(workspace_id, document_id, position, field_, label_value(field_, row.value),
                 machine, row.version, row.user_id, row.user, row.updated_at)  # fmt: skip


def sentence_labels(engine: Engine, workspace_id: int, document_id: int) -> list[SentenceLabels]:
    """Every sentence of a document with, per field, the machine's value and the one in force.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace reading it.
        document_id: The document.

    Returns:
        The sentences in order; each ``labels[field]`` carries the value in force, the
        machine's, the version and who set it when.

    Raises:
        NotInWorkspace: The workspace does not hold the document.
    """
    with engine.connect() as c:
        _check_held(c, workspace_id, document_id)
        machine = _machine(c, document_id, None)
        rows = _label_rows(c, workspace_id, document_id)
    out = []
    for position, m in machine.items():
        sentence = SentenceLabels(document_id, position, m["text"], m["confidence"])
        for f in FIELDS:
            row = rows.get((position, f))
            sentence.labels[f] = _label(workspace_id, document_id, position, f, m[f], row)
        out.append(sentence)
    return out


def corrections(
    engine: Engine, workspace_id: int, document_id: int, user_id: int | None = None
) -> list[Correction]:
    """The history of a document's corrections in a workspace, oldest first.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        document_id: The document.
        user_id: Only this analyst's corrections (None: everyone's).

    Returns:
        The corrections, each with its old and new value.
    """
    stmt = (
        select(C, U.c.name.label("user"))
        .select_from(C.outerjoin(U, C.c.user_id == U.c.id))
        .where(C.c.workspace_id == workspace_id, C.c.document_id == document_id)
        .order_by(C.c.id)
    )
    if user_id is not None:
        stmt = stmt.where(C.c.user_id == user_id)
    with engine.connect() as c:
        return [
            Correction(
                r.id,
                r.document_id,
                r.position,
                r.field,
                label_value(r.field, r.old_value),
                label_value(r.field, r.new_value),
                r.user_id,
                r.user,
                r.created_at,
            )  # fmt: skip
            for r in c.execute(stmt)
        ]


# ----------------------------------------------------------------------------- writing


def correct(
    engine: Engine,
    workspace_id: int,
    document_id: int,
    position: int,
    field: str,
    value: Any,
    user_id: int,
    base_version: int,
) -> Label:
    """Correct one field of one sentence, unless someone else corrected it first.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace the analyst works in.
        document_id: The document (one the workspace holds).
        position: The sentence's position (``s4`` in ``d12:s4``).
        field: One of :data:`FIELDS`.
        value: The new value (see :func:`validate`).
        user_id: The analyst.
        base_version: The version of the label the analyst saw (0: the machine's value).

    Returns:
        The label now in force. A value equal to the one in force changes nothing.

    Raises:
        LabelError: Unknown field or sentence, or an invalid value.
        NotInWorkspace: The workspace does not hold the document.
        Conflict: The label in force is no longer ``base_version``.
    """
    if field not in FIELDS:
        raise LabelError(field, f"not a field one can correct; fields are {', '.join(FIELDS)}")

    def write() -> Label:
        with engine.begin() as c:
            _check_held(c, workspace_id, document_id)
            machine = _machine(c, document_id, [position]).get(position)
            if machine is None:
                raise LabelError(f"d{document_id}:s{position}", "no such sentence")
            new = validate(c, document_id, field, value)
            key = (
                L.c.workspace_id == workspace_id,
                L.c.document_id == document_id,
                L.c.position == position,
                L.c.field == field,
            )
            # Lock the label row (PostgreSQL; SQLite holds the write lock already), so a
            # concurrent correction waits here and then sees ours.
            c.execute(select(L.c.version).where(*key).with_for_update()).first()
            row = _label_rows(c, workspace_id, document_id, position).get((position, field))
            current = _label(workspace_id, document_id, position, field, machine[field], row)
            if current.version != base_version:
                raise Conflict(current, base_version)
            old_text = label_text(field, current.value)
            new_text = label_text(field, new)
            if new_text == old_text:
                return current
            at = audit.now()
            version = base_version + 1
            values = {"value": new_text, "version": version, "user_id": user_id, "updated_at": at}
            if row is None:
                c.execute(
                    insert(L).values(workspace_id=workspace_id, document_id=document_id,
                                     position=position, field=field, **values)
                )  # fmt: skip
            else:
                c.execute(update(L).where(*key, L.c.version == base_version).values(**values))
            c.execute(
                insert(C).values(workspace_id=workspace_id, document_id=document_id,
                                 position=position, field=field, old_value=old_text,
                                 new_value=new_text, user_id=user_id, created_at=at)
            )  # fmt: skip
            audit.record(c, workspace_id, user_id, "label.correct", current.sentence_id,
                         {"field": field, "old": current.value, "new": new,
                          "version": version})  # fmt: skip
        name = _user_name(engine, user_id)
        return Label(workspace_id, document_id, position, field, new, machine[field], version,
                     user_id, name, at)  # fmt: skip

    try:
        return retrying(write)
    except IntegrityError:
        # Another analyst's first correction of this field committed between our read and
        # our insert: the primary key refused ours.
        with engine.connect() as c:
            machine = _machine(c, document_id, [position])[position]
            row = _label_rows(c, workspace_id, document_id, position).get((position, field))
        raise Conflict(
            _label(workspace_id, document_id, position, field, machine[field], row), base_version
        ) from None


def _user_name(engine: Engine, user_id: int | None) -> str | None:
    with engine.connect() as c:
        return c.execute(select(U.c.name).where(U.c.id == user_id)).scalar()


# ----------------------------------------------------------------------------- reviews


def mark_reviewed(engine: Engine, workspace_id: int, document_id: int, user_id: int) -> bool:
    """Mark a document reviewed by an analyst (with an audit entry).

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        document_id: The document (one the workspace holds).
        user_id: The analyst.

    Returns:
        True if newly marked, False if that analyst had already marked it.

    Raises:
        NotInWorkspace: The workspace does not hold the document.
    """

    def write() -> bool:
        with engine.begin() as c:
            _check_held(c, workspace_id, document_id)
            key = (R.c.workspace_id == workspace_id, R.c.document_id == document_id,
                   R.c.user_id == user_id)  # fmt: skip
            if c.execute(select(R.c.user_id).where(*key)).first() is not None:
                return False
            c.execute(
                insert(R).values(workspace_id=workspace_id, document_id=document_id,
                                 user_id=user_id, reviewed_at=audit.now())
            )  # fmt: skip
            audit.record(c, workspace_id, user_id, "document.review", f"d{document_id}")
            return True

    try:
        return retrying(write)
    except IntegrityError:
        return False  # the same analyst marked it twice at once


def unmark_reviewed(engine: Engine, workspace_id: int, document_id: int, user_id: int) -> bool:
    """Withdraw an analyst's review of a document (with an audit entry).

    Returns:
        True if the analyst's review was withdrawn, False if there was none.

    Raises:
        NotInWorkspace: The workspace does not hold the document.
    """

    def write() -> bool:
        with engine.begin() as c:
            _check_held(c, workspace_id, document_id)
            gone = c.execute(
                delete(R).where(R.c.workspace_id == workspace_id,
                                R.c.document_id == document_id, R.c.user_id == user_id)
            ).rowcount  # fmt: skip
            if gone:
                audit.record(c, workspace_id, user_id, "document.unreview", f"d{document_id}")
            return bool(gone)

    return retrying(write)


def reviewers(engine: Engine, workspace_id: int, document_id: int) -> list[Reviewer]:
    """Who marked a document reviewed in a workspace, earliest first."""
    return reviewed_documents(engine, workspace_id, document_id).get(document_id, [])


def reviewed_documents(
    engine: Engine, workspace_id: int, document_id: int | None = None
) -> dict[int, list[Reviewer]]:
    """The workspace's reviewed documents, each with its reviewers (earliest first).

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        document_id: Only this document.

    Returns:
        ``{document id: reviewers}``, in document id order.
    """
    stmt = (
        select(R.c.document_id, R.c.user_id, U.c.name, R.c.reviewed_at)
        .select_from(R.join(U, R.c.user_id == U.c.id))
        .where(R.c.workspace_id == workspace_id)
        .order_by(R.c.document_id, R.c.reviewed_at, R.c.user_id)
    )
    if document_id is not None:
        stmt = stmt.where(R.c.document_id == document_id)
    out: dict[int, list[Reviewer]] = {}
    with engine.connect() as c:
        for doc_id, uid, name, at in c.execute(stmt):
            out.setdefault(doc_id, []).append(Reviewer(uid, name, at))
    return out
