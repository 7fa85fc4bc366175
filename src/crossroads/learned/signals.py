"""Features of one sentence for the learned stages: embeddings plus rule signals.

The rules do not decide here; their scores are features beside the MiniLM embedding of
the sentence and of its neighbours in the paragraph. The two parties are marked rather than
named (``party_a_named``, ``third_named``), so a model learnt on some pairs carries to others.

The detected genre is not a feature. Held out by genre, its one-hot column is set only by
the few documents of other genres that the voice stage misreads, so a model learns the
held-out genre from those: the perspective trees fell from .760 to .689 with it (news
.591 to .443), while grouped by pair they gained (.802 to .820). The voice (who speaks, for
whom) carries what the genre would, and holds on genres the model has not seen.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from crossroads.annotate.frames import FrameTagger
from crossroads.annotate.issues import IssueClassifier
from crossroads.annotate.perspective import BASES, rule_basis, subject_party
from crossroads.annotate.recommendation import RecommendationDetector
from crossroads.annotate.taxonomy import default_taxonomy
from crossroads.annotate.valence import ValenceClassifier, _Reading, _side_scores
from crossroads.context import Context
from crossroads.model import AUTHOR, FRAMES, VALENCES, Document, Sentence
from crossroads.models import encode_sentences

EMBEDDING_DIM = 384


@lru_cache(maxsize=1)
def _valence() -> ValenceClassifier:
    return ValenceClassifier()


@lru_cache(maxsize=1)
def rule_frames() -> FrameTagger:
    """The rules' frame lexicon, loaded once."""
    return FrameTagger()


@lru_cache(maxsize=1)
def _recommendation() -> RecommendationDetector:
    return RecommendationDetector()


def signal_names(issue_ids: list[str]) -> list[str]:
    """The names of the rule features, in the order :func:`sentence_signals` gives them."""
    return [
        *(f"issue_cue:{i}" for i in issue_ids),
        "valence_critical",
        "valence_cooperative",
        "valence_critical_negated",
        "valence_cooperative_negated",
        *(f"frame_cue:{f}" for f in FRAMES),
        "recommendation_cue",
        "party_a_named",
        "party_b_named",
        "both_named",
        "third_named",
        "organisation_named",
        "voice_is_author",
        "voice_is_party",
        "perspective_is_author",
        "perspective_is_party",
        "perspective_is_other",
        "quoted",
        "question",
        "first_sentence",
        *(f"rule_issue:{i}" for i in issue_ids),
        *(f"rule_valence:{v}" for v in VALENCES),
        *(f"rule_frame:{f}" for f in FRAMES),
        "rule_recommendation",
    ]


def document_features(doc: Document, ctx: Context) -> np.ndarray:
    """One row per sentence: own embedding, paragraph-context embedding, rule signals."""
    sentences = doc.sentences
    if not sentences:
        return np.zeros((0, 2 * EMBEDDING_DIM + len(signal_names(default_taxonomy().ids))))
    missing = [i for i, s in enumerate(sentences) if s.embedding is None]
    if missing:
        vectors = encode_sentences([sentences[i] for i in missing], ctx.dyad)
        for i, v in zip(missing, vectors, strict=True):
            sentences[i].embedding = v
    own = np.stack([np.asarray(s.embedding, dtype=np.float32) for s in sentences])
    context = np.zeros_like(own)
    for i, s in enumerate(sentences):
        near = [
            own[j]
            for j in (i - 1, i + 1)
            if 0 <= j < len(sentences) and sentences[j].paragraph == s.paragraph
        ]
        if s.heading is None and not near and i > 0:
            near = [own[i - 1]]
        context[i] = np.mean(near, axis=0) if near else own[i]
    rules = np.array([sentence_signals(doc, i, ctx) for i in range(len(sentences))])
    return np.hstack([own, context, rules, rule_decisions(doc, ctx)]).astype(np.float32)


def document_context(rows: np.ndarray) -> np.ndarray:
    """The document's mean sentence embedding, repeated for each of its feature ``rows``.

    The issue model reads it beside the sentence: a short line ("Talks resume on Monday")
    belongs to the topic of the document around it. Held out by genre it raised issue
    accuracy by one point and by pair by one and a half; the other tasks lost a little
    with it, so only the issue model reads it (README, "Learned stages").
    """
    if not len(rows):
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    mean = rows[:, :EMBEDDING_DIM].mean(axis=0, dtype=np.float32)
    return np.tile(mean, (len(rows), 1))


