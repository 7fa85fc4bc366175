"""Correcting labels, conflicts between analysts, reviews and the audit log."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from crossroads.store import schema
from crossroads.workspace import audit
from crossroads.workspace.labels import (
    Conflict,
    LabelError,
    NotInWorkspace,
    correct,
    corrections,
    mark_reviewed,
    reviewers,
    sentence_labels,
    unmark_reviewed,
)

from .conftest import Desk


def test_a_correction_is_in_force_with_who_when_and_the_old_value(desk: Desk) -> None:
    port, nadia = desk.documents["port"], desk.users["nadia"]
    before = sentence_labels(desk.engine, desk.workspace, port)
    assert [s.sentence_id for s in before] == [f"d{port}:s{i}" for i in (1, 2, 3, 4)]
    first = before[0].labels["valence"]
    assert (first.machine, first.value, first.version, first.user) == (
        "critical",
        "critical",
        0,
        None,
    )

    label = correct(desk.engine, desk.workspace, port, 1, "valence", "neutral", nadia, 0)
    assert (label.value, label.machine, label.version, label.user) == (
        "neutral",
        "critical",
        1,
        "nadia",
    )

    after = sentence_labels(desk.engine, desk.workspace, port)[0].labels
    assert (after["valence"].value, after["valence"].version, after["valence"].user) == (
        "neutral", 1, "nadia")  # fmt: skip
    assert after["valence"].updated_at is not None
    assert after["issue"].version == 0  # the other fields keep the machine's value
    [change] = corrections(desk.engine, desk.workspace, port)
    assert (change.field, change.old, change.new, change.user) == (
        "valence", "critical", "neutral", "nadia")  # fmt: skip
    [entry] = audit.entries(desk.engine, desk.workspace)
    assert (entry.action, entry.target, entry.user) == ("label.correct", f"d{port}:s1", "nadia")
    assert entry.detail == {"field": "valence", "old": "critical", "new": "neutral", "version": 1}


def test_a_correction_from_a_stale_version_is_a_conflict_naming_who_changed_it(
    desk: Desk,
) -> None:
    port, nadia, omar = desk.documents["port"], desk.users["nadia"], desk.users["omar"]
    correct(desk.engine, desk.workspace, port, 2, "valence", "neutral", nadia, 0)
    with pytest.raises(Conflict) as caught:
        correct(desk.engine, desk.workspace, port, 2, "valence", "cooperative", omar, 0)
    message = str(caught.value)
    assert message.startswith(f"d{port}:s2 valence: changed by nadia at ")
    assert "(version 1, you saw version 0)" in message
    assert caught.value.current.value == "neutral"
    # Having reloaded, omar corrects from version 1.
    label = correct(desk.engine, desk.workspace, port, 2, "valence", "cooperative", omar, 1)
    assert (label.version, label.user) == (2, "omar")
    history = [(c.old, c.new, c.user) for c in corrections(desk.engine, desk.workspace, port)]
    assert history == [("critical", "neutral", "nadia"), ("neutral", "cooperative", "omar")]


@pytest.mark.parametrize("base", [0, 1])
def test_two_analysts_at_once_from_the_same_version_one_wins_one_conflicts(
    desk: Desk, base: int
) -> None:
    port = desk.documents["port"]
    if base:  # the label already exists at version 1: the update path
        correct(desk.engine, desk.workspace, port, 3, "issue", "governance", desk.users["vera"], 0)
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def analyst(name: str, issue: str) -> None:
        start.wait()
        try:
            results[name] = correct(desk.engine, desk.workspace, port, 3, "issue", issue,
                                    desk.users[name], base)  # fmt: skip
        except Conflict as exc:
            results[name] = exc

    threads = [
        threading.Thread(target=analyst, args=("nadia", "military-presence")),
        threading.Thread(target=analyst, args=("omar", "diplomacy")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    conflicts = [r for r in results.values() if isinstance(r, Conflict)]
    winners = [r for r in results.values() if not isinstance(r, Conflict)]
    assert len(conflicts) == 1 and len(winners) == 1
    winner = winners[0]
    in_force = sentence_labels(desk.engine, desk.workspace, port)[2].labels["issue"]
    assert (in_force.value, in_force.version) == (winner.value, base + 1)  # type: ignore[attr-defined]
    assert conflicts[0].current.user == winner.user  # type: ignore[attr-defined]
    changes = corrections(desk.engine, desk.workspace, port)
    assert len(changes) == base + 1  # the loser wrote nothing


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("valence", "angry", "valence: 'angry' is not one of cooperative, critical, neutral"),
        ("issue", "tourism", "issue: 'tourism' is not an issue id of the document's taxonomy"),
        ("perspective", "Atlantis", "perspective: 'Atlantis' is not 'author' or a country"),
        ("frames", ["legal", "feelings"], "frames: feelings: not frames"),
        ("recommendation", "maybe", "recommendation: expected true or false"),
        ("events", [{"actor1": "USA", "actor2": "KHM", "cameo": "999"}],
         "events #1: '999' is not a CAMEO code"),
        ("events", [{"actor1": "USA", "actor2": "USA", "cameo": "042"}],
         "events #1: an event is between two actors"),
        ("tone", "warm", "tone: not a field one can correct"),
    ],
)  # fmt: skip
def test_invalid_values_are_refused_with_one_line(
    desk: Desk, field: str, value: object, problem: str
) -> None:
    with pytest.raises(LabelError) as caught:
        correct(desk.engine, desk.workspace, desk.documents["port"], 1, field, value,
                desk.users["nadia"], 0)  # fmt: skip
    assert str(caught.value).startswith(problem)
    assert "\n" not in str(caught.value)
    assert corrections(desk.engine, desk.workspace, desk.documents["port"]) == []


def test_values_are_brought_to_their_canonical_form(desk: Desk) -> None:
    port, nadia = desk.documents["port"], desk.users["nadia"]
    assert (
        correct(desk.engine, desk.workspace, port, 1, "perspective", "usa", nadia, 0).value == "USA"
    )
    assert (
        correct(desk.engine, desk.workspace, port, 2, "perspective", "asean", nadia, 0).value
        == "ASEAN"
    )
    assert (
        correct(desk.engine, desk.workspace, port, 3, "perspective", "Author", nadia, 0).value
        == "author"
    )
    frames = correct(
        desk.engine, desk.workspace, port, 3, "frames", ["security", "sovereignty"], nadia, 0
    )
    assert frames.value == ["sovereignty", "security"]
    rec = correct(desk.engine, desk.workspace, port, 4, "recommendation", "true", nadia, 0)
    assert rec.value is True
    events = correct(desk.engine, desk.workspace, port, 4, "events",
                     '[{"actor1": "khm", "actor2": "usa", "cameo": "36"}]', nadia, 0)  # fmt: skip
    assert events.value == [{"actor1": "KHM", "actor2": "USA", "cameo": "036"}]
    assert events.machine == [{"actor1": "USA", "actor2": "KHM", "cameo": "042"}]


def test_setting_the_value_in_force_again_changes_nothing(desk: Desk) -> None:
    port = desk.documents["port"]
    label = correct(
        desk.engine, desk.workspace, port, 1, "valence", "critical", desk.users["nadia"], 0
    )
    assert label.version == 0
    assert corrections(desk.engine, desk.workspace, port) == []
    assert audit.entries(desk.engine, desk.workspace) == []


def test_nothing_of_another_workspace_can_be_corrected_or_read(desk: Desk) -> None:
    other = desk.documents["other"]
    with pytest.raises(NotInWorkspace, match=f"document {other}: not in this workspace"):
        correct(desk.engine, desk.workspace, other, 1, "valence", "neutral", desk.users["nadia"], 0)
    with pytest.raises(NotInWorkspace):
        sentence_labels(desk.engine, desk.workspace, other)
    with pytest.raises(NotInWorkspace):
        mark_reviewed(desk.engine, desk.workspace, other, desk.users["nadia"])
    with pytest.raises(LabelError, match="no such sentence"):
        correct(desk.engine, desk.workspace, desk.documents["port"], 99, "valence", "neutral",
                desk.users["nadia"], 0)  # fmt: skip


def test_labels_of_one_workspace_leave_the_others_reading_alone(desk: Desk) -> None:
    port = desk.documents["port"]
    with desk.engine.begin() as c:  # the other workspace holds the same document too
        c.execute(schema.workspace_documents.insert().values(
            workspace_id=desk.other_workspace, document_id=port, added_at=audit.now()))  # fmt: skip
    correct(desk.engine, desk.workspace, port, 1, "valence", "neutral", desk.users["nadia"], 0)
    theirs = sentence_labels(desk.engine, desk.other_workspace, port)[0].labels["valence"]
    assert (theirs.value, theirs.version) == ("critical", 0)


def test_reviews_are_marked_listed_and_withdrawn_with_audit_entries(desk: Desk) -> None:
    port, nadia, omar = desk.documents["port"], desk.users["nadia"], desk.users["omar"]
    assert mark_reviewed(desk.engine, desk.workspace, port, nadia) is True
    assert mark_reviewed(desk.engine, desk.workspace, port, nadia) is False
    assert mark_reviewed(desk.engine, desk.workspace, port, omar) is True
    assert [r.name for r in reviewers(desk.engine, desk.workspace, port)] == ["nadia", "omar"]
    assert unmark_reviewed(desk.engine, desk.workspace, port, nadia) is True
    assert unmark_reviewed(desk.engine, desk.workspace, port, nadia) is False
    assert [r.name for r in reviewers(desk.engine, desk.workspace, port)] == ["omar"]
    log = [(e.action, e.user) for e in audit.entries(desk.engine, desk.workspace)]
    assert log == [("document.unreview", "nadia"), ("document.review", "omar"),
                   ("document.review", "nadia")]  # fmt: skip


def test_the_audit_log_pages_newest_first_and_keeps_to_its_workspace(desk: Desk) -> None:
    for n in range(5):
        audit.record(desk.engine, desk.workspace, desk.users["nadia"], "member.add", f"user{n}",
                     {"role": "viewer"})  # fmt: skip
    audit.record(desk.engine, desk.other_workspace, None, "document.upload", "other.txt")
    first = audit.entries(desk.engine, desk.workspace, limit=3)
    assert [e.target for e in first] == ["user4", "user3", "user2"]
    rest = audit.entries(desk.engine, desk.workspace, limit=3, before=first[-1].id)
    assert [e.target for e in rest] == ["user1", "user0"]
    assert rest[0].detail == {"role": "viewer"} and rest[0].user == "nadia"
    [theirs] = audit.entries(desk.engine, desk.other_workspace)
    assert (theirs.action, theirs.user) == ("document.upload", None)
    with desk.engine.connect() as c:
        assert c.execute(select(schema.audit_log.c.id)).all().__len__() == 6
