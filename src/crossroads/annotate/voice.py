"""The document's voice: its genre, who speaks or writes, and for which party.

This stage runs before perspective: the writer's own sentences take the party the writer
speaks for (a minister's speech, a ministry's statement, a state newspaper's editorial), and
``author`` when the writer is a reporter, an independent analyst, or the shared voice of a
joint statement. In a transcript (briefing, interview, parliamentary debate) each turn has
its speaker: the reporters' questions are ``author`` and the answers the official's party.

Signals, each recorded as evidence:

* the header (title, byline and the lines before the body): "Joint Statement", "Remarks by",
  "Press Briefing", "Editorial", "Interview", "Opinion", an issuing office ("Ministry of
  Foreign Affairs of Viet Nam"), a known official or a state outlet (``reference``);
* structure: speaker labels ("Question:", "Mao Ning:"), vocatives ("Excellencies"), a news
  dateline, section headings, the density of reporting verbs;
* first-person use in the writer's own sentences ("my government", "our country").

Overrides: ``--genre`` and ``--voice CODE|author`` (``ctx.options``), or front-matter keys
``genre`` and ``voice``; they win over every signal.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from crossroads.annotate.actors import gazetteer, place_code
from crossroads.annotate.attribution import _QUOTED
from crossroads.annotate.dates import MONTHS, WEEKDAYS
from crossroads.annotate.writer import writer_voice
from crossroads.context import Context
from crossroads.model import AUTHOR, GENRES, Document, Sentence, Voice
from crossroads.reference.cities import cities
from crossroads.reference.outlets import independent_masthead, outlets
from crossroads.reference.people import Term, is_title, people
from crossroads.registry import stages
from crossroads.text.repair import is_author_note

_JOINT_TEXT = r"(?:joint (?:press )?(?:statement|declaration|communiqu[eé])|final communiqu[eé])\b"
# a debate's record: its members' questions are no interview's
_DEBATE_WORDS = r"hansard|debate|oral answers|verbatim record|plenary|sitting of|official report"
_HEADER_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (genre, re.compile(pattern, re.I))
    for genre, pattern in (
        ("joint-statement", rf"\b{_JOINT_TEXT}"),
        (
            "briefing",
            r"\b(?:press (?:briefing|conference)|regular briefing|briefing by|daily briefing)\b",
        ),
        ("interview", r"\binterview(?:ed)?\b|\bin conversation with\b|\bq\s?&\s?a\b"),
        (
            "speech",
            # "remarks", "speech" and "address" name the genre when they head the line or
            # say whose they are ("Remarks by", "Opening remarks"), not as a story's topic
            # ("Tokyo's Taiwan remarks answered")
            r"(?:(?m:^)\s*|\b(?:opening|closing|keynote|welcom\w*|prepared|introductory|concluding|"
            r"inaugural|farewell|acceptance|televised|national|annual)\s+)"
            r"(?:remarks|speech|address)\b|"
            r"\b(?:message|address)\b[^\n]{0,120}?\bto the nation\b|"
            r"\b(?:new year'?s?|independence day|national day) (?:message|address)\b|"
            r"\b(?:remarks|speech|address(?:es)?|words|toast)\s+(?:by|of|at|to|before|"
            r"on the occasion|delivered)\b|\b(?:keynote|general debate|"
            rf"check against delivery|as delivered|{_DEBATE_WORDS})\b",
        ),
        (
            "statement",
            r"\b(?:statement|press releases?|communiqu[eé]|comunicado|declaration|readout|"
            r"call with|telephone conversation|spokesperson'?s? (?:comment|remarks on))\b|"
            r"(?m:^)\s*comment(?:\s+(?:of|by)\b|\s*$)",
        ),
        ("editorial", r"\beditorial\b|\bleading article\b|\bour view\b|\bthe [\w ]{0,20}\bview\b"),
        ("op-ed", r"\b(?:opinion|op-ed|commentary|column|perspective|viewpoint|analysis)\b"),
        (
            "report",
            r"\b(?:report|policy brief|working paper|executive summary|key findings|"
            r"issue brief|occasional paper)\b",
        ),
    )
)
# a name's lower-case particles ("Asaad al-Shaibani", "Juan de la Fuente") are name words
_NAME_WORD = (
    r"(?:[A-Z][\w.'’-]*|(?:al|el|bin|ibn|bint|de|da|di|do|dos|du|del|della|la|le|van|von|"
    r"der|den|ter|y)(?:-[A-Z][\w.'’-]*)?)"
)
_SPEAKER_LABEL = re.compile(
    r"^\s*(?P<label>(?:Q|A|Question|Answer|Reporter|Journalist|Interviewer|Moderator|"
    rf"(?:The )?(?:Deputy )?Speaker|[A-Z][\w.'’-]*(?:\s{_NAME_WORD}){{0,6}}"
    r"(?:\s\([^)]{1,40}\))?))"
    r"\s*:\s+"
)
_AFFILIATION = re.compile(r"\s*\([^)]*\)$")
_ASKER = re.compile(
    r"^(?:q|question|reporter|journalist|interviewer|moderator|host|correspondent|presenter|"
    r"anchor|newsreader)\b|"
    r"\((?!(?:translation|interpretation|interpreted|translated)\))(?:[A-Z][\w.' -]{1,30})\)$",
    re.I,
)
_ANSWERER = re.compile(r"^(?:a|answer|spokes(?:person|man|woman))\b", re.I)
_CHAIR = re.compile(
    r"^(?:the )?(?:deputy |vice[- ])?(?:speaker|marshal|chair(?:man|woman|person)?|president|"
    r"presiding officer)$|^(?:mr|madam) (?:speaker|chair(?:man)?|president)$",
    re.I,
)
_VOCATIVE = re.compile(
    r"\b(?:excellenc(?:y|ies)|ladies and gentlemen|distinguished (?:guests|delegates)|"
    r"honou?rable (?:members?|minister|speaker)|dear (?:friends|colleagues)|"
    r"mr\.? (?:president|speaker|chairman)|madam (?:president|speaker|chair)|"
    r"thank you(?: very much)?[.!]?$)",
    re.I,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w.]*\s*\d{1,2})?\s*(?:\([^)]{2,40}\))?\s*[-—–]"
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|according to|added|stated|noted|reported|announced)\b", re.I
)
_OFFICE_BEFORE = re.compile(
    r"\b(?:minist(?:er|ry)|secretary|president|presidency|spokes\w+|government|office|"
    r"embassy|affairs|chancellor|premier|prime minister|king|leader|delegation|mission|"
    r"ambassador|envoy|(?:high )?commissioner|consul|party)\b"
    r"[^.;]{0,70}\bof (?:the )?$",
    re.I,
)
# a person's office after the country: "Japan's minister of defence", "the Kenyan envoy"
_OFFICE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?:minister|ambassador|envoy|(?:high )?commissioner|"
    r"consul|president|prime minister|chancellor|secretary|spokes(?:person|man|woman))\b",
    re.I,
)
_FORMER = re.compile(
    r"\b(?:former|ex-|retired|one-time|onetime|erstwhile|served as|was once)\s+"
    r"(?:[\w-]+\s+){0,4}$",  # "a retired rear admiral of the Indonesian Navy"
    re.I,
)
# the words a text answers ("Comment in connection with the remarks of the minister of X"):
# their genre and their speaker are not the text's
_ANSWERING = (
    r"(?:in connection with|in response to|in reply to|regarding|concerning|on)\s+(?:the\s+)?"
    r"(?:recent\s+)?(?:remarks|statements?|comments|speech|words|interview)"
)
_ANSWERED = re.compile(rf"\b{_ANSWERING}\b[^\n]*", re.I)
_GUEST_BEFORE = re.compile(r"\b(?:to|in|at|with|visit(?:ing|s)?|host\w*)\s+(?:the )?$", re.I)
# a header names the guest or counterpart too: "Toast in honour of President X", "welcoming
# the Prime Minister of Y", "talks with ..."; they are not the one who speaks
_COUNTERPART_BEFORE = re.compile(
    r"\b(?:in hono(?:u)?r of|em honra de|en honor de|en l['’]honneur de|visit of|welcom\w*|"
    r"hosted by|received by|receives|guest of|"
    # a headline's answer to the other side: "Indonesia rejects the statement of ..."
    r"(?:reject|den(?:y|ies|ied)|dismiss|refute|protest|condemn|deplore|critici[sz]e|slam|"
    r"summon|accuse|warn)(?:s|d|ed|es|ing)?|"
    # a comment on the other side's words: "in connection with the remarks of ..."
    rf"{_ANSWERING}|"
    r"(?:meeting|met|meets|talks|call|conversation)\b[^;:]{0,80}?\bwith)\b[^;:]{0,80}$",
    re.I,
)
_HEADER_PARTS = re.compile(r"\s+[-–—|]\s+")
# "translated from the French", "the Arabic original": a language, not a nation
_LANGUAGE_AFTER = re.compile(
    r"^\s*(?:original|text|version|translation|edition|language)\b|^\s*[)\]]|^$"
)
_LANGUAGE_BEFORE = re.compile(r"\b(?:translat\w* from|original in)\s+(?:the\s+)?$", re.I)
_BYLINE_LEAD = re.compile(r"^\s*(?:by|written by)\s+", re.I)
_NAME = re.compile(
    r"\b(?=[^\W\d_])[^\W\d_a-z][\w'’.-]*(?:\s+(?=[^\W\d_])[^\W\d_a-z][\w'’.-]*){0,3}"
)
# the words before a name that make it the document's speaker ("Remarks by", "From:")
_SPEAKER_LEAD = re.compile(
    r"(?:^|\b(?:by|from|of)\b\s*:?|\b(?:interview|conversation)s?\s+with)"
    r"\s*(?:(?:the|h\.?\s?e\.?|his|her|excellency|rt\.?|right|hon\.?|honou?rable|mr\.?|mrs\.?|"
    r"ms\.?|dr\.?)\s+)*$",
    re.I,
)
_STATE_FORM = re.compile(
    r"\b(?:the|of|people['’]s|democratic|popular|republic|kingdom|federal|federated|"
    r"federative|islamic|arab|socialist|united|union|state|states|plurinational|"
    r"bolivarian|sultanate|emirate|principality|grand duchy|commonwealth|"
    # the same words on letterheads in Spanish, Portuguese and French
    r"rep[úu]blica|r[ée]publique|reino|royaume|estado|[ée]tat|de|del|la|le|du|da|do|d['’])"
    r"(?!\w)",
    re.I,
)
# the line names the one who delivers the text: "Address by", "Remarks of", "delivered by"
_DELIVERED_BY = re.compile(
    r"\b(?:address|remarks|speech|statement|keynote|toast|message|lecture)\b[^.;:]{0,30}"
    r"\b(?:by|of)\b|\bdelivered by\b",
    re.I,
)
# a government website in the header: "gov.uk", "www.gov.ie"
_GOV_SITE = re.compile(r"\bgov\.([a-z]{2})\b", re.I)
_INDEPENDENT = re.compile(r"\bindependent\b", re.I)
_FIRST_PERSON_STATE = re.compile(
    r"\b(?:my|our) (?:government|country|nation|people|ministry|side|delegation|position)\b|"
    r"\bwe (?:firmly|strongly|urge|call on|demand|oppose|reject|welcome|propose|reaffirm)\b",
    re.I,
)
_WE = re.compile(r"(?i:\b(?:we|our|ours)\b)|\bus\b")  # not "US"
_PAPER_WE = 3
_ANSWERS_WE = 3  # first-person answer sentences before their names count
_DEBATE = re.compile(rf"\b(?:{_DEBATE_WORDS})\b", re.I)
_SPEAKING_GENRES = {"speech", "statement", "briefing", "interview"}
# a serving official who writes an op-ed speaks for the government
_GOVERNMENT_ROLES = {"head-of-state", "head-of-government", "foreign-minister", "defence-minister"}
_GOVERNMENT_ROLES |= {"ambassador", "spokesperson", "office"}  # office: named by its title


@dataclass
class _Header:
    text: str  # title, notes and the lines above the body
    lines: list[str]
    parts: list[str]  # the lines cut at " - " and " | ": "STATE OF QATAR - MINISTRY OF ..."


_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "to", "at", "by", "de"}
_TITLE_OPENING = re.compile(rf"^\s*{_JOINT_TEXT}", re.I)
# an outside contributor presented ("The author served as ...", "The views are her own")
_OWN_VIEWS = re.compile(
    r"\bviews?\b[^.]{0,40}\b(?:are|is|remain)\s+(?:(?:his|her|their|the author['’]s)\s+)?own\b",
    re.I,
)


def _uncapped(line: str) -> str:
    """An ALL-CAPS header line in title case, so names in it can be found."""
    if sum(c.isupper() for c in line) < 0.8 * sum(c.isalpha() for c in line):
        return line
    words = [w.capitalize() for w in line.replace("İ", "I").lower().split()]
    return " ".join(
        w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words)
    )


def _header(doc: Document) -> _Header:
    first = doc.sentences[0].start if doc.sentences else len(doc.text)
    above = [_uncapped(line.strip()) for line in doc.text[:first].splitlines() if line.strip()]
    lines = [_uncapped(line) for line in (doc.title or "", *doc.notes)]
    lines[1:1] = above
    # a header line segmented as the first body sentence (no final stop, short), or a long
    # title line that opens with its genre ("JOINT COMMUNIQUÉ on the official visit of ...")
    for k, sentence in enumerate(doc.sentences[:2]):
        head = sentence.text
        short = not head.rstrip().endswith((".", "!", "?", '"', "”")) and len(head.split()) <= 25
        if (short and k == 0) or _TITLE_OPENING.match(head):
            lines.append(head)
    if doc.author:
        lines.append(f"By {doc.author}")
    lines = list(dict.fromkeys(line for line in lines if line))
    parts = [part for line in lines for part in _HEADER_PARTS.split(line)]
    return _Header(" \n".join(lines), lines, parts)


_QUOTES = ('"', "“", "'", "‘", "«")


def _labels(sentences: list[Sentence]) -> dict[int, str]:
    """Speaker labels opening a sentence ("Question:", "Mr. Ivanov:"): index -> label."""
    found: dict[int, str] = {}
    for i, s in enumerate(sentences):
        m = _SPEAKER_LABEL.match(s.text)
        # five words at most, besides an affiliation in brackets ("(ODM)", "(Reuters)"), or
        # seven in a transcript's capitals ("MINISTER OF FOREIGN AFFAIRS OF SURINAME"); a
        # name before a quotation that opens the text is its headline ('Ambassador X: "Our
        # quarrels ..."'), not its first turn
        headline = i < 2 and not found and s.text[m.end() :].startswith(_QUOTES) if m else False
        label = _AFFILIATION.sub("", m.group("label")) if m else ""
        longest = 7 if label.isupper() else 5
        if m and len(label.split()) <= longest and not headline:
            found[i] = m.group("label")
    return found


def _askers(sentences: list[Sentence], labels: dict[int, str]) -> set[str]:
    """Labels of those who ask: named so ("Question", "Reporter (AFP)"), or else the one
    label whose turns hold a question far more often than the others' (an outlet's name)."""
    turns: dict[str, list[bool]] = {}
    starts = sorted(labels)
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(sentences)
        asked = any("?" in s.text for s in sentences[i:end])
        turns.setdefault(labels[i], []).append(asked)
    named = {label for label in turns if _ASKER.search(label)}
    share = sorted(
        ((sum(a) / len(a), label) for label, a in turns.items() if not _CHAIR.search(label)),
        reverse=True,
    )
    if not named and len(share) == 2 and share[0][0] >= 0.3:  # an interviewer and a guest
        runner_up = share[1][0] if len(share) > 1 else 0.0
        if share[0][0] >= runner_up + 0.2:
            named.add(share[0][1])
    return named


def _genre(
    doc: Document, header: _Header, labels: dict[int, str], asking: set[str]
) -> tuple[str, list[str]]:
    """The genre and the evidence for it, strongest signal first."""
    evidence: list[str] = []
    own = _ANSWERED.sub(" ", header.text)
    hits = {g: p.search(own) for g, p in _HEADER_CUES}
    askers = sum(label in asking for label in labels.values())
    chairs = sum(bool(_CHAIR.search(label)) for label in labels.values())
    speakers = len(set(labels.values()))
    body = doc.sentences
    vocatives = sum(bool(_VOCATIVE.search(s.text)) for s in body[:3] + body[-3:])
    dateline = bool(body) and bool(_DATELINE.match(body[0].text))
    reporting = sum(bool(_REPORTING.search(s.text)) for s in body) / max(len(body), 1)
    headings = len({s.heading for s in body if s.heading})
    note = any(is_author_note(n) for n in doc.notes) or any(
        is_author_note(s.text) for s in body[-2:]
    )

    def said(genre: str, why: str) -> tuple[str, list[str]]:
        evidence.append(why)
        return genre, evidence

    if hits["joint-statement"]:
        return said("joint-statement", f"header: {hits['joint-statement'].group()!r}")
    debate = hits["speech"] and speakers >= 3 and not (hits["briefing"] or hits["interview"])
    if chairs or debate:
        return said("speech", "speaker labels of a debate")
    if hits["briefing"] or (askers >= 2 and re.search(r"spokes", header.text, re.I)):
        why = hits["briefing"].group() if hits["briefing"] else "questions to a spokesperson"
        return said("briefing", f"header: {why!r}")
    if hits["interview"] or (askers >= 2 and not _DEBATE.search(header.text)):
        # members asking ministers under a "plenary" or "debate" header are a debate's;
        # questions after "Remarks to the Press" are an interview's
        why = hits["interview"].group() if hits["interview"] else "question-and-answer turns"
        return said("interview", f"header: {why!r}")
    if hits["editorial"]:
        return said("editorial", f"header: {hits['editorial'].group()!r}")
    if hits["speech"] or vocatives:
        why = hits["speech"].group() if hits["speech"] else "addresses an audience"
        return said("speech", f"header: {why!r}" if hits["speech"] else why)
    if hits["statement"]:
        return said("statement", f"header: {hits['statement'].group()!r}")
    if note:
        return said("op-ed", "author note")
    if hits["op-ed"]:
        return said("op-ed", f"header: {hits['op-ed'].group()!r}")
    if hits["report"] or headings >= 3:
        return said("report", f"{headings} section headings" if headings >= 3 else "header")
    if dateline or reporting >= 0.25:
        return said("news", "dateline" if dateline else "reporting verbs")
    if doc.is_essay():
        return said("op-ed", "argues in long paragraphs")
    return said("news", "default")


def _speaker(
    header: _Header, dyad: tuple[str, str], date: str | None
) -> tuple[str | None, str | None, str, str]:
    """(speaker, code, evidence, role) named by the header: an office, an official, an outlet.

    ``role`` is the known official's role ("foreign-minister"), else empty.
    """
    best: tuple[int, str, str, str, str] | None = None  # strength, speaker, code, why, role

    def offer(strength: int, speaker: str, code: str, why: str, role: str = "") -> None:
        nonlocal best
        if best is None or strength > best[0]:
            best = (strength, speaker, code, why, role)

    for line in header.parts:
        # the words of a state's formal name ("People's Democratic Republic of") do not
        # count against a letterhead
        letters = sum(c.isalpha() for c in _STATE_FORM.sub("", line))
        for m in gazetteer().find(line):
            before = line[: m.start]
            if _COUNTERPART_BEFORE.search(before):
                continue
            if m.kind == "country" and sum(c.isalpha() for c in m.text) >= 0.85 * letters:
                offer(3, m.text, m.code, f"letterhead: {m.text!r}")  # "Republic of Kenya"
            elif m.kind == "institution" and outlets().find(m.text):
                # a state news agency is also an institution: it publishes, it holds no office
                offer(4, m.text, m.code, f"issuer in header: {m.text!r}", "outlet")
            elif m.kind == "institution":
                serving = not _FORMER.search(before)
                strength = 5 if _delivered_by(before) else 4
                if " " not in m.text.strip() and m.code not in dyad:
                    strength = 1  # a bare "Congress" or "Senate" may be anyone's
                offer(strength, m.text, m.code, f"issuer in header: {m.text!r}", "office" * serving)
            elif m.kind in ("country", "capital") and (office := _OFFICE_BEFORE.search(before)):
                title = _title_phrase(line, office.start(), m.end)
                serving = not _FORMER.search(before[: office.start()])
                # "Address by the President of Kenya" names who speaks, and outranks the
                # venue that issues the text ("Parliament of Uganda")
                strength = 5 if _delivered_by(before[: office.start()]) else 3
                offer(strength, title, m.code, f"office of {m.text} in header", "office" * serving)
            elif m.kind in ("country", "demonym") and (after := _OFFICE_AFTER.match(line[m.end :])):
                if not _FORMER.search(before):
                    title = line[m.start : m.end + after.end()].strip()
                    offer(3, title, m.code, f"{title!r} in header", "office")
            elif m.kind == "demonym" and not (
                _GUEST_BEFORE.search(before)
                or _LANGUAGE_BEFORE.search(before)
                or _LANGUAGE_AFTER.match(line[m.end :])
            ):
                offer(1, line.strip()[:80], m.code, f"{m.text} in header")
        for found in _NAME.finditer(line):
            if _COUNTERPART_BEFORE.search(line[: found.start()]):
                continue
            name = _BYLINE_LEAD.sub("", found.group().rstrip(".'’"))
            term = people().resolve(name, date)
            if term and len(name.split()) >= (1 if term.source == "officials" else 2):
                # named as the one who speaks ("By", "Remarks by", alone on its line), not
                # only mentioned, as a counterpart often is in a readout's title
                lead = _SPEAKER_LEAD.search(line[: found.start() + _name_offset(name, term)])
                # a known official named as the speaker outranks the office's own wording
                strength = (6 if term.source == "officials" else 3) if lead else 2
                why = f"{term.name}: {term.role} of {term.code}"
                offer(strength, term.name, term.code, why, term.role)
        if site := _GOV_SITE.search(line):
            tld = site.group(1).lower()
            code = gazetteer().code_for("gb" if tld == "uk" else tld)  # .uk is GB's domain
            if code in gazetteer().country_codes:
                offer(3, site.group(), code, f"government site {site.group()!r}")
        for outlet in outlets().find(line):
            why = f"{outlet.name}: {outlet.ownership} media"
            offer(2, outlet.name, outlet.code, why, "outlet")
    if best is None:
        return None, None, "", ""
    return best[1], best[2], best[3], best[4]


def _name_offset(found: str, term: Term) -> int:
    """Where the person's name starts in a capitalised run, past words that are no title
    ("After Viktor Orbán's visit": 6), so that only the words before the name lead to it."""
    lowered = found.lower()
    at = min((k for w in term.name.lower().split() if (k := lowered.find(w)) >= 0), default=0)
    return 0 if not found[:at].strip() or is_title(found[:at]) else at


def _letterhead(header: _Header, office: str | None) -> bool:
    """The office is a header line of its own, not a headline's subject ("Iran's envoy ...")."""

    def letters(text: str) -> int:
        return sum(c.isalpha() for c in text)

    if not office:
        return False
    return any(office in part and letters(office) >= 0.6 * letters(part) for part in header.parts)


