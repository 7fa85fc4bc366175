"""Turn the many ways sources write a date into ISO dates, as precise as known."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s])")
_PDF = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_MONTH_YEAR = re.compile(r"^\s*[A-Za-z]+\.?\s+\d{4}\s*$")


def _iso_from_parts(year: str, month: str | None, day: str | None) -> str | None:
    """Build an ISO date from its parts, checking that they make a real date."""
    try:
        if month is None:
            return f"{int(year):04d}"
        if day is None:
            dt.date(int(year), int(month), 1)
            return f"{int(year):04d}-{int(month):02d}"
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def to_iso_date(value: object) -> str | None:
    """Convert a date as a source gives it into an ISO date string.

    Args:
        value: A ``date`` or ``datetime``, or a string such as ``"2024-03-05"``,
            ``"2024-03-05T08:00:00Z"``, ``"2024-03"``, ``"March 5, 2024"``,
            ``"5 March 2024"``, ``"March 2024"`` or ``"2024"``.

    Returns:
        ``"YYYY-MM-DD"``, ``"YYYY-MM"`` or ``"YYYY"`` as precise as the value is, or
        ``None`` when it holds no recognisable date.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = _ISO.match(text)
    if match:
        return _iso_from_parts(*match.groups())
    import dateparser  # imported late: it is slow to load and rarely needed

    settings: dict[str, object] = {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    if _MONTH_YEAR.match(text):
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return parsed.date().isoformat()


def pdf_date_to_iso(value: object) -> str | None:
    """Convert a PDF date string (``"D:20240305100000+01'00'"``) into an ISO date.

    Args:
        value: The raw value of ``/CreationDate`` or ``/ModDate``.

    Returns:
        The ISO date as precise as the value is, or ``None``.
    """
    if not isinstance(value, str):
        return to_iso_date(value)
    match = _PDF.match(value)
    if not match:
        return to_iso_date(value)
    return _iso_from_parts(*match.groups())
