"""Statements as events: a party's attributed criticism of the other is CAMEO 111.

A verb such as "said" reports no CAMEO action by itself, yet an official saying that the
other side's elections were "neither free nor fair" is a verbal act of disapproval. This
stage adds, for each sentence that is explicitly attributed to a party (a speech verb with
that party as its subject, or "according to"; analysts, critics and the public are not
state voices), that is critical in valence, and that has no
conflict event (roots 09-14) from that party yet, one event *party → counterpart* coded
111 ("Criticize or denounce"). The counterpart is the other dyad member, or, for a third
party's statement, the dyad member the sentence names.

Only in reports (news, briefings, statements): in an analytical essay an attributed view is
a standing position, which the perspective map shows, not a dated act.

When the writer speaks for a party (the voice stage: a speech, a ministry's statement or
briefing answer, a state editorial), the writer's own sentences that name the other party
are statements of that party, dated by the document: critical ones are 111 (criticise), or
100 (demand) when they prescribe what the other side must do; cooperative proposals are
030 (express intent to cooperate). This holds in every genre.
"""

from __future__ import annotations

from crossroads.annotate.attribution import NON_STATE
from crossroads.cameo import lookup
from crossroads.context import Context
from crossroads.model import AUTHOR, Document, Event, Sentence
from crossroads.registry import stages

CRITICIZE = "111"
DEMAND = "100"
INTEND = "030"
_VERBAL_CONFLICT = {f"{r:02d}" for r in range(9, 15)}


def _attributed(sentence: Sentence) -> bool:
    """Said by an identified official voice, not by analysts, critics or the public."""
    why = sentence.cues.get("perspective", "")
    if NON_STATE.search(sentence.cues.get("speaker", "")):
        return False
    return ("←" in why or why.startswith("according to")) and "narration" not in why


def _counterpart(sentence: Sentence, party: str, dyad: tuple[str, str]) -> str | None:
    if party in dyad:
        return dyad[1 - dyad.index(party)]
    named = [m.code for m in sentence.actors if m.code in dyad]
    return named[0] if len(set(named)) == 1 else None


def _event(
    actor1: str, actor2: str, cameo: str, date: str | None, sentence: Sentence, trigger: str
) -> Event:
    code = lookup(cameo)
    return Event(
        actor1=actor1,
        actor2=actor2,
        cameo=code.code,
        goldstein=code.goldstein,
        date=date,
        sentence_id=sentence.id,
        trigger=trigger,
        quad_class=code.quad_class,
    )


@stages.register("crossroads.statement_events.v1")
class StatementEvents:
    """Add a 111 event for each attributed critical statement of one party about another."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        self._writer_statements(doc, ctx)
        if doc.is_essay():
            return doc
        coded = {(e.sentence_id, e.actor1) for e in doc.events if e.cameo[:2] in _VERBAL_CONFLICT}
        for sentence in doc.sentences:
            party = sentence.perspective
            if party == AUTHOR or sentence.valence != "critical" or not _attributed(sentence):
                continue
            if (sentence.id, party) in coded:
                continue
            target = _counterpart(sentence, party, ctx.dyad)
            if target is None or target == party:
                continue
            trigger = "statement: " + sentence.cues.get("perspective", "")[:40]
            doc.events.append(_event(party, target, CRITICIZE, None, sentence, trigger))
        doc.events.sort(key=lambda e: int(e.sentence_id.rsplit(":s", 1)[1]))
        return doc

    @staticmethod
    def _writer_statements(doc: Document, ctx: Context) -> None:
        """Statement events of a writer who speaks for a party, at the document's date."""
        coded = {e.sentence_id for e in doc.events}
        for sentence in doc.sentences:
            party = sentence.turn or (doc.voice.party if doc.voice else AUTHOR)
            if party not in ctx.dyad or sentence.perspective != party or sentence.id in coded:
                continue
            other = ctx.dyad[1 - ctx.dyad.index(party)]
            if other not in {m.code for m in sentence.actors}:
                continue
            if sentence.valence == "critical":
                cameo = DEMAND if sentence.recommendation else CRITICIZE
            elif sentence.valence == "cooperative" and sentence.recommendation:
                cameo = INTEND
            else:
                continue
            trigger = f"the writer speaks for {party}"
            doc.events.append(_event(party, other, cameo, doc.date, sentence, trigger))


@stages.register("crossroads.event_review.v1")
class KeepCodedEvents:
    """The rules' review of coded events: keep every one (``v2`` learns which to keep)."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        return doc