def rule_decisions(doc: Document, ctx: Context) -> np.ndarray:
    """The v1 rules' own labels, one-hot: the learned stages learn when to trust them.

    Computed here, whatever stages ran before, so that training (after the rule stages) and
    run time (where a learned stage replaces its rule stage) see the same features. The
    issue rules run on the default taxonomy (the one the models learnt) and the sentences'
    own issue labels are left as they were.
    """
    taxonomy = default_taxonomy()
    ids = list(taxonomy.ids)
    kept = [(s.issue, s.issue_scores, dict(s.cues)) for s in doc.sentences]
    IssueClassifier()(doc, replace(ctx, taxonomy=taxonomy))
    rule_issues = [s.issue for s in doc.sentences]
    for s, (issue, scores, cues) in zip(doc.sentences, kept, strict=True):
        s.issue, s.issue_scores, s.cues = issue, scores, cues
    recommend, frames, valence = _recommendation(), rule_frames(), _valence()
    rows = []
    for s, rule_issue in zip(doc.sentences, rule_issues, strict=True):
        rec = recommend.detect(s.text)[0]
        val = valence.classify(s.text, s.parse, s.actors, ctx.dyad, rec)[0]
        tagged = set(frames.tag(s.text)[0])
        rows.append(
            [float(rule_issue == i) for i in ids]
            + [float(val == v) for v in VALENCES]
            + [float(f in tagged) for f in FRAMES]
            + [float(rec)]
        )
    return np.array(rows, dtype=np.float32)


def sentence_signals(doc: Document, index: int, ctx: Context) -> list[float]:
    """The rule features of sentence ``index`` (see :func:`signal_names`)."""
    s = doc.sentences[index]
    taxonomy = default_taxonomy()  # the models' taxonomy, whatever the run's
    a, b = ctx.dyad
    issue_cues = [min(issue.cues.score(s.text)[0], 6.0) for issue in taxonomy.issues]
    valence = _valence()
    reading = _Reading(s.parse, s.actors, ctx.dyad) if s.parse is not None else None
    crit, crit_neg, _ = _side_scores(s.text, valence.critical, reading)
    coop, coop_neg, _ = _side_scores(s.text, valence.cooperative, reading, True)
    codes = {m.code for m in s.actors}
    kinds = {m.kind for m in s.actors}
    voice = doc.voice.party if doc.voice else AUTHOR
    return [
        *issue_cues,
        min(crit, 6.0),
        min(coop, 6.0),
        min(crit_neg, 6.0),
        min(coop_neg, 6.0),
        *(min(rule_frames().cues[f].score(s.text)[0], 3.0) for f in FRAMES),
        min(_recommendation().cues.score(s.text)[0], 3.0),
        float(a in codes),
        float(b in codes),
        float(a in codes and b in codes),
        float(bool(codes - {a, b}) and "organisation" not in kinds),
        float("organisation" in kinds),
        float((s.turn or voice) == AUTHOR),
        float((s.turn or voice) in (a, b)),
        float(s.perspective == AUTHOR),
        float(s.perspective in (a, b)),
        float(s.perspective not in (AUTHOR, a, b)),
        float(s.quoted),
        float(s.text.rstrip().endswith("?")),
        float(index == 0),
    ]


# --- perspective -------------------------------------------------------------------------

PERSPECTIVE_CLASSES = ["author", "party_a", "party_b", "third"]
_FIRST_PERSON = frozenset({"we", "our", "us", "ours", "i", "my", "me"})
_MODALS = frozenset({"would", "should", "must", "could", "might", "will", "shall", "cannot"})
_DIGITS = re.compile(r"\d")
_QUOTE_MARK = re.compile(r"[\"“”]")
_WORDS = re.compile(r"[a-z]+")


def perspective_signal_names() -> list[str]:
    """The names of :func:`perspective_features` columns."""
    party = [
        "rule",
        "voice",
        "turn",
        "named",
        "named_first",
        "named_count",
        "prev_rule",
        "next_rule",
        "prev_named",
        "prev_rule_same_paragraph",
        "doc_share",
        "in_speaker",
        "in_content",
    ]
    return [
        *(f"a:{n}" for n in party),
        *(f"b:{n}" for n in party),
        "rule_author",
        "rule_third",
        *(f"basis:{b}" for b in BASES),
        "voice_author",
        "turn_author",
        "prev_rule_author",
        "next_rule_author",
        "third_named",
        "organisation_named",
        "first_person",
        "quoted",
        "question",
        "first_sentence",
        "new_paragraph",
        "position",
        "a:subject",
        "b:subject",
        "digits",
        "modal",
        "quotation_inside",
        "length",
    ]


