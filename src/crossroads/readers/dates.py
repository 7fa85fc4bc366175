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


_STRICT_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def strict_iso_date(value: str) -> str | None:
    """An ISO date typed by a user (``2024``, ``2024-01``, ``2024-01-15``), checked.

    Args:
        value: The text as typed.

    Returns:
        The same date when it is one of the three forms and a real date (``2024-13`` and
        ``2024-02-30`` are not), else ``None``.
    """
    match = _STRICT_ISO.match(value.strip())
    return _iso_from_parts(*match.groups()) if match else None


# ----------------------------------------------------------------- dates in a text's header

# The header is the stack of short lines above the body (title, byline, date) plus the
# opening of the first long paragraph (a dateline). Nothing below it is read: a date in
# the narrative is an event's date, not the document's.
HEADER_LINES = 12
HEADER_LINE_CHARS = 100

_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_NAME = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# A full date: 2021-06-11, (Friday,) June 11(,) 2021, (Friday,) 11 June 2021.
_FULL_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_WEEKDAY_NAME}{_MONTH_NAME}\s+{_ORDINAL},?\s+\d{{4}}"
    rf"|{_WEEKDAY_NAME}{_ORDINAL}\s+{_MONTH_NAME},?\s+\d{{4}})"
)
# An optional time after the date: ", 10:32 GMT", "at 9.15 a.m.", "| 14:00 UTC+7".
_TIME = (
    r"(?:\s*(?:,|at|[|·•-])?\s*\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?"
)
_SEP = r"\s*(?:[,|·•\u2013\u2014-]|\bon\b)\s*"

# Ordered by trust: the publication date first, a last update only when nothing else.
_HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "published",
        re.compile(
            rf"^(?:First\s+)?(?:Published|Posted|Dated?|Issued)\b:?\s*(?:on\s+)?"
            rf"(?P<date>{_FULL_DATE}){_TIME}\s*$",
            re.I,
        ),
    ),
    ("date line", re.compile(rf"^(?P<date>{_FULL_DATE}){_TIME}\s*$")),
    (
        "byline",
        re.compile(
            rf"^By\s+[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|and|de|van|von|al-\w+))"
            rf"{{0,5}}{_SEP}(?P<date>{_FULL_DATE}){_TIME}\s*$"
        ),
    ),
    (
        "updated",
        re.compile(
            rf"^(?:Last\s+)?Updated\b:?\s*(?:on\s+)?(?P<date>{_FULL_DATE}){_TIME}\s*$", re.I
        ),
    ),
)
# A wire dateline opening the body: "PHNOM PENH, June 11 (Reuters) -", "PARIS, 11 June
# 2021 -". The place is in capitals, or the agency in brackets follows the date.
_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z.'\u2019 -]{{1,40}}|(?P<mixed>[A-Z][\w.'\u2019 -]{{1,40}}))"
    rf"(?:,\s*[A-Z][\w. ]{{1,30}})?,\s+"
    rf"(?P<date>{_MONTH_NAME}\s+{_ORDINAL}|{_ORDINAL}\s+{_MONTH_NAME})(?:,?\s+(?P<year>\d{{4}}))?"
    rf"\s*(?P<agency>\([\w. &/-]{{2,30}}\))?\s*[\u2013\u2014-]"
)


def dateline_end(text: str) -> int:
    """Where a wire dateline opening ``text`` ends ("PARIS, 11 June 2021 - ..."), else 0."""
    found = _DATELINE.match(text)
    if found is None or (found.group("mixed") and not found.group("agency")):
        return 0
    return found.end()


_COPYRIGHT_YEAR = re.compile(r"(?:\u00a9|\(c\)|Copyright)\s*(\d{4})\b", re.I)


def _parse_full_date(text: str) -> dt.date | None:
    """A day-precise date from text naming day, month and year (English), or None."""
    import dateparser  # imported late: it is slow to load

    settings: dict[str, object] = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None or parsed.date() > dt.date.today():
        return None  # a "publication" date in the future is a misreading
    return parsed.date()


def header_lines(text: str) -> list[str]:
    """The lines of a text's header: short lines from the top, and the first long one.

    Args:
        text: Normalised document text.

    Returns:
        At most :data:`HEADER_LINES` non-blank lines, stripped; the last may be the
        opening line of the body (where a dateline sits).
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out.append(line)
        if len(line) > HEADER_LINE_CHARS or len(out) == HEADER_LINES:
            break
    return out


def header_date(text: str) -> str | None:
    """The publication date a text states in its header, as an ISO day.

    Read, in this order of trust, from the top lines only: a "Published" (or "Posted",
    "Date") line; a line that is only a date ("June 11, 2021"); a byline's date ("By Jane
    Roe | 11 June 2021"); a wire dateline opening the body ("PHNOM PENH, June 11, 2021
    (Reuters) -"; without a year, the year of another header date or of a copyright line,
    else none); an "Updated" line. The date must name day, month and year and not lie in
    the future.

    Args:
        text: Normalised document text.

    Returns:
        ``"YYYY-MM-DD"``, or ``None`` when the header states no date.
    """
    lines = header_lines(text)
    found: dict[str, dt.date] = {}
    for line in lines:
        for name, pattern in _HEADER_RULES:
            match = pattern.match(line) if len(line) <= HEADER_LINE_CHARS else None
            if match and name not in found:
                parsed = _parse_full_date(match.group("date"))
                if parsed:
                    found[name] = parsed
        dateline = _DATELINE.match(line)
        if dateline and "dateline" not in found:
            if dateline.group("mixed") and not dateline.group("agency"):
                continue  # "Meanwhile, June 11 -" is no dateline: places are capitals
            year = dateline.group("year") or _header_year(lines, found)
            parsed = _parse_full_date(f"{dateline.group('date')} {year}") if year else None
            if parsed:
                found["dateline"] = parsed
    for name in ("published", "date line", "byline", "dateline", "updated"):
        if name in found:
            return found[name].isoformat()
    return None


def _header_year(lines: list[str], found: dict[str, dt.date]) -> str | None:
    """The year a header states besides a dateline: another header date's, or a ©'s."""
    if found:
        return str(next(iter(found.values())).year)
    for line in lines:
        match = _COPYRIGHT_YEAR.search(line)
        if match:
            return match.group(1)
    return None
