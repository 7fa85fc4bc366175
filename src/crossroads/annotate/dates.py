"""When did it happen? Resolve the date expressions of a sentence against the document date.

Dates come out as precise as the text allows: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

Rules (kept to what the text states, never inventing precision):

* Absolute dates resolve with or without a document date: "September 10, 2023",
  "10 September 2023", "2023-09-10" -> day; "December 2024", "in the spring of 2024" ->
  month / year; "in 2008", "since 2008", "the 2023 election", "early 2024" -> year.
* Decades and vaguer spans ("in the 2010s", "in the late 1990s") give no date: the text
  names no single year, and picking one would invent precision.
* A day or month without a year ("on June 1", "in December") takes the year that puts it
  nearest the document date (a news text reports the recent past and the near future).
  Without a document date it gives nothing.
* Relative expressions need the document date and at least its precision:
  "today" / "yesterday" / "on Thursday" (the Thursday on or before the document date;
  "last Thursday" strictly before; "next Thursday" strictly after) -> day;
  "N days ago" -> day; "last week", "over the weekend", "N weeks ago", "earlier this
  month", "last month", "last December" -> month (a span of days is given as the month it
  starts in); "this year", "last year", "N years ago" -> year.
* "N days after/later" resolves only against a day-precise date earlier in the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*[0-3]?\d(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = r"(?P<num>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"  # noqa: E501
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# words that mark a bare month name ("in May") or a bare year ("in 2008") as a date
_LEAD = r"(?:in|on|since|by|during|from|until|till|through|last|next|this|early|late|mid|mid-|before|after|of|the|around|between|and|to)"  # noqa: E501

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b")),
    ("my", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?![\d,.]\d)")),
    ("dm", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+(?:19|20)\d\d)")),
    ("decade", re.compile(r"\b(?:the\s+)?(?:early|mid|late|mid-)?-?\s*(?:19|20)\d0s\b", re.I)),
    (
        "season_year",
        re.compile(rf"\b(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_YEAR}\b", re.I),
    ),
    ("ago", re.compile(rf"\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("after", re.compile(rf"\b{_NUM}\s+(?P<unit>day|week)s?\s+(?:later|after)\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|the day before)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("weekend", re.compile(r"\b(?:over|during|on|at|this|last)\s+(?:the\s+)?weekend\b", re.I)),
    ("week", re.compile(r"\b(?P<which>last|this|next|earlier this|later this)\s+week\b", re.I)),
    (
        "month_rel",
        re.compile(r"\b(?P<which>last|this|next|earlier this|later this)\s+month\b", re.I),
    ),
    ("year_rel", re.compile(r"\b(?P<which>last|this|next|earlier this|later this)\s+year\b", re.I)),
    ("rel_month", re.compile(rf"\b(?P<which>last|next|this|in|since|early|late|mid-?|by|until|during)\s+{_MONTH}\b(?!\s+[0-3]?\d\b)")),  # noqa: E501
    ("weekday", re.compile(rf"\b(?:(?P<which>last|next|this|on|on\s+the|since|by)\s+)?{_WEEKDAY}\b")),  # noqa: E501
    ("year", re.compile(rf"(?:\b{_LEAD}\s+(?:the\s+)?(?:year\s+)?|\b(?:early|late|mid)-?\s*){_YEAR}\b(?![-\u2013/]\d|,\d|\s*(?:troops|soldiers|people|km|kilometers|tons|tonnes|dollars|members|votes|percent|%))", re.I)),  # noqa: E501
    ("year_adj", re.compile(rf"\b{_YEAR}(?:'s)?\s+(?=(?:general\s+|national\s+|presidential\s+|parliamentary\s+|local\s+)?(?:election|elections|vote|summit|coup|agreement|deal|visit|treaty|talks|meeting|crisis|war|incident|exercise|exercises|dialogue|decision|report|budget|law|constitution)\b)", re.I)),  # noqa: E501
]  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text and what it resolves to."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY-MM-DD", "YYYY-MM", "YYYY", or None when not computable


@dataclass(frozen=True)
class _Ref:
    """The document date, with how precise it is (1 year, 2 month, 3 day)."""

    day: date
    precision: int


def _parse_doc_date(doc_date: str | None) -> _Ref | None:
    if not doc_date:
        return None
    m = re.match(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", doc_date)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else 1
    day = int(m.group(3)) if m.group(3) else 1
    precision = 1 + bool(m.group(2)) + bool(m.group(3))
    try:
        return _Ref(date(year, month, day), precision)
    except ValueError:
        return None


def _ymd(d: date) -> str:
    return d.isoformat()


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _number(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS[w]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, ref: _Ref) -> int:
    """The year that puts month(/day) nearest the reference date."""
    best, best_gap = ref.day.year, None
    for year in (ref.day.year - 1, ref.day.year, ref.day.year + 1):
        d = _safe_date(year, month, day or 15)
        if d is None:
            continue
        gap = abs((d - ref.day).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _resolve(kind: str, m: re.Match[str], ref: _Ref | None, anchor: date | None) -> str | None:
    g = m.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["d"]))
        return _ymd(d) if d else None
    if kind in ("mdy", "dmy"):
        d = _safe_date(int(g["year"]), _month_of(g["month"]), int(g["day"]))
        return _ymd(d) if d else None
    if kind == "my":
        return _ym(int(g["year"]), _month_of(g["month"]))
    if kind in ("season_year", "year", "year_adj"):
        return g["year"]
    if kind == "decade":
        return None
    if kind in ("md", "dm"):
        if ref is None or ref.precision < 2:
            return None
        month, day = _month_of(g["month"]), int(g["day"])
        d = _safe_date(_nearest_year(month, day, ref), month, day)
        return _ymd(d) if d else None
    if kind == "after":
        if anchor is None:
            return None
        n = _number(g["num"]) * (7 if g["unit"].lower() == "week" else 1)
        later = anchor + timedelta(days=n)
        return _ymd(later) if g["unit"].lower() == "day" else _ym(later.year, later.month)
    if ref is None:
        return None
    return _resolve_relative(kind, g, ref)


def _resolve_relative(kind: str, g: dict[str, str | None], ref: _Ref) -> str | None:
    today = ref.day
    which = (g.get("which") or "").lower()
    if kind == "rel_month":
        month = _month_of(g["month"] or "")
        if ref.precision < 2:
            return None
        if which == "last":
            year = today.year if month < today.month else today.year - 1
        elif which == "next":
            year = today.year if month > today.month else today.year + 1
        elif which == "this":
            year = today.year
        else:
            year = _nearest_year(month, None, ref)
        return _ym(year, month)
    if kind == "year_rel":
        offset = {"last": -1, "next": 1}.get(which, 0)
        return f"{today.year + offset:04d}"
    if kind == "month_rel":
        if ref.precision < 2:
            return None
        offset = {"last": -1, "next": 1}.get(which, 0)
        year, month = _add_months(today.year, today.month, offset)
        return _ym(year, month)
    if ref.precision < 3:
        return None  # day-level relatives need a day-precise document date
    if kind == "today":
        return _ymd(today)
    if kind == "yesterday":
        return _ymd(today - timedelta(days=1))
    if kind == "weekday":
        target = WEEKDAYS[(g["weekday"] or "").lower()]
        back = (today.weekday() - target) % 7
        if which == "next":
            d = today + timedelta(days=(target - today.weekday()) % 7 or 7)
        elif which == "last":
            d = today - timedelta(days=back or 7)
        else:
            d = today - timedelta(days=back)
        return _ymd(d)
    if kind == "weekend":
        if today.weekday() >= 5 and "last" not in (g.get("which") or ""):
            saturday = today - timedelta(days=today.weekday() - 5)
        else:
            saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
        return _ym(saturday.year, saturday.month)
    if kind == "week":
        offset = {"last": -7, "next": 7}.get(which, 0)
        d = today + timedelta(days=offset)
        return _ym(d.year, d.month)
    if kind == "ago":
        n = _number(g["num"] or "0")
        unit = (g["unit"] or "").lower()
        if unit == "day":
            return _ymd(today - timedelta(days=n))
        if unit == "week":
            d = today - timedelta(days=7 * n)
            return _ym(d.year, d.month)
        if unit == "month":
            year, month = _add_months(today.year, today.month, -n)
            return _ym(year, month)
        return f"{today.year - n:04d}"
    return None


def find_dates(text: str, doc_date: str | None) -> list[DateMention]:
    """Every date expression of ``text``, left to right, with its resolved value.

    Overlapping matches keep the one found by the more precise pattern (patterns are tried
    from day-precise absolute dates down to bare years).

    Args:
        text: a sentence or short passage.
        doc_date: the document date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), or None.

    Returns:
        The date mentions in text order; ``value`` is None when the expression cannot be
        resolved (a decade, or a relative date without a document date).
    """
    ref = _parse_doc_date(doc_date)
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e, _, _ in taken):
                continue
            taken.append((start, end, kind, m))
    taken.sort(key=lambda t: t[0])
    found: list[DateMention] = []
    anchor: date | None = None
    for start, end, kind, m in taken:
        value = _resolve(kind, m, ref, anchor)
        if value and len(value) == 10:
            anchor = date.fromisoformat(value)
        found.append(DateMention(start, end, m.group(0), value))
    return found


def resolve_date(text: str, doc_date: str | None) -> str | None:
    """The date an event in ``text`` happened, as precise as the text allows.

    The first resolvable date expression of the text wins; see the module docstring for
    the rules.

    Args:
        text: a sentence reporting an event.
        doc_date: the document date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), or None.

    Returns:
        "YYYY-MM-DD", "YYYY-MM", "YYYY", or None when the text gives no date.

    Examples:
        >>> resolve_date("The minister arrived on Thursday.", "2024-06-07")
        '2024-06-06'
        >>> resolve_date("Talks resumed in December 2024.", None)
        '2024-12'
    """
    for mention in find_dates(text, doc_date):
        if mention.value:
            return mention.value
    return None