def _party_block(doc: Document, i: int, code: str, rules: list[str]) -> list[float]:
    s = doc.sentences[i]
    voice = doc.voice.party if doc.voice else AUTHOR
    mentions = sorted(s.actors, key=lambda m: m.start)
    prev = doc.sentences[i - 1] if i > 0 else None
    same_paragraph = prev is not None and prev.paragraph == s.paragraph
    # Where the party is named: in the speaker's own words ("a trader at a Zambian
    # cooperative said") or in what they report ("... Malawian buyers"). Held out, the
    # trees' carried views rose .791 -> .802 by genre and .848 -> .854 by pair with them.
    speaker = s.cues.get("speaker", "")
    at = s.text.find(speaker) if speaker else -1
    own: set[str] = set()
    reported: set[str] = set()
    for m in mentions if at >= 0 else []:
        (own if at <= m.start and m.end <= at + len(speaker) else reported).add(m.code)
    return [
        float(rules[i] == code),
        float(voice == code),
        float((s.turn or voice) == code),
        float(any(m.code == code for m in mentions)),
        float(bool(mentions) and mentions[0].code == code),
        min(sum(m.code == code for m in mentions), 3) / 3,
        float(i > 0 and rules[i - 1] == code),
        float(i + 1 < len(rules) and rules[i + 1] == code),
        float(prev is not None and any(m.code == code for m in prev.actors)),
        float(same_paragraph and rules[i - 1] == code),
        sum(r == code for r in rules) / len(rules),
        float(code in own),
        float(code in reported),
    ]


def perspective_features(doc: Document, ctx: Context, swap: bool = False) -> np.ndarray:
    """One row per sentence for the perspective fallback, after the v1 rules have run.

    Rule signals only: which decision the rules took and on what basis, who the voice and
    the neighbours' voices are, who is named. The two parties get one block of columns
    each, so ``swap=True`` (party B's block first) gives the mirror image used to make the
    model treat both parties alike.
    """
    sentences = doc.sentences
    width = len(perspective_signal_names())
    if not sentences:
        return np.zeros((0, width), dtype=np.float32)
    a, b = ctx.dyad[::-1] if swap else ctx.dyad
    rules = [s.perspective for s in sentences]
    voice = doc.voice.party if doc.voice else AUTHOR
    rows = []
    for i, s in enumerate(sentences):
        codes = {m.code for m in s.actors}
        basis = rule_basis(s)
        words = set(_WORDS.findall(s.text.lower()))
        subject = subject_party(s, (a, b))
        rows.append(
            [
                *_party_block(doc, i, a, rules),
                *_party_block(doc, i, b, rules),
                float(rules[i] == AUTHOR),
                float(rules[i] not in (AUTHOR, a, b)),
                *(float(basis == k) for k in BASES),
                float(voice == AUTHOR),
                float(s.turn == AUTHOR),  # a transcript's question turn: the interviewer
                float(i > 0 and rules[i - 1] == AUTHOR),
                float(i + 1 < len(rules) and rules[i + 1] == AUTHOR),
                float(bool(codes - {a, b})),
                float(any(m.kind == "organisation" for m in s.actors)),
                float(bool(words & _FIRST_PERSON)),
                float(s.quoted),
                float(s.text.rstrip().endswith("?")),
                float(i == 0),
                float(i == 0 or sentences[i - 1].paragraph != s.paragraph),
                i / len(sentences),
                # what tells a told fact from a view carried on: a party as the subject
                # (its act), figures and dates, a modal, quoted words, the length
                float(subject == a),
                float(subject == b),
                float(bool(_DIGITS.search(s.text))),
                float(bool(words & _MODALS)),
                float(bool(_QUOTE_MARK.search(s.text[1:]))),
                min(len(s.text.split()), 60) / 60,
            ]
        )
    return np.array(rows, dtype=np.float32)


# The rule bases the trees decide; elsewhere the rules' answer stands. Held out by genre,
# per basis (rules → trees): a carried view .693 → .780 and a generic group .506 → .659,
# but an attributed view .838 → .815, the writer .851 → .844 and an untied speaker
# .696 → .690. Deciding only these two gave .803 against the rules' .788 and the trees'
# .795, and held-out news .720 where the trees everywhere fell to .677. The untied speaker
# the rules give to the party last heard (right a third of the time) they decide too:
# .838 → .840 by genre, .844 → .847 by pair, no genre lower (stop 31).
UNSURE_BASES = frozenset({"carry", "group", "last-voice"})


