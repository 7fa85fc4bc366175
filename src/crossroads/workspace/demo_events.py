"""A made-up event record for ``make demo``, so its timeline has an event-data band.

The demo ships no GDELT or ICEWS data (nothing may be downloaded, and real exports are
large). Instead a seeded generator writes a GDELT 2.0 export of events between the demo's
two countries, month by month over three years, and ingests it with the same code as
``crossroads events ingest``. The mix drifts from cooperation to conflict and back, so the
series has turning points to show. It is illustrative only: the database's file name, its
source URLs (under the reserved ``.invalid`` domain) and the demo's terminal output all
say it is synthetic.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from crossroads import cameo
from crossroads.events import ingest_files, open_store
from crossroads.events.schema import GDELT2_COLUMNS

FILE_NAME = "synthetic-demo-events.duckdb"
SOURCE = "https://synthetic.invalid/crossroads-demo"
COOPERATION = ("036", "042", "043", "051", "057", "061")  # intents, visits, praise, deals
CONFLICT = ("111", "112", "120", "130", "163")  # criticism, accusation, rejection, threats


@dataclass(frozen=True)
class Party:
    """One side as GDELT names it: actor code, actor name, ISO country code."""

    code: str
    name: str
    country: str


def _mood(t: float) -> float:
    """Between -1 and 1: warm at first, a cold spell in the middle, warm again."""
    return math.cos(2 * math.pi * t)


def synthetic_rows(
    a: Party, b: Party, first_year: int, years: int = 3, seed: int = 7
) -> list[dict[str, str]]:
    """The events, as GDELT 2.0 rows (column name to value), oldest first."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    months = 12 * years
    for m in range(months):
        year, month = first_year + m // 12, m % 12 + 1
        share = 0.5 + 0.4 * _mood(m / (months - 1))  # of cooperative events this month
        for k in range(rng.randint(6, 12)):
            code = rng.choice(COOPERATION if rng.random() < share else CONFLICT)
            actor1, actor2 = (a, b) if rng.random() < 0.5 else (b, a)
            day = f"{year}{month:02d}{rng.randint(1, 28):02d}"
            eid = 900_000_000 + len(rows)
            row = dict.fromkeys(GDELT2_COLUMNS, "")
            row.update(
                GLOBALEVENTID=str(eid), SQLDATE=day, MonthYear=day[:6], Year=day[:4],
                FractionDate=f"{year + (month - 1) / 12:.4f}", IsRootEvent="1",
                EventCode=code, EventBaseCode=code, EventRootCode=code[:2],
                QuadClass=str(cameo.quad_class_of(code)),
                GoldsteinScale=str(cameo.goldstein(code)),
                NumMentions=str(rng.randint(1, 9)), NumSources="1", NumArticles="1",
                AvgTone="0", DATEADDED=f"{day}000000", SOURCEURL=f"{SOURCE}/{eid}-{k}",
            )  # fmt: skip
            for n, party in ((1, actor1), (2, actor2)):
                row[f"Actor{n}Code"] = party.code
                row[f"Actor{n}Name"] = party.name
                row[f"Actor{n}CountryCode"] = party.country
                row[f"Actor{n}Type1Code"] = "GOV"
            rows.append(row)
    return rows


def write_demo_events(folder: Path, a: Party, b: Party, first_year: int) -> tuple[Path, int]:
    """Write and ingest the synthetic record into ``folder`` (anew each time).

    Returns:
        The events database and the number of events in it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "synthetic-demo.export.CSV"
    rows = synthetic_rows(a, b, first_year)
    lines = ("\t".join(r[c] for c in GDELT2_COLUMNS) for r in rows)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / FILE_NAME
    db.unlink(missing_ok=True)
    con = open_store(db)
    try:
        report = ingest_files(con, [export])
    finally:
        con.close()
    export.unlink()
    return db, report.rows
