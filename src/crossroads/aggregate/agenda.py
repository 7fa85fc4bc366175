"""The dialogue agenda: issues ranked by how much a dialogue between the parties needs them.

An issue is *contested* when both parties hold a position on it. Its rank score is

    score = contested + divergence + 0.5 · salience / max salience + 0.2 · has proposals

so contested issues come first, the wider the gap the higher, and, at equal gaps, the issue
that takes more of the text and has concrete proposals on the table leads. Bridging
sentences are the proposals that concern the issue, then those about the relationship as
a whole (for contested issues); demands and background are not bridges (see bridging.py).
"""

from __future__ import annotations

from crossroads.aggregate.bridging import find_proposals
from crossroads.model import AgendaItem, Document, IssueEntry

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
        documents: the annotated documents (for proposals and intents to cooperate).
        dyad: the two parties.
        relationship: the taxonomy's issue for the relationship as a whole (None: no such
            issue); see :mod:`crossroads.aggregate.bridging` for how its proposals are shared.

    Returns:
        Agenda items, rank 1 first.
    """
    found = find_proposals(documents, dyad, relationship)
    general = [p.sentence.id for p in found if p.sentence.issue == relationship and not p.issues]
    top_salience = max((e.salience for e in issues), default=1.0) or 1.0
    scored = []
    for entry in issues:
        contested = all(p in entry.positions for p in dyad)
        own = [p.sentence.id for p in found if p.sentence.issue == entry.id]
        specific = [p.sentence.id for p in found if entry.id in p.issues]
        bridging = list(dict.fromkeys(own + specific))
        if contested and entry.id != relationship:
            have = set(bridging)  # a set: on a large corpus there are thousands of proposals
            bridging += [g for g in general if g not in have]
        score = (
            float(contested)
            + (entry.divergence or 0.0)
            + 0.5 * entry.salience / top_salience
            + 0.2 * bool(own or specific)
        )
        scored.append((score, entry, bridging[: max(MAX_BRIDGING, len(own))]))
    scored.sort(key=lambda t: -t[0])
    return [
        AgendaItem(
            issue=entry.id,
            rank=rank,
            score=round(score, 3),
            why=_why(entry, dyad, len(bridging)),
            bridging=bridging,
        )
        for rank, (score, entry, bridging) in enumerate(scored, 1)
    ]
