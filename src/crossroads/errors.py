"""Named failures. Each carries the file or argument it is about and a one-line reason."""

from __future__ import annotations


class CrossroadsError(Exception):
    """Base of every error Crossroads reports to a user."""

    def __init__(self, subject: str, problem: str) -> None:
        super().__init__(f"{subject}: {problem}")
        self.subject = subject
        self.problem = problem


class ReadError(CrossroadsError):
    """A source could not be read into text (missing, binary, empty, no text layer...)."""


class NoDocument(CrossroadsError):
    """A source was read but holds no body text to analyse."""


class UnsupportedLanguage(CrossroadsError):
    """A source is written in a language the stages cannot read (they read English)."""


class UnknownCountry(CrossroadsError):
    """A country name or code that the gazetteer does not know."""


class UnknownStage(CrossroadsError):
    """A configuration names a stage that is not registered."""


class TaxonomyError(CrossroadsError):
    """An issue taxonomy file is missing or malformed."""


class WeightsError(CrossroadsError):
    """A learned stage's weights file is missing, corrupt or made for another taxonomy."""