def _delivered_by(before: str) -> bool:
    """The line says whose text it is and names them next: "Address by the President of"."""
    return bool(_DELIVERED_BY.search(before) and _SPEAKER_LEAD.search(before))


def _outside_writer(doc: Document) -> bool:
    """The text presents its writer as an outside contributor ("The author is a professor
    at ...", "The views are her own"), in a note or in its first or last lines."""
    lines = [*doc.notes, *(s.text for s in doc.sentences[:3] + doc.sentences[-2:])]
    return any(is_author_note(line) or _OWN_VIEWS.search(line) for line in lines)


def _title_phrase(line: str, office_at: int, end: int) -> str:
    """The office's name: capitalised words before the office word, up to the country."""
    prefix = line[:office_at].rstrip()
    words = prefix.split()
    keep = 0
    while keep < len(words) and words[-1 - keep][:1].isupper():
        keep += 1
    start = len(prefix) - len(" ".join(words[len(words) - keep :])) if keep else office_at
    return line[start:end].strip()


# a transcript's opening label with a title in it, which the speaker-label pattern leaves out
_TITLED_LABEL = re.compile(r"^\s*([A-Z][^:.!?]{3,90}?)\s*:\s")


def _introduction(doc: Document, labels: dict[int, str]) -> list[Sentence]:
    """The sentences before a transcript's first label, or the first two."""
    end = min(labels) if labels else 2
    return doc.sentences[: max(end, 1)]


