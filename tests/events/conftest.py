"""Event files written for the tests, in the published GDELT and ICEWS layouts.

Every number a test checks is computed by hand from the rows below.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from crossroads.events import ingest_files, open_store
from crossroads.events.ingest import IngestReport
from crossroads.events.schema import (
    GDELT1_BACKFILE_COLUMNS,
    GDELT1_DAILY_COLUMNS,
    GDELT2_COLUMNS,
)

LAYOUTS = {
    "gdelt1-57": GDELT1_BACKFILE_COLUMNS,
    "gdelt1": GDELT1_DAILY_COLUMNS,
    "gdelt2": GDELT2_COLUMNS,
}

ACTORS = {
    "USAGOV": ("UNITED STATES", "USA", "GOV"),
    "USAMIL": ("UNITED STATES", "USA", "MIL"),
    "USA": ("UNITED STATES", "USA", ""),
    "KHMGOV": ("CAMBODIA", "KHM", "GOV"),
    "KHMMIL": ("CAMBODIA", "KHM", "MIL"),
    "KHMBUS": ("CAMBODIA", "KHM", "BUS"),
    "KHM": ("CAMBODIA", "KHM", ""),
    "VNMGOV": ("VIETNAM", "VNM", "GOV"),
    "CHNGOV": ("CHINA", "CHN", "GOV"),
    "ROMGOV": ("ROMANIA", "ROM", "GOV"),
}

QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2}


@dataclass
class Ev:
    """One event as a test writes it."""

    id: int
    day: str  # YYYYMMDD
    actor1: str
    actor2: str
    code: str
    goldstein: float
    mentions: int
    tone: float
    url: str = ""


def quad_class(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4  # GDELT's own


def gdelt_fields(ev: Ev, layout: str) -> list[str]:
    """The row of one event in a GDELT layout (all codebook columns, in order)."""
    columns = LAYOUTS[layout]
    row = {name: "" for name in columns}
    year, month = ev.day[:4], ev.day[4:6]
    row.update(
        GLOBALEVENTID=str(ev.id),
        SQLDATE=ev.day,
        MonthYear=year + month,
        Year=year,
        FractionDate=f"{int(year) + (int(month) - 0.5) / 12:.4f}",
        IsRootEvent="1",
        EventCode=ev.code,
        EventBaseCode=ev.code[:3],
        EventRootCode=ev.code[:2],
        QuadClass=str(quad_class(ev.code)),
        GoldsteinScale=str(ev.goldstein),
        NumMentions=str(ev.mentions),
        NumSources="1",
        NumArticles=str(ev.mentions),
        AvgTone=str(ev.tone),
        DATEADDED=ev.day + ("000000" if layout == "gdelt2" else ""),
    )
    for n, code in ((1, ev.actor1), (2, ev.actor2)):
        name, country, type1 = ACTORS[code]
        row[f"Actor{n}Code"] = code
        row[f"Actor{n}Name"] = name
        row[f"Actor{n}CountryCode"] = country
        row[f"Actor{n}Type1Code"] = type1
        row[f"Actor{n}Geo_Type"] = "1"
        row[f"Actor{n}Geo_FullName"] = name.title()
        row[f"Actor{n}Geo_CountryCode"] = country[:2]
        row[f"Actor{n}Geo_Lat"] = "11.55"
        row[f"Actor{n}Geo_Long"] = "104.917"
    if "SOURCEURL" in row:
        row["SOURCEURL"] = ev.url or f"https://news.example.org/{ev.id}"
    return [row[name] for name in columns]


def gdelt_text(events: list[Ev], layout: str, extra_lines: dict[int, str] | None = None) -> str:
    """File text; ``extra_lines`` puts raw lines at given 1-based line numbers."""
    lines = ["\t".join(gdelt_fields(ev, layout)) for ev in events]
    for line_no, text in sorted((extra_lines or {}).items()):
        lines.insert(line_no - 1, text)
    return "\n".join(lines) + "\n"


# December 2024, Cambodia and the United States (the month the tests check by hand).
DECEMBER = [
    Ev(1001, "20241203", "USAGOV", "KHMGOV", "042", 1.9, 10, -1.0),
    Ev(1002, "20241205", "KHMGOV", "USAGOV", "036", 4.0, 4, 2.0),
    Ev(1003, "20241210", "USA", "KHM", "112", -2.0, 6, -4.0),
    Ev(
        1004,
        "20241215",
        "USAGOV",
        "KHMMIL",
        "163",
        -8.0,
        20,
        -6.0,
        "https://news.example.org/sanctions",
    ),
    Ev(1005, "20241220", "KHMBUS", "USA", "061", 6.4, 2, 1.0),
    # Not KHM-USA: must not count.
    Ev(1006, "20241204", "VNMGOV", "USAGOV", "057", 8.0, 9, 3.0),
    Ev(1007, "20241206", "KHMGOV", "CHNGOV", "051", 3.4, 7, 2.5),
    Ev(1008, "20241207", "USAGOV", "USAMIL", "010", 0.0, 1, 0.0),
    Ev(1009, "20241208", "ROMGOV", "USAGOV", "043", 2.8, 3, 1.5),
]


# Lines 3, 6 and 8 of the GDELT 2.0 file are malformed.
def malformed_lines() -> dict[int, str]:
    good = gdelt_fields(Ev(9001, "20241211", "USAGOV", "KHMGOV", "042", 1.9, 5, 0.0), "gdelt2")
    bad_date = list(good)
    bad_date[1] = "20241301"
    bad_goldstein = list(good)
    bad_goldstein[0] = "9003"
    bad_goldstein[30] = "abc"
    return {3: "\t".join(good[:20]), 6: "\t".join(bad_date), 8: "\t".join(bad_goldstein)}


# November 2024 in a GDELT 1.0 daily file (58 columns), zipped.
NOVEMBER = [
    Ev(2001, "20241104", "USAGOV", "KHMGOV", "043", 2.8, 5, 1.0),
    Ev(2002, "20241112", "KHMGOV", "USAGOV", "120", -4.0, 5, -3.0),
]

# A 2012 backfile (57 columns, no SOURCEURL).
BACKFILE = [
    Ev(3001, "20120115", "USAGOV", "KHMGOV", "057", 8.0, 3, 2.0),
    Ev(3002, "20120120", "KHMGOV", "USAGOV", "040", 1.0, 1, 0.5),
]

ICEWS_HEADER = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
]


def icews_row(
    eid: int,
    day: str,
    src: str,
    src_sec: str,
    src_c: str,
    code: str,
    intensity: str,
    tgt: str,
    tgt_sec: str,
    tgt_c: str,
) -> str:
    return "\t".join(
        [
            str(eid),
            day,
            src,
            src_sec,
            src_c,
            "Event text",
            code,
            intensity,
            tgt,
            tgt_sec,
            tgt_c,
            "123",
            "1",
            "Phnom Penh Post",
            "Phnom Penh",
            "",
            "Phnom Penh",
            "Cambodia",
            "11.55",
            "104.91",
        ]
    )


ICEWS_ROWS = [
    icews_row(
        4001,
        "2023-03-02",
        "Hun Sen",
        "Government,Executive",
        "Cambodia",
        "43",
        "2.8",
        "Ambassador (United States)",
        "Government,Diplomatic",
        "United States",
    ),
    icews_row(
        4002,
        "2023-03-09",
        "Military (United States)",
        "Military",
        "United States",
        "173",
        "-5",
        "Citizen (Cambodia)",
        "",
        "Cambodia",
    ),
    icews_row(
        4003,
        "2023-03-20",
        "Foreign Ministry (Cambodia)",
        "Government",
        "Cambodia",
        "211",
        "3",
        "Government (United States)",
        "Government",
        "United States of America",
    ),
    icews_row(
        4004,
        "2023-03-25",
        "Kem Sokha",
        "Opposition",
        "Cambodia",
        "112",
        "-2",
        "Atlantis Gov",
        "Government",
        "Atlantis",
    ),
]


def icews_text() -> str:
    rows = list(ICEWS_ROWS)
    rows.insert(
        2, icews_row(4999, "2023-02-30", "X", "", "Cambodia", "43", "2.8", "Y", "", "United States")
    )  # line 4: no 30 February
    rows.insert(
        4, icews_row(4998, "2023-03-21", "X", "", "Cambodia", "999", "1", "Y", "", "United States")
    )  # line 6: not a CAMEO code
    return "\t".join(ICEWS_HEADER) + "\n" + "\n".join(rows) + "\n"


def turning_point_events() -> list[Ev]:
    """Two regimes for KHM-USA in 2023: warm Jan-Jun, cold Jul-Dec."""
    events = []
    eid = 5000
    for month in range(1, 13):
        warm = month <= 6
        for k, (code, gold) in enumerate(
            [("051", 3.4), ("043", 2.8), ("036", 4.0)]
            if warm
            else [("173", -5.0), ("130", -4.4), ("120", -4.0)]
        ):
            eid += 1
            actors = ("USAGOV", "KHMGOV") if k % 2 == 0 else ("KHMGOV", "USAGOV")
            events.append(
                Ev(
                    eid,
                    f"2023{month:02d}{10 + k:02d}",
                    *actors,
                    code,
                    gold,
                    3 + k + (30 if (month == 7 and k == 0) else 0),
                    -1.0,
                    f"https://news.example.org/2023/{month}/{k}",
                )
            )
    return events


@dataclass
class Fixtures:
    dir: Path
    gdelt2: Path
    gdelt1_zip: Path
    backfile: Path
    icews: Path
    turning: Path


def write_fixtures(root: Path) -> Fixtures:
    root.mkdir(parents=True, exist_ok=True)
    gdelt2 = root / "20241220000000.export.CSV"
    gdelt2.write_text(gdelt_text(DECEMBER, "gdelt2", malformed_lines()), encoding="utf-8")
    gdelt1_zip = root / "20241115.export.CSV.zip"
    with zipfile.ZipFile(gdelt1_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20241115.export.CSV", gdelt_text(NOVEMBER, "gdelt1"))
    backfile = root / "201201.csv"
    backfile.write_text(gdelt_text(BACKFILE, "gdelt1-57"), encoding="utf-8")
    icews = root / "icews.2023.tab"
    icews.write_text(icews_text(), encoding="utf-8")
    turning = root / "2023.export.CSV"
    turning.write_text(gdelt_text(turning_point_events(), "gdelt2"), encoding="utf-8")
    return Fixtures(root, gdelt2, gdelt1_zip, backfile, icews, turning)


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Fixtures:
    return write_fixtures(tmp_path_factory.mktemp("event-files"))


@pytest.fixture(scope="session")
def loaded(
    tmp_path_factory: pytest.TempPathFactory, fixtures: Fixtures
) -> tuple[Path, IngestReport]:
    """A database with every fixture file ingested once (read-only for the tests)."""
    db = tmp_path_factory.mktemp("db") / "events.duckdb"
    con = open_store(db)
    report = ingest_files(
        con,
        [fixtures.gdelt2, fixtures.gdelt1_zip, fixtures.backfile, fixtures.icews, fixtures.turning],
    )
    con.close()
    return db, report
