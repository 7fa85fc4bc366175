"""`crossroads analyze` end to end: real files in, the contract out, bad input reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fpdf import FPDF

from crossroads.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "indonesia-australia.md"
DATA = ROOT / "tests" / "data" / "analyze"
NILE = DATA / "nile-talks.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["analyze", "-q", *args])


@pytest.fixture(scope="module")
def example() -> dict:
    result = run(str(EXAMPLE), "--dyad", "Indonesia-Australia", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_contract_shape(example: dict) -> None:
    assert example["schema"] == "crossroads.analysis/1"
    assert example["dyad"] == ["IDN", "AUS"]
    doc = example["documents"][0]
    assert doc["id"] == "d1" and doc["source"] == str(EXAMPLE)
    for s in doc["sentences"]:
        assert set(s) >= {"id", "text", "start", "end", "perspective", "issue", "valence"}
        assert doc["text"][s["start"] : s["end"]] == s["text"]


def test_byline_note_and_disclaimer_are_metadata(example: dict) -> None:
    doc = example["documents"][0]
    assert doc["author"] == "Nadia Hartanto"
    assert doc["title"].startswith("Between the Archipelago")
    texts = " ".join(s["text"] for s in doc["sentences"])
    assert "research fellow" not in texts and "views expressed" not in texts
    assert not any(s["text"].startswith("By Nadia") for s in doc["sentences"])


def test_both_parties_are_heard_and_the_map_cites_real_sentences(example: dict) -> None:
    sentences = {s["id"]: s for s in example["documents"][0]["sentences"]}
    voices = {s["perspective"] for s in sentences.values()}
    assert {"IDN", "AUS", "author"} <= voices
    contested = [i for i in example["issues"] if {"IDN", "AUS"} <= set(i["positions"])]
    assert contested, "the essay sets out both sides on several issues"
    for issue in example["issues"]:
        for party, pos in issue["positions"].items():
            for sid in pos["evidence"]:
                if pos.get("basis") == "voiced":
                    assert sentences[sid]["perspective"] == party
                assert sentences[sid]["issue"] == issue["id"]
        assert all(sid in sentences for sid in issue["common_ground"])
    top = {a["issue"] for a in example["agenda"][: len(contested)]}
    assert top == {i["id"] for i in contested}
    cited = {sid for a in example["agenda"] for sid in a["bridging"]}
    recommendations = {sid for sid, s in sentences.items() if s["recommendation"]}
    # every proposal is on the agenda; the one demand ("outside powers should not build
    # exclusive groupings") asks for a concession and bridges nothing
    demands = {sid for sid in recommendations if "should not build" in sentences[sid]["text"]}
    assert len(demands) == 1
    assert recommendations - demands <= cited
    assert not demands & cited


def test_events_are_coded_with_cameo_and_goldstein(example: dict) -> None:
    events = example["documents"][0]["events"]
    sentences = {s["id"] for s in example["documents"][0]["sentences"]}
    assert events
    for e in events:
        assert e["sentence_id"] in sentences
        assert len(e["cameo"]) >= 3 and 1 <= int(e["cameo"][:2]) <= 20
        assert -10 <= e["goldstein"] <= 10
        assert e["actor1"] != e["actor2"]
    dated = [e for e in events if e["date"]]
    assert any(e["date"].startswith("2013") for e in dated)


def test_several_documents_make_one_map() -> None:
    result = run(str(EXAMPLE), str(NILE), "--dyad", "IDN,AUS", "--format", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert [d["id"] for d in out["documents"]] == ["d1", "d2"]
    assert out["documents"][1]["sentences"][0]["id"] == "d2:s1"


def test_news_report_voices(tmp_path: Path) -> None:
    result = run(str(NILE), "--dyad", "Egypt-Ethiopia", "--format", "json")
    out = json.loads(result.stdout)
    by_start = {s["text"][:30]: s for s in out["documents"][0]["sentences"]}
    assert out["documents"][0]["title"] == "Egypt and Ethiopia Resume Talks on the Blue Nile Dam"
    assert by_start["Egypt's foreign ministry said "]["perspective"] == "EGY"
    assert by_start["Addis Ababa rejected the criti"]["perspective"] == "ETH"
    rebuttal = by_start["Addis Ababa rejected the criti"]
    # the learned valence is right on a bare rebuttal, or says it is unsure
    assert rebuttal["valence"] == "critical" or rebuttal["confidence"]["valence"] < 0.6
    assert by_start["The two governments should agr"]["recommendation"] is True


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_are_written_to_a_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"map.{fmt}"
    result = run(str(NILE), "--dyad", "EGY-ETH", "--out", str(out))
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Egypt" in text and "Ethiopia" in text
    if fmt == "html":
        assert 'id="d1:s1"' in text


def scanned_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("blank.txt", "empty"),
        ("binary.txt", "binary"),
        ("fake.pdf", "not a PDF"),
        ("nav-only.html", "no main text"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_input_is_one_clear_line_and_the_rest_is_still_analysed(
    name: str, problem: str
) -> None:
    bad = DATA / name
    result = run(str(bad), str(NILE), "--dyad", "EGY-ETH", "--format", "json")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1
    assert str(bad) in errors[0] and problem in errors[0]
    assert "Traceback" not in result.output + result.stderr
    out = json.loads(result.stdout)
    assert [d["source"] for d in out["documents"]] == [str(NILE)]


def test_scanned_pdf_and_empty_directory(tmp_path: Path) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf")
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    result = run(str(scan), str(empty), str(NILE), "--dyad", "EGY-ETH", "--format", "json")
    assert result.exit_code == 1
    assert "no text layer" in result.stderr and str(scan) in result.stderr
    assert str(empty) in result.stderr and "directory" in result.stderr
    assert len(json.loads(result.stdout)["documents"]) == 1


def test_all_sources_bad_prints_nothing_on_stdout() -> None:
    result = run(str(DATA / "blank.txt"), "--dyad", "EGY-ETH", "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""


@pytest.mark.parametrize("dyad", ["Atlantis-US", "KHM", "USA-USA"])
def test_unknown_or_malformed_dyad_is_a_usage_error(dyad: str) -> None:
    result = run(str(NILE), "--dyad", dyad)
    assert result.exit_code == 2
    assert "--dyad" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("dyad", ["KHM-USA", "Cambodia-United States", "cambodia,us", "khm-us"])
def test_dyad_accepts_codes_and_names(dyad: str) -> None:
    from crossroads.dyad import parse_dyad

    assert parse_dyad(dyad) == ("KHM", "USA")


def test_help_and_version() -> None:
    runner = CliRunner()
    assert "Example:" in runner.invoke(main, ["analyze", "--help"]).output
    assert runner.invoke(main, ["--version"]).output.startswith("crossroads, version")
