"""The Markdown renderer: a memo-ready report of one analysis.

The report reads top to bottom as an analyst would brief it: who and from what, the
perspective map as a table, what each party says on the contested issues (quoted, with
sentence ids in brackets), the dialogue agenda with its bridging proposals, and the events.
The helpers :func:`party_name`, :func:`cameo_name` and :func:`sentence_index` are shared
with the HTML renderer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from crossroads import cameo, registry
from crossroads.countries import country_name
from crossroads.model import AUTHOR, Analysis

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_WHITESPACE = re.compile(r"\s+")

DEFAULT_MIN_DIVERGENCE = 0.3
DEFAULT_QUOTES = 2


def party_name(code: str) -> str:
    """A readable name for a party code.

    Args:
        code: An ISO 3166-1 alpha-3 code, an organisation acronym or ``"author"``.

    Returns:
        The country's short name from :func:`crossroads.countries.country_name`
        ("United States" for ``USA``), "Author" for the writer's own voice, or the code
        itself for organisations and unknown codes.
    """
    return "Author" if code == AUTHOR else country_name(code)


def cameo_name(code: str) -> str | None:
    """The codebook name of a CAMEO code (see :mod:`crossroads.cameo`).

    Args:
        code: A CAMEO code such as ``"042"``.

    Returns:
        The code's name ("Make a visit"), or ``None`` when the code is unknown.
    """
    return cameo.describe(code) or None


def sentence_index(contract: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every sentence of an analysis contract by its id.

    Args:
        contract: The dict made by :meth:`crossroads.model.Analysis.to_contract`.

    Returns:
        A mapping of sentence id to the sentence dict, each with its document id added
        under ``"document"``.
    """
    index: dict[str, dict[str, Any]] = {}
    for doc in contract.get("documents", []):
        for sentence in doc.get("sentences", []):
            index[sentence["id"]] = {**sentence, "document": doc.get("id")}
    return index


def ordered_parties(contract: Mapping[str, Any]) -> list[str]:
    """The parties of the map: the dyad first, then others that hold a position.

    Args:
        contract: The dict made by :meth:`crossroads.model.Analysis.to_contract`.

    Returns:
        Party codes in display order (the author's voice, if present, comes last).
    """
    parties = list(contract.get("dyad", []))
    others: set[str] = set()
    for issue in contract.get("issues", []):
        others.update(p for p in issue.get("positions", {}) if p not in parties)
    rest = sorted(others - {AUTHOR})
    return parties + rest + ([AUTHOR] if AUTHOR in others else [])


