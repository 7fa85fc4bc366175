"""The perspective map: per issue, salience, each party's position, divergence, common ground."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from crossroads.aggregate.divergence import divergence
from crossroads.annotate.taxonomy import Taxonomy
from crossroads.model import AUTHOR, Document, IssueEntry, Position, Sentence

MAX_EVIDENCE = 8
_SHARED = re.compile(
    r"\b(?:both (?:sides|countries|nations|parties|governments|leaders)|the two (?:sides|countries|"
    r"nations|leaders|governments)|mutual\w*|shared|common|jointly|together|agreed?)\b",
    re.I,
)
_QUAD_VALENCE = {1: "cooperative", 2: "cooperative", 3: "critical", 4: "critical"}


def _position(party: str, sentences: list[Sentence], basis: str = "voiced") -> Position:
    n = len(sentences)
    counts = Counter(s.valence for s in sentences)
    coop, crit = counts["cooperative"], counts["critical"]
    balance = (coop - crit) / n if n else 0.0
    if crit > coop and crit >= counts["neutral"] / 2:
        valence = "critical"
    elif coop > crit and coop >= counts["neutral"] / 2:
        valence = "cooperative"
    else:
        valence = "neutral"
    frame_counts: Counter[str] = Counter(f for s in sentences for f in s.frames)
    frames = [f for f, c in frame_counts.most_common() if c >= max(1, 0.25 * n)][:3]
    # Evidence: sentences that carry the position's valence first, then the rest, in order.
    ranked = [s for s in sentences if s.valence == valence] + [
        s for s in sentences if s.valence != valence
    ]
    evidence = [s.id for s in ranked[:MAX_EVIDENCE]]
    summary = ranked[0].text if ranked else ""
    return Position(
        party=party,
        valence=valence,
        frames=frames,
        evidence=evidence,
        summary=summary,
        balance=round(balance, 3),
        critical_share=round(crit / n, 3) if n else 0.0,
        frame_weights={f: round(c / n, 3) for f, c in frame_counts.items()},
        basis=basis,
    )


def build_map(
    documents: list[Document], dyad: tuple[str, str], taxonomy: Taxonomy
) -> list[IssueEntry]:
    """Aggregate annotated documents into issue entries, most salient first.

    A party's position on an issue rests on the sentences voiced by it. A dyad member that
    is never quoted on an issue but is reported acting on it (an event with it as actor1
    in a sentence on that issue: sanctions imposed, a visit made) gets a position inferred
    from those actions, marked ``basis: actions``.

    Args:
        documents: annotated documents (several make one map).
        dyad: the two parties under study.
        taxonomy: the active issue taxonomy (for labels and the fallback id).

    Returns:
        Issue entries sorted by salience.
    """
    sentences = [s for d in documents for s in d.sentences]
    total = len(sentences) or 1
    by_issue: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_issue[s.issue].append(s)
    acts: dict[tuple[str, str], list[tuple[Sentence, int]]] = defaultdict(list)
    sentence_by_id = {s.id: s for s in sentences}
    for d in documents:
        for e in d.events:
            hit = sentence_by_id.get(e.sentence_id)
            if hit is not None and e.actor1 in dyad:
                acts[(hit.issue, e.actor1)].append((hit, e.quad_class))
    entries = []
    for issue_id, members in by_issue.items():
        if issue_id == taxonomy.fallback:
            continue
        voiced: dict[str, list[Sentence]] = defaultdict(list)
        for s in members:
            if s.perspective != AUTHOR:
                voiced[s.perspective].append(s)
        positions = {party: _position(party, ss) for party, ss in voiced.items()}
        for party in dyad:
            if party not in positions and acts.get((issue_id, party)):
                done = acts[(issue_id, party)]
                unique = list({s.id: s for s, _ in done}.values())
                pos = _position(party, unique, basis="actions")
                # The acts, not the narrating sentences' tone, give the valence and its
                # balance, so the label and the chart's bar say the same.
                quads = Counter(_QUAD_VALENCE.get(q, "neutral") for _, q in done)
                pos.valence = quads.most_common(1)[0][0]
                pos.balance = round((quads["cooperative"] - quads["critical"]) / len(done), 3)
                pos.critical_share = round(quads["critical"] / len(done), 3)
                positions[party] = pos
        # Dyad members first, then third parties by weight.
        order = [p for p in dyad if p in positions] + sorted(
            (p for p in positions if p not in dyad), key=lambda p: -len(voiced.get(p, []))
        )
        positions = {p: positions[p] for p in order}
        div: float | None = None
        parts: dict[str, float] = {}
        if all(p in positions for p in dyad):
            div, parts = divergence(positions[dyad[0]], positions[dyad[1]])
        common = [
            s.id
            for s in members
            if s.valence == "cooperative"
            and (s.perspective in dyad or _names_both(s, dyad) or _SHARED.search(s.text))
        ]
        entries.append(
            IssueEntry(
                id=issue_id,
                label=taxonomy.label(issue_id),
                salience=round(len(members) / total, 3),
                divergence=div,
                positions=positions,
                common_ground=common,
                sentences=len(members),
                divergence_parts=parts,
            )
        )
    entries.sort(key=lambda e: -e.salience)
    return entries


def _names_both(sentence: Sentence, dyad: tuple[str, str]) -> bool:
    codes = {m.code for m in sentence.actors}
    return set(dyad) <= codes
