"""Names of CAMEO event codes, for showing events to a person."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from crossroads.events.schema import CAMEO_ROOTS


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    """Return CAMEO code -> name, from the package's CAMEO table when it is there.

    Falls back to the twenty root categories when ``crossroads/data/cameo.csv`` is absent
    or unreadable.

    Returns:
        A dict from code (e.g. "042") to name.
    """
    names = dict(CAMEO_ROOTS)
    try:
        text = resources.files("crossroads").joinpath("data/cameo.csv").read_text("utf-8")
    except (FileNotFoundError, OSError, UnicodeError):
        return names
    for row in csv.DictReader(text.splitlines()):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if code and name:
            names[code] = name
    return names


def describe(code: object) -> str:
    """Name a CAMEO code; an unknown sub-code falls back to its base, then its root.

    Args:
        code: A CAMEO code such as "0871" (None or NaN give "").

    Returns:
        The name, or "" when nothing is known.
    """
    if not isinstance(code, str) or not code:
        return ""
    names = cameo_names()
    for prefix in (code, code[:3], code[:2]):
        if prefix in names:
            return names[prefix]
    return ""
