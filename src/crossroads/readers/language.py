"""The language a document is written in, with py3langid (offline, deterministic, small).

Every later stage reads English: its lexicons, its spaCy model and its learned weights are
English ones. A text in another language would get labels that mean nothing, so the reader
tells which language a text is in, and the pipeline skips a document that is not English.
"""

from __future__ import annotations

import functools
from typing import Any

ENGLISH = "en"
# A sample is enough to tell a language, and keeps detection cheap on long documents.
_SAMPLE_CHARS = 20_000
# Fewer letters than this say too little to tell a language; such texts pass as English.
_MIN_LETTERS = 40
# Below this probability the guess is left open rather than refusing a document.
_MIN_CONFIDENCE = 0.5


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language a text is written in.

    Args:
        text: Normalised text (its first 20,000 characters are looked at).

    Returns:
        A code such as ``"en"``, ``"fr"`` or ``"zh"``; ``None`` when the text is too short
        or too mixed for a confident answer.
    """
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= _MIN_CONFIDENCE else None


def language_name(code: str) -> str:
    """The English name of a language code (``"fr"`` -> ``"French"``), else the code."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return str(found.name) if found is not None else code