def _introduced(doc: Document, labels: dict[int, str]) -> tuple[str | None, str | None, str]:
    """The official an introduction presents ("Thailand's foreign minister sat down with ...")."""
    if doc.sentences and (label := _TITLED_LABEL.match(doc.sentences[0].text)):
        # "Minister for Foreign Affairs MARIA MALMER STENERGARD (M): Mr Speaker, ..."
        term = people().resolve(label.group(1), doc.date)
        if term:
            return term.name, term.code, f"speaker label: {term.name}, {term.role} of {term.code}"
    for sentence in _introduction(doc, labels):
        if _VOCATIVE.search(sentence.text) or _HOST.search(sentence.text):
            continue  # "Excellency, Prime Minister of X, welcome": the one addressed
        for m in sentence.actors:
            if m.kind == "person" or (
                m.kind == "institution" and gazetteer().is_person_title(m.text)
            ):
                return m.text, m.code, f"introduced: {m.text!r}"
    return None, None, ""


# where a speaker stands: the host welcomes ("welcome to Baghdad"), the guest has come ("it is
# a pleasure to be in Cotonou", "I have come to Seoul", "my first visit to Lima")
_PLACE = r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:de\s+|of\s+)?[A-Z][\w'’-]+){0,3})"
_HOST = re.compile(rf"\bwelcome (?:back )?(?:you )?to (?:the )?{_PLACE}")
_GUEST = re.compile(
    r"\b(?:(?:pleasure|honou?r|privilege|joy|happy|glad|delighted|good|great) to be (?:here )?"
    r"(?:back )?in|I (?:have )?(?:come|travelled|traveled|returned) (?:back )?to|"
    rf"(?:my|our|this) (?:first |official |state |working )?visit to) (?:the )?{_PLACE}"
)


def _host_or_guest(doc: Document, dyad: tuple[str, str]) -> tuple[str | None, str]:
    """The party a speech's opening places its speaker in: the host, or the guest's own."""
    for sentence in doc.sentences[:4]:
        text = _QUOTED.sub(" ", sentence.text)
        for pattern, guest in ((_HOST, False), (_GUEST, True)):
            m = pattern.search(text)
            code = place_code(m.group("place")) if m else None
            if m and code in dyad:
                party = next(c for c in dyad if c != code) if guest else code
                role = "a guest in" if guest else "the host of"
                return party, f"the speaker is {role} {m.group('place').strip()!r}"
    return None, ""


_OFFICE_WORD = re.compile(
    r"\b(?:minister|ambassador|spokes(?:person|man|woman)|secretary of state|president|"
    r"prime minister|envoy)\b",
    re.I,
)


def _unnamed_official(doc: Document, labels: dict[int, str]) -> bool:
    """The introduction presents an office and no country ("the deputy minister")."""
    return any(_OFFICE_WORD.search(s.text) and not s.actors for s in _introduction(doc, labels))


def _only_a_date(text: str) -> bool:
    """Whether ``text`` is a date and nothing else ("20 September 2025", "Sept. 4")."""
    words = [w for w in re.split(r"[\s,./-]+", text) if w]
    return bool(words) and all(
        (w.isdigit() and len(w) <= 4) or w.lower() in MONTHS or w.lower() in WEEKDAYS for w in words
    )


def _masthead_city(header: _Header, dyad: tuple[str, str]) -> tuple[str, str] | None:
    """A party's capital or city standing alone in an editorial's header ("Niamey",
    "Budapest, 20 September 2025"): where an outlet unknown to us is published."""
    for part in header.parts:
        place, _, rest = (p.strip() for p in part.partition(","))
        if rest and not _only_a_date(rest):
            continue  # a headline ("Lagos, where the bills fall due"), not a masthead
        capital = [
            m.code for m in gazetteer().find(place) if m.kind == "capital" and m.text == place
        ]
        code = capital[0] if capital else cities().code_of(place)
        if code in dyad:
            return code, place
    return None


def _first_person_party(
    doc: Document, dyad: tuple[str, str], home: str | None = None
) -> str | None:
    """The party a first-person writer speaks for (see :func:`writer_voice`); ``home`` is
    the party of the paper's masthead city, which a paper's "our government" is."""
    own = [_QUOTED.sub(" ", s.text) for s in doc.sentences]
    speaks_as_state = sum(bool(_FIRST_PERSON_STATE.search(t)) for t in own) >= 2
    if home and (speaks_as_state or sum(len(_WE.findall(t)) for t in own) >= _PAPER_WE):
        # before counting names: the other party may go unnamed ("a neighbour of ours").
        # In our corpus a state paper of a named city says we/our/us 4 to 16 times, an
        # independent one once.
        return home
    code = writer_voice(doc, dyad)
    if code != AUTHOR:
        return code
    if not speaks_as_state:
        return None
    named: Counter[str] = Counter({c: 0 for c in dyad})
    for s, t in zip(doc.sentences, own, strict=True):
        if _FIRST_PERSON_STATE.search(t):
            named.update(m.code for m in s.actors if m.code in dyad)
    # a first-person writer names the other party; its own country is "we"
    ranked = named.most_common()
    if ranked[0][1] > ranked[-1][1]:
        return ranked[-1][0]
    return None


@stages.register("crossroads.voice.v1")
class VoiceStage:
    """Decide each document's genre, speaker and party, and each transcript turn's party."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        dyad = ctx.dyad
        header = _header(doc)
        labels = _labels(doc.sentences)
        asking = _askers(doc.sentences, labels)
        genre, evidence = _genre(doc, header, labels, asking)
        declared_genre = ctx.options.get("genre") or doc.declared.get("genre")
        if declared_genre in GENRES:
            genre, evidence = declared_genre, ["declared genre"]
        if genre == "speech":
            # a debate's members ask the ministers, but for their country, not as reporters:
            # a party affiliation after a name ("(BNP)") is no outlet's
            asking = set()
        speaker, code, why, role = _speaker(header, dyad, doc.date)
        if (
            genre == "op-ed"
            and role == "outlet"
            and declared_genre not in GENRES
            and not _outside_writer(doc)
        ):
            # a state outlet's own commentary, by its staff or a pen name: its house voice
            genre = "editorial"
            evidence.append(f"{speaker}'s own commentary (no outside writer presented)")
        if (
            genre == "news"
            and evidence[-1] in ("reporting verbs", "default")
            and role == "office"
            and declared_genre not in GENRES
            and _letterhead(header, speaker)
        ):
            # a ministry's letterhead over third-person prose: its press release
            genre = "statement"
            evidence.append(f"published by {speaker}")
        outlet = (speaker, code) if role == "outlet" else None
        if genre in _SPEAKING_GENRES and role == "outlet":
            # the outlet publishes an interview or a transcript; the one it presents speaks
            speaker, code, why = None, None, ""
        if code is None and genre == "speech":
            code, why = _host_or_guest(doc, dyad)
        if code is None and genre in ("interview", "briefing"):
            speaker, code, why = _presented_answerer(doc, header, labels, asking, dyad)
        if code is None and genre in _SPEAKING_GENRES:
            speaker, code, why = _introduced(doc, labels)
        if code is None and genre == "interview":
            speaker, code, why = _answerer(labels, asking, dyad, doc.date)
        if code is None and genre == "interview":
            code, why = _answers_party(doc, labels, asking, dyad)
        if code is None and genre == "interview" and outlet and _unnamed_official(doc, labels):
            # a national outlet's guest named only by office ("a deputy minister of foreign
            # affairs came to our studio") holds that office in the outlet's country
            code, why = outlet[1], f"an official presented by {outlet[0]} without a country"
        party = AUTHOR
        if genre not in _SPEAKING_GENRES and genre != "editorial":
            speaker = doc.author
        if genre == "editorial" and role not in ("", "office", "outlet"):
            code = None  # an official named in an editorial's header is its subject
        if genre in _SPEAKING_GENRES or genre == "editorial":
            if code:
                party = code
                evidence.append(why)
            else:
                # an independent paper's "we" is the paper
                paper = independent_masthead(header.parts) if genre == "editorial" else None
                independent = paper or (genre == "editorial" and _INDEPENDENT.search(header.text))
                if paper:
                    evidence.append(f"{paper}: an independent paper")
                city = _masthead_city(header, dyad) if genre == "editorial" else None
                home = city[0] if city else None
                first = None if independent else _first_person_party(doc, dyad, home)
                if first and first == home and city:
                    party = first
                    evidence.append(f"first-person voice of a paper of {city[1]}")
                elif first:
                    party = first
                    evidence.append("first-person voice names the other party")
        elif genre == "op-ed" and code and role in _GOVERNMENT_ROLES:
            party = code  # an op-ed by a serving official speaks for the government
            evidence.append(why)
        if genre in ("interview", "briefing") and _both_parties_answer(labels, asking, dyad, doc):
            # a joint press conference: each principal answers for their own side, and the
            # transcript as a whole is no one side's (the guide: voice `author`)
            genre, party = "briefing", AUTHOR
            evidence.append("principals of both parties answer: a joint press conference")
        declared = ctx.options.get("voice") or doc.declared.get("voice")
        if declared:
            party, evidence = str(declared), [*evidence, "declared voice"]
        doc.voice = Voice(genre=genre, speaker=speaker, party=party, evidence="; ".join(evidence))
        _assign_turns(doc, labels, asking, party, genre)
        return doc


def _answerer(
    labels: dict[int, str], askers: set[str], dyad: tuple[str, str], date: str | None
) -> tuple[str | None, str | None, str]:
    """The name, party and evidence of the one known official of a party who answers an
    interview's questions ("MUDAVADI:"); all None and "" when none or several do."""
    terms = {
        term.name: term
        for label in set(labels.values())
        if label not in askers and (term := people().resolve(label, date)) and term.code in dyad
    }
    if len(terms) != 1:
        return None, None, ""
    (term,) = terms.values()
    return term.name, term.code, f"answers as {term.name}: {term.role} of {term.code}"


def _answers_party(
    doc: Document, labels: dict[int, str], askers: set[str], dyad: tuple[str, str]
) -> tuple[str | None, str]:
    """The party whose official answers, from the answers' first person: one who says "we"
    names the other party ("we delivered a note to the embassy of X") and not their own.
    For a guest no list of officials or header names ("the vice minister")."""
    named: Counter[str] = Counter({c: 0 for c in dyad})
    first_person = 0
    label = None
    for i, sentence in enumerate(doc.sentences):
        label = labels.get(i, label)
        if label is None or label in askers or _CHAIR.search(label):
            continue
        text = _QUOTED.sub(" ", sentence.text)
        if _WE.search(text):
            first_person += 1
            named.update(m.code for m in sentence.actors if m.code in dyad)
    (_, most), (least, fewest) = named.most_common()[0], named.most_common()[-1]
    if first_person >= _ANSWERS_WE and most > fewest and most >= 2:
        return least, "the answers' first person names the other party"
    return None, ""


def _presented_answerer(
    doc: Document, header: _Header, labels: dict[int, str], askers: set[str], dyad: tuple[str, str]
) -> tuple[str | None, str | None, str]:
    """The party of the one who answers, from the office the header or introduction gives
    the name on their label: "Vanuatu's High Commissioner to Fiji, Leisel Molisa, ..." and
    then "Molisa: ..."; the guest need not be in any list of officials."""
    answering = {
        name
        for label in set(labels.values())
        if label not in askers and not _CHAIR.search(label) and not _ANSWERER.search(label)
        if len(name := _AFFILIATION.sub("", label).strip()) > 2
    }
    lines = [*header.lines, *(s.text for s in _introduction(doc, labels))]
    found: dict[str, tuple[str, str]] = {}  # answerer -> (code, office)
    for name in answering:
        for line in lines:
            at = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", line)]
            offices = [
                m
                for m in gazetteer().find(line)
                if m.kind == "institution"
                and m.code in dyad
                and gazetteer().has_title_word(m.text)
                and not _FORMER.search(line[: m.start])
            ]
            if at and offices:
                # the office next to the name, not another official the line mentions
                near = min(offices, key=lambda m: min(abs(m.start - k) for k in at))
                found.setdefault(name, (near.code, near.text))
    if len({code for code, _ in found.values()}) != 1:
        return None, None, ""
    name, (code, office) = next(iter(found.items()))
    return name, code, f"answers as {name}, introduced as {office!r}"


def _both_parties_answer(
    labels: dict[int, str], askers: set[str], dyad: tuple[str, str], doc: Document
) -> bool:
    """Whether turns of the transcript are answered by officials of each party."""
    speaking = set()
    for label in set(labels.values()) - askers:
        if term := people().resolve(label, doc.date):
            speaking.add(term.code)
        elif gazetteer().has_title_word(label):
            # an office with its country: "MINISTER OF FOREIGN AFFAIRS OF SURINAME"
            found = gazetteer().find(_uncapped(label))
            speaking.update(m.code for m in found if m.kind == "institution")
    return set(dyad) <= speaking


def _assign_turns(
    doc: Document, labels: dict[int, str], askers: set[str], party: str, genre: str
) -> None:
    """Each sentence's writer voice: the turn's speaker in a transcript, else the document's.

    An interview's lines before its first turn are the outlet's introduction ("We spoke to
    the minister in her office"), not the answers: the writer's.
    """
    turn = AUTHOR if genre == "interview" and labels else party
    for i, sentence in enumerate(doc.sentences):
        if i in labels:
            label = labels[i]
            turn = AUTHOR if label in askers else _turn_party(label, party, doc.date)
        sentence.turn = turn


def _turn_party(label: str, party: str, date: str | None) -> str:
    if _CHAIR.search(label):
        return AUTHOR
    if _ANSWERER.search(label):
        return party
    term = people().resolve(label, date)
    if term:
        return term.code
    found = [m.code for m in gazetteer().find(_uncapped(label))]
    return found[0] if found else party
