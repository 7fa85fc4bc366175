"""Learned decisions: small models over sentence embeddings and rule signals.

``signals`` turns an annotated sentence into a feature vector (its MiniLM embedding, its
paragraph's, the lexicon and rule scores, who is named, the document's voice);
``weights`` loads and saves the models shipped in ``data/models``; ``stages`` registers the
``v2`` stages that decide issue, valence, frames and recommendation with a confidence.
"""
