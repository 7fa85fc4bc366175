"""Does a document concern the dyad at all? Warnings for parties its text never names."""

from __future__ import annotations

from crossroads.model import Document


def unmentioned_parties(doc: Document, dyad: tuple[str, str]) -> str | None:
    """A one-line warning when the document's sentences never name one or both parties.

    A map of a text that names neither party (a wrong ``--dyad``) would only say, issue
    after issue, that each party "states no position"; the warning says why.

    Args:
        doc: A document after the actors stage (its sentences carry mentions).
        dyad: The two parties' codes.

    Returns:
        ``"mentions neither FRA nor DEU; check --dyad"``, ``"never mentions DEU"``, or
        None when both are named.
    """
    named = {m.code for s in doc.sentences for m in s.actors}
    missing = [code for code in dyad if code not in named]
    if len(missing) == 2:
        return f"mentions neither {dyad[0]} nor {dyad[1]}; check --dyad"
    if missing:
        return f"never mentions {missing[0]}"
    return None
