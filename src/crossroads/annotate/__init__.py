"""Annotation stages: each fills one concern of the sentences or the document."""
