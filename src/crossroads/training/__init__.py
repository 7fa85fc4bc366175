"""Training of the learned stages on the labelled corpus (``training/corpus``)."""
