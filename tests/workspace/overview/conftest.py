"""A small Australia–Indonesia corpus and event record, written for the overview tests.

Five short documents are read and segmented by the light pipeline stages and stored in a
real knowledge base (SQLite, and PostgreSQL when CROSSROADS_TEST_PG is set). Their labels
are set by hand, as an analyst's corrections would set them, so every cell a test checks
follows from the table below. The event record is a GDELT 2.0 file with one AUS–IDN
month after another: warm from February to June 2024, cooler in the third quarter, colder
in the fourth.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from crossroads import cameo
from crossroads.corpus.worker import AnalysisSpec, analyse_source
from crossroads.events import ingest_files, open_store
from crossroads.events.schema import GDELT2_COLUMNS
from crossroads.model import Document
from crossroads.store import KnowledgeBase
from crossroads.store.queries import Filters, load_documents

from ...store.conftest import LIGHT_STAGES

DYAD = ("AUS", "IDN")
SCRIPT_TITLE = 'Marines train together <script>alert("x")</script> & "more"'

# name: (title, date, [(sentence, perspective, issue, valence, frames, recommendation)],
#        [(sentence position, actor1, actor2, CAMEO code, date)])
DOCUMENTS = {
    "fisheries.md": (
        "Fishing boats burned again",
        "2024-02-12",
        [
            ("Indonesian officials condemned the sinking of two fishing boats near Ashmore Reef.",
             "IDN", "nontraditional-security", "critical", ["sovereignty"], False),
            ("Canberra said its patrols enforce the law of the sea.",
             "AUS", "nontraditional-security", "neutral", ["legal"], False),
            ("The two governments should set up a joint fund for fishing villages.",
             "author", "nontraditional-security", "cooperative", ["development"], True),
        ],
        [(1, "IDN", "AUS", "111", "2024-02")],
    ),
    "submarines.md": (
        "Jakarta questions the submarine plan",
        "2024-05-20",
        [
            ("Jakarta warned that nuclear-powered submarines could start an arms race.",
             "IDN", "alignment", "critical", ["security"], False),
            ("Australian ministers replied that the boats will carry no nuclear weapons.",
             "AUS", "alignment", "neutral", ["legal"], False),
            ("Australia briefed Indonesian diplomats on the safeguards in Canberra.",
             "author", "alignment", "cooperative", [], False),
        ],
        [(3, "AUS", "IDN", "040", "2024-05")],
    ),
    "exercise.md": (
        SCRIPT_TITLE,
        "2024-08-14",
        [
            ("Indonesian and Australian marines held a joint exercise near Darwin.",
             "author", "defense-cooperation", "cooperative", [], False),
            ("Canberra called the drill proof of a trusted partnership.",
             "AUS", "defense-cooperation", "cooperative", ["security"], False),
            ("Jakarta welcomed the training as useful for disaster relief.",
             "IDN", "defense-cooperation", "cooperative", ["pragmatic"], False),
        ],
        [(1, "AUS", "IDN", "062", None)],
    ),
    "papua.md": (
        "Rights report strains ties",
        "2024-11-05",
        [
            ("Australian senators criticised arrests of protesters in Papua.",
             "AUS", "governance", "critical", ["values"], False),
            ("Indonesia rejected the criticism as interference in its internal affairs.",
             "IDN", "governance", "critical", ["sovereignty"], False),
            ("Both sides should raise such concerns privately at the annual ministers' meeting.",
             "author", "governance", "cooperative", ["pragmatic"], True),
        ],
        [(2, "IDN", "AUS", "120", "2024-11")],
    ),
    "trade.md": (
        "Notes on a small trade",
        None,
        [
            ("Trade between the neighbours remains small for their size.",
             "author", "economy", "neutral", [], False),
            ("Exporters in both countries want lower barriers.",
             "author", "economy", "cooperative", [], False),
        ],
        [],
    ),
}  # fmt: skip


def write_documents(folder: Path) -> list[Path]:
    """The documents as Markdown files with front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (title, day, sentences, _) in DOCUMENTS.items():
        front = f'title: "{title.replace(chr(34), chr(92) + chr(34))}"\n'
        if day:
            front += f"date: {day}\n"
        body = " ".join(s[0] for s in sentences)
        path = folder / name
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def store_documents(kb: KnowledgeBase, folder: Path) -> None:
    """Read, segment and store the documents, with the hand labels and coded events."""
    spec = AnalysisSpec(DYAD, stages=LIGHT_STAGES, embed=False)
    run = spec.run_info()
    for path in write_documents(folder):
        title, day, labels, events = DOCUMENTS[path.name]
        result = analyse_source(str(path), spec)
        assert result["status"] == "ok", result
        record = result["record"]
        assert record["title"] == title and record["date"] == day
        assert [s["text"] for s in record["sentences"]] == [row[0] for row in labels]
        for stored, (_, perspective, issue, valence, frames, rec) in zip(
            record["sentences"], labels, strict=True
        ):
            stored.update(perspective=perspective, issue=issue, valence=valence,
                          frames=",".join(frames), recommendation=rec)  # fmt: skip
        record["events"] = [
            {"sentence_position": pos, "actor1": a1, "actor2": a2, "cameo": code,
             "goldstein": cameo.goldstein(code), "date": when, "trigger": "",
             "quad_class": cameo.quad_class_of(code)}
            for pos, a1, a2, code, when in events
        ]  # fmt: skip
        assert kb.store(record, run) == "added"