def trees_decide(basis: str) -> bool:
    """Whether the perspective trees, not the rules, decide a sentence of this rule basis."""
    return basis in UNSURE_BASES


def perspective_class(code: str, dyad: tuple[str, str]) -> str:
    """The class a perspective code falls in, relative to the dyad."""
    if code == AUTHOR:
        return "author"
    if code in dyad:
        return "party_a" if code == dyad[0] else "party_b"
    return "third"


def perspective_code(label: str, dyad: tuple[str, str], rule: str, thirds: list[str]) -> str:
    """The code a predicted class stands for: a third party is the rules' choice if they
    chose one, else the first other actor the sentence names, else the rules' answer."""
    if label == "author":
        return AUTHOR
    if label in ("party_a", "party_b"):
        return dyad[label == "party_b"]
    if rule not in (AUTHOR, *dyad):
        return rule
    return thirds[0] if thirds else rule


def third_parties(sentence: Sentence, dyad: tuple[str, str]) -> list[str]:
    """The other actors a sentence names, in order of appearance."""
    found = sorted(sentence.actors, key=lambda m: m.start)
    return list(dict.fromkeys(m.code for m in found if m.code not in dyad))


# The learned event review decides, per sentence, which CAMEO roots happen between the two
# parties; the rule coder's candidates are among its features.
EVENT_ROOTS = tuple(f"{r:02d}" for r in range(1, 21))
EVENT_SOURCES = ("verb", "statement", "writer")
# A rule proposal stays down to this share of its root's threshold. Held out by genre and by
# pair, .25 and .5 score alike (.338/.343 and .337/.346); on the open gold's real texts .25
# drops fewer true events (.528 against .496), so the review leans to keeping.
KEEP_SHARE = 0.25
MAX_ROOTS = 2  # roots the review adds to one sentence, at most


def event_source(trigger: str) -> str:
    """Which rule coded an event: a verb's frame, an attributed statement, or the writer."""
    if trigger.startswith("statement:"):
        return "statement"
    if trigger.startswith("the writer speaks for"):
        return "writer"
    return "verb"


def event_signal_names() -> list[str]:
    """The names of the columns :func:`event_candidates` gives."""
    return [
        *(f"candidate_root:{r}" for r in EVENT_ROOTS),
        *(f"candidate_source:{s}" for s in EVENT_SOURCES),
        "third_party_event",
    ]


def event_candidates(doc: Document, ctx: Context) -> np.ndarray:
    """Per sentence, the rule coder's events between the two parties (roots, sources)."""
    index = {s.id: i for i, s in enumerate(doc.sentences)}
    rows = np.zeros((len(doc.sentences), len(event_signal_names())), dtype=np.float32)
    pair = set(ctx.dyad)
    for e in doc.events:
        i = index.get(e.sentence_id)
        if i is None:
            continue
        if {e.actor1, e.actor2} != pair:
            rows[i, -1] = 1.0
            continue
        if e.cameo[:2] in EVENT_ROOTS:
            rows[i, EVENT_ROOTS.index(e.cameo[:2])] = 1.0
        rows[i, len(EVENT_ROOTS) + EVENT_SOURCES.index(event_source(e.trigger))] = 1.0
    return rows


def decide_roots(p: np.ndarray, candidates: set[int], emit: np.ndarray) -> set[int]:
    """The roots a sentence's events between the parties take, from the model's ``p``.

    A rule candidate stays unless the model gives its root less than ``KEEP_SHARE`` of its emit
    threshold; a root the rules missed is added when the model clears the threshold (at
    most ``MAX_ROOTS`` per sentence, the likeliest first).
    """
    kept = {k for k in candidates if p[k] >= KEEP_SHARE * emit[k]}
    over = [int(k) for k in np.argsort(-p) if p[k] >= emit[k]][:MAX_ROOTS]
    return kept | set(over)


# A frame the rules' lexicon finds stays unless the model gives it less than this. Our
# corpus tags half a frame per sentence; readers labelling from the contract alone tag about
# one (the open gold: 1.04), so the model, fitted to our sparser labels, misses grounds that
# the lexicon sees. Held out, keeping them costs little (README, "Learned stages").
FRAMES_RULE_FLOOR = 0.1


def decide_frames(p: np.ndarray, rules: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """Which frames a sentence takes (a 0/1 row in ``FRAMES`` order), from the model's ``p``,
    its per-frame thresholds ``cut`` and the frames the rules tagged (``rules``, 0/1)."""
    return ((p >= cut) | ((rules > 0) & (p >= FRAMES_RULE_FLOOR))).astype(float)
