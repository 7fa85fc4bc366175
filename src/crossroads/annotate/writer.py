"""The writer's voice: ``author`` for an analyst or a reporter, a party's code when the
writer speaks for it (a ministry's statement, a spokesperson's briefing, an editorial
written "for our nation").

Two signals, strongest first:

1. an issuer header naming one party ("Ministry of Foreign Affairs of Viet Nam", "Statement
   by the Government of Fiji", "Remarks by the Spokesperson ...") in the title or the
   metadata lines;
2. first-person plural in the writer's own sentences (quotations excluded: "our government",
   "we urge"): such a text names the *other* party ("we urge the Japanese government"), so
   the writer speaks for the dyad member its first-person sentences name less.

A joint statement's shared voice is ``author``.
"""

from __future__ import annotations

import re
from collections import Counter

from crossroads.annotate.attribution import _QUOTED
from crossroads.model import AUTHOR, Document, Mention

_FIRST_PERSON = re.compile(r"\b(?:we|our|us|ours)\b", re.I)
_FIRST_PERSON_STATE = re.compile(
    r"\bour (?:country|nation|government|people|sovereignty|territory|waters|side|position|"
    r"ministry|supreme court|president|prime minister|armed forces|military|navy|"
    r"(?:\w+ )?industr\w+|economy|citizens|victims|island|islands|borders?)\b|"
    r"\bwe (?:firmly|strongly|resolutely|reiterate|urge|call|demand|oppose|reject|welcome|"
    r"stand|propose|request|protest|affirm|reaffirm)\b",
    re.I,
)
_ISSUER = re.compile(
    r"\b(?:ministry|department|government|embassy|office|presidency|cabinet|"
    r"statement (?:by|of|from)|remarks (?:by|of)|spokes(?:person|man|woman)|"
    r"press (?:briefing|conference|release))\b",
    re.I,
)
_STATEMENT = re.compile(
    r"\b(?:statement|remarks|press (?:briefing|conference|release)|spokes(?:person|man|woman)|"
    r"speech|address|editorial|communiqu[eé]|declaration|readout|transcript)\b",
    re.I,
)
_JOINT = re.compile(r"\bjoint (?:statement|declaration|communiqu[eé]|press)\b", re.I)


def writer_voice(doc: Document, dyad: tuple[str, str]) -> str:
    """The code the writer speaks for: a party for official statements, else ``author``.

    Args:
        doc: a document with sentences and actor mentions.
        dyad: the two parties.

    Returns:
        A dyad member's code, or ``author``.
    """
    header = " ".join(filter(None, [doc.title or "", *doc.notes]))
    if _JOINT.search(header) or _JOINT.search(" ".join(s.text for s in doc.sentences[:2])):
        return AUTHOR
    own = [_QUOTED.sub(lambda q: " " * len(q.group()), s.text) for s in doc.sentences]
    institutional = sum(bool(_FIRST_PERSON_STATE.search(t)) for t in own)
    if not _STATEMENT.search(header) and institutional < 2:
        return AUTHOR
    if _ISSUER.search(header):
        issuers = {m.code for m in _mentions(header) if m.code in dyad}
        if len(issuers) == 1:
            return issuers.pop()
    named: Counter[str] = Counter({code: 0 for code in dyad})
    for sentence, text in zip(doc.sentences, own, strict=True):
        if _FIRST_PERSON.search(text):
            named.update(
                m.code for m in sentence.actors if m.code in dyad and text[m.start : m.end].strip()
            )
    (_, n_most), (least, n_least) = named.most_common()[0], named.most_common()[-1]
    if n_most > n_least:
        return least
    return AUTHOR


def _mentions(text: str) -> list[Mention]:
    from crossroads.annotate.actors import gazetteer

    return list(gazetteer().find(text))