@dataclass
class Corpus:
    kb: KnowledgeBase
    documents: list[Document]

    def doc_id(self, title: str) -> str:
        [found] = [d.id for d in self.documents if d.title == title]
        return found


@pytest.fixture(scope="module")
def corpus(
    new_kb_url: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Corpus]:
    """The five documents stored and loaded back, on SQLite and on PostgreSQL."""
    root = tmp_path_factory.mktemp("overview")
    kb = KnowledgeBase.open(new_kb_url())
    try:
        store_documents(kb, root / "docs")
        yield Corpus(kb, load_documents(kb.engine, Filters(dyad="AUS-IDN")))
    finally:
        kb.close()


# ---------------------------------------------------------------- event data

ACTORS = {
    "AUSGOV": ("AUSTRALIA", "AUS"),
    "IDNGOV": ("INDONESIA", "IDN"),
    "CHNGOV": ("CHINA", "CHN"),
}
WARM = [("051", 3.4), ("043", 2.8), ("036", 4.0)]  # mean +3.4
COOL = [("111", -2.0), ("112", -2.0), ("120", -4.0)]  # mean -2.67
COLD = [("173", -5.0), ("130", -4.4), ("120", -4.0)]  # mean -4.47


def _row(
    eid: int, day: str, actor1: str, actor2: str, code: str, gold: float, mentions: int, url: str
) -> str:
    row = dict.fromkeys(GDELT2_COLUMNS, "")
    root = int(code[:2])
    row.update(
        GLOBALEVENTID=str(eid), SQLDATE=day, MonthYear=day[:6], Year=day[:4],
        FractionDate=f"{int(day[:4]) + int(day[4:6]) / 12:.4f}", IsRootEvent="1",
        EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
        QuadClass=str(1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4),
        GoldsteinScale=str(gold), NumMentions=str(mentions), NumSources="1",
        NumArticles=str(mentions), AvgTone="0.5", DATEADDED=day + "000000", SOURCEURL=url,
    )  # fmt: skip
    for n, code_ in ((1, actor1), (2, actor2)):
        name, country = ACTORS[code_]
        row.update({f"Actor{n}Code": code_, f"Actor{n}Name": name,
                    f"Actor{n}CountryCode": country, f"Actor{n}Type1Code": "GOV"})  # fmt: skip
    return "\t".join(row[c] for c in GDELT2_COLUMNS)


def event_rows() -> list[str]:
    """AUS–IDN events from January to December 2024, three a month, and some AUS–CHN."""
    rows, eid = [], 7000
    for month in range(1, 13):
        codes = WARM if month <= 6 else COOL if month <= 9 else COLD
        for k, (code, gold) in enumerate(codes):
            eid += 1
            actors = ("AUSGOV", "IDNGOV") if k % 2 == 0 else ("IDNGOV", "AUSGOV")
            url = f"https://wire.example.net/2024/{month:02d}/{k}?a=1&b=2"
            rows.append(_row(eid, f"2024{month:02d}{10 + k:02d}", *actors, code, gold, 2 + k, url))
        eid += 1
        rows.append(
            _row(
                eid,
                f"2024{month:02d}05",
                "AUSGOV",
                "CHNGOV",
                "173",
                -5.0,
                50,
                "https://x.example/c",
            )
        )
    return rows


@pytest.fixture(scope="session")
def events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB events database holding :func:`event_rows` (read it read-only)."""
    root = tmp_path_factory.mktemp("events")
    file = root / "20241231000000.export.CSV"
    file.write_text("\n".join(event_rows()) + "\n", encoding="utf-8")
    db = root / "events.duckdb"
    con = open_store(db)
    report = ingest_files(con, [file])
    con.close()
    assert report.rows == 48 and not report.files[0].malformed, report
    return db


@pytest.fixture(scope="session")
def empty_events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An events database with its schema and no event."""
    db = tmp_path_factory.mktemp("empty-events") / "events.duckdb"
    open_store(db).close()
    return db


def link(kind: str, ident: str) -> str:
    """Where a point leads in the tests: made-up routes, or the source URL itself."""
    if kind == "event-source":
        return ident
    return f"/w/desk/{kind}/{quote(ident, safe='')}"


SVG = "{http://www.w3.org/2000/svg}"


def svg_of(figure: str) -> ET.Element:
    """The timeline's SVG element, parsed as XML (so it must be well formed)."""
    match = re.search(r"<svg.*</svg>", figure, re.S)
    assert match, figure
    return ET.fromstring(match.group(0))


def marks(svg: ET.Element, kind: str) -> list[ET.Element]:
    """The SVG's links whose class holds ``kind`` (``doc``, ``coded-bin``, ``month``...)."""
    return [a for a in svg.iter(f"{SVG}a") if kind in a.get("class", "").split()]
