"""`crossroads analyze`: --date, dated headers, parties the text never names, --out checks."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from crossroads.cli import main

# June 11, 2021 is a Friday: "on Thursday" is June 10.
WIRE = (
    "Cambodia and US sign demining pact\n\n"
    "PHNOM PENH, June 11, 2021 (Reuters) - Cambodia and the United States signed a demining "
    "agreement on Thursday, officials said.\n\n"
    "Cambodian officials welcomed the assistance from Washington.\n"
)
UNDATED = WIRE.replace("PHNOM PENH, June 11, 2021 (Reuters) - ", "")
ELSEWHERE = (
    "Canberra and Beijing\n\n"
    "Australia and China held talks on trade. Australian officials said China should lift "
    "its tariffs on barley.\n"
)
ONE_SIDED = "Paris speaks\n\nFrance said that Australia should lift its tariffs on wine.\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["analyze", "-q", *args])


def _signing_date(analysis: dict[str, Any]) -> str | None:
    [doc] = analysis["documents"]
    [sign] = [e for e in doc["events"] if e["cameo"].startswith("05")][:1]
    return sign["date"]


def test_a_dateline_dates_a_txt_and_its_relative_dates(tmp_path: Path) -> None:
    wire = tmp_path / "wire.txt"
    wire.write_text(WIRE, encoding="utf-8")
    result = run(str(wire), "--dyad", "KHM-USA", "--format", "json")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["documents"][0]["date"] == "2021-06-11"
    assert _signing_date(analysis) == "2021-06-10"


def test_date_option_dates_an_undated_text_and_its_relative_dates(tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text(UNDATED, encoding="utf-8")
    result = run(str(undated), "--dyad", "KHM-USA", "--format", "json", "--date", "2024-03-08")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["documents"][0]["date"] == "2024-03-08"
    assert _signing_date(analysis) == "2024-03-07"  # the Thursday before that Friday


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "March 2024"])
def test_a_bad_date_is_a_usage_error(value: str, tmp_path: Path) -> None:
    result = run(str(tmp_path / "x.txt"), "--dyad", "KHM-USA", "--date", value)
    assert result.exit_code == 2
    assert "Invalid value for '--date': expected a date like 2024, 2024-01 or 2024-01-15" in (
        result.stderr
    )


def test_parties_the_text_never_names_are_warned_about(tmp_path: Path) -> None:
    (tmp_path / "au-cn.txt").write_text(ELSEWHERE, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(ONE_SIDED, encoding="utf-8")
    result = run(str(tmp_path / "au-cn.txt"), str(tmp_path / "fr.txt"),
                 "--dyad", "France-Germany", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    neither = "mentions neither FRA nor DEU; check --dyad"
    one = "never mentions DEU"
    assert result.stderr.splitlines() == [
        f"crossroads: warning: {tmp_path / 'au-cn.txt'}: {neither}",
        f"crossroads: warning: {tmp_path / 'fr.txt'}: {one}",
    ]
    assert [d["warnings"] for d in json.loads(result.stdout)["documents"]] == [[neither], [one]]


def test_a_bad_out_is_refused_before_the_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the analysis ran before --out was checked")

    monkeypatch.setattr("crossroads.pipeline.analyze", never)
    source = tmp_path / "wire.txt"
    source.write_text(WIRE, encoding="utf-8")
    missing = tmp_path / "missing" / "map.json"
    result = run(str(source), "--dyad", "KHM-USA", "--out", str(missing))
    assert result.exit_code == 2
    assert f"Invalid value for '--out': {missing}: no such directory: {missing.parent}" in (
        result.stderr
    )
    assert "Traceback" not in result.output and not missing.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_an_unwritable_folder_is_refused_before_the_analysis(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = run(str(tmp_path / "x.txt"), "--dyad", "KHM-USA", "--out", str(locked / "m.md"))
    assert result.exit_code == 2 and "permission denied" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failing_write_keeps_the_result_on_stdout(tmp_path: Path) -> None:
    source = tmp_path / "wire.txt"
    source.write_text(WIRE, encoding="utf-8")
    result = run(str(source), "--dyad", "KHM-USA", "--format", "json", "--out", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "crossroads: error: --out /dev/full: cannot write: no space left on device; "
        "the result follows on stdout"
    ]
    assert json.loads(result.stdout)["documents"][0]["date"] == "2021-06-11"