def all_events(contract: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every event of every document, in date order (undated events last).

    Args:
        contract: The dict made by :meth:`crossroads.model.Analysis.to_contract`.

    Returns:
        The event dicts, each with its document id added under ``"document"``.
    """
    events = [
        {**event, "document": doc.get("id")}
        for doc in contract.get("documents", [])
        for event in doc.get("events", [])
    ]
    return sorted(events, key=lambda e: (e.get("date") is None, e.get("date") or ""))


def md_text(text: Any) -> str:
    """Text made safe for inline Markdown: one line, Markdown punctuation escaped.

    Args:
        text: Any value; ``None`` becomes an empty string.

    Returns:
        The text on one line with ``\\ ` * _ [ ] < > |`` backslash-escaped.
    """
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(text)).strip())


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _divergence(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def voice_line(doc: Mapping[str, Any]) -> str:
    """ "speech · speaks for Kenya (Cabinet Secretary ...)": the document's voice, or ''."""
    voice = doc.get("voice") or {}
    if not voice:
        return ""
    party = str(voice.get("party") or AUTHOR)
    whose = "the writer's own voice" if party == AUTHOR else f"speaks for {party_name(party)}"
    who = f" ({voice['speaker']})" if voice.get("speaker") else ""
    return f"{voice.get('genre')} · {whose}{who}"


def _document_line(doc: Mapping[str, Any]) -> str:
    title = md_text(doc.get("title")) or md_text(doc.get("source")) or "untitled document"
    details = [md_text(v) for v in (doc.get("author"), doc.get("date")) if v]
    tail = f" ({', '.join(details)})" if details else ""
    voice = voice_line(doc)
    return f"- [{doc.get('id')}] *{title}*{tail}" + (f" — {md_text(voice)}" if voice else "")


def _position_cell(position: Mapping[str, Any] | None) -> str:
    if not position:
        return "—"
    frames = ", ".join(position.get("frames", []))
    evidence = len(position.get("evidence", []))
    parts = [f"**{position.get('valence', 'neutral')}**"]
    if frames:
        parts.append(frames)
    parts.append(_plural(evidence, "sentence"))
    return " · ".join(parts)


def _quote(sentence_id: str, sentences: Mapping[str, Mapping[str, Any]]) -> str:
    sentence = sentences.get(sentence_id)
    if sentence is None:
        return f"[{md_text(sentence_id)}]"
    return f"“{md_text(sentence.get('text'))}” [{md_text(sentence_id)}]"


def _map_table(contract: Mapping[str, Any], parties: list[str]) -> list[str]:
    header = ["Issue", *(md_text(party_name(p)) for p in parties), "Salience", "Divergence"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for issue in contract.get("issues", []):
        positions = issue.get("positions", {})
        row = [
            md_text(issue.get("label") or issue.get("id")),
            *(_position_cell(positions.get(p)) for p in parties),
            _percent(issue.get("salience")),
            _divergence(issue.get("divergence")),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _contested_section(
    contract: Mapping[str, Any],
    parties: list[str],
    sentences: Mapping[str, Mapping[str, Any]],
    min_divergence: float,
    quotes: int,
) -> list[str]:
    contested = [
        i
        for i in contract.get("issues", [])
        if i.get("divergence") is not None and i["divergence"] >= min_divergence
    ]
    contested.sort(key=lambda i: -float(i["divergence"]))
    lines = ["## Where the parties diverge", ""]
    if not contested:
        lines += [f"No issue reaches a divergence of {min_divergence:.2f} in these documents.", ""]
        return lines
    for issue in contested:
        label = md_text(issue.get("label") or issue.get("id"))
        lines += [f"### {label} (divergence {_divergence(issue.get('divergence'))})", ""]
        positions = issue.get("positions", {})
        for party in (p for p in parties if p in positions):
            position = positions[party]
            frames = ", ".join(position.get("frames", [])) or "no explicit frame"
            summary = md_text(position.get("summary"))
            head = f"- **{md_text(party_name(party))}**, {position.get('valence')} ({frames})"
            lines.append(head + (f": {summary}" if summary else ""))
            for sentence_id in position.get("evidence", [])[:quotes]:
                lines.append(f"  - {_quote(sentence_id, sentences)}")
        common = issue.get("common_ground", [])
        if common:
            lines.append("- **Common ground:**")
            lines += [f"  - {_quote(s, sentences)}" for s in common[:quotes]]
        lines.append("")
    return lines


def _agenda_section(
    contract: Mapping[str, Any], sentences: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    labels = {i.get("id"): i.get("label") or i.get("id") for i in contract.get("issues", [])}
    lines = ["## Dialogue agenda", ""]
    agenda = sorted(contract.get("agenda", []), key=lambda a: a.get("rank", 0))
    if not agenda:
        return lines + ["No agenda could be drawn from these documents.", ""]
    for item in agenda:
        label = md_text(labels.get(item.get("issue"), item.get("issue")))
        why = md_text(item.get("why"))
        lines.append(f"{item.get('rank')}. **{label}**" + (f": {why}" if why else ""))
        for sentence_id in item.get("bridging", []):
            lines.append(f"    - Bridging: {_quote(sentence_id, sentences)}")
    return lines + [""]


def _events_section(contract: Mapping[str, Any], name_of: Callable[[str], str | None]) -> list[str]:
    events = all_events(contract)
    lines = ["## Events", ""]
    if not events:
        return lines + ["No events between the parties are reported in these documents.", ""]
    lines += ["| Date | Actors | CAMEO | Goldstein | Sentence |", "|---|---|---|---|---|"]
    for event in events:
        code = md_text(event.get("cameo"))
        name = name_of(str(event.get("cameo", "")))
        cameo = f"{code} {md_text(name)}" if name else code
        actors = f"{md_text(event.get('actor1'))} → {md_text(event.get('actor2'))}"
        goldstein = event.get("goldstein")
        score = f"{goldstein:+.1f}" if isinstance(goldstein, int | float) else "n/a"
        date = md_text(event.get("date")) or "undated"
        lines.append(
            f"| {date} | {actors} | {cameo} | {score} | [{md_text(event.get('sentence_id'))}] |"
        )
    return lines + [""]


def _notes(lines: Iterable[str]) -> list[str]:
    notes = [f"- {md_text(n)}" for n in lines]
    return ["## Notes on this run", "", *notes, ""] if notes else []


@registry.renderers.register("md")
def render_markdown(analysis: Analysis, **options: Any) -> str:
    """Render an analysis as a Markdown memo.

    Args:
        analysis: The analysis to report.
        **options: ``min_divergence`` (float, default 0.3): the divergence from which an
            issue counts as contested; ``quotes`` (int, default 2): evidence sentences
            quoted per party.

    Returns:
        The report as Markdown text, ending with a newline.
    """
    contract = analysis.to_contract()
    min_divergence = float(options.get("min_divergence", DEFAULT_MIN_DIVERGENCE))
    quotes = int(options.get("quotes", DEFAULT_QUOTES))
    sentences = sentence_index(contract)
    parties = ordered_parties(contract)
    dyad = " – ".join(md_text(party_name(p)) for p in contract.get("dyad", []))
    documents = contract.get("documents", [])
    n_events = sum(len(d.get("events", [])) for d in documents)

    lines = [f"# {dyad}: perspective map", ""]
    lines += [_document_line(d) for d in documents] or ["- (no documents)"]
    lines += [
        "",
        f"**{_plural(len(documents), 'document')} · {_plural(len(sentences), 'sentence')} · "
        f"{_plural(len(contract.get('issues', [])), 'issue')} · {_plural(n_events, 'event')}**",
        "",
        "## Perspective map",
        "",
    ]
    if contract.get("issues"):
        lines += _map_table(contract, parties)
        lines += [
            "",
            "*Each cell: the party's overall valence · its frames · evidence sentences. "
            "Salience is the share of the text on the issue; divergence runs from 0 "
            "(agree) to 1 (opposed).*",
        ]
    else:
        lines.append("No issue was found in these documents.")
    lines.append("")
    lines += _contested_section(contract, parties, sentences, min_divergence, quotes)
    lines += _agenda_section(contract, sentences)
    lines += _events_section(contract, cameo_name)
    lines += _notes(contract.get("errors", []))
    return "\n".join(lines).rstrip() + "\n"
