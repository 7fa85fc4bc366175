"""The published layouts of GDELT and ICEWS event files and our normalised events table.

GDELT event files have no header row; the column order below is the one of the GDELT 1.0
and 2.0 event codebooks:

* GDELT 1.0 historical backfiles (1979 to March 2013): 57 columns, ending with DATEADDED.
* GDELT 1.0 daily files (from 1 April 2013): 58 columns, SOURCEURL added at the end.
* GDELT 2.0 15-minute exports: 61 columns; each of the three geo blocks gains an
  ADM2Code after its ADM1Code, DATEADDED becomes YYYYMMDDHHMMSS.

ICEWS coded event files are tab-separated with a header row naming the columns.
"""

from __future__ import annotations

from typing import Final

_ACTOR_FIELDS: Final = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)

_EVENT_FIELDS: Final = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)


def _geo_fields(prefix: str, *, adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code"]
    if adm2:
        fields.append("ADM2Code")
    fields += ["Lat", "Long", "FeatureID"]
    return [f"{prefix}Geo_{field}" for field in fields]


def _gdelt_columns(*, adm2: bool, source_url: bool) -> tuple[str, ...]:
    columns = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    for actor in ("Actor1", "Actor2"):
        columns += [f"{actor}{field}" for field in _ACTOR_FIELDS]
    columns += list(_EVENT_FIELDS)
    for prefix in ("Actor1", "Actor2", "Action"):
        columns += _geo_fields(prefix, adm2=adm2)
    columns.append("DATEADDED")
    if source_url:
        columns.append("SOURCEURL")
    return tuple(columns)


GDELT1_BACKFILE_COLUMNS: Final = _gdelt_columns(adm2=False, source_url=False)
GDELT1_DAILY_COLUMNS: Final = _gdelt_columns(adm2=False, source_url=True)
GDELT2_COLUMNS: Final = _gdelt_columns(adm2=True, source_url=True)

#: Column layouts by the number of tab-separated fields in a row.
GDELT_LAYOUTS: Final[dict[int, tuple[str, tuple[str, ...]]]] = {
    len(GDELT1_BACKFILE_COLUMNS): ("gdelt1", GDELT1_BACKFILE_COLUMNS),
    len(GDELT1_DAILY_COLUMNS): ("gdelt1", GDELT1_DAILY_COLUMNS),
    len(GDELT2_COLUMNS): ("gdelt2", GDELT2_COLUMNS),
}

#: Types given to the GDELT columns we load; every other column is read as text and pruned.
#: A typed field that is empty or does not parse makes its row malformed.
GDELT_TYPED: Final[dict[str, str]] = {
    "GLOBALEVENTID": "BIGINT",
    "SQLDATE": "DATE",
    "IsRootEvent": "TINYINT",
    "QuadClass": "TINYINT",
    "GoldsteinScale": "DOUBLE",
    "NumMentions": "INTEGER",
    "NumSources": "INTEGER",
    "NumArticles": "INTEGER",
    "AvgTone": "DOUBLE",
}

#: ICEWS header names we read, with their types (an empty or unparsable typed field makes
#: its row malformed).
ICEWS_COLUMNS: Final[dict[str, str]] = {
    "Event ID": "BIGINT",
    "Event Date": "DATE",
    "Source Name": "VARCHAR",
    "Source Sectors": "VARCHAR",
    "Source Country": "VARCHAR",
    "CAMEO Code": "VARCHAR",
    "Intensity": "DOUBLE",
    "Target Name": "VARCHAR",
    "Target Sectors": "VARCHAR",
    "Target Country": "VARCHAR",
}

#: CAMEO country codes that differ from ISO 3166 alpha-3 (older ISO codes kept by CAMEO).
CAMEO_TO_ISO3: Final[dict[str, str]] = {"ROM": "ROU", "TMP": "TLS", "ZAR": "COD"}

#: ICEWS sector keywords and the CAMEO actor type codes we give them.
ICEWS_SECTOR_TYPES: Final[tuple[tuple[str, str], ...]] = (
    ("Government", "GOV"),
    ("Executive", "GOV"),
    ("Military", "MIL"),
    ("Police", "COP"),
    ("Legislative", "LEG"),
    ("Judicial", "JUD"),
    ("Opposition", "OPP"),
    ("Rebel", "REB"),
    ("Insurgent", "REB"),
    ("Business", "BUS"),
    ("Media", "MED"),
    ("Religious", "REL"),
    ("Education", "EDU"),
    ("Labor", "LAB"),
    ("Agricultur", "AGR"),
    ("Medical", "HLH"),
    ("Refugee", "REF"),
    ("Criminal", "CRM"),
)

EVENTS_DDL: Final = """
CREATE SEQUENCE IF NOT EXISTS file_ids START 1;
CREATE TABLE IF NOT EXISTS ingested_files (
    file_id INTEGER PRIMARY KEY,
    sha256 VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    malformed BIGINT NOT NULL,
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    already_present BIGINT NOT NULL DEFAULT 0
);
-- Databases made before events were keyed on their ids lack the column.
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS already_present BIGINT DEFAULT 0;
CREATE TABLE IF NOT EXISTS events (
    event_id BIGINT,
    event_date DATE NOT NULL,
    actor1_code VARCHAR,
    actor1_name VARCHAR,
    actor1_country VARCHAR,
    actor1_type1 VARCHAR,
    actor1_type2 VARCHAR,
    actor1_type3 VARCHAR,
    actor2_code VARCHAR,
    actor2_name VARCHAR,
    actor2_country VARCHAR,
    actor2_type1 VARCHAR,
    actor2_type2 VARCHAR,
    actor2_type3 VARCHAR,
    is_root BOOLEAN,
    event_code VARCHAR,
    event_base_code VARCHAR,
    event_root_code VARCHAR,
    quad_class TINYINT,
    goldstein DOUBLE,
    num_mentions INTEGER,
    num_sources INTEGER,
    num_articles INTEGER,
    avg_tone DOUBLE,
    source_url VARCHAR,
    dataset VARCHAR NOT NULL,
    file_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS malformed_rows (
    file_id INTEGER NOT NULL,
    line BIGINT NOT NULL,
    reason VARCHAR NOT NULL,
    text VARCHAR
);
"""

#: Columns of the normalised ``events`` table, in order.
EVENT_COLUMNS: Final = (
    "event_id",
    "event_date",
    "actor1_code",
    "actor1_name",
    "actor1_country",
    "actor1_type1",
    "actor1_type2",
    "actor1_type3",
    "actor2_code",
    "actor2_name",
    "actor2_country",
    "actor2_type1",
    "actor2_type2",
    "actor2_type3",
    "is_root",
    "event_code",
    "event_base_code",
    "event_root_code",
    "quad_class",
    "goldstein",
    "num_mentions",
    "num_sources",
    "num_articles",
    "avg_tone",
    "source_url",
    "dataset",
    "file_id",
)
