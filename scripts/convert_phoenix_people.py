"""Convert the Phoenix/PETRARCH2 country-actors dictionary into ``data/people_phoenix.csv``.

Run by hand when the source changes (it is not read at run time):

    python scripts/convert_phoenix_people.py ../shared/data/petrarch2-dictionaries \
        src/crossroads/data/people_phoenix.csv

Keeps persons (entries marked ``# CountryInfo.txt``) with a country code and at least one
dated term that ends in or after 1995; writes one row per term. The MIT notice of the
source travels in the output's header comment.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

_TERM = re.compile(r"\[([A-Z]{3})([A-Z]*)\s+([<>]?)(\d{6,8})?(?:-(\d{6,8}))?\]")
_CODE_FIX = {"ROM": "ROU", "TMP": "TLS", "SRP": "SRB", "SCG": "SRB", "KSV": "XKX"}
_NOT_COUNTRY = {"IGO", "IMG", "USR", "SUN", "DDR", "YUG", "FRY", "CSK", "KRJ", "KNT"}
_MIN_END = "1995"


def _date(raw: str | None) -> str:
    if not raw:
        return ""
    if len(raw) == 6:
        year = int(raw[:2])
        raw = ("19" if year > 30 else "20") + raw
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def _name(raw: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in raw.strip("_+ ").split("_"))


def convert(source: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    names: list[str] = []
    is_person = False
    terms: list[tuple[str, str, str, str]] = []

    def flush() -> None:
        if is_person and names and terms:
            for code, sector, start, end in terms:
                if end and end < _MIN_END:
                    continue
                rows.append(
                    {
                        "name": names[0],
                        "aliases": "|".join(dict.fromkeys(n for n in names[1:] if n != names[0])),
                        "country": code,
                        "sector": sector,
                        "start": start,
                        "end": end,
                    }
                )

    for line in source.read_text(encoding="latin-1").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if line[:1].isalpha():
            flush()
            names, terms = [_name(body.split("[", 1)[0])], []
            is_person = "CountryInfo" in line
        elif body.lstrip().startswith("+"):
            names.append(_name(body.lstrip()[1:].split("[", 1)[0]))
        for m in _TERM.finditer(body):
            code, sector, sign, first, second = m.groups()
            code = _CODE_FIX.get(code, code)
            if code in _NOT_COUNTRY:
                continue
            start, end = _date(first), _date(second)
            if sign == "<":
                start, end = "", _date(first)
            terms.append((code, sector, start, end))
    flush()
    return rows


def main(source_dir: str, out: str) -> None:
    source = Path(source_dir)
    rows = convert(source / "Phoenix.Countries.actors.txt")
    licence = (source / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# Persons with country, sector and dates, from Phoenix.Countries.actors.txt\n"
            "# of openeventdata/petrarch2 (data/dictionaries, commit 676801cd), itself from\n"
            "# CountryInfo.140130.txt of the Computational Event Data System Project.\n"
            "# Converted by scripts/convert_phoenix_people.py. The source's licence:\n"
        )
        for line in licence:
            f.write(f"# {line}\n".replace("# \n", "#\n"))
        writer = csv.DictWriter(f, ["name", "aliases", "country", "sector", "start", "end"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} terms of {len({r['name'] for r in rows})} persons written to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
