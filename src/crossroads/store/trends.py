"""Trends over time: per period and issue, salience, each party's valence and divergence.

For each period (month, quarter or year of the document date) and issue:

* ``salience``: the issue's share of all sentences stored for the period;
* per party (each perspective voiced on the issue: the dyad's two countries, ``author``,
  organisations): its sentences and their ``cooperative`` / ``critical`` / ``neutral``
  counts, and its ``balance`` = (cooperative − critical) / sentences;
* ``divergence`` between the dyad's two parties, exactly as the perspective map defines it
  (:func:`crossroads.aggregate.divergence.divergence`: stance gap, mutual criticism and
  frame gap), or None when either party is silent on the issue in that period.

The database does the counting (one GROUP BY over the filtered sentences); Python only
folds the groups into rows, so 100,000 sentences take well under a second. In a workspace
(``filters.workspace``) the sentences are counted with its labels in force.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, func, select

from crossroads.aggregate.divergence import divergence
from crossroads.errors import CrossroadsError
from crossroads.model import Position
from crossroads.store import schema
from crossroads.store.queries import Filters, party_code

PERIODS = ("month", "quarter", "year")
D, S = schema.documents, schema.sentences


def period_of(date: str | None, by: str) -> str | None:
    """The period label of an ISO date (None when the date is not precise enough).

    Args:
        date: ``"2024"``, ``"2024-05"`` or ``"2024-05-17"``.
        by: ``"month"`` (``2024-05``), ``"quarter"`` (``2024-Q2``) or ``"year"`` (``2024``).

    Returns:
        The label, or None.
    """
    if not date or len(date) < 4:
        return None
    if by == "year":
        return date[:4]
    if len(date) < 7:
        return None
    if by == "month":
        return date[:7]
    return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"


class _Party:
    __slots__ = ("valences", "frames", "n")

    def __init__(self) -> None:
        self.valences: Counter[str] = Counter()
        self.frames: Counter[str] = Counter()
        self.n = 0

    def position(self, party: str) -> Position:
        n = self.n
        coop, crit = self.valences["cooperative"], self.valences["critical"]
        return Position(
            party=party,
            valence="",
            frames=[],
            evidence=[],
            summary="",
            balance=(coop - crit) / n if n else 0.0,
            critical_share=crit / n if n else 0.0,
            frame_weights={f: c / n for f, c in self.frames.items()},
        )


def trends(
    engine: Engine, dyad: tuple[str, str], filters: Filters, by: str = "quarter"
) -> list[dict[str, Any]]:
    """Salience, valence per party and divergence per period and issue.

    Args:
        engine: The knowledge base's engine.
        dyad: The two parties whose divergence is measured (order kept in the rows).
        filters: The selection (``filters.party`` keeps only that party's rows).
        by: ``"month"``, ``"quarter"`` or ``"year"``.

    Returns:
        Rows ordered by period, issue salience (descending) and party: ``period``,
        ``issue``, ``party``, ``salience``, ``cooperative``, ``critical``, ``neutral``,
        ``divergence``, plus ``sentences``, ``balance`` and ``issue_sentences``.
    """
    if by not in PERIODS:
        raise CrossroadsError("--by", f"expected one of {', '.join(PERIODS)}, got {by!r}")
    party_filter = party_code(filters.party) if filters.party else None
    selection = Filters(**{**filters.__dict__, "party": None})
    fields = ("issue", "perspective", "valence", "frames")
    # Read in a derived table, so that GROUP BY names plain columns even when they are
    # the workspace's labels in force (correlated subqueries).
    read = (
        select(D.c.date, *(selection.column(f).label(f) for f in fields))
        .select_from(S.join(D, S.c.document_id == D.c.id))
        .where(D.c.date.is_not(None), *selection.documents())
        .subquery()
    )
    columns = [read.c.date, read.c.issue, read.c.perspective, read.c.valence, read.c.frames]
    stmt = select(*columns, func.count().label("n")).group_by(*columns)
    with engine.connect() as c:
        groups = [tuple(row) for row in c.execute(stmt)]
    return fold_trends(groups, dyad, by, issue=selection.issue, party=party_filter)


def fold_trends(
    groups: Iterable[tuple[str | None, str, str, str, str, int]],
    dyad: tuple[str, str],
    by: str = "quarter",
    *,
    issue: str | None = None,
    party: str | None = None,
) -> list[dict[str, Any]]:
    """Fold counted sentence groups into trend rows: the pure part of :func:`trends`.

    Args:
        groups: ``(document date, issue, perspective, valence, frames, count)`` tuples,
            frames comma-separated as stored; one tuple per distinct combination (or
            several: counts add up).
        dyad: The two parties whose divergence is measured.
        by: ``"month"``, ``"quarter"`` or ``"year"``.
        issue: Keep only this issue's rows (salience still counts every issue).
        party: Keep only this party's rows (a stored code, e.g. ``KHM`` or ``author``).

    Returns:
        Rows as :func:`trends` describes them.
    """
    totals: Counter[str] = Counter()
    issues: dict[tuple[str, str], int] = Counter()
    parties: dict[tuple[str, str], dict[str, _Party]] = defaultdict(dict)
    for date, issue_id, perspective, valence, frames, n in groups:
        period = period_of(date, by)
        if period is None:
            continue
        totals[period] += n
        if issue and issue_id != issue:
            continue
        issues[(period, issue_id)] += n
        voice = parties[(period, issue_id)].setdefault(perspective, _Party())
        voice.n += n
        voice.valences[valence] += n
        for frame in frames.split(",") if frames else ():
            voice.frames[frame] += n
    rows: list[dict[str, Any]] = []
    ordered = sorted(issues.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    for (period, issue_id), n_issue in ordered:
        voiced = parties[(period, issue_id)]
        gap = None
        if dyad[0] in voiced and dyad[1] in voiced:
            gap, _ = divergence(
                voiced[dyad[0]].position(dyad[0]), voiced[dyad[1]].position(dyad[1])
            )
        order = [p for p in dyad if p in voiced] + sorted(p for p in voiced if p not in dyad)
        for name in order:
            if party and name != party:
                continue
            counts = voiced[name]
            rows.append(
                {
                    "period": period,
                    "issue": issue_id,
                    "party": name,
                    "salience": round(n_issue / totals[period], 4),
                    "cooperative": counts.valences["cooperative"],
                    "critical": counts.valences["critical"],
                    "neutral": counts.valences["neutral"],
                    "divergence": gap,
                    "sentences": counts.n,
                    "balance": round(counts.position(name).balance, 3),
                    "issue_sentences": n_issue,
                }
            )
    return rows
