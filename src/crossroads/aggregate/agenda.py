"""The dialogue agenda: issues ranked by how much a dialogue between the parties needs them.

An issue is *contested* when both parties hold a position on it. Its rank score is

    score = contested + divergence + 0.5 · salience / max salience + 0.2 · has proposals

so contested issues come first, the wider the gap the higher, and, at equal gaps, the issue
that takes more of the text and has concrete proposals on the table leads. Bridging
sentences are the proposals (recommendation sentences) on the issue, then its common
ground; proposals about the relationship as a whole are offered for every contested issue.
"""

from __future__ import annotations

from crossroads.model import AgendaItem, Document, IssueEntry, Sentence

MAX_BRIDGING = 6


def _why(entry: IssueEntry, dyad: tuple[str, str], proposals: int) -> str:
    parts = []
    for party in dyad:
        pos = entry.positions.get(party)
        if pos is None:
            parts.append(f"{party} states no position")
        else:
            frames = f" ({', '.join(pos.frames)})" if pos.frames else ""
            basis = " by its actions" if pos.basis == "actions" else ""
            parts.append(f"{party} {pos.valence}{frames}{basis}")
    gap = f"divergence {entry.divergence:.2f}" if entry.divergence is not None else "one-sided"
    share = f"{entry.salience:.0%} of the text"
    offer = f"{proposals} proposal{'s' if proposals != 1 else ''} to bridge the gap"
    return f"{'; '.join(parts)}; {gap}; {share}; {offer}."


def build_agenda(
    issues: list[IssueEntry],
    documents: list[Document],
    dyad: tuple[str, str],
    relationship: str | None = None,
) -> list[AgendaItem]:
    """Rank the map's issues for a dialogue and attach bridging proposals.

    Args:
        issues: the perspective map's entries.
        documents: the annotated documents (for recommendation sentences).
        dyad: the two parties.
        relationship: the taxonomy's issue for the relationship as a whole, whose
            proposals are offered for every contested issue (None: no such issue).

    Returns:
        Agenda items, rank 1 first.
    """
    sentences: list[Sentence] = [s for d in documents for s in d.sentences]
    proposals: dict[str, list[str]] = {}
    for s in sentences:
        if s.recommendation:
            proposals.setdefault(s.issue, []).append(s.id)
    general = proposals.get(relationship, []) if relationship else []
    top_salience = max((e.salience for e in issues), default=1.0) or 1.0
    scored = []
    for entry in issues:
        contested = all(p in entry.positions for p in dyad)
        own = proposals.get(entry.id, [])
        bridging = list(dict.fromkeys(own + entry.common_ground))
        if contested and entry.id != relationship:
            bridging += [g for g in general if g not in bridging]
        score = (
            float(contested)
            + (entry.divergence or 0.0)
            + 0.5 * entry.salience / top_salience
            + 0.2 * bool(own)
        )
        scored.append((score, entry, bridging[: max(MAX_BRIDGING, len(own))]))
    scored.sort(key=lambda t: -t[0])
    recommended = {sid for ids in proposals.values() for sid in ids}
    return [
        AgendaItem(
            issue=entry.id,
            rank=rank,
            score=round(score, 3),
            why=_why(entry, dyad, sum(sid in recommended for sid in bridging)),
            bridging=bridging,
        )
        for rank, (score, entry, bridging) in enumerate(scored, 1)
    ]
